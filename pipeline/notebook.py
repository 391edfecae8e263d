"""Notebook helpers: query a run folder with SQL through DuckDB.

``pipeline.load_tables(out)`` gives pandas frames; ``pipeline.duckdb(out)`` gives a DuckDB
connection with one view per table, for questions that are easier in SQL::

    con = pipeline.duckdb("out/")
    con.sql("SELECT currency, sum(value_float) FROM amounts GROUP BY ALL").df()

DuckDB is an optional extra (``pip install 'newsfacts[duckdb]'``), imported only here.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.schema import ALL_TABLES, SCHEMAS

INSTALL_HINT = "pipeline.duckdb() needs DuckDB, an optional extra: pip install 'newsfacts[duckdb]'"


def _duckdb_module() -> Any:
    try:
        return importlib.import_module("duckdb")
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _plain_schema(schema: pa.Schema) -> pa.Schema:
    """The schema with dictionary columns as plain strings, as DuckDB reads them from Parquet."""
    fields = [
        pa.field(f.name, f.type.value_type, f.nullable) if pa.types.is_dictionary(f.type) else f
        for f in schema
    ]
    return pa.schema(fields)


def duckdb(out: str | Path, *, tables: Sequence[str] = ALL_TABLES, database: str = ":memory:") -> Any:
    """A DuckDB connection with one view per table of a run folder.

    Views read the Parquet part files when queried, so they see shards that finish later
    in a run that is still going. A table with no part files yet is an empty view with
    the table's columns, so queries written for a full run also work on an empty one.

    Args:
        out: A run folder written by ``pipeline.run`` / ``newsfacts run``.
        tables: The tables to expose (default: all).
        database: DuckDB database file; the default keeps everything in memory.

    Returns:
        A ``duckdb.DuckDBPyConnection``.

    Raises:
        ImportError: DuckDB is not installed (the message says how to install it).
        FileNotFoundError: ``out`` is not a folder.
    """
    module = _duckdb_module()
    out = Path(out)
    if not out.is_dir():
        raise FileNotFoundError(f"no run folder at {out}: run `newsfacts run INPUTS --out {out}` first")
    if isinstance(tables, str):
        tables = [tables]
    unknown = [table for table in tables if table not in SCHEMAS]
    if unknown:
        raise KeyError(f"unknown tables {unknown}; the tables are {', '.join(ALL_TABLES)}")
    connection = module.connect(database)
    for table in tables:
        folder = out / table
        if any(folder.glob("part-*.parquet")):
            pattern = str((folder / "part-*.parquet").resolve())
            # union_by_name: part files written by different schema versions still line up
            connection.execute(
                f'CREATE OR REPLACE VIEW "{table}" AS '
                f"SELECT * FROM read_parquet({_sql_string(pattern)}, union_by_name = true)"
            )
        else:
            empty = _plain_schema(SCHEMAS[table]).empty_table()
            connection.register(f"_empty_{table}", empty)
            connection.execute(f'CREATE OR REPLACE VIEW "{table}" AS SELECT * FROM "_empty_{table}"')
    return connection
