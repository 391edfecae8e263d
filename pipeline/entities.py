"""One id per organisation and per person across a run: the final ``entities`` pass.

Inside a document the extractors already merge an organisation's forms; this pass joins
the rows of every document that name one body or one person (the evidence and its order
are in :mod:`pipeline.entity_keys`), writes the ``entities`` table, and sets
``organisations.entity_id``, ``officials.entity_id``, ``quotes.speaker_entity_id`` and
``events.funder_entity_id`` / ``recipient_entity_id`` in the part files.

Like the near-duplicate pass it runs once after every shard, reads only part files, and is
deterministic and idempotent: the entity id is a hash of the entity's key (the normalised
name all its forms share), so the same inputs give the same ids on every machine, a resumed
run gives the ids of a clean one, and a part whose ids are already right is not rewritten.
When a run grows, new rows join existing entities and every id stays, unless the new
documents bring evidence that joins two entities (a definition, a parent): then the rows of
one move to the other, and ``entity_merges`` records ``merged_id`` → ``entity_id``.

Memory stays bounded on large runs: the pass holds one shard's rows at a time, plus small
run-wide tables — one row per distinct organisation spelling, acronym definition or person
name, never one per mention. Per-shard name tables (``_entities/names/``, reused while a
shard's rows are unchanged) and resolved rows (``_entities/resolved/``) are Parquet; the
``entities`` table is built bucket by bucket: pyarrow reads one hash bucket of entity ids,
which is aggregated in Python, one bucket in memory at a time.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.entity_keys import (
    ORGANISATION,
    PERSON,
    OrgEvidence,
    OrgResolver,
    bare_acronym,
    entity_id,
    most_common_form,
    org_key,
    parent_and_unit,
)
from pipeline.entity_people import person_key, person_owners_in_run
from pipeline.extract.org_names import acronym_fits, fold_key

__all__ = ["ENTITIES_DIR", "EntitySummary", "assign_entities"]

ENTITIES_DIR = "_entities"
#: Resolved rows per aggregation bucket: the pass holds about this many rows at once.
ROWS_PER_BUCKET = 1_000_000
_NAMES_VERSION = "2"

_NAMES_SCHEMA = pa.schema(
    [
        pa.field("kind", pa.string()),
        pa.field("doc_id", pa.string()),
        pa.field("row_id", pa.int32()),
        pa.field("published", pa.date32()),
        pa.field("name", pa.string()),
        pa.field("acronym", pa.string()),
        pa.field("aliases", pa.list_(pa.string())),
        pa.field("mentions", pa.int32()),
        pa.field("title", pa.string()),
        pa.field("organisation", pa.string()),
        pa.field("key", pa.string()),
    ]
)
_RESOLVED_SCHEMA = pa.schema(
    [
        pa.field("bucket", pa.int32()),
        pa.field("entity_id", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("key", pa.string()),
        pa.field("doc_id", pa.string()),
        pa.field("row_id", pa.int32()),
        pa.field("published", pa.date32()),
        pa.field("name", pa.string()),
        pa.field("well_formed", pa.bool_()),
        pa.field("parent_form", pa.string()),
        pa.field("acronym", pa.string()),
        pa.field("forms", pa.list_(pa.string())),
        pa.field("mentions", pa.int32()),
        pa.field("title", pa.string()),
        pa.field("organisation", pa.string()),
    ]
)


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """What :func:`assign_entities` found and did."""

    organisations: int
    people: int
    merges: int
    parts_rewritten: int
    seconds: float


# ---------------------------------------------------------------------------- per shard names


def _shards(out: Path) -> list[str]:
    folder = out / "organisations"
    if not folder.is_dir():
        return []
    return sorted(p.name[len("part-") : -len(".parquet")] for p in folder.glob("part-*.parquet"))


def _part(out: Path, table: str, shard_id: str) -> Path:
    return out / table / f"part-{shard_id}.parquet"


def _read(out: Path, table: str, shard_id: str, columns: list[str]) -> pa.Table:
    path = _part(out, table, shard_id)
    if not path.is_file():
        from pipeline.schema import SCHEMAS

        return SCHEMAS[table].empty_table().select(columns)
    available = pq.read_schema(path).names
    return pq.read_table(path, columns=[c for c in columns if c in available])


_ORG_COLUMNS = ["doc_id", "org_id", "name", "acronym", "aliases", "mentions"]
_OFFICIAL_COLUMNS = ["doc_id", "official_id", "name", "title", "organisation", "mentions"]


def _digest(*tables: pa.Table) -> str:
    """A hash of the rows a shard's names come from: the name table is reused while it holds."""
    digest = hashlib.sha256(_NAMES_VERSION.encode())
    for table in tables:
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        digest.update(sink.getvalue().to_pybytes())
    return digest.hexdigest()


def _names(out: Path, shard_id: str) -> pa.Table:
    """One row per organisations and officials row of a shard, with its regular-form key."""
    from pipeline.tables import write_atomic

    organisations = _read(out, "organisations", shard_id, _ORG_COLUMNS)
    officials = _read(out, "officials", shard_id, _OFFICIAL_COLUMNS)
    articles = _read(out, "articles", shard_id, ["doc_id", "published"])
    digest = _digest(organisations, officials, articles)
    path = out / ENTITIES_DIR / "names" / f"part-{shard_id}.parquet"
    if path.is_file():
        try:
            cached = pq.read_table(path)
            if (cached.schema.metadata or {}).get(b"newsfacts.digest", b"").decode() == digest:
                return cached
        except (OSError, pa.ArrowInvalid):
            pass  # a torn name table is rebuilt below
    published = dict(zip(articles.column("doc_id").to_pylist(), articles.column("published").to_pylist()))
    rows = []
    for row in organisations.to_pylist():
        rows.append({
            "kind": ORGANISATION, "doc_id": row["doc_id"], "row_id": row["org_id"], "published": published.get(row["doc_id"]),
            "name": row["name"], "acronym": row["acronym"], "aliases": row["aliases"] or [], "mentions": row["mentions"],
            "key": org_key(row["name"]),
        })
    for row in officials.to_pylist():
        rows.append({
            "kind": PERSON, "doc_id": row["doc_id"], "row_id": row["official_id"], "published": published.get(row["doc_id"]),
            "name": row["name"], "title": row["title"], "organisation": row["organisation"], "mentions": row["mentions"],
            "key": person_key(row["name"]),
        })
    table = pa.Table.from_pylist(rows, schema=_NAMES_SCHEMA).replace_schema_metadata({"newsfacts.digest": digest})
    write_atomic(table, path)
    return table


def _by_document(rows: list[dict]) -> Iterator[list[dict]]:
    group: list[dict] = []
    for row in sorted(rows, key=lambda r: (r["doc_id"], r["row_id"])):
        if group and group[0]["doc_id"] != row["doc_id"]:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


# ---------------------------------------------------------------------------- run-wide evidence


def _evidence(shards: list[str], names: Callable[[str], pa.Table]) -> tuple[OrgEvidence, dict[str, str], set[str]]:
    """The run's organisation evidence, person short-form owners and person keys (three reads of the name tables)."""
    evidence = OrgEvidence()
    # 1. How often each regular-form key and each person key names a row (pyarrow counts a shard).
    people: Counter[str] = Counter()
    for shard_id in shards:
        table = names(shard_id)
        orgs = table.filter(pc.equal(table.column("kind"), ORGANISATION))
        counts = orgs.group_by("key").aggregate([("key", "count")])
        for key, count in zip(counts.column("key").to_pylist(), counts.column("key_count").to_pylist()):
            evidence.keys[key] += count
        persons = table.filter(pc.equal(table.column("kind"), PERSON)).group_by("key").aggregate([("key", "count")])
        for key, count in zip(persons.column("key").to_pylist(), persons.column("key_count").to_pylist()):
            if key:
                people[key] += count
    # 2. Acronym definitions, each (acronym, long form) counted once per document.
    first = OrgResolver(evidence)
    for shard_id in shards:
        defined = set()
        for row in _org_rows(names(shard_id)):
            found = first.definition(row["name"], row["acronym"])
            if found is not None:
                defined.add((row["doc_id"], *found))
        for _, code, long_key in defined:
            evidence.definitions.setdefault(code, Counter())[long_key] += 1
    # 3. Parents of units, and what the documents defining a shared acronym name beside it.
    shared = {code for code, forms in evidence.definitions.items() if len(forms) > 1}

    second = OrgResolver(evidence)
    # Gathered apart, so every row is read with the same evidence whatever the shard order.
    unit_parents: dict[str, Counter[str]] = {}
    for shard_id in shards:
        for document in _by_document(_org_rows(names(shard_id))):
            regular = [second.regular(r["name"]) for r in document]
            for row, key in zip(document, regular):
                found = second.parent_of(row["name"], row["aliases"])
                if found is not None:
                    unit_parents.setdefault(found[0], Counter())[found[1]] += 1
                defined = second.definition(row["name"], row["acronym"])
                if defined is not None and defined[0] in shared:
                    evidence.profiles.setdefault(defined, Counter()).update(k for k in set(regular) if k != key)
    evidence.unit_parents = unit_parents
    evidence.qualify_parents()
    return evidence, person_owners_in_run(people), set(people)


def _org_rows(table: pa.Table) -> list[dict]:
    return table.filter(pc.equal(table.column("kind"), ORGANISATION)).select(
        ["doc_id", "row_id", "name", "acronym", "aliases"]
    ).to_pylist()


# ---------------------------------------------------------------------------- resolving one shard


def _resolve_shard(names: pa.Table, resolver: OrgResolver, owners: dict[str, str]) -> list[dict]:
    """The resolved rows of one shard: each organisations and officials row with its entity."""
    resolved: list[dict] = []
    rows = names.to_pylist()
    for document in _by_document([r for r in rows if r["kind"] == ORGANISATION]):
        # What the document names beside a row decides a shared acronym or a unit of several bodies.
        context = {resolver.regular(r["name"]) for r in document} | {resolver.name_key(r["name"]) for r in document}
        stated: dict[str, set[str]] = {}
        for row in document:
            found = resolver.parent_of(row["name"], row["aliases"])
            if found is not None:
                stated.setdefault(found[0], set()).add(found[1])
        for row in document:
            key = resolver.resolve(row["name"], row["acronym"], row["aliases"], context, stated)
            regular = resolver.regular(row["name"])
            # The parent is shown beside a unit's name only when bodies share the name ("Tax Division").
            shared = resolver.evidence.shared_unit(resolver.regular(resolver.written(row["name"])))
            parents = [p for a in row["aliases"] if (p := parent_and_unit(a, row["name"])) is not None] if shared else []
            resolved.append({
                "entity_id": entity_id(ORGANISATION, key), "kind": ORGANISATION, "key": key, "doc_id": row["doc_id"],
                "row_id": row["row_id"], "published": row["published"], "name": row["name"],
                "well_formed": not bare_acronym(row["name"]) and regular == org_key(row["name"]),
                "parent_form": resolver.parent_name(parents[0]) if parents and key != regular else None,
                "acronym": row["acronym"],
                "forms": list(dict.fromkeys([row["name"], *row["aliases"], *([row["acronym"]] if row["acronym"] else [])])),
                "mentions": row["mentions"],
            })
    for row in rows:
        if row["kind"] != PERSON or not row["key"]:
            continue
        key = owners.get(row["key"], row["key"])
        resolved.append({
            "entity_id": entity_id(PERSON, key), "kind": PERSON, "key": key, "doc_id": row["doc_id"],
            "row_id": row["row_id"], "published": row["published"], "name": row["name"], "well_formed": True,
            "forms": [row["name"]], "mentions": row["mentions"], "title": row["title"], "organisation": row["organisation"],
        })
    return resolved


_ID_COLUMNS = {"organisations": (ORGANISATION, "org_id"), "officials": (PERSON, "official_id")}


def _moves(out: Path, shard_id: str, resolved: list[dict], moved: Counter[tuple[str, str]]) -> None:
    """Count rows whose part holds another entity id than the new one (an earlier pass's id)."""
    for table_name, (kind, id_column) in _ID_COLUMNS.items():
        new = {(r["doc_id"], r["row_id"]): r["entity_id"] for r in resolved if r["kind"] == kind}
        part = _read(out, table_name, shard_id, ["doc_id", id_column, "entity_id"])
        if "entity_id" not in part.column_names:
            continue
        for doc_id, row_id, old in zip(*(part.column(c).to_pylist() for c in ("doc_id", id_column, "entity_id"))):
            if old is not None and new.get((doc_id, row_id), old) != old:
                moved[(old, new[(doc_id, row_id)])] += 1


def _rewrite(out: Path, table_name: str, shard_id: str, columns: dict[str, list[str | None]]) -> bool:
    """Set entity id columns of one part; False when they were already right (nothing written)."""
    from pipeline.schema import SCHEMAS
    from pipeline.tables import write_atomic

    path = _part(out, table_name, shard_id)
    if not path.is_file():
        return False
    table = pq.read_table(path)
    schema = SCHEMAS[table_name]
    if all(name in table.column_names and table.column(name).to_pylist() == values for name, values in columns.items()):
        return False  # already right: an idempotent rerun rewrites nothing
    for name, values in columns.items():
        column = pa.array(values, pa.string())
        if name in table.column_names:
            table = table.set_column(table.column_names.index(name), schema.field(name), column)
        else:
            table = table.append_column(schema.field(name), column)
    # A part written before the id columns existed gets them in their place.
    write_atomic(table.select(schema.names).cast(schema), path)
    return True


def _link_shard(out: Path, shard_id: str, resolved: pa.Table, person_keys: set[str], owners: dict[str, str]) -> int:
    """Write the entity ids into a shard's organisations, officials, quotes and events parts."""
    ids = {(k, d, r): e for k, d, r, e in zip(*(resolved.column(c).to_pylist() for c in ("kind", "doc_id", "row_id", "entity_id")))}
    rewritten = 0
    orgs = _read(out, "organisations", shard_id, ["doc_id", "org_id", "name", "acronym", "aliases"]).to_pylist()
    org_ids = [ids.get((ORGANISATION, r["doc_id"], r["org_id"])) for r in orgs]
    rewritten += _rewrite(out, "organisations", shard_id, {"entity_id": org_ids})
    officials = _read(out, "officials", shard_id, ["doc_id", "official_id"]).to_pylist()
    rewritten += _rewrite(out, "officials", shard_id,
                          {"entity_id": [ids.get((PERSON, r["doc_id"], r["official_id"])) for r in officials]})
    speakers = []
    for row in _read(out, "quotes", shard_id, ["doc_id", "official_id", "speaker"]).to_pylist():
        ident = ids.get((PERSON, row["doc_id"], row["official_id"])) if row["official_id"] is not None else None
        if ident is None and row["speaker"]:
            key = person_key(row["speaker"])
            key = owners.get(key, key)
            # A speaker no officials row names is linked only to a person the run knows by that name.
            ident = entity_id(PERSON, key) if key in person_keys else None
        speakers.append(ident)
    rewritten += _rewrite(out, "quotes", shard_id, {"speaker_entity_id": speakers})
    # An event names an organisation of its own document: its row is found by any of the row's forms.
    by_form: dict[tuple[str, str], str] = {}
    for row, ident in zip(orgs, org_ids):
        for form in [row["name"], row["acronym"], *(row["aliases"] or [])]:
            if form and ident:
                by_form.setdefault((row["doc_id"], fold_key(form)), ident)
    events = _read(out, "events", shard_id, ["doc_id", "funder", "recipient"]).to_pylist()
    funders = [by_form.get((r["doc_id"], fold_key(r["funder"]))) if r["funder"] else None for r in events]
    recipients = [by_form.get((r["doc_id"], fold_key(r["recipient"]))) if r["recipient"] else None for r in events]
    rewritten += _rewrite(out, "events", shard_id, {"funder_entity_id": funders, "recipient_entity_id": recipients})
    return rewritten


# ---------------------------------------------------------------------------- the entities table


def _counted(counter: Counter[str]) -> list[dict]:
    return [{"value": v, "count": c} for v, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _entity_rows(rows: list[dict]) -> list[dict]:
    """One ``entities`` row per entity id among ``rows`` (every resolved row of those entities)."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["entity_id"]].append(row)
    entities = []
    for ident in sorted(grouped):
        members = grouped[ident]
        documents = {r["doc_id"] for r in members}
        names: Counter[str] = Counter(r["name"] for r in members)
        well_formed = {r["name"] for r in members if r["well_formed"]}
        name = most_common_form(names, well_formed)
        parent = Counter(r["parent_form"] for r in members if r["parent_form"])
        if parent:
            # A unit whose usual form leaves its parent out ("Tax Division"): say whose it is.
            top = parent.most_common(1)[0][0]
            if fold_key(top) not in fold_key(name):
                name = f"{name} ({top})"
        forms: Counter[str] = Counter()
        for r in members:
            forms.update(set(r["forms"]))
        # An acronym that does not fit the name is a neighbour's ("DOJ" beside "Antitrust Division").
        acronyms = Counter(r["acronym"] for r in members if r["acronym"] and acronym_fits(r["acronym"], name))
        dates = [r["published"] for r in members if r["published"] is not None]
        person = members[0]["kind"] == PERSON
        entities.append({
            "entity_id": ident, "kind": members[0]["kind"], "name": name,
            "acronym": min(acronyms, key=lambda a: (-acronyms[a], a)) if acronyms else None,
            "aliases": _counted(forms), "n_documents": len(documents), "n_mentions": sum(r["mentions"] or 0 for r in members),
            "first_published": min(dates) if dates else None, "last_published": max(dates) if dates else None,
            "titles": _counted(Counter(r["title"] for r in members if r["title"])) if person else None,
            "organisations": _counted(Counter(r["organisation"] for r in members if r["organisation"])) if person else None,
            "key": members[0]["key"],
        })
    return entities


def _write_entities(out: Path, resolved_paths: list[Path], buckets: int) -> tuple[int, int, set[str]]:
    """Aggregate the resolved rows bucket by bucket into ``entities`` parts; returns counts and ids."""
    import pyarrow.dataset as ds

    from pipeline.schema import SCHEMAS
    from pipeline.tables import write_atomic

    folder = out / "entities"
    folder.mkdir(parents=True, exist_ok=True)
    dataset = ds.dataset([str(p) for p in resolved_paths], schema=_RESOLVED_SCHEMA, format="parquet") if resolved_paths else None
    organisations = people = 0
    ids: set[str] = set()
    wanted = set()
    for bucket in range(buckets):
        rows = dataset.to_table(filter=pc.field("bucket") == bucket).to_pylist() if dataset is not None else []
        entities = _entity_rows(rows)
        organisations += sum(1 for e in entities if e["kind"] == ORGANISATION)
        people += sum(1 for e in entities if e["kind"] == PERSON)
        ids.update(e["entity_id"] for e in entities)
        from pipeline.schema import to_table

        name = f"part-{bucket:05d}.parquet"
        wanted.add(name)
        write_atomic(to_table("entities", entities).cast(SCHEMAS["entities"]), folder / name)
    for stale in folder.glob("part-*.parquet"):
        if stale.name not in wanted:
            stale.unlink()
    return organisations, people, ids


def _record_merges(out: Path, moved: Counter[tuple[str, str]], live: set[str]) -> int:
    """Add this pass's merges (an id whose rows all went to another, now gone) to ``entity_merges``."""
    from pipeline.schema import to_table
    from pipeline.tables import write_atomic

    path = out / "entity_merges" / "part-00000.parquet"
    known: dict[tuple[str, str], int] = {}
    if path.is_file():
        for row in pq.read_table(path).to_pylist():
            known[(row["merged_id"], row["entity_id"])] = row["rows"]
    for (old, new), rows in moved.items():
        if old not in live and new in live:
            # setdefault: a pass killed after this file and redone finds the same moves again.
            known.setdefault((old, new), rows)
    table = to_table("entity_merges", [{"merged_id": a, "entity_id": b, "rows": n} for (a, b), n in sorted(known.items())])
    if not path.is_file() or not pq.read_table(path).equals(table):
        write_atomic(table, path)
    return len(known)


def assign_entities(out: str | Path) -> EntitySummary:
    """Resolve every organisation and official of a run folder into entities and link the tables to them.

    Order makes it safe to kill at any point: name tables and resolved rows first (sidecars),
    then the ``entities`` table and the merges (found by comparing the ids the parts hold with
    the new ones), and the parts' id columns last; a rerun redoes whatever is not yet right.
    """
    from pipeline.tables import write_atomic

    started = time.perf_counter()
    out = Path(out)
    shards = _shards(out)
    total = sum(_names(out, shard_id).num_rows for shard_id in shards)
    names_dir, resolved_dir = out / ENTITIES_DIR / "names", out / ENTITIES_DIR / "resolved"
    for folder in (names_dir, resolved_dir):
        for stale in folder.glob("part-*.parquet") if folder.is_dir() else []:
            if stale.name[len("part-") : -len(".parquet")] not in set(shards):
                stale.unlink()  # a shard no longer in the run

    def names(shard_id: str) -> pa.Table:
        return pq.read_table(names_dir / f"part-{shard_id}.parquet")

    evidence, owners, person_keys = _evidence(shards, names)
    resolver = OrgResolver(evidence)
    buckets = max(1, -(-total // ROWS_PER_BUCKET))
    moved: Counter[tuple[str, str]] = Counter()
    paths = []
    for shard_id in shards:
        resolved = _resolve_shard(names(shard_id), resolver, owners)
        for row in resolved:
            row["bucket"] = int(row["entity_id"][-8:], 16) % buckets
        path = resolved_dir / f"part-{shard_id}.parquet"
        write_atomic(pa.Table.from_pylist(resolved, schema=_RESOLVED_SCHEMA), path)
        paths.append(path)
        _moves(out, shard_id, resolved, moved)
    organisations, people, live = _write_entities(out, paths, buckets)
    merges = _record_merges(out, moved, live)
    rewritten = 0
    for shard_id, path in zip(shards, paths):
        rewritten += _link_shard(out, shard_id, pq.read_table(path, columns=["kind", "doc_id", "row_id", "entity_id"]),
                                 person_keys, owners)
    return EntitySummary(organisations=organisations, people=people, merges=merges,
                         parts_rewritten=rewritten, seconds=time.perf_counter() - started)
