"""pipeline.extract.percentages: percentages from a parsed text, and the percent pattern's fast search."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.percentages import PERCENT, extract_percentages, percent_matches
from pipeline.extract.view import DocView
from pipeline.records import CleanDocument

pytestmark = pytest.mark.model


def _article(text: str) -> CleanDocument:
    return CleanDocument(doc_id="t", source="<test>", text=text)


@pytest.mark.parametrize(
    ("text", "value", "high", "qualifier"),
    [
        ("Prices rose 40 percent last year.", 40.0, None, "exact"),
        ("Prices rose 40% last year.", 40.0, None, "exact"),
        ("Prices rose about 12.5 per cent.", 12.5, None, "approx"),
        ("Rates rose between 10 and 20 percent.", 10.0, 20.0, "range"),
        ("Rates rose twenty percent.", 20.0, None, "exact"),
    ],
)
def test_percentages(nlp, text: str, value: float, high: float | None, qualifier: str) -> None:
    (row,) = extract_percentages(DocView(nlp(text), _article(text)))
    assert (row.value, row.value_high, row.qualifier) == (value, high, qualifier)


def test_url_encoding_is_not_a_percentage(nlp) -> None:
    text = "See https://www.test.com/search?q=30%25%2020 for details."
    assert extract_percentages(DocView(nlp(text), _article(text))) == []


_PERCENT_PIECES = [
    "twenty", "one", "hundred", "five", "-", " ", "  ", " - ", "\n", "\u00a0", "%", " %", "%25", "%a", "percent",
    "per cent", "Per Cent", "percentage", "pct.", "prozent", "per", "super", "to", "and", "minus ", "negative ",
    "5", "1,000", "2.5", ".5", "–", "—", "(", "=", "/", ".", ",", "x", "é", "_", "ABC",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PERCENT_PIECES), max_size=60).map("".join))
def test_percent_matches_are_the_patterns_own(text: str) -> None:
    """Looking only before percent cues finds exactly what scanning the whole text finds."""
    expected = [(m.span(), m.groupdict()) for m in PERCENT.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in percent_matches(text)] == expected


def test_percent_matches_of_the_longest_shape() -> None:
    text = ("x y z minus one two three four five per cent to one two three four five per cent, -5% and 1 - 2 %; "
            "negative one - two three four five and one two three four five - per cent")
    expected = [m.span() for m in PERCENT.finditer(text)]
    assert [m.span() for m in percent_matches(text)] == expected
    assert len(expected) == 4
