"""Officials: the press-release shapes, one row per person, occupations and lone titles excluded."""

from __future__ import annotations

import json

import pytest
import spacy

from pipeline.extract.officials import extract_officials
from pipeline.extract.organisations import extract_organisations
from pipeline.extract.view import DocView
from pipeline.records import CleanDocument
from pipeline.resources import model_path, read_jsonl


def _officials(nlp, body: str):
    text = f"Release\n\n{body}"
    article = CleanDocument(doc_id="t", source="t", text=text, title="Release", body_start=9)
    return officials_of(DocView(nlp(text), article))


def officials_of(view, found=None):
    """The officials of a view, given what the organisations extractor found in it (found here unless given)."""
    found = found or extract_organisations(view)
    return extract_officials(view, organisations=found.organisations, organisation_mentions=found.mentions)


def _by_name(nlp, body: str):
    return {o.name: o for o in _officials(nlp, body)}


def test_title_patterns_are_valid_and_cover_the_offices():
    rows = list(read_jsonl(model_path("patterns", "titles.jsonl")))
    assert all(r["label"] in {"TITLE", "TITLE_MODIFIER"} and isinstance(r["pattern"], list) for r in rows)
    phrases = {" ".join(t["LOWER"] for t in r["pattern"] if isinstance(t.get("LOWER"), str)) for r in rows}
    for title in ("commissioner general", "secretary general", "u.s. attorney", "special agent in charge",
                  "assistant attorney general", "chief executive officer", "district judge"):
        assert title in phrases
    modifiers = {r["pattern"][0]["LOWER"] for r in rows if r["label"] == "TITLE_MODIFIER"}
    assert {"acting", "deputy", "former", "u.s."} <= modifiers


def test_title_patterns_load_into_the_ruler(blank_nlp):
    doc = blank_nlp("said Acting Deputy Assistant Attorney General Halvard P. Engstrom")
    labels = {(s.text, s.label_) for s in doc.spans["newsfacts"]}
    assert ("Assistant Attorney General", "TITLE") in labels
    assert ("Acting", "TITLE_MODIFIER") in labels


def test_official_words_load_with_the_calendar_words():
    from pipeline.extract.officials.words import official_words

    words = official_words()
    assert {"the", "said", "january", "monday", "jan."} <= words.not_names and "jan" not in words.not_names
    assert "division" in words.units and "general" in words.singular_endings
    assert words.member_suffixes[0] == "member" and "newly" in words.tenure


def test_place_kinds_are_the_gazetteers_one_table():
    from pipeline.extract.org_gazetteer import place_kinds

    # officials ("Prince Georges County") and the gazetteer's places ("Osun State") read one table
    assert {"county", "city", "state", "province", "parish", "borough", "island", "islands"} <= place_kinds()


def test_title_name_of_org_and_coordinated_officials(nlp):
    rows = _by_name(
        nlp,
        "The case was announced by Assistant Attorney General Marta J. Okafor of the Justice Department's "
        "Criminal Division and U.S. Attorney Wifredo A. Ferrer for the Southern District of Florida.",
    )
    okafor, ferrer = rows["Marta J. Okafor"], rows["Wifredo A. Ferrer"]
    assert (okafor.title, okafor.organisation, okafor.rule) == (
        "Assistant Attorney General", "Criminal Division", "title_name_of_org")
    assert (ferrer.title, ferrer.organisation) == ("U.S. Attorney", "Southern District of Florida")


def test_org_title_name_and_a_later_bare_mention(nlp):
    rows = _officials(nlp, "INTERPOL Secretary General Jürgen Stock said the support mattered. Stock said more was needed.")
    assert len(rows) == 1
    stock = rows[0]
    assert (stock.name, stock.title, stock.organisation, stock.rule) == (
        "Jürgen Stock", "Secretary General", "INTERPOL", "org_title_name")
    assert stock.mentions == 2


def test_possessive_org_title_comma_name(nlp):
    rows = _by_name(nlp, "INTERPOL's Secretary General, Jürgen Stock, welcomed the funding.")
    assert (rows["Jürgen Stock"].title, rows["Jürgen Stock"].organisation) == ("Secretary General", "INTERPOL")


def test_name_comma_title_of_org(nlp):
    rows = _by_name(nlp, '"It matters," said Renata M. Calloway, Assistant Attorney General for the Civil Rights Division.')
    calloway = rows["Renata M. Calloway"]
    assert (calloway.title, calloway.organisation, calloway.rule) == (
        "Assistant Attorney General", "Civil Rights Division", "name_title")


def test_name_the_orgs_title(nlp):
    rows = _by_name(nlp, "John Smith, the FBI's Assistant Director, said the agency would help.")
    assert (rows["John Smith"].title, rows["John Smith"].organisation) == ("Assistant Director", "FBI")


def test_said_title_name_keeps_east_asian_order(nlp):
    rows = _by_name(nlp, '"We act," said Commissioner General Min Gab-Ryong. Kim Jong Yang is President.')
    assert rows["Min Gab-Ryong"].title == "Commissioner General"
    assert "Gab-Ryong Min" not in rows


def test_title_split_over_a_comma(nlp):
    rows = _by_name(
        nlp,
        "The case is prosecuted by Special Assistant U.S. Attorney Desmond K. Arlow, Deputy Chief of the "
        "Criminal Division's Fraud Section.",
    )
    arlow = rows["Desmond K. Arlow"]
    assert arlow.title == "Special Assistant U.S. Attorney, Deputy Chief"
    assert arlow.organisation == "Fraud Section"


def test_title_for_jurisdiction_then_name(nlp):
    rows = _by_name(nlp, "The office thanked U.S. Attorney for the District of New Jersey Owen T. Hallberg and his staff.")
    hallberg = rows["Owen T. Hallberg"]
    assert (hallberg.title, hallberg.organisation, hallberg.rule) == (
        "U.S. Attorney", "District of New Jersey", "title_org_name")


def test_plural_title_list_shares_title_and_unit(nlp):
    rows = _by_name(
        nlp,
        "It is being prosecuted by Trial Attorneys Nadia Brandt, Lorcan Featherstone and Ilse Marquardt of the "
        "Justice Departments Tax Division.",
    )
    assert set(rows) == {"Nadia Brandt", "Lorcan Featherstone", "Ilse Marquardt"}
    assert {(o.title, o.organisation) for o in rows.values()} == {("Trial Attorney", "Tax Division")}


def test_list_of_titled_people_shares_the_unit_at_its_end(nlp):
    rows = _by_name(
        nlp,
        "The case was prosecuted by Deputy Chief Rosa Villeneuve, Assistant Deputy Chief Pieter de Vries and "
        "Trial Attorney Tamsin Okwu of the Criminal Divisions Asset Forfeiture and Money Laundering Section.",
    )
    assert rows["Rosa Villeneuve"].title == "Deputy Chief"
    assert rows["Pieter de Vries"].title == "Assistant Deputy Chief"
    assert {o.organisation for o in rows.values()} == {"Asset Forfeiture and Money Laundering Section"}


def test_modifiers_are_part_of_the_title(nlp):
    rows = _by_name(nlp, "The case was handled by former Senior Trial Attorney Gideon R. Ashdown of the Fraud Section.")
    assert rows["Gideon R. Ashdown"].title == "former Senior Trial Attorney"


def test_held_by_shape(nlp):
    rows = _by_name(nlp, "The role of INTERPOL President is currently held by Kim Jong Yang.")
    assert (rows["Kim Jong Yang"].title, rows["Kim Jong Yang"].organisation) == ("President", "INTERPOL")


def test_held_by_across_a_line_break_and_without_currently(nlp):
    rows = _officials(nlp, "The office of INTERPOL Director will be\nheld by Sam Okafor. The position of Chief "
                           "Prosecutor is now held by Lena Ortiz, who said so.")
    assert {(o.name, o.title, o.organisation, o.rule) for o in rows} == {
        ("Sam Okafor", "Director", "INTERPOL", "title_held_by_name"),
        ("Lena Ortiz", "Chief Prosecutor", None, "title_held_by_name"),
    }


def test_occupations_of_defendants_are_not_officials(nlp):
    rows = _officials(nlp, "As a result, criminal defense attorney Victor Lund will serve time, and nurse Jane Doe was charged.")
    assert rows == []


def test_a_title_standing_alone_is_not_a_person(nlp):
    rows = _officials(nlp, 'INTERPOL Secretary General Jürgen Stock spoke. "We will act," added the INTERPOL Chief.')
    assert [o.name for o in rows] == ["Jürgen Stock"]


def test_minister_of_x_keeps_its_portfolio(nlp):
    rows = _by_name(nlp, "Minister of Public Security Wang Xiaohong met FBI Director Christopher Wray.")
    assert rows["Wang Xiaohong"].title == "Minister of Public Security"
    assert (rows["Christopher Wray"].title, rows["Christopher Wray"].organisation) == ("Director", "FBI")


def test_evidence_points_at_the_first_mention(nlp):
    body = "INTERPOL Secretary General Jürgen Stock said so."
    rows = _officials(nlp, body)
    text = f"Release\n\n{body}"
    assert text[rows[0].start : rows[0].end] == "Jürgen Stock"
    assert body in rows[0].sentence


# ---------------------------------------------------------------- the seed article (spec worked example)


@pytest.fixture(scope="module")
def seed_extraction(shared_dir):
    import pipeline

    lines = (shared_dir / "seed" / "korea-interpol.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Korea to Fund INTERPOL"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Read more at INTERPOL"))
    return pipeline.extract_text("\n".join(lines[start:end]))


def test_seed_article_officials(seed_extraction):
    rows = {(o.name, o.title, o.organisation) for o in seed_extraction.officials}
    assert ("Jürgen Stock", "Secretary General", "INTERPOL") in rows
    assert ("Kim Jong Yang", "President", "INTERPOL") in rows
    (min_row,) = [o for o in seed_extraction.officials if o.name == "Min Gab-Ryong"]
    assert min_row.title == "Commissioner General"
    assert min_row.organisation in {"KNPA", "Korean National Police Agency"}
    assert len(rows) == 3
    assert all(o.rule for o in seed_extraction.officials)


def test_officials_serialise_with_the_contract_columns(seed_extraction):
    rows = seed_extraction.to_dict()["officials"]
    assert {"doc_id", "name", "title", "organisation"} <= set(rows[0])
    json.dumps(rows, default=str)


@pytest.fixture(scope="module")
def blank_nlp():
    """A blank English pipeline with only the newsfacts rules."""
    import pipeline.components  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_rules")
    return nlp


def test_ranks_give_way_to_the_office(nlp):
    rows = _by_name(
        nlp,
        "ISAF spokesman Lt. Col. Marcus Hale said forces lead. "
        '"We found it," said Col. Naqibullah Fazli, commander of the Afghan Border Police.',
    )
    assert (rows["Marcus Hale"].title, rows["Marcus Hale"].organisation) == ("spokesman", "ISAF")
    assert (rows["Naqibullah Fazli"].title, rows["Naqibullah Fazli"].organisation) == (
        "commander", "Afghan Border Police")


def test_name_particles_and_honorifics(nlp):
    rows = _by_name(
        nlp,
        "He spoke with President Bashar al-Assad. \"Men are held,\" said Dr Helena Marsh-Oduya, "
        "Executive Director of the Seafarers Rights Bureau.",
    )
    assert rows["Bashar al-Assad"].title == "President"
    assert (rows["Helena Marsh-Oduya"].title, rows["Helena Marsh-Oduya"].organisation) == (
        "Executive Director", "Seafarers Rights Bureau")


def test_body_word_before_a_title_links_the_one_body_and_leaves_the_title(nlp):
    rows = _by_name(
        nlp,
        "The Northbridge Fund for River Restoration met donors on Monday. "
        '"Every gift counts," said Fund Director Tomasz Eberhardt-Kaur.',
    )
    row = rows["Tomasz Eberhardt-Kaur"]
    assert (row.title, row.organisation) == ("Director", "Northbridge Fund for River Restoration")


def test_standard_compound_title_keeps_its_body_word_and_links_the_body(nlp):
    rows = _by_name(
        nlp,
        "The Millbrook Police Department bought new radios, and the Millbrook City Council paid for them. "
        "Police Chief Ingrid Solberg said the radios work. Councilmember Tobias Mwangi voted against it, "
        "and Council Member Leona Vasquez-Hart abstained.",
    )
    assert (rows["Ingrid Solberg"].title, rows["Ingrid Solberg"].organisation) == (
        "Police Chief", "Millbrook Police Department")
    assert (rows["Tobias Mwangi"].title, rows["Tobias Mwangi"].organisation) == (
        "Councilmember", "Millbrook City Council")
    # "Council" is the council's own head word, but "Council Member" is the position's name.
    assert (rows["Leona Vasquez-Hart"].title, rows["Leona Vasquez-Hart"].organisation) == (
        "Council Member", "Millbrook City Council")


def test_body_word_names_no_body_when_two_bodies_carry_it(nlp):
    rows = _by_name(
        nlp,
        "The Millbrook Police Department and the Eastvale Police Department shared radios. "
        "Police Chief Ingrid Solberg said the radios work.",
    )
    assert (rows["Ingrid Solberg"].title, rows["Ingrid Solberg"].organisation) == ("Police Chief", None)


def test_country_holds_the_title_in_name_comma_country_title(nlp):
    rows = _by_name(
        nlp,
        "Maris Oyelaran-Vik, Norway's Ambassador to the United Nations in Vienna, said Norway's pledge "
        "would focus on survivors.",
    )
    row = rows["Maris Oyelaran-Vik"]
    assert (row.title, row.organisation, row.rule) == (
        "Ambassador to the United Nations in Vienna", "Norway", "name_title")


def test_country_holds_the_title_in_country_title_name(nlp):
    rows = _by_name(nlp, "Portugal's Foreign Minister Rui Baptista-Lemos said the pledge was fair.")
    assert (rows["Rui Baptista-Lemos"].title, rows["Rui Baptista-Lemos"].organisation) == ("Foreign Minister", "Portugal")


def test_a_list_is_names_and_titles_only(nlp):
    rows = _by_name(
        nlp,
        "The plan answers President Obama's Safer Streets Initiative, said Dorian Kessler, White House "
        "Cabinet Secretary.",
    )
    assert (rows["Dorian Kessler"].title, rows["Dorian Kessler"].organisation) == ("Cabinet Secretary", "White House")
    assert rows["Obama"].organisation is None


def test_a_name_in_a_plural_title_list_is_a_person_whatever_the_ner_says(nlp):
    body = ("It is being prosecuted by Trial Attorneys Nadia Brandt, Lorcan Ward and Ilse Marquardt of the "
            "Justice Departments Tax Division.")
    rows = _by_name(nlp, body)
    assert set(rows) == {"Nadia Brandt", "Lorcan Ward", "Ilse Marquardt"}
    assert {o.organisation for o in rows.values()} == {"Tax Division"}


# ---------------------------------------------------------------- news pages


def test_lower_case_offices_and_joined_titles(nlp):
    rows = _by_name(
        nlp,
        '"We are glad," chairman, CEO and president Marcus Vell said on Tuesday. '
        "The bill was backed by congresswoman Lena Ortiz-Baird.",
    )
    assert rows["Marcus Vell"].title == "chairman, CEO and president"
    assert rows["Lena Ortiz-Baird"].title == "congresswoman"


def test_a_defense_attorney_is_still_no_official(nlp):
    rows = _by_name(nlp, "The court heard defense attorney Victor Lund argue for a shorter term.")
    assert "Victor Lund" not in rows


def test_title_of_a_body_then_the_name_after_a_comma(nlp):
    rows = _by_name(
        nlp,
        "President of the Senate, Ada Obiora, and two senators sued the Inspector-General of Police, "
        "Ibrahim Musa, on Monday.",
    )
    assert (rows["Ada Obiora"].title, rows["Ada Obiora"].organisation) == ("President", "Senate")
    assert rows["Ibrahim Musa"].title == "Inspector-General of Police"


def test_a_nationality_gives_the_country_of_the_office(nlp):
    rows = _by_name(nlp, "Kenyan President Amara Odhiambo said the talks would resume.")
    assert (rows["Amara Odhiambo"].title, rows["Amara Odhiambo"].organisation) == ("President", "Kenya")


def test_an_occupation_needs_the_body_it_is_done_at(nlp):
    rows = _by_name(
        nlp,
        "The patient called Owen Ralston, a chest doctor at the Harbor General Hospital. "
        "Later Maria Lopez, a doctor, said the case was rare.",
    )
    assert (rows["Owen Ralston"].title, rows["Owen Ralston"].organisation) == ("chest doctor", "Harbor General Hospital")
    assert "Maria Lopez" not in rows
    # a place is where someone works, not the body the occupation is held at
    assert _by_name(nlp, "Costs will fall, said Nadia Brandt, an economist in Leeds.") == {}


def test_abbreviated_plural_titles_name_each_person(nlp):
    rows = _by_name(nlp, "Both candidates — Sens. Elena Marsh and Tomas Ruiz — have struggled to gain ground.")
    assert rows["Elena Marsh"].title == rows["Tomas Ruiz"].title == "Senator"


def test_royal_titles_and_names_that_end_in_one(nlp):
    rows = _by_name(
        nlp,
        "His mother, Queen Margaret, was said to disapprove. Crowds cheered as King Edward VII arrived. "
        "Police in Prince Georges and Montgomery County made arrests. "
        '"We act," said Acting Assistant Attorney General Loretta King for the Civil Rights Division.',
    )
    assert rows["Queen Margaret"].title == "Queen"  # the name royals go by
    assert rows["King Edward VII"].title == "King"
    assert not any("Georges" in name for name in rows)  # a county named after a prince
    assert rows["Loretta King"].title == "Acting Assistant Attorney General"


def test_a_body_named_after_a_title_is_no_person(nlp):
    rows = _by_name(
        nlp,
        "Shares of Ascom rose. Analysts said Ascom hired staff. Rob Goldwin, President Ascom North America, says "
        "the plan works.",
    )
    assert "Ascom North America" not in rows
    assert (rows["Rob Goldwin"].title, rows["Rob Goldwin"].organisation) == ("President", "Ascom North America")


def test_rank_abbreviations_keep_their_written_form(nlp):
    rows = _by_name(nlp, "ISAF spokesman Lt. Col. Marcus Hale said forces lead. Lt. Col. Dana Pryce commanded the unit.")
    assert rows["Dana Pryce"].title == "Lt. Col."


def test_a_lower_case_complement_then_the_body(nlp):
    rows = _by_name(
        nlp,
        "Dana Liu, director for games at Google, said the service would grow. "
        "Priya Nair, a consultant at Halvorsen Partners, said costs rose.",
    )
    assert (rows["Dana Liu"].title, rows["Dana Liu"].organisation) == ("director for games", "Google")
    assert (rows["Priya Nair"].title, rows["Priya Nair"].organisation) == ("consultant", "Halvorsen Partners")


def test_spellings_of_one_name_are_one_person(nlp):
    from pipeline.extract.people import same_person

    assert same_person("Zelenskyy", "Volodymyr Zelensky") and same_person("Volodymyr Zelenskiy", "Volodymyr Zelensky")
    assert not same_person("Johnston", "Ada Johnson")
    rows = _by_name(
        nlp,
        "President Volodymyr Zelensky met the press. Later President Zelenskyy said the talks failed. "
        "Former Vice President Joe Biden agreed, and Vice President Biden later spoke.",
    )
    assert set(rows) == {"Volodymyr Zelensky", "Joe Biden"}


def test_a_part_an_actor_plays_is_no_official(nlp):
    rows = _by_name(nlp, "The film stars Chris Pine's Captain Kirk and Zachary Quinto's Spock.")
    assert not rows


def test_a_headline_word_is_no_name(nlp):
    rows = _by_name(nlp, "Senior Rebel Commander Captured\nSoldiers captured a senior commander on Friday, officials said.")
    assert "Captured" not in rows


def test_a_media_contact_is_no_official(nlp):
    rows = _by_name(
        nlp,
        "The Riverton Police Department arrested two men, said Police Chief Ana Brooks.\n"
        "Media contact: Jane Whitfield, Public Information Officer, 555-0100",
    )
    assert set(rows) == {"Ana Brooks"}


def test_spaced_rank_abbreviations_are_written_without_the_space(nlp):
    rows = _by_name(nlp, "Lt . Col . Amir Haddad led the patrol.")
    assert rows["Amir Haddad"].title == "Lt. Col."


def test_a_rank_after_a_country_is_no_organisation(nlp):
    body = "According to U.S. Brig. Gen. Dale Harmon, the raid succeeded."
    text = f"Release\n\n{body}"
    article = CleanDocument(doc_id="t", source="t", text=text, title="Release", body_start=9)
    view = DocView(nlp(text), article)
    found = extract_organisations(view)
    assert not any("Brig" in o.name for o in found.organisations)
    rows = {o.name: o for o in officials_of(view, found)}
    assert rows["Dale Harmon"].title == "U.S. Brig. Gen."


def test_the_body_after_ceo_of_and_hyphenated_given_names(nlp):
    rows = _by_name(
        nlp,
        '"Our strategy is simple," Strauss Zelnick, CEO of Take-Two, adds. '
        "The plan was announced by president Moon Jae-in a year ago.",
    )
    assert (rows["Strauss Zelnick"].title, rows["Strauss Zelnick"].organisation) == ("CEO", "Take-Two")
    assert rows["Moon Jae-in"].title == "president"


def test_a_unit_then_the_company_it_belongs_to(nlp):
    rows = _by_name(
        nlp,
        '"It works," said Dana Kerr, division vice president, Hollin Sales & Regional Operations at Hollin Motors '
        "North America Inc.",
    )
    assert (rows["Dana Kerr"].title, rows["Dana Kerr"].organisation) == (
        "division vice president", "Hollin Motors North America Inc.")


def test_common_news_shapes(nlp):
    rows = _by_name(
        nlp,
        '"We are ready," said Anna Berg, chief executive of Nordlys Energy. '
        "Indian Prime Minister Narendra Modi met German Chancellor Olaf Scholz in Berlin. "
        "Apple CEO Lena Ortiz spoke at the event, and Microsoft president Omar Haddad agreed. "
        "Harbor United manager Erik ten Hag said the team would recover.",
    )
    assert (rows["Anna Berg"].title, rows["Anna Berg"].organisation) == ("chief executive", "Nordlys Energy")
    assert rows["Narendra Modi"].organisation == "India"
    assert rows["Olaf Scholz"].organisation == "Germany"  # not "Berlin", where they met
    assert rows["Lena Ortiz"].organisation == "Apple" and rows["Omar Haddad"].organisation == "Microsoft"
    assert rows["Erik ten Hag"].title == "manager"
