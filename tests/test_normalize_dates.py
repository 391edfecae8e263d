"""normalize.dates as the one reader of written days: read_day, its numeric order, the nearest-year policy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.dates import (
    MONTHS,
    WEEKDAY_OR_ABBREVIATION_RE,
    WEEKDAYS,
    WrittenDay,
    parse_date,
    read_day,
    resolve_month_day,
)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Jan. 25, 2013", WrittenDay(1, 25, 2013)),
        ("25 January 2013", WrittenDay(1, 25, 2013)),
        ("Sept 4 2019", WrittenDay(9, 4, 2019)),
        ("Nov. 1. 2011", WrittenDay(11, 1, 2011)),
        ("2013-01-25", WrittenDay(1, 25, 2013)),
        ("14.05.2024", WrittenDay(5, 14, 2024)),
        ("4/13/2024", WrittenDay(4, 13, 2024)),
        ("13/4/2024", WrittenDay(4, 13, 2024)),
        ("3/4/2024", WrittenDay(3, 4, 2024)),
        ("Jan. 28", WrittenDay(1, 28)),
        ("Jan.28", WrittenDay(1, 28)),
        ("28 January", WrittenDay(1, 28)),
        ("Feb. 29", WrittenDay(2, 29)),
    ],
)
def test_read_day_reads_the_parts_a_day_writes(text: str, day: WrittenDay) -> None:
    assert read_day(text) == day


@pytest.mark.parametrize("text", ["April 2018", "2015", "last Thursday", "Feb. 30", "Feb. 30, 2013", "13/13/2024",
                                  "Smarch 4, 2019", "the day after", ""])
def test_read_day_is_none_for_anything_but_a_day(text: str) -> None:
    assert read_day(text) is None


def test_an_unambiguous_numeric_order_refuses_to_guess() -> None:
    assert read_day("3/4/2024", numeric_order="unambiguous") is None
    assert read_day("13/4/2024", numeric_order="unambiguous") == WrittenDay(4, 13, 2024)
    assert read_day("4/13/2024", numeric_order="unambiguous") == WrittenDay(4, 13, 2024)
    assert read_day("14.05.2024", numeric_order="unambiguous") == WrittenDay(5, 14, 2024), "dotted: day first"


def test_a_full_stop_after_the_day_is_a_full_date() -> None:
    found = parse_date("Nov. 1. 2011")
    assert found is not None and (found.iso, found.granularity) == ("2011-11-01", "day")


def test_the_nearest_year_looks_both_ways() -> None:
    # A dateline's "Jan. 2" near a text's "Dec. 30, 2011" is the next January; "past" keeps to the year before.
    assert resolve_month_day(1, 2, dt.date(2011, 12, 30), prefer="nearest") == dt.date(2012, 1, 2)
    assert resolve_month_day(1, 2, dt.date(2011, 12, 30), soon_days=0) == dt.date(2011, 1, 2)
    assert resolve_month_day(12, 30, dt.date(2012, 1, 2), prefer="nearest") == dt.date(2011, 12, 30)
    assert resolve_month_day(2, 29, dt.date(2013, 1, 3), prefer="nearest") == dt.date(2012, 2, 29)
    assert resolve_month_day(2, 29, dt.date(2018, 6, 1), prefer="nearest") is None, "no leap year in reach"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_the_nearest_year_is_never_further_than_another_year(day: dt.date, around: dt.date) -> None:
    found = resolve_month_day(day.month, day.day, around, prefer="nearest")
    others = []
    for year in (around.year - 1, around.year, around.year + 1):
        try:
            others.append(dt.date(year, day.month, day.day))
        except ValueError:
            continue
    assert found is None if not others else found in others
    assert found is None or all(abs((found - around).days) <= abs((other - around).days) for other in others)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)), st.sampled_from(sorted(MONTHS)))
def test_read_day_agrees_with_parse_date_on_full_dates(day: dt.date, month_word: str) -> None:
    if MONTHS[month_word] != day.month:
        month_word = next(word for word, number in MONTHS.items() if number == day.month)
    for text in (f"{month_word.title()}. {day.day}, {day.year}", f"{day.day} {month_word} {day.year}", day.isoformat()):
        parsed = parse_date(text)
        assert parsed is not None and read_day(text) == WrittenDay(day.month, day.day, day.year) and parsed.date == day


def test_the_weekday_alternation_holds_every_weekday_word_longest_first() -> None:
    words = WEEKDAY_OR_ABBREVIATION_RE.split("|")
    assert sorted(words) == sorted(WEEKDAYS) and "thurs" in words and "wednesday" in words
    assert [len(word) for word in words] == sorted((len(word) for word in words), reverse=True)
    pattern = re.compile(rf"(?:{WEEKDAY_OR_ABBREVIATION_RE})\b", re.IGNORECASE)
    assert pattern.fullmatch("Thurs") and pattern.fullmatch("tues") and not pattern.fullmatch("Thursd")
