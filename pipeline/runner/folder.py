"""The run folder: one run at a time, writable before any work starts, and its errors said plainly."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

Summary = TypeVar("Summary")

from pipeline.errors import OutputError, RunnerError
from pipeline.sources import LOCK_NAME, is_under


@contextlib.contextmanager
def folder_lock(out: Path) -> Iterator[None]:
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


def probe_writable(out: Path) -> None:
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


def output_errors(function: Callable[..., Summary]) -> Callable[..., Summary]:
    """``OSError`` writing the run folder → :class:`OutputError` with one line saying what to do."""

    @functools.wraps(function)
    def wrapper(inputs: Sequence[str | Path], out: str | Path, *args: Any, **kwargs: Any) -> Summary:
        try:
            return function(inputs, out, *args, **kwargs)
        except OSError as exc:
            elsewhere = exc.filename is not None and not is_under(Path(os.fsdecode(exc.filename)), Path(out))
            if elsewhere or not (exc.errno in OUTPUT_ERRNOS or isinstance(exc, (FileExistsError, NotADirectoryError))):
                raise
            raise OutputError(unusable_output_message(Path(out), exc)) from exc

    return wrapper
