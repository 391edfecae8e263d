"""Quote-speaker attribution on hand-read DOJ releases (``benchmarks/quotes_doj_gold.jsonl``).

Runs the whole pipeline on each listed page of ``../shared/data/doj`` and compares its
``quotes`` rows with the hand-read items: a row is right when it starts with the item's first
words and names the same speaker (last name, case folded). Prints precision and recall of
quote + speaker per set and overall, and every disagreement with ``--show``.

    .venv/bin/python benchmarks/quotes_sample.py [--set A|B] [--show]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "benchmarks" / "quotes_doj_gold.jsonl"
DOJ = REPO.parent / "shared" / "data" / "doj"
_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _key(text: str, words: int = 4) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))[:words]


def last_name(name: str | None) -> str:
    """The speaker's last name, lower case, without "Jr." and the like."""
    words = [w for w in _WORD.findall((name or "").lower()) if w not in _SUFFIXES]
    return words[-1] if words else ""


def read_gold(path: Path = GOLD) -> list[dict]:
    """The hand-read documents (comment lines start with //)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            rows.append(json.loads(line))
    return rows


def score_document(predicted: list[dict], gold: list[dict]) -> tuple[int, int, int, list[str]]:
    """(right, predicted, gold, notes) for one document."""
    unmatched = list(gold)
    right = 0
    notes = []
    for row in predicted:
        key = _key(row["quote"])
        match = next((g for g in unmatched if _key(g["starts"]) == key), None)
        if match is not None and last_name(match["speaker"]) == last_name(row["speaker"]):
            unmatched.remove(match)
            right += 1
        elif match is not None:
            unmatched.remove(match)
            notes.append(f"  wrong speaker {row['speaker']!r} (gold {match['speaker']!r}): {row['quote'][:70]!r}")
        else:
            notes.append(f"  not a gold quote ({row['speaker']!r}): {row['quote'][:70]!r}")
    notes += [f"  missed ({g['speaker']!r}): {g['starts']!r}" for g in unmatched]
    return right, len(predicted), len(gold), notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["A", "B"], help="only one of the two hand-read sets")
    parser.add_argument("--show", action="store_true", help="print every disagreement")
    args = parser.parse_args(argv)
    if not (DOJ / "documents.jsonl").is_file():
        print(f"{DOJ} is not there: this benchmark needs ../shared", file=sys.stderr)
        return 2

    import pipeline

    published = {}
    with open(DOJ / "documents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            published[Path(row["html_file"]).name] = (row["date"], row["url"])
    totals: dict[str, list[int]] = {}
    for doc in read_gold():
        if args.set and doc["set"] != args.set:
            continue
        date, url = published[doc["source"]]
        html = gzip.decompress((DOJ / "html" / doc["source"]).read_bytes())
        result = pipeline.extract_html(html, url=url, published=date)
        predicted = [{"quote": q.quote, "speaker": q.speaker} for q in result.quotes]
        right, n_pred, n_gold, notes = score_document(predicted, doc["quotes"])
        for name in (doc["set"], "all"):
            total = totals.setdefault(name, [0, 0, 0])
            total[0] += right
            total[1] += n_pred
            total[2] += n_gold
        if args.show and notes:
            print(doc["source"])
            print("\n".join(notes))
    for name, (right, n_pred, n_gold) in sorted(totals.items()):
        precision = right / n_pred if n_pred else 1.0
        recall = right / n_gold if n_gold else 1.0
        print(f"set {name}: {right} right of {n_pred} predicted and {n_gold} hand-read quotes: "
              f"precision {precision:.3f}, recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
