"""Date expressions → ISO dates at the granularity the text gives (year, month or day).

Pure string functions, no spaCy. Common forms ("April 10, 2018", "Sept. 21, 2011",
"April 2018", "2015", "2018-04-10", "4/10/2018") take a fast deterministic path; relative
expressions ("yesterday", "last Thursday", "last month", "two years ago") are resolved
here against the publication date; anything else goes to one ``dateparser`` parser
built once per process (dateparser builds a new parser on every call that passes
settings, which is slow).

The rule every function keeps: never invent a part the text does not give. "April
2018" is ``2018-04`` (granularity month), not 2018-04-01; ``date`` is only the first day
of the period, for sorting and Parquet's ``date32``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from collections.abc import Iterable
from typing import Any

from pipeline.lexicon import time_words
from pipeline.normalize.durations import ParsedDuration, parse_duration

__all__ = [
    "POINT_GRANULARITIES",
    "SEASONS",
    "make_century",
    "make_decade",
    "make_quarter",
    "make_season",
    "make_week",
    "resolve_quarter",
    "resolve_season",
    "resolve_week",
    "MONTHS",
    "MONTH_NAMES",
    "MONTH_NAME_RE",
    "MONTH_RE",
    "NAMED_DAY_PREFIX_RE",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "WEEKDAY_OR_ABBREVIATION_RE",
    "WEEKDAY_RE",
    "ParsedDate",
    "WrittenDay",
    "month_number",
    "parse_date",
    "read_day",
    "resolve_ago",
    "resolve_month",
    "resolve_month_day",
    "resolve_relative",
    "resolve_weekday",
    "year_from_text",
]

#: Year, month and day: the points the gold annotates. A date row may also be a period (century,
#: decade, season, quarter, week), written with TimeML's value forms ("2013-W11", "2013-Q1",
#: "2012-SU", "199" for the 1990s, "19" for the 20th century).
POINT_GRANULARITIES = frozenset({"year", "month", "day"})

#: TimeML's season codes and the month each season starts in (northern meteorological seasons;
#: winter belongs to the year of its December).
SEASONS: dict[str, tuple[str, int]] = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9),
                                       "winter": ("WI", 12)}

_ENGLISH = time_words("en")

#: English month names (``models/time_words.tsv``, the one home of calendar words): name → 1–12.
MONTH_NAMES: dict[str, int] = dict(_ENGLISH.months)
#: Month names and the abbreviations news and press releases use ("Sept.", "Jan").
MONTHS: dict[str, int] = {**_ENGLISH.months, **_ENGLISH.month_abbreviations}
#: English weekday names: name → 0 (Monday) … 6 (Sunday).
WEEKDAY_NAMES: dict[str, int] = dict(_ENGLISH.weekdays)
#: Weekday names and their abbreviations ("Tues", "Thurs").
WEEKDAYS: dict[str, int] = {**_ENGLISH.weekdays, **_ENGLISH.weekday_abbreviations}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so "Sept" wins over "Sep"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


#: Named days ending in a weekday ("Black Friday"): the words before the weekday, as a regex alternation.
NAMED_DAY_PREFIX_RE = "|".join(sorted({re.escape(name.rsplit(" ", 1)[0]).replace(r"\ ", r"\s+") for name in _ENGLISH.named_days},
                                      key=len, reverse=True))

#: Regex alternations (lower case; compile with IGNORECASE) of month names with abbreviations,
#: full month names, full weekday names, and weekday names with abbreviations.
MONTH_RE = _alternation(MONTHS)
MONTH_NAME_RE = _alternation(MONTH_NAMES)
WEEKDAY_RE = _alternation(WEEKDAY_NAMES)
WEEKDAY_OR_ABBREVIATION_RE = _alternation(WEEKDAYS)

_ORD = r"(?:st|nd|rd|th)?"
_MONTH = rf"(?P<month>{MONTH_RE})\.?"
_YEAR = r"(?P<year>\d{4})"

# Whole-string forms of the fast path (the extractor finds them in running text with its own
# patterns; these are for normalising one expression).
_FAST_FORMS = [
    # "Nov. 1. 2011": some newsrooms' datelines put a full stop after the day.
    (re.compile(rf"(?:(?:{WEEKDAY_RE}),?\s+)?{_MONTH}\s*(?P<day>\d{{1,2}}){_ORD}[,.]?\s*{_YEAR}", re.I), "day"),
    (re.compile(rf"(?:(?:{WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH},?\s*{_YEAR}", re.I), "day"),
    (re.compile(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}", re.I), "month"),
    (re.compile(rf"(?:(?:{WEEKDAY_RE}),?\s+)?{_MONTH}\s*(?P<day>\d{{1,2}}){_ORD}", re.I), "month-day"),
    (re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"), "iso"),
    (re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})"), "iso"),
    (re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})"), "numeric"),
    (re.compile(r"(?P<a>\d{1,2})-(?P<b>\d{1,2})-(?P<year>\d{4})"), "numeric"),
    # Dotted dates are European: day first ("13.5.2015"), or year first ("2015.5.13").
    (re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"), "iso"),
    (re.compile(r"(?P<year>\d{4})\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})"), "iso"),
    (re.compile(rf"(?:(?:{WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}", re.I), "month-day"),
    (re.compile(r"(?:(?:fiscal|calendar|tax)\s+years?\s+|fy\s*|cy\s*)?(?P<year>\d{4})", re.I), "year"),
]

_RELATIVE_DAY = {"today": 0, "todays": 0, "today's": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                 "this evening": 0, "yesterday": -1, "yesterdays": -1, "yesterday's": -1, "tomorrow": 1,
                 "tomorrows": 1, "tomorrow's": 1, "last night": -1, "last evening": -1,
                 "overnight": -1}  # the night that ends on the publication day began the day before
_RELATIVE_PERIOD = re.compile(
    r"(?:(?P<shift>last|past|previous|this|current|next|coming|earlier\s+this|later\s+this)\s+)(?P<unit>month|year)",
    re.I,
)
_WEEKDAY_PHRASE = re.compile(
    rf"(?:(?P<shift>last|this|next|past|on|coming)\s+)?(?:(?P<week_before>last|this|next)\s+week\s+(?:on\s+)?)?"
    rf"(?P<weekday>{WEEKDAY_RE})(?:\s+(?:of\s+)?(?P<week_after>last|this|next)\s+week)?",
    re.I,
)
_MONTH_ONLY = re.compile(rf"(?:(?P<shift>last|this|next|past|early|late|mid|earlier\s+this)[\s-]+)?{_MONTH}", re.I)

_PAST, _FUTURE, _NEAREST = "past", "future", "nearest"
#: How a numeric date ("4/13/2024", "13-4-2024") is read: month first unless the first number cannot be
#: a month, or only when one number cannot be a month (a day-first "3/4/2024" is no date then).
MONTH_FIRST, UNAMBIGUOUS = "month_first", "unambiguous"
#: A leap year, to check a day written without its year ("Feb. 29" may be one).
_LEAP_YEAR = 2000


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A normalised date: ``iso`` at the text's granularity, ``date`` the period's first day."""

    iso: str
    date: dt.date
    granularity: str
    relative: bool = False


@dataclass(frozen=True, slots=True)
class WrittenDay:
    """A calendar day as a text writes it: ``year`` is None when the text leaves it out ("Jan. 28")."""

    month: int
    day: int
    year: int | None = None


def month_number(word: str) -> int | None:
    """The month (1–12) a month name or abbreviation names ("Sept." → 9), else None."""
    return MONTHS.get(word.lower().rstrip("."))


def make_date(year: int, month: int | None = None, day: int | None = None, *, relative: bool = False) -> ParsedDate | None:
    """A :class:`ParsedDate` at the finest part given, or None when the parts are not a real date."""
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return None
    if month is None:
        return ParsedDate(f"{year:04d}", dt.date(year, 1, 1), "year", relative)
    if day is None:
        return ParsedDate(f"{year:04d}-{month:02d}", dt.date(year, month, 1), "month", relative)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    value = dt.date(year, month, day)
    return ParsedDate(value.isoformat(), value, "day", relative)


def make_week(day: dt.date, *, weekend: bool = False, relative: bool = True) -> ParsedDate:
    """The ISO week holding ``day`` ("2013-W11"), or its weekend ("2013-W11-WE")."""
    year, week, _ = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    iso = f"{year:04d}-W{week:02d}" + ("-WE" if weekend else "")
    return ParsedDate(iso, monday + dt.timedelta(days=5) if weekend else monday, "week", relative)


def make_quarter(year: int, quarter: int, *, relative: bool = False) -> ParsedDate | None:
    """A calendar quarter ("2013-Q1"), or None for a quarter outside 1–4."""
    if not 1 <= quarter <= 4 or not 1 <= year <= 9999:
        return None
    return ParsedDate(f"{year:04d}-Q{quarter}", dt.date(year, 3 * quarter - 2, 1), "quarter", relative)


def make_season(year: int, season: str, *, relative: bool = False) -> ParsedDate | None:
    """A season of ``year`` ("summer" of 2012 → "2012-SU"), or None for an unknown season word."""
    found = SEASONS.get(season.lower())
    if found is None or not 1 <= year <= 9999:
        return None
    code, month = found
    return ParsedDate(f"{year:04d}-{code}", dt.date(year, month, 1), "season", relative)


def make_decade(first_year: int, *, relative: bool = False) -> ParsedDate | None:
    """The decade starting at ``first_year`` (1990 → "199"), or None when it is not a decade's first year."""
    if first_year % 10 or not 10 <= first_year <= 9990:
        return None
    return ParsedDate(f"{first_year // 10:03d}", dt.date(first_year, 1, 1), "decade", relative)


def make_century(ordinal: int, *, relative: bool = False) -> ParsedDate | None:
    """The ``ordinal``-th century (20 → "19", the years 1900–1999, as TimeML writes it)."""
    if not 1 <= ordinal <= 99:
        return None
    return ParsedDate(f"{ordinal - 1:02d}", dt.date(max(1, (ordinal - 1) * 100), 1, 1), "century", relative)


def resolve_week(shift: str, published: dt.date, *, weekend: bool = False) -> ParsedDate:
    """"last week", "this weekend", "next week" counted from the publication's week."""
    delta = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(shift.lower(), 0)
    return make_week(published + dt.timedelta(weeks=delta), weekend=weekend)


def resolve_quarter(quarter: int, published: dt.date, *, prefer: str = _PAST) -> ParsedDate | None:
    """A yearless quarter ("the third quarter"): the latest one begun by publication, or the next one ahead."""
    year = published.year
    begun = dt.date(year, 3 * quarter - 2, 1) <= published
    if prefer == _FUTURE:
        ends = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
        year = year if ends > published else year + 1
    elif not begun:
        year -= 1
    return make_quarter(year, quarter, relative=True)


def resolve_season(season: str, published: dt.date, *, shift: str | None = None, prefer: str = _PAST) -> ParsedDate | None:
    """A season named without a year: "last summer", "this winter", "next spring", "in the fall".

    "last" is the latest such season already over by publication, "next" the first one not yet
    begun, "this" (or none) the one of the publication's season year, leaning as ``prefer`` says.
    """
    found = SEASONS.get(season.lower())
    if found is None:
        return None
    start_month = found[1]

    def starts(year: int) -> dt.date:
        return dt.date(year, start_month, 1)

    def ends(year: int) -> dt.date:
        return dt.date(year + (start_month + 3 > 12), (start_month + 2) % 12 + 1, 1)

    shift = (shift or "").lower()
    year = published.year - 1 if start_month == 12 and published.month < 3 else published.year  # January's winter began in December
    if shift in ("last", "past"):
        year = max(y for y in (published.year - 2, published.year - 1, published.year) if ends(y) <= published)
    elif shift in ("next", "coming") or (not shift and prefer == _FUTURE and ends(year) <= published):
        year = min(y for y in (published.year - 1, published.year, published.year + 1) if starts(y) > published)
    elif not shift and prefer == _PAST and starts(year) > published:
        year -= 1
    return make_season(year, season, relative=True)


def resolve_month_day(month: int, day: int, published: dt.date, *, prefer: str = _PAST,
                      soon_days: int = 31) -> dt.date | None:
    """The year of a yearless "April 10" in an article published on ``published``.

    News style leaves the year out for dates of the publication year, so the date is the
    nearest one on or before publication ("April 10" in a release of 2018-04-13 is
    2018-04-10; "Feb. 19" in one of 2017-10-19 is 2017-02-19) unless it reads as still to
    come: ``prefer="future"`` (the sentence says "scheduled", "will") or the date falls
    within ``soon_days`` after publication ("Judgment Expires May 12" on May 11).
    ``prefer="nearest"`` takes the nearest such day on either side (the year before, the same
    or the next; the earlier on a tie), for a reference date that is not the publication's:
    a dateline's "Jan. 2" near a text's "Dec. 30, 2011" is 2012-01-02.
    """
    if day > 31 or not 1 <= month <= 12:
        return None
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        if day <= calendar.monthrange(year, month)[1]:
            candidates.append(dt.date(year, month, day))
    if prefer == _NEAREST:
        return min(candidates, key=lambda candidate: abs((candidate - published).days), default=None)
    past = [c for c in candidates if c <= published]
    future = [c for c in candidates if c > published or (c == published and prefer == _FUTURE)]
    if future and (prefer == _FUTURE or (future[0] - published).days <= soon_days):
        return future[0]
    return past[-1] if past else None


def resolve_month(month: int, published: dt.date, *, prefer: str = _PAST, shift: str | None = None) -> tuple[int, int]:
    """(year, month) for a yearless month name: the nearest such month on or before publication.

    "last March" excludes the publication month itself; "next March" and a future
    ``prefer`` look forward.
    """
    shift = (shift or "").lower()
    forward = prefer == _FUTURE or shift in ("next",)
    if forward:
        year = published.year if month > published.month or (month == published.month and shift != "next") else published.year + 1
    elif shift in ("last", "past"):
        year = published.year if month < published.month else published.year - 1
    else:
        year = published.year if month <= published.month else published.year - 1
    return year, month


def resolve_weekday(weekday: int, published: dt.date, *, shift: str | None = None, prefer: str = _PAST) -> dt.date:
    """The date of a weekday named in a release: the nearest one on or before publication.

    Press releases report what happened ("pleaded guilty on Wednesday"), so a bare weekday
    is the latest such day up to publication; "last Thursday" is strictly before it;
    "next Monday" or a future ``prefer`` ("is scheduled for Monday") looks forward.
    """
    shift = (shift or "").lower()
    if shift == "this":  # the one in the publication's week (weeks start on Monday)
        return published + dt.timedelta(days=weekday - published.weekday())
    if shift in ("next", "coming") or (prefer == _FUTURE and shift not in ("last", "past")):
        ahead = (weekday - published.weekday()) % 7
        if shift in ("next", "coming") and ahead == 0:
            ahead = 7
        return published + dt.timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7
    if shift in ("last", "past") and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def resolve_relative(text: str, published: dt.date, *, prefer: str = _PAST) -> ParsedDate | None:
    """A relative expression ("yesterday", "last month", "Tuesday", "two years ago", "in March") as a date.

    Args:
        text: the whole expression.
        published: the article's publication date, which relative expressions count from.
        prefer: ``"past"`` (default) or ``"future"`` for bare weekdays and months in a
            sentence about what is still to come ("is scheduled for Monday").
    """
    key = " ".join(text.lower().split())
    if key.startswith("the "):
        key = key[4:]
    if key in _RELATIVE_DAY:
        day = published + dt.timedelta(days=_RELATIVE_DAY[key])
        return make_date(day.year, day.month, day.day, relative=True)
    if match := _RELATIVE_PERIOD.fullmatch(key):
        shift = " ".join(match["shift"].split())
        delta = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(shift, 0)
        if match["unit"] == "year":
            return make_date(published.year + delta, relative=True)
        year, month = _shift_month(published.year, published.month, delta)
        return make_date(year, month, relative=True)
    if match := _WEEKDAY_PHRASE.fullmatch(key):
        weekday = WEEKDAYS[match["weekday"]]
        week = (match["week_before"] or match["week_after"] or "").lower()
        if week:  # "Tuesday next week", "last week Sunday": that week's day (weeks start on Monday)
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks={"last": -1, "next": 1}.get(week, 0))
            day = monday + dt.timedelta(days=weekday)
        else:
            day = resolve_weekday(weekday, published, shift=match["shift"], prefer=prefer)
        return make_date(day.year, day.month, day.day, relative=True)
    if key.endswith(" ago") and (length := parse_duration(key[: -len(" ago")])) is not None:
        return resolve_ago(length, published)
    if match := _MONTH_ONLY.fullmatch(key):
        shift = match["shift"]
        if shift and shift.startswith("earlier"):
            shift = "this"
        year, month = resolve_month(MONTHS[match["month"]], published, prefer=prefer,
                                    shift=shift if shift in ("last", "next", "past") else None)
        return make_date(year, month, relative=True)
    return None


def resolve_ago(length: ParsedDuration, published: dt.date) -> ParsedDate | None:
    """The date ``length`` before publication ("two years ago" → the year before last).

    The granularity is the finest unit the text names: "two years ago" is a year, "eight
    months ago" a month, "six days ago" (or "an hour ago") a day.
    """
    parts = dict(length.parts)
    if any(isinstance(v, Decimal) and v != v.to_integral_value() for v in parts.values()):
        return None  # "1.5 years ago" names no calendar period
    years, months = int(parts.get("year", 0)), int(parts.get("month", 0))
    days = int(parts.get("week", 0)) * 7 + int(parts.get("day", 0))
    hours = int(parts.get("hour", 0)) + int(parts.get("minute", 0)) // 60
    year, month = _shift_month(published.year, published.month, -(years * 12 + months))
    if year < 1:
        return None
    finest = length.parts[-1][0]
    if finest == "year":
        return make_date(year, relative=True)
    if finest == "month":
        return make_date(year, month, relative=True)
    day = min(published.day, calendar.monthrange(year, month)[1])
    value = dt.date(year, month, day) - dt.timedelta(days=days, hours=hours)
    return make_date(value.year, value.month, value.day, relative=True)


def year_from_text(text: str, *, pivot: int = 50) -> int | None:
    """A year written with four digits, or two after an apostrophe ("'08" → 2008, "'98" → 1998)."""
    text = text.strip().lstrip("'")
    if not text.isdigit():
        return None
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        value = int(text)
        return 2000 + value if value < pivot else 1900 + value
    return None


def _written_parts(text: str, numeric_order: str = MONTH_FIRST) -> tuple[str, int | None, int | None, int | None] | None:
    """What the first fast form that reads the whole text writes: (form, year, month, day).

    The form is "year", "month", "day" or "month-day" (a day without its year); a part the
    form does not write is None. A numeric date whose order ``numeric_order`` leaves open is
    None, as is a text no fast form reads.
    """
    for pattern, form in _FAST_FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["year"]) if parts.get("year") else None
        if form in ("year", "month", "day", "month-day"):
            month = month_number(parts["month"]) if parts.get("month") else None
            return form, year, month, int(parts["day"]) if parts.get("day") else None
        if form == "iso":
            return "day", year, int(parts["month"]), int(parts["day"])
        first, second = int(parts["a"]), int(parts["b"])  # form "numeric"
        if numeric_order == UNAMBIGUOUS and first <= 12 and second <= 12:
            return None
        # U.S. order (month first) unless the first number cannot be a month.
        month, day = (second, first) if first > 12 else (first, second)
        return "day", year, month, day
    return None


def read_day(text: str, *, numeric_order: str = MONTH_FIRST) -> WrittenDay | None:
    """The calendar day one expression writes, its year possibly left out, or None.

    "Jan. 25, 2013", "25 January 2013", "2013-01-25", "14.05.2024" (dotted: day first),
    "4/13/2024" (slashed: see ``numeric_order``), and without a year "Jan. 28", "28 January".
    Only the deterministic forms of :func:`parse_date` are read (no dateparser), and nothing is
    inferred: a yearless day keeps ``year`` None (:func:`resolve_month_day` gives it one).

    Args:
        text: the whole expression.
        numeric_order: ``"month_first"`` (default, as :func:`parse_date` reads "3/4/2024") or
            ``"unambiguous"``: a numeric date only when one number cannot be a month.
    """
    written = _written_parts(" ".join(text.split()).strip(" ,;:"), numeric_order)
    if written is None or written[0] not in ("day", "month-day"):
        return None
    _form, year, month, day = written
    if month is None or day is None or make_date(_LEAP_YEAR if year is None else year, month, day) is None:
        return None
    return WrittenDay(month, day, year)


def _fast_path(text: str, published: dt.date | None, prefer: str, soon_days: int = 31) -> ParsedDate | None:
    written = _written_parts(text)
    if written is None:
        return None
    form, year, month, day = written
    if form != "month-day":
        return make_date(year, month, day)
    if published is None:
        return None
    value = resolve_month_day(month, day, published, prefer=prefer, soon_days=soon_days)
    return make_date(value.year, value.month, value.day, relative=True) if value else None


@lru_cache(maxsize=1)
def date_parser() -> Any:
    """The one configured ``dateparser`` parser of this process (English, absolute dates only).

    Relative expressions never reach it: they are resolved by :func:`resolve_relative`
    against the publication date, so one parser serves every document.
    """
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "MDY",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PARSERS": ["custom-formats", "absolute-time"],
            "STRICT_PARSING": False,
        },
    )


def _with_dateparser(text: str, published: dt.date | None, prefer: str, soon_days: int = 31) -> ParsedDate | None:
    try:
        data = date_parser().get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None:
        return None
    parts = set(getattr(data, "parts", ()) or ())
    value = data.date_obj.date()
    # dateparser fills missing parts from "now": keep only the parts the text gave.
    if "year" not in parts:
        if "month" in parts and "day" in parts and published is not None:
            found = resolve_month_day(value.month, value.day, published, prefer=prefer, soon_days=soon_days)
            return make_date(found.year, found.month, found.day, relative=True) if found else None
        return None
    if "month" not in parts:
        return make_date(value.year)
    if "day" not in parts:
        return make_date(value.year, value.month)
    return make_date(value.year, value.month, value.day)


def parse_date(text: str, published: dt.date | None = None, *, prefer: str = _PAST, soon_days: int = 31) -> ParsedDate | None:
    """The date one expression names, at the granularity it gives, or None.

    Args:
        text: the whole expression ("Sept. 21, 2011", "April 2018", "2015", "last Thursday").
        published: the publication date relative expressions and yearless days count from;
            without it those give None.
        prefer: ``"past"`` or ``"future"``: which way a yearless day or bare weekday leans.
        soon_days: how many days after publication a yearless day leaning past is still read
            as coming (:func:`resolve_month_day`); 0 when the clause is known to be past.

    Returns:
        A :class:`ParsedDate`, or None when the text is not a date or needs a publication
        date it was not given.
    """
    text = " ".join(text.split()).strip(" ,;:")
    if not text:
        return None
    if (found := _fast_path(text, published, prefer, soon_days)) is not None:
        return found
    if published is not None and (found := resolve_relative(text, published, prefer=prefer)) is not None:
        return found
    if not any(ch.isdigit() for ch in text) and not re.search(rf"\b(?:{MONTH_RE})\b", text, re.I):
        return None  # nothing absolute to parse: dateparser would fill it from "now"
    return _with_dateparser(text, published, prefer, soon_days)
