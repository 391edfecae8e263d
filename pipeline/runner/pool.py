"""The ``process`` engine: rounds of a spawn-context process pool, surviving worker deaths.

Each worker loads the spaCy model once (:func:`pipeline.runner.shard.init_worker`) and is
recycled after ``max_tasks_per_worker`` shards. A worker that dies (crash, out of memory,
killed) breaks the pool: the round ends, the shards it held are retried in the next one,
and a document that keeps killing workers becomes a ``worker_died`` (or ``timeout``) row.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.errors import RunnerError
from pipeline.journal import read_journal
from pipeline.runner.manifest import ShardResult, journal_path
from pipeline.runner.progress import RunEvents
from pipeline.runner.recovery import ShardTask, after_death
from pipeline.runner.shard import init_worker, process_shard


def run_pool(
    tasks: list[ShardTask], out: Path, settings: Settings, fingerprint: str, jobs: int, events: RunEvents
) -> Iterator[ShardResult]:
    """Rounds of a process pool: a worker death ends a round; the next one retries what it held."""
    queue = deque(tasks)
    isolated: deque[ShardTask] = deque()
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
            after_death(task, report, alone=len(started) == 1, retries=settings.shard_retries)
            if task.isolate and not task.abandon:
                task.isolate = False
                isolated.append(task)
            else:
                queue.append(task)


def _pool_round(
    tasks: deque[ShardTask], workers: int, out: Path, settings: Settings, fingerprint: str, events: RunEvents
) -> Generator[ShardResult, None, list[ShardTask]]:
    """Run tasks in one pool until they are done or the pool breaks; returns the tasks it held then."""
    context = multiprocessing.get_context("spawn")
    progress = context.Queue()
    options: dict[str, Any] = {}
    if sys.version_info >= (3, 11) and settings.max_tasks_per_worker:
        options["max_tasks_per_child"] = settings.max_tasks_per_worker
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=init_worker,
        initargs=(os.getpid(), progress, settings), **options,
    )
    inflight: dict[Future, ShardTask] = {}
    broken: list[ShardTask] = []
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
            yield from _outcomes([(future, inflight.pop(future)) for future in done], broken, events)
        if broken or (tasks and not inflight):
            # Every other future of a broken pool fails too; keep what did finish.
            yield from _outcomes(list(inflight.items()), broken, events)
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


def _outcomes(
    finished: list[tuple[Future, ShardTask]], broken: list[ShardTask], events: RunEvents
) -> Iterator[ShardResult]:
    """The results of finished futures; the task of each one the broken pool lost goes to ``broken``."""
    for future, task in finished:
        try:
            result = future.result()
        except BrokenProcessPool:
            broken.append(task)
            continue
        events.finished(result)
        yield result


def _drain(progress: Any, events: RunEvents) -> None:
    """Pass the workers' progress messages on to the run's callbacks."""
    import queue as queue_module

    while True:
        try:
            shard_id, count = progress.get_nowait()
        except (queue_module.Empty, OSError, ValueError, EOFError):
            return
        events.documents(shard_id, count)
