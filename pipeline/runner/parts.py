"""A shard's part files: every table's rows streamed to temp files, moved in place on commit."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from pipeline.atomic import move_into_place, temp_beside
from pipeline.records import ErrorRecord, Extraction
from pipeline.runner.manifest import part_path
from pipeline.schema import SCHEMAS, TABLES
from pipeline.sources import printable

#: Rows are written to the part files every this many documents, so a shard made of one
#: huge WARC never holds all its records in memory.
FLUSH_EVERY = 500


#: What building a table raises for a value that cannot be stored (a string with a lone surrogate…).
UNSTORABLE = (UnicodeError, ValueError, TypeError, OverflowError, ArithmeticError)


def storable(record: Extraction | ErrorRecord) -> Extraction | ErrorRecord:
    """The record, or an errors row (stage ``write``) naming its document when it cannot be stored."""
    import pyarrow as pa

    from pipeline.tables import build_tables

    try:
        build_tables([record])
        return record
    except (*UNSTORABLE, pa.ArrowException) as exc:
        source = record.source if isinstance(record, ErrorRecord) else record.article.source
        doc_id = record.doc_id if isinstance(record, ErrorRecord) else record.article.doc_id
        return ErrorRecord(
            source=printable(source), stage="write", error="unstorable",
            message=f"a value of this document cannot be stored in Parquet ({type(exc).__name__}: {printable(str(exc))[:200]}); "
            "please report it with this document",
            doc_id=printable(doc_id) if doc_id else None,
        )


class PartWriter:
    """Every table's part file of one shard, streamed to temp files and renamed on commit."""

    def __init__(self, out: Path, shard_id: str) -> None:
        self.out = out
        self.shard_id = shard_id
        self.buffer: list[Extraction | ErrorRecord] = []
        self.writers: dict[str, Any] = {}
        self.temps: dict[str, Path] = {}
        self.rows = {table: 0 for table in TABLES}
        self.error_kinds: dict[str, int] = {}

    def add(self, record: Extraction | ErrorRecord) -> None:
        """Buffer one record's rows (written every ``FLUSH_EVERY`` records)."""
        self.buffer.append(record)
        if isinstance(record, ErrorRecord):
            self.error_kinds[record.error] = self.error_kinds.get(record.error, 0) + 1
        if len(self.buffer) >= FLUSH_EVERY:
            self.flush()

    def _writer(self, table: str):
        import pyarrow.parquet as pq

        if table not in self.writers:
            final = part_path(self.out, table, self.shard_id)
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = temp_beside(final)
            self.temps[table] = tmp
            self.writers[table] = pq.ParquetWriter(tmp, SCHEMAS[table], compression="zstd")
        return self.writers[table]

    def flush(self) -> None:
        """Write the buffered rows to the temp parts; a record that cannot be stored becomes an errors row."""
        import pyarrow as pa

        from pipeline.tables import build_tables

        if not self.buffer:
            return
        try:
            batches = [build_tables(self.buffer)]
        except (*UNSTORABLE, pa.ArrowException):
            # One record holds a value Parquet cannot store: find it rather than lose the shard.
            self.buffer = [storable(record) for record in self.buffer]
            try:
                batches = [build_tables(self.buffer)]
            except (*UNSTORABLE, pa.ArrowException):
                batches = [build_tables([record]) for record in self.buffer]  # each stores alone (checked)
        for tables in batches:
            for table, data in tables.items():
                if data.num_rows:
                    self._writer(table).write_table(data)
                    self.rows[table] += data.num_rows
        self.buffer = []

    def commit(self) -> dict[str, int]:
        """Close every part (an empty one for a table without rows) and move them in place."""
        self.flush()
        for table in TABLES:
            self._writer(table).close()
        for table in TABLES:
            move_into_place(self.temps[table], part_path(self.out, table, self.shard_id))
        self.writers.clear()
        return dict(self.rows)

    def abort(self) -> None:
        """Close and remove the temp parts (the shard failed; its old parts, if any, stay)."""
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        for tmp in self.temps.values():
            tmp.unlink(missing_ok=True)
