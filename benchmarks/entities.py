"""The run-wide entities pass: merge precision and recall on hand-labelled pairs, and its cost.

Three commands:

``sample RUN``
    draws pairs of rows from a run folder (organisations and officials) and prints them as
    JSONL with ``"same": null`` for a person to label by reading. Four strata, each a
    seeded random sample:

    * ``org-merged`` / ``person-merged``: two rows of one entity written differently
      (uniform over the entity's pairs of distinct written names, one row of each);
    * ``org-apart`` / ``person-apart``: two rows of different entities that look alike —
      organisations whose keys share at least half their words, or an acronym that fits the
      other's initials; people with the same family name. These hold the merges the pass
      missed (its recall), and the distinct bodies it kept apart.

``score RUN [PAIRS]``
    looks up both rows of every labelled pair (by document and written name) in a run
    folder and prints, per kind and overall, precision (of pairs the pass merged, the share
    that name one entity) and recall (of labelled same-entity pairs, the share it merged),
    and every error with ``--show``. Recall is over the sample's strata: pairs that look
    alike, not every pair of the run.

``cost INPUTS... --out DIR --jobs 2``
    runs the pipeline from scratch and prints the entities pass's seconds as a share of the
    run's wall time, measured in that same run.

    .venv/bin/python benchmarks/entities.py sample out/ > pairs.jsonl
    .venv/bin/python benchmarks/entities.py score out/ [benchmarks/entities_pairs.jsonl] [--show]
    .venv/bin/python benchmarks/entities.py cost ../shared/data/doj/html --out /tmp/doj --jobs 2
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PAIRS = REPO / "benchmarks" / "entities_pairs.jsonl"
_STOP = frozenset({"of", "the", "for", "and", "in", "on", "at", "us", "u", "s"})


def _rows(out: Path) -> list[dict]:
    from pipeline.tables import read_table

    rows = []
    for table, kind in (("organisations", "organisation"), ("officials", "person")):
        for row in read_table(out, table).select(["doc_id", "name", "entity_id"]).to_pylist():
            rows.append({**row, "kind": kind})
    return rows


def family_name(name: str) -> str:
    from pipeline.extract.people import family_name as family

    return family(name)


def _key_words(name: str, kind: str) -> set[str]:
    from pipeline.entity_keys import org_key
    from pipeline.entity_people import person_key

    key = org_key(name) if kind == "organisation" else person_key(name)
    return {w for w in key.split() if w not in _STOP}


def _alike(a: str, b: str) -> bool:
    from pipeline.entity_keys import bare_acronym
    from pipeline.extract.org_names import acronym_fits

    if bare_acronym(a) and not bare_acronym(b):
        return acronym_fits(a, b)
    if bare_acronym(b) and not bare_acronym(a):
        return acronym_fits(b, a)
    wa, wb = _key_words(a, "organisation"), _key_words(b, "organisation")
    return bool(wa and wb) and len(wa & wb) * 2 >= max(len(wa), len(wb))


def sample(out: Path, seed: int, sizes: dict[str, int]) -> list[dict]:
    """The four strata of pairs (see the module docstring), unlabelled."""
    chooser = random.Random(seed)
    rows = [r for r in _rows(out) if r["entity_id"]]
    by_entity: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_entity[row["entity_id"]][row["name"]].append(row)
    pairs: list[dict] = []
    for kind in ("organisation", "person"):
        merged = [
            (entity, a, b)
            for entity, names in sorted(by_entity.items()) if next(iter(names.values()))[0]["kind"] == kind
            for a in sorted(names) for b in sorted(names) if a < b
        ]
        for entity, a, b in chooser.sample(merged, min(sizes[f"{kind[:3]}-merged"], len(merged))):
            pairs.append(_pair(f"{kind[:3]}-merged", chooser.choice(by_entity[entity][a]), chooser.choice(by_entity[entity][b])))
        # Look-alike rows of different entities, found through a shared word (organisations)
        # or family name (people).
        index: dict[str, list[tuple[str, str]]] = defaultdict(list)
        entities = sorted(e for e, names in by_entity.items() if next(iter(names.values()))[0]["kind"] == kind)
        for entity in entities:
            for name in by_entity[entity]:
                words = _key_words(name, kind)
                if kind == "person":
                    words = {family_name(name)} - {""}
                for word in words:
                    index[word].append((entity, name))
        apart: set[tuple[tuple[str, str], tuple[str, str]]] = set()
        for word in sorted(index):
            members = index[word]
            if len(members) > 200:  # a word most names share ("office") says nothing
                members = chooser.sample(members, 200)
            for i, left in enumerate(members):
                for right in members[i + 1 :]:
                    if left[0] != right[0] and (kind == "person" or _alike(left[1], right[1])):
                        apart.add(tuple(sorted((left, right))))
        for left, right in chooser.sample(sorted(apart), min(sizes[f"{kind[:3]}-apart"], len(apart))):
            pairs.append(_pair(f"{kind[:3]}-apart", chooser.choice(by_entity[left[0]][left[1]]),
                               chooser.choice(by_entity[right[0]][right[1]])))
    return pairs


def _pair(stratum: str, a: dict, b: dict) -> dict:
    return {"stratum": stratum, "kind": a["kind"], "a": {"doc_id": a["doc_id"], "name": a["name"]},
            "b": {"doc_id": b["doc_id"], "name": b["name"]}, "same": None}


def read_pairs(path: Path) -> list[dict]:
    """Labelled pairs (lines starting with // are comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


def score(out: Path, pairs: list[dict], show: bool) -> dict[str, dict[str, float]]:
    """Precision and recall of the pass's merges on labelled pairs, per kind and overall."""
    ids = {(r["kind"], r["doc_id"], r["name"]): r["entity_id"] for r in _rows(out)}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "missing": 0})
    for pair in pairs:
        if pair["same"] is None:
            continue
        a = ids.get((pair["kind"], pair["a"]["doc_id"], pair["a"]["name"]))
        b = ids.get((pair["kind"], pair["b"]["doc_id"], pair["b"]["name"]))
        for group in (pair["kind"], "all", f"set {pair.get('set', '-')} {pair['kind'][:3]}", f"set {pair.get('set', '-')}"):
            if a is None or b is None:
                counts[group]["missing"] += 1
                continue
            merged = a == b
            cell = ("tp" if pair["same"] else "fp") if merged else ("fn" if pair["same"] else "tn")
            counts[group][cell] += 1
        if show and a is not None and b is not None and (a == b) != pair["same"]:
            error = "wrong merge" if a == b else "missed merge"
            print(f"{error}: {pair['a']['name']!r} / {pair['b']['name']!r}  ({pair.get('note', '')})")
    results = {}
    for group, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        results[group] = {**c, "precision": precision, "recall": recall}
    return results


def cost(inputs: list[str], out: Path, jobs: int) -> None:
    """Run from scratch and print the entities pass's share of the run's wall time."""
    import pipeline

    started = time.perf_counter()
    summary = pipeline.run(inputs, out, jobs=jobs, overwrite=True)
    wall = time.perf_counter() - started
    seconds = summary.timings.get("entities", 0.0)
    print(f"{summary.documents} documents in {wall:.1f} s with --jobs {jobs}; entities pass {seconds:.1f} s = "
          f"{100 * seconds / wall:.1f}% of the run; near-duplicate pass {summary.timings.get('cluster', 0.0):.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sampler = commands.add_parser("sample")
    sampler.add_argument("run", type=Path)
    sampler.add_argument("--seed", type=int, default=13)
    for stratum, size in (("org-merged", 60), ("org-apart", 45), ("per-merged", 25), ("per-apart", 20)):
        sampler.add_argument(f"--{stratum}", type=int, default=size)
    scorer = commands.add_parser("score")
    scorer.add_argument("run", type=Path)
    scorer.add_argument("pairs", type=Path, nargs="?", default=PAIRS)
    scorer.add_argument("--show", action="store_true")
    coster = commands.add_parser("cost")
    coster.add_argument("inputs", nargs="+")
    coster.add_argument("--out", type=Path, required=True)
    coster.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.command == "sample":
        sizes = {s: getattr(args, s.replace("-", "_")) for s in ("org-merged", "org-apart", "per-merged", "per-apart")}
        for pair in sample(args.run, args.seed, sizes):
            print(json.dumps(pair, ensure_ascii=False))
    elif args.command == "score":
        for group, result in sorted(score(args.run, read_pairs(args.pairs), args.show).items()):
            print(f"{group:13s} precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
                  f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']}, tn {result['tn']}, not found {result['missing']})")
    else:
        cost(args.inputs, args.out, args.jobs)


if __name__ == "__main__":
    main()
