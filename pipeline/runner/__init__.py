"""Shards, engines and the manifest: resumable runs on one core, all cores or a cluster.

The unit of work is a shard (some input files, or one WARC or JSONL file).
:func:`process_shard` is a pure, idempotent function of the shard, the run folder and
the settings: it first removes the shard's manifest entry, writes every table's part file
atomically (temp file, fsync, rename) under a deterministic name, and writes the shard's
manifest entry last. So at any moment a shard with a manifest entry is complete, and one
without is redone by the next run: a run killed at any point (SIGKILL included) and run
again ends with exactly the rows of an uninterrupted run.

Engines map that one function over the shards:

- ``serial``: in this process (debugging, notebooks);
- ``process``: a spawn-context process pool (:mod:`pipeline.runner.pool`);
- ``dask``: ``client.submit`` over a ``dask.distributed`` cluster, with retries
  (:mod:`pipeline.runner.dask_engine`).

The modules, in the order a run uses them: :mod:`~pipeline.runner.plan` (shards,
fingerprint), :mod:`~pipeline.runner.folder` (lock, writable check),
:mod:`~pipeline.runner.recovery` (resume plan, tidying, what to do after a worker died),
:mod:`~pipeline.runner.shard` (one shard), :mod:`~pipeline.runner.parts` (its part files),
:mod:`~pipeline.runner.manifest` (its entry), :mod:`~pipeline.runner.summary`.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipeline.config import Settings, available_cpus, load_settings
from pipeline.entities import ENTITIES_DIR, assign_entities
from pipeline.errors import RunnerError
from pipeline.journal import JournalReport, read_journal
from pipeline.runner.dask_engine import run_dask
from pipeline.runner.folder import OUTPUT_ERRNOS, folder_lock, output_errors, probe_writable, unusable_output_message
from pipeline.runner.manifest import ShardResult, skipped_result, journal_path, manifest_path, part_path, read_manifest, runs_table
from pipeline.runner.parts import FLUSH_EVERY
from pipeline.runner.plan import EDGE_BYTES, MIN_SHARDS, Shard, plan_shards, run_fingerprint
from pipeline.runner.pool import run_pool
from pipeline.runner.progress import RunEvents
from pipeline.runner.recovery import MAX_POISONED, ShardTask, later_copies, resume_plan, tidy, worker_died_row
from pipeline.runner.shard import RESET_CACHES_EVERY, duplicate_row, process_shard
from pipeline.runner.summary import RunSummary, summarise
from pipeline.schema import RUN_TABLES, TABLES
from pipeline.sources import MANIFEST_DIR, InputScan, scan_inputs
from pipeline.syndication import SIGNATURES_DIR, assign_clusters

__all__ = [
    "EDGE_BYTES", "ENGINES", "FLUSH_EVERY", "MANIFEST_DIR", "MAX_POISONED", "MIN_SHARDS", "OUTPUT_ERRNOS",
    "RESET_CACHES_EVERY", "JournalReport", "RunSummary", "RunnerError", "Shard", "ShardResult", "duplicate_row",
    "journal_path", "manifest_path", "part_path", "plan_shards", "process_shard", "read_journal", "read_manifest",
    "run", "run_fingerprint", "runs_table", "unusable_output_message", "worker_died_row",
]

log = logging.getLogger("newsfacts")

ENGINES = ("serial", "process", "dask")


@output_errors
def run(
    inputs: Sequence[str | Path] | InputScan,
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
        inputs: files, folders and glob patterns, or what :func:`pipeline.sources.scan_inputs`
            found in them (a caller that scanned them already: they are not scanned again).
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
    probe_writable(out)
    with folder_lock(out):
        if overwrite:
            for table in (*TABLES, MANIFEST_DIR, SIGNATURES_DIR, ENTITIES_DIR, *RUN_TABLES):
                shutil.rmtree(out / table, ignore_errors=True)
        # The run's own folder is never an input.
        scan = inputs if isinstance(inputs, InputScan) else scan_inputs(inputs, exclude=[out])
        shards = plan_shards(scan.paths, settings.shard_size)
        fingerprint = run_fingerprint(settings)
        manifest = read_manifest(out)
        shards, todo = resume_plan(shards, out, manifest, fingerprint)
        redo = {shard.shard_id for shard in todo}
        results = [skipped_result(manifest[s.shard_id]) for s in shards if s.shard_id not in redo]
        removed = tidy(out, {s.shard_id for s in shards}, {s.shard_id for s in todo})
        skipped_documents = sum(r.documents for r in results)
        if results:
            log.info("resuming: %d of %d shards already done (%d documents)", len(results), len(shards), skipped_documents)
        if on_documents is not None and skipped_documents:
            on_documents(skipped_documents)
        jobs = 1 if engine == "serial" else jobs or settings.jobs or available_cpus()
        events = RunEvents(on_shard, on_documents)
        for result in execute(todo, out, settings, fingerprint, jobs, engine, client, scheduler, events):
            results.append(result)
        # The same bytes at two paths in two shards: the later shard is redone with its copy
        # as a `duplicate` errors row, so doc_id stays a key of articles.
        copies = later_copies(out, shards)
        if copies:
            events.redo([r for r in results if r.shard_id in copies])
            results = [r for r in results if r.shard_id not in copies]
            tasks = [ShardTask(s, skip=copies[s.shard_id][0], defers_to=copies[s.shard_id][1]) for s in shards if s.shard_id in copies]
            results.extend(execute(tasks, out, settings, fingerprint, jobs, engine, client, scheduler, events))
        clusters = assign_clusters(out)  # after every shard: copies of one release across the run
        entities = assign_entities(out)  # after every shard: one id per organisation and person across the run
    summary = summarise(
        out, results, time.perf_counter() - started, shards=len(shards), removed=removed,
        deaths=events.deaths, jobs=jobs, engine=engine,
    )
    summary.timings["cluster"] = clusters.seconds
    summary.timings["entities"] = entities.seconds
    return dataclasses.replace(summary, not_documents=scan.skipped, not_document_examples=scan.examples)


def execute(
    shards: Sequence[Shard | ShardTask], out: Path, settings: Settings, fingerprint: str, jobs: int, engine: str,
    client: object | None, scheduler: str | None, events: RunEvents,
) -> Iterator[ShardResult]:
    """Run the shards on the engine, yielding each result as it finishes."""
    tasks = [item if isinstance(item, ShardTask) else ShardTask(item) for item in shards]
    if not tasks:
        return
    if engine == "serial":
        for task in tasks:
            result = process_shard(task.shard, out, settings, fingerprint, skip=task.skip, defers_to=task.defers_to)
            events.finished(result)
            yield result
    elif engine == "process":
        yield from run_pool(tasks, out, settings, fingerprint, jobs, events)
    else:
        yield from run_dask(tasks, out, settings, fingerprint, jobs, client, scheduler, events)
