"""Quotations and their speakers: every attribution form, the seed release, lost quote marks."""

from __future__ import annotations

import pytest

from pipeline.extract.quotes import extract_quotes, speaker_words, speech_verbs
from pipeline.extract.view import DocView
from pipeline.records import CleanDocument, Official, Quote

pytestmark = pytest.mark.model


def quotes_of(nlp, body: str, officials: tuple[Official, ...] | None = None) -> list[Quote]:
    """The quotes of a body, with the officials the officials reader finds in it (unless given)."""
    from pipeline.extract import number_rows
    from pipeline.extract.officials import extract_officials
    from pipeline.extract.organisations import extract_organisations

    title = "A release"
    text = f"{title}\n\n{body}"
    article = CleanDocument(doc_id="d", source="s", text=text, title=title, body_start=len(title) + 2)
    view = DocView(nlp(text), article)
    if officials is None:
        found = extract_organisations(view)
        organisations = number_rows(found.organisations, "org_id")
        officials = number_rows(extract_officials(view, organisations=organisations, organisation_mentions=found.mentions),
                                "official_id")
    return extract_quotes(view, officials=officials)


def speakers(quotes: list[Quote]) -> list[str | None]:
    return [q.speaker for q in quotes]


def test_data_files_load():
    assert {"said", "added", "stated"} <= speech_verbs()
    assert "announced" in speech_verbs() and "announced" not in speech_verbs(unmarked=True)
    assert speaker_words()["attorney"] == "title"


def test_word_tables_of_the_rules():
    from pipeline.extract.quotes.text import ABBREVIATIONS
    from pipeline.extract.quotes.words import honorific_prefix, reporting_verbs

    assert reporting_verbs() == {"said", "says", "stated", "told", "added"} and reporting_verbs() <= speech_verbs()
    # Month abbreviations, abbreviated titles and honorifics come from their own tables.
    assert {"u.s", "corp", "lt", "sept", "jan", "sen", "gov", "mrs", "dr"} <= ABBREVIATIONS
    assert honorific_prefix().sub("", "Mrs. Ann Cole") == "Ann Cole" and honorific_prefix().sub("", "Dr Ada Obi") == "Ada Obi"
    assert honorific_prefix().sub("", "Drake Hill") == "Drake Hill"


def test_said_title_name_after_quote(nlp):
    (quote,) = quotes_of(nlp, "“We will not stop until the network is gone,” said Commissioner General Min Gab-Ryong.")
    assert quote.quote == "We will not stop until the network is gone"
    assert quote.speaker == "Min Gab-Ryong"
    assert quote.speaker_title == "Commissioner General"
    assert quote.rule == "said_speaker"


def test_name_said_after_quote_and_organisation_before_title(nlp):
    body = "“The support will have a direct impact on our work,” INTERPOL Secretary General Jürgen Stock said."
    (quote,) = quotes_of(nlp, body)
    assert (quote.speaker, quote.speaker_title, quote.speaker_organisation) == ("Jürgen Stock", "Secretary General", "INTERPOL")


def test_speaker_before_colon(nlp):
    body = "Acting U.S. Attorney Joon H. Kim said: “Prime Partners admits to helping its clients hide their money.”"
    (quote,) = quotes_of(nlp, body)
    assert quote.speaker == "Joon H. Kim"
    assert quote.rule == "speaker_said_before"
    assert quote.quote.startswith("Prime Partners admits")


def test_dash_attribution(nlp):
    body = "“Cooperation across borders is the only way to stop these crimes.” — Maria Lopez, Director of Europol"
    (quote,) = quotes_of(nlp, body)
    assert quote.speaker == "Maria Lopez"
    assert quote.speaker_title == "Director"
    assert quote.speaker_organisation == "Europol"
    assert quote.rule == "dash"


def test_according_to(nlp):
    body = "According to Director Anna Berg, “the new database has already identified hundreds of victims.”"
    (quote,) = quotes_of(nlp, body)
    assert quote.speaker == "Anna Berg"
    assert quote.rule == "according_to"


@pytest.mark.parametrize(("opening", "speaker"), [
    ("according to Mayor Ann Cole:", "Ann Cole"),
    ("According  to Mayor Ann Cole,", "Ann Cole"),  # the rule layer's cue allows a space token
    ("The firm grew, according to the report. According to Mayor Ann Cole,", "Ann Cole"),
    ("(According to Mayor Ann Cole,", "Ann Cole"),
    ("Ann Cole said according to the mayor,", "Ann Cole"),  # the speaker form starts first
    ("ACCORDING TO Mayor Ann Cole,", None),  # the cue matches any case, the attribution does not
])
def test_according_to_where_the_rule_layer_finds_its_cue(nlp, opening, speaker):
    (quote,) = quotes_of(nlp, f"{opening} “we will build the bridge on time and on budget.”")
    assert quote.speaker == speaker


def test_title_standing_for_a_person_already_named(nlp):
    body = (
        "INTERPOL Secretary General Jürgen Stock welcomed the funding.\n\n"
        "“Cyber-enabled crimes are often viewed by criminals as low risk,” added the INTERPOL Chief."
    )
    (quote,) = quotes_of(nlp, body)
    assert quote.speaker == "Jürgen Stock"
    assert quote.rule == "said_speaker+reference"


def test_title_reference_prefers_the_person_of_that_organisation(nlp):
    body = (
        "INTERPOL President Kim Jong Yang opened the meeting. Police Commissioner John Reid of the Metropolitan "
        "Police Service attended.\n\n"
        "“We will expand the programme next year,” said the INTERPOL President."
    )
    (quote,) = quotes_of(nlp, body)
    assert quote.speaker == "Kim Jong Yang"


def test_pronoun_carries_over_to_the_last_speaker(nlp):
    body = (
        "“This plea ends a long investigation,” said U.S. Attorney Benjamin G. Greenberg.\n\n"
        "“Fraud against the elderly will be prosecuted wherever we find it,” he added."
    )
    quotes = quotes_of(nlp, body)
    assert speakers(quotes) == ["Benjamin G. Greenberg", "Benjamin G. Greenberg"]
    assert quotes[1].rule == "speaker_said+pronoun"


def test_second_quote_in_a_paragraph_takes_the_same_speaker(nlp):
    body = "“The case is closed,” said Attorney General Jeff Sessions. “We thank the agents who worked on it.”"
    quotes = quotes_of(nlp, body)
    assert speakers(quotes) == ["Jeff Sessions", "Jeff Sessions"]
    assert quotes[1].rule == "said_speaker+same_paragraph"


def test_quote_continued_over_paragraphs(nlp):
    body = (
        "“With more cases every year, we all need to step up our efforts. The funding will help us.\n\n"
        "“These two initiatives will help address this illicit online activity,” said Director Ann Lee."
    )
    first, second = quotes_of(nlp, body)
    assert first.quote.endswith("The funding will help us.")
    assert (first.speaker, second.speaker) == ("Ann Lee", "Ann Lee")
    assert first.rule.endswith("+continued")
    assert second.continued_from == first.quote_id
    assert first.continued_from is None


def test_straight_quotes(nlp):
    body = '"These defendants put greed ahead of the safety of patients," said U.S. Attorney Josh Minkler.'
    (quote,) = quotes_of(nlp, body)
    assert quote.speaker == "Josh Minkler"
    assert quote.quote.startswith("These defendants")


def test_lost_quote_marks_in_a_release(nlp):
    # The DOJ scrape deleted curly quotes: the attribution still marks the quotation.
    body = (
        "The defendant pleaded guilty today in federal court.\n\n"
        "Illegal trade in rhino horn undermines efforts to protect imperiled species, said Acting Assistant "
        "Attorney General Jeffrey H. Wood of the Environment and Natural Resources Division. The Justice "
        "Department will continue to prosecute those guilty of wildlife trafficking.\n\n"
        "U.S. Attorney Joon H. Kim said: Prime Partners admits to helping its clients conceal their money."
    )
    quotes = quotes_of(nlp, body)
    assert speakers(quotes) == ["Jeffrey H. Wood", "Jeffrey H. Wood", "Joon H. Kim"]
    assert quotes[0].quote.endswith("imperiled species")
    assert quotes[1].quote.startswith("The Justice Department will continue")
    assert quotes[0].speaker_organisation == "Environment and Natural Resources Division"
    assert all(q.rule.startswith("unmarked") for q in quotes)


def test_reported_speech_and_announcements_are_not_quotes(nlp):
    body = (
        "The defendant pleaded guilty to wire fraud, announced U.S. Attorney Jane Doe.\n\n"
        "Attorney General Holder said that the department would appeal the ruling.\n\n"
        "The company had violated the law for years, according to the indictment."
    )
    assert quotes_of(nlp, body) == []


def test_scare_quotes_and_cited_text_are_not_quotes(nlp):
    body = (
        "Cyber-enabled crimes are viewed as “low detection risk” by criminals.\n\n"
        "The order directed the task force to study “whether the interrogation practices provide an adequate means "
        "of acquiring the intelligence.”"
    )
    assert quotes_of(nlp, body) == []


def test_speaker_is_linked_to_the_officials_row(nlp):
    official = Official(name="Benjamin G. Greenberg", title="U.S. Attorney", organisation="Southern District of Florida",
                        mentions=1, start=0, end=1, sentence="", rule="test", official_id=3)
    body = "“This plea ends a long investigation,” said U.S. Attorney Greenberg."
    (quote,) = quotes_of(nlp, body, (official,))
    assert quote.official_id == 3
    assert quote.speaker == "Benjamin G. Greenberg"
    assert quote.speaker_organisation == "Southern District of Florida"


def test_offsets_point_at_the_quoted_words(nlp):
    body = "“The case is closed,” said Attorney General Jeff Sessions."
    title = "A release"
    text = f"{title}\n\n{body}"
    article = CleanDocument(doc_id="d", source="s", text=text, title=title, body_start=len(title) + 2)
    (quote,) = extract_quotes(DocView(nlp(text), article), officials=())
    assert text[quote.start : quote.end] == quote.quote == "The case is closed"
    assert "said Attorney General Jeff Sessions" in quote.sentence


@pytest.fixture(scope="module")
def seed_extraction(shared_dir):
    import pipeline

    raw = (shared_dir / "seed" / "korea-interpol.txt").read_text(encoding="utf-8")
    body = raw[raw.index("Korea to Fund") : raw.index("Read more at INTERPOL") + len("Read more at INTERPOL")]
    return pipeline.extract_text(body)


@pytest.mark.shared
def test_seed_release_quotes(seed_extraction):
    quotes = seed_extraction.quotes
    assert speakers(quotes) == ["Min Gab-Ryong", "Min Gab-Ryong", "Jürgen Stock", "Jürgen Stock"]
    assert quotes[0].quote.startswith("The Korean Police is readily taking the leading role")
    assert quotes[1].quote.startswith("KNPA will actively cooperate")  # "added the Head of the Korean Police"
    assert quotes[2].quote.startswith("With an increasing number of online child abuse cases")
    assert quotes[3].quote.startswith("Cyber-enabled crimes are often viewed")  # "added the INTERPOL Chief"
    # Stock's quotation runs over two paragraphs.
    assert quotes[3].continued_from == quotes[2].quote_id
    assert [q.quote_id for q in quotes] == [0, 1, 2, 3]
    assert quotes[2].speaker_title == "Secretary General"
    assert quotes[2].speaker_organisation == "INTERPOL"
    by_name = {o.name: o.official_id for o in seed_extraction.officials}
    for quote in quotes:
        if quote.speaker in by_name:
            assert quote.official_id == by_name[quote.speaker]


def test_an_attribution_after_the_quote_with_an_apposition(nlp):
    (quote,) = quotes_of(nlp, "“Every match will start in seconds on any screen you own,” Lena Ortiz, head of streaming at "
                              "Northwind Games, tells reporters.")
    assert quote.speaker == "Lena Ortiz"


@pytest.mark.parametrize("verb", ["wrote", "has written", "recalled"])
def test_written_and_remembered_words_are_attributed(nlp, verb):
    body = f"Paolo Ricci keeps bees near the coast. “The hives were full of honey every single summer back then,” Ricci {verb}."
    (quote,) = quotes_of(nlp, body)
    assert quote.speaker == "Paolo Ricci"


def test_a_pronoun_is_the_person_its_paragraph_names(nlp):
    body = ("“The bridge will open on time and within its budget,” said Mayor Ann Cole.\n"
            "Ferry captain Joe Blake sees it differently. “It will empty my boat within a single season,” he said.")
    quotes = quotes_of(nlp, body)
    assert speakers(quotes) == ["Ann Cole", "Joe Blake"]


def test_a_quotation_going_on_without_an_attribution_keeps_its_speaker(nlp):
    body = ("“The new rules cut waiting times at every clinic in the county,” said Mayor Ann Cole. "
            "“Patients will notice the change within a few weeks of the start.”")
    assert speakers(quotes_of(nlp, body)) == ["Ann Cole", "Ann Cole"]


def test_an_abbreviated_title_is_not_part_of_the_speaker_s_name(nlp):
    body = ("“We must fund the program,” Rep. Dana Holt, R-Texas, said in a statement. "
            "“We will keep going,” Sen. Ray Ortiz said.")
    assert [(q.speaker, q.speaker_title) for q in quotes_of(nlp, body)] == [
        ("Dana Holt", "Representative"), ("Ray Ortiz", "Senator")]


def test_title_and_organisation_come_from_the_officials_reader_not_nearby_words(nlp):
    body = "“Costs for families will fall across the whole region this year,” said Dr. Nadia Brandt, an economist in Leeds."
    (quote,) = quotes_of(nlp, body)
    assert quote.speaker == "Nadia Brandt"
    assert quote.speaker_organisation is None and quote.speaker_title in (None, "economist")
