"""Programmes: projects, operations, initiatives, databases and laws, with acronym and owner."""

from __future__ import annotations

import pytest

from pipeline.extract.programmes import acronym_matches, extract_programmes
from pipeline.extract.view import DocView
from pipeline.records import CleanDocument, Organisation, Programme

pytestmark = pytest.mark.model


def org(name: str, acronym: str | None = None, *aliases: str) -> Organisation:
    return Organisation(name=name, acronym=acronym, aliases=aliases, mentions=1, start=0, end=1, sentence="")


def programmes_of(nlp, body: str, organisations: tuple[Organisation, ...] = ()) -> list[Programme]:
    title = "A release"
    text = f"{title}\n\n{body}"
    article = CleanDocument(doc_id="d", source="s", text=text, title=title, body_start=len(title) + 2)
    return extract_programmes(DocView(nlp(text), article), organisations=organisations)


def by_name(rows: list[Programme]) -> dict[str, Programme]:
    return {row.name: row for row in rows}


@pytest.mark.parametrize(
    ("acronym", "name", "expected"),
    [
        ("FACE", "Fight Against Child (Sexual) Exploitation", True),
        ("ICSE", "International Child Sexual Exploitation", True),
        ("HEAT", "Health Care Fraud Prevention and Enforcement Action Team", True),
        ("FBI", "Fight Against Child Exploitation", False),
        ("Sexual", "Child Sexual", False),
    ],
)
def test_acronym_matches_initials(acronym, name, expected):
    assert acronym_matches(acronym, name) is expected


def test_acronym_project_with_possessive_owner_and_later_mentions(nlp):
    body = (
        "The money is part of INTERPOL’s Fight Against Child (Sexual) Exploitation (FACE) project. "
        "The KNPA-supported element of the FACE project will focus on Asia."
    )
    (row,) = programmes_of(nlp, body, (org("INTERPOL"),))
    assert (row.name, row.acronym, row.kind, row.organisation) == (
        "Fight Against Child (Sexual) Exploitation", "FACE", "project", "INTERPOL")
    assert row.mentions == 2
    assert row.programme_id == 0


def test_database_keeps_its_kind_word(nlp):
    body = "Analysts use the International Child Sexual Exploitation (ICSE) database every day."
    (row,) = programmes_of(nlp, body)
    assert (row.name, row.acronym, row.kind) == ("International Child Sexual Exploitation database", "ICSE", "database")


def test_system_with_acronym_is_a_database(nlp):
    body = "Records go to the National Instant Criminal Background Check System (NICS) within days."
    (row,) = programmes_of(nlp, body)
    assert (row.name, row.acronym, row.kind) == ("National Instant Criminal Background Check System", "NICS", "database")


def test_operation_and_project(nlp):
    body = (
        "Zhou was identified as part of Operation Crash, a nationwide crackdown on rhinoceros horn trafficking.\n\n"
        "This case was brought as part of Project Safe Childhood, a nationwide initiative launched in May 2006 "
        "by the Department of Justice."
    )
    rows = by_name(programmes_of(nlp, body, (org("Department of Justice", "DOJ"),)))
    assert rows["Operation Crash"].kind == "operation"
    assert rows["Project Safe Childhood"].kind == "project"
    assert rows["Project Safe Childhood"].organisation == "Department of Justice"


def test_laws_split_and_trimmed(nlp):
    body = (
        "The hospital violated the Stark Law and the False Claims Act. It also broke Title VII of the Civil "
        "Rights Act of 1964 and, under the Fair Housing Act, must pay damages."
    )
    rows = by_name(programmes_of(nlp, body))
    assert set(rows) == {"Stark Law", "False Claims Act", "Civil Rights Act of 1964", "Fair Housing Act"}
    assert {row.kind for row in rows.values()} == {"law"}


def test_named_programme_and_lost_apostrophe_owner(nlp):
    body = (
        "Three banks joined the Swiss Bank Program this year. For more information about the Departments "
        "Elder Justice Initiative, see the website."
    )
    rows = by_name(programmes_of(nlp, body))
    assert rows["Swiss Bank Program"].kind == "programme"
    assert rows["Elder Justice Initiative"].kind == "initiative"


def test_titles_and_organisation_names_are_not_programmes(nlp):
    body = (
        "Project Director Jane Roe thanked the Office of Law Enforcement and the Project Safe Neighborhoods "
        "Task Force."
    )
    names = {row.name for row in programmes_of(nlp, body, (org("Project Safe Neighborhoods Task Force"),))}
    assert names == set()


@pytest.mark.shared
def test_seed_release_programmes(shared_dir):
    import pipeline

    raw = (shared_dir / "seed" / "korea-interpol.txt").read_text(encoding="utf-8")
    body = raw[raw.index("Korea to Fund") : raw.index("Read more at INTERPOL") + len("Read more at INTERPOL")]
    rows = pipeline.extract_text(body).programmes
    assert [(r.acronym, r.kind, r.organisation) for r in rows] == [("FACE", "project", "INTERPOL"), ("ICSE", "database", "INTERPOL")]
    assert rows[0].name == "Fight Against Child (Sexual) Exploitation"
    assert rows[1].name == "International Child Sexual Exploitation database"
    assert [r.mentions for r in rows] == [2, 2]
