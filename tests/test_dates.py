"""Dates: the normaliser (fast path, relative resolution, dateparser) and the extractor's rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.dates import extract_dates, find_dates
from pipeline.normalize.dates import date_parser, parse_date, resolve_month_day, resolve_weekday
from pipeline.records import CleanDocument

PUBLISHED = dt.date(2018, 4, 13)  # a Friday

# --- the normaliser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "granularity"),
    [
        ("2015", "2015", "year"),
        ("April 2018", "2018-04", "month"),
        ("June of 2009", "2009-06", "month"),
        ("April 10, 2018", "2018-04-10", "day"),
        ("Sept. 21, 2011", "2011-09-21", "day"),
        ("Dec.19, 2012", "2012-12-19", "day"),
        ("10 April 2018", "2018-04-10", "day"),
        ("the 10th of April, 2018", "2018-04-10", "day"),
        ("2018-04-10", "2018-04-10", "day"),
        ("4/10/2018", "2018-04-10", "day"),
        ("13/5/2015", "2015-05-13", "day"),
        ("fiscal year 2015", "2015", "year"),
        ("FY2015", "2015", "year"),
    ],
)
def test_absolute_forms_keep_their_granularity(text: str, iso: str, granularity: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None, text
    assert (parsed.iso, parsed.granularity, parsed.relative) == (iso, granularity, False)


def test_date_is_first_day_of_the_period() -> None:
    assert parse_date("2015").date == dt.date(2015, 1, 1)
    assert parse_date("April 2018").date == dt.date(2018, 4, 1)


@pytest.mark.parametrize("text", ["April 31, 2018", "Feb. 29, 2015", "13/13/2015"])
def test_impossible_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "iso", "granularity"),
    [
        ("today", "2018-04-13", "day"),
        ("Todays", "2018-04-13", "day"),
        ("yesterday", "2018-04-12", "day"),
        ("tomorrow", "2018-04-14", "day"),
        ("this morning", "2018-04-13", "day"),
        ("Tuesday", "2018-04-10", "day"),
        ("Friday", "2018-04-13", "day"),
        ("last Friday", "2018-04-06", "day"),
        ("next Monday", "2018-04-16", "day"),
        ("last month", "2018-03", "month"),
        ("earlier this month", "2018-04", "month"),
        ("last year", "2017", "year"),
        ("this year", "2018", "year"),
        ("next year", "2019", "year"),
        ("two years ago", "2016", "year"),
        ("eight months ago", "2017-08", "month"),
        ("three days ago", "2018-04-10", "day"),
        ("April 10", "2018-04-10", "day"),
        ("Feb. 19", "2018-02-19", "day"),
        ("Dec. 6", "2017-12-06", "day"),
        ("March", "2018-03", "month"),
        ("last March", "2018-03", "month"),
        ("May", "2017-05", "month"),
    ],
)
def test_relative_expressions_resolve_against_publication(text: str, iso: str, granularity: str) -> None:
    parsed = parse_date(text, PUBLISHED)
    assert parsed is not None, text
    assert (parsed.iso, parsed.granularity, parsed.relative) == (iso, granularity, True)


@pytest.mark.parametrize("text", ["today", "Tuesday", "last year", "April 10", "two years ago", "March"])
def test_relative_expressions_need_a_publication_date(text: str) -> None:
    assert parse_date(text) is None


def test_yearless_day_takes_the_year_nearest_before_publication() -> None:
    # The contract's example: "April 10" in a release published 2018-04-13.
    assert resolve_month_day(4, 10, dt.date(2018, 4, 13)) == dt.date(2018, 4, 10)
    assert resolve_month_day(2, 19, dt.date(2017, 10, 19)) == dt.date(2017, 2, 19)
    assert resolve_month_day(12, 20, dt.date(2018, 1, 5)) == dt.date(2017, 12, 20)


def test_yearless_day_leans_forward_when_the_sentence_looks_ahead() -> None:
    assert resolve_month_day(1, 17, dt.date(2017, 10, 19), prefer="future") == dt.date(2018, 1, 17)
    # Days just after publication are what the release announces ("Judgment Expires May 12").
    assert resolve_month_day(5, 12, dt.date(2011, 5, 11)) == dt.date(2011, 5, 12)


def test_weekdays() -> None:
    thursday = dt.date(2017, 10, 19)
    assert resolve_weekday(2, thursday) == dt.date(2017, 10, 18)  # "pleaded guilty on Wednesday"
    assert resolve_weekday(3, thursday) == thursday  # "announced Thursday"
    assert resolve_weekday(3, thursday, shift="last") == dt.date(2017, 10, 12)
    assert resolve_weekday(0, thursday, prefer="future") == dt.date(2017, 10, 23)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2040, 12, 31)), st.integers(0, 6))
def test_weekday_is_that_weekday_within_a_week_of_publication(published: dt.date, weekday: int) -> None:
    for shift, prefer in ((None, "past"), ("last", "past"), ("next", "past"), (None, "future")):
        day = resolve_weekday(weekday, published, shift=shift, prefer=prefer)
        assert day.weekday() == weekday
        assert abs((day - published).days) <= 7


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2040, 12, 31)),
       st.integers(1, 12), st.integers(1, 28))
def test_yearless_day_is_that_day_within_a_year(published: dt.date, month: int, day: int) -> None:
    found = resolve_month_day(month, day, published)
    assert found is not None and (found.month, found.day) == (month, day)
    assert -366 < (found - published).days <= 31


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_fast_path_round_trips_iso_and_written_dates(value: dt.date) -> None:
    assert parse_date(value.isoformat()).date == value
    assert parse_date(f"{value:%B} {value.day}, {value.year}").iso == value.isoformat()
    assert parse_date(f"{value:%B} {value.year}").iso == f"{value.year:04d}-{value.month:02d}"


def test_dateparser_parser_is_built_once() -> None:
    assert date_parser() is date_parser()


def test_dateparser_fallback_never_invents_parts() -> None:
    parsed = parse_date("2015/04")  # not a fast-path form
    assert parsed is None or parsed.granularity in ("month", "year")
    assert parse_date("Tues 9th Aug, 2015").iso == "2015-08-09"


# --- the extractor -----------------------------------------------------------------------------


def _found(text: str, published: dt.date | None = PUBLISHED) -> list[tuple[str, str]]:
    return sorted(((text[s:e], p.iso) for s, e, p in find_dates(text, published)), key=lambda f: text.index(f[0]))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The project was launched in 2015.", [("2015", "2015")]),
        ("Since 2003, he has filed no returns.", [("2003", "2003")]),
        ("From 2003 through 2013, he evaded taxes.", [("2003", "2003"), ("2013", "2013")]),
        ("The scheme ran from 2010 to 2014.", [("2010", "2010"), ("2014", "2014")]),
        ("The scheme ran 2010-2014.", [("2010", "2010"), ("2014", "2014")]),
        ("He was convicted on July 27, 2016, after a trial.", [("July 27, 2016", "2016-07-27")]),
        ("In January 2007, Thiel bought a house.", [("January 2007", "2007-01")]),
        ("They pleaded guilty on July 10, 2011, and Sept. 21, 2011, respectively.",
         [("July 10, 2011", "2011-07-10"), ("Sept. 21, 2011", "2011-09-21")]),
        ("during the first quarter of 2007", [("the first quarter of 2007", "2007-Q1"), ("2007", "2007")]),
        ("The crime rate fell in the 1990s.", [("the 1990s", "199")]),  # a decade, not the year 1990
        ("The label reissued 1972's second album.", [("1972", "1972")]),
        ("He was sentenced on Tuesday, April 10, 2018.", [("April 10, 2018", "2018-04-10")]),
        ("He was arrested in mid-2009.", [("2009", "2009")]),
        ("Beavers filed 2008 returns claiming refunds.", [("2008", "2008")]),
    ],
)
def test_finds_dates(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "He paid $2015 in cash.",
        "He was charged under 18 U.S.C. Sections 1956 and 1957.",
        "He violated Section 2015 of the code.",
        "The case number is 18-484.",
        "Call the office at 202-514-2007.",
        "The ring seized approximately 2000 documents.",
        "The Securities Exchange Act of 1934 applies.",
        "They live at 2001 South Lyerly Street.",
        "Smith, 45, of Miami, pleaded guilty.",
        "He was sentenced to 60 years in prison.",
        "He may face charges.",
        "Read Homeland Security Today for more.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert _found(sentence) == []


def test_month_pairs_share_a_year() -> None:
    text = "while conducting an investigation in March or April 2006."
    found = find_dates(text, PUBLISHED)
    assert sorted(p.iso for _, _, p in found) == ["2006-04", "2018-03"]  # find_dates alone: no pairing yet


def _extract(nlp, text: str, published: dt.date | None = PUBLISHED) -> list[tuple[str, str, str, bool]]:
    article = CleanDocument(doc_id="t", source="t", text=text, published=published)
    return [(r.text, r.iso, r.granularity, r.relative) for r in extract_dates(nlp(text), article)]


def test_extractor_pairs_a_yearless_month_with_its_neighbour(nlp) -> None:
    rows = _extract(nlp, "He struck the man in March or April 2006.")
    assert [(text, iso) for text, iso, _, _ in rows] == [("March", "2006-03"), ("April 2006", "2006-04")]


def test_extractor_resolves_relative_dates(nlp) -> None:
    text = "Wallace pleaded guilty on Wednesday. On the evening of Feb. 19, he left a message. Sentencing is set for Jan. 17, 2019."
    rows = _extract(nlp, text, dt.date(2018, 10, 18))
    assert rows == [
        ("Wednesday", "2018-10-17", "day", True),
        ("Feb. 19", "2018-02-19", "day", True),
        ("Jan. 17, 2019", "2019-01-17", "day", False),
    ]


def test_day_then_duration_is_not_a_day_range(nlp) -> None:
    rows = _extract(nlp, "She was sentenced on Aug. 6 to 30 months in prison.", dt.date(2024, 8, 20))
    assert rows == [("Aug. 6", "2024-08-06", "day", True)]


def test_a_month_that_is_still_to_come(nlp) -> None:
    rows = _extract(nlp, "The deal replaces an agreement that expires in June.", dt.date(2025, 2, 11))
    assert rows == [("June", "2025-06", "month", True)]
    rows = _extract(nlp, "The agreement was signed in June.", dt.date(2025, 2, 11))
    assert rows == [("June", "2024-06", "month", True)]


def test_future_sentence_pushes_a_yearless_day_forward(nlp) -> None:
    rows = _extract(nlp, "Sentencing is scheduled for Jan. 17 before Judge Brown.", dt.date(2017, 10, 19))
    assert rows == [("Jan. 17", "2018-01-17", "day", True)]


def test_capitalised_today_starts_a_sentence_but_ends_a_name(nlp) -> None:
    text = "Officers Attacked\n\nYesterday, a grand jury met. He warned Americans. Today ends the process. Read USA Today."
    assert [(t, iso) for t, iso, _, _ in _extract(nlp, text)] == [("Yesterday", "2018-04-12"), ("Today", "2018-04-13")]


def test_without_publication_date_relative_expressions_are_skipped(nlp) -> None:
    rows = _extract(nlp, "He was arrested yesterday, on April 10, and in March 2015.", None)
    assert rows == [("March 2015", "2015-03", "month", False)]


def test_rows_carry_offsets_and_sentence(nlp) -> None:
    text = "The fraud was large. He was arrested on April 15, 2015, in Ohio."
    article = CleanDocument(doc_id="t", source="t", text=text, published=PUBLISHED)
    (row,) = extract_dates(nlp(text), article)
    assert text[row.start : row.end] == row.text == "April 15, 2015"
    assert row.sentence == "He was arrested on April 15, 2015, in Ohio."
    assert row.date == dt.date(2015, 4, 15)


def test_seed_release_dates(nlp, shared_dir) -> None:
    """The worked example: the body of the seed release mentions one date, 2015 (a year)."""
    text = (shared_dir / "seed" / "korea-interpol.txt").read_text(encoding="utf-8")
    body = text[text.index("Korea to Fund INTERPOL") : text.index("Read more at INTERPOL")]
    assert [(iso, granularity) for _, iso, granularity, _ in _extract(nlp, body, None)] == [("2015", "year")]
    assert [(iso, granularity) for _, iso, granularity, _ in _extract(nlp, body, dt.date(2019, 9, 1))] == [("2015", "year")]


def test_german_dates(nlp) -> None:
    text = "Frankfurt, 14.05.2024. Am Dienstag wurden neun Verdächtige festgenommen, die seit 2021 und am 3. Mai 2024 tätig waren."
    article = CleanDocument(doc_id="t", source="t", text=text, published=dt.date(2024, 5, 14), language="de")
    rows = [(r.text, r.iso) for r in extract_dates(nlp(text), article)]
    assert rows == [("14.05.2024", "2024-05-14"), ("Dienstag", "2024-05-14"), ("2021", "2021"), ("3. Mai 2024", "2024-05-03")]


def test_month_and_weekday_names_have_one_home() -> None:
    from pipeline.normalize import dates as normalize_dates
    from pipeline.lexicon import time_words

    english = time_words("en")
    assert english.months["september"] == 9 and english.month_abbreviations["sept"] == 9
    assert english.weekdays["thursday"] == 3 and english.weekday_abbreviations["thurs"] == 3
    assert normalize_dates.MONTHS == {**english.months, **english.month_abbreviations}
    assert normalize_dates.WEEKDAY_NAMES == english.weekdays
    assert len(normalize_dates.MONTH_NAMES) == 12 and len(normalize_dates.WEEKDAY_NAMES) == 7
    assert "may" not in english.month_abbreviations  # a full name, not an abbreviation


# --- the clause's tense, lists -----------------------------------------------------------------

TUESDAY = dt.date(2021, 3, 9)  # published on a Tuesday


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The committee met on Friday.", "2021-03-05"),
        ("The committee will meet on Friday.", "2021-03-12"),
        ("The committee is going to meet on Friday.", "2021-03-12"),
        ("The committee plans to meet on Friday.", "2021-03-12"),
        ("The board reports its results Thursday.", "2021-03-11"),  # a present verb: what is scheduled
        ("The mayor spoke on Tuesday.", "2021-03-09"),  # the weekday of publication is that day
        ("The mayor will speak on Tuesday.", "2021-03-09"),
        ("On Sunday, the team lost a close game.", "2021-03-07"),  # the verb after the date decides
    ],
)
def test_a_weekday_follows_the_tense_of_its_clause(nlp, sentence: str, iso: str) -> None:
    assert [row[1] for row in _extract(nlp, sentence, TUESDAY)] == [iso]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("Tickets will go on sale in February.", "2022-02"),
        ("The festival returns in February.", "2022-02"),
        ("The festival was held in February.", "2021-02"),
        ("The tour opens May 2 in Leeds.", "2021-05-02"),
        ("The tour opened May 2 in Leeds.", "2020-05-02"),
        ("The clinic has been closed since April.", "2020-04"),  # "since" is past whatever the verb
        ("The plant closed on April 2.", "2020-04-02"),  # past: no leaning forward to next month
    ],
)
def test_a_yearless_month_takes_the_year_its_clause_implies(nlp, sentence: str, iso: str) -> None:
    assert [row[1] for row in _extract(nlp, sentence, TUESDAY)] == [iso]


def test_title_present_tense_is_past(nlp) -> None:
    text = "Council approves budget Monday\n\nThe council approved the budget on Monday."
    assert [row[1] for row in _extract(nlp, text, TUESDAY)] == ["2021-03-08", "2021-03-08"]


def test_a_list_takes_the_year_of_its_heading(nlp) -> None:
    text = "The orchestra announced its season.\nSpring 2022 dates\nApril 3 – Leeds Town Hall\nApril 9 – York Minster\n"
    rows = _extract(nlp, text, dt.date(2021, 11, 2))
    assert [(t, iso) for t, iso, _, _ in rows if t.startswith("April")] == [("April 3", "2022-04-03"), ("April 9", "2022-04-09")]


def test_a_list_follows_the_first_mention_of_its_first_day_and_moves_on_a_year(nlp) -> None:
    text = ("The choir will travel again next year; the run begins Nov. 28 in Bath.\nTour\n"
            "Nov. 28 – Bath\nDec. 12 – Wells\nJan. 4 – Exeter\n")
    rows = _extract(nlp, text, dt.date(2021, 12, 1))
    days = [(t, iso) for t, iso, _, _ in rows if t[:3] in ("Nov", "Dec", "Jan")]
    assert days == [("Nov. 28", "2022-11-28"), ("Nov. 28", "2022-11-28"), ("Dec. 12", "2022-12-12"), ("Jan. 4", "2023-01-04")]


@pytest.mark.parametrize(
    ("sentence", "iso", "granularity"),
    [
        ("The two ministers met last week.", "2021-W09", "week"),
        ("The fair opens this weekend.", "2021-W10-WE", "week"),
        ("Talks resume next week.", "2021-W11", "week"),
        ("Exports grew in the fourth quarter of 2020.", "2020-Q4", "quarter"),
        ("Q2 2021 revenue is due in July.", "2021-Q2", "quarter"),
        ("Revenue rose 4% in the second quarter.", "2020-Q2", "quarter"),  # not begun by March 9: last year's
        ("The bridge was closed last summer.", "2020-SU", "season"),
        ("The bridge reopens next autumn.", "2021-FA", "season"),  # spring has begun by March 9
        ("The flood of the winter of 2013 was the worst.", "2013-WI", "season"),
        ("Rents doubled in the 1990s.", "199", "decade"),
        ("The mill dates from the early 1800s.", "18", "century"),
        ("The style is from the 20th century.", "19", "century"),
        ("The style is from the nineteenth century.", "18", "century"),
    ],
)
def test_periods_take_timeml_value_forms(sentence: str, iso: str, granularity: str) -> None:
    found = [(p.iso, p.granularity) for _, _, p in find_dates(sentence, TUESDAY)]
    assert (iso, granularity) in found, found
    assert all(g in ("year", "month") or (i, g) == (iso, granularity) for i, g in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "The striker scored twice in the fourth quarter.",  # a game's quarter
        "Sales rose over the past week.",  # a length of time
        "He added a quarter cup of sugar.",
        "Prices fall in spring.",
    ],
)
def test_not_periods(sentence: str) -> None:
    assert [p for _, _, p in find_dates(sentence, TUESDAY) if p.granularity not in ("year", "month", "day")] == []


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The warehouse fire started last night.", "2021-03-08"),
        ("Share prices slid overnight in Asia.", "2021-03-08"),
        ("The council met this morning.", "2021-03-09"),
        ("The band plays tonight in Hull.", "2021-03-09"),
        ("The ruling today was clear.", "2021-03-09"),
    ],
)
def test_relative_days_follow_the_publication_date(sentence: str, iso: str) -> None:
    assert [p.iso for _, _, p in find_dates(sentence, TUESDAY)] == [iso]


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour as it is today was built by hand.",  # "today" meaning nowadays
        "Few of the phones that exist today will last.",
        "Even today, the square floods in spring rain.",
        "Today's world moves fast.",
        "Guests booked an overnight stay at the inn.",
        "Fame did not happen overnight for the singer.",
        "Ref. 1979, 1928, 1965, 2004",  # reference numbers, not years in order
        "Release 2011-3-S-014 was filed.",  # an identifier
        "Copyright \u00a92021 Example Media Ltd",
        "5:45 AM EST 03/09/2021 by Jane Roe",  # a byline stamp
        "Updated: March 9, 2021 10:02 a.m.",
    ],
)
def test_not_dates_in_news_copy(sentence: str) -> None:
    assert [p.iso for _, _, p in find_dates("Headline\n" + sentence + "\nThe story follows.", TUESDAY)] == []


def test_a_date_and_time_alone_is_a_date_in_a_title() -> None:
    assert [p.iso for _, _, p in find_dates("April 9, 2021 at 6:11 a.m.", TUESDAY)] == ["2021-04-09"]


def test_years_in_order_stay_years() -> None:
    assert [p.iso for _, _, p in find_dates("She won the title in 1979, 1983 and 1990.", TUESDAY)] == ["1979", "1983", "1990"]
    assert [p.iso for _, _, p in find_dates("Sales fell in 2020, 2019 and 2018.", TUESDAY)] == ["2020", "2019", "2018"]
    assert [p.iso for _, _, p in find_dates("The strike began on March 2, 2021 at 10 a.m. in the port.", TUESDAY)] == ["2021-03-02"]


def test_a_yearless_month_goes_on_from_the_story_s_last_date(nlp) -> None:
    text = ("Clinic case\n\nThe patient first saw a doctor in October 2015.\nHe improved for a while. "
            "But by December, his cough was back, and in February he was admitted.")
    rows = [(t, iso) for t, iso, _, _ in _extract(nlp, text, dt.date(2019, 6, 3))]
    assert rows == [("October 2015", "2015-10"), ("December", "2015-12"), ("February", "2016-02")]


def test_a_year_that_opens_a_title_is_part_of_the_name() -> None:
    assert _found("She loved films from 2001: A Space Odyssey to Alien.") == []
    assert _found("As a result of today's ruling, the case ends.") == [("today", "2018-04-13")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The best Black Friday deals are live.",  # a named day, not last Friday
        "Voters turned out on Super Tuesday.",
        "The card is as fast as the RTX 2060.",  # a model number
        "The screen shows 1080 pixels by 1920 pixels.",  # a size
    ],
)
def test_names_models_and_sizes_are_no_dates(sentence: str) -> None:
    assert _found(sentence) == []


def test_a_year_after_a_count_is_a_year_not_a_size() -> None:
    assert _found("The plant will employ 320 people by 2027.") == [("2027", "2027")]
    assert _found("The panel is 1920x1080.") == []


def test_a_weekday_after_a_lower_case_word_is_a_weekday() -> None:
    assert _found("It was a good Friday for the team.") == [("Friday", "2018-04-13")]
    assert _found("In AD 1066 the king died.") == [("1066", "1066")]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The pair were convicted of conspiracy to commit fraud on Feb. 24.", "2021-02-24"),  # "to commit" is no future
        ("The ruling follows the vote on Feb. 24 in the senate.", "2021-02-24"),  # a stative present
        ("Since January, the library has doubled its hours.", "2021-01"),
        ("Library to open a new wing on May 3\n\nThe building is old.", "2021-05-03"),  # a headline's infinitive
        ("The win helped the club to beat the leaders on Feb. 20 in York.", "2021-02-20"),  # in the body it is no future
        ("Voters remember the council's May 3 vote.", "2020-05-03"),  # a date before a noun belongs to the noun
    ],
)
def test_clause_tense_edge_cases(nlp, sentence: str, iso: str) -> None:
    assert [row[1] for row in _extract(nlp, sentence, TUESDAY)] == [iso]


def test_two_lines_that_open_with_relative_days_are_no_list(nlp) -> None:
    text = "Verdict\n\nThe trial ended on September 29, 2009.\nToday, the jury spoke.\nToday's verdict is final."
    rows = _extract(nlp, text, dt.date(2017, 9, 29))
    assert [(t, iso) for t, iso, _, _ in rows if t.startswith("Today")] == [("Today", "2017-09-29"), ("Today", "2017-09-29")]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The agency said it was for that reason that the board on Monday approved the plan.", "2021-03-08"),  # nearer verb
        ("Farmers want relief from the tariffs imposed on Sept. 1.", "2020-09-01"),  # a participle after its noun
        ("Come April 4, the new timetable starts.", "2021-04-04"),
        ("The feature was added back in March.", "2021-03"),
    ],
)
def test_the_nearer_verb_and_fixed_phrases_decide(nlp, sentence: str, iso: str) -> None:
    assert [row[1] for row in _extract(nlp, sentence, TUESDAY)] == [iso]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("Subsidies were cut at the end of May last year.", "2020-05"),
        ("Sales were up from 13 percent in September, but it's still low.", "2020-09"),  # the verb after a comma is another clause's
        ("She recalled the call on July 25 that would change everything.", "2020-07-25"),
    ],
)
def test_a_month_with_its_year_word_and_clause_edges(nlp, sentence: str, iso: str) -> None:
    assert [row[1] for row in _extract(nlp, sentence, TUESDAY) if row[2] in ("month", "day")] == [iso]


def test_a_weekday_of_a_named_week() -> None:
    assert [(t, iso) for t, iso in _found("The panel meets next week on Friday.")] == [("next week on Friday", "2018-04-20")]
