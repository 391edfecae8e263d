"""Numbers in news text → exact ``Decimal`` values, ranges and qualifiers.

``parse_number`` reads digits ("21,000", "2.1", "1,2 Mio."), scale words and their
abbreviations ("2.1 million", "1.5bn", "3m"), number words ("twenty-one thousand",
"one hundred and five", "a dozen", "half a million", "one and a half") and fractions
("3/4", "2 ½"). ``parse_range`` reads "between 300 and 400", "400-700" and "1 to 2 million".
``qualifier_before``/``qualifier_after``/``vague_number`` read the words around a number
using ``models/qualifiers.tsv``, the one list of qualifier words amounts, durations and
figures share.

Everything here is pure and spaCy-free.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pipeline.resources import model_path, read_tsv

__all__ = [
    "FRACTION_WORDS",
    "decimal_separator_of",
    "QUALIFIERS",
    "SCALE_WORDS",
    "parse_digits",
    "parse_number",
    "parse_ordinal",
    "parse_range",
    "clause_qualifier",
    "find_numbers",
    "number_words",
    "qualifier_after",
    "qualifier_after_span",
    "qualifier_before",
    "qualifier_before_span",
    "qualifier_table",
    "scale_of",
    "vague_number",
]

#: Every qualifier the contract allows, in the order the contract lists them.
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "up_to", "nearly", "range", "vague")

_UNITS = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

#: Scale words and the abbreviations news and finance text use for them (lower case).
SCALE_WORDS: dict[str, int] = {
    "thousand": 10**3, "k": 10**3, "thou": 10**3,
    "million": 10**6, "millions": 10**6, "millionen": 10**6, "milliarde": 10**9, "milliarden": 10**9,
    "tausend": 10**3, "tsd": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "mil": 10**6,
    "mill": 10**6, "mio": 10**6, "mios": 10**6,
    "billion": 10**9, "b": 10**9, "bn": 10**9, "bln": 10**9, "bil": 10**9, "mrd": 10**9, "mrds": 10**9,
    "trillion": 10**12, "tn": 10**12, "trn": 10**12, "tr": 10**12, "tril": 10**12,
    "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "lacs": 10**5,
    "crore": 10**7, "crores": 10**7, "cr": 10**7,
}  # fmt: skip
# Plural scale words after a number are still one scale ("2 millions" is rare but seen in
# translated releases); after nothing they are vague ("millions of") — see vague_number.

_FRACTION_WORDS = {"half": Decimal("0.5"), "halves": Decimal("0.5"), "quarter": Decimal("0.25"), "quarters": Decimal("0.25")}
_VULGAR = {
    "½": Decimal(1) / 2, "¼": Decimal(1) / 4, "¾": Decimal(3) / 4, "⅓": Decimal(1) / 3, "⅔": Decimal(2) / 3,
    "⅕": Decimal(1) / 5, "⅛": Decimal(1) / 8, "⅜": Decimal(3) / 8, "⅝": Decimal(5) / 8, "⅞": Decimal(7) / 8,
}  # fmt: skip

# Denominators after a count: "two thirds", "a fifth", "one sixth" ("second" is left out: a time unit).
_DENOMINATORS = {
    "third": 3, "thirds": 3, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
#: Words that make a number a fraction ("two-thirds", "one-half", "three quarters").
FRACTION_WORDS = frozenset(_DENOMINATORS) | frozenset(_FRACTION_WORDS)

_ORDINALS = {
    "zeroth": 0, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000,
    "millionth": 10**6, "billionth": 10**9,
}  # fmt: skip

# Spaces that only ever sit inside a number as a thousands separator ("21 000").
_GROUP_SPACES = "\u00a0\u202f\u2009\u2007"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"

_TOKEN = re.compile(
    r"""
    (?P<fraction>\d+\s*/\s*\d+)
  | (?P<digits>\d+(?:[.,'’\u00a0\u202f\u2009\u2007]\d+)*|\.\d+)
  | (?P<vulgar>[½¼¾⅓⅔⅕⅛⅜⅝⅞])
  | (?P<word>[^\W\d_]+\.?)
  | (?P<amp>&)
  | (?P<space>[\s\-]+)
  | (?P<junk>.)
    """,
    re.VERBOSE,
)
_NEGATIVE = re.compile(r"^\s*(?:-|minus\s+|negative\s+)(?=\s*[\d.a-z])")
_DIGITS_ONLY = re.compile(r"\d+")
_ORDINAL_SUFFIX = re.compile(r"^(\d+(?:,\d{3})*)\s*(?:st|nd|rd|th)$")


def _tidy(value: Decimal) -> Decimal:
    """Integers without a trailing ``.0``; others without trailing zeros."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _groups_ok(groups: list[str]) -> bool:
    """Whether digit groups read as thousands groups (western 1,234,567 or Indian 12,34,567)."""
    if not groups[0] or len(groups[0]) > 3 or len(groups) < 2:
        return False
    if all(len(g) == 3 for g in groups[1:]):
        return True
    # Indian grouping: the last group has three digits, the ones before it two.
    return len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1]) and len(groups[0]) <= 2


def parse_digits(text: str, decimal_separator: str | None = None) -> Decimal | None:
    """A digit string with optional separators ("21,000", "2.1", "1.234,56", "1,2") as a Decimal.

    Args:
        text: digits with ``,``/``.``/``'``/narrow-space separators and nothing else.
        decimal_separator: ``"."`` or ``","`` when the caller knows the convention (a price in
            euros, say); ``None`` reads English conventions and a decimal comma only where
            nothing else fits ("1,2", "0,5", "1.234,56").

    Returns:
        The value, or ``None`` when the separators make no sense as a number ("192.168.1.2").
    """
    s = text.strip()
    for space in _GROUP_SPACES + " ":
        s = s.replace(space, "'")
    s = s.replace("’", "'")
    if not s or not re.fullmatch(r"[\d.,']+", s) or not s[-1].isdigit():
        return None
    if "'" in s:  # Swiss/French thousands marks: everything else in it is the decimal part
        head, _, tail = s.partition(".") if "." in s else s.partition(",")
        groups = head.split("'")
        if not _groups_ok(groups):
            return None
        s = "".join(groups) + ("." + tail if tail else "")
        return _to_decimal(s)
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        head, _, tail = s.rpartition(decimal)
        if thousands in tail or decimal in head or not _groups_ok(head.split(thousands)):
            return None
        return _to_decimal(head.replace(thousands, "") + "." + tail)
    if not commas and not dots:
        return _to_decimal(s)
    sep = "," if commas else "."
    groups = s.split(sep)
    if s.startswith(sep):
        return _to_decimal("0." + groups[1]) if len(groups) == 2 else None
    if decimal_separator == sep:
        return _to_decimal(groups[0] + "." + groups[1]) if len(groups) == 2 else None
    if decimal_separator is not None and decimal_separator != sep:
        return _to_decimal("".join(groups)) if _groups_ok(groups) else None
    if sep == ".":
        if len(groups) == 2:
            return _to_decimal(s)
        return _to_decimal("".join(groups)) if _groups_ok(groups) else None
    # Commas: thousands when the groups fit, a decimal comma when only that fits ("1,2", "0,750").
    if _groups_ok(groups) and groups[0] != "0":
        return _to_decimal("".join(groups))
    if len(groups) == 2:
        return _to_decimal(groups[0] + "." + groups[1])
    return None


def _to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@dataclass(slots=True)
class _Reading:
    """The running state of :func:`parse_number` over one phrase."""

    total: Decimal = Decimal(0)
    current: Decimal | None = None
    last: str | None = None  # kind of the previous number token
    implicit: bool = False  # ``current`` is the 1 of "a"/"an"
    after_and: bool = False
    last_scale: int = 0
    point: str | None = None  # digits after "point"
    seen: bool = False
    before_and: Decimal | None = None  # the value when "and" came: "twenty and three fifths"
    a_after_and: bool = False  # "one and a fourth"


def _tokens(text: str) -> list[tuple[str, str]] | None:
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "junk"
        if kind == "space":
            continue
        if kind == "junk":
            return None
        tokens.append((kind, match.group()))
    return tokens


@lru_cache(maxsize=1)
def number_words() -> dict[str, dict[str, str]]:
    """``models/number_words.tsv``: per language, each number word's English equivalent."""
    path = model_path("number_words.tsv")
    known = {*_UNITS, *_TEENS, *_TENS, *SCALE_WORDS, *_FRACTION_WORDS, *_DENOMINATORS, "hundred", "dozen", "and", "a"}
    table: dict[str, dict[str, str]] = {}
    for number, row in enumerate(read_tsv(path), 2):
        language, word, english = (row.get(k, "") or "" for k in ("language", "word", "english"))
        language, word, english = language.strip(), word.strip().lower(), english.strip().lower()
        if not re.fullmatch(r"[a-z]{2}", language) or not word or english not in known:
            raise ValueError(f"{path}: row {number} needs a language code, a word and a known English number word: {row}")
        table.setdefault(language, {})[word] = english
    return table


@lru_cache(maxsize=64)
def decimal_separator_of(language: str | None) -> str:
    """The decimal mark a language writes ("," in German, Indonesian, French; "." in English),
    from the Unicode CLDR as Babel ships it; "." for an unknown or missing language."""
    if not language:
        return "."
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol

    try:
        return get_decimal_symbol(language)
    except (UnknownLocaleError, ValueError):
        return "."


def parse_number(text: str, decimal_separator: str | None = None, language: str = "en") -> Decimal | None:
    """The value of a number phrase, or ``None`` when ``text`` is not (only) a number.

    Examples: "21,000" → 21000; "2.1 million" → 2100000; "1.5bn" → 1500000000;
    "1,2 Mio." → 1200000; "twenty-one thousand" → 21000; "one hundred and five" → 105;
    "a dozen" → 12; "half a million" → 500000; "one and a half" → 1.5; "2 1/2" → 2.5.
    Ordinals, years-as-words ("nineteen ninety") and two numbers in a row ("400-700") give
    ``None``; see :func:`parse_range` and :func:`parse_ordinal` for those.

    Args:
        text: the phrase, without currency or unit.
        decimal_separator: passed to :func:`parse_digits` for digit tokens.
        language: the text's language; other languages' number words come from
            ``models/number_words.tsv`` ("sieben" → 7), and its decimal mark is CLDR's
            (German and Indonesian read "3.200" as 3200).
    """
    if not text:
        return None
    words = number_words().get(language) if language != "en" else None
    if language != "en" and decimal_separator is None and decimal_separator_of(language) == ",":
        decimal_separator = ","
    lowered = text.strip().lower()
    for dash in _DASHES:
        lowered = lowered.replace(dash, "-")
    negative = False
    sign = _NEGATIVE.match(lowered)
    if sign:
        negative = True
        lowered = lowered[sign.end() :]
    lowered = lowered.rstrip(",;:").rstrip()
    if lowered.endswith(".") and not lowered.endswith((" .", "mio.", "mrd.", "mln.", "bn.", "mn.", "m.", "k.")):
        lowered = lowered[:-1]  # sentence-final full stop after "192."
    tokens = _tokens(lowered)
    if not tokens:
        return None
    if words:
        tokens = [("word", words.get(t.rstrip("."), t)) if k == "word" else (k, t) for k, t in tokens]
    state = _Reading()
    for kind, token in tokens:
        if not _step(state, kind, token, decimal_separator):
            return None
    value = _finish(state)
    if value is None:
        return None
    return _tidy(-value if negative else value)


def _step(state: _Reading, kind: str, token: str, decimal_separator: str | None) -> bool:
    """Feed one token; ``False`` when the phrase stops being a number."""
    word = token.rstrip(".") if kind == "word" else token
    if state.point is not None:
        if kind == "word" and word in _UNITS:
            state.point += str(_UNITS[word])
            return True
        if kind == "digits" and token.isdigit():
            state.point += token
            return True
        if kind == "word" and word in SCALE_WORDS and state.point:
            _close_point(state)
        else:
            return False
    if kind in ("amp",) or (kind == "word" and word == "and"):
        if not state.seen or state.after_and:
            return False
        state.after_and, state.before_and = True, state.current
        return True
    if kind == "digits":
        value = parse_digits(token, decimal_separator)
        if value is None or (state.current is not None) or state.last in ("unit", "teen", "ten"):
            return False
        state.current, state.last, state.seen, state.after_and = value, "digits", True, False
        return True
    if kind in ("fraction", "vulgar"):
        if kind == "vulgar":
            frac = _VULGAR[token]
        else:
            num, _, den = token.partition("/")
            if int(den) == 0:
                return False
            frac = Decimal(int(num)) / Decimal(int(den))
        if state.current is None or state.implicit:
            state.current = frac
        elif state.last == "digits" and state.current == state.current.to_integral_value() and (kind == "vulgar" or frac < 1):
            state.current += frac
        else:
            return False
        state.last, state.seen, state.implicit, state.after_and = "fraction", True, False, False
        return True
    if kind != "word":
        return False
    if word in ("a", "an"):
        if state.current is None:
            state.current, state.implicit, state.last = Decimal(1), True, "a"
        elif state.after_and:
            state.a_after_and = True
        return True  # "half a million": the article adds nothing
    if word == "point" and state.last in ("unit", "teen", "ten", "digits", "hundred") and state.current is not None:
        state.point = ""
        return True
    if word in _UNITS or word in _TEENS or word in _TENS:
        kind_now = "unit" if word in _UNITS else "teen" if word in _TEENS else "ten"
        allowed = {"unit": (None, "ten", "hundred", "scale"), "teen": (None, "hundred", "scale"), "ten": (None, "hundred", "scale")}
        if state.implicit or state.last not in allowed[kind_now]:
            return False
        value = Decimal(_UNITS.get(word, _TEENS.get(word, _TENS.get(word, 0))))
        state.current = (state.current or Decimal(0)) + value
        state.last, state.seen, state.after_and = kind_now, True, False
        return True
    if word in ("hundred", "hundreds") or word in ("dozen", "dozens"):
        if state.current is None or state.last == "hundred":
            return False
        if word.startswith("hundred") and state.last == "fraction" and state.current < 1:
            return False
        state.current *= 100 if word.startswith("hundred") else 12
        state.last, state.implicit, state.seen, state.after_and = "hundred", False, True, False
        return True
    if word in _FRACTION_WORDS:
        frac = _FRACTION_WORDS[word]
        if state.after_and:
            if state.current is not None and not state.implicit:
                state.current += frac
            elif state.total and state.last_scale and (state.current is None or state.implicit):
                state.total += frac * state.last_scale
                state.current = None
            else:
                return False
        elif state.current is None or state.implicit:
            state.current = frac
        elif state.last in ("unit", "teen", "ten", "digits"):
            _apply_fraction(state, 1 / frac)
            return True
        else:
            return False
        state.last, state.implicit, state.seen, state.after_and = "fraction", False, True, False
        return True
    if word in _DENOMINATORS and state.current is not None and state.last in ("unit", "teen", "ten", "a", "hundred", "scale"):
        _apply_fraction(state, Decimal(_DENOMINATORS[word]))
        return True
    if word in SCALE_WORDS:
        scale = SCALE_WORDS[word]
        if state.current is None:
            return False
        if state.last_scale and scale >= state.last_scale:
            state.total = (state.total + state.current) * scale
        else:
            state.total += state.current * scale
        state.current, state.last, state.implicit, state.last_scale = None, "scale", False, scale
        state.seen, state.after_and = True, False
        return True
    return False


def _apply_fraction(state: _Reading, denominator: Decimal) -> None:
    """Divide the count before a fraction word by its denominator; after "and" only the part after "and"."""
    current = state.current if state.current is not None else Decimal(1)
    if state.before_and is not None and state.last != "a":
        numerator = Decimal(1) if state.a_after_and and current == state.before_and else current - state.before_and
        state.current = state.before_and + numerator / denominator
    else:
        state.current = current / denominator
    state.last, state.implicit, state.after_and, state.seen = "fraction", False, False, True
    state.before_and, state.a_after_and = None, False


def _close_point(state: _Reading) -> None:
    if state.point is not None and state.current is not None:
        state.current = state.current + Decimal("0." + state.point) if state.point else state.current
    state.point = None


def _finish(state: _Reading) -> Decimal | None:
    if state.point is not None:
        if not state.point:
            return None
        _close_point(state)
    if state.after_and or (state.implicit and state.total == 0) or not state.seen:
        return None
    return state.total + (state.current or Decimal(0))


def parse_ordinal(text: str) -> int | None:
    """The number of an ordinal ("third" → 3, "twenty-first" → 21, "1st" → 1, "hundredth" → 100)."""
    lowered = text.strip().lower()
    for dash in _DASHES:
        lowered = lowered.replace(dash, "-")
    suffixed = _ORDINAL_SUFFIX.match(lowered)
    if suffixed:
        return int(suffixed.group(1).replace(",", ""))
    words = re.split(r"[\s\-]+", lowered)
    if not words or words[-1] not in _ORDINALS:
        return None
    last = _ORDINALS[words[-1]]
    if len(words) == 1:
        return last
    head = parse_number(" ".join(words[:-1]))
    if head is None or head != head.to_integral_value():
        return None
    if last >= 100:  # "two hundredth", "one millionth"
        return int(head) * last
    return int(head) + last


def scale_of(text: str) -> int | None:
    """The scale word ``text`` ends with ("1 to 2 million" → 1000000), if any."""
    words = re.findall(r"[a-z]+", text.lower())
    if words and words[-1] in SCALE_WORDS:
        return SCALE_WORDS[words[-1]]
    return None


_RANGE_LEAD = re.compile(r"^\s*(?:between|from|of between|range of|ranging from)\s+", re.IGNORECASE)
_RANGE_LINK = re.compile(r"\s+(?:and|to|through|thru|or|-)\s+|\s*[-\u2010-\u2014\u2212]\s*", re.IGNORECASE)


def parse_range(
    text: str, parse: Callable[[str], Decimal | None] = parse_number
) -> tuple[Decimal, Decimal] | None:
    """Low and high end of a range phrase, or ``None``.

    Reads "between 300 and 400", "400-700", "from 5 to 10", "1 to 2 million" (the scale
    carries over to the low end when that keeps it below the high end) and, with a money
    parser passed as ``parse``, "$1 million to $2 million". The low end must be below the
    high end, so "twenty-one" is not the range 20–1.

    Args:
        text: the whole range phrase.
        parse: reads one end; :func:`parse_number` by default.
    """
    body = _RANGE_LEAD.sub("", text.strip(), count=1)
    for link in _RANGE_LINK.finditer(body):
        left, right = body[: link.start()].strip(), body[link.end() :].strip()
        if not left or not right:
            continue
        high = parse(right)
        if high is None:
            continue
        low = parse(left)
        if low is None:
            continue
        scale = scale_of(right)
        if scale and scale_of(left) is None and low * scale < high:
            low = low * scale
        if low < high:
            return _tidy(low), _tidy(high)
    return None


_POSITIONS = ("before", "after", "vague", "clause", "reset")


@dataclass(frozen=True, slots=True)
class QualifierTable:
    """The qualifier words of ``models/qualifiers.tsv``, compiled for lookups."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    vague: re.Pattern[str]
    clause: re.Pattern[str]
    reset: re.Pattern[str]
    qualifier_of: dict[tuple[str, str], str]
    vague_values: dict[str, Decimal]


def _alternation(phrases: Iterable[str]) -> str:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@lru_cache(maxsize=1)
def qualifier_table() -> QualifierTable:
    """``models/qualifiers.tsv`` loaded once and validated."""
    path = model_path("qualifiers.tsv")
    qualifier_of: dict[tuple[str, str], str] = {}
    vague_values: dict[str, Decimal] = {}
    for number, row in enumerate(read_tsv(path), 2):
        qualifier, position, phrase = row.get("qualifier"), row.get("position"), (row.get("phrase") or "").strip()
        if qualifier not in QUALIFIERS or position not in _POSITIONS or not phrase:
            raise ValueError(f"{path}: row {number} needs a known qualifier, position and phrase: {row}")
        phrase = " ".join(phrase.lower().split())
        if (position, phrase) in qualifier_of:
            raise ValueError(f"{path}: row {number} repeats {position} phrase {phrase!r}")
        qualifier_of[(position, phrase)] = qualifier
        if position == "vague":
            value = _to_decimal((row.get("value") or "").strip())
            if value is None:
                raise ValueError(f"{path}: row {number}: a vague phrase needs a numeric value: {row}")
            vague_values[phrase] = value
    before = [p for (pos, p) in qualifier_of if pos == "before"]
    after = [p for (pos, p) in qualifier_of if pos == "after"]
    clause = [p for (pos, p) in qualifier_of if pos == "clause"]
    reset = [p for (pos, p) in qualifier_of if pos == "reset"]
    return QualifierTable(
        # A phrase counts only as whole words at the very end of the text before the number.
        before=re.compile(r"(?:^|(?<=[^\w]))(" + _alternation(before) + r")[\s$€£¥₹]*$", re.IGNORECASE),
        after=re.compile(r"^\s*(" + _alternation(after) + r")(?!\w)", re.IGNORECASE),
        vague=re.compile(r"^\s*(" + _alternation(vague_values) + r")(?:\s+of)?(?!\w)", re.IGNORECASE),
        clause=re.compile(r"(?<!\w)(" + _alternation(clause) + r")(?!\w)", re.IGNORECASE),
        reset=re.compile(r"(?<!\w)(" + _alternation(reset) + r")(?!\w)", re.IGNORECASE),
        qualifier_of=qualifier_of,
        vague_values=vague_values,
    )


def _as_text(words: str | Iterable[str]) -> str:
    return words if isinstance(words, str) else " ".join(words)


def qualifier_before(words: str | Iterable[str]) -> str:
    """The qualifier the words right before a number give it ("more than" → ``more_than``).

    Args:
        words: the text (or tokens) that ends right where the number starts, e.g. the
            sentence up to the number; only its last words matter.

    Returns:
        One of :data:`QUALIFIERS`; ``exact`` when no qualifier word ends the text.
    """
    return qualifier_before_span(words)[0]


def qualifier_before_span(words: str | Iterable[str]) -> tuple[str, int]:
    """Like :func:`qualifier_before`, with how many characters at the end of the text the words take."""
    text = _as_text(words)[-60:]
    table = qualifier_table()
    match = table.before.search(text)
    if not match:
        return "exact", 0
    return table.qualifier_of[("before", " ".join(match.group(1).lower().split()))], len(text) - match.start(1)


def clause_qualifier(words: str | Iterable[str]) -> str | None:
    """A qualifier set earlier in the clause, as in statutory penalties.

    "faces a maximum penalty of 20 years in prison and a $250,000 fine": every number after
    "maximum" is an upper bound (``up_to``), until a word that starts a new statement
    ("sentenced", "ordered", "but" …; ``reset`` rows of ``models/qualifiers.tsv``).

    Args:
        words: the sentence up to the number.

    Returns:
        The qualifier of the last cue before the number, or ``None``.
    """
    text = _as_text(words)
    table = qualifier_table()
    cue = None
    for cue in table.clause.finditer(text):
        pass
    if cue is None:
        return None
    if table.reset.search(text, cue.end()):
        return None
    return table.qualifier_of[("clause", " ".join(cue.group(1).lower().split()))]


def qualifier_after(words: str | Iterable[str]) -> str | None:
    """The qualifier the words right after a number give it ("or more" → ``at_least``), or ``None``."""
    return qualifier_after_span(words)[0]


def qualifier_after_span(words: str | Iterable[str]) -> tuple[str | None, int]:
    """Like :func:`qualifier_after`, with how many characters at the start of the text the words take."""
    text = _as_text(words)[:40]
    table = qualifier_table()
    match = table.after.match(text)
    if not match:
        return None, 0
    return table.qualifier_of[("after", " ".join(match.group(1).lower().split()))], match.end()


def vague_number(words: str | Iterable[str]) -> tuple[Decimal, int] | None:
    """The number a vague phrase stands for and the characters it spans.

    "hundreds of victims" → (100, 12); "tens of thousands of" → (10000, 22); "dozens" → (12, 6).
    """
    text = _as_text(words)
    table = qualifier_table()
    match = table.vague.match(text)
    if not match:
        return None
    return table.vague_values[" ".join(match.group(1).lower().split())], match.end()


_WORD_ALTERNATION = "|".join(
    sorted([*_UNITS, *_TEENS, *_TENS, *_DENOMINATORS, "hundred", "thousand", "million", "billion", "trillion", "dozen",
            "dozens", "half", "halves", "quarter", "quarters", "point"], key=len, reverse=True)
)
_FIND_NUMBER = re.compile(
    rf"""
    (?<![\w.,])[-−]?(?:\d{{1,3}}(?:(?:,\d{{3}})+|(?:[ \u00a0\u202f]\d{{3}})+)(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        (?:\s*/\s*\d+|\s+\d+\s*/\s*\d+)?(?:[\s-]*(?:{_WORD_ALTERNATION}|bn|mn|k|m|b)\b)*(?![\w])
  | (?i:\b(?:(?:a|an|minus|negative)\s+)?(?:{_WORD_ALTERNATION})(?:(?:[\s-]+|\s+and\s+(?:a\s+)?|\s+a\s+)(?:{_WORD_ALTERNATION}))*\b)
    """,
    re.VERBOSE,
)


def find_numbers(text: str) -> list[tuple[int, int, Decimal]]:
    """Every number phrase in ``text`` with its offsets: "3 hundred", "twenty-one", "1 414 021 100".

    Word runs that do not read as one number are split into the longest readable pieces
    ("three two" → 3, 2).
    """
    found: list[tuple[int, int, Decimal]] = []
    for match in _FIND_NUMBER.finditer(text):
        start, end = match.span()
        grouped = parse_digits(match.group()) if re.fullmatch(r"[\d ,.]+", match.group()) else None
        if grouped is not None:  # "1 414 021 100"
            found.append((start, end, grouped))
            continue
        while start < end:
            piece = _longest_number(text, start, end)
            if piece is None:
                break
            piece_end, value = piece
            found.append((start, piece_end, value))
            rest = re.match(r"[\s-]*(?:and\s+)?", text[piece_end:end])
            start = piece_end + (rest.end() if rest else 0)
    return found


def _longest_number(text: str, start: int, end: int) -> tuple[int, Decimal] | None:
    cuts = [m.end() for m in re.finditer(r"[^\s-]+", text[start:end])]
    for cut in reversed(cuts):
        value = parse_number(text[start : start + cut])
        if value is not None:
            return start + cut, value
    return None
