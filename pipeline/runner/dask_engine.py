"""The ``dask`` engine: ``client.submit`` per shard over a ``dask.distributed`` cluster, with retries."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import RunnerError
from pipeline.journal import NO_REPORT, read_journal
from pipeline.runner.manifest import ShardResult, journal_path
from pipeline.runner.progress import RunEvents
from pipeline.runner.recovery import ShardTask, after_death
from pipeline.runner.shard import process_shard


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


def run_dask(
    tasks: list[ShardTask], out: Path, settings: Settings, fingerprint: str, jobs: int,
    client: object | None, scheduler: str | None, events: RunEvents,
) -> Iterator[ShardResult]:
    """``client.submit`` per shard over a Dask cluster; the out folder must be shared storage."""
    from dask.distributed import as_completed

    dask_client, cluster = _dask_client(client, scheduler, jobs)
    owned = client is None
    # Cluster workers do not share this process's working directory.
    out_path = str(out.resolve())

    def submit(task: ShardTask):
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
                report = read_journal(journal_path(out, task.shard.shard_id)) or NO_REPORT
                journal_path(out, task.shard.shard_id).unlink(missing_ok=True)
                events.retry(task.shard.shard_id)
                # Dask already retried it on other workers: it is not a neighbour's fault.
                task.deaths = max(task.deaths, settings.shard_retries)
                after_death(task, report, alone=True, retries=settings.shard_retries)
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
