"""Faults an archive-scale run must survive: a killed run, dying workers, damaged and pathological inputs.

Inputs are tiny and generated here. The spaCy model load per process is the main cost, so
the baseline rows come from a serial run in this process (model already loaded) and only
the tests about processes start new ones.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.runner import MANIFEST_DIR, plan_shards, read_manifest, run, run_fingerprint
from pipeline.config import load_settings
from pipeline.sources import expand_inputs
from pipeline.tables import read_table
from test_runner import document_count, make_inputs, page_html, page_text, table_rows

REPO = Path(__file__).resolve().parent.parent
STARTED_WITH = run_fingerprint(load_settings())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("faults-corpus")
    return folder, make_inputs(folder, html=4, text=10, jsonl=2)


@pytest.fixture(scope="module")
def baseline(corpus, settings, nlp, tmp_path_factory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("faults-baseline")
    run([corpus[0]], out, settings=settings.replace(shard_size=2), engine="serial")
    return table_rows(out)


def skip_if_code_changed(settings) -> None:
    """Worker processes import the code on disk, this process the code of when it started."""
    if run_fingerprint(settings) != STARTED_WITH:
        pytest.skip("the package's code changed while the tests ran (a shared working tree)")


def _wait_for(condition, timeout: float = 120.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie child of another process still answers kill(0); check its state.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.model
def test_a_run_killed_with_sigkill_resumes_to_exactly_the_rows_of_an_uninterrupted_run(
    corpus, baseline, settings, tmp_path: Path
):
    folder, documents = corpus
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--jobs", "1", "--shard-size", "2", "-q"]
    victim = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: len(read_manifest(out)) >= 2 or victim.poll() is not None, what="two finished shards")
        os.kill(victim.pid, signal.SIGKILL)  # the run process itself, mid-way through a later shard
        victim.wait(timeout=30)
    finally:
        if victim.poll() is None:
            victim.kill()
    done_before = len(read_manifest(out))
    planned = len(plan_shards(expand_inputs([folder]), 2))
    assert 1 <= done_before < planned, "the run must be killed before it finished"
    if {e["fingerprint"] for e in read_manifest(out).values()} != {run_fingerprint(settings)}:
        pytest.skip("the package's code changed while the test ran (a shared working tree): nothing to resume")
    # Rerun at once (its orphaned worker may still be alive: it stops by itself).
    summary = run([folder], out, settings=settings.replace(shard_size=2), engine="serial")
    # The orphaned worker may finish the shard it held after done_before was counted: that
    # shard is done too, and skipped.
    assert done_before <= summary.shards_skipped <= done_before + 1
    assert summary.documents == documents
    skip_if_code_changed(settings)
    assert table_rows(out) == baseline
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".journal"))]


@pytest.mark.model
def test_a_worker_that_dies_is_retried_and_a_document_that_keeps_killing_workers_becomes_an_errors_row(
    settings, tmp_path: Path
):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        # Long enough that spaCy takes a while on each: the killer can catch a worker on one.
        (folder / f"release-{i}.txt").write_text(page_text(i) + " ".join([page_text(i + 10)] * 12))
    out = tmp_path / "out"
    journals = out / MANIFEST_DIR
    kills: list[tuple[int, str | None]] = []
    stop = threading.Event()

    def killer() -> None:
        """Kill the worker on the first shard twice: once anywhere, once while it is on one document."""
        target: str | None = None
        killed: set[int] = set()
        while not stop.is_set() and len(kills) < 2:
            time.sleep(0.002)
            for journal in sorted(journals.glob("*.journal")) if journals.is_dir() else []:
                if target is not None and journal.stem != target:
                    continue
                try:
                    lines = journal.read_text().splitlines()
                    pid = json.loads(lines[0])["pid"]
                    step = json.loads(lines[-1]) if len(lines) > 1 else {}
                except (OSError, IndexError, ValueError):
                    continue
                if pid in killed:
                    continue
                on_one = step.get("stage") == "nlp" and len(step.get("docs", [])) == 1
                if (not kills and step.get("stage") in {"clean", "nlp", "extract"}) or (kills and on_one):
                    target = journal.stem
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        continue
                    killed.add(pid)
                    kills.append((pid, step["docs"][0][0] if on_one else None))

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    try:
        summary = run(
            [folder], out, settings=settings.replace(shard_size=3, shard_retries=1, batch_size=4),
            engine="process", jobs=1,
        )
    finally:
        stop.set()
        thread.join(timeout=10)
    assert len(kills) == 2, "the worker was not caught twice: the test did not exercise anything"
    assert summary.worker_deaths == 2
    assert summary.documents == document_count(out) == 6
    errors = read_table(out, "errors").to_pylist()
    # The first death is retried with no loss; the second, alone on one document, blames it.
    assert [e["error"] for e in errors] == ["worker_died"]
    assert errors[0]["doc_id"] == kills[1][1]
    assert "worker process died" in errors[0]["message"]
    assert read_table(out, "articles").num_rows == 5


def _warc_bytes(pages: list[str], first: int = 0) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i, page in enumerate(pages, first):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/news/{i}", "response", payload=io.BytesIO(page.encode()), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.model
def test_damaged_and_pathological_inputs_in_the_middle_of_a_folder(settings, nlp, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-first.html").write_text(page_html(1))
    (folder / "b-corrupt.html.gz").write_bytes(gzip.compress(page_html(2).encode())[:-40])  # truncated gzip
    whole = _warc_bytes([page_html(10), page_html(11), page_html(12)])
    (folder / "c-crawl.warc.gz").write_bytes(whole[: int(len(whole) * 0.8)])  # cut inside the last record
    paragraph = "<p>The agency said the company paid $1.2 million to settle the case in 2021.</p>\n"
    (folder / "d-huge.html").write_text(
        "<html><head><title>Huge</title></head><body><article>"
        + paragraph * (20_000_000 // len(paragraph))
        + "</article></body></html>"
    )
    (folder / "e-deep.html").write_text(
        "<html><head><title>Deep</title></head><body>" + "<div>" * 100_000
        + "<p>The Federal Trade Commission fined the company $2 million for misleading customers.</p>"
        + "</div>" * 100_000 + "</body></html>"
    )
    (folder / "f-last.txt").write_text(page_text(3))
    summary = run([folder], tmp_path / "out", settings=settings.replace(doc_timeout=4), engine="serial")

    articles = {Path(r["source"].split("#")[0]).name: r for r in read_table(tmp_path / "out", "articles").to_pylist()}
    errors = read_table(tmp_path / "out", "errors").to_pylist()
    by_file: dict[str, list[dict]] = {}
    for error in errors:
        by_file.setdefault(Path(error["source"].split("#")[0]).name, []).append(error)

    assert "a-first.html" in articles and "f-last.txt" in articles  # the neighbours are untouched
    assert [e["error"] for e in by_file["b-corrupt.html.gz"]] == ["corrupt_gzip"]
    warc_articles = [r for r in read_table(tmp_path / "out", "articles").to_pylist() if "c-crawl" in r["source"]]
    assert len(warc_articles) == 2  # the records before the damage
    assert [e["error"] for e in by_file["c-crawl.warc.gz"]] == ["corrupt_warc"]
    assert "damaged" in by_file["c-crawl.warc.gz"][0]["message"] or "truncated" in by_file["c-crawl.warc.gz"][0]["message"]
    # The 20 MB page and the 100,000-deep page: one row each, never a stalled or crashed run.
    for name in ("d-huge.html", "e-deep.html"):
        rows = ([articles[name]] if name in articles else []) + by_file.get(name, [])
        assert len(rows) == 1, name
        if name in by_file:
            assert rows[0]["error"] in {"timeout", "no_main_text", "too_large", "too_deep"} and rows[0]["message"]
    assert [e["error"] for e in by_file["e-deep.html"]] == ["too_deep"]
    assert "nested deeper than the HTML parser reads" in by_file["e-deep.html"][0]["message"]
    assert summary.documents == document_count(tmp_path / "out") == 2 + 1 + 3 + 1 + 1


@pytest.mark.model
def test_a_process_pool_gives_the_rows_of_a_serial_run(corpus, baseline, settings, tmp_path: Path):
    folder, documents = corpus
    seen: list[int] = []
    summary = run(
        [folder], tmp_path, settings=settings.replace(shard_size=4, max_tasks_per_worker=6), engine="process", jobs=2,
        on_documents=seen.append,
    )
    assert summary.documents == documents and sum(seen) == documents
    assert summary.worker_deaths == 0
    # Workers are recycled after max_tasks_per_worker shards: more processes than jobs did the work.
    workers = {entry["worker"] for entry in read_manifest(tmp_path).values()}
    assert summary.shards > 12 and len(workers) >= 3
    skip_if_code_changed(settings)
    assert table_rows(tmp_path) == baseline


def test_hard_limit_kills_a_worker_stuck_in_c_code_and_the_journal_says_so(tmp_path: Path):
    """A regex with catastrophic backtracking holds the interpreter: SIGALRM cannot stop it."""
    journal = tmp_path / "s.journal"
    script = f"""
import re
import pipeline.journal as journals
from pipeline.records import RawDocument
journals.HARD_LIMIT_GRACE = 0.5
journal = journals.FileJournal({str(journal)!r}, worker=True)
journal.step("extract", [RawDocument(doc_id="d9", source="slow.html", content=b"")])
with journal.guard(0.1):
    re.match(r"(a+)+$", "a" * 64 + "b")
print("not stopped")
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "not stopped" not in done.stdout
    from pipeline.journal import read_journal
    from pipeline.runner.recovery import culprit

    report = read_journal(journal)
    assert report is not None and report.timed_out
    blamed = culprit(report)
    assert (blamed.doc_id, blamed.error, blamed.stage) == ("d9", "timeout", "extract")


def test_an_orphaned_worker_stops_at_its_next_step(tmp_path: Path):
    """A worker whose run was killed must not go on writing into the folder the rerun uses."""
    journal = tmp_path / "o.journal"
    script = f"""
import os
import pipeline.journal as journals
journal = journals.FileJournal({str(journal)!r}, worker=True, parent_pid=os.getppid() + 1)
journal.step("read", path="x.html")
print("went on")
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 70 and "went on" not in done.stdout


def test_a_crashing_worker_leaves_the_crash_and_the_document_in_its_journal(tmp_path: Path):
    journal = tmp_path / "c.journal"
    script = f"""
import ctypes
import pipeline.journal as journals
from pipeline.records import RawDocument
journal = journals.FileJournal({str(journal)!r}, worker=True)
journal.step("nlp", [RawDocument(doc_id="d7", source="crash.html", content=b"")])
ctypes.string_at(0)  # a segmentation fault, as a buggy C extension would cause
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    from pipeline.journal import read_journal
    from pipeline.runner.recovery import culprit

    report = read_journal(journal)
    assert report is not None and report.fatal is not None and "Segmentation fault" in report.fatal
    blamed = culprit(report)
    assert (blamed.doc_id, blamed.error, blamed.stage) == ("d7", "worker_died", "nlp")
    assert "Segmentation fault" in blamed.message


# --------------------------------------------------------------------------- issue 14: inputs that stopped a run


def _warc_members(pages: list[str]) -> list[bytes]:
    """One gzip member per record, as crawlers write them."""
    return [_warc_bytes([page], first=i) for i, page in enumerate(pages)]


@pytest.mark.model
def test_names_and_fields_that_are_not_utf8_and_a_damaged_warc_record_end_as_rows(settings, nlp, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    latin1 = folder / os.fsdecode(b"caf\xe9.html")
    latin1.write_text(page_html(1))
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "ok", "text": page_text(2)}) + "\n"
        + '{"id": "bad-\\ud800-id", "url": "https://example.org/\\udc80", "text": "Council pays \\ud800 $3 million\\n\\nThe council paid $3 million for 20 buses."}\n'
    )
    pages = [page_html(10 + i) for i in range(20)]
    members = _warc_members(pages)
    damaged = bytearray(members[10])
    damaged[len(damaged) // 2 : len(damaged) // 2 + 40] = b"\x00" * 40
    members[10] = bytes(damaged)
    (folder / "crawl.warc.gz").write_bytes(b"".join(members))
    out = tmp_path / "out"
    summary = run([folder], out, settings=settings, engine="serial")

    articles = read_table(out, "articles").to_pylist()
    errors = read_table(out, "errors").to_pylist()
    sources = {row["source"] for row in articles}
    assert f"{folder}/caf\\xe9.html" in sources
    assert f"{folder}/feed.jsonl#bad-\\ud800-id" in sources and f"{folder}/feed.jsonl#ok" in sources
    crawl = sorted(row["url"] for row in articles if "crawl.warc.gz" in row["source"])
    assert crawl == sorted(f"https://example.org/news/{i}" for i in range(20) if i != 10)
    assert [(e["error"], "crawl.warc.gz" in e["source"]) for e in errors] == [("corrupt_record", True)]
    assert summary.documents == document_count(out) == 1 + 2 + 20
    # The same run again resumes: the manifest and journal hold such names too.
    again = run([folder], out, settings=settings, engine="serial")
    assert again.shards_skipped == again.shards


def _releases(folder: Path, count: int) -> Path:
    """``folder`` with ``count`` small text releases (cheap to clean) in it."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"release-{i}.txt").write_text(page_text(i))
    return folder


def _articles_keyed(out: Path) -> list[dict]:
    rows = read_table(out, "articles").to_pylist()
    assert len({row["doc_id"] for row in rows}) == len(rows), "doc_id is a key of articles"
    return rows


@pytest.mark.model
def test_the_same_bytes_at_two_paths_are_one_article_and_one_duplicate_row(settings, nlp, tmp_path: Path):
    folder = _releases(tmp_path / "in", 4)
    (folder / "mirror").mkdir()
    (folder / "mirror" / "release-1-copy.txt").write_text(page_text(1))  # another shard than the first copy
    (folder / "page.html").write_text(page_html(5))
    (folder / "page-again.html.gz").write_bytes(gzip.compress(page_html(5).encode()))  # the same bytes once unpacked
    line = json.dumps({"id": "r1", "text": page_text(7)})
    (folder / "feed.jsonl").write_text(f"{line}\n{line}\n")  # a feed repeating a line
    out = tmp_path / "out"
    small = settings.replace(shard_size=1)
    summary = run([folder], out, settings=small, engine="serial")
    articles = _articles_keyed(out)
    errors = read_table(out, "errors").to_pylist()
    assert summary.documents == document_count(out) == 9
    assert sorted(Path(e["source"]).name for e in errors) == ["feed.jsonl#r1", "page.html", "release-1-copy.txt"]  # page-again sorts first
    assert {e["error"] for e in errors} == {"duplicate"}
    by_source = {row["source"]: row["doc_id"] for row in articles}
    copy = next(e for e in errors if "release-1-copy" in e["source"])
    assert copy["doc_id"] == by_source[str(folder / "release-1.txt")] and str(folder / "release-1.txt") in copy["message"]
    # Resuming changes nothing; removing the first copy makes the copy the article, as a fresh run would.
    rows = table_rows(out)
    assert run([folder], out, settings=small, engine="serial").shards_skipped == summary.shards
    assert table_rows(out) == rows
    (folder / "release-1.txt").unlink()
    run([folder], out, settings=small, engine="serial")
    fresh = tmp_path / "fresh"
    run([folder], fresh, settings=small, engine="serial")
    assert table_rows(out) == table_rows(fresh)
    assert str(folder / "mirror" / "release-1-copy.txt") in {row["source"] for row in _articles_keyed(out)}


@pytest.mark.model
def test_a_resumed_run_over_changed_inputs_equals_a_fresh_run(settings, nlp, tmp_path: Path):
    folder = _releases(tmp_path / "in", 4)
    (folder / "feed.jsonl").write_text("".join(json.dumps({"id": f"a{i}", "text": page_text(10 + i)}) + "\n" for i in range(3)))
    (folder / "packed.jsonl.gz").write_bytes(gzip.compress(b"".join(
        (json.dumps({"text": page_text(20 + i)}) + "\n").encode() for i in range(2)
    )))
    (folder / "crawl.warc.gz").write_bytes(b"".join(_warc_members([page_html(30 + i) for i in range(3)])))
    (folder / "rewritten.jsonl").write_text(json.dumps({"text": page_text(40)}) + "\n")
    out = tmp_path / "out"
    small = settings.replace(shard_size=1)
    first = run([folder], out, settings=small, engine="serial")
    assert first.documents == 4 + 3 + 2 + 3 + 1

    (folder / "release-2.txt").write_text(page_text(2).replace("pleading guilty", "admitting fraud"))  # edited in place
    with open(folder / "feed.jsonl", "a") as feed:  # append-only growth
        feed.write("".join(json.dumps({"id": f"b{i}", "text": page_text(50 + i)}) + "\n" for i in range(2)))
    with open(folder / "packed.jsonl.gz", "ab") as packed:  # a gzip member appended
        packed.write(gzip.compress((json.dumps({"text": page_text(60)}) + "\n").encode()))
    with open(folder / "crawl.warc.gz", "ab") as crawl:
        crawl.write(_warc_bytes([page_html(70)], first=3))
    (folder / "rewritten.jsonl").write_text(json.dumps({"text": page_text(41)}) + "\n" + json.dumps({"text": page_text(42)}) + "\n")
    resumed = run([folder], out, settings=small, engine="serial")
    done = {tuple(e["paths"]): e for e in read_manifest(out).values()}
    fresh = tmp_path / "fresh"
    run([folder], fresh, settings=small, engine="serial")
    assert table_rows(out) == table_rows(fresh)
    assert resumed.documents == document_count(out) == 4 + 5 + 3 + 4 + 2
    # Unchanged pages and the old parts of grown files were not read again: only what changed.
    assert resumed.shards_skipped == 3 + 3  # releases 0, 1, 3 and the first reads of the three grown files
    assert resumed.processed == 1 + 2 + 1 + 1 + 2
    assert len(done) < len(read_manifest(out))  # grown files have a second shard each


@pytest.mark.model
def test_a_truncated_part_of_a_done_shard_is_redone(settings, nlp, tmp_path: Path):
    folder = _releases(tmp_path / "in", 4)
    out = tmp_path / "out"
    small = settings.replace(shard_size=2)
    run([folder], out, settings=small, engine="serial")
    rows = table_rows(out)
    part = sorted((out / "articles").glob("part-*.parquet"))[0]
    part.write_bytes(part.read_bytes()[:-100])
    again = run([folder], out, settings=small, engine="serial")
    assert again.shards_skipped == again.shards - 1
    assert table_rows(out) == rows


@pytest.mark.model
def test_the_run_folder_inside_the_inputs_is_never_read(settings, nlp, tmp_path: Path):
    folder = _releases(tmp_path / "in", 3)
    out = folder / "out"
    first = run([folder], out, settings=settings, engine="serial")
    (out / "report.html").write_text(page_html(9))  # what `newsfacts report` leaves there
    (out / "stray.html").write_text(page_html(8))
    other = folder / "old-run"
    run([folder / "release-0.txt"], other, settings=settings, engine="serial")  # another run's folder among the inputs
    again = run([folder], out, settings=settings, engine="serial")
    assert first.documents == again.documents == 3 == document_count(out)
    assert not [r for r in read_table(out, "articles").to_pylist() if "/out/" in r["source"] or "old-run" in r["source"]]
    assert again.shards_skipped == again.shards


def test_an_unusable_out_folder_is_one_line_and_exit_code_2(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(page_html(1))
    (tmp_path / "a-file").write_text("x")
    for out, words in ((tmp_path / "a-file", "is a file"), (tmp_path / "a-file" / "sub", "is a file"), (Path("/proc/newsfacts-test"), "cannot write")):
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", str(page), "--out", str(out), "--jobs", "1"],
            cwd=REPO, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and words in done.stderr and "--out" in done.stderr, done.stderr


@pytest.mark.model
def test_a_disk_that_fills_mid_run_stops_with_one_message_and_the_run_resumes(corpus, baseline, settings, tmp_path: Path, monkeypatch):
    import errno

    from pipeline.errors import OutputError
    from pipeline.runner import part_path
    from pipeline.runner.parts import PartWriter

    folder, documents = corpus
    commit = PartWriter.commit
    written: list[str] = []

    def fills_up(self):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(part_path_of(self)))
        written.append(self.shard_id)
        return commit(self)

    def part_path_of(writer):
        return part_path(writer.out, "articles", writer.shard_id)

    monkeypatch.setattr(PartWriter, "commit", fills_up)
    with pytest.raises(OutputError, match="no space left.*run the same command again"):
        run([folder], tmp_path / "out", settings=settings.replace(shard_size=2), engine="serial")
    monkeypatch.setattr(PartWriter, "commit", commit)
    summary = run([folder], tmp_path / "out", settings=settings.replace(shard_size=2), engine="serial")
    assert summary.shards_skipped == 3 and summary.documents == documents
    assert table_rows(tmp_path / "out") == baseline


def test_a_huge_page_is_cut_to_the_parse_budget_so_the_time_limit_holds(settings):
    from pipeline.journal import NO_JOURNAL
    from pipeline.process import PARSE_BUDGET_BLOCKS, PARSE_BUDGET_BYTES, clean_one, within_parse_budget
    from pipeline.records import RawDocument

    paragraph = "<p>The agency said the company paid $1.2 million to settle the case in 2021.</p>\n"
    script = "<script>var x = '" + "y" * 3_000_000 + "';</script>"
    huge = ("<html><head><title>Huge</title>" + script + "</head><body><article>"
            + paragraph * (30_000_000 // len(paragraph)) + "</article></body></html>").encode()
    raw = RawDocument(doc_id="d1", source="huge.html", content=huge)
    cut = within_parse_budget(raw).content
    assert len(cut) <= PARSE_BUDGET_BYTES and cut.count(b"<p>") <= PARSE_BUDGET_BLOCKS
    assert b"<script" not in cut and cut.startswith(b"<html><head><title>Huge</title>")
    small = RawDocument(doc_id="d2", source="small.html", content=page_html(1).encode())
    assert within_parse_budget(small) is small, "pages within the budget are not touched"
    limit = 20.0
    started = time.perf_counter()
    outcome, _ = clean_one(raw, settings.replace(doc_timeout=limit), {}, NO_JOURNAL)
    assert time.perf_counter() - started < 1.1 * limit
    assert outcome.doc_id == "d1"
