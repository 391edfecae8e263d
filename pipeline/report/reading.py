"""Reading a run folder's tables for the report: only the columns a section needs, as DataFrames.

pandas is imported only when a table is read (it comes with the ``report`` extra's matplotlib
users; the library itself never needs it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from pipeline.schema import SCHEMAS


def part_files(out: Path, table: str) -> list[Path]:
    """The part files of one table of a run folder, by name (none when the table was never written)."""
    folder = out / table
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def read_table(out: Path, table: str, columns: Sequence[str]) -> Any:
    """Some columns of a table as a DataFrame (dates as datetimes); empty when there are no parts.

    Only the columns a chart needs are read, so a big run's article texts stay on disk. Parts
    line up by name with the table's schema: a part of an older run without a newer column
    (``entity_id``) reads it as null.
    """
    files = part_files(out, table)
    schema = SCHEMAS[table]
    if files:
        data = ds.dataset([str(f) for f in files], schema=schema, format="parquet").to_table(columns=list(columns))
    else:
        data = schema.empty_table().select(list(columns))
    return to_pandas(data)


def to_pandas(data: pa.Table) -> Any:
    """An Arrow table as a DataFrame, date and timestamp columns as pandas datetimes."""
    import pandas as pd

    frame = data.to_pandas()
    for fld in data.schema:
        if pa.types.is_date32(fld.type) or pa.types.is_timestamp(fld.type):
            frame[fld.name] = pd.to_datetime(frame[fld.name])
    return frame


def read_entities(out: Path) -> Any | None:
    """The run's ``entities`` table (one row per organisation or person across the run), if it has one.

    ``None`` when the run has none (the charts then count folded names).
    """
    files = part_files(out, "entities")
    if not files:
        return None
    dataset = ds.dataset([str(f) for f in files], format="parquet")
    names = dataset.schema.names
    if not {"entity_id", "name"} <= set(names):
        return None
    wanted = [c for c in ("entity_id", "kind", "name", "acronym", "titles", "organisations") if c in names]
    return to_pandas(dataset.to_table(columns=wanted))


def with_source(frame: Any, articles: Any) -> Any:
    """Add ``source`` and ``published`` from articles to fact rows (by doc_id)."""
    lookup = articles[["doc_id", "source", "published"]].drop_duplicates("doc_id")
    return frame.merge(lookup, on="doc_id", how="left")


def count_rows(out: Path, table: str) -> int:
    """How many rows a table of the run has, read from the Parquet footers."""
    files = part_files(out, table)
    return ds.dataset([str(f) for f in files], format="parquet").count_rows() if files else 0
