"""What a whole run did: the sum of its shards' results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.runner.manifest import ShardResult
from pipeline.schema import TABLES


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
        """How many files in the input folders are not documents."""
        return sum(self.not_documents.values())

    @property
    def error_ratio(self) -> float:
        """The share of documents that became errors rows."""
        return self.errors / self.documents if self.documents else 0.0

    @property
    def documents_per_second(self) -> float:
        """Documents processed (not skipped) per wall-clock second."""
        return self.processed / self.seconds if self.seconds else 0.0

    @property
    def processed(self) -> int:
        """Documents this run processed (not those of shards an earlier run finished)."""
        return self.documents - self.skipped_documents


def summarise(
    out: Path, results: Iterable[ShardResult], seconds: float, *, shards: int, removed: int, deaths: int,
    jobs: int, engine: str,
) -> RunSummary:
    """The run's summary from every shard's result (timings only of the shards this run processed)."""
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
