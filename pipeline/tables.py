"""Records → Parquet part files (atomic, deterministic names) and Parquet → DataFrames."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.atomic import replacing
from pipeline.records import ErrorRecord, Extraction
from pipeline.schema import ALL_TABLES, FACT_TABLES, SCHEMAS, TABLES, article_row, record_row, to_table


def rows_by_table(results: Iterable[Extraction | ErrorRecord]) -> dict[str, list[dict]]:
    """Plain rows for every table from a stream of extractions and errors."""
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    for result in results:
        if isinstance(result, ErrorRecord):
            rows["errors"].append(record_row("errors", result))
            continue
        doc_id = result.article.doc_id
        rows["articles"].append(article_row(result.article, result.n_words))
        for table in FACT_TABLES:
            rows[table].extend(record_row(table, record, doc_id) for record in getattr(result, table))
    return rows


def build_tables(results: Iterable[Extraction | ErrorRecord]) -> dict[str, pa.Table]:
    """One pyarrow table per table name, each cast to its declared schema."""
    return {table: to_table(table, rows) for table, rows in rows_by_table(results).items()}


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file so readers never see half of it (see :mod:`pipeline.atomic`)."""
    with replacing(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


PART_PREFIX, PART_SUFFIX = "part-", ".parquet"


def part_name(shard_id: str) -> str:
    """The deterministic part-file name of a shard: rerunning it overwrites, never duplicates."""
    return f"{PART_PREFIX}{shard_id}{PART_SUFFIX}"


def shard_of_part(name: str) -> str | None:
    """The shard id a part-file name holds (the inverse of :func:`part_name`), else None."""
    if name.startswith(PART_PREFIX) and name.endswith(PART_SUFFIX):
        return name[len(PART_PREFIX) : -len(PART_SUFFIX)]
    return None


def read_table(out: str | Path, table: str) -> pa.Table:
    """One table of a run folder as a pyarrow Table (empty with its schema when absent)."""
    folder = Path(out) / table
    files = sorted(folder.glob(f"{PART_PREFIX}*{PART_SUFFIX}")) if folder.is_dir() else []
    if not files:
        return SCHEMAS[table].empty_table()
    return ds.dataset([str(f) for f in files], schema=SCHEMAS[table], format="parquet").to_table()


def load_tables(out: str | Path, tables: Sequence[str] = ALL_TABLES) -> dict:
    """Every table of a run folder as pandas DataFrames with proper dtypes.

    Low-cardinality (dictionary-encoded) strings are ``category``; money is exact
    (``decimal.Decimal`` objects) in ``value``/``value_high`` and ``float64`` in
    ``value_float``/``value_high_float``; dates are ``datetime64``; integer columns that
    may be null (``quotes.official_id``, ``events.amount_id``) are nullable ``Int32``
    rather than floats. A table with no part files is an empty frame with every column.

    Args:
        out: A run folder written by ``pipeline.run`` / ``newsfacts run``.
        tables: The tables to load (default: all).

    Returns:
        ``{table name: DataFrame}`` in the order asked.

    Raises:
        FileNotFoundError: ``out`` is not a folder.
        KeyError: a table name is not one of :data:`pipeline.schema.ALL_TABLES`.
    """
    import pandas as pd

    if not Path(out).is_dir():
        raise FileNotFoundError(f"no run folder at {out}: run `newsfacts run INPUTS --out {out}` first")
    if isinstance(tables, str):
        tables = [tables]
    unknown = [table for table in tables if table not in SCHEMAS]
    if unknown:
        raise KeyError(f"unknown tables {unknown}; the tables are {', '.join(ALL_TABLES)}")
    frames = {}
    for table in tables:
        data = read_table(out, table)
        frame = data.to_pandas()
        for fld in data.schema:
            if pa.types.is_date32(fld.type):
                frame[fld.name] = pd.to_datetime(frame[fld.name])
            elif pa.types.is_integer(fld.type) and fld.nullable:
                kind = "UInt" if pa.types.is_unsigned_integer(fld.type) else "Int"
                nullable_int = pd.api.types.pandas_dtype(f"{kind}{fld.type.bit_width}")
                frame[fld.name] = data.column(fld.name).to_pandas(types_mapper={fld.type: nullable_int}.get)
        frames[table] = frame
    return frames
