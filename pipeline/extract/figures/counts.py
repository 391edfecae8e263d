"""Number phrases of a parsed text read as counts: "21,000", "twenty-one", "a dozen", "400-700", "several hundred".

Which tokens make a number phrase (:func:`read_counts`) — the first phase of figures; the filters
and the counted noun come after (:mod:`.filters`, :mod:`.nouns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc, Token

from pipeline import lexicon
from pipeline.extract.view import DocView
from pipeline.normalize.numbers import ARTICLES, SCALE_WORDS, TEXT_NUMBER_WORDS, parse_number, parse_range

__all__ = ["Count", "DIGIT_SCALE_TOKENS", "ONE", "SCALE_TOKENS", "is_number_token", "read_counts"]

#: The number words that multiply the count before them ("two hundred", "a dozen", "5 million").
SCALE_TOKENS = TEXT_NUMBER_WORDS - lexicon.number_words("en").words("unit", "teen", "tens")
#: Scale words that start no number alone: "a thousand", "two thousand", "several thousand" ("dozen" does).
_SCALES_NOT_ALONE = SCALE_TOKENS - lexicon.number_words("en").words("dozen")
#: "hundred" itself: "and" inside a number follows it ("one hundred and five").
_HUNDRED = lexicon.number_words("en").words("hundred", forms=("word",))
#: "one": before "of" a pronoun ("one of the defendants"), not a count.
ONE = frozenset(word for word, value in lexicon.number_words("en").values("unit", forms=("word",)).items() if value == 1)
#: Scale words that only follow digits ("50 lakh masks", "2 crore people"); never a count alone.
#: The South Asian scales of normalize.numbers (lakh, lac, crore), spelled out.
DIGIT_SCALE_TOKENS = frozenset(word for word, scale in SCALE_WORDS.items() if scale in (10**5, 10**7) and len(word) > 2)
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_RANGE_LINKS = frozenset({"-", "–", "—", "to", "through", "or"})


def is_number_token(token: Token) -> bool:
    """Whether a token is a number word of running text or digits ("21,000", "2.5")."""
    lower = token.lower_
    if lower in TEXT_NUMBER_WORDS:
        return True
    return bool(_DIGITS.match(token.text))


#: Words that make a bare scale word a vague count: "several hundred", "a few thousand".
_VAGUE_SCALE_OPENERS = frozenset({"several", "few"})


def _number_runs(view: DocView) -> Iterator[tuple[int, int]]:
    """Token ranges [start, end) of number phrases: "21,000", "twenty - one", "one hundred and five", "a dozen"."""
    texts, lowers, spaces = view.token_strings  # every token is looked at: plain strings, not Tokens
    i, n = 0, len(texts)
    while i < n:
        number = lowers[i] in TEXT_NUMBER_WORDS or _DIGITS.match(texts[i])
        if not number or lowers[i] in _SCALES_NOT_ALONE:
            # "a dozen", "a hundred", "a million": the article is the number
            if lowers[i] in ARTICLES and i + 1 < n and lowers[i + 1] in SCALE_TOKENS:
                start, i = i, i + 1
            elif lowers[i] in SCALE_TOKENS and i > 0 and lowers[i - 1] in _VAGUE_SCALE_OPENERS:
                start = i
            else:
                i += 1
                continue
        else:
            start = i
        i += 1
        while i < n:
            lower = lowers[i]
            if lower in TEXT_NUMBER_WORDS and not texts[i][0].isdigit():
                i += 1
            elif texts[i] == "-" and i + 1 < n and lowers[i + 1] in TEXT_NUMBER_WORDS and lowers[i - 1] in TEXT_NUMBER_WORDS \
                    and not spaces[i] and not spaces[i - 1]:
                i += 1  # "twenty-one"
            elif lower == "and" and i + 1 < n and lowers[i - 1] in _HUNDRED and lowers[i + 1] in TEXT_NUMBER_WORDS:
                i += 1  # "one hundred and five"
            elif (lower in SCALE_TOKENS or lower in DIGIT_SCALE_TOKENS) and texts[i - 1][0].isdigit():
                i += 1  # "2.1 million", "50 lakh"
            else:
                break
        yield start, i


@dataclass(frozen=True, slots=True)
class Count:
    """A number phrase read as a count: token range, value(s), qualifier."""

    start: int  # first token of the number (or of the low end of a range)
    end: int  # one past the last number token
    value: Decimal
    value_high: Decimal | None
    qualifier: str


def read_counts(view: DocView) -> Iterator[Count]:
    """Every number phrase of the text read as a count: its value, a range's top, "several hundred" as vague."""
    doc = view.doc
    runs = list(_number_runs(view))
    skip_until = -1
    for index, (start, end) in enumerate(runs):
        if start < skip_until:
            continue
        value = parse_number(doc[start:end].text)
        if value is None and doc[start].lower_ in SCALE_TOKENS:
            value = parse_number("one " + doc[start:end].text)  # "several hundred": the scale word alone
        if value is None:
            continue
        # A range: "400-700 gallons", "between 10 and 20 defendants", "two to three".
        if index + 1 < len(runs):
            next_start, next_end = runs[index + 1]
            link = doc[end:next_start]
            between = start > 0 and doc[start - 1].lower_ == "between"
            if len(link) == 1 and (link[0].lower_ in _RANGE_LINKS or (between and link[0].lower_ == "and")) \
                    and not (link[0].lower_ == "or" and _is_more(doc, next_end)):
                found = parse_range(doc[start:next_end].text)
                if found:  # "18-484" without a counted noun after it is dropped later
                    skip_until = next_end
                    yield Count(start, next_end, found[0], found[1], "range")
                    continue
        if doc[start].lower_ in SCALE_TOKENS and start > 0 and doc[start - 1].lower_ in _VAGUE_SCALE_OPENERS:
            yield Count(start - 1, end, value, None, "vague")  # "several hundred calories": about a hundred
            continue
        yield Count(start, end, value, None, "exact")


def _is_more(doc: Doc, end: int) -> bool:
    """"one or two more": the second number is a comparison, not the top of a range ("two or more" has no number)."""
    return end < len(doc) and doc[end].lower_ in ("more", "fewer", "less")
