"""Cleaning quality and speed: plain trafilatura against newsfacts' clean(), on DOJ and AEB pages.

usage: python benchmarks/cleaning.py [--shared ../shared] [--limit N] [--aeb-limit N]
                                     [--corpus doj aeb] [--set KEY=VALUE ...] [--worst K] [--json OUT]

For every page it runs (a) plain ``trafilatura.extract(html, include_comments=False)``, the
way the article-extraction benchmark runs trafilatura, and (b) ``pipeline.clean.clean()``,
scoring ``CleanDocument.body`` (the title is not part of it). Both are compared with the
reference body by bag-of-tokens F1 (multiset overlap of ``\\w+`` tokens, per document,
then averaged):

- DOJ (``data/doj``, 3,000 press releases): against ``body_from_cms_field``, the text of the
  page's CMS body field. Also: ``published`` and ``title`` against the listing's.
- AEB (``data/aeb``, 181 news pages): against ``ground-truth.json`` ``articleBody``. Also:
  ``published`` against the annotated date of the pages that ``gold/news-dev.jsonl`` covers.

Timings are CPU time per page (process time, so other work on a shared machine disturbs
them less than wall-clock time would); ``ours`` includes metadata, cleanup and language
identification. ``--set fast_extraction=false`` compares a settings change.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.config import Settings

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TOKEN = re.compile(r"\w+")


@dataclass
class PageResult:
    """One page's scores and timings."""

    corpus: str
    page: str
    plain_f1: float
    ours_f1: float
    plain_recall: float
    ours_recall: float
    plain_ms: float
    ours_ms: float
    error: str | None = None
    published_ok: bool | None = None
    title_ok: bool | None = None
    published_from: str | None = None
    language: str | None = None
    origin: str | None = None
    lost: list[str] = field(default_factory=list)


def bag(text: str | None) -> Counter[str]:
    """The multiset of word tokens of a text."""
    return Counter(TOKEN.findall(text or ""))


def f1_recall(predicted: str | None, reference: str) -> tuple[float, float]:
    """Bag-of-tokens F1 and recall of ``predicted`` against ``reference``."""
    pred, ref = bag(predicted), bag(reference)
    if not pred and not ref:
        return 1.0, 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0, 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall), recall


def doj_pages(shared: Path, limit: int | None) -> Iterator[tuple[str, Path, str, dict]]:
    rows = (json.loads(line) for line in (shared / "data/doj/documents.jsonl").open())
    for number, row in enumerate(rows):
        if limit is not None and number >= limit:
            return
        yield row["id"], shared / "data/doj" / row["html_file"], row["body_from_cms_field"], row


def aeb_pages(shared: Path, limit: int | None) -> Iterator[tuple[str, Path, str, dict]]:
    truth = json.loads((shared / "data/aeb/ground-truth.json").read_text())
    gold_file = shared / "gold/news-dev.jsonl"
    annotated = {}
    if gold_file.is_file():
        for line in gold_file.open():
            if line.strip():
                doc = json.loads(line)
                annotated[doc["source"].split(".")[0]] = doc.get("published")
    for number, (item, row) in enumerate(sorted(truth.items())):
        if limit is not None and number >= limit:
            return
        yield item, shared / "data/aeb/html" / f"{item}.html.gz", row["articleBody"], {**row, "date": annotated.get(item)}


def score_page(corpus: str, name: str, path: Path, reference: str, row: dict, settings: Settings) -> PageResult:
    import trafilatura

    from pipeline.clean import clean
    from pipeline.errors import DocumentError
    from pipeline.records import ErrorRecord
    from pipeline.sources import read_path

    (raw,) = list(read_path(path))
    if isinstance(raw, ErrorRecord):
        return PageResult(corpus, name, 0, 0, 0, 0, 0, 0, error=f"read:{raw.error}")
    started = time.process_time()
    plain = trafilatura.extract(raw.content, include_comments=False)
    plain_ms = (time.process_time() - started) * 1000
    started = time.process_time()
    error = None
    try:
        article = clean(raw, settings)
        body = article.body
    except DocumentError as exc:
        article, body, error = None, "", f"clean:{exc.error}"
    ours_ms = (time.process_time() - started) * 1000
    plain_f1, plain_recall = f1_recall(plain, reference)
    ours_f1, ours_recall = f1_recall(body, reference)
    # Reference tokens plain trafilatura kept and we lost: the cleanup must never cost body text.
    # (Without the title, which plain trafilatura puts in its text and our body leaves out.)
    title = article.title if article is not None else None
    lost = sorted((((bag(plain) - bag(title)) & bag(reference)) - bag(body)).elements())
    result = PageResult(corpus, name, plain_f1, ours_f1, plain_recall, ours_recall, plain_ms, ours_ms, error=error, lost=lost)
    if article is not None:
        result.published_from, result.language, result.origin = article.published_from, article.language, article.origin
        if row.get("date"):
            result.published_ok = article.published is not None and article.published.isoformat() == row["date"]
        if corpus == "doj" and row.get("title"):
            result.title_ok = " ".join((article.title or "").split()) == " ".join(row["title"].split())
    return result


def summarise(results: list[PageResult], worst: int) -> None:
    print(f"{'corpus':7s} {'pages':>5s} {'plain F1':>9s} {'ours F1':>8s} {'plain R':>8s} {'ours R':>7s} "
          f"{'plain ms':>9s} {'ours ms':>8s} {'ours<plain':>10s} {'errors':>6s}")
    for corpus in ("doj", "aeb"):
        rows = [r for r in results if r.corpus == corpus]
        if not rows:
            continue
        worse = sum(1 for r in rows if r.ours_f1 < r.plain_f1 - 1e-9)
        print(
            f"{corpus:7s} {len(rows):5d} {statistics.mean(r.plain_f1 for r in rows):9.4f} "
            f"{statistics.mean(r.ours_f1 for r in rows):8.4f} {statistics.mean(r.plain_recall for r in rows):8.4f} "
            f"{statistics.mean(r.ours_recall for r in rows):7.4f} {statistics.median(r.plain_ms for r in rows):9.1f} "
            f"{statistics.median(r.ours_ms for r in rows):8.1f} {worse:10d} {sum(1 for r in rows if r.error):6d}"
        )
    print("(F1/R: mean bag-of-tokens F1 / recall against the reference body; ms: median CPU ms per page)")
    for corpus in ("doj", "aeb"):
        rows = [r for r in results if r.corpus == corpus]
        if not rows:
            continue
        sources = Counter(r.published_from or "none" for r in rows)
        languages = Counter(r.language or "none" for r in rows).most_common(6)
        origins = sum(1 for r in rows if r.origin)
        line = f"{corpus}: published_from {dict(sources)}; languages {dict(languages)}; origin found on {origins}"
        dated = [r.published_ok for r in rows if r.published_ok is not None]
        if dated:
            reference = "listing" if corpus == "doj" else "news-dev gold"
            line += f"; published = {reference} date on {sum(dated)}/{len(dated)}"
        titled = [r.title_ok for r in rows if r.title_ok is not None]
        if titled:
            line += f"; title = listing title on {sum(titled)}/{len(titled)}"
        print(line)
        lost = [r for r in rows if r.lost]
        print(f"{corpus}: pages where cleanup dropped reference tokens plain trafilatura kept: {len(lost)}"
              f" ({sum(len(r.lost) for r in lost)} tokens)")
        for r in sorted(rows, key=lambda r: r.ours_f1 - r.plain_f1)[:worst]:
            if r.ours_f1 >= r.plain_f1:
                break
            print(f"  {r.page[:24]:24s} plain {r.plain_f1:.3f} ours {r.ours_f1:.3f} {r.error or ''} lost {r.lost[:12]}")
        for r in [r for r in rows if r.error][:worst]:
            print(f"  error {r.page[:24]:24s} {r.error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)")
    parser.add_argument("--limit", type=int, default=None, help="first N DOJ pages (default all 3,000)")
    parser.add_argument("--aeb-limit", type=int, default=None, help="first N AEB pages (default all 181)")
    parser.add_argument("--corpus", nargs="+", choices=("doj", "aeb"), default=["doj", "aeb"])
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="a settings override, e.g. fast_extraction=false (repeatable)")
    parser.add_argument("--worst", type=int, default=5, help="list the K pages where ours loses most to plain")
    parser.add_argument("--json", type=Path, default=None, help="write every page's result here")
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        parser.error(f"{args.shared} has no data/ folder; pass --shared")

    import logging

    from pipeline.config import load_settings

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    overrides = {}
    for item in args.overrides:
        key, _, value = item.partition("=")
        overrides[key] = {"true": True, "false": False}.get(value.lower(), value)
    settings = load_settings(**overrides)
    results: list[PageResult] = []
    started = time.perf_counter()
    for corpus in args.corpus:
        pages = doj_pages(args.shared, args.limit) if corpus == "doj" else aeb_pages(args.shared, args.aeb_limit)
        for name, path, reference, row in pages:
            results.append(score_page(corpus, name, path, reference, row, settings))
    summarise(results, args.worst)
    print(f"{len(results)} pages in {time.perf_counter() - started:.0f}s")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
