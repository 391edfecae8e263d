"""Writing a file so that readers never see half of it: a temp file beside it, fsync, rename.

Every file of a run folder is written this way (part files, signature and entity sidecars,
manifest entries), so a run killed at any moment leaves either the old file, the new one,
or a hidden temp file that the next run removes (:func:`is_temp_name`).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_beside(path: Path) -> Path:
    """A fresh hidden temp name in ``path``'s folder (the same file system, so renaming is atomic)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}{TEMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    """Whether a file name is one :func:`temp_beside` gives (what a killed writer leaves)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def move_into_place(tmp: Path, path: Path) -> None:
    """Flush ``tmp`` to the disk, then rename it to ``path`` (replacing what was there)."""
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """The temp path to write ``path``'s new content to; moved into place when the block ends.

    The parent folder is created; on an error the temp file is removed and ``path`` is
    left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    try:
        yield tmp
        move_into_place(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: Path, payload: dict) -> None:
    """Write ``payload`` as indented, key-sorted JSON, atomically."""
    with replacing(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1, sort_keys=True)
