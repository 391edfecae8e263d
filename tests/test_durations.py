"""Durations: the ISO 8601 normaliser (with property tests) and the extractor's rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.durations import extract_durations, find_durations
from pipeline.normalize.durations import (
    APPROX_SECONDS,
    UNITS,
    duration_from_parts,
    find_ago,
    iso_duration,
    parse_duration,
    seconds_approx,
)
from pipeline.records import CleanDocument

# --- the normaliser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "value", "unit"),
    [
        ("three-year", "P3Y", 3, "year"),
        ("57 months", "P57M", 57, "month"),
        ("18-month", "P18M", 18, "month"),
        ("two decades", "P20Y", 20, "year"),
        ("48 hours", "PT48H", 48, "hour"),
        ("30 days", "P30D", 30, "day"),
        ("decade-long", "P10Y", 10, "year"),
        ("a year and a day", "P1Y1D", None, "year"),
        ("12 months and one day", "P12M1D", None, "month"),
        ("an hour and a half", "PT1.5H", 1.5, "hour"),
        ("half an hour", "PT0.5H", 0.5, "hour"),
        ("3.5 years", "P3.5Y", 3.5, "year"),
        ("twenty-one years", "P21Y", 21, "year"),
        ("one hundred and five days", "P105D", 105, "day"),
        ("a dozen years", "P12Y", 12, "year"),
        ("a fortnight", "P2W", 2, "week"),
        ("two nights", "P2D", 2, "day"),
        ("90 minutes", "PT90M", 90, "minute"),
        ("1 hour and 30 minutes", "PT1H30M", 1.5, "hour"),
        ("the past decade", "P10Y", 10, "year"),
        ("3 hrs", "PT3H", 3, "hour"),
    ],
)
def test_parse_duration_forms(text: str, iso: str, value: float | None, unit: str) -> None:
    parsed = parse_duration(text)
    assert parsed is not None, text
    assert parsed.iso == iso
    assert parsed.unit == unit
    if value is not None:
        assert float(parsed.value) == pytest.approx(value)


def test_a_year_and_a_day_value_is_in_years() -> None:
    parsed = parse_duration("a year and a day")
    assert parsed is not None and float(parsed.value) == pytest.approx(1 + 1 / 365)


def test_range_keeps_low_end_in_iso_and_high_end_in_value_high() -> None:
    parsed = parse_duration("between 5 and 10 years")
    assert parsed is not None
    assert (parsed.iso, parsed.value, parsed.value_high) == ("P5Y", 5, 10)


def test_vague_durations_are_flagged() -> None:
    parsed = parse_duration("several weeks")
    assert parsed is not None and parsed.vague and parsed.iso == "P3W"


@pytest.mark.parametrize("text", ["", "years", "life in prison", "2015", "the year", "a few"])
def test_not_durations(text: str) -> None:
    assert parse_duration(text) is None


def test_iso_rejects_unknown_units() -> None:
    with pytest.raises(ValueError):
        iso_duration({"fortnight": Decimal(1)})


_AMOUNTS = st.decimals(min_value=Decimal("0.25"), max_value=Decimal(5000), places=2, allow_nan=False, allow_infinity=False)


@given(st.dictionaries(st.sampled_from(UNITS), _AMOUNTS, min_size=1, max_size=4))
def test_iso_round_trips_through_seconds(parts: dict[str, Decimal]) -> None:
    """Writing parts as ISO 8601 and reading the designators back gives the same length."""
    import re

    iso = iso_duration(parts)
    assert iso.startswith("P")
    date, _, time = iso[1:].partition("T")
    read: dict[str, Decimal] = {}
    for number, designator in re.findall(r"([\d.]+)([YMWD])", date):
        read[{"Y": "year", "M": "month", "W": "week", "D": "day"}[designator]] = Decimal(number)
    for number, designator in re.findall(r"([\d.]+)([HMS])", time):
        read[{"H": "hour", "M": "minute", "S": "second"}[designator]] = Decimal(number)
    assert seconds_approx(read) == seconds_approx(parts)


@given(st.sampled_from(UNITS), st.integers(min_value=1, max_value=999))
def test_number_and_unit_phrases_parse_to_that_many_units(unit: str, amount: int) -> None:
    parsed = parse_duration(f"{amount} {unit}s")
    assert parsed is not None
    assert parsed.parts == ((unit, Decimal(amount)),)
    assert parsed.value == amount


@given(st.lists(st.tuples(st.sampled_from(UNITS), _AMOUNTS), min_size=1, max_size=5))
def test_value_is_total_length_in_largest_unit(parts: list[tuple[str, Decimal]]) -> None:
    parsed = duration_from_parts(parts)
    assert parsed is not None
    assert parsed.unit == min((u for u, _ in parts), key=UNITS.index)
    total = sum((APPROX_SECONDS[u] * a for u, a in parts), Decimal(0))
    assert parsed.value * APPROX_SECONDS[parsed.unit] == pytest.approx(total, rel=Decimal("1e-9"))


def test_find_ago_spans_the_whole_expression() -> None:
    text = "He left two years ago and returned 1 month, 21 days ago."
    assert [text[s:e] for s, e, _ in find_ago(text)] == ["two years ago", "1 month, 21 days ago"]


# --- the extractor -----------------------------------------------------------------------------


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], parsed.iso) for s, e, parsed, _ in find_durations(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Korea will fund a three-year initiative and a second three-year project.", [("three-year", "P3Y"), ("three-year", "P3Y")]),
        ("He was sentenced to 57 months in prison.", [("57 months", "P57M")]),
        ("She received an 18-month sentence.", [("18-month", "P18M")]),
        ("He was sentenced to a year and a day in prison.", [("a year and a day", "P1Y1D")]),
        ("The scheme lasted two decades.", [("two decades", "P20Y")]),
        ("He was held for 48 hours.", [("48 hours", "PT48H")]),
        ("a decade-long effort to evade taxes", [("decade-long", "P10Y")]),
        ("The company has 30 days to respond.", [("30 days", "P30D")]),
        ("sentenced to 80 months, 64 months and 50 months in prison", [("80 months", "P80M"), ("64 months", "P64M"), ("50 months", "P50M")]),
        ("36 months in prison and three years of supervised release", [("36 months", "P36M"), ("three years", "P3Y")]),
        ("after a three-day jury trial", [("three-day", "P3D")]),
        ("She was sentenced on Aug. 6 to 30 months in prison.", [("30 months", "P30M")]),
    ],
)
def test_finds_durations(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "A 45-year-old man was arrested.",
        "Smith, 45, of Miami, pleaded guilty.",
        "The victim was 13 years old.",
        "Jones, 52 years of age, was charged.",
        "The scheme ran from 2010 to 2014.",
        "He faces life in prison.",
        "He moved to Ohio two years ago.",
        "She earned $50,000 a year.",
        "He worked 24 hours a day, seven days a week.",
        "He was charged with a second count of second-degree murder.",
        "He ate one meal a day.",
        "He was a day trader.",
        "The 2015 year-end report was filed.",
        "One day, he walked into a bank.",
        "He faced charges in the last year of his term.",
    ],
)
def test_not_durations_in_sentences(sentence: str) -> None:
    assert _found(sentence) == []


def _extract(nlp, text: str) -> list:
    article = CleanDocument(doc_id="t", source="t", text=text, published=dt.date(2018, 4, 13))
    return extract_durations(nlp(text), article)


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("He faces up to 20 years in prison.", "up_to"),
        ("The scheme ran for more than 10 years.", "more_than"),
        ("He was sentenced to between 5 and 10 years.", "range"),
        ("It lasted about three years.", "approx"),
        ("They worked together for nearly a decade.", "nearly"),
        ("He must serve at least five years.", "at_least"),
        ("He was sentenced to 57 months.", "exact"),
        ("It went on for several years.", "vague"),
        ("The defendant faces a maximum potential sentence of 80 years in prison.", "up_to"),
        ("The count carries a mandatory minimum sentence of 10 years in prison.", "at_least"),
        ("The conspiracy went on for five years or more.", "at_least"),
        ("Over the past decade, the division has obtained injunctions.", "exact"),
        ("Japan pledged 450 million yen over three years.", "exact"),
        ("He lived abroad for over a year.", "more_than"),
    ],
)
def test_qualifiers(nlp, sentence: str, qualifier: str) -> None:
    rows = _extract(nlp, sentence)
    assert len(rows) == 1, rows
    assert rows[0].qualifier == qualifier


def test_penalty_context_carries_through_a_list(nlp) -> None:
    text = ("The count carries a maximum penalty of 20 years in prison, a $250,000 fine, "
            "as well as three years of supervised release.")
    assert [(r.iso, r.qualifier) for r in _extract(nlp, text)] == [("P20Y", "up_to"), ("P3Y", "up_to")]


def test_penalty_context_ends_at_the_sentence_given(nlp) -> None:
    text = "Despite facing a maximum of 20 years, he was sentenced to 30 months in prison."
    assert [(r.iso, r.qualifier) for r in _extract(nlp, text)] == [("P20Y", "up_to"), ("P30M", "exact")]


def test_penalty_context_carries_through_semicolons(nlp) -> None:
    text = "He faces a maximum penalty of three years in prison; one year supervised release; and a fine."
    assert [(r.iso, r.qualifier) for r in _extract(nlp, text)] == [("P3Y", "up_to"), ("P1Y", "up_to")]


def test_minimum_and_maximum_in_one_sentence(nlp) -> None:
    text = "He faces a minimum of five years and a maximum of 40 years in prison."
    assert [(r.iso, r.qualifier) for r in _extract(nlp, text)] == [("P5Y", "at_least"), ("P40Y", "up_to")]


def test_rows_carry_offsets_sentence_value_and_unit(nlp) -> None:
    text = "The fraud was large. He was sentenced to 57 months in prison."
    (row,) = _extract(nlp, text)
    assert text[row.start : row.end] == row.text == "57 months"
    assert row.sentence == "He was sentenced to 57 months in prison."
    assert (row.value, row.unit, row.value_high) == (57.0, "month", None)


def test_blank_pipeline_without_sentences() -> None:
    import spacy

    text = "He was sentenced to 57 months in prison."
    rows = extract_durations(spacy.blank("en")(text), CleanDocument(doc_id="t", source="t", text=text))
    assert [(r.iso, r.sentence) for r in rows] == [("P57M", text)]


def seed_body(shared_dir) -> str:
    """The seed release from its title to "Read more at INTERPOL" (the page chrome left out)."""
    text = (shared_dir / "seed" / "korea-interpol.txt").read_text(encoding="utf-8")
    start = text.index("Korea to Fund INTERPOL")
    return text[start : text.index("Read more at INTERPOL")]


def test_seed_release_durations(shared_dir) -> None:
    """The worked example: two three-year projects in the body of the seed release."""
    text = seed_body(shared_dir)
    isos = [parsed.iso for _, _, parsed, _ in find_durations(text)]
    assert isos.count("P3Y") == 2
    assert set(isos) == {"P3Y"}


def test_german_durations_use_the_shared_number_words_and_qualifiers(nlp) -> None:
    text = "Die Ermittlungen dauerten etwa zwei Jahre. Es drohen Freiheitsstrafen von bis zu zehn Jahren. Er ist 45 Jahre alt."
    article = CleanDocument(doc_id="t", source="t", text=text, language="de")
    rows = extract_durations(nlp(text), article)
    assert [(r.text, r.iso, r.qualifier) for r in rows] == [("zwei Jahre", "P2Y", "approx"), ("zehn Jahren", "P10Y", "up_to")]


def test_german_time_words_are_validated() -> None:
    from pipeline.lexicon import time_words

    assert time_words("de").units["jahrzehnte"] == ("year", 10)
    assert time_words("xx").units == {}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The winner finished in 3:07:35 after a long climb.", [("3:07:35", "PT3H7M35S")]),
        ("She ran the mile in 4:12.", [("4:12", "PT4M12S")]),
        ("His personal best of 1:58.40 still stands.", [("1:58.40", "PT1M58.4S")]),
        ("The documentary runs 1:32:00 in its long cut.", [("1:32:00", "PT1H32M")]),
        ("The hearing took two years and three months to schedule.", [("two years and three months", "P2Y3M")]),
        ("The sprint took a minute and 30 seconds.", [("a minute and 30 seconds", "PT1M30S")]),
        ("The spacewalk ended after five and a half minutes.", [("five and a half minutes", "PT5.5M")]),
        ("The lease ran a year and three months.", [("a year and three months", "P1Y3M")]),
    ],
)
def test_clock_times_and_compounds_are_one_row(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The council meets at 3:30 p.m. in the hall.",
        "The train left at 10:15, an hour late.",
        "The home side won 3:1 on the night.",
        "Posted 5:45 AM PST by the desk",
        "Doors open at 19:30 GMT.",
        "Filed Tue Mar 9 14:05:10 2021 by the clerk",  # a timestamp's time of day
        "The mixture is 10:30 water to flour.",  # two parts without a timing word
        "She had a second chance.",
    ],
)
def test_clock_times_that_are_no_lengths(sentence: str) -> None:
    assert _found(sentence) == []


def test_a_line_break_ends_a_duration_and_the_previous_year_is_a_point() -> None:
    assert _found("Prices rise in the first half of 2021\n\nNight falls early.") == []
    assert _found("Exports fell to $9 billion, down from $19 billion the previous year.") == []
    assert _found("The pilot lasted a three- year term.") == [("three- year", "P3Y")]
