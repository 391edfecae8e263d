"""pipeline.extract.amounts: money rows with currency, qualifier and role from a parsed text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.amounts import amount_role, extract_amounts
from pipeline.extract.view import DocView
from pipeline.records import CleanDocument

pytestmark = pytest.mark.model


def _rows(nlp, text: str, url: str | None = None) -> list[tuple[str, Decimal, str | None, str, str | None]]:
    article = CleanDocument(doc_id="t", source="<test>", text=text, url=url)
    return [(a.text, a.value, a.currency, a.qualifier, a.role) for a in extract_amounts(DocView(nlp(text), article))]


def test_seed_amounts(nlp) -> None:
    text = (
        "Some EUR 2.1 million will be provided for a three-year initiative as part of the FACE project. "
        "An additional EUR 1.3 million from KNPA will support a second three-year project."
    )
    rows = _rows(nlp, text)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        (Decimal(2_100_000), "EUR", "approx"),
        (Decimal(1_300_000), "EUR", "exact"),
    ]
    assert rows[0][0] == "Some EUR 2.1 million"
    assert rows[0][4] == "funding"


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("He evaded paying approximately $1 million in taxes.", 1_000_000, "approx"),
        ("The return claimed a refund of over $591,000.", 591_000, "more_than"),
        ("He was ordered to pay no less than $38,000.", 38_000, "at_least"),
        ("Each faces a fine of up to $500,000.", 500_000, "up_to"),
        ("He received contributions of $25,000 or more in 2008.", 25_000, "at_least"),
        ("He faces a maximum statutory penalty of 20 years in prison and a $250,000 fine.", 250_000, "up_to"),
        ("The scheme caused losses of between $300,000 and $400,000.", 300_000, "range"),
        ("The fraud cost victims millions of dollars.", 1_000_000, "vague"),
        ("Tickets cost from 15 to 40 dollars at the door.", 15, "range"),
    ],
)
def test_qualifiers(nlp, sentence: str, value: int, qualifier: str) -> None:
    (row,) = _rows(nlp, sentence)
    assert (row[1], row[2], row[3]) == (Decimal(value), "USD", qualifier)


def test_a_maximum_does_not_reach_past_the_sentence_it_is_in(nlp) -> None:
    text = "He faced a maximum of 20 years in prison. He was sentenced to 30 months and ordered to pay $435,000."
    (row,) = _rows(nlp, text)
    assert row[3] == "exact"


def test_roles(nlp) -> None:
    text = (
        "Smith was ordered to pay $416,283 in restitution and a $50,000 fine, and to forfeit $1.2 million. "
        "He paid $20,000 in bribes."
    )
    assert [r[4] for r in _rows(nlp, text)] == ["restitution", "fine", "forfeiture", "bribe"]


def test_amount_role_without_a_role_word() -> None:
    assert amount_role("The painting sold at auction for", ".") is None


def test_dollar_outside_the_us_follows_the_url(nlp) -> None:
    (row,) = _rows(nlp, "The council approved $5 million for roads.", url="https://www.abc.net.au/news/roads")
    assert row[2] == "AUD"


def test_not_money(nlp) -> None:
    text = "Police seized 50 pounds of cocaine and a knife under 18 U.S.C. Section 1343 in 2015."
    assert _rows(nlp, text) == []


def test_under_an_amount_written_in_words_is_less_than(nlp) -> None:
    (row,) = _rows(nlp, "A lunch menu in the old town costs under nine euros.")
    assert (row[1], row[2], row[3]) == (Decimal(9), "EUR", "less_than")
