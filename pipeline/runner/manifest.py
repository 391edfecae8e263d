"""The manifest of a run folder: one JSON entry per finished shard, written last.

A shard with an entry is complete; one without is redone by the next run. The entry says
what the shard wrote (documents, errors, rows, seconds, versions) and what it read (each
file's size and modification time; for an archive the span read and a hash of its edges),
so a resumed run can tell a done shard from one whose inputs changed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.atomic import write_json
from pipeline.runner.plan import edges_digest
from pipeline.sources import MANIFEST_DIR, ReadEnd, Span, source_name
from pipeline.tables import part_name

ENTRY_SUFFIX = ".json"
JOURNAL_SUFFIX = ".journal"


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What processing one shard wrote (also its manifest entry)."""

    shard_id: str
    fingerprint: str
    documents: int
    errors: int
    rows: dict[str, int]
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    skipped: bool = False
    error_kinds: dict[str, int] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)


def manifest_path(out: Path, shard_id: str) -> Path:
    """Where a shard's manifest entry lives."""
    return Path(out) / MANIFEST_DIR / f"{shard_id}{ENTRY_SUFFIX}"


def journal_path(out: Path, shard_id: str) -> Path:
    """Where a worker journals what it is doing on a shard (deleted once the shard is done)."""
    return Path(out) / MANIFEST_DIR / f"{shard_id}{JOURNAL_SUFFIX}"


def part_path(out: Path, table: str, shard_id: str) -> Path:
    """A shard's part file of one table (deterministic: a redo overwrites, never duplicates)."""
    return Path(out) / table / part_name(shard_id)


def shard_of_entry(name: str) -> str | None:
    """The shard id a manifest entry's file name holds, else None."""
    return name[: -len(ENTRY_SUFFIX)] if name.endswith(ENTRY_SUFFIX) else None


def write_entry(
    out: Path,
    result: ShardResult,
    *,
    paths: tuple[str, ...],
    inputs: list[list],
    spans: dict[str, tuple[Span, ReadEnd]],
    defers_to: tuple[str, ...],
) -> None:
    """Write a finished shard's manifest entry (atomically): what it wrote and what it read.

    ``inputs`` is ``[path, size, mtime_ns]`` of each file as the shard found it; ``spans``
    the bytes read of an archive and how reading them ended (a shard reads one archive at
    most), recorded with a hash of their edges so a resumed run can tell growth from a
    rewrite.
    """
    identity: dict[str, Any] = {"inputs": inputs, "defers_to": list(defers_to)}
    for path, (span, read_end) in spans.items():
        end = span.end if span.end is not None else span.start
        identity.update(
            span=[span.start, end, span.first_line], read_end=asdict(read_end),
            edges=edges_digest(path, span.start, end),
        )
    write_json(
        manifest_path(out, result.shard_id),
        {
            **asdict(result),
            **identity,
            "paths": list(paths),
            "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "worker": f"{os.uname().nodename}:{os.getpid()}",
        },
    )


def skipped_result(entry: dict) -> ShardResult:
    """The result of a shard an earlier run finished, from its manifest entry."""
    kept = {k: v for k, v in entry.items() if k in ShardResult.__dataclass_fields__}
    return ShardResult(**{**kept, "skipped": True})


def read_manifest(out: Path) -> dict[str, dict]:
    """Every shard entry of a run folder, by shard id."""
    entries = {}
    folder = Path(out) / MANIFEST_DIR
    if folder.is_dir():
        for path in sorted(folder.glob(f"*{ENTRY_SUFFIX}")):
            try:
                entries[path.stem] = json.loads(path.read_text())
            except (OSError, json.JSONDecodeError, UnicodeDecodeError):
                continue  # a torn entry means the shard is redone
    return entries


def runs_table(out: str | Path):
    """The manifest as a pyarrow Table: one row per finished shard (documents, errors, seconds, versions)."""
    import pyarrow as pa

    rows = []
    for shard_id, entry in read_manifest(Path(out)).items():
        rows.append(
            {
                "shard_id": shard_id,
                "fingerprint": entry.get("fingerprint"),
                "documents": entry.get("documents"),
                "errors": entry.get("errors"),
                "seconds": entry.get("seconds"),
                "finished": entry.get("finished"),
                "worker": entry.get("worker"),
                "paths": [source_name(p) for p in entry.get("paths", [])],
                "versions": json.dumps(entry.get("versions", {}), sort_keys=True),
                "error_kinds": json.dumps(entry.get("error_kinds", {}), sort_keys=True),
            }
        )
    schema = pa.schema(
        [
            ("shard_id", pa.string()), ("fingerprint", pa.string()), ("documents", pa.int64()),
            ("errors", pa.int64()), ("seconds", pa.float64()), ("finished", pa.string()),
            ("worker", pa.string()), ("paths", pa.list_(pa.string())), ("versions", pa.string()),
            ("error_kinds", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)
