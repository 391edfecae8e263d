"""The run-wide entities pass: which rows of a run name one body or one person, and stable ids.

Most tests write small run folders by hand (part files of organisations, officials,
quotes, events and articles, as the shards would) and run the pass on them, so every merge
and non-merge is checked on names written for the test. The last tests go through
``pipeline.run`` with the model: an interrupted run and a grown run keep the ids.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.entities import ENTITIES_DIR, assign_entities
from pipeline.entity_people import person_owners, person_owners_in_run, short_form_of
from pipeline.schema import to_table
from pipeline.tables import part_name, read_table, write_atomic

# ---------------------------------------------------------------------------- writing a run by hand


def org(name: str, acronym: str | None = None, *aliases: str) -> dict:
    return {"name": name, "acronym": acronym, "aliases": list(aliases)}


def official(name: str, title: str = "Director", organisation: str | None = None) -> dict:
    return {"name": name, "title": title, "organisation": organisation}


def write_shard(out: Path, shard_id: str, documents: dict[str, dict]) -> None:
    """Part files of one shard: ``documents`` maps doc_id → {"orgs": [...], "officials": [...], ...}."""
    rows: dict[str, list[dict]] = {t: [] for t in ("articles", "organisations", "officials", "quotes", "events")}
    for doc_id, document in documents.items():
        rows["articles"].append({
            "doc_id": doc_id, "source": f"{doc_id}.txt", "text": doc_id, "n_words": 1,
            "published": document.get("published", dt.date(2020, 1, 1)),
        })
        for i, row in enumerate(document.get("orgs", [])):
            rows["organisations"].append({"doc_id": doc_id, "org_id": i, "mentions": 1, "start": 0, "end": 1, **row})
        for i, row in enumerate(document.get("officials", [])):
            rows["officials"].append({"doc_id": doc_id, "official_id": i, "mentions": 2, "rule": "test",
                                      "start": 0, "end": 1, **row})
        for i, (speaker, official_id) in enumerate(document.get("quotes", [])):
            rows["quotes"].append({"doc_id": doc_id, "quote_id": i, "quote": "We act.", "speaker": speaker,
                                   "official_id": official_id, "start": 0, "end": 1})
        for i, (funder, recipient) in enumerate(document.get("events", [])):
            rows["events"].append({"doc_id": doc_id, "event_id": i, "kind": "funding", "funder": funder,
                                   "recipient": recipient, "start": 0, "end": 1})
    for table, data in rows.items():
        write_atomic(to_table(table, data), out / table / part_name(shard_id))


def entity_of(out: Path, doc_id: str, name: str) -> str:
    rows = read_table(out, "organisations").to_pylist()
    return next(r["entity_id"] for r in rows if r["doc_id"] == doc_id and r["name"] == name)


def person_of(out: Path, doc_id: str, name: str) -> str:
    rows = read_table(out, "officials").to_pylist()
    return next(r["entity_id"] for r in rows if r["doc_id"] == doc_id and r["name"] == name)


def entities(out: Path) -> dict[str, dict]:
    return {row["entity_id"]: row for row in read_table(out, "entities").to_pylist()}


def run_pass(tmp_path: Path, documents: dict[str, dict]) -> Path:
    write_shard(tmp_path, "aaaa", documents)
    assign_entities(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------- organisations: merges


def test_a_definition_anywhere_in_the_run_gives_a_bare_acronym_its_body(tmp_path: Path):
    out = run_pass(tmp_path, {
        "d1": {"orgs": [org("Internal Revenue Service", "IRS")]},
        "d2": {"orgs": [org("IRS")]},
        "d3": {"orgs": [org("Internal Revenue Service")]},
    })
    ids = {entity_of(out, d, n) for d, n in [("d1", "Internal Revenue Service"), ("d2", "IRS"), ("d3", "Internal Revenue Service")]}
    assert len(ids) == 1
    entity = entities(out)[ids.pop()]
    assert (entity["name"], entity["acronym"], entity["n_documents"], entity["kind"]) == ("Internal Revenue Service", "IRS", 3, "organisation")
    assert {a["value"]: a["count"] for a in entity["aliases"]} == {"Internal Revenue Service": 2, "IRS": 2}


def test_regular_name_forms_merge(tmp_path: Path):
    out = run_pass(tmp_path, {
        "d1": {"orgs": [org("Justice Department")]},
        "d2": {"orgs": [org("Department of Justice")]},
        "d3": {"orgs": [org("U.S. Department of Justice")]},
        "d4": {"orgs": [org("United States Department of Justice")]},
        "d5": {"orgs": [org("Acme Widgets Inc.")]},
        "d6": {"orgs": [org("Acme Widgets, Ltd")]},
        "d7": {"orgs": [org("Acme Widgets")]},
        "d8": {"orgs": [org("the Northfield Harbour Authority's")]},
        "d9": {"orgs": [org("Northfield Harbour Authority")]},
    })
    justice = {entity_of(out, d, n) for d, n in [("d1", "Justice Department"), ("d2", "Department of Justice"),
                                                   ("d3", "U.S. Department of Justice"), ("d4", "United States Department of Justice")]}
    acme = {entity_of(out, d, n) for d, n in [("d5", "Acme Widgets Inc."), ("d6", "Acme Widgets, Ltd"), ("d7", "Acme Widgets")]}
    harbour = {entity_of(out, d, n) for d, n in [("d8", "the Northfield Harbour Authority's"), ("d9", "Northfield Harbour Authority")]}
    assert len(justice) == len(acme) == len(harbour) == 1
    assert len(justice | acme | harbour) == 3


def test_hyphen_dash_spacing_and_spelt_out_acronyms_are_one_unit(tmp_path: Path):
    forms = ["IRS-Criminal Investigation", "IRS - Criminal Investigation", "IRS Criminal Investigation",
             "Internal Revenue Service Criminal Investigation", "IRSCriminal Investigation"]
    documents = {f"d{i}": {"orgs": [org(form)]} for i, form in enumerate(forms)}
    documents["def"] = {"orgs": [org("Internal Revenue Service", "IRS")]}
    out = run_pass(tmp_path, documents)
    units = {entity_of(out, f"d{i}", form) for i, form in enumerate(forms)}
    assert len(units) == 1
    assert units != {entity_of(out, "def", "Internal Revenue Service")}  # a parent and its unit stay two


def test_a_possessive_that_lost_its_apostrophe_joins_the_body(tmp_path: Path):
    documents = {f"d{i}": {"orgs": [org("Department of Transport")]} for i in range(3)}
    documents["lost"] = {"orgs": [org("Department of Transports")]}
    out = run_pass(tmp_path, documents)
    assert entity_of(out, "lost", "Department of Transports") == entity_of(out, "d0", "Department of Transport")


# ---------------------------------------------------------------------------- organisations: kept apart


def test_parents_units_and_sibling_units_stay_apart(tmp_path: Path):
    out = run_pass(tmp_path, {
        "d1": {"orgs": [org("FBI"), org("FBI Washington Field Office"), org("Tax Division", None, "Justice Departments Tax Division"),
                        org("Criminal Division"), org("Civil Rights Division"), org("Justice Department")]},
        "d2": {"orgs": [org("Federal Bureau of Investigation", "FBI"), org("Washington Field Office", None, "FBIs Washington Field Office")]},
    })
    ids = [entity_of(out, "d1", n) for n in ["FBI", "FBI Washington Field Office", "Tax Division", "Criminal Division",
                                             "Civil Rights Division", "Justice Department"]]
    assert len(set(ids)) == 6
    assert entity_of(out, "d2", "Federal Bureau of Investigation") == ids[0]
    assert entity_of(out, "d2", "Washington Field Office") == ids[1]


def test_one_unit_name_under_two_governments_is_two_units_and_the_text_decides(tmp_path: Path):
    out = run_pass(tmp_path, {
        "j1": {"orgs": [org("Tax Division", None, "Justice Departments Tax Division"), org("Justice Department")]},
        "j2": {"orgs": [org("Tax Division", None, "Justice Department's Tax Division"), org("Justice Department")]},
        "o1": {"orgs": [org("Tax Division", None, "Ruritania Revenue Ministrys Tax Division"), org("Ruritania Revenue Ministry")]},
        "o2": {"orgs": [org("Tax Division", None, "Ruritania Revenue Ministry's Tax Division"), org("Ruritania Revenue Ministry")]},
        "bare_o": {"orgs": [org("Tax Division"), org("Ruritania Revenue Ministry")]},
        "bare": {"orgs": [org("Tax Division")]},
    })
    justice, ruritania = entity_of(out, "j1", "Tax Division"), entity_of(out, "o1", "Tax Division")
    assert justice != ruritania
    assert entity_of(out, "j2", "Tax Division") == justice and entity_of(out, "o2", "Tax Division") == ruritania
    assert entity_of(out, "bare_o", "Tax Division") == ruritania  # its document names the ministry
    assert entity_of(out, "bare", "Tax Division") not in {justice, ruritania}  # nothing says whose: apart
    names = {e["name"] for e in entities(out).values()}
    assert {"Tax Division (Justice Department)", "Tax Division (Ruritania Revenue Ministry)"} <= names


def test_a_shared_acronym_is_read_by_the_other_bodies_its_document_names(tmp_path: Path):
    out = run_pass(tmp_path, {
        "a1": {"orgs": [org("Alpine Bird Club", "ABC"), org("Ornithology Society")]},
        "a2": {"orgs": [org("Alpine Bird Club", "ABC"), org("Ornithology Society")]},
        "b1": {"orgs": [org("Atlantic Border Council", "ABC"), org("Coast Guard Command")]},
        "b2": {"orgs": [org("Atlantic Border Council", "ABC"), org("Coast Guard Command")]},
        "bird": {"orgs": [org("ABC"), org("Ornithology Society")]},
        "coast": {"orgs": [org("ABC"), org("Coast Guard Command")]},
        "unknown": {"orgs": [org("ABC")]},
    })
    club, council = entity_of(out, "a1", "Alpine Bird Club"), entity_of(out, "b1", "Atlantic Border Council")
    assert club != council
    assert entity_of(out, "bird", "ABC") == club and entity_of(out, "coast", "ABC") == council
    assert entity_of(out, "unknown", "ABC") not in {club, council}


def test_a_bare_unit_joins_the_body_its_own_document_writes_it_under_and_a_place_is_no_parent(tmp_path: Path):
    out = run_pass(tmp_path, {
        "d1": {"orgs": [org("Ruritania Revenue Ministry-Office of Inspector General"), org("Office of Inspector General")]},
        "d2": {"orgs": [org("Office of Inspector General", None, "Zembla Post Offices Office of Inspector General"),
                        org("Zembla Post Office")]},
        "d3": {"orgs": [org("Zembla Post Office Office of Inspector General"), org("Zembla Post Office")]},
        "d4": {"orgs": [org("Ruritania Revenue Ministry Office of Inspector General"), org("Ruritania Revenue Ministry")]},
        "d5": {"orgs": [org("Office of Inspector General"), org("Justice Department")]},
        "s1": {"orgs": [org("State Police", None, "Ruritania State Police"), org("Ruritania")]},
        "s2": {"orgs": [org("State Police")]},
    })
    ruritania = entity_of(out, "d4", "Ruritania Revenue Ministry Office of Inspector General")
    zembla = entity_of(out, "d3", "Zembla Post Office Office of Inspector General")
    assert ruritania != zembla
    assert entity_of(out, "d1", "Ruritania Revenue Ministry-Office of Inspector General") == ruritania  # a dash joins them
    assert entity_of(out, "d1", "Office of Inspector General") == ruritania  # its document says whose
    assert entity_of(out, "d2", "Office of Inspector General") == zembla
    assert entity_of(out, "d5", "Office of Inspector General") not in {ruritania, zembla}
    # "Ruritania" (a place the NER took for a body) makes no parent: both State Police rows stay one name.
    assert entity_of(out, "s1", "State Police") == entity_of(out, "s2", "State Police")


# ---------------------------------------------------------------------------- people


def test_short_forms_of_people():
    assert short_form_of("holder", "eric h holder")
    assert short_form_of("eric holder", "eric h holder")
    assert short_form_of("e holder", "eric h holder")
    assert not short_form_of("jocelyn samuels", "brian j samuels")
    assert not short_form_of("john smith", "jane a smith")
    assert person_owners(["john a smith", "john b smith", "john smith"]) == {}
    assert person_owners(["eric h holder", "eric holder", "holder"]) == {"eric holder": "eric h holder", "holder": "eric h holder"}
    # A family name that lost its possessive's apostrophe, when the run writes it without the "s" more.
    owners = person_owners_in_run({"marta okafors": 3, "okafors": 2, "marta okafor": 4, "okafor": 9, "jeff sessions": 5})
    assert owners == {"marta okafors": "marta okafor", "okafors": "marta okafor", "okafor": "marta okafor"}


def test_people_merge_on_full_name_and_a_short_form_one_full_name_owns(tmp_path: Path):
    out = run_pass(tmp_path, {
        "d1": {"officials": [official("Marta Q. Okafor Jr.", "Attorney General", "Ruritania")]},
        "d2": {"officials": [official("Marta Okafor", "Minister")]},
        "d3": {"officials": [official("Okafor", "Minister")]},
        "d4": {"officials": [official("Marta Q. Okafor", "Attorney General")]},
        "s1": {"officials": [official("John A. Smith")]},
        "s2": {"officials": [official("John B. Smith")]},
        "s3": {"officials": [official("John Smith")]},
    })
    okafor = {person_of(out, d, n) for d, n in [("d1", "Marta Q. Okafor Jr."), ("d2", "Marta Okafor"), ("d3", "Okafor"), ("d4", "Marta Q. Okafor")]}
    assert len(okafor) == 1
    smiths = {person_of(out, d, n) for d, n in [("s1", "John A. Smith"), ("s2", "John B. Smith"), ("s3", "John Smith")]}
    assert len(smiths) == 3
    person = entities(out)[okafor.pop()]
    assert person["kind"] == "person" and person["n_documents"] == 4 and person["n_mentions"] == 8
    assert {t["value"]: t["count"] for t in person["titles"]} == {"Attorney General": 2, "Minister": 2}
    assert [o["value"] for o in person["organisations"]] == ["Ruritania"]


def test_quotes_and_events_point_at_entities(tmp_path: Path):
    out = run_pass(tmp_path, {
        "d1": {"orgs": [org("Korean National Police Agency", "KNPA"), org("INTERPOL")],
               "officials": [official("Min Gab-Ryong", "Commissioner General", "KNPA")],
               "quotes": [("Min Gab-Ryong", 0), ("Min Gab-Ryong", None), ("Somebody Else", None)],
               "events": [("KNPA", "INTERPOL"), ("Unknown Fund", None)]},
    })
    person = person_of(out, "d1", "Min Gab-Ryong")
    assert [q["speaker_entity_id"] for q in read_table(out, "quotes").to_pylist()] == [person, person, None]
    events = read_table(out, "events").to_pylist()
    assert (events[0]["funder_entity_id"], events[0]["recipient_entity_id"]) == (
        entity_of(out, "d1", "Korean National Police Agency"), entity_of(out, "d1", "INTERPOL"))
    assert (events[1]["funder_entity_id"], events[1]["recipient_entity_id"]) == (None, None)


# ---------------------------------------------------------------------------- ids: stable, resumable, incremental


def _snapshot(out: Path) -> tuple:
    return (sorted((r["doc_id"], r["org_id"], r["entity_id"]) for r in read_table(out, "organisations").to_pylist()),
            sorted((r["doc_id"], r["official_id"], r["entity_id"]) for r in read_table(out, "officials").to_pylist()),
            sorted(read_table(out, "entities").column("entity_id").to_pylist()))


FIRST = {
    "d1": {"orgs": [org("Northfield Harbour Authority", "NHA"), org("Justice Department")], "officials": [official("Ana Ruiz")]},
    "d2": {"orgs": [org("NHA"), org("XYZ")], "officials": [official("Ana B. Ruiz")]},
}
SECOND = {
    "d3": {"orgs": [org("Xylo Yard Zone", "XYZ"), org("Department of Justice")], "officials": [official("Ana B. Ruiz")]},
}


def test_a_rerun_rewrites_nothing_and_the_same_inputs_give_the_same_ids(tmp_path: Path):
    write_shard(tmp_path / "a", "aaaa", FIRST)
    first = assign_entities(tmp_path / "a")
    again = assign_entities(tmp_path / "a")
    assert first.parts_rewritten > 0 and again.parts_rewritten == 0
    write_shard(tmp_path / "b", "bbbb", FIRST)  # another folder, another shard name: the same ids
    assign_entities(tmp_path / "b")
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


def test_a_pass_killed_half_way_ends_like_a_clean_one(tmp_path: Path, monkeypatch):
    import pipeline.entities as module

    for folder in ("clean", "killed"):
        write_shard(tmp_path / folder, "aaaa", FIRST)
        write_shard(tmp_path / folder, "bbbb", SECOND)
    assign_entities(tmp_path / "clean")
    calls = []
    original = module._link_shard

    def dies_on_the_second_shard(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "_link_shard", dies_on_the_second_shard)
    with pytest.raises(KeyboardInterrupt):
        assign_entities(tmp_path / "killed")
    monkeypatch.setattr(module, "_link_shard", original)
    assign_entities(tmp_path / "killed")
    assert _snapshot(tmp_path / "killed") == _snapshot(tmp_path / "clean")


def test_a_new_shard_joins_existing_entities_and_a_merge_is_recorded(tmp_path: Path):
    write_shard(tmp_path, "aaaa", FIRST)
    assign_entities(tmp_path)
    before = {(r["doc_id"], r["name"]): r["entity_id"] for r in read_table(tmp_path, "organisations").to_pylist()}
    ruiz = person_of(tmp_path, "d1", "Ana Ruiz")
    write_shard(tmp_path, "bbbb", SECOND)
    assign_entities(tmp_path)
    after = {(r["doc_id"], r["name"]): r["entity_id"] for r in read_table(tmp_path, "organisations").to_pylist()}
    # Every id stays, but the bare XYZ, which the new shard defines: it joins Xylo Yard Zone.
    assert {k: v for k, v in after.items() if k in before and k != ("d2", "XYZ")} == {k: v for k, v in before.items() if k != ("d2", "XYZ")}
    assert after[("d3", "Department of Justice")] == before[("d1", "Justice Department")]
    assert after[("d2", "XYZ")] == after[("d3", "Xylo Yard Zone")] != before[("d2", "XYZ")]
    assert person_of(tmp_path, "d3", "Ana B. Ruiz") == person_of(tmp_path, "d2", "Ana B. Ruiz") == ruiz
    merges = read_table(tmp_path, "entity_merges").to_pylist()
    assert merges == [{"merged_id": before[("d2", "XYZ")], "entity_id": after[("d3", "Xylo Yard Zone")], "rows": 1}]
    # … and the grown run's ids are those a clean run over both shards gives.
    write_shard(tmp_path / "clean", "aaaa", FIRST)
    write_shard(tmp_path / "clean", "bbbb", SECOND)
    assign_entities(tmp_path / "clean")
    assert _snapshot(tmp_path) == _snapshot(tmp_path / "clean")


def test_a_removed_shard_leaves_no_entities_and_parts_from_before_the_id_columns_are_upgraded(tmp_path: Path):
    write_shard(tmp_path, "aaaa", FIRST)
    write_shard(tmp_path, "bbbb", SECOND)
    old = pq.read_table(tmp_path / "organisations" / part_name("bbbb")).drop_columns(["entity_id"])
    pq.write_table(old, tmp_path / "organisations" / part_name("bbbb"))  # a part written before this pass existed
    assign_entities(tmp_path)
    assert None not in read_table(tmp_path, "organisations").column("entity_id").to_pylist()
    for table in ("articles", "organisations", "officials", "quotes", "events"):
        (tmp_path / table / part_name("bbbb")).unlink()
    assign_entities(tmp_path)
    names = {e["name"] for e in entities(tmp_path).values()}
    assert "Xylo Yard Zone" not in names and "Northfield Harbour Authority" in names
    assert not (tmp_path / ENTITIES_DIR / "names" / part_name("bbbb")).exists()


# ---------------------------------------------------------------------------- through pipeline.run


@pytest.mark.model
def test_an_interrupted_run_and_a_grown_run_keep_the_ids_of_a_clean_run(settings, nlp, tmp_path: Path):
    from pipeline.runner import manifest_path, read_manifest, run
    from test_runner import make_inputs, page_text

    folder = tmp_path / "in"
    make_inputs(folder, html=2, text=4, jsonl=0)
    small = settings.replace(shard_size=2)
    run([folder], tmp_path / "clean", settings=small, engine="serial")
    clean = _snapshot(tmp_path / "clean")
    assert clean[0] and all(entity for _, _, entity in clean[0])
    # Interrupted: a shard killed before its manifest entry, and the entities pass never ran.
    run([folder], tmp_path / "killed", settings=small, engine="serial")
    manifest_path(tmp_path / "killed", sorted(read_manifest(tmp_path / "killed"))[0]).unlink()
    for table in ("entities", "entity_merges", ENTITIES_DIR):
        import shutil

        shutil.rmtree(tmp_path / "killed" / table, ignore_errors=True)
    run([folder], tmp_path / "killed", settings=small, engine="serial")
    assert _snapshot(tmp_path / "killed") == clean
    # Grown: one more release; every organisation row already there keeps its id.
    (folder / "release-new.txt").write_text(page_text(7))
    run([folder], tmp_path / "clean", settings=small, engine="serial")
    grown = dict(((d, i), e) for d, i, e in _snapshot(tmp_path / "clean")[0])
    assert all(grown[(d, i)] == e for d, i, e in clean[0])
    assert len(grown) > len(clean[0])


def test_a_parent_s_final_s_goes_only_when_it_was_a_lost_apostrophe() -> None:
    from pipeline.entity_keys import OrgEvidence, OrgResolver

    resolver = OrgResolver(OrgEvidence())
    assert resolver.parent_name("U.S. Customs") == "U.S. Customs"  # a body's name ending in "s"
    assert resolver.parent_name("Veterans Affairs") == "Veterans Affairs"
    assert resolver.parent_name("FBI's") == "FBI"
    assert resolver.parent_name("Justice Departments") == "Justice Department"  # the gazetteer knows it
