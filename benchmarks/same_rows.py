"""Check that a change keeps every row: run a fixed page set, save its tables, compare to a saved run.

usage:
    python benchmarks/same_rows.py --save  BASE.jsonl [--doj 400] [--aeb 181] [--jobs 2]
    python benchmarks/same_rows.py --check BASE.jsonl [--doj 400] [--aeb 181] [--jobs 2]

A refactoring step is meant to leave the output alone. This runs ``pipeline.run`` over the
first ``--doj`` DOJ pages (sorted by name) and the first ``--aeb`` AEB pages from
``../shared/data``, reads every table back from Parquet, and writes one canonical line per
row (table name + the row's values, sorted). ``--check`` does the same and prints, per
table, the rows only the saved run has and the rows only this run has; it exits 1 when any
table differs. Columns that hold the run rather than the document (none today) would be
listed in ``RUN_COLUMNS`` and left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
RUN_COLUMNS: frozenset[str] = frozenset()


def pages(doj: int, aeb: int) -> list[Path]:
    """The page set: the first ``doj`` DOJ pages and the first ``aeb`` AEB pages, by name."""
    chosen = sorted((SHARED / "data" / "doj" / "html").glob("*.html.gz"))[:doj]
    chosen += sorted((SHARED / "data" / "aeb" / "html").iterdir())[:aeb]
    if not chosen:
        raise SystemExit(f"no pages under {SHARED / 'data'}")
    return chosen


def _plain(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta, decimal.Decimal)):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def table_rows(out: Path) -> list[str]:
    """Every row of every table under ``out``, one canonical JSON line each, sorted."""
    import pyarrow.parquet as pq

    from pipeline.schema import ALL_TABLES

    lines = []
    for table in ALL_TABLES:
        folder = out / table
        if not folder.is_dir():
            continue
        for part in sorted(folder.glob("*.parquet")):
            for row in pq.read_table(part).to_pylist():
                row = {k: _plain(v) for k, v in row.items() if k not in RUN_COLUMNS}
                lines.append(json.dumps({"table": table, **row}, sort_keys=True, ensure_ascii=False))
    return sorted(lines)


def run_rows(doj: int, aeb: int, jobs: int) -> list[str]:
    import pipeline

    out = Path(tempfile.mkdtemp(prefix="newsfacts-same-rows-"))
    summary = pipeline.run([str(p) for p in pages(doj, aeb)], out, overwrite=True, jobs=jobs)
    print(f"{summary.documents} documents, {summary.errors} errors, {summary.seconds:.1f}s -> {out}", file=sys.stderr)
    return table_rows(out)


def compare(saved: list[str], now: list[str], shown: int = 5) -> bool:
    """Print the differences per table; True when there are none."""
    before, after = Counter(saved), Counter(now)
    gone, new = before - after, after - before
    same = not gone and not new
    tables = sorted({json.loads(line)["table"] for line in (*gone, *new)})
    for table in tables:
        lost = [line for line in gone.elements() if json.loads(line)["table"] == table]
        added = [line for line in new.elements() if json.loads(line)["table"] == table]
        print(f"== {table}: {len(lost)} rows only in the saved run, {len(added)} only in this run")
        for line in lost[:shown]:
            print("  -", line[:400])
        for line in added[:shown]:
            print("  +", line[:400])
    print(f"{len(saved)} saved rows, {len(now)} rows now: {'the same' if same else 'DIFFERENT'}")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write this run's rows here")
    action.add_argument("--check", type=Path, help="compare this run's rows with a saved file")
    parser.add_argument("--doj", type=int, default=400, help="how many DOJ pages (default 400)")
    parser.add_argument("--aeb", type=int, default=181, help="how many AEB pages (default all 181)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--shown", type=int, default=5, help="differing rows printed per table")
    args = parser.parse_args()
    rows = run_rows(args.doj, args.aeb, args.jobs)
    if args.save:
        args.save.write_text("".join(line + "\n" for line in rows), encoding="utf-8")
        print(f"{len(rows)} rows -> {args.save}")
        return
    saved = args.check.read_text(encoding="utf-8").splitlines()
    sys.exit(0 if compare(saved, rows, args.shown) else 1)


if __name__ == "__main__":
    main()
