"""Shards, executors and the manifest: resumable runs on one core, all cores or a cluster.

The unit of work is a shard (some input files, or one WARC or JSONL file).
:func:`process_shard` is a pure, idempotent function of the shard, the run folder and
the settings: it first removes the shard's manifest entry, writes every table's part file
atomically (temp file, fsync, rename) under a deterministic name, and writes the shard's
manifest entry last. So at any moment a shard with a manifest entry is complete, and one
without is redone by the next run: a run killed at any point (SIGKILL included) and run
again ends with exactly the rows of an uninterrupted run.

Executors map that one function over the shards:

- ``serial``: in this process (debugging, notebooks);
- ``process``: a spawn-context process pool; each worker loads the spaCy model once and is
  recycled after ``max_tasks_per_worker`` shards. A worker that dies (crash, out of
  memory, killed) breaks the pool: the shards it held are retried, and a document that
  keeps killing workers becomes a ``worker_died`` (or ``timeout``) errors row;
- ``dask``: ``client.submit`` over a ``dask.distributed`` cluster, with retries.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import functools
import hashlib
import json
import logging
import math
import multiprocessing
import os
import shutil
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import Settings, available_cpus, load_settings
from pipeline.entities import ENTITIES_DIR, assign_entities
from pipeline.errors import NewsfactsError, OutputError
from pipeline.records import ErrorRecord, Extraction, RawDocument
from pipeline.schema import RUN_TABLES, SCHEMA_VERSION, SCHEMAS, TABLES
from pipeline.sources import (
    JSONL_SUFFIXES,
    LOCK_NAME,
    MANIFEST_DIR,
    WARC_SUFFIXES,
    ReadEnd,
    Span,
    base_suffix,
    printable,
    scan_inputs,
    source_name,
)
from pipeline.syndication import SIGNATURES_DIR, SignatureWriter, assign_clusters

log = logging.getLogger("newsfacts")

ENGINES = ("serial", "process", "dask")
#: Small runs are cut into at least this many shards so every core gets work.
MIN_SHARDS = 16
#: Rows are written to the part files every this many documents, so a shard made of one
#: huge WARC never holds all its records in memory.
FLUSH_EVERY = 500
#: A shard whose worker died on more documents than this is given up as a whole.
MAX_POISONED = 8
#: trafilatura's caches are cleared (and garbage collected) after this many documents.
RESET_CACHES_EVERY = 2000


class RunnerError(NewsfactsError):
    """A run cannot go on (its folder is in use, workers cannot start, bad engine)."""


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True, slots=True)
class Shard:
    """A unit of work: some input files, named by a hash of their resolved paths.

    ``span`` is set on the shard that reads what was appended to a JSONL or WARC file
    after an earlier run read it (see :func:`_archive_chain`); None reads whole files.
    """

    shard_id: str
    paths: tuple[str, ...]
    span: Span | None = None


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


def _path_key(path: Path | str) -> bytes:
    """A path's resolved name as bytes (file names need not be UTF-8)."""
    return os.fsencode(Path(path).resolve())


def _shard_id(paths: Sequence[str]) -> str:
    return hashlib.sha1(b"\n".join(_path_key(p) for p in paths)).hexdigest()[:12]


def _alone(path: Path) -> bool:
    """Archives (WARC) and JSONL files hold many documents: each is a shard of its own."""
    return base_suffix(path) in WARC_SUFFIXES + JSONL_SUFFIXES


def plan_shards(paths: Sequence[Path | str], shard_size: int) -> list[Shard]:
    """Group input files into shards: a WARC or JSONL alone, other files at most ``shard_size`` together.

    Boundaries are content-defined (a hash of each file's path picks where a shard ends),
    so adding or removing a file changes one shard's membership and not every shard after
    it: a resumed run over a grown folder only redoes the shards that changed. Runs of
    fewer than ``MIN_SHARDS × shard_size`` files get proportionally smaller shards.
    """
    singles = sum(1 for p in paths if not _alone(Path(p)))
    size = max(1, min(shard_size, math.ceil(singles / MIN_SHARDS)))
    groups: list[list[str]] = []
    current: list[str] = []
    for path in paths:
        if _alone(Path(path)):
            groups.append([str(path)])
            continue
        current.append(str(path))
        # A shard ends after a file whose path hash is 0 mod `size // 2`, or when it is
        # full. A cut for being full moves the boundaries after it until the next hash cut;
        # marking twice as often makes such a run of shifted shards rare (~e^-2 a shard).
        mark = int(hashlib.sha1(_path_key(path)).hexdigest()[:8], 16)
        if len(current) >= size or mark % max(1, size // 2) == 0:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return [Shard(shard_id=_shard_id(group), paths=tuple(group)) for group in groups]


#: How many bytes at each end of what a shard read of an archive are hashed, to tell a
#: file that only grew from one rewritten in place.
EDGE_BYTES = 4096


def _input_stat(path: str | Path) -> tuple[int, int] | None:
    """What a shard's identity records of one input file: size and modification time (ns)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _edges_digest(path: str | Path, start: int, end: int) -> str | None:
    """A hash of the first and last ``EDGE_BYTES`` of ``[start, end)`` of a file."""
    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            head = handle.read(min(EDGE_BYTES, end - start))
            handle.seek(max(start, end - EDGE_BYTES))
            tail = handle.read(min(EDGE_BYTES, end - start))
    except OSError:
        return None
    return hashlib.sha1(head + b"\x00" + tail).hexdigest()[:16]


def _segment(path: str, span: Span) -> Shard:
    """The shard reading ``span`` of a grown archive (its id names the path and where it starts)."""
    return Shard(
        shard_id=hashlib.sha1(_path_key(path) + b"@%d" % span.start).hexdigest()[:12], paths=(path,), span=span
    )


def _source_digest() -> str:
    """A hash of the package's code: a changed extractor changes what a run writes."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_fingerprint(settings: Settings) -> str:
    """Hash over everything that changes what a run writes: settings, rules, code, model, schema.

    Raises:
        ModelNotInstalled: the configured spaCy model is not installed (checked here so a
            run fails before it starts any worker).
    """
    import spacy
    import trafilatura

    from pipeline import __version__
    from pipeline.nlp import installed_model
    from pipeline.resources import models_dir

    model, model_version = installed_model(settings)
    digest = hashlib.sha256()
    digest.update(settings.fingerprint().encode())
    digest.update(f"{__version__}|{SCHEMA_VERSION}|{spacy.__version__}|{trafilatura.__version__}".encode())
    digest.update(f"{model}|{model_version}|{_source_digest()}".encode())
    for path in sorted(models_dir().rglob("*")):
        if path.is_file() and path.suffix in {".jsonl", ".tsv", ".toml", ".json"}:
            digest.update(str(path.relative_to(models_dir())).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- manifest


def manifest_path(out: Path, shard_id: str) -> Path:
    """Where a shard's manifest entry lives."""
    return Path(out) / MANIFEST_DIR / f"{shard_id}.json"


def journal_path(out: Path, shard_id: str) -> Path:
    """Where a worker journals what it is doing on a shard (deleted once the shard is done)."""
    return Path(out) / MANIFEST_DIR / f"{shard_id}.journal"


def part_path(out: Path, table: str, shard_id: str) -> Path:
    """A shard's part file of one table (deterministic: a redo overwrites, never duplicates)."""
    return Path(out) / table / f"part-{shard_id}.parquet"


def read_manifest(out: Path) -> dict[str, dict]:
    """Every shard entry of a run folder, by shard id."""
    entries = {}
    folder = Path(out) / MANIFEST_DIR
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
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


def _write_json_atomic(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- part files


#: What building a table raises for a value that cannot be stored (a string with a lone surrogate…).
_UNSTORABLE = (UnicodeError, ValueError, TypeError, OverflowError, ArithmeticError)


def _storable(record: Extraction | ErrorRecord) -> Extraction | ErrorRecord:
    """The record, or an errors row (stage ``write``) naming its document when it cannot be stored."""
    import pyarrow as pa

    from pipeline.tables import build_tables

    try:
        build_tables([record])
        return record
    except (*_UNSTORABLE, pa.ArrowException) as exc:
        source = record.source if isinstance(record, ErrorRecord) else record.article.source
        doc_id = record.doc_id if isinstance(record, ErrorRecord) else record.article.doc_id
        return ErrorRecord(
            source=printable(source), stage="write", error="unstorable",
            message=f"a value of this document cannot be stored in Parquet ({type(exc).__name__}: {printable(str(exc))[:200]}); "
            "please report it with this document",
            doc_id=printable(doc_id) if doc_id else None,
        )


class _PartWriter:
    """Every table's part file of one shard, streamed to temp files and renamed on commit."""

    def __init__(self, out: Path, shard_id: str) -> None:
        self.out = out
        self.shard_id = shard_id
        self.buffer: list[Extraction | ErrorRecord] = []
        self.writers: dict[str, Any] = {}
        self.temps: dict[str, Path] = {}
        self.rows = {table: 0 for table in TABLES}
        self.error_kinds: dict[str, int] = {}

    def add(self, record: Extraction | ErrorRecord) -> None:
        self.buffer.append(record)
        if isinstance(record, ErrorRecord):
            self.error_kinds[record.error] = self.error_kinds.get(record.error, 0) + 1
        if len(self.buffer) >= FLUSH_EVERY:
            self.flush()

    def _writer(self, table: str):
        import pyarrow.parquet as pq

        if table not in self.writers:
            final = part_path(self.out, table, self.shard_id)
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
            self.temps[table] = tmp
            self.writers[table] = pq.ParquetWriter(tmp, SCHEMAS[table], compression="zstd")
        return self.writers[table]

    def flush(self) -> None:
        from pipeline.tables import build_tables

        import pyarrow as pa

        if not self.buffer:
            return
        try:
            batches = [build_tables(self.buffer)]
        except (*_UNSTORABLE, pa.ArrowException):
            # One record holds a value Parquet cannot store: find it rather than lose the shard.
            self.buffer = [_storable(record) for record in self.buffer]
            try:
                batches = [build_tables(self.buffer)]
            except (*_UNSTORABLE, pa.ArrowException):
                batches = [build_tables([record]) for record in self.buffer]  # each stores alone (checked)
        for tables in batches:
            for table, data in tables.items():
                if data.num_rows:
                    self._writer(table).write_table(data)
                    self.rows[table] += data.num_rows
        self.buffer = []

    def commit(self) -> dict[str, int]:
        """Close every part (an empty one for a table without rows) and move them in place."""
        self.flush()
        for table in TABLES:
            self._writer(table).close()
        for table in TABLES:
            tmp = self.temps[table]
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, part_path(self.out, table, self.shard_id))
        self.writers.clear()
        return dict(self.rows)

    def abort(self) -> None:
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        for tmp in self.temps.values():
            tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- one shard


@dataclass
class _WorkerState:
    """What a pool worker process knows about its run (set by the pool initializer)."""

    parent_pid: int
    progress: Any = None
    documents: int = 0


_WORKER: _WorkerState | None = None


def _init_worker(parent_pid: int, progress: Any, settings: Settings) -> None:
    """Pool initializer: remember the run, and load the model before the first shard."""
    global _WORKER
    _WORKER = _WorkerState(parent_pid=parent_pid, progress=progress)
    if progress is not None:
        # A worker killed mid-put must not leave its siblings waiting on exit.
        progress.cancel_join_thread()
    with contextlib.suppress(Exception):  # a failure resurfaces, clearly, in the first shard
        from pipeline.nlp import get_nlp
        from pipeline.process import warm_up

        warm_up(get_nlp(settings), settings)


def _report_progress(shard_id: str, documents: int) -> None:
    if _WORKER is not None and _WORKER.progress is not None and documents:
        with contextlib.suppress(Exception):
            _WORKER.progress.put_nowait((shard_id, documents))


def _versions(nlp: Any | None) -> dict[str, str]:
    import platform

    import spacy
    import trafilatura

    from pipeline import __version__

    versions = {
        "newsfacts": __version__,
        "schema": SCHEMA_VERSION,
        "spacy": spacy.__version__,
        "trafilatura": trafilatura.__version__,
        "python": platform.python_version(),
    }
    if nlp is not None:
        versions["model"] = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}"
        versions["pipeline"] = ",".join(nlp.pipe_names)
    return versions


def duplicate_row(source: str, doc_id: str | None, first: str) -> ErrorRecord:
    """The ``errors`` row of a document whose bytes an earlier input of the run already had.

    ``doc_id`` is a hash of the bytes, so the copy would repeat the first one's id (and
    every fact) in ``articles``; it keeps the id here, naming the copy in ``articles``.
    """
    return ErrorRecord(
        source=source, stage="read", error="duplicate",
        message=f"the same document as {first} (doc_id {doc_id}), which has the row in articles; "
        "counted once",
        doc_id=doc_id,
    )


def worker_died_row(source: str, doc_id: str | None, stage: str, detail: str) -> ErrorRecord:
    """The ``errors`` row of a document whose worker process died on it, again and again."""
    return ErrorRecord(
        source=source, stage=stage, error="worker_died",
        message=f"the worker process died while in {stage} of this document ({detail}); "
        "the rest of its shard was processed without it",
        doc_id=doc_id,
    )


def process_shard(
    shard: Shard,
    out: str | Path,
    settings: Settings,
    fingerprint: str,
    *,
    skip: tuple[ErrorRecord, ...] = (),
    careful: bool = False,
    abandon: str | None = None,
    defers_to: tuple[str, ...] = (),
) -> ShardResult:
    """Process one shard end to end: its part files, then its manifest entry, last.

    Pure and idempotent: the same shard, settings and inputs always write the same rows
    under the same names, so it can be retried anywhere (another process, another
    cluster node) at any time.

    Args:
        shard: the files to read.
        out: the run folder.
        settings: the run's settings (the model is loaded once per process from them).
        fingerprint: :func:`run_fingerprint` of the settings, stored in the manifest.
        skip: error rows to write instead of processing the documents (or, for stage
            ``read``, the files) they name: documents that killed a worker before.
        careful: one document per spaCy batch, so a death is pinned on one document.
        abandon: give up: every document becomes an errors row with this message.
        defers_to: the shards holding the first copies of documents ``skip`` marks as
            duplicates (kept in the manifest: this shard is redone when one of them is).
    """
    from pipeline.nlp import get_nlp
    from pipeline.process import FileJournal, process_documents, warm_up
    from pipeline.sources import read_path

    out = Path(out)
    started = time.perf_counter()
    entry = manifest_path(out, shard.shard_id)
    # First, before anything else: a half-redone shard must never look done.
    entry.unlink(missing_ok=True)
    entry.parent.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    skip_files = {r.source: r for r in skip if r.stage == "read" and r.doc_id is None}
    skip_docs = {(r.source, r.doc_id): r for r in skip if not (r.stage == "read" and r.doc_id is None)}
    nlp = None
    if abandon is None:
        nlp = get_nlp(settings)  # cached per process: loaded once per worker, never pickled
        warm_up(nlp, settings)
    run_settings = settings.replace(batch_size=1) if careful else settings
    journal = FileJournal(
        journal_path(out, shard.shard_id),
        worker=_WORKER is not None,
        parent_pid=_WORKER.parent_pid if _WORKER is not None else None,
    )

    inputs: list[list] = []  # what the shard read: [path, size, mtime_ns], stat taken before reading
    spans: dict[str, tuple[Span, ReadEnd]] = {}
    first_copies: dict[str, str] = {}  # doc_id → source of its first document in this shard

    def documents() -> Iterator[RawDocument | ErrorRecord]:
        for path in shard.paths:
            stat = _input_stat(path)
            inputs.append([path, *(stat or (None, None))])
            if source_name(path) in skip_files:
                yield skip_files[source_name(path)]
                continue
            span = None
            if shard.span is not None or _alone(Path(path)):
                begin = shard.span or Span()
                # Read no further than the file's size now: what is appended later is the next span's.
                span = dataclasses.replace(begin, end=stat[0] if stat else None)
                spans[path] = (span, ReadEnd())
            items = iter(read_path(Path(path), max_bytes=settings.max_bytes, span=span, read_end=spans[path][1] if span else None))
            while True:
                journal.step("read", path=path)
                read_started = time.perf_counter()
                item = next(items, None)
                timings["read"] = timings.get("read", 0.0) + time.perf_counter() - read_started
                if item is None:
                    break
                if isinstance(item, RawDocument):
                    first = first_copies.get(item.doc_id)
                    first_copies.setdefault(item.doc_id, item.source)
                    poisoned = skip_docs.get((item.source, item.doc_id))
                    if poisoned is not None:
                        item = poisoned
                    elif first is not None:  # the same bytes again, at another path or line
                        item = duplicate_row(item.source, item.doc_id, first)
                    elif abandon is not None:
                        item = ErrorRecord(
                            source=item.source, stage="process", error="worker_died",
                            message=f"this document's shard was given up: {abandon}", doc_id=item.doc_id,
                        )
                yield item

    writer = _PartWriter(out, shard.shard_id)
    signatures = SignatureWriter(out, shard.shard_id)  # near-duplicate signatures, beside the parts
    done = reported = 0
    try:
        if nlp is None:
            records: Iterable[Extraction | ErrorRecord] = documents()
        else:
            records = process_documents(documents(), nlp, run_settings, timings, journal=journal)
        for record in records:
            writer.add(record)
            signatures.add(record)
            done += 1
            if done - reported >= settings.batch_size:
                _report_progress(shard.shard_id, done - reported)
                reported = done
        journal.step("write")
        write_started = time.perf_counter()
        rows = writer.commit()
        timings["write"] = time.perf_counter() - write_started
        signatures.commit()
        timings["signature"] = signatures.seconds
    except BaseException:
        writer.abort()
        raise
    finally:
        journal.close()
    _report_progress(shard.shard_id, done - reported)
    result = ShardResult(
        shard_id=shard.shard_id,
        fingerprint=fingerprint,
        documents=rows["articles"] + rows["errors"],
        errors=rows["errors"],
        rows=rows,
        seconds=time.perf_counter() - started,
        timings=timings,
        error_kinds=dict(sorted(writer.error_kinds.items())),
        versions=_versions(nlp),
    )
    identity: dict[str, Any] = {"inputs": inputs, "defers_to": list(defers_to)}
    for path, (span, read_end) in spans.items():  # one archive per shard
        end = span.end if span.end is not None else span.start
        identity.update(
            span=[span.start, end, span.first_line], read_end=asdict(read_end),
            edges=_edges_digest(path, span.start, end),
        )
    _write_json_atomic(
        entry,
        {
            **asdict(result),
            **identity,
            "paths": list(shard.paths),
            "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "worker": f"{os.uname().nodename}:{os.getpid()}",
        },
    )
    journal_path(out, shard.shard_id).unlink(missing_ok=True)
    _maybe_reset_caches(done)
    return result


def _maybe_reset_caches(documents: int) -> None:
    """Clear trafilatura's caches now and then so a long-lived worker's memory stays flat."""
    global _WORKER
    state = _WORKER
    if state is None:
        return
    state.documents += documents
    if state.documents >= RESET_CACHES_EVERY:
        state.documents = 0
        with contextlib.suppress(Exception):
            from trafilatura.meta import reset_caches

            reset_caches()


# --------------------------------------------------------------------------- post-mortems


@dataclass(frozen=True, slots=True)
class JournalReport:
    """What a dead worker's journal says: the step it was on, and how it ended."""

    stage: str | None
    docs: tuple[tuple[str, str], ...]
    path: str | None
    fatal: str | None  # "Fatal Python error: Segmentation fault", "Timeout (0:01:30)!"…

    @property
    def timed_out(self) -> bool:
        return bool(self.fatal and self.fatal.startswith("Timeout"))

    def culprit(self) -> ErrorRecord | None:
        """The errors row to write instead of what the worker died on, if that is one thing."""
        detail = self.fatal or "it was killed, for example for using too much memory"
        if self.stage == "read" and self.path:
            return ErrorRecord(
                source=source_name(self.path), stage="read", error="worker_died",
                message=f"the worker process died while reading this file ({detail}); "
                "its documents could not be read",
            )
        if self.stage in {"clean", "nlp", "extract"} and len(self.docs) == 1:
            doc_id, source = self.docs[0]
            if self.timed_out:
                from pipeline.process import timeout_row

                row = timeout_row(source, doc_id, self.stage, 0)
                return dataclasses.replace(
                    row, message=f"processing was stuck in {self.stage} past the hard time limit ({self.fatal}); "
                    "raise doc_timeout if pages this slow are expected",
                )
            return worker_died_row(source, doc_id, self.stage, detail)
        return None


def read_journal(path: Path) -> JournalReport | None:
    """Parse a worker's journal; ``None`` when there is none (the shard never started)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    stage: str | None = None
    docs: tuple[tuple[str, str], ...] = ()
    file_path: str | None = None
    fatal: str | None = None
    for line in text.splitlines():
        if line.startswith("{"):
            try:
                step = json.loads(line)
            except json.JSONDecodeError:
                continue
            if "stage" in step:
                stage = step["stage"]
                docs = tuple(tuple(d) for d in step.get("docs", ()))  # type: ignore[misc]
                file_path = step.get("path")
        elif fatal is None and (line.startswith("Fatal Python error") or line.startswith("Timeout (")):
            fatal = line.strip()
    return JournalReport(stage=stage, docs=docs, path=file_path, fatal=fatal)


@dataclass
class _Task:
    """A shard to run and what earlier attempts taught about it."""

    shard: Shard
    skip: tuple[ErrorRecord, ...] = ()
    defers_to: tuple[str, ...] = ()
    deaths: int = 0
    careful: bool = False
    isolate: bool = False
    abandon: str | None = None


def _after_death(task: _Task, report: JournalReport, alone: bool, retries: int) -> None:
    """Decide what a shard whose worker died does next (mutates ``task``)."""
    task.careful = True
    culprit = report.culprit()
    if report.fatal and culprit is not None:
        # A crash or a hard timeout, on a known document: not worth retrying it.
        task.skip = (*task.skip, culprit)
    else:
        task.deaths += 1
        if task.deaths > retries:
            if not alone:
                task.isolate = True  # the death may have been a neighbour's: try it alone
            elif culprit is not None:
                task.skip = (*task.skip, culprit)
            else:
                task.abandon = (
                    f"its worker died {task.deaths} times outside any one document "
                    f"(last step: {report.stage or 'start'}; {report.fatal or 'killed'})"
                )
    if len(task.skip) > MAX_POISONED or task.deaths > retries + 3:
        task.abandon = f"its worker died {task.deaths + len(task.skip)} times; the shard was given up"
    if task.abandon:
        outcome = "giving the shard up"
    elif culprit is not None and culprit in task.skip:
        outcome = f"retrying without {culprit.source}"
    else:
        outcome = "retrying"
    log.warning(
        "a worker died on shard %s (step %s%s); %s",
        task.shard.shard_id, report.stage or "start", f", {report.fatal}" if report.fatal else "", outcome,
    )


# --------------------------------------------------------------------------- run


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
    error_kinds: dict[str, int] = field(default_factory=dict)
    shards_removed: int = 0
    worker_deaths: int = 0
    jobs: int = 1
    engine: str = "process"
    skipped_documents: int = 0
    #: Files in the input folders that are not documents: what they are → how many (see scan_inputs).
    not_documents: dict[str, int] = field(default_factory=dict)
    not_document_examples: tuple[str, ...] = ()

    @property
    def not_document_files(self) -> int:
        return sum(self.not_documents.values())

    @property
    def error_ratio(self) -> float:
        return self.errors / self.documents if self.documents else 0.0

    @property
    def documents_per_second(self) -> float:
        """Documents processed (not skipped) per wall-clock second."""
        return self.processed / self.seconds if self.seconds else 0.0

    @property
    def processed(self) -> int:
        """Documents this run processed (not those of shards an earlier run finished)."""
        return self.documents - self.skipped_documents


class _Events:
    """Progress callbacks, with per-shard counts so a retried shard is not counted twice."""

    def __init__(
        self, on_shard: Callable[[ShardResult], None] | None, on_documents: Callable[[int], None] | None
    ) -> None:
        self.on_shard = on_shard
        self.on_documents = on_documents
        self.reported: dict[str, int] = {}
        self.finished_shards: set[str] = set()
        self.deaths = 0

    def documents(self, shard_id: str, count: int) -> None:
        if shard_id in self.finished_shards:
            # A worker's progress messages go through a queue with its own feeder thread and
            # can arrive after the shard's result; finished() has counted the shard already.
            return
        self.reported[shard_id] = self.reported.get(shard_id, 0) + count
        if self.on_documents is not None:
            self.on_documents(count)

    def retry(self, shard_id: str) -> None:
        self.deaths += 1
        count = self.reported.pop(shard_id, 0)
        if count and self.on_documents is not None:
            self.on_documents(-count)

    def redo(self, results: Iterable[ShardResult]) -> None:
        """Finished shards about to be done again: take their documents back off the count."""
        for result in results:
            self.finished_shards.discard(result.shard_id)
            if self.on_documents is not None and result.documents:
                self.on_documents(-result.documents)

    def finished(self, result: ShardResult) -> None:
        self.finished_shards.add(result.shard_id)
        seen = self.reported.pop(result.shard_id, 0)
        if self.on_documents is not None and result.documents != seen:
            self.on_documents(result.documents - seen)
        if self.on_shard is not None:
            self.on_shard(result)


@contextlib.contextmanager
def _folder_lock(out: Path) -> Iterator[None]:
    """One run at a time per folder (the lock dies with the process, even on SIGKILL)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    handle = open(out / LOCK_NAME, "a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RunnerError(
                f"another newsfacts run is writing to {out}; wait for it to end or use another --out folder"
            ) from exc
        yield
    finally:
        handle.close()


def _shard_of_part(name: str) -> str | None:
    if name.startswith("part-") and name.endswith(".parquet"):
        return name[len("part-") : -len(".parquet")]
    return None


def _tidy(out: Path, planned: set[str], todo: set[str]) -> int:
    """Remove what a killed run left: temp files, journals, parts of shards to redo or no longer planned.

    Returns how many shards that are no longer in the plan were removed.
    """
    stale: set[str] = set()
    for folder in [out / table for table in TABLES] + [out / SIGNATURES_DIR, out / MANIFEST_DIR]:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name
            if name.startswith(".") and name.endswith(".tmp") or name.endswith(".journal"):
                path.unlink(missing_ok=True)
                continue
            shard_id = _shard_of_part(name) if folder.name != MANIFEST_DIR else (path.stem if name.endswith(".json") else None)
            if shard_id is None:
                continue
            if shard_id not in planned:
                stale.add(shard_id)
                path.unlink(missing_ok=True)
            elif shard_id in todo:
                path.unlink(missing_ok=True)
    if stale:
        log.warning("removed the rows of %d shard(s) of earlier runs whose inputs are not in this run", len(stale))
    return len(stale)


def _part_is_whole(path: Path) -> bool:
    """A cheap check that a part file was written to the end: Parquet's magic bytes at both ends."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
            handle.seek(-4, os.SEEK_END)
            return head == b"PAR1" and handle.read(4) == b"PAR1"
    except OSError:
        return False


def _is_done(out: Path, entry: dict | None, fingerprint: str, shard: Shard | None = None) -> bool:
    """Whether a shard's manifest entry says it is done with these settings, on these inputs, intact.

    The entry must match the run's fingerprint and, given ``shard``, the size and
    modification time of every file it read (a page edited in place is redone), and every
    part file must be whole (a part truncated behind the manifest's back is redone).
    """
    if not entry or entry.get("fingerprint") != fingerprint:
        return False
    shard_id = entry.get("shard_id", "")
    if shard is not None:
        # Sizes and times in path order (the paths are the shard id's; a Dask worker saw them resolved).
        recorded = [(size, mtime) for _, size, mtime in entry.get("inputs", ())]
        current = [_input_stat(p) or (None, None) for p in shard.paths]
        if recorded != current:
            return False
    return all(_part_is_whole(part_path(out, table, shard_id)) for table in TABLES)


def _archive_chain(base: Shard, out: Path, manifest: dict[str, dict], fingerprint: str) -> list[tuple[Shard, bool]]:
    """The shards that read one JSONL or WARC file, each with whether it is done.

    A file that only grew since a run read it (its bytes up to where that run stopped are
    unchanged, and that run stopped at a line or record boundary) keeps its done shards
    and gets one more for the new bytes; anything else (rewritten, shrunk, damaged at the
    end, touched) is read again whole.
    """
    path = base.paths[0]
    stat = _input_stat(path)
    chain: list[tuple[Shard, bool]] = []
    shard = base
    while True:
        entry = manifest.get(shard.shard_id)
        if _is_done(out, entry, fingerprint, shard):
            return [*chain, (shard, True)]
        if entry is None or stat is None or not _is_done(out, entry, fingerprint):
            break
        start, end, _ = entry.get("span") or (None, None, None)
        read_end = entry.get("read_end") or {}
        grown = (
            end is not None and stat[0] > end and read_end.get("clean")
            and entry.get("edges") == _edges_digest(path, start, end)
        )
        if not grown:
            break
        chain.append((shard, True))
        known = {name: read_end[name] for name in ReadEnd.__dataclass_fields__ if name in read_end}
        shard = _segment(path, ReadEnd(**known).next_span(end))
        if shard.shard_id not in manifest:
            return [*chain, (shard, False)]
    return [(base, False)]


def _resume_plan(
    shards: Sequence[Shard], out: Path, manifest: dict[str, dict], fingerprint: str
) -> tuple[list[Shard], list[Shard]]:
    """(every shard of the run, the ones to do): grown archives get a shard for their new bytes."""
    plan: list[tuple[Shard, bool]] = []
    for shard in shards:
        if len(shard.paths) == 1 and shard.span is None and _alone(Path(shard.paths[0])):
            plan.extend(_archive_chain(shard, out, manifest, fingerprint))
        else:
            plan.append((shard, _is_done(out, manifest.get(shard.shard_id), fingerprint, shard)))
    done = {shard.shard_id for shard, ok in plan if ok}
    # A shard whose duplicates name first copies in a shard being redone is redone too.
    changed = True
    while changed:
        changed = False
        for shard_id in list(done):
            if any(first not in done for first in manifest[shard_id].get("defers_to", ())):
                done.discard(shard_id)
                changed = True
    return [shard for shard, _ in plan], [shard for shard, _ in plan if shard.shard_id not in done]


def _later_copies(out: Path, shards: Sequence[Shard]) -> dict[str, tuple[tuple[ErrorRecord, ...], tuple[str, ...]]]:
    """Documents that are in ``articles`` twice, from two shards: the later copies to redo as ``duplicate`` rows.

    Returns ``{shard id: (its duplicate rows, the shards holding the first copies)}``.
    The first copy is the one in the earlier shard of the plan (inputs in order); within
    one shard, process_shard itself keeps the first.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    order = {shard.shard_id: index for index, shard in enumerate(shards)}
    pieces = []
    for shard in shards:
        part = part_path(out, "articles", shard.shard_id)
        if part.is_file():
            ids = pq.read_table(part, columns=["doc_id", "source"])
            pieces.append(ids.append_column("shard", pa.array([order[shard.shard_id]] * ids.num_rows, pa.int32())))
    if not pieces:
        return {}
    held = pa.concat_tables(pieces)
    counts = held.group_by("doc_id").aggregate([("doc_id", "count")])
    repeated = counts.filter(pc.greater(counts["doc_id_count"], 1))["doc_id"]
    if not len(repeated):
        return {}
    rows = held.filter(pc.is_in(held["doc_id"], repeated)).to_pylist()
    rows.sort(key=lambda row: (row["doc_id"], row["shard"], row["source"]))
    later: dict[str, tuple[list[ErrorRecord], set[str]]] = {}
    first: dict[str, dict] = {}
    for row in rows:
        head = first.setdefault(row["doc_id"], row)
        if head is row or head["shard"] == row["shard"]:
            continue
        copies, firsts = later.setdefault(shards[row["shard"]].shard_id, ([], set()))
        copies.append(duplicate_row(row["source"], row["doc_id"], head["source"]))
        firsts.add(shards[head["shard"]].shard_id)
    return {shard_id: (tuple(copies), tuple(sorted(firsts))) for shard_id, (copies, firsts) in later.items()}


#: What writing the run folder fails with when the folder, not newsfacts, is the problem.
OUTPUT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST, errno.ENOENT}
)


def unusable_output_message(out: Path, exc: OSError) -> str:
    """One line saying why ``out`` cannot be the run folder and what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"no space left on the device of {out}: free some space and run the same command again "
            "(finished shards are kept), or use another --out"
        )
    if isinstance(exc, (FileExistsError, NotADirectoryError)) or exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return f"--out {out} is a file or under one, not a folder: give a folder path"
    return f"cannot write the run folder {out} ({exc.strerror or exc}): give a folder you can write to with --out"


def _probe_writable(out: Path) -> None:
    """Fail now, not after the first shard, when nothing can be written in ``out``."""
    probe = out / f".newsfacts-probe-{uuid.uuid4().hex}"
    try:
        with open(probe, "wb") as handle:
            handle.write(b"newsfacts")
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()


def _output_errors(function: Callable[..., RunSummary]) -> Callable[..., RunSummary]:
    """``OSError`` writing the run folder → :class:`OutputError` with one line saying what to do."""

    @functools.wraps(function)
    def wrapper(inputs: Sequence[str | Path], out: str | Path, *args: Any, **kwargs: Any) -> RunSummary:
        try:
            return function(inputs, out, *args, **kwargs)
        except OSError as exc:
            elsewhere = exc.filename is not None and not _under(Path(os.fsdecode(exc.filename)), Path(out))
            if elsewhere or not (exc.errno in OUTPUT_ERRNOS or isinstance(exc, (FileExistsError, NotADirectoryError))):
                raise
            raise OutputError(unusable_output_message(Path(out), exc)) from exc

    return wrapper


def _under(path: Path, folder: Path) -> bool:
    try:
        resolved, base = path.resolve(), folder.resolve()
    except OSError:
        return False
    return resolved == base or base in resolved.parents or folder in path.parents or path == folder


@_output_errors
def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    settings: Settings | None = None,
    jobs: int | None = None,
    overwrite: bool = False,
    engine: str = "process",
    client: object | None = None,
    scheduler: str | None = None,
    on_shard: Callable[[ShardResult], None] | None = None,
    on_documents: Callable[[int], None] | None = None,
) -> RunSummary:
    """Process every input document into Parquet tables under ``out``, resuming a killed run.

    Rerunning the same command skips every shard whose manifest entry matches the current
    configuration and redoes the rest; rows of shards no longer in the plan are removed,
    so the folder always holds exactly this command's rows.

    Args:
        inputs: files, folders and glob patterns.
        out: the run folder; one sub-folder per table, and ``_manifest``.
        settings: a :class:`Settings`; defaults to the packaged ones.
        jobs: worker processes (default: ``settings.jobs``, else every CPU this process
            may use); with ``engine="dask"`` and no cluster, the LocalCluster's workers.
        overwrite: start afresh instead of resuming.
        engine: ``serial`` (this process), ``process`` (a process pool) or ``dask``.
        client: a ``dask.distributed.Client`` for ``engine="dask"``.
        scheduler: a Dask scheduler address, used when no ``client`` is given
            (neither: a ``LocalCluster`` is started for the run).
        on_shard: called with each finished shard's result.
        on_documents: called with the number of documents just processed (may be
            negative when a shard whose worker died is redone).

    Raises:
        RunnerError: another run holds the folder, or worker processes cannot start.
        ModelNotInstalled: the spaCy model is missing.
        OutputError: ``out`` cannot be written (a file, read-only, no space left); the
            shards finished before are kept, and the same call resumes once it can.
    """
    if engine not in ENGINES:
        raise RunnerError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    settings = settings or load_settings()
    out = Path(out)
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    _probe_writable(out)
    with _folder_lock(out):
        if overwrite:
            for table in (*TABLES, MANIFEST_DIR, SIGNATURES_DIR, ENTITIES_DIR, *RUN_TABLES):
                shutil.rmtree(out / table, ignore_errors=True)
        scan = scan_inputs(inputs, exclude=[out])  # the run's own folder is never an input
        shards = plan_shards(scan.paths, settings.shard_size)
        fingerprint = run_fingerprint(settings)
        manifest = read_manifest(out)
        shards, todo = _resume_plan(shards, out, manifest, fingerprint)
        redo = {shard.shard_id for shard in todo}
        results: list[ShardResult] = []
        for shard in shards:
            if shard.shard_id not in redo:
                entry = manifest[shard.shard_id]
                kept = {k: v for k, v in entry.items() if k in ShardResult.__dataclass_fields__}
                results.append(ShardResult(**{**kept, "skipped": True}))
        removed = _tidy(out, {s.shard_id for s in shards}, {s.shard_id for s in todo})
        skipped_documents = sum(r.documents for r in results)
        if results:
            log.info("resuming: %d of %d shards already done (%d documents)", len(results), len(shards), skipped_documents)
        if on_documents is not None and skipped_documents:
            on_documents(skipped_documents)
        jobs = 1 if engine == "serial" else jobs or settings.jobs or available_cpus()
        events = _Events(on_shard, on_documents)
        for result in _execute(todo, out, settings, fingerprint, jobs, engine, client, scheduler, events):
            results.append(result)
        # The same bytes at two paths in two shards: the later shard is redone with its copy
        # as a `duplicate` errors row, so doc_id stays a key of articles.
        copies = _later_copies(out, shards)
        if copies:
            events.redo([r for r in results if r.shard_id in copies])
            results = [r for r in results if r.shard_id not in copies]
            tasks = [_Task(s, skip=copies[s.shard_id][0], defers_to=copies[s.shard_id][1]) for s in shards if s.shard_id in copies]
            results.extend(_execute(tasks, out, settings, fingerprint, jobs, engine, client, scheduler, events))
        clusters = assign_clusters(out)  # after every shard: copies of one release across the run
        entities = assign_entities(out)  # after every shard: one id per organisation and person across the run
    summary = _summarise(
        out, results, time.perf_counter() - started, shards=len(shards), removed=removed,
        deaths=events.deaths, jobs=jobs, engine=engine,
    )
    summary.timings["cluster"] = clusters.seconds
    summary.timings["entities"] = entities.seconds
    return dataclasses.replace(summary, not_documents=scan.skipped, not_document_examples=scan.examples)


def _summarise(
    out: Path, results: Iterable[ShardResult], seconds: float, *, shards: int, removed: int, deaths: int,
    jobs: int, engine: str,
) -> RunSummary:
    rows = {table: 0 for table in TABLES}
    timings: dict[str, float] = {}
    kinds: dict[str, int] = {}
    documents = errors = skipped = skipped_documents = 0
    for result in results:
        documents += result.documents
        errors += result.errors
        if result.skipped:
            skipped += 1
            skipped_documents += result.documents
        for table, count in result.rows.items():
            rows[table] = rows.get(table, 0) + count
        for kind, count in result.error_kinds.items():
            kinds[kind] = kinds.get(kind, 0) + count
        if not result.skipped:
            for stage, value in result.timings.items():
                timings[stage] = timings.get(stage, 0.0) + value
    return RunSummary(
        out=str(out), shards=shards, shards_skipped=skipped, documents=documents, errors=errors, rows=rows,
        seconds=seconds, timings=timings, error_kinds=dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
        shards_removed=removed, worker_deaths=deaths, jobs=jobs, engine=engine, skipped_documents=skipped_documents,
    )


def _execute(
    shards: Sequence[Shard | _Task], out: Path, settings: Settings, fingerprint: str, jobs: int, engine: str,
    client: object | None, scheduler: str | None, events: _Events,
) -> Iterator[ShardResult]:
    tasks = [item if isinstance(item, _Task) else _Task(item) for item in shards]
    if not tasks:
        return
    if engine == "serial":
        for task in tasks:
            result = process_shard(task.shard, out, settings, fingerprint, skip=task.skip, defers_to=task.defers_to)
            events.finished(result)
            yield result
    elif engine == "process":
        yield from _run_pool(tasks, out, settings, fingerprint, jobs, events)
    else:
        yield from _run_dask(tasks, out, settings, fingerprint, jobs, client, scheduler, events)


# --------------------------------------------------------------------------- process pool


def _run_pool(
    tasks: list[_Task], out: Path, settings: Settings, fingerprint: str, jobs: int, events: _Events
) -> Iterator[ShardResult]:
    """Rounds of a process pool: a worker death ends a round; the next one retries what it held."""
    queue = deque(tasks)
    isolated: deque[_Task] = deque()
    fruitless = 0
    while queue or isolated:
        if queue:
            round_tasks, workers = queue, max(1, min(jobs, len(queue)))
        else:
            round_tasks, workers = deque([isolated.popleft()]), 1
        broken = yield from _pool_round(round_tasks, workers, out, settings, fingerprint, events)
        if not broken:
            continue
        reports = [(task, read_journal(journal_path(out, task.shard.shard_id))) for task in broken]
        started = [(task, report) for task, report in reports if report is not None]
        fruitless = 0 if started else fruitless + 1
        if fruitless >= 3:
            raise RunnerError(
                "worker processes keep dying before they process anything (is there enough memory "
                "to load the spaCy model? try fewer --jobs)"
            )
        for task, report in reports:
            if report is None:
                queue.appendleft(task)  # never started: no blame
                continue
            journal_path(out, task.shard.shard_id).unlink(missing_ok=True)
            events.retry(task.shard.shard_id)
            _after_death(task, report, alone=len(started) == 1, retries=settings.shard_retries)
            if task.isolate and not task.abandon:
                task.isolate = False
                isolated.append(task)
            else:
                queue.append(task)


def _pool_round(
    tasks: deque[_Task], workers: int, out: Path, settings: Settings, fingerprint: str, events: _Events
):
    """Run tasks in one pool until they are done or the pool breaks; returns the tasks it held then."""
    context = multiprocessing.get_context("spawn")
    progress = context.Queue()
    options: dict[str, Any] = {}
    if sys.version_info >= (3, 11) and settings.max_tasks_per_worker:
        options["max_tasks_per_child"] = settings.max_tasks_per_worker
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker,
        initargs=(os.getpid(), progress, settings), **options,
    )
    inflight: dict[Future, _Task] = {}
    broken: list[_Task] = []
    clean_exit = False
    try:
        while (tasks or inflight) and not broken:
            while tasks and len(inflight) < 2 * workers:
                task = tasks.popleft()
                if task.abandon is not None:
                    # Reading only, no model: cheap and safe to do right here.
                    result = process_shard(
                        task.shard, out, settings, fingerprint, skip=task.skip, abandon=task.abandon, defers_to=task.defers_to
                    )
                    events.finished(result)
                    yield result
                    continue
                try:
                    future = pool.submit(
                        process_shard, task.shard, str(out), settings, fingerprint, skip=task.skip, careful=task.careful,
                        defers_to=task.defers_to,
                    )
                except BrokenProcessPool:
                    tasks.appendleft(task)
                    break
                inflight[future] = task
            if not inflight:
                if tasks:  # submit failed: the pool is broken with nothing in flight
                    break
                continue
            done, _ = wait(list(inflight), timeout=0.5, return_when=FIRST_COMPLETED)
            _drain(progress, events)
            for future in done:
                task = inflight.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(task)
                    continue
                events.finished(result)
                yield result
        if broken or (tasks and not inflight):
            # Every other future of a broken pool fails too; keep what did finish.
            for future, task in list(inflight.items()):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(task)
                    continue
                events.finished(result)
                yield result
            inflight.clear()
        clean_exit = True
    finally:
        if clean_exit:
            pool.shutdown(wait=True)
        else:
            # Interrupted (Ctrl-C, an error): stop the workers now rather than after their shard.
            for process in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
        _drain(progress, events)
        progress.close()
    return broken


def _drain(progress: Any, events: _Events) -> None:
    import queue as queue_module

    while True:
        try:
            shard_id, count = progress.get_nowait()
        except (queue_module.Empty, OSError, ValueError, EOFError):
            return
        events.documents(shard_id, count)


# --------------------------------------------------------------------------- dask


def _dask_client(client: object | None, scheduler: str | None, jobs: int):
    """The client to use and whether this run owns it (and must close it)."""
    if client is not None:
        return client, None
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise RunnerError("engine 'dask' needs the dask extra: pip install 'newsfacts[dask]'") from exc
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0")
    return Client(cluster), cluster


def _is_worker_death(exc: BaseException) -> bool:
    return type(exc).__name__ in {"KilledWorker", "CommClosedError"}


def _run_dask(
    tasks: list[_Task], out: Path, settings: Settings, fingerprint: str, jobs: int,
    client: object | None, scheduler: str | None, events: _Events,
) -> Iterator[ShardResult]:
    """``client.submit`` per shard over a Dask cluster; the out folder must be shared storage."""
    from dask.distributed import as_completed

    dask_client, cluster = _dask_client(client, scheduler, jobs)
    owned = client is None
    # Cluster workers do not share this process's working directory.
    out_path = str(out.resolve())

    def submit(task: _Task):
        shard = dataclasses.replace(task.shard, paths=tuple(str(Path(p).resolve()) for p in task.shard.paths))
        return dask_client.submit(  # type: ignore[attr-defined]
            process_shard, shard, out_path, settings, fingerprint, skip=task.skip, careful=task.careful,
            abandon=task.abandon, defers_to=task.defers_to, key=f"newsfacts-shard-{shard.shard_id}-{uuid.uuid4().hex[:8]}",
            retries=settings.shard_retries, pure=False,
        )

    try:
        pending = {}
        for task in tasks:
            pending[submit(task)] = task
        completed = as_completed(list(pending))
        for future in completed:
            task = pending.pop(future)
            try:
                result = future.result()
            except Exception as exc:
                if not _is_worker_death(exc):
                    raise
                report = read_journal(journal_path(out, task.shard.shard_id)) or JournalReport(None, (), None, None)
                journal_path(out, task.shard.shard_id).unlink(missing_ok=True)
                events.retry(task.shard.shard_id)
                # Dask already retried it on other workers: it is not a neighbour's fault.
                task.deaths = max(task.deaths, settings.shard_retries)
                _after_death(task, report, alone=True, retries=settings.shard_retries)
                retry = submit(task)
                pending[retry] = task
                completed.add(retry)
                continue
            events.finished(result)
            yield result
    finally:
        if owned:
            dask_client.close()  # type: ignore[attr-defined]
            if cluster is not None:
                cluster.close()
