"""pipeline.extract.figures: counts of nouns (figures) from a parsed text."""

from __future__ import annotations

import pytest

from pipeline.extract.figures import extract_figures
from pipeline.extract.view import DocView
from pipeline.records import CleanDocument

pytestmark = pytest.mark.model


def _article(text: str) -> CleanDocument:
    return CleanDocument(doc_id="t", source="<test>", text=text)


def _figures(nlp, text: str, taken: list[tuple[int, int]] | None = None) -> list[tuple[float, str, str]]:
    rows = extract_figures(DocView(nlp(text), _article(text)), taken=taken or [])
    return [(f.value, f.noun, f.qualifier) for f in rows]


def test_seed_figures(nlp) -> None:
    text = (
        "The initiative has so far identified more than 21,000 child victims and nearly 10,000 offenders. "
        "The police agency will fund two projects under two initiatives."
    )
    assert _figures(nlp, text) == [
        (21000.0, "child victims", "more_than"),
        (10000.0, "offenders", "nearly"),
        (2.0, "projects", "exact"),
        (2.0, "initiatives", "exact"),
    ]


@pytest.mark.parametrize(
    ("sentence", "value", "noun", "qualifier"),
    [
        ("He pleaded guilty to three counts of wire fraud.", 3, "counts of wire fraud", "exact"),
        ("He pleaded guilty to one count of mail fraud.", 1, "count of mail fraud", "exact"),
        ("The couple created two additional trusts.", 2, "additional trusts", "exact"),
        ("The strike force has charged more than 1,700 defendants.", 1700, "defendants", "more_than"),
        ("He sent thousands of text messages to the victim.", 1000, "text messages", "vague"),
        ("Agents interviewed hundreds of unscrupulous tax preparers.", 100, "unscrupulous tax preparers", "vague"),
        ("Two of the defendants were arrested.", 2, "defendants", "exact"),
        ("Police arrested at least 25 defendants.", 25, "defendants", "at_least"),
        ("The company employed 15 or more workers.", 15, "workers", "at_least"),
        ("Officers found twenty-one victims.", 21, "victims", "exact"),
        # a recipe's portions are counted, as the news gold counts them (the contract's
        # measurements are physical units: inches, horsepower, GB)
        ("It was a robbery in which one employee was hurt.", 1, "employee", "exact"),
        ("Spoon two tablespoons of salsa onto each tortilla.", 2, "tablespoons of salsa", "exact"),
        ("The plant hired between 400 and 700 workers.", 400, "workers", "range"),
        ("The plant hired 400-700 workers.", 400, "workers", "range"),
        # counts of one: the word "one" counts unless a preposition or determiner makes it an article
        ("Soldiers killed one armed smuggler near the river.", 1, "armed smuggler", "exact"),
        ("One local farmer was hurt in the blast.", 1, "local farmer", "exact"),
        ("The keeper faced only one shot all night.", 1, "shot", "exact"),
        ("Ramos scored 1 goal in the first half.", 1, "goal", "exact"),
        ("The raid ended with the arrest of one smuggler.", 1, "smuggler", "exact"),
        # sports and business copy
        ("The rookie goalie made 38 saves in the win.", 38, "saves", "exact"),
        ("Pick the one or two desserts you like best.", 1, "desserts", "range"),
        ("A slice of cake holds several hundred calories.", 100, "calories", "vague"),
        ("Fans cheered a three-match winning run.", 3, "match", "exact"),
        ("The charity handed out 50 lakh masks in schools.", 5_000_000, "masks", "exact"),
        ("The charity handed out 50 lac masks in schools.", 5_000_000, "masks", "exact"),  # the other spelling
        ("The carrier flies three aircraft on the route.", 3, "aircraft", "exact"),
        # the small model labels these numbers PERCENT and MONEY: no sign, so they are counts
        ("Two Canadian aid workers were freed on Monday.", 2, "Canadian aid workers", "exact"),
        ("With more than 4 million Corolla cars sold, the brand grew.", 4000000, "Corolla cars", "more_than"),
    ],
)
def test_counted_nouns(nlp, sentence: str, value: float, noun: str, qualifier: str) -> None:
    (row,) = _figures(nlp, sentence)
    assert row == (value, noun, qualifier)


@pytest.mark.parametrize(
    "sentence",
    [
        "Smith, 45, of Miami, was sentenced today.",
        "He is a 45-year-old man from Ohio.",
        "He was charged under Section 1343 and 18 U.S.C. 2.",
        "The case number is 18-484.",
        "In 2015 the scheme began.",
        "He was sentenced to 57 months in prison.",
        "He was the first defendant to plead guilty.",
        "In one case, the complaint alleges that Garrett lied.",
        "One of the defendants fled.",
        "He carried 5 kilograms of cocaine.",
        "He called 911 from the store.",
        "At one point the talks stalled.",
        "One thing is certain about the plan.",
        "She took a one-time payment.",
        "Two-thirds of the members agreed.",
        "The set streams in 4K at home.",
        "Rebels fired 82mm mortar rounds at the base.",
        "The phone ships with 256 GB of storage.",
        "The engine makes 300 horsepower.",
        "The league moved the Week 13 rematch to Sunday.",
        "Sales fell after crashes of its popular 737 Max jet.",
        "Hundreds of them lined the road.",
        "Worms trigger type 2 immune responses.",
        "The safety earned a 91.4 coverage grade.",
        "One possible reason is the weather.",
        "The airline bought a Boeing 787 Dreamliner.",
        "Upgrade now, Windows 10 users are told.",
        "The team won the match 5-4.",
        "He is a 45-year-old coach.",
        "Roughly one bus in ten is late.",
    ],
)
def test_not_figures(nlp, sentence: str) -> None:
    assert _figures(nlp, sentence) == []


def test_taken_ranges_are_left_alone(nlp) -> None:
    text = "The firm paid 300 victims."
    start = text.index("300")
    assert _figures(nlp, text, taken=[(start, start + 3)]) == []
    assert _figures(nlp, text)[0][0] == 300


def test_a_preposition_is_not_a_qualifier(nlp) -> None:
    (row,) = _figures(nlp, "She operated the business under three different names.")
    assert row == (3.0, "different names", "exact")


def test_german_figures_by_capitalised_nouns(nlp) -> None:
    text = "Bei Durchsuchungen in 23 Objekten wurden neun Tatverdächtige festgenommen; mehr als 3.200 Anlegerinnen und Anleger, etwa zwei Jahre."
    article = CleanDocument(doc_id="t", source="<test>", text=text, language="de")
    rows = [(f.value, f.noun, f.qualifier) for f in extract_figures(DocView(nlp(text), article), taken=[])]
    assert rows == [(23.0, "Objekten", "exact"), (9.0, "Tatverdächtige", "exact"),
                    (3200.0, "Anlegerinnen und Anleger", "more_than")]


def test_a_box_score_line_counts_every_stat(nlp) -> None:
    """Stat lines name a player, then counts: the tagger's names and tags do not stop them."""
    text = "Westfield (2-1): Dana Okafor 14 points and 5 steals. J. Brandt 2 goals, 1 assist. Lee Marsh 9 saves."
    rows = [(value, noun) for value, noun, _ in _figures(nlp, text)]
    assert rows == [(14.0, "points"), (5.0, "steals"), (2.0, "goals"), (1.0, "assist"), (9.0, "saves")]


def test_a_language_without_rules_gets_no_figures(nlp) -> None:
    """English rules misread other languages: without rules of its own a language gives no figures."""
    text = "В городе задержали 12 человек и изъяли 300 килограммов груза."
    article = CleanDocument(doc_id="t", source="<test>", text=text, language="ru")
    assert extract_figures(DocView(nlp(text), article), taken=[]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Border police killed three armed smugglers and detained two near the crossing.",
         [(3.0, "armed smugglers"), (2.0, "armed smugglers")]),
        ("Officers arrested five suspects on Friday. Two were charged with arson.",
         [(5.0, "suspects"), (2.0, "suspects")]),
        ("During the sweep, six fighters were captured and all four were questioned.",
         [(6.0, "fighters"), (4.0, "fighters")]),
        ("Several raiders fired on the convoy; the guards returned fire, killing all three.", [(3.0, "raiders")]),
        # nothing to refer back to: no row rather than a guessed noun
        ("Two were hurt in the crash.", []),
        # "one" alone is a pronoun
        ("Officers arrested five suspects. One said nothing.", [(5.0, "suspects")]),
    ],
)
def test_a_count_whose_noun_is_left_out_takes_the_noun_it_refers_to(nlp, text: str, expected: list) -> None:
    assert [(value, noun) for value, noun, _ in _figures(nlp, text)] == expected


def test_a_counted_noun_never_runs_over_a_line_break(nlp) -> None:
    rows = _figures(nlp, "- 15 Striking Photos of Comets\n- More pictures follow below.")
    assert rows == [(15.0, "Striking Photos of Comets", "exact")]
