"""Numbers in news text → exact ``Decimal`` values, ranges and qualifiers.

``parse_number`` reads digits ("21,000", "2.1", "1,2 Mio."), scale words and their
abbreviations ("2.1 million", "1.5bn", "3m"), number words ("twenty-one thousand",
"one hundred and five", "a dozen", "half a million", "one and a half") and fractions
("3/4", "2 ½"). ``parse_range`` reads "between 300 and 400", "400-700" and "1 to 2 million".
The qualifier readers (``qualifier_before``, ``qualifier_after``, ``vague_number`` …) live in
:mod:`pipeline.normalize.qualifiers` and are importable from here too.

Everything here is pure and spaCy-free.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pipeline import lexicon
from pipeline.normalize.qualifiers import (
    QUALIFIERS,
    clause_qualifier,
    qualifier_after,
    qualifier_after_span,
    qualifier_before,
    qualifier_before_span,
    qualifier_table,
    vague_number,
)

__all__ = [
    "ARTICLES",
    "FRACTION_WORDS",
    "Part",
    "TEXT_NUMBER_WORDS",
    "decimal_separator_of",
    "QUALIFIERS",
    "SCALE_LANGUAGES",
    "SCALE_WORDS",
    "parse_digits",
    "plain_decimal",
    "parse_number",
    "parse_ordinal",
    "parse_range",
    "clause_qualifier",
    "find_numbers",
    "qualifier_after",
    "qualifier_after_span",
    "qualifier_before",
    "qualifier_before_span",
    "qualifier_table",
    "scale_of",
    "vague_number",
]

#: Grammar words a number phrase is made of besides its number words: the article that is a
#: one ("a dozen", "half a million") and the word before spoken decimals ("two point five").
ARTICLES = ("a", "an")
_POINT = "point"


def _english() -> lexicon.NumberWords:
    return lexicon.number_words("en")


#: The languages of models/number_words.tsv, English first: where two spell a scale alike
#: ("billion"), the English reading is the one every language's text gets.
SCALE_LANGUAGES = ("en", *sorted(lexicon.number_languages() - {"en"}))


def _scale_words() -> dict[str, int]:
    """The scale words of every language, English first where two spell one alike ("billion")."""
    scales: dict[str, int] = {}
    for language in SCALE_LANGUAGES:
        for word, value in lexicon.number_words(language).values("scale").items():
            scales.setdefault(word, int(value))
    return scales


def _is_power_of_thousand(value: Decimal) -> bool:
    return value >= 1000 and value.adjusted() % 3 == 0 and value == 10 ** value.adjusted()


#: Scale words and the abbreviations news and finance text use for them (lower case), in every
#: language of ``models/number_words.tsv``: money and the default reader do not know the language.
#: Plural scale words after a number are still one scale ("2 millions" is rare but seen in
#: translated releases); after nothing they are vague ("millions of") — see vague_number.
SCALE_WORDS: dict[str, int] = _scale_words()

#: Number words written in running English text ("three victims", "one hundred and five",
#: "a dozen", "2.1 million"): what figures count and money reads as a number. The South Asian
#: scales (lakh, crore: not powers of a thousand) follow digits only ("50 lakh masks").
TEXT_NUMBER_WORDS = _english().words("unit", "teen", "tens", "hundred", "dozen", forms=("word",)) | frozenset(
    word for word, value in _english().values("scale", forms=("word",)).items() if _is_power_of_thousand(value)
)

_VULGAR = {
    "½": Decimal(1) / 2, "¼": Decimal(1) / 4, "¾": Decimal(3) / 4, "⅓": Decimal(1) / 3, "⅔": Decimal(2) / 3,
    "⅕": Decimal(1) / 5, "⅛": Decimal(1) / 8, "⅜": Decimal(3) / 8, "⅝": Decimal(5) / 8, "⅞": Decimal(7) / 8,
}  # fmt: skip

#: Words that make a number a fraction ("two-thirds", "one-half", "three quarters").
FRACTION_WORDS = _english().words("denominator", "fraction")
_ORDINALS = {word: int(value) for word, value in _english().values("ordinal").items()}

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


def plain_decimal(value: Decimal) -> Decimal:
    """``value`` written plainly: integers without a trailing ``.0`` or exponent, others without trailing zeros."""
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


class Part(enum.Enum):
    """What the previous token of a number phrase was: it decides what may follow."""

    NOTHING = "nothing"
    DIGITS = "digits"  # "21,000"
    FRACTION = "fraction"  # "3/4", "½", "half", "two thirds"
    ARTICLE = "article"  # "a" of "a dozen"
    UNIT = "unit"  # "one" … "nine"
    TEEN = "teen"  # "ten" … "nineteen"
    TENS = "tens"  # "twenty" … "ninety"
    MULTIPLIER = "multiplier"  # "hundred", "dozen"
    SCALE = "scale"  # "thousand", "million", "bn"


_PART_OF_KIND = {"unit": Part.UNIT, "teen": Part.TEEN, "tens": Part.TENS}
# What a unit, teen or tens word may follow: "twenty-one", "hundred and five", "thousand three".
_SMALL_NUMBER_AFTER = {
    Part.UNIT: (Part.NOTHING, Part.TENS, Part.MULTIPLIER, Part.SCALE),
    Part.TEEN: (Part.NOTHING, Part.MULTIPLIER, Part.SCALE),
    Part.TENS: (Part.NOTHING, Part.MULTIPLIER, Part.SCALE),
}
_SPELLED = (Part.UNIT, Part.TEEN, Part.TENS)
_COUNTED = (*_SPELLED, Part.DIGITS)  # what "half" or "quarter" divides: "three quarters", "2 halves"


@dataclass(slots=True)
class _Reading:
    """The running state of :func:`parse_number` over one phrase."""

    total: Decimal = Decimal(0)
    current: Decimal | None = None
    last: Part = Part.NOTHING
    implicit: bool = False  # ``current`` is the 1 of "a"/"an"
    after_and: bool = False
    last_scale: int = 0
    point: str | None = None  # digits after "point"
    seen: bool = False
    before_and: Decimal | None = None  # the value when "and" came: "twenty and three fifths"
    a_after_and: bool = False  # "one and a fourth"

    def took(self, part: Part) -> bool:
        """Record that a number token of ``part`` was read; always true (the step succeeded)."""
        self.last, self.implicit, self.seen, self.after_and = part, False, True, False
        return True


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


@lru_cache(maxsize=16)
def _reading_words(language: str) -> dict[str, lexicon.NumberWord]:
    """The number words :func:`parse_number` reads in ``language``: its own, then English, then every scale word.

    Another language's text also uses English number words and finance abbreviations ("2 bn");
    ordinals are not part of a cardinal phrase.
    """
    words: dict[str, lexicon.NumberWord] = {}
    for table in (lexicon.number_words(language), _english()):
        for entry in table.entries:
            if entry.kind != "ordinal":
                words.setdefault(entry.word, entry)
    for word, value in SCALE_WORDS.items():
        words.setdefault(word, lexicon.NumberWord(word, "scale", Decimal(value), "word"))
    return words


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
    if lowered.endswith(".") and not lowered.endswith(" ."):
        # a sentence-final full stop after "192."; after a word ("Mio.") the word token takes it
        lowered = lowered[:-1]
    tokens = _tokens(lowered)
    if not tokens:
        return None
    state = _Reading()
    words = _reading_words(language)
    for kind, token in tokens:
        if not _step(state, kind, token, words, decimal_separator):
            return None
    value = _finish(state)
    if value is None:
        return None
    return plain_decimal(-value if negative else value)


def _step(state: _Reading, kind: str, token: str, words: dict[str, lexicon.NumberWord],
          decimal_separator: str | None) -> bool:
    """Feed one token; ``False`` when the phrase stops being a number."""
    word = token.rstrip(".") if kind == "word" else token
    entry = words.get(word) if kind == "word" else None
    if state.point is not None:
        spoken = _read_spoken_decimal(state, kind, token, entry)
        if spoken is not None:
            return spoken
    if kind == "amp" or (entry is not None and entry.kind == "and"):
        return _read_and(state)
    if kind == "digits":
        return _read_digits(state, token, decimal_separator)
    if kind in ("fraction", "vulgar"):
        return _read_written_fraction(state, kind, token)
    if kind != "word":
        return False
    if word in ARTICLES:
        return _read_article(state)
    if word == _POINT:
        return _read_point(state)
    reader = _WORD_READERS.get(entry.kind) if entry is not None else None
    return reader(state, entry) if reader is not None else False


def _read_spoken_decimal(state: _Reading, kind: str, token: str, entry: lexicon.NumberWord | None) -> bool | None:
    """The digits after "point" ("two point five"); None when a scale word ends them ("1 point 5 million")."""
    if entry is not None and entry.kind == "unit":
        state.point = (state.point or "") + str(int(entry.value or 0))
        return True
    if kind == "digits" and token.isdigit():
        state.point = (state.point or "") + token
        return True
    if entry is not None and entry.kind == "scale" and state.point:
        _close_point(state)
        return None
    return False


def _read_and(state: _Reading) -> bool:
    if not state.seen or state.after_and:
        return False
    state.after_and, state.before_and = True, state.current
    return True


def _read_digits(state: _Reading, token: str, decimal_separator: str | None) -> bool:
    value = parse_digits(token, decimal_separator)
    if value is None or state.current is not None or state.last in _SPELLED:
        return False
    state.current, state.last, state.seen, state.after_and = value, Part.DIGITS, True, False
    return True


def _read_written_fraction(state: _Reading, kind: str, token: str) -> bool:
    """"3/4", "½", "2 1/2", "2½"."""
    if kind == "vulgar":
        fraction = _VULGAR[token]
    else:
        numerator, _, denominator = token.partition("/")
        if int(denominator) == 0:
            return False
        fraction = Decimal(int(numerator)) / Decimal(int(denominator))
    if state.current is None or state.implicit:
        state.current = fraction
    elif state.last == Part.DIGITS and state.current == state.current.to_integral_value() and (kind == "vulgar" or fraction < 1):
        state.current += fraction
    else:
        return False
    return state.took(Part.FRACTION)


def _read_article(state: _Reading) -> bool:
    """"a dozen", "half a million", "one and a half": the article is a one, or adds nothing."""
    if state.current is None:
        state.current, state.implicit, state.last = Decimal(1), True, Part.ARTICLE
    elif state.after_and:
        state.a_after_and = True
    return True


def _read_point(state: _Reading) -> bool:
    if state.current is None or state.last not in (*_COUNTED, Part.MULTIPLIER):
        return False
    state.point = ""
    return True


def _read_small_number(state: _Reading, entry: lexicon.NumberWord) -> bool:
    """"one" … "nineteen", "twenty" … "ninety"."""
    part = _PART_OF_KIND[entry.kind]
    if state.implicit or state.last not in _SMALL_NUMBER_AFTER[part]:
        return False
    state.current = (state.current or Decimal(0)) + (entry.value or 0)
    state.last, state.seen, state.after_and = part, True, False
    return True


def _read_multiplier(state: _Reading, entry: lexicon.NumberWord) -> bool:
    """"hundred", "dozen": multiply the count before them."""
    if state.current is None or state.last == Part.MULTIPLIER:
        return False
    if entry.kind == "hundred" and state.last == Part.FRACTION and state.current < 1:
        return False
    state.current *= entry.value or 0
    return state.took(Part.MULTIPLIER)


def _read_fraction_word(state: _Reading, entry: lexicon.NumberWord) -> bool:
    """"half", "quarter": "a half", "one and a half", "two million and a half", "three quarters"."""
    fraction = entry.value or Decimal(0)
    if state.after_and:
        if state.current is not None and not state.implicit:
            state.current += fraction
        elif state.total and state.last_scale and (state.current is None or state.implicit):
            state.total += fraction * state.last_scale
            state.current = None
        else:
            return False
    elif state.current is None or state.implicit:
        state.current = fraction
    elif state.last in _COUNTED:
        _apply_fraction(state, 1 / fraction)
        return True
    else:
        return False
    return state.took(Part.FRACTION)


def _read_denominator(state: _Reading, entry: lexicon.NumberWord) -> bool:
    """"two thirds", "a fifth", "twenty and three fifths"."""
    if state.current is None or state.last not in (*_SPELLED, Part.ARTICLE, Part.MULTIPLIER, Part.SCALE):
        return False
    _apply_fraction(state, entry.value or Decimal(1))
    return True


def _read_scale(state: _Reading, entry: lexicon.NumberWord) -> bool:
    """"thousand", "million", "bn": scale what was read since the last larger scale."""
    scale = int(entry.value or 0)
    if state.current is None:
        return False
    if state.last_scale and scale >= state.last_scale:
        state.total = (state.total + state.current) * scale
    else:
        state.total += state.current * scale
    state.current, state.last_scale = None, scale
    return state.took(Part.SCALE)


_WORD_READERS: dict[str, Callable[[_Reading, lexicon.NumberWord], bool]] = {
    "unit": _read_small_number,
    "teen": _read_small_number,
    "tens": _read_small_number,
    "hundred": _read_multiplier,
    "dozen": _read_multiplier,
    "fraction": _read_fraction_word,
    "denominator": _read_denominator,
    "scale": _read_scale,
}


def _apply_fraction(state: _Reading, denominator: Decimal) -> None:
    """Divide the count before a fraction word by its denominator; after "and" only the part after "and"."""
    current = state.current if state.current is not None else Decimal(1)
    if state.before_and is not None and state.last != Part.ARTICLE:
        numerator = Decimal(1) if state.a_after_and and current == state.before_and else current - state.before_and
        state.current = state.before_and + numerator / denominator
    else:
        state.current = current / denominator
    state.took(Part.FRACTION)
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
            return plain_decimal(low), plain_decimal(high)
    return None


# What find_numbers looks for: every spelling of a spoken number, the scales that are powers of a
# thousand, and the abbreviations after digits ("1.5bn", "3 mln"). Not "hundreds": a run that
# starts with it ("hundreds ninety") reads as no number at all.
_FOUND_WORDS = (
    _english().words("unit", "teen", "tens", forms=("word", "variant"))
    | _english().words("denominator", "dozen", "fraction", forms=("word", "plural"))
    | _english().words("hundred", forms=("word",))
    | (TEXT_NUMBER_WORDS & frozenset(SCALE_WORDS))
)
_WORD_ALTERNATION = "|".join(sorted(_FOUND_WORDS | {_POINT}, key=len, reverse=True))
_ABBREVIATION_ALTERNATION = "|".join(sorted(_english().words("scale", forms=("abbreviation",)), key=len, reverse=True))
_FIND_NUMBER = re.compile(
    rf"""
    (?<![\w.,])[-−]?(?:\d{{1,3}}(?:(?:,\d{{3}})+|(?:[ \u00a0\u202f]\d{{3}})+)(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        (?:\s*/\s*\d+|\s+\d+\s*/\s*\d+)?(?:[\s-]*(?:{_WORD_ALTERNATION}|{_ABBREVIATION_ALTERNATION})\b)*(?![\w])
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
