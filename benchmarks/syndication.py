"""Near-duplicate clustering on re-published DOJ releases: pairwise precision, recall, added time.

Builds, in a temporary folder, 200 DOJ release pages of ``../shared/data/doj`` as they are
(the originals) and re-published variants of some of them, the way a news site re-runs a
release: another site's page chrome (navigation, "Related Articles", an author bio, a "Read
more at" line), a lead paragraph of its own, one sentence of the body left out. Half of the
originals get one variant, a quarter a second one from another site. Then it runs the whole
pipeline on the folder (``engine="serial"``, so times add up) and scores ``articles.cluster_id``
pairwise against the truth (two documents belong together when they come from one release).

Prints precision, recall, the pairs wrongly joined or missed, and what signing (in the
worker) and clustering (the final pass) add to the run's time.

    .venv/bin/python benchmarks/syndication.py [--n 200] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import html
import itertools
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOJ = REPO.parent / "shared" / "data" / "doj"

SITES = [
    ("Homeland Security Today", "HSToday", "Government Technology & Services Coalition's Homeland Security Today is the "
     "premier news and information resource for the homeland security community."),
    ("Law Enforcement Wire", "LEW", "Law Enforcement Wire republishes official releases for police and prosecutors "
     "every weekday, with commentary from our editors."),
    ("Courthouse Daily", "CHD", "Courthouse Daily covers federal courts, prosecutions and the people behind them."),
]
LEADS = [
    "The following release was issued by the {agency} on {date} and is republished here in full for our readers.",
    "{site} — Federal prosecutors this week announced a development in a case our readers have followed closely.",
    "Editor's note: this announcement from the {agency} is part of our continuing coverage of federal enforcement.",
    "WASHINGTON — The {agency} released the following statement, which {site} is sharing with its audience.",
]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def variant_page(row: dict, site: tuple[str, str, str], others: list[str], rng: random.Random) -> str:
    """A re-published copy of one DOJ release on another site's page."""
    name, short, bio = site
    paragraphs = [p for p in row["body_from_cms_field"].split("\n\n") if p.strip()]
    sentences = [(i, s) for i, p in enumerate(paragraphs) for s in _SENTENCE_END.split(p)]
    if len(sentences) > 3:
        drop_paragraph, drop = sentences[rng.randrange(1, len(sentences))]
        kept = [s for s in _SENTENCE_END.split(paragraphs[drop_paragraph]) if s != drop]
        paragraphs[drop_paragraph] = " ".join(kept)
        paragraphs = [p for p in paragraphs if p.strip()]
    lead = rng.choice(LEADS).format(agency="U.S. Department of Justice", date=row["date"], site=name)
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in [lead, *paragraphs])
    related = "".join(f"<li><a href='/r/{i}'>{html.escape(t)}</a></li>" for i, t in enumerate(others))
    title = html.escape(row["title"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - {name}</title>
<meta property="og:site_name" content="{name}"><meta property="og:title" content="{title}"></head>
<body><header><div class="weather">55 F Washington D.C.</div><nav><a href="/">{short} Home</a> | <a href="/news">News</a> |
<a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>{title}</h1><div class="byline">By {short} Staff</div>
<div class="entry-content">
{body}<p>Read more at U.S. Department of Justice</p>
</div></article>
<aside><h3>Related Articles</h3><ul>{related}</ul></aside>
<div class="author-bio"><h4>{name}</h4><p>{html.escape(bio)}</p></div></main>
<footer><p>© 2024 {name}. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>"""


def build(folder: Path, n: int, seed: int) -> dict[str, int]:
    """Write originals and variants into ``folder``; file name → release group."""
    rng = random.Random(seed)
    rows = [json.loads(line) for line in (DOJ / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if len(r["body_from_cms_field"].split()) >= 60]
    chosen = rng.sample(rows, n)
    groups: dict[str, int] = {}
    titles = [r["title"] for r in rows]
    for group, row in enumerate(chosen):
        name = f"{row['id']}.html"
        (folder / name).write_bytes(gzip.decompress((DOJ / row["html_file"]).read_bytes()))
        groups[name] = group
        copies = 2 if group % 4 == 0 else 1 if group % 2 == 0 else 0
        for copy, site in enumerate(rng.sample(SITES, copies)):
            variant = f"{row['id']}-copy{copy + 1}.html"
            (folder / variant).write_text(variant_page(row, site, rng.sample(titles, 5), rng), encoding="utf-8")
            groups[variant] = group
    return groups


def pairs(labels: dict[str, object]) -> set[tuple[str, str]]:
    """Every unordered pair of names that share a label."""
    by_label: dict[object, list[str]] = {}
    for name, label in labels.items():
        by_label.setdefault(label, []).append(name)
    return {tuple(sorted(p)) for names in by_label.values() for p in itertools.combinations(sorted(names), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="DOJ releases to start from")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build and run in this folder and keep it")
    args = parser.parse_args(argv)
    if not (DOJ / "documents.jsonl").is_file():
        print(f"{DOJ} is not there: this benchmark needs ../shared", file=sys.stderr)
        return 2

    import pipeline

    folder = args.keep or Path(tempfile.mkdtemp(prefix="newsfacts-syndication-"))
    try:
        inputs, out = folder / "in", folder / "out"
        inputs.mkdir(parents=True, exist_ok=True)
        groups = build(inputs, args.n, args.seed)
        started = time.perf_counter()
        summary = pipeline.run([inputs], out, engine="serial", overwrite=True)
        wall = time.perf_counter() - started
        articles = pipeline.load_tables(out, ["articles"])["articles"]
        clusters = {Path(row.source).name: row.cluster_id for row in articles.itertuples()}
        truth = pairs({name: groups[name] for name in clusters})
        predicted = pairs(clusters)
        right = truth & predicted
        precision = len(right) / len(predicted) if predicted else 1.0
        recall = len(right) / len(truth) if truth else 1.0
        print(f"{len(groups)} pages ({args.n} releases, {len(groups) - args.n} re-published copies); "
              f"{len(clusters)} became articles, {summary.errors} errors")
        print(f"pairs: {len(truth)} true, {len(predicted)} predicted, {len(right)} right: "
              f"precision {precision:.3f}, recall {recall:.3f}")
        for a, b in sorted(predicted - truth)[:10]:
            print(f"  wrongly joined: {a} + {b}")
        for a, b in sorted(truth - predicted)[:10]:
            print(f"  missed: {a} + {b}")
        signing = summary.timings.get("signature", 0.0)
        clustering = summary.timings.get("cluster", 0.0)
        rest = wall - signing - clustering
        print(f"time: run {wall:.1f} s; signing {signing:.2f} s in the worker + clustering {clustering:.2f} s at the end "
              f"= {100 * (signing + clustering) / rest:.2f}% added to the run without them")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
