"""One shard end to end, in whatever process runs it: read, process, write the parts, then the manifest entry."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.journal import FileJournal, Journal
from pipeline.records import ErrorRecord, Extraction, RawDocument
from pipeline.runner.manifest import ShardResult, journal_path, manifest_path, write_entry
from pipeline.runner.parts import PartWriter
from pipeline.runner.plan import Shard, input_stat
from pipeline.schema import SCHEMA_VERSION
from pipeline.sources import ReadEnd, Span, holds_many, source_name
from pipeline.syndication import SignatureWriter

#: trafilatura's caches are cleared (and garbage collected) after this many documents.
RESET_CACHES_EVERY = 2000


@dataclass
class WorkerState:
    """What a pool worker process knows about its run (set by the pool initializer)."""

    parent_pid: int
    progress: Any = None
    documents: int = 0


_WORKER: WorkerState | None = None


def init_worker(parent_pid: int, progress: Any, settings: Settings) -> None:
    """Pool initializer: remember the run, and load the model before the first shard."""
    global _WORKER
    _WORKER = WorkerState(parent_pid=parent_pid, progress=progress)
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


class ShardInputs:
    """The documents of a shard's files, in order, as the shard is to write them.

    While reading it notes what the manifest entry records of each file (size and
    modification time, taken before reading; for an archive the span read and how reading
    it ended), and puts an errors row in a document's place where the shard must not
    process it: a document (or file) that killed a worker before, a second copy of the
    same bytes, or every document of a shard being given up.
    """

    def __init__(
        self, shard: Shard, settings: Settings, journal: Journal, timings: dict[str, float], *,
        skip: tuple[ErrorRecord, ...] = (), abandon: str | None = None,
    ) -> None:
        self.shard = shard
        self.max_bytes = settings.max_bytes
        self.journal = journal
        self.timings = timings
        self.abandon = abandon
        self.skip_files = {r.source: r for r in skip if r.stage == "read" and r.doc_id is None}
        self.skip_docs = {(r.source, r.doc_id): r for r in skip if not (r.stage == "read" and r.doc_id is None)}
        self.inputs: list[list] = []  # what the shard read: [path, size, mtime_ns], stat taken before reading
        self.spans: dict[str, tuple[Span, ReadEnd]] = {}
        self.first_copies: dict[str, str] = {}  # doc_id → source of its first document in this shard

    def __iter__(self) -> Iterator[RawDocument | ErrorRecord]:
        for path in self.shard.paths:
            yield from self._read(path)

    def _read(self, path: str) -> Iterator[RawDocument | ErrorRecord]:
        from pipeline.sources import read_path

        stat = input_stat(path)
        self.inputs.append([path, *(stat or (None, None))])
        if source_name(path) in self.skip_files:
            yield self.skip_files[source_name(path)]
            return
        span = read_end = None
        if self.shard.span is not None or holds_many(Path(path)):
            # Read no further than the file's size now: what is appended later is the next span's.
            span = dataclasses.replace(self.shard.span or Span(), end=stat[0] if stat else None)
            read_end = ReadEnd()
            self.spans[path] = (span, read_end)
        items = iter(read_path(Path(path), max_bytes=self.max_bytes, span=span, read_end=read_end))
        while True:
            self.journal.step("read", path=path)
            read_started = time.perf_counter()
            item = next(items, None)
            self.timings["read"] = self.timings.get("read", 0.0) + time.perf_counter() - read_started
            if item is None:
                return
            yield self._in_place_of(item) if isinstance(item, RawDocument) else item

    def _in_place_of(self, document: RawDocument) -> RawDocument | ErrorRecord:
        """The document, or the errors row the shard writes instead of processing it."""
        first = self.first_copies.get(document.doc_id)
        self.first_copies.setdefault(document.doc_id, document.source)
        poisoned = self.skip_docs.get((document.source, document.doc_id))
        if poisoned is not None:
            return poisoned
        if first is not None:  # the same bytes again, at another path or line
            return duplicate_row(document.source, document.doc_id, first)
        if self.abandon is not None:
            return ErrorRecord(
                source=document.source, stage="process", error="worker_died",
                message=f"this document's shard was given up: {self.abandon}", doc_id=document.doc_id,
            )
        return document


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
    from pipeline.process import process_documents, warm_up

    out = Path(out)
    started = time.perf_counter()
    # First, before anything else: a half-redone shard must never look done.
    manifest_path(out, shard.shard_id).unlink(missing_ok=True)
    manifest_path(out, shard.shard_id).parent.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    nlp = None
    if abandon is None:
        nlp = get_nlp(settings)  # cached per process: loaded once per worker, never pickled
        warm_up(nlp, settings)
    journal = FileJournal(
        journal_path(out, shard.shard_id),
        worker=_WORKER is not None,
        parent_pid=_WORKER.parent_pid if _WORKER is not None else None,
    )
    inputs = ShardInputs(shard, settings, journal, timings, skip=skip, abandon=abandon)
    writer = PartWriter(out, shard.shard_id)
    try:
        if nlp is None:
            records: Iterable[Extraction | ErrorRecord] = inputs
        else:
            run_settings = settings.replace(batch_size=1) if careful else settings
            records = process_documents(inputs, nlp, run_settings, timings, journal=journal)
        rows, done = _write_records(records, writer, SignatureWriter(out, shard.shard_id), shard.shard_id,
                                    settings.batch_size, journal, timings)
    except BaseException:
        writer.abort()
        raise
    finally:
        journal.close()
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
    write_entry(out, result, paths=shard.paths, inputs=inputs.inputs, spans=inputs.spans, defers_to=defers_to)
    journal_path(out, shard.shard_id).unlink(missing_ok=True)
    _maybe_reset_caches(done)
    return result


def _write_records(
    records: Iterable[Extraction | ErrorRecord], writer: PartWriter, signatures: SignatureWriter, shard_id: str,
    every: int, journal: Journal, timings: dict[str, float],
) -> tuple[dict[str, int], int]:
    """Every record into the parts and the signature sidecar, committed; (rows per table, records)."""
    done = reported = 0
    for record in records:
        writer.add(record)
        signatures.add(record)
        done += 1
        if done - reported >= every:
            _report_progress(shard_id, done - reported)
            reported = done
    journal.step("write")
    write_started = time.perf_counter()
    rows = writer.commit()
    timings["write"] = time.perf_counter() - write_started
    signatures.commit()
    timings["signature"] = signatures.seconds
    _report_progress(shard_id, done - reported)
    return rows, done


def _maybe_reset_caches(documents: int) -> None:
    """Clear trafilatura's caches now and then so a long-lived worker's memory stays flat."""
    state = _WORKER
    if state is None:
        return
    state.documents += documents
    if state.documents >= RESET_CACHES_EVERY:
        state.documents = 0
        with contextlib.suppress(Exception):
            from trafilatura.meta import reset_caches

            reset_caches()
