"""Where the packaged data lives: ``models/`` in a checkout, ``pipeline.models`` when installed."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=1)
def models_dir() -> Path:
    """The folder holding patterns, gazetteers and default settings."""
    try:
        packaged = Path(str(resources.files("pipeline.models")))
        if (packaged / "newsfacts.toml").is_file():
            return packaged
    except ModuleNotFoundError:
        pass
    checkout = Path(__file__).resolve().parent.parent / "models"
    if (checkout / "newsfacts.toml").is_file():
        return checkout
    raise FileNotFoundError(
        "newsfacts cannot find its models/ folder; reinstall the package (pip install newsfacts)"
    )


def model_path(*parts: str) -> Path:
    """A path inside the models folder."""
    return models_dir().joinpath(*parts)


def read_jsonl(path: Path) -> Iterator[dict]:
    """Rows of a JSONL file; blank lines and lines starting with '//' are skipped.

    JSONL has no comments, and spaCy's readers (``srsly.read_jsonl``, ``SpanRuler.from_disk``)
    refuse them: the rule patterns keep theirs in ``models/patterns/README.md``. Only
    ``models/cleaning_patterns.jsonl`` still has '//' lines; once it has none, this should
    refuse them too.
    """
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated file with a header; lines starting with '#' are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
