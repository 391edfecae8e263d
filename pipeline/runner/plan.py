"""The plan of a run: shards of the inputs, and the fingerprint of what a run writes.

A shard is named by a hash of its files' resolved paths, so the same inputs always give
the same shards; the fingerprint hashes settings, rules, code, model and schema, so a
manifest entry written under other ones is not taken as done.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Settings
from pipeline.schema import SCHEMA_VERSION
from pipeline.sources import Span, holds_many

#: Small runs are cut into at least this many shards so every core gets work.
MIN_SHARDS = 16


@dataclass(frozen=True, slots=True)
class Shard:
    """A unit of work: some input files, named by a hash of their resolved paths.

    ``span`` is set on the shard that reads what was appended to a JSONL or WARC file
    after an earlier run read it (see :func:`pipeline.runner.recovery.archive_chain`); None reads whole files.
    """

    shard_id: str
    paths: tuple[str, ...]
    span: Span | None = None


def _path_key(path: Path | str) -> bytes:
    """A path's resolved name as bytes (file names need not be UTF-8)."""
    return os.fsencode(Path(path).resolve())


def _shard_id(paths: Sequence[str]) -> str:
    return hashlib.sha1(b"\n".join(_path_key(p) for p in paths)).hexdigest()[:12]


def plan_shards(paths: Sequence[Path | str], shard_size: int) -> list[Shard]:
    """Group input files into shards: a WARC or JSONL alone, other files at most ``shard_size`` together.

    Boundaries are content-defined (a hash of each file's path picks where a shard ends),
    so adding or removing a file changes one shard's membership and not every shard after
    it: a resumed run over a grown folder only redoes the shards that changed. Runs of
    fewer than ``MIN_SHARDS × shard_size`` files get proportionally smaller shards.
    """
    singles = sum(1 for p in paths if not holds_many(Path(p)))
    size = max(1, min(shard_size, math.ceil(singles / MIN_SHARDS)))
    groups: list[list[str]] = []
    current: list[str] = []
    for path in paths:
        if holds_many(Path(path)):
            groups.append([str(path)])
            continue
        current.append(str(path))
        # A shard ends after a file whose path hash is 0 mod `size // 2`, or when it is
        # full. A cut for being full moves the boundaries after it until the next hash cut;
        # marking twice as often makes such a run of shifted shards rare (~e^-2 a shard).
        mark = int(hashlib.sha1(_path_key(path)).hexdigest()[:8], 16)
        if len(current) >= size or mark % max(1, size // 2) == 0:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return [Shard(shard_id=_shard_id(group), paths=tuple(group)) for group in groups]


#: How many bytes at each end of what a shard read of an archive are hashed, to tell a
#: file that only grew from one rewritten in place.
EDGE_BYTES = 4096


def input_stat(path: str | Path) -> tuple[int, int] | None:
    """What a shard's identity records of one input file: size and modification time (ns)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def edges_digest(path: str | Path, start: int, end: int) -> str | None:
    """A hash of the first and last ``EDGE_BYTES`` of ``[start, end)`` of a file."""
    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            head = handle.read(min(EDGE_BYTES, end - start))
            handle.seek(max(start, end - EDGE_BYTES))
            tail = handle.read(min(EDGE_BYTES, end - start))
    except OSError:
        return None
    return hashlib.sha1(head + b"\x00" + tail).hexdigest()[:16]


def grown_segment(path: str, span: Span) -> Shard:
    """The shard reading ``span`` of a grown archive (its id names the path and where it starts)."""
    return Shard(
        shard_id=hashlib.sha1(_path_key(path) + b"@%d" % span.start).hexdigest()[:12], paths=(path,), span=span
    )


def _source_digest() -> str:
    """A hash of the package's code: a changed extractor changes what a run writes."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent  # pipeline/, not pipeline/runner/
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_fingerprint(settings: Settings) -> str:
    """Hash over everything that changes what a run writes: settings, rules, code, model, schema.

    Raises:
        ModelNotInstalled: the configured spaCy model is not installed (checked here so a
            run fails before it starts any worker).
    """
    import spacy
    import trafilatura

    from pipeline import __version__
    from pipeline.nlp import installed_model
    from pipeline.resources import models_dir

    model, model_version = installed_model(settings)
    digest = hashlib.sha256()
    digest.update(settings.fingerprint().encode())
    digest.update(f"{__version__}|{SCHEMA_VERSION}|{spacy.__version__}|{trafilatura.__version__}".encode())
    digest.update(f"{model}|{model_version}|{_source_digest()}".encode())
    for path in sorted(models_dir().rglob("*")):
        if path.is_file() and path.suffix in {".jsonl", ".tsv", ".toml", ".json"}:
            digest.update(str(path.relative_to(models_dir())).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
