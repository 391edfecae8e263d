"""Durations: lengths of time in the text, normalised to ISO 8601 with a qualifier.

Candidates come from the duration grammar of :mod:`pipeline.normalize.durations`
("three-year", "57 months", "a year and a day", "between 5 and 10 years", "decade-long").
What is *not* a duration is decided here, from the words around a candidate: ages
("a 45-year-old man", "45 years of age"), points in time ("two years ago" is a date),
rates ("$50,000 a year", "24 hours a day"), ordinals ("a second count", "second-degree")
and years written before "year" ("the 2015 year"). The qualifier comes from the shared
qualifier words (``models/qualifiers.tsv``) right around the number, else from a
penalty context earlier in the sentence: in "faces a maximum penalty of 20 years in
prison and three years of supervised release" both durations are maxima (``up_to``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from pipeline.normalize.durations import (
    NUMBER_RE,
    UNITS,
    ParsedDuration,
    duration_from_parts,
    find_ago,
    grammar,
    parse_component,
    parse_duration,
    time_words,
    unit_of,
)
from pipeline.normalize.dates import MONTH_RE
from pipeline.normalize.numbers import parse_number, parse_range, qualifier_after, qualifier_before
from pipeline.extract.view import doc_text, view_of
from pipeline.records import CleanDocument, Duration

__all__ = ["extract_durations", "find_durations", "plain_punctuation"]

_AGE_AFTER = re.compile(r"^(?:[\s-]*olds?\b|\s+of\s+age\b|\s+alte?[nrs]?\b)", re.IGNORECASE)  # "45 Jahre alt"
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages)\s+$", re.IGNORECASE)
_AGO_AFTER = re.compile(r"^\s+ago\b", re.IGNORECASE)
_RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:once|twice|thrice|times|per|a|an|each|every|dollars?|million|billion|thousand"
    r"|years?|months?|weeks?|days?|nights?|hours?|minutes?|seconds?))\s*$",
                          re.IGNORECASE)
# "a year" is a length after these words ("for a year", "more than a year", "spent a year") or when
# what follows says so ("a year later", "a year and a day"); elsewhere it is a rate or a compound.
_BARE_OK_BEFORE = re.compile(
    r"(?:^|[.;:(]\s*|\b(?:for|over|than|within|in|about|around|nearly|almost|least|to|after|before|of|spent|spend|"
    r"spends|lasted|lasting|last|lasts|took|take|takes|approximately|roughly|some|just|only|under|another|by|during|"
    r"served|serve|serving|nearly|barely|half|entire|whole|full|once|past|since|than|and)\s+)$",
    re.IGNORECASE,
)
_BARE_OK_AFTER = re.compile(r"^(?:[\s-]+(?:later|earlier|ago|and\s+an?\s+(?:day|half|quarter)|long|-long)\b)", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTH_RE})\.?\s*$", re.IGNORECASE)
# "over" before a duration is "more than" after a verb of lasting ("for over a year", "lasted over
# two weeks"); elsewhere it is "across" ("$3 million over three years", "flyers over three days").
_BARE_OVER = re.compile(r"(?<!well )(?<!just )\bover\s+$", re.IGNORECASE)
_LENGTH_OVER = re.compile(
    r"\b(?:for|lasted|lasting|lasts|spanning|spanned|spans|spent|served|took|taken|been|is|was|were|are|in|of)\s+over\s+$",
    re.IGNORECASE,
)
# "a minute and 30 seconds", "a year, two months": a bare "a <unit>" that opens a compound is a length.
_COMPOUND_AFTER = re.compile(
    rf"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:{NUMBER_RE}|an?)[\s-]+(?P<unit>years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b",
    re.IGNORECASE)
_RATE_AFTER = re.compile(r"^\s+(?:a|an|per|each|every)\s+(?P<unit>day|night|week|month|year)\b", re.IGNORECASE)
_HYPHEN_WORD_AFTER = re.compile(r"^-[a-z]", re.IGNORECASE)
_CONNECTOR = re.compile(r"\s+(?:and\s+)?", re.IGNORECASE)
_WINDOW_BEFORE, _WINDOW_AFTER = 120, 40
_YEAR_NUMBER = re.compile(r"(?:1[89]|20)\d\d")
_WHOLE_UNIT = ("day", "night", "week", "month", "year")

# A penalty context earlier in the sentence: the nearest keyword wins; a clause about the
# sentence actually given ("was sentenced to") ends it. Semicolons do not: DOJ releases list
# penalties with them ("a maximum of three years in prison; one year of supervised release").
_CONTEXT = re.compile(
    r"\b(?P<up_to>maximum|max\.?|up\s+to|not\s+more\s+than)\b|\b(?P<at_least>(?:mandatory\s+)?minimum|not\s+less\s+than|at\s+least)\b"
    r"|(?P<reset>\bsentenced\b|\breceived\b|\bserved\b|\bmandatory\b)",
    re.IGNORECASE,
)


# Clock-style lengths: "finished in 3:07:35" (hours, minutes, seconds), "ran the mile in 3:43.13" (minutes,
# seconds). Three parts are a length unless a time of day says otherwise; two parts only after a word
# of timing ("in", "time of", "clocked"), since "3:30" alone is usually a time of day or a score.
_CLOCK = re.compile(
    r"(?<![\w:.,/$-])(?:(?P<hours>\d{1,2}):(?P<minutes>[0-5]\d):(?P<seconds>[0-5]\d(?:\.\d+)?)"
    r"|(?P<short_minutes>\d{1,2}):(?P<short_seconds>[0-5]\d(?:\.\d+)?))(?![\w:]|[.,]\d)"
)
_TIME_OF_DAY_AFTER = re.compile(r"\s*(?:[ap]\.?\s?m\b\.?|(?-i:[A-Z]{1,4}T)\b|(?-i:UTC|GMT)\b|local\b|o'clock\b|h\b|hrs?\b)",
                                re.IGNORECASE)
_TIME_OF_DAY_BEFORE = re.compile(
    rf"(?:\b(?:at|by|from|until|till|before|after|around|since|between|and|to)|\b(?:{MONTH_RE})\.?\s+\d{{1,2}},?|\b\d{{4}},?)\s+$",
    re.IGNORECASE)  # "at 10:15", a timestamp "Oct 26 15:50:06"
_YEAR_AFTER = re.compile(r"\s+(?:1[89]|20)\d\d\b")
_TIMING_BEFORE = re.compile(
    r"\b(?:in|of|time|times|timed|clocked|clocking|record|finished|finishing|ran|run|runs|posted|won|winning|best|fastest"
    r"|quickest|lasted|lasting|length|runtime|covered|completed)\s+(?:(?:a|an|the|his|her|their|its|record|personal|best"
    r"|season|world|winning|time|of|just|only|about|under|roughly)\s+){0,3}$",
    re.IGNORECASE,
)


def _clock_durations(text: str) -> Iterator[tuple[int, int, ParsedDuration]]:
    """Lengths written as clock times (see ``_CLOCK``)."""
    for match in _CLOCK.finditer(text):
        start, end = match.span()
        before = text[max(0, start - 50) : start]
        if _TIME_OF_DAY_AFTER.match(text, end) or _TIME_OF_DAY_BEFORE.search(before) or _YEAR_AFTER.match(text, end):
            continue
        if match["hours"] is not None:
            parts = [("hour", Decimal(match["hours"])), ("minute", Decimal(match["minutes"])),
                     ("second", Decimal(match["seconds"]))]
        elif _TIMING_BEFORE.search(before):
            parts = [("minute", Decimal(match["short_minutes"])), ("second", Decimal(match["short_seconds"]))]
        else:
            continue
        parsed = duration_from_parts(parts)
        if parsed is not None:
            yield start, end, parsed


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    parsed: ParsedDuration
    kind: str  # component | range | special
    bare: bool = False  # amount is "a"/"an"/"another": "a year"


def _is_year_number(amount: str) -> bool:
    return bool(_YEAR_NUMBER.fullmatch(amount.strip()))


def _component_ok(text: str, match: re.Match[str], language: str = "en") -> bool:
    """Whether one "<amount> <unit>" match is a length of time and not an age, rate or ordinal."""
    amount = " ".join(match["amount"].lower().replace("-", " ").split())
    unit = unit_of(match["unit"]) if language == "en" else time_words(language).units.get(match["unit"].lower())
    if unit is None:
        return False
    before, after = text[max(0, match.start() - 40) : match.start()], text[match.end() : match.end() + 40]
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before) or _AGO_AFTER.match(after):
        return False
    unit_word = match["unit"].lower()
    following = _COMPOUND_AFTER.match(after)
    following_unit = unit_of(following["unit"]) if following else None
    compound = following_unit is not None and UNITS.index(following_unit[0]) > UNITS.index(unit[0])
    if unit_word in ("second", "minute") and amount in ("a", "an", "another") and not compound:
        return False  # "a second count", "a minute amount"
    if unit_word == "night" and amount in ("a", "an"):
        return False  # "on a night of historic significance"
    if unit_word.startswith("sec") and _HYPHEN_WORD_AFTER.match(after):
        return False  # "second-degree"
    if amount.split()[0] in ("all", "full", "whole", "entire") and unit_word not in _WHOLE_UNIT:
        return False  # "all years", "full hours"
    if amount in ("a", "an") and (_RATE_BEFORE.search(before) or not _BARE_OK_BEFORE.search(before)) \
            and not _BARE_OK_AFTER.match(after) and not compound:
        return False  # "$5 million a year", "one meal a day", "a day trader": rates and compounds, not lengths
    if rate := _RATE_AFTER.match(after):
        rate_unit = unit_of(rate["unit"])
        if rate_unit and UNITS.index(rate_unit[0]) < UNITS.index(unit[0]):
            return False  # "24 hours a day", "40 hours per week"
    if unit[0] == "year" and (_is_year_number(amount) or re.match(r"\s+\d{4}\b", after)):
        return False  # "the 2015 year", "a year 2000 apocalypse"
    if amount == "one" and unit_word == "day" and after.startswith(",") and (not before.strip() or before.rstrip()[-1] in ".\n"):
        return False  # "One day, he ..."
    return True


# Typographic dashes, non-breaking spaces and curly apostrophes read as their ASCII forms; one
# character for one, so offsets into the original text stay valid.
_PLAIN = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
                        "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2019": "'", "\u2018": "'"})


def plain_punctuation(text: str) -> str:
    """``text`` with typographic dashes, spaces and apostrophes replaced one for one by ASCII ones."""
    return text.translate(_PLAIN)


def _windows(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """Stretches of ``text`` around time words, where durations can be (merged when they overlap).

    Durations are rare in running text; scanning the full grammar only near a unit word
    keeps the extractor cheap on long documents.
    """
    windows: list[tuple[int, int]] = []
    for hit in trigger.finditer(text):
        start, end = max(0, hit.start() - _WINDOW_BEFORE), min(len(text), hit.end() + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _scan(pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    # Look-behinds still see the text before a window's start, so matches are the same as on the whole text.
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


def find_durations(text: str, language: str | None = "en") -> list[tuple[int, int, ParsedDuration, str]]:
    """Every duration in ``text`` as (start, end, parsed, kind), in text order, without qualifiers.

    ``kind`` is ``range``, ``component`` (numbers and units, compounds merged), ``clock``
    ("finished in 3:07:35") or ``special`` ("decade-long", "the past decade", "several weeks").
    """
    text = plain_punctuation(text)
    # "two years ago" is a point in time (a date), not a duration.
    taken: list[tuple[int, int]] = [(start, end) for start, end, _ in find_ago(text)]
    found: list[_Candidate] = []

    def free(start: int, end: int) -> bool:
        return not any(start < t_end and t_start < end for t_start, t_end in taken)

    rules = grammar(language)
    windows = _windows(text, rules.trigger)

    def number(words: str) -> Decimal | None:
        return parse_number(words, language=rules.language)

    for match in _scan(rules.range, text, windows):
        low_high = parse_range(f"{match['low']} to {match['high']}", number)
        unit = unit_of(match["unit"]) if rules.language == "en" else time_words(rules.language).units.get(match["unit"].lower())
        after = text[match.end() : match.end() + 40]
        if low_high is None or unit is None or _AGE_AFTER.match(after) or _AGO_AFTER.match(after):
            continue
        if _MONTH_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue  # "sentenced on Aug. 6 to 30 months": a day, then a duration
            continue
        if match["link"].lower() in ("and", "und") and not match["lead"]:
            continue  # "sentenced to 70 and 57 months": two durations, not a range
        if unit[0] == "year" and (_is_year_number(match["low"]) or _is_year_number(match["high"])):
            continue
        low, high = low_high
        parsed = duration_from_parts([(unit[0], low * unit[1])], value_high=high * unit[1])
        if parsed is None:
            continue
        found.append(_Candidate(match.start(), match.end(), parsed, "range"))
        taken.append((match.start(), match.end()))

    pieces: list[tuple[int, int, tuple[str, Decimal], bool]] = []
    for match in _scan(rules.component, text, windows):
        if not free(match.start(), match.end()) or not _component_ok(text, match, rules.language):
            continue
        part = parse_component(match["amount"], match["unit"], match["tail"], rules.language)
        if part is None or part[1] <= 0:
            continue
        bare = match["amount"].lower() in ("a", "an", "another")
        pieces.append((match.start(), match.end(), part, bare))
    # Merge "12 months and one day", "1 hour 30 minutes": adjacent pieces with falling units.
    group: list[tuple[int, int, tuple[str, Decimal], bool]] = []
    for piece in pieces + [None]:  # type: ignore[list-item]
        if piece is not None and group:
            last = group[-1]
            gap = text[last[1] : piece[0]]
            falling = UNITS.index(piece[2][0]) > UNITS.index(last[2][0])
            # "2 days 1 month" (no connector) is one duration in any order; with "and" only falling
            # units join: "36 months and three years" are two.
            other_unit = all(piece[2][0] != p[2][0] for p in group) and gap.isspace()
            if _CONNECTOR.fullmatch(gap) and (falling or other_unit) and "\n" not in gap:
                group.append(piece)
                continue
        if group:
            parsed = duration_from_parts([p[2] for p in group])
            if parsed is not None:
                found.append(_Candidate(group[0][0], group[-1][1], parsed, "component", bare=group[0][3]))
                taken.append((group[0][0], group[-1][1]))
        group = [piece] if piece is not None else []

    if ":" in text:
        for start, end, parsed in _clock_durations(text):
            if free(start, end):
                found.append(_Candidate(start, end, parsed, "clock"))
                taken.append((start, end))

    for match in _scan(rules.special, text, windows) if rules.special is not None else ():
        if not free(match.start(), match.end()):
            continue
        shift = (match["shift"] or "").lower()
        if shift in ("last", "next", "coming", "previous") and match["shift_unit"].lower() not in ("decade", "century"):
            continue  # "the last year of his term", "the next year", "the previous year" are points in time
        after = text[match.end() : match.end() + 40]
        if _AGO_AFTER.match(after) or _AGE_AFTER.match(after):
            continue
        parsed = parse_duration(match.group(0))
        if parsed is not None:
            found.append(_Candidate(match.start(), match.end(), parsed, "special"))
            taken.append((match.start(), match.end()))

    found.sort(key=lambda c: c.start)
    return [(c.start, c.end, c.parsed, c.kind) for c in found]


def _context_qualifier(sentence_before: str) -> str:
    """``up_to``/``at_least`` when a penalty keyword earlier in the sentence still applies, else ``exact``."""
    qualifier = "exact"
    for match in _CONTEXT.finditer(sentence_before):
        if match["up_to"]:
            qualifier = "up_to"
        elif match["at_least"]:
            qualifier = "at_least"
        else:
            qualifier = "exact"
    return qualifier


def qualify(text: str, start: int, end: int, parsed: ParsedDuration, kind: str, sentence_start: int) -> str:
    """The qualifier of the duration at ``text[start:end]`` (see the module docstring)."""
    if parsed.value_high is not None:
        return "range"
    if parsed.vague:
        return "vague"
    phrase = text[start:end].lower()
    if kind == "special" and "couple" in phrase:
        return "approx"
    before = text[max(sentence_start, start - 60) : start]
    qualifier = "exact"
    if not phrase.startswith("the "):  # "over the past decade" is not "more than"
        qualifier = qualifier_before(before)
        if qualifier == "range":  # "between" without a second number
            qualifier = "exact"
        if qualifier == "more_than" and _BARE_OVER.search(before) and not _LENGTH_OVER.search(before):
            qualifier = "exact"  # "pledged $3 million over three years": spread across, not more than
    if qualifier == "exact":
        qualifier = qualifier_after(text[end : end + 40]) or "exact"
    if qualifier == "exact":
        qualifier = _context_qualifier(text[sentence_start:start])
    return qualifier


def extract_durations(doc: Doc, article: CleanDocument) -> list[Duration]:
    """One row per duration mention, with its ISO 8601 form, value, unit and qualifier."""
    text = doc_text(doc)
    sentences = view_of(doc).sentences
    rows: list[Duration] = []
    for start, end, parsed, kind in find_durations(text, getattr(article, "language", None) or "en"):
        evidence = sentences.mention(start, end)
        sentence_start = sentences.start_of(start)
        rows.append(
            Duration(
                text=text[start:end],
                value=float(parsed.value),
                value_high=float(parsed.value_high) if parsed.value_high is not None else None,
                unit=parsed.unit,
                iso=parsed.iso,
                qualifier=qualify(text, start, end, parsed, kind, sentence_start),
                start=start,
                end=end,
                sentence=evidence.sentence,
            )
        )
    return rows
