"""After a worker died, and before a run resumes: what to redo, what to skip, what to remove.

- :func:`after_death` decides what a shard whose worker died does next (retry, retry
  careful, alone, without the document that killed it, or give it up), from what the
  worker's journal says (:mod:`pipeline.journal`);
- :func:`resume_plan` tells the shards a killed or earlier run finished from those to do
  (an archive that only grew keeps its done shards and gets one for its new bytes);
- :func:`tidy` removes what a killed run left; :func:`later_copies` finds documents two
  shards both hold, so the later copy is redone as a ``duplicate`` row.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.atomic import is_temp_name
from pipeline.journal import JournalReport
from pipeline.records import ErrorRecord
from pipeline.runner.manifest import JOURNAL_SUFFIX, part_path, shard_of_entry
from pipeline.runner.plan import Shard, edges_digest, grown_segment, input_stat
from pipeline.runner.shard import duplicate_row
from pipeline.schema import TABLES
from pipeline.sources import MANIFEST_DIR, ReadEnd, holds_many, source_name
from pipeline.syndication import SIGNATURES_DIR
from pipeline.tables import shard_of_part

log = logging.getLogger("newsfacts")

#: A shard whose worker died on more documents than this is given up as a whole.
MAX_POISONED = 8


@dataclass
class ShardTask:
    """A shard to run and what earlier attempts taught about it."""

    shard: Shard
    skip: tuple[ErrorRecord, ...] = ()
    defers_to: tuple[str, ...] = ()
    deaths: int = 0
    careful: bool = False
    isolate: bool = False
    abandon: str | None = None


def worker_died_row(source: str, doc_id: str | None, stage: str, detail: str) -> ErrorRecord:
    """The ``errors`` row of a document whose worker process died on it, again and again."""
    return ErrorRecord(
        source=source, stage=stage, error="worker_died",
        message=f"the worker process died while in {stage} of this document ({detail}); "
        "the rest of its shard was processed without it",
        doc_id=doc_id,
    )


def culprit(report: JournalReport) -> ErrorRecord | None:
    """The errors row to write instead of what a dead worker was on, if that is one thing."""
    detail = report.fatal or "it was killed, for example for using too much memory"
    if report.stage == "read" and report.path:
        return ErrorRecord(
            source=source_name(report.path), stage="read", error="worker_died",
            message=f"the worker process died while reading this file ({detail}); "
            "its documents could not be read",
        )
    if report.stage in {"clean", "nlp", "extract"} and len(report.docs) == 1:
        doc_id, source = report.docs[0]
        if report.timed_out:
            from pipeline.process import timeout_row

            row = timeout_row(source, doc_id, report.stage, 0)
            return dataclasses.replace(
                row, message=f"processing was stuck in {report.stage} past the hard time limit ({report.fatal}); "
                "raise doc_timeout if pages this slow are expected",
            )
        return worker_died_row(source, doc_id, report.stage, detail)
    return None


def after_death(task: ShardTask, report: JournalReport, alone: bool, retries: int) -> None:
    """Decide what a shard whose worker died does next (mutates ``task``)."""
    task.careful = True
    blamed = culprit(report)
    if report.fatal and blamed is not None:
        # A crash or a hard timeout, on a known document: not worth retrying it.
        task.skip = (*task.skip, blamed)
    else:
        task.deaths += 1
        if task.deaths > retries:
            if not alone:
                task.isolate = True  # the death may have been a neighbour's: try it alone
            elif blamed is not None:
                task.skip = (*task.skip, blamed)
            else:
                task.abandon = (
                    f"its worker died {task.deaths} times outside any one document "
                    f"(last step: {report.stage or 'start'}; {report.fatal or 'killed'})"
                )
    if len(task.skip) > MAX_POISONED or task.deaths > retries + 3:
        task.abandon = f"its worker died {task.deaths + len(task.skip)} times; the shard was given up"
    if task.abandon:
        outcome = "giving the shard up"
    elif blamed is not None and blamed in task.skip:
        outcome = f"retrying without {blamed.source}"
    else:
        outcome = "retrying"
    log.warning(
        "a worker died on shard %s (step %s%s); %s",
        task.shard.shard_id, report.stage or "start", f", {report.fatal}" if report.fatal else "", outcome,
    )


def tidy(out: Path, planned: set[str], todo: set[str]) -> int:
    """Remove what a killed run left: temp files, journals, parts of shards to redo or no longer planned.

    Returns how many shards that are no longer in the plan were removed.
    """
    stale: set[str] = set()
    for folder in [out / table for table in TABLES] + [out / SIGNATURES_DIR, out / MANIFEST_DIR]:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name
            if is_temp_name(name) or name.endswith(JOURNAL_SUFFIX):
                path.unlink(missing_ok=True)
                continue
            shard_id = shard_of_part(name) if folder.name != MANIFEST_DIR else shard_of_entry(name)
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


def part_is_whole(path: Path) -> bool:
    """A cheap check that a part file was written to the end: Parquet's magic bytes at both ends."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
            handle.seek(-4, os.SEEK_END)
            return head == b"PAR1" and handle.read(4) == b"PAR1"
    except OSError:
        return False


def is_done(out: Path, entry: dict | None, fingerprint: str, shard: Shard | None = None) -> bool:
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
        current = [input_stat(p) or (None, None) for p in shard.paths]
        if recorded != current:
            return False
    return all(part_is_whole(part_path(out, table, shard_id)) for table in TABLES)


def archive_chain(base: Shard, out: Path, manifest: dict[str, dict], fingerprint: str) -> list[tuple[Shard, bool]]:
    """The shards that read one JSONL or WARC file, each with whether it is done.

    A file that only grew since a run read it (its bytes up to where that run stopped are
    unchanged, and that run stopped at a line or record boundary) keeps its done shards
    and gets one more for the new bytes; anything else (rewritten, shrunk, damaged at the
    end, touched) is read again whole.
    """
    path = base.paths[0]
    stat = input_stat(path)
    chain: list[tuple[Shard, bool]] = []
    shard = base
    while True:
        entry = manifest.get(shard.shard_id)
        if is_done(out, entry, fingerprint, shard):
            return [*chain, (shard, True)]
        if entry is None or stat is None or not is_done(out, entry, fingerprint):
            break
        start, end, _ = entry.get("span") or (None, None, None)
        read_end = entry.get("read_end") or {}
        grown = (
            end is not None and stat[0] > end and read_end.get("clean")
            and entry.get("edges") == edges_digest(path, start, end)
        )
        if not grown:
            break
        chain.append((shard, True))
        known = {name: read_end[name] for name in ReadEnd.__dataclass_fields__ if name in read_end}
        shard = grown_segment(path, ReadEnd(**known).next_span(end))
        if shard.shard_id not in manifest:
            return [*chain, (shard, False)]
    return [(base, False)]


def resume_plan(
    shards: Sequence[Shard], out: Path, manifest: dict[str, dict], fingerprint: str
) -> tuple[list[Shard], list[Shard]]:
    """(every shard of the run, the ones to do): grown archives get a shard for their new bytes."""
    plan: list[tuple[Shard, bool]] = []
    for shard in shards:
        if len(shard.paths) == 1 and shard.span is None and holds_many(Path(shard.paths[0])):
            plan.extend(archive_chain(shard, out, manifest, fingerprint))
        else:
            plan.append((shard, is_done(out, manifest.get(shard.shard_id), fingerprint, shard)))
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


def later_copies(out: Path, shards: Sequence[Shard]) -> dict[str, tuple[tuple[ErrorRecord, ...], tuple[str, ...]]]:
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
