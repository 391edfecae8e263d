"""Shards, executors and the manifest: resumable runs on one core, all cores or a cluster.

The unit of work is a shard (a list of input files, or one WARC). ``process_shard`` is a
pure, idempotent function: it writes every table's part file atomically under a
deterministic name, then the shard's manifest entry, last. A rerun skips shards whose
entry matches the current configuration fingerprint, so a killed run resumes without
duplicating or losing a row.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.config import Settings, available_cpus, load_settings
from pipeline.schema import SCHEMA_VERSION, TABLES
from pipeline.sources import WARC_SUFFIXES, base_suffix, expand_inputs

log = logging.getLogger("newsfacts")

MANIFEST_DIR = "_manifest"


@dataclass(frozen=True, slots=True)
class Shard:
    """A unit of work: some input files, named by a hash of their paths."""

    shard_id: str
    paths: tuple[str, ...]


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


def plan_shards(paths: Sequence[Path], shard_size: int) -> list[Shard]:
    """Group input files into shards: a WARC alone, other files ``shard_size`` at a time."""
    groups: list[list[str]] = []
    current: list[str] = []
    for path in paths:
        if base_suffix(path) in WARC_SUFFIXES:
            groups.append([str(path)])
            continue
        current.append(str(path))
        if len(current) >= shard_size:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    shards = []
    for group in groups:
        digest = hashlib.sha1("\n".join(str(Path(p).resolve()) for p in group).encode()).hexdigest()[:12]
        shards.append(Shard(shard_id=digest, paths=tuple(group)))
    return shards


def run_fingerprint(settings: Settings) -> str:
    """Hash over everything that changes what a run writes: settings, rules, model, schema."""
    import spacy

    from pipeline import __version__
    from pipeline.resources import models_dir

    digest = hashlib.sha256()
    digest.update(settings.fingerprint().encode())
    digest.update(f"{__version__}|{SCHEMA_VERSION}|{spacy.__version__}".encode())
    for path in sorted(models_dir().rglob("*")):
        if path.is_file() and path.suffix in {".jsonl", ".tsv", ".toml"}:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def manifest_path(out: Path, shard_id: str) -> Path:
    return out / MANIFEST_DIR / f"{shard_id}.json"


def read_manifest(out: Path) -> dict[str, dict]:
    """Every shard entry of a run folder, by shard id."""
    entries = {}
    folder = out / MANIFEST_DIR
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            try:
                entries[path.stem] = json.loads(path.read_text())
            except (OSError, json.JSONDecodeError):
                continue  # a torn entry means the shard is redone
    return entries


def process_shard(shard: Shard, out: str | Path, settings: Settings, fingerprint: str) -> ShardResult:
    """Process one shard end to end and write its parts, then its manifest entry (last)."""
    from pipeline.nlp import get_nlp
    from pipeline.process import process_documents
    from pipeline.sources import read_path
    from pipeline.tables import build_tables, write_atomic, write_parts

    import pyarrow as pa  # noqa: F401  (imported here so workers pay for it once)

    out = Path(out)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    nlp = get_nlp(settings)

    def documents():
        for path in shard.paths:
            read_started = time.perf_counter()
            for item in read_path(Path(path), max_bytes=settings.max_bytes):
                timings["read"] = timings.get("read", 0.0) + time.perf_counter() - read_started
                yield item
                read_started = time.perf_counter()

    results = list(process_documents(documents(), nlp, settings, timings))
    write_started = time.perf_counter()
    tables = build_tables(results)
    rows = write_parts(tables, out, shard.shard_id)
    timings["write"] = time.perf_counter() - write_started
    result = ShardResult(
        shard_id=shard.shard_id,
        fingerprint=fingerprint,
        documents=rows["articles"] + rows["errors"],
        errors=rows["errors"],
        rows=rows,
        seconds=time.perf_counter() - started,
        timings=timings,
    )
    entry = manifest_path(out, shard.shard_id)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({**asdict(result), "paths": list(shard.paths)}, indent=1))
    os.replace(tmp, entry)
    return result


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a whole run did."""

    out: str
    shards: int
    shards_skipped: int
    documents: int
    errors: int
    rows: dict[str, int]
    seconds: float
    timings: dict[str, float]

    @property
    def error_ratio(self) -> float:
        return self.errors / self.documents if self.documents else 0.0


def _summarise(out: Path, results: Iterable[ShardResult], seconds: float, skipped: int, shards: int) -> RunSummary:
    rows = {table: 0 for table in TABLES}
    timings: dict[str, float] = {}
    documents = errors = 0
    for result in results:
        documents += result.documents
        errors += result.errors
        for table, count in result.rows.items():
            rows[table] = rows.get(table, 0) + count
        for stage, value in result.timings.items():
            timings[stage] = timings.get(stage, 0.0) + value
    return RunSummary(str(out), shards, skipped, documents, errors, rows, seconds, timings)


def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    settings: Settings | None = None,
    jobs: int | None = None,
    overwrite: bool = False,
    engine: str = "process",
    client: object | None = None,
    on_shard: Callable[[ShardResult], None] | None = None,
) -> RunSummary:
    """Process every input document into Parquet tables under ``out``.

    Args:
        inputs: files, folders and glob patterns.
        out: the run folder; one sub-folder per table.
        settings: a :class:`Settings`; defaults to the packaged ones.
        jobs: worker processes (default: every CPU this process may use).
        overwrite: start afresh instead of resuming.
        engine: ``serial``, ``process`` or ``dask``.
        client: a ``dask.distributed.Client`` for ``engine="dask"``.
        on_shard: called with each finished shard's result (progress reporting).
    """
    settings = settings or load_settings()
    out = Path(out)
    if overwrite and out.exists():
        for table in (*TABLES, MANIFEST_DIR):
            shutil.rmtree(out / table, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    shards = plan_shards(expand_inputs(inputs), settings.shard_size)
    fingerprint = run_fingerprint(settings)
    manifest = read_manifest(out)
    todo: list[Shard] = []
    results: list[ShardResult] = []
    skipped = 0
    for shard in shards:
        entry = manifest.get(shard.shard_id)
        if entry and entry.get("fingerprint") == fingerprint:
            skipped += 1
            kept = {k: v for k, v in entry.items() if k in ShardResult.__dataclass_fields__}
            results.append(ShardResult(**{**kept, "skipped": True}))
        else:
            todo.append(shard)
    jobs = jobs or settings.jobs or available_cpus()
    for result in _execute(todo, out, settings, fingerprint, jobs, engine, client):
        results.append(result)
        if on_shard is not None:
            on_shard(result)
    return _summarise(out, results, time.perf_counter() - started, skipped, len(shards))


def _execute(
    shards: list[Shard], out: Path, settings: Settings, fingerprint: str, jobs: int, engine: str, client: object | None
) -> Iterable[ShardResult]:
    if not shards:
        return
    if engine == "serial" or (engine == "process" and (jobs <= 1 or len(shards) == 1)):
        for shard in shards:
            yield process_shard(shard, out, settings, fingerprint)
        return
    if engine == "process":
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(jobs, len(shards)), mp_context=context) as pool:
            futures = [pool.submit(process_shard, shard, out, settings, fingerprint) for shard in shards]
            for future in as_completed(futures):
                yield future.result()
        return
    if engine == "dask":
        if client is None:
            raise ValueError("engine='dask' needs a dask.distributed Client")
        futures = client.map(process_shard, shards, out=str(out), settings=settings, fingerprint=fingerprint, retries=2)
        from dask.distributed import as_completed as dask_completed

        for future in dask_completed(futures):
            yield future.result()
        return
    raise ValueError(f"unknown engine {engine!r}: use serial, process or dask")
