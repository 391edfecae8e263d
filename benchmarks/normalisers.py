"""How fast the normalisers are, alone and as a share of the time spent per document.

usage: python benchmarks/normalisers.py [--docs N] [--rounds R]

1. Cases per second of each normaliser alone, over the peer-suite inputs
   (``../shared/specs``): ``parse_number``, ``find_numbers``, ``find_money``,
   ``parse_price``, and the qualifier lookups.
2. Their share of the per-document time: N DOJ pages (``../shared/data/doj/html``) go
   through ``pipeline.process.process_documents`` (clean, spaCy, extract) while every
   function the extractors import from ``pipeline.normalize`` is timed at the boundary
   (nested normaliser calls are counted once). The contract for this project: under 10%.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import pkgutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def _inputs(pattern: str, key: str = "input") -> list[str]:
    found: list[str] = []
    for path in sorted((SHARED / "specs").glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                value = json.loads(line).get(key)
                if isinstance(value, str):
                    found.append(value)
    return found


def _rate(function: Callable[[str], object], cases: list[str], rounds: int) -> tuple[int, float]:
    started = time.perf_counter()
    for _ in range(rounds):
        for case in cases:
            function(case)
    seconds = time.perf_counter() - started
    return len(cases), len(cases) * rounds / seconds if seconds else float("inf")


def alone(rounds: int) -> None:
    """Print cases/second of each normaliser on the peer-suite inputs."""
    from pipeline.normalize.money import find_money
    from pipeline.normalize.prices import parse_price
    from pipeline.normalize.numbers import find_numbers, parse_number
    from pipeline.normalize.qualifiers import qualifier_after, qualifier_before

    numbers = _inputs("number-parser_number.jsonl")
    sentences = _inputs("recognizers-text_*.jsonl") + _inputs("quantulum3_*.jsonl")
    prices = _inputs("price-parser_money.jsonl")
    rows = [
        ("parse_number", parse_number, numbers),
        ("find_numbers", find_numbers, sentences),
        ("find_money", find_money, sentences),
        ("parse_price", parse_price, prices),
        ("qualifier_before", qualifier_before, sentences),
        ("qualifier_after", qualifier_after, sentences),
    ]
    print(f"{'normaliser':18} {'inputs':>7} {'cases/s':>10}")
    for name, function, cases in rows:
        if not cases:
            print(f"{name:18} {'-':>7} {'(no ../shared/specs)':>10}")
            continue
        n, rate = _rate(function, cases, rounds)
        print(f"{name:18} {n:7d} {rate:10,.0f}")


class BoundaryTimer:
    """Wraps the normalisers the extractors call and adds up the time spent inside them."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._depth = 0
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self, function: Callable) -> Callable:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if self._depth:
                return function(*args, **kwargs)
            self._depth += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1
                self._depth -= 1

        return timed

    def install(self) -> list[str]:
        """Replace, in every ``pipeline.extract`` module (packages' modules too), the functions it imported from ``pipeline.normalize``."""
        import pipeline.extract

        wrapped = []
        for info in pkgutil.walk_packages(pipeline.extract.__path__, "pipeline.extract."):
            module = importlib.import_module(info.name)
            for name, value in list(vars(module).items()):
                if inspect.isfunction(value) and value.__module__.startswith("pipeline.normalize"):
                    self._undo.append((module, name, value))
                    setattr(module, name, self.wrap(value))
                    wrapped.append(f"{info.name.removeprefix('pipeline.extract.')}.{name}")
        return wrapped

    def remove(self) -> None:
        for module, name, value in self._undo:
            setattr(module, name, value)
        self._undo.clear()


def _pages(limit: int) -> Iterable[Path]:
    return sorted((SHARED / "data" / "doj" / "html").glob("*.html.gz"))[:limit]


def share(docs: int) -> None:
    """Print the normalisers' share of per-document processing time."""
    from pipeline.config import load_settings
    from pipeline.nlp import get_nlp
    from pipeline.process import process_documents
    from pipeline.sources import iter_documents

    pages = list(_pages(docs))
    if not pages:
        print("no DOJ pages under ../shared/data/doj/html: skipping the per-document share")
        return
    settings = load_settings()
    nlp = get_nlp(settings)
    list(process_documents(iter_documents(pages[:2]), nlp, settings))  # warm caches and lazy loads
    timer = BoundaryTimer()
    wrapped = timer.install()
    try:
        started = time.perf_counter()
        results = list(process_documents(iter_documents(pages), nlp, settings))
        total = time.perf_counter() - started
    finally:
        timer.remove()
    print(f"\n{len(results)} DOJ pages, {total:.2f}s in total ({1000 * total / len(results):.1f} ms/page)")
    print(f"normalisers: {timer.seconds:.3f}s over {timer.calls} calls = {100 * timer.seconds / total:.2f}% of the time "
          f"(target < 10%)")
    print(f"timed at the extractor boundary: {', '.join(sorted(wrapped))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100, help="DOJ pages for the per-document share")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the inputs for the rates")
    args = parser.parse_args(argv)
    alone(args.rounds)
    share(args.docs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
