"""Events: funding and commitments linked to organisations, amounts, durations and programmes;
sentencing in court releases. Runs the whole extraction so the ids point at real rows."""

from __future__ import annotations

import pytest

from pipeline.extract.events import event_cues
from pipeline.records import Event, Extraction

pytestmark = pytest.mark.model


def extract(body: str, title: str = "A release") -> Extraction:
    import pipeline

    return pipeline.extract_text(body, title=title, published="2024-04-20")


def amount_of(result: Extraction, event: Event) -> tuple:
    amount = next(a for a in result.amounts if a.amount_id == event.amount_id)
    return amount.value, amount.currency


def duration_of(result: Extraction, duration_id: int | None) -> str | None:
    return next((d.iso for d in result.durations if d.duration_id == duration_id), None)


def test_cue_words_load():
    cues = event_cues()
    assert "funding" in cues["funding"] and "pledged" in cues["commitment"]
    assert "launched" in cues["not_start"] and "starting" in cues["start"]


@pytest.fixture(scope="module")
def seed(shared_dir) -> Extraction:
    import pipeline

    raw = (shared_dir / "seed" / "korea-interpol.txt").read_text(encoding="utf-8")
    body = raw[raw.index("Korea to Fund") : raw.index("Read more at INTERPOL") + len("Read more at INTERPOL")]
    return pipeline.extract_text(body)


@pytest.mark.shared
def test_seed_release_gives_its_two_funding_events(seed):
    first, second = seed.events
    assert (first.kind, second.kind) == ("funding", "funding")
    for event in (first, second):
        assert event.funder == "Korean National Police Agency"
        assert event.recipient == "INTERPOL"
        assert duration_of(seed, event.duration_id) == "P3Y"
    assert amount_of(seed, first) == (2_100_000, "EUR")
    assert amount_of(seed, second) == (1_300_000, "EUR")
    assert first.programme == "Fight Against Child (Sexual) Exploitation"
    assert "FACE" in first.purpose
    assert second.programme is None
    assert second.purpose.startswith("cyber-enabled financial crime")
    # "launched in 2015" dates the FACE project, not the money.
    assert first.event_start is None
    assert [e.event_id for e in seed.events] == [0, 1]


def test_frame_sentence_gives_funder_and_recipient_to_later_amounts():
    result = extract(
        "The Korean National Police Agency (KNPA) has announced additional funding for INTERPOL.\n\n"
        "Some EUR 2.1 million will be provided for a three-year initiative to identify victims.\n\n"
        "An additional EUR 1.3 million from KNPA will support a second project targeting money laundering."
    )
    first, second = result.events
    assert (first.funder, first.recipient) == ("Korean National Police Agency", "INTERPOL")
    assert "frame_funder" in first.rule and "frame_recipient" in first.rule
    assert first.purpose == "identify victims"
    assert (second.funder, second.recipient) == ("Korean National Police Agency", "INTERPOL")
    assert second.rule.startswith("funding:from")
    assert second.purpose == "money laundering"


def test_grant_with_subject_recipient_and_start():
    result = extract(
        "The Bureau of Justice Assistance awarded $4 million to the Police Executive Research Forum to "
        "train court staff, starting in 2025."
    )
    (event,) = result.events
    assert event.funder == "Bureau of Justice Assistance"
    assert event.recipient == "Police Executive Research Forum"
    assert amount_of(result, event) == (4_000_000, "USD")
    assert event.purpose == "train court staff"
    assert event.event_start == "2025"


def test_fines_and_settlements_are_not_funding():
    result = extract(
        "The company agreed to pay a $2 million criminal fine and $3 million in restitution to resolve the "
        "charges, which also cover grant fraud."
    )
    assert [e for e in result.events if e.kind in {"funding", "commitment"}] == []


def test_sentencing_event():
    result = extract(
        "Anna Leath, 45, of Portland, was sentenced today to 57 months in prison, followed by three years of "
        "supervised release, and ordered to pay $1.2 million in restitution.\n\n"
        "U.S. District Judge Robert E. Jones sentenced Tom White to 37 months in prison."
    )
    leath, white = result.events
    assert (leath.kind, leath.defendant) == ("sentencing", "Anna Leath")
    assert duration_of(result, leath.duration_id) == "P57M"
    assert duration_of(result, leath.supervised_release_id) == "P3Y"
    assert amount_of(result, leath) == (1_200_000, "USD")
    assert white.defendant == "Tom White"  # the judge sentences; the defendant is the object
    assert duration_of(result, white.duration_id) == "P37M"
    assert white.amount_id is None


def test_funding_words_found_in_folded_text_are_the_case_blind_patterns_own():
    """The sentence search on ASCII-lower-cased text finds what the case-blind pattern finds."""
    import random

    from pipeline.textsearch import case_blind_text
    from pipeline.extract.events import _cue_pattern, _folded_cue_pattern

    cues, folded_cues = _cue_pattern(("funding", "commitment")), _folded_cue_pattern(("funding", "commitment"))
    commitment = _cue_pattern(("commitment",))
    assert cues.pattern.isascii()
    pieces = ["Funding", "FUNDED", "funds", "Committed", " to", "commitment", "Donation", " ", "\n", "x", "é", "ſ",
              "K", "İ", "ı", "-", "invest", "ments", "Contributes", "_", "1"]
    rng = random.Random(12)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        folded = case_blind_text(text)
        if folded is None:
            assert any(c in text for c in "ſKİı")
            continue
        old = [(m.span(), bool(commitment.fullmatch(m.group()))) for m in cues.finditer(text)]
        new = [(m.span(), bool(commitment.fullmatch(m.group()))) for m in folded_cues.finditer(folded)]
        assert new == old


def test_a_contract_worth_an_amount_is_money_given_to_its_holder():
    result = extract("The Port Authority of Valdora awarded Kestrel Marine Ltd a contract worth £40 million to dredge "
                     "the harbour.")
    (event,) = [e for e in result.events if e.kind == "funding"]
    assert event.recipient == "Kestrel Marine Ltd" and amount_of(result, event)[0] == 40_000_000


@pytest.mark.parametrize(
    "body",
    [
        "Northwind Mobile sells the handset for as little as Rs 599 to customers of Northwind Retail.",
        "The founder of Orchard Holdings has a net worth of $3 billion, says the Capital Review.",
        "Orchard Holdings took on $2 billion in debt from Harbour Bank to fund the purchase.",
        "The Valdora Central Bank set the exchange rate at 1.2 dollars to support exports.",
    ],
)
def test_prices_fortunes_debts_and_rates_are_never_funding(body):
    assert [e for e in extract(body).events if e.kind in ("funding", "commitment")] == []


def test_money_with_neither_giver_nor_taker_is_no_event():
    result = extract("Officials said $4 million in new funding would be spent on road repairs next spring.")
    assert [e for e in result.events if e.kind in ("funding", "commitment")] == []
