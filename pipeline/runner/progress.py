"""Progress callbacks of a run, counted per shard so a retried shard is not counted twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.runner.manifest import ShardResult


class RunEvents:
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
        """A worker processed ``count`` more documents of a shard."""
        if shard_id in self.finished_shards:
            # A worker's progress messages go through a queue with its own feeder thread and
            # can arrive after the shard's result; finished() has counted the shard already.
            return
        self.reported[shard_id] = self.reported.get(shard_id, 0) + count
        if self.on_documents is not None:
            self.on_documents(count)

    def retry(self, shard_id: str) -> None:
        """A shard's worker died: its documents counted so far are taken back (it is redone)."""
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
        """A shard is done: count what its progress messages have not, and tell ``on_shard``."""
        self.finished_shards.add(result.shard_id)
        seen = self.reported.pop(result.shard_id, 0)
        if self.on_documents is not None and result.documents != seen:
            self.on_documents(result.documents - seen)
        if self.on_shard is not None:
            self.on_shard(result)
