"""The journal a worker keeps of what it is doing, and the reading of it after the worker died.

One format, written and read here: a first line ``{"pid": …, "host": …}``, then one JSON line
per step (``{"stage": "clean", "docs": [[doc_id, source]]}``, ``{"stage": "read", "path": …}``),
and, when the worker ends badly, what ``faulthandler`` writes into the same file
(``Fatal Python error: Segmentation fault``, ``Timeout (0:01:30)!``). The runner reads it
(:func:`read_journal`) to tell which document killed a worker.
"""

from __future__ import annotations

import faulthandler
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ContextManager

from pipeline.records import CleanDocument, RawDocument

#: A hard limit is this many times the soft one, plus HARD_LIMIT_GRACE seconds.
HARD_LIMIT_FACTOR = 2.0
HARD_LIMIT_GRACE = 10.0
#: The lines faulthandler writes when it ends a process (a crash, a hard time limit).
FATAL_STARTS = ("Fatal Python error", "Timeout (")


# --------------------------------------------------------------------------- writing


class Journal:
    """What a shard is doing right now, one JSON line per step, for post-mortems.

    A worker process writes a line before each step (read a file, clean a document, run
    spaCy over a batch, extract a document). If the worker dies, the last line names what
    killed it. In worker processes the journal also carries the hard time limit
    (``faulthandler`` writes ``Timeout (…)!`` or ``Fatal Python error: …`` into the same
    file before the process ends) and stops an orphaned worker whose parent run was killed.

    The base class is a no-op journal, used when processing in the caller's own process.
    """

    hard_limits = False

    def step(self, stage: str, documents: Sequence[RawDocument | CleanDocument] = (), path: str | None = None) -> None:
        """Note that ``stage`` starts on ``documents`` (or on the file ``path``)."""

    def guard(self, seconds: float) -> ContextManager[None]:
        """A hard limit around one step (a no-op outside worker processes)."""
        return nullcontext()

    def close(self) -> None:
        """Stop journalling."""


class FileJournal(Journal):
    """A journal in a file, with hard limits and an orphan check when ``worker`` is set."""

    def __init__(self, path: os.PathLike[str] | str, *, worker: bool = False, parent_pid: int | None = None) -> None:
        self.path = str(path)
        self.file: IO[str] = open(self.path, "w", buffering=1, encoding="utf-8")
        self.worker = worker
        self.hard_limits = worker
        self.parent_pid = parent_pid
        self.file.write(json.dumps({"pid": os.getpid(), "host": os.uname().nodename}) + "\n")
        if worker:
            faulthandler.enable(file=self.file)

    def step(self, stage: str, documents: Sequence[RawDocument | CleanDocument] = (), path: str | None = None) -> None:
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            # The run that started this worker is gone (killed): stop before writing
            # anything more, the rerun redoes this shard.
            os._exit(70)
        line: dict[str, object] = {"stage": stage}
        if path is not None:
            line["path"] = path
        if documents:
            line["docs"] = [[d.doc_id, d.source] for d in documents]
        self.file.write(json.dumps(line) + "\n")

    @contextmanager
    def guard(self, seconds: float) -> Iterator[None]:
        if not self.hard_limits or not seconds or seconds <= 0:
            yield
            return
        faulthandler.dump_traceback_later(seconds * HARD_LIMIT_FACTOR + HARD_LIMIT_GRACE, exit=True, file=self.file)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()

    def close(self) -> None:
        if self.worker:
            faulthandler.cancel_dump_traceback_later()
            faulthandler.disable()
        self.file.close()


NO_JOURNAL = Journal()


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class JournalReport:
    """What a dead worker's journal says: the step it was on, and how it ended."""

    stage: str | None
    docs: tuple[tuple[str, str], ...]
    path: str | None
    fatal: str | None  # "Fatal Python error: Segmentation fault", "Timeout (0:01:30)!"…

    @property
    def timed_out(self) -> bool:
        """Whether the hard time limit ended the worker."""
        return bool(self.fatal and self.fatal.startswith("Timeout"))


#: The report of a worker that died with no journal the parent could read.
NO_REPORT = JournalReport(None, (), None, None)


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
        elif fatal is None and line.startswith(FATAL_STARTS):
            fatal = line.strip()
    return JournalReport(stage=stage, docs=docs, path=file_path, fatal=fatal)
