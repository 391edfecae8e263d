"""Lengths of time → ISO 8601 durations ("three-year" → P3Y, "a year and a day" → P1Y1D).

Pure string functions, no spaCy. Numbers are read by :mod:`pipeline.normalize.numbers`
(the one number parser of the project); this module knows the time units, how durations
are written in running text (the regexes the extractor scans with), how compound and
fractional durations combine ("an hour and a half" → PT1.5H, "12 months and one day" →
P12M1D) and how to write them in ISO 8601. Each unit is kept as the text gives it:
"57 months" is P57M, not P4Y9M.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from functools import lru_cache

from pipeline.lexicon import TIME_UNITS, number_words, time_words
from pipeline.normalize.numbers import TEXT_NUMBER_WORDS, parse_number, parse_range

__all__ = [
    "APPROX_SECONDS",
    "COMPONENT_RE",
    "RANGE_RE",
    "SPECIAL_RE",
    "UNITS",
    "Grammar",
    "ParsedDuration",
    "duration_from_parts",
    "find_ago",
    "grammar",
    "iso_duration",
    "parse_component",
    "parse_duration",
    "seconds_approx",
    "unit_of",
]

#: The units a duration row may have, longest first (the ISO order of the designators).
UNITS = TIME_UNITS

#: Seconds per unit for comparing and converting durations (month = 30 days, year = 365 days).
APPROX_SECONDS: dict[str, Decimal] = {
    "year": Decimal(365 * 86400),
    "month": Decimal(30 * 86400),
    "week": Decimal(7 * 86400),
    "day": Decimal(86400),
    "hour": Decimal(3600),
    "minute": Decimal(60),
    "second": Decimal(1),
}

# Surface word (lower case) → (unit, how many of the unit one of them is), from models/time_words.tsv.
_UNIT_WORDS: dict[str, tuple[str, int]] = time_words("en").units

_DATE_DESIGNATORS = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_TIME_DESIGNATORS = {"hour": "H", "minute": "M", "second": "S"}

# --- the grammar of durations in running text -------------------------------------------

#: An English number word ("twelve", "hundred", "million"), longest first, from models/number_words.tsv.
_NUMBER_WORD = "(?:" + "|".join(sorted(TEXT_NUMBER_WORDS, key=lambda w: (-len(w), w))) + ")"
_FRACTION_TAIL = r"(?:[\s-]+and[\s-]+(?:a[\s-]+)?(?:half|quarter))"
#: A number as durations write it: digits, number words, "a dozen", "two and a half", "½".
NUMBER_RE = (
    r"(?:(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s+(?:million|billion)|\s*½)?|½"
    rf"|(?:a[\s-]+(?:dozen|hundred|thousand)|{_NUMBER_WORD})(?:(?:[\s-]+(?:and[\s-]+)?){_NUMBER_WORD})*{_FRACTION_TAIL}?)"
)
# Every English unit word; the one-letter "h" only in a piece of its own ("3h", "3 h"), never as a range's unit.
_UNIT_LONG = "(?:" + "|".join(re.escape(w) for w in sorted(_UNIT_WORDS, key=len, reverse=True) if len(w) > 1) + ")"
_AMOUNT = rf"(?:{NUMBER_RE}|half[\s-]+an?|an?[\s-]+half|half|an?(?![\s-]+\w+-?long\b)|another|(?:all|full|whole|entire)(?:[\s-]+an?)?)"

#: One "<amount> <unit>" piece: "three-year", "57 months", "a year", "an hour and a half", "3h".
COMPONENT_RE = re.compile(
    rf"(?<![\w$.,/-])(?P<amount>{_AMOUNT})(?:[^\S\n]+-?[^\S\n]*|-[^\S\n]*|(?<=\d))(?P<unit>{_UNIT_LONG}|h)(?![\w])"
    rf"(?P<tail>{_FRACTION_TAIL})?(?:-?long(?![\w-]))?",
    re.IGNORECASE,
)
#: "between 5 and 10 years", "five to 10 years", "12- to 18-month", "5-10 years".
RANGE_RE = re.compile(
    rf"(?<![\w$.,/-])(?P<lead>between\s+|from\s+)?(?P<low>{NUMBER_RE})-?\s*(?P<link>-|to|and|through|or)\s*"
    rf"(?P<high>{NUMBER_RE})(?:[\s-]+|(?<=\d))(?P<unit>{_UNIT_LONG})(?![\w])",
    re.IGNORECASE,
)
#: Durations without a number: "decade-long", "yearlong", "the past decade", "a couple of days", "several weeks".
SPECIAL_RE = re.compile(
    r"(?<![\w-])(?:(?P<long>decade|year|month|week|day)s?[\s-]?long"
    r"|the\s+(?P<shift>past|last|previous|next|coming)\s+(?P<shift_unit>decade|century|year|month|week)"
    r"|(?P<couple>(?:a\s+)?couple(?:\s+of)?)\s+(?P<couple_unit>years|months|weeks|days|hours|minutes)"
    r"|(?P<few>(?:a\s+)?few|several)\s+(?P<few_unit>years|months|weeks|days|hours|minutes))(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ParsedDuration:
    """A normalised duration.

    ``parts`` maps each unit the text names to its amount (decades and centuries become
    years, fortnights weeks, nights days). ``value`` is the whole duration in ``unit`` (the
    largest unit named), smaller parts converted approximately; ``value_high`` is the high
    end of a range ("between 5 and 10 years"), whose ``iso`` is the low end's.
    """

    parts: tuple[tuple[str, Decimal], ...]
    unit: str
    value: Decimal
    iso: str
    value_high: Decimal | None = None
    vague: bool = False


def unit_of(word: str) -> tuple[str, int] | None:
    """(unit, multiple) a time word stands for: "decades" → ("year", 10), "hrs." → ("hour", 1)."""
    return _UNIT_WORDS.get(word.lower().rstrip("."))


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def iso_duration(parts: Mapping[str, Decimal] | Iterable[tuple[str, Decimal]]) -> str:
    """ISO 8601 duration of unit amounts: {"year": 1, "day": 1} → "P1Y1D", {"hour": 48} → "PT48H".

    Zero parts are left out; an all-zero duration is "PT0S". Fractions stay on their unit
    ("P3.5Y", "PT0.5H"), as ISO 8601 allows.
    """
    amounts = dict(parts)
    unknown = set(amounts) - set(UNITS)
    if unknown:
        raise ValueError(f"not a duration unit: {sorted(unknown)}")
    date = "".join(f"{_plain(amounts[u])}{d}" for u, d in _DATE_DESIGNATORS.items() if amounts.get(u))
    time = "".join(f"{_plain(amounts[u])}{d}" for u, d in _TIME_DESIGNATORS.items() if amounts.get(u))
    if not date and not time:
        return "PT0S"
    return "P" + date + (("T" + time) if time else "")


def seconds_approx(parts: Mapping[str, Decimal] | Iterable[tuple[str, Decimal]]) -> Decimal:
    """Length in seconds with month = 30 days and year = 365 days (for comparing durations)."""
    return sum((APPROX_SECONDS[u] * Decimal(a) for u, a in dict(parts).items()), Decimal(0))


def duration_from_parts(parts: Iterable[tuple[str, Decimal]], value_high: Decimal | None = None, *,
                        vague: bool = False) -> ParsedDuration | None:
    """A :class:`ParsedDuration` from (unit, amount) pairs; repeated units add up."""
    amounts: dict[str, Decimal] = {}
    for unit, amount in parts:
        if unit not in APPROX_SECONDS:
            raise ValueError(f"not a duration unit: {unit!r}")
        amounts[unit] = amounts.get(unit, Decimal(0)) + Decimal(amount)
    amounts = {u: a for u, a in amounts.items() if a}
    if not amounts or any(a < 0 for a in amounts.values()):
        return None
    ordered = tuple((u, amounts[u]) for u in UNITS if u in amounts)
    largest = ordered[0][0]
    value = ordered[0][1] if len(ordered) == 1 else seconds_approx(ordered) / APPROX_SECONDS[largest]
    return ParsedDuration(parts=ordered, unit=largest, value=value, iso=iso_duration(ordered),
                          value_high=value_high, vague=vague)


def _amount(text: str, language: str = "en") -> Decimal | None:
    words = " ".join(text.lower().replace("-", " ").split())
    if language != "en":
        return parse_number(words, language=language)
    if words in ("a", "an", "another", "all", "full", "whole", "entire") or words.startswith(("all ", "full ", "whole ", "entire ")):
        return Decimal(1)
    if words in ("half", "half a", "half an", "a half"):
        return Decimal("0.5")
    if words.startswith("a ") and words[2:] in ("dozen", "hundred", "thousand"):
        words = "one " + words[2:]
    return parse_number(words)


def parse_component(amount: str, unit: str, tail: str | None = None, language: str = "en") -> tuple[str, Decimal] | None:
    """One "<amount> <unit>" piece as (unit, amount): ("two", "decades") → ("year", 20).

    ``tail`` is a trailing "and a half"/"and a quarter" that adds to the amount
    ("an hour and a half" → ("hour", 1.5)). Other languages' units and number words come
    from ``models/time_words.tsv`` and ``models/number_words.tsv`` ("zwei Jahre", ``de``).
    """
    found = unit_of(unit) if language == "en" else time_words(language).units.get(unit.lower())
    value = _amount(amount, language)
    if found is None or value is None:
        return None
    if tail:
        value += Decimal("0.25") if "quarter" in tail.lower() else Decimal("0.5")
    return found[0], value * found[1]


_CONNECTOR = re.compile(r"\s*(?:,\s*)?(?:and\s+)?", re.IGNORECASE)


def _components(text: str) -> list[tuple[str, Decimal]] | None:
    """All components of a compound duration that fills ``text`` ("1 year 1 month 21 days")."""
    parts: list[tuple[str, Decimal]] = []
    position = 0
    for match in COMPONENT_RE.finditer(text):
        gap = text[position : match.start()]
        if not _CONNECTOR.fullmatch(gap):
            return None
        part = parse_component(match["amount"], match["unit"], match["tail"])
        if part is None:
            return None
        parts.append(part)
        position = match.end()
    if not parts or text[position:].strip(" .,;-").lower() not in ("", "long"):
        return None
    return parts


def parse_duration(text: str) -> ParsedDuration | None:
    """The duration one expression names, or None.

    Reads "three-year", "57 months", "a year and a day", "two decades", "48 hours",
    "decade-long", "an hour and a half", "between 5 and 10 years", "the past decade",
    "a couple of days" and "several weeks" (vague, 3 of the unit). Qualifier words
    ("up to", "more than") are the extractor's business, not this function's.
    """
    text = " ".join(text.split()).strip(" ,;")
    if not text:
        return None
    if match := RANGE_RE.fullmatch(text):
        found = parse_range(f"{match['low']} to {match['high']}")
        unit = unit_of(match["unit"])
        if found is not None and unit is not None:
            low, high = found
            return duration_from_parts([(unit[0], low * unit[1])], value_high=high * unit[1])
    if match := SPECIAL_RE.fullmatch(text):
        return _special(match)
    parts = _components(text)
    return duration_from_parts(parts) if parts else None


def _special(match: re.Match[str]) -> ParsedDuration | None:
    if match["long"]:
        unit, multiple = unit_of(match["long"]) or ("year", 1)
        return duration_from_parts([(unit, Decimal(multiple))])
    if match["shift_unit"]:
        unit, multiple = unit_of(match["shift_unit"]) or ("year", 1)
        return duration_from_parts([(unit, Decimal(multiple))])
    if match["couple_unit"]:
        unit, multiple = unit_of(match["couple_unit"]) or ("year", 1)
        return duration_from_parts([(unit, Decimal(2 * multiple))])
    if match["few_unit"]:
        # "several weeks", "a few days": no number given; 3 is the conventional reading.
        unit, multiple = unit_of(match["few_unit"]) or ("year", 1)
        return duration_from_parts([(unit, Decimal(3 * multiple))], vague=True)
    return None


_AGO_LINK = re.compile(r"\s*,?\s*(?:and\s+)?", re.IGNORECASE)
_AGO_WORD = re.compile(r"\s+ago\b", re.IGNORECASE)


def find_ago(text: str) -> list[tuple[int, int, ParsedDuration]]:
    """Every "<duration> ago" in ``text`` as (start, end, duration); ``end`` is after "ago".

    These are points in time ("two years ago", "1 month, 21 days ago"), not durations: the
    date extractor resolves them against the publication date and the duration extractor
    leaves them alone.
    """
    found: list[tuple[int, int, ParsedDuration]] = []
    for ago in _AGO_WORD.finditer(text):
        # The chain of "<amount> <unit>" pieces that ends right where " ago" starts.
        window_start = max(0, ago.start() - 120)
        pieces = [m for m in COMPONENT_RE.finditer(text, window_start, ago.start())]
        chain: list[re.Match[str]] = []
        end = ago.start()
        for piece in reversed(pieces):
            if piece.end() != end and not _AGO_LINK.fullmatch(text, piece.end(), end):
                break
            if piece.end() > end:
                break
            chain.insert(0, piece)
            end = piece.start()
        if not chain or chain[-1].end() != ago.start():
            continue
        parts = [parse_component(m["amount"], m["unit"], m["tail"]) for m in chain]
        if any(p is None for p in parts):
            continue
        parsed = duration_from_parts([p for p in parts if p is not None])
        if parsed is not None:
            found.append((chain[0].start(), ago.end(), parsed))
    return found


# --- other languages ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grammar:
    """The duration patterns of one language."""

    language: str
    component: re.Pattern[str]
    range: re.Pattern[str]
    special: re.Pattern[str] | None
    trigger: re.Pattern[str]


def _words(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=8)
def grammar(language: str | None) -> Grammar:
    """The duration patterns for ``language``: English, or one built from the language's tables.

    A language without time words in ``models/time_words.tsv`` is read with the English grammar.
    """
    language = (language or "en").lower()
    units = time_words(language).units if language != "en" else {}
    if not units:
        return Grammar("en", COMPONENT_RE, RANGE_RE, SPECIAL_RE, _TRIGGER_EN)
    number_words_re = _words(number_words(language).words())
    number = rf"(?:\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|(?:{number_words_re})(?:[\s-]*(?:{number_words_re}))*)"
    unit = _words(units)
    return Grammar(
        language,
        component=re.compile(rf"(?<![\w$.,/-])(?P<amount>{number})[\s-]+(?P<unit>{unit})(?!\w)(?P<tail>(?!))?", re.IGNORECASE),
        range=re.compile(rf"(?<![\w$.,/-])(?P<lead>zwischen\s+)?(?P<low>{number})\s*(?P<link>-|bis|und)\s*(?P<high>{number})"
                         rf"[\s-]+(?P<unit>{unit})(?!\w)", re.IGNORECASE),
        special=None,
        trigger=re.compile(unit, re.IGNORECASE),
    )


_TRIGGER_EN = re.compile(r"year|yr|decade|centur|month|fortnight|week|wk|day|night|hour|hr|min|sec|\d\s?h", re.IGNORECASE)
