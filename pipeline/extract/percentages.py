"""Percentages: "40 percent", "40%", "between 10 and 20 percent", "one hundred percent", "-5%".

Character-level patterns over the article text (a percent sign or word after a number,
digits or words), qualified by the words before them (``models/qualifiers.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from pipeline import lexicon
from pipeline.extract.view import DocView
from pipeline.normalize.numbers import parse_number
from pipeline.normalize.qualifiers import qualifier_before_span
from pipeline.records import Percentage
from pipeline.textsearch import finditer_near_cues

__all__ = ["PERCENT", "extract_percentages", "percent_matches"]

_PERCENT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\.\d+|(?i:[^\W\d_]+(?:[\s-]+[^\W\d_]+){0,4}))"
# "%" followed by two hex digits is URL encoding ("30%25"), not a percentage.
_PERCENT_SIGN = r"(?:\s?%(?![0-9A-Fa-f]{2}|\w)|\s*-?\s*(?i:per\s?cent(?:age)?s?|pct\.?|prozent)(?![a-z]))"
PERCENT = re.compile(
    rf"(?<![\w%=/?&.])(?P<neg>(?<![\w-])-|(?i:minus|negative)\s+)?"
    rf"(?:(?P<low>{_PERCENT_NUMBER})(?P<lowsign>{_PERCENT_SIGN})?\s*(?P<link>-|–|—|(?i:to|and))\s*)?"
    rf"(?P<num>{_PERCENT_NUMBER}){_PERCENT_SIGN}"
)
# Trying PERCENT at every word start backtracks through the next five words each time. Every
# match ends in a "%" or a percent word, and it holds at most 16 runs of characters other than
# spaces and hyphens (a sign word, five number words, "per cent", a link word, five number
# words, "per cent"), so the pattern is tried only within 16 such runs before a percent cue (a
# leading "-", as in "-5%", comes after the start of the run before its first run).
_PERCENT_CUE = re.compile(r"%|(?i:per\s?cent|pct|prozent)")
_PERCENT_RUN = re.compile(r"[^\s-]+")
_PERCENT_MAX_RUNS = 16
_PERCENT_OF = re.compile(rf"(?i:per\s?cents?|percents?|percentages?)\s+of\s+(?P<num>{_PERCENT_NUMBER})(?![\w])")


def percent_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``PERCENT.finditer(text)``, looked for only just before a percent cue."""
    return finditer_near_cues(PERCENT, text, _PERCENT_CUE, _PERCENT_RUN, _PERCENT_MAX_RUNS)


def _word_number_tail(text: str, language: str = "en") -> tuple[Decimal, int] | None:
    """The number at the end of a run of words ("increased by twenty" → 20), and where it starts."""
    words = list(re.finditer(r"[^\W_]+(?:[.,]\d+)*", text))
    for index in range(len(words)):
        value = parse_number(text[words[index].start() :], language=language)
        if value is not None:
            return value, words[index].start()
    return None


class _PercentValue(NamedTuple):
    """What a percentage reads: its value, the top of a range, its qualifier."""

    value: Decimal
    value_high: Decimal | None = None
    qualifier: str = "exact"


def extract_percentages(view: DocView) -> list[Percentage]:
    """One row per percentage ("40 percent", "40%", "between 10 and 20 percent", "one hundred percent")."""
    text = view.text
    language = view.language if view.language in lexicon.number_languages() else "en"
    rows: list[Percentage | None] = []
    for match in percent_matches(text):
        read = _word_number_tail(match.group("num"), language)
        if read is None:
            continue
        value, offset = read
        start = match.start("num") + offset
        reading = _PercentValue(value)
        if match.group("low"):
            low = _word_number_tail(match.group("low"), language)
            whole = parse_number(text[match.start("low") + (low[1] if low else 0) : match.end("num")], language=language)
            if whole is not None and low is not None and not match.group("lowsign"):  # "Sixty-two percent": one number
                reading, start = _PercentValue(whole), match.start("low") + low[1]
            elif low is not None and low[0] < value and (match.group("link").lower() != "and" or _between(text, match.start("low"))):
                reading = _PercentValue(low[0], value, "range")
                start = match.start("low") + low[1]
        if match.group("neg"):
            reading = reading._replace(value=-reading.value)
            start = match.start()
        rows.append(_percentage(view, start, match.end(), reading))
    for match in _PERCENT_OF.finditer(text):
        value = parse_number(match.group("num"))
        if value is not None and not any(r.start <= match.start() < r.end for r in rows if r is not None):
            rows.append(_percentage(view, match.start(), match.end(), _PercentValue(value)))
    return [r for r in rows if r is not None]


def _between(text: str, start: int) -> bool:
    return bool(re.search(r"(?i:between)\s+$", text[max(0, start - 12) : start]))


def _percentage(view: DocView, start: int, end: int, reading: _PercentValue) -> Percentage | None:
    span = view.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    text, qualifier = view.text, reading.qualifier
    if qualifier == "exact":
        sentence_start = view.sentences.sentence_chars(span)[0] if view.sentences.annotated else 0
        qualifier, width = qualifier_before_span(text[max(sentence_start, start - 60) : start])
        if qualifier == "range":
            qualifier, width = "exact", 0
        start -= width
    high = float(reading.value_high) if reading.value_high is not None else None
    return Percentage(text=text[start:end], value=float(reading.value), value_high=high, qualifier=qualifier,
                      start=start, end=end, sentence=view.mention(span).sentence)
