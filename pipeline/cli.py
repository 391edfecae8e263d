"""The ``newsfacts`` command: thin commands that validate arguments and call the library.

Exit codes: 0 ok, 1 more documents failed than ``max_error_ratio`` allows, 2 usage error.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from pipeline.config import ConfigError, load_settings
from pipeline.errors import DocumentError, InputError, ModelNotInstalled, NewsfactsError, OutputError

if TYPE_CHECKING:
    from pipeline.runner import RunSummary, ShardResult

app = typer.Typer(
    name="newsfacts",
    help="Turn news articles and press releases into typed Parquet tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: typer's rich panels print a type such as <bool> after flags that take no value.
    rich_markup_mode=None,
)

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"newsfacts: {message}", err=True)
    return typer.Exit(code)


@app.command("run")
def run_command(
    inputs: list[str] = typer.Argument(
        ..., metavar="INPUT", help="Files, folders or glob patterns (HTML, .gz, WARC, JSONL, .txt).",
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Run folder: one sub-folder of Parquet parts per table."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: all usable CPUs)."),
    engine: str = typer.Option("process", "--engine", help="process (a local pool) | dask | serial (this process)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (engine dask; default: a LocalCluster)."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Start afresh instead of resuming."),
    config: Optional[Path] = typer.Option(None, "--config", help="A TOML settings file overriding the defaults."),
    shard_size: Optional[int] = typer.Option(None, "--shard-size", help="Input files per shard, at most."),
    doc_timeout: Optional[float] = typer.Option(None, "--doc-timeout", help="Seconds one document may take (0: no limit)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Process inputs into Parquet tables; rerun the same command to resume a killed run."""
    from pipeline.runner import ENGINES, RunnerError, run
    from pipeline.sources import holds_many, scan_inputs

    if engine not in ENGINES:
        raise _fail(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if jobs is not None and jobs < 1:
        raise _fail(f"--jobs must be 1 or more, not {jobs}")
    if scheduler and engine != "dask":
        raise _fail("--scheduler needs --engine dask")
    try:
        settings = load_settings(config, shard_size=shard_size, doc_timeout=doc_timeout)
        scan = scan_inputs(inputs, exclude=[out])  # once: the run reads this scan
    except (ConfigError, InputError) as exc:
        raise _fail(str(exc)) from exc
    # One document per file unless some input is an archive (WARC, JSONL): then no total.
    archives = any(holds_many(p) for p in scan.paths)
    progress = _RunProgress(None if archives else len(scan.paths), quiet)
    try:
        summary = run(
            scan, out, settings=settings, jobs=jobs, overwrite=overwrite, engine=engine,
            scheduler=scheduler, on_shard=progress.shard_done, on_documents=progress.documents,
        )
    except (ModelNotInstalled, RunnerError, InputError, OutputError) as exc:
        raise _fail(str(exc)) from exc
    except KeyboardInterrupt:
        progress.close()
        typer.echo("\nnewsfacts: interrupted; run the same command again to resume where it stopped", err=True)
        raise typer.Exit(130) from None
    finally:
        progress.close()
    if not quiet:
        print_summary(summary)
    if summary.error_ratio > settings.max_error_ratio:
        raise _fail(
            f"{summary.errors} of {summary.documents} documents failed (over max_error_ratio "
            f"{settings.max_error_ratio}); see {out}/errors", EXIT_ERRORS,
        )


class _RunProgress:
    """A tqdm bar over documents on a terminal; a log line per finished shard otherwise."""

    def __init__(self, total: int | None, quiet: bool) -> None:
        from tqdm import tqdm

        self.quiet = quiet
        # disable=None: a bar only when stderr is a terminal.
        self.bar = tqdm(total=total, unit="doc", disable=True if quiet else None, file=sys.stderr, smoothing=0.05)
        self.shards = 0

    def documents(self, count: int) -> None:
        self.bar.update(count)

    def shard_done(self, result: ShardResult) -> None:
        self.shards += 1
        if self.bar.disable and not self.quiet:
            errors = ", ".join(f"{kind} {n}" for kind, n in result.error_kinds.items())
            typer.echo(
                f"shard {result.shard_id}: {result.documents} documents, {result.errors} errors"
                f"{f' ({errors})' if errors else ''}, {result.seconds:.1f}s",
                err=True,
            )

    def close(self) -> None:
        self.bar.close()


def print_summary(summary: RunSummary) -> None:
    """The run's summary as ``newsfacts run`` prints it: counts, resumes, skips, errors, time per stage, rows."""
    processed = summary.processed
    rate = f", {summary.documents_per_second:.1f} documents/s" if processed else ""
    typer.echo(
        f"{summary.documents} documents ({summary.errors} errors) in {summary.seconds:.1f}s{rate}; "
        f"{summary.shards} shards ({summary.shards_skipped} already done), {summary.jobs} "
        f"{'worker' if summary.jobs == 1 else 'workers'} ({summary.engine})"
    )
    if summary.skipped_documents:
        typer.echo(f"  resumed: {summary.skipped_documents} documents were done by an earlier run")
    if summary.shards_removed:
        typer.echo(f"  removed the rows of {summary.shards_removed} shard(s) whose inputs are no longer given")
    if summary.not_document_files:
        kinds = ", ".join(f"{count} {kind}" for kind, count in summary.not_documents.items())
        typer.echo(
            f"  skipped {summary.not_document_files} files that are not documents: {kinds} "
            f"(e.g. {', '.join(summary.not_document_examples[:3])})"
        )
    if summary.worker_deaths:
        typer.echo(f"  {summary.worker_deaths} worker process(es) died; their shards were retried")
    if summary.error_kinds:
        kinds = ", ".join(f"{kind} {count}" for kind, count in summary.error_kinds.items())
        typer.echo(f"  errors: {kinds}")
    total = sum(summary.timings.values())
    if total:
        split = ", ".join(f"{stage} {value / total:.0%}" for stage, value in sorted(summary.timings.items(), key=lambda kv: -kv[1]))
        typer.echo(f"  time per stage (all workers): {split}")
    for table, count in summary.rows.items():
        typer.echo(f"  {table:14s} {count:8d} rows")
    typer.echo(f"tables written to {summary.out}")


@app.command("inspect")
def inspect_command(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="One input file (HTML, .gz, .txt); the first document of JSONL/WARC.",
    ),
    config: Optional[Path] = typer.Option(None, "--config", help="A TOML settings file."),
    text: bool = typer.Option(False, "--text/--no-text", help="Include the cleaned text in the output."),
) -> None:
    """Print one document's extraction as JSON: the article and every table's rows.

    \f
    Standard output is only JSON; log warnings (trafilatura's included) go to standard
    error. A document that fails prints ``{"error": {doc_id, source, stage, error,
    message}}``, the columns of an ``errors`` row, and exits 1.
    """
    from pipeline.api import extract_document_bytes
    from pipeline.records import ErrorRecord
    from pipeline.sources import read_path

    if file.is_dir():
        raise _fail(f"{file} is a folder; inspect reads one file (newsfacts inspect {file / 'page.html'}), "
                    f"`newsfacts run {file} --out out/` reads a folder")
    if not file.is_file():
        raise _fail(f"no such file: {file}")
    try:
        settings = load_settings(config)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    item = next(iter(read_path(file, max_bytes=settings.max_bytes)), None)
    if item is None:
        raise _fail(f"{file} holds no document", EXIT_ERRORS)
    if not isinstance(item, ErrorRecord):
        try:
            result = extract_document_bytes(item, settings).to_dict()
        except DocumentError as exc:
            item = ErrorRecord(doc_id=item.doc_id, source=item.source, stage=exc.stage, error=exc.error,
                               message=exc.message)
        except NewsfactsError as exc:  # the model is missing, a setting is wrong: not the document's fault
            raise _fail(str(exc)) from exc
    if isinstance(item, ErrorRecord):
        typer.echo(json.dumps({"error": _error_fields(item)}, indent=2, ensure_ascii=False, default=str))
        raise typer.Exit(EXIT_ERRORS)
    if not text:
        result["article"].pop("text", None)
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))


def _error_fields(record) -> dict:
    """An error as the ``errors`` table's columns, in the table's order."""
    from dataclasses import asdict

    from pipeline.schema import SCHEMAS

    fields = asdict(record)
    return {name: fields.get(name) for name in SCHEMAS["errors"].names}


#: The README's data dictionary is generated between these markers; nobody edits it by hand.
SCHEMA_START, SCHEMA_END = "<!-- schema:start -->", "<!-- schema:end -->"


def with_schema_block(text: str, dictionary: str) -> str:
    """``text`` with everything between the schema markers replaced by ``dictionary``.

    Raises:
        ValueError: the markers are missing, repeated or out of order.
    """
    start, end = text.find(SCHEMA_START), text.find(SCHEMA_END)
    if start < 0 or end < start or text.count(SCHEMA_START) != 1 or text.count(SCHEMA_END) != 1:
        raise ValueError(f"expected one {SCHEMA_START} line followed by one {SCHEMA_END} line")
    return text[: start + len(SCHEMA_START)] + "\n" + dictionary + text[end:]


@app.command("schema")
def schema_command(
    markdown: bool = typer.Option(False, "--markdown", help="Print the data dictionary as Markdown."),
    update_readme: Optional[Path] = typer.Option(
        None, "--update-readme", help=f"Rewrite the dictionary between {SCHEMA_START} and {SCHEMA_END} in this file.",
    ),
) -> None:
    """Print the tables and their columns."""
    from pipeline.schema import ALL_TABLES, SCHEMA_VERSION, describe, markdown_dictionary

    if update_readme is not None:
        if not update_readme.is_file():
            raise _fail(f"no such file: {update_readme}")
        text = update_readme.read_text(encoding="utf-8")
        try:
            updated = with_schema_block(text, markdown_dictionary())
        except ValueError as exc:
            raise _fail(f"{update_readme}: {exc}") from exc
        if updated != text:
            update_readme.write_text(updated, encoding="utf-8")
        typer.echo(f"{update_readme}: data dictionary {'updated' if updated != text else 'already up to date'}")
        return
    if markdown:
        typer.echo(markdown_dictionary(), nl=False)
        return
    typer.echo(f"newsfacts schema version {SCHEMA_VERSION}")
    for table in ALL_TABLES:
        typer.echo(f"\n{table}")
        for name, type_name, desc in describe(table):
            typer.echo(f"  {name:22s} {type_name:22s} {desc}")


@app.command("evaluate")
def evaluate_command(
    out: Path = typer.Argument(..., metavar="OUT", help="A run folder written by `newsfacts run`."),
    gold: Path = typer.Argument(..., metavar="GOLD", help="Gold annotations: one JSON object per document (JSONL)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
    tables: Optional[str] = typer.Option(None, "--tables", help="Comma-separated tables to score (default: all six)."),
) -> None:
    """Score a run against gold annotations: precision, recall, F1 and attribute accuracies per table."""
    from pipeline.evaluate import SCORED_TABLES, GoldFileError, format_score, read_gold, score

    if not out.is_dir():
        raise _fail(f"no such run folder: {out}")
    if not (out / "articles").exists() and not (out / "articles.parquet").exists():
        raise _fail(f"{out} has no articles table: is it a folder written by `newsfacts run`?")
    if not gold.is_file():
        raise _fail(f"no such gold file: {gold}")
    chosen = list(SCORED_TABLES)
    if tables:
        named = {name.strip() for name in tables.split(",") if name.strip()}
        unknown = sorted(named - set(SCORED_TABLES))
        chosen = [name for name in SCORED_TABLES if name in named]
        if unknown or not chosen:
            raise _fail(f"--tables takes names from {', '.join(SCORED_TABLES)}; not {', '.join(unknown) or tables!r}")
    try:
        result = score(out, read_gold(gold), chosen)
    except GoldFileError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(json.dumps(result) if as_json else format_score(result))


@app.command("report")
def report_command(
    out: Path = typer.Argument(..., metavar="OUT", help="A run folder written by `newsfacts run`."),
    html: Optional[Path] = typer.Option(None, "--html", help="Where to write the page (default: OUT/report.html)."),
    max_rows: int = typer.Option(500, "--max-rows", min=1, help="Rows listed under each chart at most."),
) -> None:
    """Write a self-contained HTML page to look at a run: every table charted, with the rows behind it."""
    from pipeline.schema import TABLES

    if not out.is_dir():
        raise _fail(f"no such run folder: {out}")
    if not any((out / table).is_dir() for table in TABLES):
        raise _fail(f"{out} holds no tables: is it a folder written by `newsfacts run`?")
    try:
        from pipeline.report import write_report

        page = write_report(out, html, max_rows=max_rows)
    except ImportError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"report written to {page}")


def main() -> None:
    """Console-script entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
