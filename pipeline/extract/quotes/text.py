"""The text a quotation is read from: paragraphs, sentences, and small span helpers.

Quotes finds its sentences itself, on the characters of the article, rather than reading
``DocView.sentences``: spaCy's sentences cut inside quoted speech (a quotation of three
sentences is three spaCy sentences, and its attribution a fourth) and after abbreviations of
titles and initials ("U.S. Attorney", "Howard S. Marshall"), while an attribution rule needs
the sentence that runs on through the closing quotation mark to its full stop. The one finder
here is :func:`sentence_end` (and :func:`sentence_start`, built on it).
"""

from __future__ import annotations

import re

from pipeline.lexicon import title_abbreviations
from pipeline.extract.quotes.words import abbreviations, speaker_words
from pipeline.lexicon import time_words

__all__ = [
    "ABBREVIATIONS",
    "CLOSING_MARKS",
    "OPENING_MARKS",
    "first_visible",
    "paragraphs",
    "sentence_end",
    "sentence_start",
    "strip_span",
    "word_count",
]

OPENING_MARKS = "“„‟«"
CLOSING_MARKS = "”»"
#: Paragraphs are lines: cleaned texts separate them by one or two newlines.
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_END_PUNCT = re.compile(r"[.!?]")
_LAST_WORD = re.compile(r"[\w.'’-]+$")
_DOTTED_LETTERS = re.compile(r"(?:[a-z]\.)+[a-z]")
_LOWER_THREE = re.compile(r"[a-z]{3}$")
#: Abbreviations whose full stop does not end a sentence ("U.S. Attorney", "Howard S. Marshall"):
#: the ones of models/abbreviations.tsv, the English month abbreviations (models/time_words.tsv),
#: the abbreviated titles (models/title_abbreviations.tsv) and the honorifics (speaker_title_words.tsv).
ABBREVIATIONS = (
    abbreviations()
    | frozenset(time_words("en").month_abbreviations)
    | frozenset(title_abbreviations())
    | frozenset(word.rstrip(".") for word, kind in speaker_words().items() if kind == "honorific")
)


def paragraphs(text: str, floor: int) -> list[tuple[int, int]]:
    """(start, end) of each paragraph at or after ``floor``."""
    spans = []
    start = floor
    for m in _PARAGRAPH_BREAK.finditer(text, floor):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_abbreviation(text: str, dot: int) -> bool:
    match = _LAST_WORD.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group().lstrip("'’").lower()
    # An initial ("S." in "Howard S. Marshall") or a known abbreviation.
    return (len(word) == 1 and word.isalpha()) or word in ABBREVIATIONS or _DOTTED_LETTERS.fullmatch(word) is not None


def sentence_end(text: str, pos: int, limit: int) -> int:
    """Index just past the end of the sentence running from ``pos`` (at most ``limit``)."""
    for m in _END_PUNCT.finditer(text, pos, limit):
        i = m.start()
        rest = text[i + 1 : limit]
        if not rest.strip():
            return i + 1
        nxt = rest[:1]
        if nxt.isupper() and text[i] == "." and _LOWER_THREE.search(text[max(0, i - 3) : i]):
            return i + 1  # a lost space after a full stop ("Division.We look forward")
        if not (nxt.isspace() or nxt in CLOSING_MARKS or nxt == '"'):
            continue
        if text[i] == "." and _is_abbreviation(text, i):
            continue
        following = rest.lstrip(" \t\n”»\"")[:1]
        if following and (following.isupper() or following.isdigit() or following in OPENING_MARKS or following == '"'):
            return i + 1
    return limit


def sentence_start(text: str, pos: int, floor: int) -> int:
    """Index where the sentence holding ``pos`` starts (at least ``floor``)."""
    start = floor
    cursor = floor
    while cursor < pos:
        end = sentence_end(text, cursor, pos)
        if end >= pos:
            break
        start = cursor = end
    while start < pos and text[start].isspace():
        start += 1
    return start


def word_count(text: str) -> int:
    """Words of ``text``, split at white space."""
    return len(text.split())


def strip_span(text: str, start: int, end: int, chars: str = " \t\n,") -> tuple[int, int]:
    """``[start, end)`` without the ``chars`` at either end."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def first_visible(text: str, pos: int) -> int:
    """The first position at or after ``pos`` that is not white space."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos
