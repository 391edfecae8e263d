"""Periods as TimeML writes them: weeks ("2013-W11"), quarters ("2013-Q1"), seasons
("2012-SU"), decades ("199") and centuries ("19").

"last week", "this weekend", "the first quarter of 2007", "Q3 2019", "next spring", "summer
2012", "the 1990s", "the '90s", "the 20th century", "this century". A yearless ordinal
quarter is a calendar quarter only in business copy ("scored in the fourth quarter" is a
game's); "the 1800s" is the 19th century; "1990's figures" is a year's possessive.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from pipeline.extract.dates.tense import SentenceStartOf, TenseOf, lean
from pipeline.extract.durations import trigger_windows
from pipeline.normalize.dates import (
    SEASONS,
    WEEKDAY_RE,
    ParsedDate,
    make_century,
    make_decade,
    make_quarter,
    make_season,
    resolve_quarter,
    resolve_season,
    resolve_week,
)
from pipeline.normalize.numbers import parse_ordinal

__all__ = ["find_periods"]

# Periods the tables hold with TimeML's value forms: weeks, quarters, seasons, decades, centuries.
_SEASON_WORDS = "|".join(SEASONS)  # spring, summer, autumn, fall, winter
_PERIOD_RE = re.compile(
    r"(?<![\w'-])(?:"
    # "last week", "this weekend", "earlier this week" (not "the past week", a length of time)
    r"(?<!the\s)(?P<wshift>last|this|next|coming|(?:earlier|later|early|late)\s+(?:this|next|last))\s+(?P<wunit>week|weekend)\b"
    rf"(?!\s+(?:on\s+)?(?:{WEEKDAY_RE})\b)"  # "next week on Friday" is that Friday
    # "the first quarter of 2007", "third-quarter", "Q3 2019", "last quarter"
    r"|(?:the\s+)?(?P<qord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\s-]+quarter"
    r"(?:\s+(?:of|in)\s+(?:(?:fiscal|calendar)\s+)?(?P<qyear>(?:1[89]|20)\d\d))?\b"
    r"|(?-i:Q(?P<qnum>[1-4]))(?:\s+(?P<qyear2>(?:1[89]|20)\d\d))?\b"
    r"|(?P<qshift>this|next|current)\s+quarter\b"
    # "last summer", "next spring", "summer 2012", "the winter of 2009"
    rf"|(?P<sshift>last|this|next|coming|past|early|late|mid)[\s-]+(?P<season>{_SEASON_WORDS})\b(?!\s+(?:of\s+)?\d)"
    rf"|(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<yseason>{_SEASON_WORDS})\s+(?:of\s+)?(?P<syear>(?:1[89]|20)\d\d)(?![\d-])"
    # "the 1990s", "the late 1980's", "the '90s", "1800s" (a century), "the 20th century", "this century"
    r"|(?:(?P<dthe>the|early|mid|late)[\s-]+(?:(?:early|mid|late)[\s-]+)?)?(?P<decade>(?:1[0-9]|20)\d0)(?P<dapo>')?s(?!\w)"
    r"|the\s+(?:(?:early|mid|late)[\s-]+)?'(?P<decyy>\d0)s(?!\w)"
    r"|(?:the\s+)?(?P<cord>\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)[\s-]+century\b"
    r")",
    re.IGNORECASE,
)
# A yearless ordinal quarter is a calendar quarter in business copy; in sports it is a part of a game.
_BUSINESS_WORDS = re.compile(r"\b(?:earnings|results|revenues?|sales|profits?|loss(?:es)?|growth|gdp|economy|fiscal|quarterly"
                             r"|percent|shares|billion|million|guidance|forecast|output|inflation)\b|[%$€£]", re.IGNORECASE)
_CENTURY_SHIFT = {"this": 0, "last": -1, "next": 1, "current": 0, "previous": -1}

# The words every period has: the full pattern runs only in windows around them (it is slow to try at
# every character of a long text, and most texts have few periods).
_PERIOD_TRIGGER = re.compile(rf"week|quarter|(?-i:Q[1-4])|{_SEASON_WORDS}|\d0'?s\b|centur", re.IGNORECASE)
_PERIOD_BEFORE, _PERIOD_AFTER = 60, 30  # characters a period can reach before and after its trigger word


def _period_matches(text: str) -> Iterator[re.Match[str]]:
    last_end = -1
    for start, end in trigger_windows(text, _PERIOD_TRIGGER, _PERIOD_BEFORE, _PERIOD_AFTER):
        # Look-behinds still see the text before a window's start, so matches are those of the whole text
        # (a match is never cut: a period is shorter than the reach around its trigger).
        for match in _PERIOD_RE.finditer(text, max(start, last_end), end):
            last_end = match.end()
            yield match


def find_periods(text: str, published: dt.date | None, sentence_start_of: SentenceStartOf,
                 tense_of: TenseOf | None) -> Iterator[tuple[int, int, ParsedDate]]:
    """Weeks, quarters, seasons, decades and centuries as (start, end, parsed), in text order.

    Periods counted from the publication ("last week", "next spring") are skipped when
    ``published`` is None; yearless quarters and seasons lean by their clause's tense.
    """
    for match in _period_matches(text):
        start, end = match.span()
        parsed: ParsedDate | None = None
        if match["wunit"]:
            if published is None:
                continue
            shift = match["wshift"].lower().split()[-1]
            parsed = resolve_week(shift, published, weekend=match["wunit"].lower() == "weekend")
        elif match["qord"] or match["qnum"]:
            quarter = int(match["qnum"]) if match["qnum"] else (parse_ordinal(match["qord"]) or 4)
            year = match["qyear"] or match["qyear2"]
            if year:
                parsed = make_quarter(int(year), quarter)
            elif match["qord"] and match["qord"].lower() == "last":
                continue  # "the last quarter": the one before this, or the fourth? Too vague without a year
            elif published is not None:
                sentence_start, sentence_end = sentence_start_of(start), text.find("\n", end)
                if match["qord"] and not _BUSINESS_WORDS.search(text, sentence_start, sentence_end if sentence_end > 0 else len(text)):
                    continue  # "scored in the fourth quarter": a game's quarter
                parsed = resolve_quarter(quarter, published, prefer=lean(text, start, end, sentence_start_of, tense_of)[0])
        elif match["qshift"]:
            if published is None:
                continue
            quarter = (published.month - 1) // 3 + 1 + (match["qshift"].lower() == "next")
            parsed = make_quarter(published.year + (quarter > 4), (quarter - 1) % 4 + 1, relative=True)
        elif match["season"]:
            if published is None:
                continue
            shift = match["sshift"].lower()
            prefer = lean(text, start, end, sentence_start_of, tense_of)[0]
            parsed = resolve_season(match["season"], published, shift=shift if shift in ("last", "this", "next", "coming", "past") else None,
                                    prefer=prefer)
            if shift in ("early", "late", "mid"):
                start = match.start("season")
        elif match["yseason"]:
            parsed = make_season(int(match["syear"]), match["yseason"])
        elif match["decade"]:
            first = int(match["decade"])
            if match["dapo"] and not match["dthe"]:
                continue  # "1990's figures": a year's possessive, not a decade
            if first % 100 == 0 and first < 2000:
                parsed = make_century(first // 100 + 1)  # "the 1800s" is the 19th century
            else:
                parsed = make_decade(first)
        elif match["decyy"]:
            two = int(match["decyy"])
            century = 2000 if published is not None and two <= published.year % 100 - 10 else 1900
            parsed = make_decade(century + two)
        elif match["cord"]:
            word = match["cord"].lower()
            if word in _CENTURY_SHIFT:
                if published is None:
                    continue
                parsed = make_century(published.year // 100 + 1 + _CENTURY_SHIFT[word], relative=True)
            elif (ordinal := parse_ordinal(word)) is not None and ordinal <= 21:
                parsed = make_century(ordinal)
        if parsed is not None:
            yield start, end, parsed

