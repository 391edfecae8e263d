"""Run the peer libraries' test cases (``../shared/specs/*.jsonl``) through newsfacts.

usage: python benchmarks/peer_suites.py [--specs DIR] [--only SUITE[:KIND]] [--failures N]

Sentence cases go through ``pipeline.extract_text`` and are compared with the rows it
returns (amounts, percentages, durations, dates; figures/amounts/percentages/durations with
a range or bound for number ranges). Whole-input and price-field cases, and number
extraction (newsfacts has no table of bare numbers), call the normalisers directly; the
printout says which. A case is right when every expected value is found (one to one) and,
for extraction, nothing else of that kind is. Cases marked ``skip_recommended`` and kinds
newsfacts does not extract (temperature, dimension, age, relative ordinals, sentence
rewriting) are left out with the reason printed. See ``../shared/specs/PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO.parent / "shared" / "specs"

#: Accuracy of the peer libraries themselves, as measured for the project brief (not by this script).
LIBRARY_FIGURES = {
    ("recognizers-text", "money"): "RT-Python 0.78, price-parser 0.18, quantulum3 0.26",
    ("price-parser", "money"): "price-parser 0.99",
}

OUT_OF_SCOPE = {
    "temperature": "temperatures are not a newsfacts table",
    "dimension": "physical dimensions are not a newsfacts table",
    "age": "ages are excluded by the contract (not durations, not figures)",
    "negative": None,  # quantulum3 negatives: sentences with no quantity; scored as money+number negatives
}

# A ``relative_date`` case's offsets are resolved against this publication date.
RELATIVE_BASE = dt.date(2020, 6, 15)
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400, "month": 30 * 86400,
                 "year": 365 * 86400, "decade": 3650 * 86400}


@dataclasses.dataclass
class Tally:
    """Right and total cases of one (suite, kind, method)."""

    right: int = 0
    total: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)

    def add(self, ok: bool, case: dict, got: object) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.failures.append(f"{(case['input'] or '')[:90]!r} expected={_brief(case.get('expected'))} got={got}")


def _brief(expected: object) -> str:
    if not isinstance(expected, list):
        return str(expected)
    keep = ("text", "value", "unit", "min", "max", "seconds", "rewritten")
    return str([{k: e[k] for k in keep if k in e} for e in expected])[:200]


# --- running the pipeline ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _settings():
    from pipeline.config import load_settings

    return load_settings().replace(min_chars=0)  # peer cases are single short sentences


@lru_cache(maxsize=None)
def extraction(text: str, published: dt.date | None = None):
    """``pipeline.extract_text`` on one case (None when the pipeline rejects the input)."""
    import pipeline
    from pipeline.errors import DocumentError

    try:
        return pipeline.extract_text(text, published=published, settings=_settings())
    except DocumentError:
        return None


def _reference_date(case: dict) -> dt.date | None:
    ref = case.get("reference_datetime") or (case.get("settings") or {}).get("RELATIVE_BASE")
    try:
        return dt.date.fromisoformat(str(ref)[:10]) if ref else None
    except ValueError:
        return None


# --- matching ----------------------------------------------------------------------------------


def _close(a: float | Decimal | None, b: float | Decimal | None, tol: float = 0.005) -> bool:
    if a is None or b is None:
        return False
    a, b = float(a), float(b)
    return a == b if b == 0 else abs(a - b) / abs(b) <= tol


def _one_to_one(expected: list, predicted: list, same: Callable[[object, object], bool], exact_count: bool) -> bool:
    left = list(predicted)
    for item in expected:
        hit = next((i for i, p in enumerate(left) if same(p, item)), None)
        if hit is None:
            return False
        left.pop(hit)
    return not left if exact_count else True


def _money_expectation(item: dict) -> tuple[Decimal, str | None] | None:
    """Expected (value in major units, ISO code or None when the suite only guessed it)."""
    if item.get("value") is None:
        return None  # a currency named without an amount ("the dollar"): not an amount row
    value = Decimal(str(item.get("value_exact") or item["value"]))
    unit = item.get("unit") or ""
    guessed = unit.endswith("?") or item.get("unit_source") == "guess"
    unit = unit.rstrip("?")
    minor = re.fullmatch(r"([A-Z]{3})/(\d+|1e\d+)", unit)
    if minor:  # "USD/100": the amount is in cents
        unit, value = minor.group(1), value / Decimal(minor.group(2).replace("1e", "1E"))
    iso = unit if unit in _iso_codes() and not guessed else None  # "LEI", "CFA": not ISO 4217 codes
    return value, iso


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    from pipeline.normalize.money import currency_table

    table = currency_table()
    return frozenset(r.iso for rows in (*table.exact.values(), *table.folded.values()) for r in rows)


def score_money(case: dict, tally: Tally) -> None:
    expected = [e for e in (case["expected"]) if e.get("kind", "money") == "money"]
    wanted = [m for m in (_money_expectation(e) for e in expected) if m is not None]
    result = extraction(case["input"])
    got = [(a.value, a.currency) for a in (result.amounts if result else ())]
    ok = _one_to_one(wanted, got, lambda p, e: _close(p[0], e[0]) and (e[1] is None or p[1] == e[1]), exact_count=True)
    tally.add(ok, case, [(str(v), c) for v, c in got])


def score_price(case: dict, tally: Tally) -> None:
    from pipeline.normalize.prices import parse_price

    value, currency = parse_price(case["input"], case.get("currency_hint"))
    if not case["expected"] or case["expected"][0].get("value") is None:
        tally.add(value is None, case, (value, currency))  # no price in the field
        return
    wanted = _money_expectation(case["expected"][0])
    ok = wanted is not None and value is not None and Decimal(value) == wanted[0] and (wanted[1] is None or currency == wanted[1])
    tally.add(ok, case, (str(value), currency))


def score_percent(case: dict, tally: Tally) -> None:
    expected = [e for e in case["expected"] if e.get("kind", "percent") == "percent" and e.get("value") is not None]
    result = extraction(case["input"])
    got = [(p.value, p.value_high) for p in (result.percentages if result else ())]

    def same(p: tuple, e: dict) -> bool:  # quantulum3 gives a range's midpoint
        return _close(p[0], e["value"]) or (p[1] is not None and _close((p[0] + p[1]) / 2, e["value"]))

    tally.add(_one_to_one(expected, got, same, exact_count=True), case, got)


def score_numbers(case: dict, tally: Tally, recall_only: bool) -> None:
    from pipeline.normalize.numbers import find_numbers

    expected = [e for e in case["expected"] if e.get("kind", "number") == "number" and e.get("value") is not None]
    got = [v for _, _, v in find_numbers(case["input"])]
    ok = _one_to_one(expected, got, lambda p, e: _close(p, e["value"], 1e-9), exact_count=not recall_only)
    tally.add(ok, case, [str(v) for v in got])


def score_rewritten_numbers(case: dict, tally: Tally) -> None:
    """number-parser's sentence rewrites: the numbers in the rewritten sentence, in order."""
    from pipeline.normalize.numbers import find_numbers

    rewritten = case["expected"][0].get("rewritten") or case["expected"][0].get("value") or ""
    want = [Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", str(rewritten))]
    got = [v for _, _, v in find_numbers(case["input"])]
    tally.add(got == want, case, [str(v) for v in got])


def score_whole_number(case: dict, tally: Tally) -> None:
    from pipeline.normalize.numbers import parse_number

    value = parse_number(case["input"])
    if not case["expected"]:
        tally.add(value is None, case, value)
        return
    want = Decimal(str(case["expected"][0]["value"]))
    tally.add(value is not None and _close(value, want, 1e-9), case, value)


def score_ordinal(case: dict, tally: Tally) -> None:
    from pipeline.normalize.numbers import parse_ordinal

    value = parse_ordinal(case["input"])
    want = case["expected"][0]["value"] if case["expected"] else None
    tally.add(value == want, case, value)


def _bounds(result) -> list[tuple[float | None, float | None]]:
    """(min, max) of every row with a range or a bound: figures, amounts, percentages, durations."""
    found = []
    rows = [*result.figures, *result.amounts, *result.percentages, *result.durations] if result else []
    for row in rows:
        low, high = float(row.value), row.value_high
        if row.qualifier == "range" and high is not None:
            found.append((low, float(high)))
        elif row.qualifier in ("more_than", "at_least"):
            found.append((low, None))
        elif row.qualifier in ("less_than", "up_to", "nearly"):
            found.append((None, low))
    return found


def score_number_range(case: dict, tally: Tally) -> None:
    got = _bounds(extraction(case["input"]))

    def same(p: tuple, e: dict) -> bool:
        return (p[0] is None) == (e.get("min") is None) and (p[1] is None) == (e.get("max") is None) and \
            (p[0] is None or _close(p[0], e["min"])) and (p[1] is None or _close(p[1], e["max"]))

    tally.add(_one_to_one(case["expected"], got, same, exact_count=True), case, got)


def _iso_seconds(iso: str) -> float | None:
    match = re.fullmatch(r"P(?:([\d.]+)Y)?(?:([\d.]+)M)?(?:([\d.]+)W)?(?:([\d.]+)D)?(?:T(?:([\d.]+)H)?(?:([\d.]+)M)?(?:([\d.]+)S)?)?", iso or "")
    if not match or not any(match.groups()):
        return None
    units = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)
    return sum(float(g) * u for g, u in zip(match.groups(), units) if g)


def _overlaps(row, item: dict, text: str) -> bool:
    start, end = item.get("start"), item.get("end")
    if start is None:
        at = text.lower().find(str(item.get("text", "")).lower())
        start, end = at, at + len(str(item.get("text", "")))
    return start is not None and start >= 0 and row.start < end and start < row.end


def score_duration(case: dict, tally: Tally) -> None:
    expected = [e for e in case["expected"] if e.get("kind", "duration") == "duration"]
    result = extraction(case["input"], _reference_date(case))
    rows = list(result.durations) if result else []
    offset = len(result.article.text) - len(case["input"]) if result else 0  # a title line is never added here
    if case["task"] == "extract":
        ok = _one_to_one(expected, rows, lambda r, e: _overlaps(r, e, case["input"]) if not offset else True, exact_count=True)
    else:
        def same(r, e: dict) -> bool:
            seconds = e.get("seconds")
            if seconds is None and e.get("unit") in _UNIT_SECONDS:
                seconds = float(e["value"]) * _UNIT_SECONDS[e["unit"]]
            if seconds is None and isinstance(e.get("value"), str):
                seconds = _iso_seconds(e["value"])
            return _close(_iso_seconds(r.iso), seconds, 0.01)

        ok = _one_to_one(expected, rows, same, exact_count=True)
    tally.add(ok, case, [r.iso for r in rows])


def _date_candidates(item: dict, reference: dt.date | None) -> list[str]:
    value = item.get("value")
    found = [str(v)[:10] for v in (value, item.get("future_resolution"), item.get("past_resolution"), *(item.get("resolutions") or []))
             if isinstance(v, str) and re.match(r"\d{4}", v)]
    return found


def score_date(case: dict, tally: Tally) -> None:
    reference = _reference_date(case)
    result = extraction(case["input"], reference)
    rows = list(result.dates) if result else []
    expected = case["expected"]
    if case["task"] == "extract":
        ok = _one_to_one(expected, rows, lambda r, e: _overlaps(r, e, case["input"]), exact_count=True)
    else:
        # Our dates keep the text's own granularity ("April 2018" is 2018-04): a row is right when
        # an expected resolution starts with it at the granularity the text gives.
        def same(r, e: dict) -> bool:
            return any(c.startswith(r.iso) for c in _date_candidates(e, reference))

        ok = _one_to_one([e for e in expected if _date_candidates(e, reference)], rows, same,
                         exact_count=case["task"] != "whole-input")
        if case["task"] == "whole-input" and expected and not rows:
            ok = False
    tally.add(ok, case, [r.iso for r in rows])


def score_relative_date(case: dict, tally: Tally) -> None:
    from dateutil.relativedelta import relativedelta

    item = case["expected"][0]
    offset = item["value"]["offset"]
    delta = relativedelta(**{k: int(v) if float(v).is_integer() else float(v) for k, v in offset.items()
                             if k in ("years", "months", "weeks", "days")})
    sign = -1 if item["value"]["direction"] == "past" else 1
    want = RELATIVE_BASE + sign * delta if delta else RELATIVE_BASE
    result = extraction(case["input"], RELATIVE_BASE)
    rows = list(result.dates) if result else []
    tally.add(any(want.isoformat().startswith(r.iso) for r in rows), case, [r.iso for r in rows])


# --- the suite plan ----------------------------------------------------------------------------


def plan(case: dict) -> tuple[str, Callable[[dict, Tally], None]] | str:
    """How a case is scored (method, scorer), or why it is left out."""
    suite, kind, task = case["suite"], case["kind"], case["task"]
    if case.get("skip_recommended"):
        return "skip_recommended (expectation unverified upstream)"
    if kind in ("temperature", "dimension", "age"):
        return OUT_OF_SCOPE[kind]
    english = case.get("language") in ("en", None) and (case.get("language") == "en" or case.get("english_likely", True))
    if suite == "dateparser" and not english:
        return "not English (newsfacts reads English text)"
    if kind == "money":
        return ("normaliser parse_price", score_price) if task == "price-field" else ("pipeline amounts", score_money)
    if kind == "percent":
        return "pipeline percentages", score_percent
    if kind == "number":
        if task == "whole-input-fraction":
            return "a fractions-only reader (non-fractions give nothing) is not a newsfacts feature"
        if task == "rewrite-sentence" or task.startswith("test_parse"):
            return "normaliser find_numbers", score_rewritten_numbers
        if task == "whole-input" and not (case["expected"] and isinstance(case["expected"][0].get("value"), str)):
            return "normaliser parse_number", score_whole_number
        if task == "whole-input":  # number-parser's parse(): the value is the rewritten sentence
            return "normaliser find_numbers", score_rewritten_numbers
        return "normaliser find_numbers", lambda c, t: score_numbers(c, t, recall_only=suite == "quantulum3")
    if kind == "negative":
        return "pipeline amounts", score_money
    if kind == "ordinal":
        if task == "whole-input":
            return "normaliser parse_ordinal", score_ordinal
        return "ordinals in text are excluded by the contract (not figures)"
    if kind == "number_range":
        return "pipeline ranges+bounds", score_number_range
    if kind == "duration":
        return "pipeline durations", score_duration
    if kind == "date":
        return "pipeline dates", score_date
    if kind == "relative_date":
        return "pipeline dates", score_relative_date
    return f"no scorer for kind {kind!r}"


def load_cases(folder: Path, only: str | None) -> Iterable[dict]:
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                key = f"{case['suite']}:{case['kind']}"
                if only and not (key == only or case["suite"] == only or key.startswith(only + ":")):
                    continue
                yield case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=Path, default=SPECS)
    parser.add_argument("--only", default=None, help="a suite or suite:kind, e.g. recognizers-text:money")
    parser.add_argument("--failures", type=int, default=0, help="print this many failed cases per row")
    args = parser.parse_args(argv)
    if not args.specs.is_dir():
        print(f"no peer suites at {args.specs}", file=sys.stderr)
        return 2
    tallies: dict[tuple[str, str, str], Tally] = collections.defaultdict(Tally)
    left_out: collections.Counter[tuple[str, str, str]] = collections.Counter()
    started = time.perf_counter()
    for case in load_cases(args.specs, args.only):
        how = plan(case)
        if isinstance(how, str):
            left_out[(case["suite"], case["kind"], how)] += 1
            continue
        method, scorer = how
        flags = case.get("flags") or {}
        xfail = " (xfail upstream)" if case.get("xfail_in_upstream") or flags.get("xfail_in_upstream") else ""
        scorer(case, tallies[(case["suite"], case["kind"] + xfail, method)])
    print(f"{'suite':18} {'kind':26} {'method':28} {'cases':>6} {'right':>6} {'acc':>6}  peer libraries")
    for (suite, kind, method), tally in sorted(tallies.items()):
        peers = LIBRARY_FIGURES.get((suite, kind), "")
        print(f"{suite:18} {kind:26} {method:28} {tally.total:6d} {tally.right:6d} {tally.right / tally.total:6.3f}  {peers}")
        for failure in tally.failures[: args.failures]:
            print(f"      x {failure}")
    print("\nleft out:")
    for (suite, kind, reason), n in sorted(left_out.items()):
        print(f"  {suite:18} {kind:14} {n:5d}  {reason}")
    print(f"\n{time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
