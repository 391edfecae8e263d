"""The runner: shard plan, manifest, resume, tidying after a kill, accounting, time limits.

Runs here use the ``serial`` engine (this process, the session's model already loaded)
on tiny generated inputs; the process pool, killed runs and dying workers are in
``test_faults.py``. Helpers at the top are shared with the other runner test files.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from pathlib import Path

import pytest

from pipeline.journal import JournalReport, read_journal
from pipeline.process import DocumentTimeout, time_limit
from pipeline.records import ErrorRecord
from pipeline.runner import (
    MANIFEST_DIR,
    RunnerError,
    Shard,
    journal_path,
    manifest_path,
    part_path,
    plan_shards,
    process_shard,
    read_manifest,
    run,
    run_fingerprint,
    runs_table,
)
from pipeline.runner.folder import folder_lock
from pipeline.runner.parts import PartWriter
from pipeline.runner.recovery import ShardTask, after_death, culprit
from pipeline.schema import TABLES
from pipeline.tables import read_table

AGENCIES = ["Federal Trade Commission", "Department of Justice", "Securities and Exchange Commission", "Europol"]
PEOPLE = ["Jane Smith", "Robert Brown", "Maria Garcia", "Wei Chen"]


def page_html(i: int) -> str:
    """A small press-release page trafilatura finds an article in."""
    agency = AGENCIES[i % len(AGENCIES)]
    person = PEOPLE[i % len(PEOPLE)]
    body = "".join(
        f"<p>{text}</p>"
        for text in (
            f"WASHINGTON - The {agency} announced today that Acme Holdings {i} agreed to pay "
            f"${i + 2}.5 million to resolve allegations of fraud affecting {100 + i} customers.",
            f"Assistant Attorney General {person} said the company misled investors for three years "
            f"and that the settlement returns money to victims.",
            f"The investigation began in 2019 and involved officers from {AGENCIES[(i + 1) % len(AGENCIES)]}. "
            "The company cooperated with the investigation and improved its compliance programme.",
        )
    )
    return (
        f"<html><head><title>Acme Holdings {i} to pay ${i + 2}.5 million</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Acme Holdings {i} to pay "
        f"${i + 2}.5 million</h1>{body}</article><footer>Contact the press office.</footer></body></html>"
    )


def page_text(i: int) -> str:
    """A small plain-text release (cheap to clean)."""
    person = PEOPLE[(i + 1) % len(PEOPLE)]
    return (
        f"Company {i} sentenced in bribery case\n\n"
        f"Company {i} was ordered to pay $3{i}0,000 after pleading guilty, the Department of Justice said. "
        f"U.S. Attorney {person} said the scheme lasted two years and involved {20 + i} contracts.\n"
    )


def make_inputs(folder: Path, html: int = 4, text: int = 4, jsonl: int = 3) -> int:
    """HTML pages (some gzipped), text files and a JSONL file; returns how many documents they hold."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(html):
        data = page_html(i).encode()
        if i % 2:
            (folder / f"page-{i:03d}.html.gz").write_bytes(gzip.compress(data))
        else:
            (folder / f"page-{i:03d}.html").write_bytes(data)
    for i in range(text):
        (folder / f"release-{i:03d}.txt").write_text(page_text(i))
    if jsonl:
        lines = [json.dumps({"id": f"r{i}", "text": page_text(100 + i), "published": "2024-04-20"}) for i in range(jsonl)]
        lines.insert(1, "{not json")  # one bad line: an errors row, the others still read
        (folder / "batch.jsonl").write_text("\n".join(lines) + "\n")
    return html + text + (jsonl + 1 if jsonl else 0)


def table_rows(out: Path) -> dict[str, list[str]]:
    """Every row of every table, as sorted canonical strings (order-free comparison)."""
    rows = {}
    for table in TABLES:
        data = read_table(out, table).to_pylist()
        rows[table] = sorted(json.dumps(row, sort_keys=True, default=str) for row in data)
    return rows


def document_count(out: Path) -> int:
    """Input documents accounted for: articles rows + errors rows."""
    return read_table(out, "articles").num_rows + read_table(out, "errors").num_rows


# --------------------------------------------------------------------------- plan


def test_plan_puts_archives_alone_and_caps_shard_size(tmp_path: Path):
    names = [f"p{i:03d}.html" for i in range(50)] + ["crawl.warc.gz", "more.jsonl"]
    paths = [tmp_path / n for n in names]
    shards = plan_shards(paths, shard_size=4)
    assert [s.paths for s in shards if any(p.endswith(("warc.gz", "jsonl")) for p in s.paths)] == [
        (str(tmp_path / "crawl.warc.gz"),),
        (str(tmp_path / "more.jsonl"),),
    ]
    assert all(len(s.paths) <= 4 for s in shards)
    assert sorted(p for s in shards for p in s.paths) == sorted(str(p) for p in paths)
    assert len({s.shard_id for s in shards}) == len(shards)
    assert plan_shards(paths, shard_size=4) == shards  # deterministic


def test_small_runs_get_small_shards_so_every_core_has_work(tmp_path: Path):
    paths = [tmp_path / f"p{i}.html" for i in range(40)]
    assert len(plan_shards(paths, shard_size=200)) >= 10


def test_adding_a_file_changes_few_shards():
    # Fixed absolute paths (never read): the boundaries depend on the paths, so the check is repeatable.
    paths = [Path(f"/corpus/p{i:04d}.html") for i in range(2000)]
    before = {s.shard_id for s in plan_shards(paths, shard_size=50)}
    grown = paths[:1000] + [Path("/corpus/p0999b.html")] + paths[1000:]
    after = {s.shard_id for s in plan_shards(grown, shard_size=50)}
    # Content-defined boundaries: one new file disturbs its shard and at most a few after it.
    assert len(after - before) <= 3
    assert len(before) > 30


# --------------------------------------------------------------------------- runs and resume


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, make_inputs(folder)


@pytest.fixture(scope="module")
def baseline(corpus, settings, nlp, tmp_path_factory) -> dict[str, list[str]]:
    """The rows of one uninterrupted serial run over ``corpus``."""
    out = tmp_path_factory.mktemp("baseline")
    run([corpus[0]], out, settings=settings.replace(shard_size=2), engine="serial")
    return table_rows(out)


def test_every_input_document_is_one_articles_or_errors_row(corpus, baseline):
    _, documents = corpus
    assert len(baseline["articles"]) + len(baseline["errors"]) == documents
    errors = [json.loads(r) for r in baseline["errors"]]
    assert [e["error"] for e in errors] == ["bad_json"]
    assert len(baseline["organisations"]) > 0 and len(baseline["amounts"]) > 0


def test_rerun_skips_finished_shards_and_keeps_rows(corpus, baseline, settings, tmp_path: Path):
    folder, documents = corpus
    small = settings.replace(shard_size=2)
    first = run([folder], tmp_path, settings=small, engine="serial")
    assert first.shards_skipped == 0 and first.documents == documents
    seen: list[int] = []
    second = run([folder], tmp_path, settings=small, engine="serial", on_documents=seen.append)
    assert second.shards_skipped == second.shards == first.shards
    assert second.documents == documents and second.skipped_documents == documents
    assert sum(seen) == documents  # the progress bar starts at what was already done
    assert table_rows(tmp_path) == baseline


def test_resume_after_a_kill_redoes_half_written_shards_and_drops_stale_ones(corpus, baseline, settings, tmp_path: Path):
    folder, _ = corpus
    small = settings.replace(shard_size=2)
    run([folder], tmp_path, settings=small, engine="serial")
    manifest = read_manifest(tmp_path)
    victim, other = sorted(manifest)[:2]
    # A kill after the part files but before the manifest entry:
    manifest_path(tmp_path, victim).unlink()
    # … another shard's parts half replaced by a killed redo (the articles part is from elsewhere):
    manifest_path(tmp_path, other).unlink()
    part_path(tmp_path, "articles", other).write_bytes(part_path(tmp_path, "articles", victim).read_bytes())
    # … temp files and a journal left behind, and the parts of a shard no longer in the plan:
    (tmp_path / "articles" / f".part-{victim}.parquet.0123.tmp").write_bytes(b"half a file")
    (tmp_path / MANIFEST_DIR / f".{victim}.json.0123.tmp").write_text("{")
    journal_path(tmp_path, victim).write_text('{"pid": 1}\n')
    for table in TABLES:
        part_path(tmp_path, table, "0000stale000").write_bytes(part_path(tmp_path, table, victim).read_bytes())
    manifest_path(tmp_path, "0000stale000").write_text(json.dumps({"shard_id": "0000stale000"}))

    redone: list[str] = []
    summary = run([folder], tmp_path, settings=small, engine="serial", on_shard=lambda r: redone.append(r.shard_id))
    assert sorted(redone) == sorted([victim, other])
    assert summary.shards_removed == 1
    assert table_rows(tmp_path) == baseline
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.endswith((".tmp", ".journal")) or "stale" in p.name]
    assert leftovers == []


def test_a_changed_configuration_redoes_every_shard_and_overwrite_starts_afresh(corpus, settings, tmp_path: Path):
    folder, documents = corpus
    small = settings.replace(shard_size=2)
    run([folder], tmp_path, settings=small, engine="serial")
    changed = run([folder], tmp_path, settings=small.replace(min_chars=10_000), engine="serial")
    assert changed.shards_skipped == 0
    assert changed.error_kinds.get("no_main_text", 0) >= 4  # every HTML page is now too short
    assert document_count(tmp_path) == documents
    fresh = run([folder], tmp_path, settings=small.replace(min_chars=10_000), engine="serial", overwrite=True)
    assert fresh.shards_skipped == 0 and document_count(tmp_path) == documents


def test_only_this_commands_inputs_stay_in_the_folder(corpus, settings, tmp_path: Path):
    folder, _ = corpus
    small = settings.replace(shard_size=2)
    run([folder], tmp_path, settings=small, engine="serial")
    one = sorted(folder.glob("*.txt"))[0]
    summary = run([one], tmp_path, settings=small, engine="serial")
    assert summary.shards == 1 and summary.shards_removed >= 1
    assert document_count(tmp_path) == 1


def test_process_shard_removes_its_manifest_entry_before_writing(corpus, settings, tmp_path: Path, monkeypatch):
    folder, _ = corpus
    shard = Shard("abc123", tuple(str(p) for p in sorted(folder.glob("*.txt"))[:2]))
    fingerprint = run_fingerprint(settings)
    process_shard(shard, tmp_path, settings, fingerprint)
    assert manifest_path(tmp_path, "abc123").is_file()

    def disk_full(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PartWriter, "commit", disk_full)
    with pytest.raises(OSError):
        process_shard(shard, tmp_path, settings, fingerprint)
    # The redo failed half-way: the shard must not look done any more, and no temp file stays.
    assert not manifest_path(tmp_path, "abc123").exists()
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_manifest_records_documents_errors_seconds_and_versions(corpus, settings, tmp_path: Path):
    folder, documents = corpus
    summary = run([folder], tmp_path, settings=settings.replace(shard_size=2), engine="serial")
    runs = runs_table(tmp_path).to_pylist()
    assert len(runs) == summary.shards
    assert sum(r["documents"] for r in runs) == documents
    assert sum(r["errors"] for r in runs) == summary.errors == 1
    entry = runs[0]
    versions = json.loads(entry["versions"])
    assert {"newsfacts", "schema", "spacy", "model", "trafilatura"} <= set(versions)
    assert entry["seconds"] > 0 and entry["fingerprint"] == run_fingerprint(settings)
    assert set(summary.timings) >= {"read", "clean", "nlp", "extract", "write"}


def test_a_second_run_on_the_same_folder_is_refused(corpus, settings, tmp_path: Path):
    folder, _ = corpus
    with folder_lock(tmp_path):
        with pytest.raises(RunnerError, match="another newsfacts run"):
            run([folder], tmp_path, settings=settings, engine="serial")


def test_unknown_engine_is_an_error(corpus, tmp_path: Path):
    with pytest.raises(RunnerError, match="unknown engine"):
        run([corpus[0]], tmp_path, engine="spark")


# --------------------------------------------------------------------------- time limits


def test_a_document_over_its_time_limit_becomes_a_timeout_row(settings, nlp, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text("Short release\n\nA short note with nothing much in it at all.\n")
    # Plain text cleans in milliseconds; spaCy over ~190,000 characters takes well over a second.
    (folder / "long.txt").write_text("Long release\n\n" + ("The agency paid $5 million to the court. " * 4700))
    summary = run([folder], tmp_path / "out", settings=settings.replace(doc_timeout=0.5), engine="serial")
    errors = read_table(tmp_path / "out", "errors").to_pylist()
    assert [(e["source"].endswith("long.txt"), e["error"], e["stage"]) for e in errors] == [(True, "timeout", "nlp")]
    assert "doc_timeout" in errors[0]["message"]
    assert summary.documents == 2 and read_table(tmp_path / "out", "articles").num_rows == 1


def test_a_tiny_time_limit_stops_cleaning(settings, nlp, tmp_path: Path):
    (tmp_path / "page.html").write_text(page_html(3) * 50)
    run([tmp_path / "page.html"], tmp_path / "out", settings=settings.replace(doc_timeout=0.001), engine="serial")
    (error,) = read_table(tmp_path / "out", "errors").to_pylist()
    assert (error["error"], error["stage"]) == ("timeout", "clean")


def _swallow_the_first_timeout() -> list[float]:
    """Run a busy block under a 0.05 s limit that swallows its first DocumentTimeout; when each fired."""
    import time

    fired: list[float] = []
    started = time.monotonic()
    with pytest.raises(DocumentTimeout):  # fails (does not hang) when no second timeout comes within 5 s
        with time_limit(0.05):
            while time.monotonic() - started < 5:
                try:
                    while time.monotonic() - started < 5:
                        sum(range(1000))
                except DocumentTimeout:
                    fired.append(time.monotonic() - started)
                    if len(fired) > 1:
                        raise
                    # swallowed, as in a gc callback: the block runs on
    return fired


def test_a_swallowed_time_limit_fires_again():
    """A DocumentTimeout the interpreter swallows (raised in a gc callback) does not lift the limit."""
    from pipeline.process import REFIRE_SECONDS

    fired = _swallow_the_first_timeout()
    assert len(fired) == 2 and fired[1] - fired[0] >= REFIRE_SECONDS * 0.9


def test_a_swallowed_time_limit_fires_again_off_the_main_thread():
    import threading

    from pipeline.process import REFIRE_SECONDS

    outcome: list[list[float]] = []
    thread = threading.Thread(target=lambda: outcome.append(_swallow_the_first_timeout()), daemon=True)
    thread.start()
    thread.join(15)
    (fired,) = outcome
    assert len(fired) == 2 and fired[1] - fired[0] >= REFIRE_SECONDS * 0.9


def test_time_limit_interrupts_a_thread_that_is_not_the_main_one():
    outcome: list[str] = []

    def busy() -> None:
        try:
            with time_limit(0.05):
                while True:
                    sum(range(1000))
        except DocumentTimeout:
            outcome.append("timeout")

    worker = threading.Thread(target=busy)
    worker.start()
    worker.join(timeout=30)
    assert outcome == ["timeout"]


def test_time_limit_leaves_no_alarm_behind():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with time_limit(5):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.01)


# --------------------------------------------------------------------------- post-mortems


def _journal(tmp_path: Path, *lines: str) -> JournalReport:
    path = tmp_path / "x.journal"
    path.write_text("\n".join(lines) + "\n")
    report = read_journal(path)
    assert report is not None
    return report


def test_journal_names_the_document_a_worker_died_on(tmp_path: Path):
    report = _journal(
        tmp_path,
        '{"pid": 12, "host": "h"}',
        '{"stage": "read", "path": "a.html"}',
        '{"stage": "clean", "docs": [["d1", "a.html"]]}',
        "Fatal Python error: Segmentation fault",
        "",
        "Current thread 0x00007f (most recent call first):",
    )
    blamed = culprit(report)
    assert blamed is not None
    assert (blamed.doc_id, blamed.source, blamed.stage, blamed.error) == ("d1", "a.html", "clean", "worker_died")
    assert "Segmentation fault" in blamed.message


def test_journal_hard_timeout_makes_a_timeout_row(tmp_path: Path):
    report = _journal(tmp_path, '{"stage": "clean", "docs": [["d1", "a.html"]]}', "Timeout (0:01:30)!")
    assert report.timed_out
    assert culprit(report).error == "timeout"


def test_a_batch_or_the_write_step_has_no_single_culprit(tmp_path: Path):
    assert culprit(_journal(tmp_path, '{"stage": "nlp", "docs": [["d1", "a"], ["d2", "b"]]}')) is None
    assert culprit(_journal(tmp_path, '{"stage": "write"}')) is None
    read = culprit(_journal(tmp_path, '{"stage": "read", "path": "x.warc.gz"}'))
    assert read is not None and (read.source, read.stage, read.doc_id) == ("x.warc.gz", "read", None)
    assert read_journal(tmp_path / "missing.journal") is None


def test_death_policy_retries_then_isolates_then_skips_the_culprit():
    shard = Shard("s1", ("a.html",))
    unexplained = JournalReport(stage="nlp", docs=(("d1", "a.html"),), path=None, fatal=None)
    task = ShardTask(shard)
    after_death(task, unexplained, alone=False, retries=1)
    assert (task.deaths, task.isolate, task.skip, task.careful) == (1, False, (), True)
    after_death(task, unexplained, alone=False, retries=1)
    assert task.isolate and task.skip == ()  # maybe a neighbour's fault: try it alone first
    task.isolate = False
    after_death(task, unexplained, alone=True, retries=1)
    assert [(r.doc_id, r.error) for r in task.skip] == [("d1", "worker_died")] and task.abandon is None

    crash = JournalReport(stage="clean", docs=(("d2", "b.html"),), path=None, fatal="Fatal Python error: Aborted")
    task = ShardTask(shard)
    after_death(task, crash, alone=False, retries=2)
    assert [r.doc_id for r in task.skip] == ["d2"] and task.deaths == 0

    nowhere = JournalReport(stage="write", docs=(), path=None, fatal=None)
    task = ShardTask(shard)
    for _ in range(3):
        after_death(task, nowhere, alone=True, retries=2)
    assert task.abandon is not None


def test_skipped_documents_become_their_error_rows(corpus, settings, tmp_path: Path):
    folder, _ = corpus
    texts = sorted(folder.glob("*.txt"))[:2]
    shard = Shard("skip01", tuple(str(p) for p in texts))
    fingerprint = run_fingerprint(settings)
    first = process_shard(shard, tmp_path, settings, fingerprint)
    assert first.errors == 0
    doc_id = read_table(tmp_path, "articles").to_pylist()[0]["doc_id"]
    source = read_table(tmp_path, "articles").to_pylist()[0]["source"]
    poisoned = ErrorRecord(source=source, stage="nlp", error="worker_died", message="died", doc_id=doc_id)
    second = process_shard(shard, tmp_path, settings, fingerprint, skip=(poisoned,), careful=True)
    assert (second.documents, second.errors, second.error_kinds) == (2, 1, {"worker_died": 1})
    given_up = process_shard(shard, tmp_path, settings, fingerprint, abandon="it kept dying")
    assert (given_up.documents, given_up.errors) == (2, 2)
    assert all("it kept dying" in e["message"] for e in read_table(tmp_path, "errors").to_pylist())


def test_spacy_gets_a_prefix_cut_at_a_paragraph_break():
    from pipeline.config import Settings
    from pipeline.process import spacy_text
    from pipeline.records import CleanDocument

    text = "Title\n\n" + "First paragraph is here.\n" * 30 + "x" * 50
    article = CleanDocument(doc_id="d", source="s", text=text)
    assert spacy_text(article, Settings(max_chars=len(text))) == text
    cut = spacy_text(article, Settings(max_chars=500))
    assert text.startswith(cut) and len(cut) <= 500 and text[len(cut)] == "\n"


# --------------------------------------------------------------------------- the run command


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--engine", "spark"], "--engine must be one of"),
        (["--jobs", "0"], "--jobs must be 1 or more"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
    ],
)
def test_run_command_rejects_bad_options_with_exit_code_2(corpus, tmp_path: Path, options: list[str], message: str):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["run", str(corpus[0]), "--out", str(tmp_path), *options])
    assert result.exit_code == 2
    assert message in result.output


def test_run_command_logs_each_shard_and_prints_a_summary(corpus, settings, nlp, tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    folder, documents = corpus
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path), "--engine", "serial"])
    assert result.exit_code == 0, result.output
    # Not a terminal: a line per finished shard instead of a bar, then the summary.
    assert result.output.count("shard ") >= 3
    assert f"{documents} documents (1 errors)" in result.output
    assert "errors: bad_json 1" in result.output and "time per stage" in result.output
    again = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path), "--engine", "serial"])
    assert again.exit_code == 0 and f"resumed: {documents} documents" in again.output


def test_long_texts_go_through_spacy_in_pieces_joined_into_one_doc(nlp):
    from pipeline.extract.view import DocView
    from pipeline.process import NLP_PIECE_CHARS, run_spacy

    paragraph = "The Federal Trade Commission fined Acme Corp. $2 million for 300 victims in Washington on Monday.\n"
    long_text = paragraph * (2 * NLP_PIECE_CHARS // len(paragraph) + 5)
    short = "Europol and the FBI worked together.\n"
    with nlp.memory_zone():
        long_doc, short_doc = run_spacy(nlp, [long_text, short])
        assert long_doc.text == long_text and short_doc.text == short  # offsets into the article still hold
        orgs = [e for e in long_doc.ents if "Federal Trade Commission" in e.text]
        assert len(orgs) == long_text.count("Federal Trade Commission")  # in every piece, at the right place
        assert long_text[orgs[-1].start_char : orgs[-1].end_char] == orgs[-1].text
        # Every piece is parsed where figures read a parse, at the joined Doc's token indices.
        parse = DocView(long_doc).dependencies
        victims = [t.i for t in long_doc if t.text == "victims"]
        assert len(victims) == long_text.count("victims")
        assert all(parse.dep(i - 1) == "nummod" and parse.head(i - 1) == i for i in victims)
        assert len(list(long_doc.sents)) >= long_text.count("\n")


def test_a_progress_message_arriving_after_its_shards_result_is_not_counted_twice():
    from pipeline.runner import ShardResult
    from pipeline.runner.progress import RunEvents

    seen: list[int] = []
    events = RunEvents(None, seen.append)
    events.documents("s1", 3)
    events.finished(ShardResult(shard_id="s1", fingerprint="f", documents=5, errors=0, rows={}, seconds=1.0))
    events.documents("s1", 2)  # the worker's last message, delivered after the result
    events.documents("s2", 4)
    events.retry("s2")  # a worker died: its shard's documents are counted again when redone
    events.finished(ShardResult(shard_id="s2", fingerprint="f", documents=4, errors=0, rows={}, seconds=1.0))
    assert sum(seen) == 5 + 4


def test_a_record_parquet_cannot_store_becomes_an_errors_row_naming_its_document(tmp_path: Path):
    writer = PartWriter(tmp_path, "s1")
    writer.add(ErrorRecord(source="good.html", stage="read", error="empty_input", message="good.html is empty"))
    writer.add(ErrorRecord(source="odd-\ud800.html", stage="clean", error="no_main_text", message="odd \udc80 page", doc_id="d1"))
    assert writer.commit()["errors"] == 2
    rows = read_table(tmp_path, "errors").to_pylist()
    assert [(r["source"], r["error"]) for r in rows] == [("good.html", "empty_input"), ("odd-\\ud800.html", "unstorable")]
    assert rows[1]["doc_id"] == "d1" and "cannot be stored" in rows[1]["message"]


def test_an_arrow_error_that_is_no_value_error_also_costs_only_its_document(tmp_path: Path, monkeypatch):
    import pyarrow as pa

    import pipeline.tables

    real = pipeline.tables.build_tables

    def build(records):
        if any(getattr(r, "source", "") == "huge.html" and r.error == "no_main_text" for r in records):
            raise pa.ArrowNotImplementedError("nested data too deep")  # a RuntimeError, not a ValueError
        return real(records)

    monkeypatch.setattr(pipeline.tables, "build_tables", build)
    writer = PartWriter(tmp_path, "s1")
    writer.add(ErrorRecord(source="good.html", stage="read", error="empty_input", message="good.html is empty"))
    writer.add(ErrorRecord(source="huge.html", stage="clean", error="no_main_text", message="no text", doc_id="d2"))
    assert writer.commit()["errors"] == 2
    rows = read_table(tmp_path, "errors").to_pylist()
    assert [(r["source"], r["error"]) for r in rows] == [("good.html", "empty_input"), ("huge.html", "unstorable")]


def test_the_summary_counts_the_files_that_are_not_documents(settings, nlp, tmp_path: Path):
    import os

    from typer.testing import CliRunner

    from pipeline.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "release.txt").write_text(page_text(1))
    (folder / "index").write_text(page_html(2))  # a page without a suffix: read
    (folder / "data.json").write_text("{}")
    (folder / "gone.html").symlink_to(tmp_path / "nowhere")
    os.mkfifo(folder / "pipe")
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "--engine", "serial"])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output
    assert "skipped 3 files that are not documents: 1 .json, 1 broken link, 1 FIFO" in result.output
