"""Run the pipeline over the development gold documents and score them.

usage: python benchmarks/gold_eval.py [--out DIR] [--gold FILE ...] [--jobs N]

By default both development gold sets are scored, one after the other:
``../shared/gold/dev.jsonl`` (DOJ releases, pages in ``../shared/data/doj/html``)
and ``../shared/gold/news-dev.jsonl`` (general news, pages in
``../shared/data/aeb/html``). For each, ``pipeline.run`` reads exactly the
pages the gold file names, then ``newsfacts evaluate`` and the reference
scorer ``../shared/gold/score_reference.py`` score the run side by side.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
GOLD_SETS = (SHARED / "gold" / "dev.jsonl", SHARED / "gold" / "news-dev.jsonl")
#: Where the pages a gold file names are looked for, in order.
PAGE_FOLDERS = (SHARED / "data" / "doj" / "html", SHARED / "data" / "aeb" / "html")


def page_path(source: str) -> Path:
    """The stored page a gold row names (DOJ or AEB)."""
    for folder in PAGE_FOLDERS:
        if (folder / source).is_file():
            return folder / source
    raise SystemExit(f"gold source {source!r} is in none of {', '.join(map(str, PAGE_FOLDERS))}")


def score(gold_file: Path, out: Path, jobs: int) -> None:
    import pipeline

    gold = [json.loads(line) for line in gold_file.read_text().splitlines() if line.strip()]
    pages = [page_path(g["source"]) for g in gold]
    summary = pipeline.run([str(p) for p in pages], out, overwrite=True, jobs=jobs)
    print(f"== {gold_file.name}: {summary.documents} documents, {summary.errors} errors, {summary.seconds:.1f}s -> {out}")
    print("newsfacts evaluate:", flush=True)
    subprocess.run([sys.executable, "-m", "pipeline", "evaluate", str(out), str(gold_file)], check=True)
    print("reference scorer:", flush=True)
    subprocess.run([sys.executable, str(SHARED / "gold" / "score_reference.py"), str(out), str(gold_file)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (one subfolder per gold set)")
    parser.add_argument("--gold", type=Path, nargs="+", default=list(GOLD_SETS))
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    base = args.out or Path(tempfile.mkdtemp(prefix="newsfacts-gold-"))
    for gold_file in args.gold:
        score(gold_file, base / gold_file.stem, args.jobs)


if __name__ == "__main__":
    main()
