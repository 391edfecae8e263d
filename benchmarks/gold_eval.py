"""Run the pipeline over the development gold documents and score them.

usage: python benchmarks/gold_eval.py [--out DIR] [--gold ../shared/gold/dev.jsonl] [--jobs N]

Runs ``pipeline.run`` on exactly the DOJ pages the gold file names (read from
``../shared/data/doj/html``), then scores with ``newsfacts evaluate`` and
with the reference scorer ``../shared/gold/score_reference.py`` side by side.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev.jsonl")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    import pipeline

    gold = [json.loads(line) for line in args.gold.read_text().splitlines() if line.strip()]
    pages = [SHARED / "data" / "doj" / "html" / g["source"] for g in gold]
    out = args.out or Path(tempfile.mkdtemp(prefix="newsfacts-gold-"))
    summary = pipeline.run([str(p) for p in pages], out, overwrite=True, jobs=args.jobs)
    print(f"{summary.documents} documents, {summary.errors} errors, {summary.seconds:.1f}s -> {out}")
    print("newsfacts evaluate:")
    subprocess.run([sys.executable, "-m", "pipeline", "evaluate", str(out), str(args.gold)], check=True)
    print("reference scorer:")
    subprocess.run([sys.executable, str(SHARED / "gold" / "score_reference.py"), str(out), str(args.gold)], check=True)


if __name__ == "__main__":
    main()
