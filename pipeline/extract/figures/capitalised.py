"""Figures in a language whose nouns are capitalised and the parser does not read (German).

"sieben Staaten", "14 hochwertige Fahrzeuge", "mehr als 3.200 Anlegerinnen und Anleger": a
number (digits or a number word of ``models/number_words.tsv``) before a capitalised noun.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pipeline import lexicon
from pipeline.extract.figures.nouns import sentence_start_of
from pipeline.extract.view import DocView
from pipeline.lexicon import figure_words
from pipeline.normalize.numbers import parse_number
from pipeline.normalize.qualifiers import qualifier_before_span
from pipeline.records import Figure
from pipeline.textsearch import overlaps

__all__ = ["figures_by_capitals"]


@lru_cache(maxsize=4)
def _capitalised_noun_figure(language: str) -> re.Pattern[str]:
    """A number, up to two lower-case adjectives and a capitalised noun (German writes nouns capitalised).

    "sieben Staaten", "14 hochwertige Fahrzeuge", "mehr als 3.200 Anlegerinnen und Anleger".
    """
    words = sorted(lexicon.number_words(language).words(), key=len, reverse=True)
    word_number = "|".join(re.escape(w) for w in words)
    return re.compile(
        rf"(?<![\w.,])(?P<num>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|(?i:{word_number}))\s+"
        r"(?P<noun>(?:[a-zäöüß]+\s+){0,2}[A-ZÄÖÜ][\wäöüß-]*(?:\s+und\s+[A-ZÄÖÜ][\wäöüß-]*)?)"
    )


def figures_by_capitals(view: DocView, *, taken: Sequence[tuple[int, int]]) -> list[Figure]:
    """Figures in a language the parser does not read (German): a number before a capitalised noun."""
    language = view.language or ""
    if language not in lexicon.number_languages():
        return []
    rows = []
    doc, text = view.doc, view.text
    units = figure_words().units
    for match in _capitalised_noun_figure(language).finditer(text):
        start, end = match.start("num"), match.end("noun")
        noun = match.group("noun")
        head = noun.split()[-1]
        if overlaps(start, end, taken) or head.lower() in units or noun.split()[0].lower() in units:
            continue
        if re.fullmatch(r"\d{4,}", match.group("num")) or any(w.lower() in units for w in noun.split()):
            continue  # a year, or a measure ("zwei Jahre", "48 Millionen Euro")
        value = parse_number(match.group("num"), language=language)
        if value is None or (match.group("num").isalpha() and match.group("num")[0].isupper() and start > 0
                             and not text[start - 2 : start].strip(" ").endswith((".", "\n"))):
            continue
        if value == 1 and match.group("num").isalpha():
            continue  # "ein"/"eine" are articles far more often than counts
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        sentence_start = sentence_start_of(view, span)
        qualifier, width = qualifier_before_span(text[max(sentence_start, start - 60) : start])
        if qualifier == "range":
            qualifier, width = "exact", 0
        rows.append(Figure(text=text[start - width : end], value=float(value), value_high=None, qualifier=qualifier,
                           noun=noun, start=start - width, end=end, sentence=view.mention(span).sentence))
    return rows
