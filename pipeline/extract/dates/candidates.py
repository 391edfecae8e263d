"""Date candidates: the date patterns over the text, read match by match.

One alternation (:data:`DATE_PATTERN`) finds full dates ("April 10, 2018", "10 April 2018",
"2018-04-10", "4/10/2018"), month-days ("Sept. 21", "March 8-9"), months ("April 2018", "in
March"), fiscal years, year ranges, lone years, relative days ("yesterday", "last night")
and weekdays ("last Thursday", "on Friday"); "<duration> ago" comes from the duration
grammar, other languages' words from :mod:`.other_languages` and periods from
:mod:`.periods`. :func:`find_dates` then drops what :mod:`.not_dates` says is no date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from pipeline.extract.dates.not_dates import in_timestamp, reference_lists, relative_day_ok, year_ok
from pipeline.extract.dates.other_languages import local_dates
from pipeline.extract.dates.periods import find_periods
from pipeline.extract.dates.tense import SentenceStartOf, TenseOf, lean
from pipeline.extract.dates.years import FoundDate, line_start
from pipeline.extract.durations import plain_punctuation
from pipeline.lexicon import time_words
from pipeline.normalize.dates import (
    MONTH_NAME_RE,
    MONTH_RE,
    MONTHS,
    NAMED_DAY_PREFIX_RE,
    WEEKDAY_RE,
    make_date,
    month_number,
    parse_date,
    resolve_ago,
    resolve_month_day,
)
from pipeline.normalize.durations import find_ago
from pipeline.textsearch import overlaps

__all__ = ["DATE_PATTERN", "find_dates"]

# One alternation, most specific form first: at a given position the first form that matches
# wins. The leading look-behind lets the engine skip positions inside words cheaply.
DATE_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        [
            # "April 10, 2018", "Sept. 21", "March 8-9, 2008", "April 2018", "June of 2009"
            rf"(?P<mon>(?P<month>{MONTH_RE})\.?(?:"
            r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?(?P<day2>\s*(?:-|and|to|through|&)\s*\d{1,2}(?:st|nd|rd|th)?)?"
            r"(?:,?\s*(?P<year>\d{4})(?![\d-])|(?!\d|[:.]\d|\s*,?\s*\d|\s*(?:percent|%)))"
            r"|,?\s+(?:of\s+)?(?P<myear>\d{4})(?![\d-])))",
            # "10 April 2018", "the 10th of April, 2018"
            rf"(?P<dmy>(?<![$€£#.,])(?:the\s+)?(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmonth>{MONTH_RE})\b\.?"
            r"(?:,?\s+(?P<dyear>\d{4})(?![\d-])|(?!\s*,?\s*\d)))",
            r"(?P<iso>(?<![\d/.-])\d{4}[-/]\d{1,2}[-/]\d{1,2}(?![\d/.-]))",
            r"(?P<numeric>(?<![\d/.-])(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\.\d{1,2}\.\d{4}"
            r"|\d{4}\.\d{1,2}\.\d{1,2})(?![\d/.-]\d|\d))",
            r"(?P<fy>(?:FY|CY)\s?'?(?P<fyyear>\d{4}|\d{2})\b)",
            r"(?P<yrange>(?<![\w$#./-])(?P<y1>(?:1[89]|20)\d\d)\s*(?:-|to|through)\s*(?P<y2>(?:1[89]|20)\d\d|\d\d)(?![\w%-]|\.\d|,\d))",
            r"(?P<lone>(?<![\w$#€£./])(?<![\d.,]-)(?P<yy>1[0-9]\d\d|20\d\d)(?![\w%]|\.\d|,\d|-\w|/\d|\(\w))",
            r"(?P<rel>(?:today|todays|today's|yesterday|yesterdays|yesterday's|tomorrow|tomorrows|tomorrow's|tonight"
            r"|this\s+(?:morning|afternoon|evening)|last\s+(?:night|evening)|overnight)\b)",
            rf"(?P<weekday>(?:(?:last|this|next|past|coming)\s+(?:week\s+(?:on\s+)?)?(?:{WEEKDAY_RE})\b|(?:on\s+)?(?-i:{WEEKDAY_RE.title()})\b)"
            r"(?:\s+(?:of\s+)?(?:last|this|next)\s+week\b)?)",
            r"(?P<period>(?:last|this|next|earlier\s+this|later\s+this)\s+(?:month|year)\b)",
            r"(?P<monly>(?:in|since|during|until|till|by|from|through|between|last|this|next|early|late|mid|before|after|of)"
            r"[\s-]+(?:(?:early|late|mid)[\s-]+)?"
            rf"(?P<omonth>(?-i:{MONTH_NAME_RE.title()}))\b(?!\.?,?\s*(?:of\s+)?\d))",
        ]
    )
    + ")",
    re.IGNORECASE,
)

#: The named groups of :data:`DATE_PATTERN`'s forms, in its order: a match is of the first one set.
_KINDS = ("mon", "dmy", "iso", "numeric", "fy", "yrange", "lone", "rel", "weekday", "period", "monly")
#: Forms resolved against the publication date: without it they are no rows.
_RELATIVE_KINDS = frozenset({"rel", "weekday", "period", "monly"})
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|fifth)\s+$", re.IGNORECASE)
_DATE_AFTER_WEEKDAY = re.compile(rf",?\s+(?:(?:{MONTH_RE})\.?\s*\d|\d{{1,4}}[-/.]\d)", re.IGNORECASE)
_ANAPHORIC_YEAR = re.compile(r",?\s+(?:of\s+)?(?:that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+prior)\s+year\b",
                             re.IGNORECASE)
_NAMED_YEAR_AFTER = re.compile(r",?\s+(?:of\s+)?(?P<shift>last|this|next)\s+year\b", re.IGNORECASE)
_YEAR_SHIFTS = {"last": -1, "this": 0, "next": 1}
_NAME_BEFORE = re.compile(r"\b[A-Z][\w&-]*[ \t]+$")  # a capitalised word in the same line, no full stop
# "two days before yesterday", "three weeks from tomorrow": the day word alone would be the wrong day.
_COUNTED_FROM = re.compile(r"\b(?:days?|weeks?|months?|years?)\s+(?:before|after|from)\s+$", re.IGNORECASE)

# Month words that are also common English words ("may", "march"): in lower case they are dates only with a
# day and year.
_LOWER_MONTH_OK = frozenset(MONTHS) - time_words("en").everyday_words

_UNIT_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|percent\b|%)", re.IGNORECASE)
_DAY_NUMBER = re.compile(r"\d{1,2}")
_NAMED_DAY_BEFORE = re.compile(rf"\b(?:{NAMED_DAY_PREFIX_RE})\s+$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r":\s+(?:A|An|The)?\s*[A-Z][a-z]+")


def find_dates(
    text: str,
    published: dt.date | None,
    sentence_start_of: SentenceStartOf = lambda offset: 0,
    language: str | None = "en",
    tense_of: TenseOf | None = None,
) -> Iterator[FoundDate]:
    """Every date in ``text`` as (start, end, parsed), in text order.

    Args:
        text: the article text.
        published: the publication date relative expressions count from, or None to skip them.
        sentence_start_of: maps a character offset to the start of its sentence (for the
            past/future reading of yearless dates).
        language: the text's language; month and weekday names of languages other than
            English come from ``models/time_words.tsv`` (numeric dates and years need none).
        tense_of: the tense (past, present, future or None) of the clause around a span
            (:class:`ClauseTense`); yearless dates and bare weekdays follow it. Without it,
            or when it finds no verb, future words in the sentence ("will", "scheduled")
            decide, else the past.
    """
    text = plain_punctuation(text)
    not_dates = reference_lists(text)
    for start, end, parsed in _candidates(text, published, sentence_start_of, language, tense_of):
        if overlaps(start, end, not_dates) or in_timestamp(text, start, end):
            continue
        yield start, end, parsed


def _candidates(
    text: str,
    published: dt.date | None,
    sentence_start_of: SentenceStartOf,
    language: str | None,
    tense_of: TenseOf | None,
) -> Iterator[FoundDate]:
    """Every date the readers find, before the filters of :func:`find_dates`."""
    local = list(local_dates(text, published, language)) if language and language != "en" else []
    yield from local
    agos = find_ago(text)
    taken = [(start, end) for start, end, _ in agos] + [(start, end) for start, end, _ in local]
    periods = [p for p in find_periods(text, published, sentence_start_of, tense_of) if not overlaps(p[0], p[1], taken)]
    # A decade or century is no year ("the 1990's"); a week phrase yields to a weekday it names ("Tuesday of last week").
    taken += [(start, end) for start, end, parsed in periods if parsed.granularity in ("decade", "century")]
    if published is not None:
        for start, end, length in agos:
            if (parsed := resolve_ago(length, published)) is not None:
                yield start, end, parsed
    reader = _PatternReader(text, published, sentence_start_of, tense_of, taken)
    for match in DATE_PATTERN.finditer(text):
        yield from reader.read(match)
    for start, end, parsed in periods:
        if parsed.granularity != "week" or not overlaps(start, end, reader.weekday_spans):
            yield start, end, parsed


class _PatternReader:
    """The dates of :data:`DATE_PATTERN`'s matches in one text, read in text order.

    A match's reading leaves state for the later ones: a four-digit number refused as a year
    refuses the one linked to it ("Sections 1956 and 1957"), and the weekdays read let a week
    phrase naming one of them yield to it ("Tuesday of last week").
    """

    def __init__(self, text: str, published: dt.date | None, sentence_start_of: SentenceStartOf,
                 tense_of: TenseOf | None, taken: list[tuple[int, int]]) -> None:
        self.text = text
        self.published = published
        self.sentence_start_of = sentence_start_of
        self.tense_of = tense_of
        self.taken = taken  # spans other readers hold ("2013 years ago" is not the year 2013)
        self.excluded_end: int | None = None  # end of the last four-digit number refused as a year
        self.weekday_spans: list[tuple[int, int]] = []

    def read(self, match: re.Match[str]) -> Iterator[FoundDate]:
        """The dates one match gives (none, one, or several: "March 8-9, 2008" is two days)."""
        groups = match.groupdict()
        kind = next(k for k in _KINDS if groups.get(k))
        start, end = match.span(kind)
        if overlaps(start, end, self.taken):
            return
        month_word = groups["month"] or groups["dmonth"]
        full_date = bool(groups["year"] or groups["dyear"])
        if month_word and month_word.islower() and month_word.lower() not in _LOWER_MONTH_OK and not full_date:
            return  # "may", "march" in lower case are words, unless a day and year come with them
        if kind in _RELATIVE_KINDS and self.published is None:
            return
        if kind == "dmy" and not groups["dyear"] and month_word.islower():
            return
        if kind == "mon":
            yield from self._month(match, start, end)
        elif kind == "yrange":
            yield from self._year_range(groups, start, end)
        elif kind == "lone":
            yield from self._lone_year(groups, start, end)
        elif kind == "monly":
            yield from self._month_only(match, end)
        else:
            yield from self._day(match, kind, start, end)

    def _lean(self, start: int, end: int) -> tuple[str, int]:
        return lean(self.text, start, end, self.sentence_start_of, self.tense_of)

    def _month(self, match: re.Match[str], start: int, end: int) -> Iterator[FoundDate]:
        """ "April 10, 2018", "Sept. 21", "March 8-9, 2008", "April 2018", "June of 2009"."""
        text, groups = self.text, match.groupdict()
        prefer, soon_days = self._lean(start, end)
        second_day = groups["day2"]
        if second_day and not groups["year"] and _UNIT_AFTER.match(text, match.end("day2")):
            end = match.start("day2")  # "sentenced on Aug. 6 to 30 months": the second number is no day
            second_day = None
        month = month_number(groups["month"])
        if groups["myear"]:
            if parsed := make_date(int(groups["myear"]), month):
                yield start, end, parsed
            return
        days = [int(groups["day"])] + [int(d) for d in _DAY_NUMBER.findall(second_day or "")]
        for day in days:
            if groups["year"]:
                parsed = make_date(int(groups["year"]), month, day)
            elif self.published is not None and month and (value := resolve_month_day(month, day, self.published, prefer=prefer,
                                                                                         soon_days=soon_days)):
                parsed = make_date(value.year, value.month, value.day, relative=True)
            else:
                parsed = None
            if parsed is not None:
                yield start, end, parsed

    def _year_range(self, groups: dict[str, str | None], start: int, end: int) -> Iterator[FoundDate]:
        """ "2010-2014", "2010 to 14": two years, each its own row."""
        first = int(groups["y1"])
        second_text = groups["y2"]
        second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
        if second <= first or not year_ok(self.text, start, end, first, self.excluded_end):
            return
        yield start, start + 4, make_date(first)
        yield end - len(second_text), end, make_date(second)

    def _lone_year(self, groups: dict[str, str | None], start: int, end: int) -> Iterator[FoundDate]:
        """ "2015", unless its surroundings say it is no year."""
        text = self.text
        if _TITLE_AFTER.match(text, end) and text[line_start(text, start) : start].strip():
            return  # "from 2001: A Space Odyssey": a year opening a title is part of a name
        year = int(groups["yy"])
        if not year_ok(text, start, end, year, self.excluded_end):
            self.excluded_end = end
            return
        yield start, end, make_date(year)

    def _month_only(self, match: re.Match[str], end: int) -> Iterator[FoundDate]:
        """ "in March", "since early April": a yearless month after a preposition."""
        text = self.text
        prefer, soon_days = self._lean(match.start("omonth"), end)
        start, end = match.span("omonth")
        if _ANAPHORIC_YEAR.match(text, end):
            return  # "in April of that year": the year is one named earlier, not the publication's
        if self.published is not None and (named := _NAMED_YEAR_AFTER.match(text, end)):
            shift = _YEAR_SHIFTS[named["shift"].lower()]  # "the end of May last year"
            if (parsed := make_date(self.published.year + shift, month_number(text[start:end]), relative=True)) is not None:
                yield start, end, parsed
            return
        parsed = parse_date(text[start:end], self.published, prefer=prefer, soon_days=soon_days)
        if parsed is not None:
            yield start, end, parsed

    def _day(self, match: re.Match[str], kind: str, start: int, end: int) -> Iterator[FoundDate]:
        """Full and numeric dates, fiscal years, relative days, weekdays and "last month"."""
        text = self.text
        prefer, soon_days = self._lean(start, end)
        if kind == "rel" and not self._names_a_day(start, end):
            return
        if kind == "weekday":
            if not self._weekday_ok(start, end):
                return
            if text[start : start + 3].lower() == "on ":
                start += 3  # "on Wednesday": the date is the weekday
            self.weekday_spans.append(match.span(kind))
        parsed = parse_date(text[start:end], self.published, prefer=prefer, soon_days=soon_days)
        if parsed is not None:
            yield start, end, parsed

    def _names_a_day(self, start: int, end: int) -> bool:
        """Whether a relative day word ("today", "overnight") names a day near publication."""
        text = self.text
        if not relative_day_ok(text, start, end):
            return False
        # "two days before yesterday"; "USA Today", "Homeland Security Today" are names
        return not (_COUNTED_FROM.search(text, max(0, start - 30), start)
                    or (text[start].isupper() and _NAME_BEFORE.search(text, max(0, start - 40), start)))

    def _weekday_ok(self, start: int, end: int) -> bool:
        """Whether a weekday stands for itself, and not for a date beside it or a named day."""
        text = self.text
        if _DATE_AFTER_WEEKDAY.match(text, end) or _ORDINAL_BEFORE.search(text, max(0, start - 12), start):
            return False  # "Tuesday, April 10, 2018": the date says it all; "the first Friday of July" is no weekday we can place
        if (named := _NAMED_DAY_BEFORE.search(text, max(0, start - 30), start)) and named.group(0)[0].isupper():
            return False  # "Black Friday", "Super Tuesday": a name, not a weekday near publication
        return True
