"""The public library functions (what ``import pipeline`` offers)."""

from __future__ import annotations

import ast
import datetime as dt
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.config import Settings, load_settings
from pipeline.errors import DocumentError
from pipeline.notebook import duckdb
from pipeline.records import ErrorRecord, Extraction, RawDocument
from pipeline.runner import RunnerError, RunSummary, ShardResult
from pipeline.runner import run as run_shards
from pipeline.sources import InputScan, doc_id_for
from pipeline.tables import load_tables

__all__ = [
    "Extraction", "RunSummary", "Settings", "duckdb", "extract_document_bytes", "extract_html", "extract_text",
    "load_settings", "load_tables", "run",
]


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def extract_document_bytes(raw: RawDocument, settings: Settings | None = None) -> Extraction:
    """Clean, analyse and extract one raw document; raises :class:`DocumentError` on failure."""
    from pipeline.nlp import get_nlp
    from pipeline.process import process_documents

    settings = settings or load_settings()
    (result,) = process_documents([raw], get_nlp(settings), settings)
    if isinstance(result, ErrorRecord):
        raise DocumentError(result.stage, result.error, result.message)
    return result


def extract_html(
    html: str | bytes, *, url: str | None = None, published: str | dt.date | None = None, settings: Settings | None = None
) -> Extraction:
    """Extract one HTML page: the article and every fact table's records.

    ``result.to_dict()`` gives plain dicts with the contract's field names.

    Raises:
        DocumentError: the page cannot be read or holds no article (``no_main_text``…).
    """
    content = html.encode("utf-8") if isinstance(html, str) else html
    raw = RawDocument(doc_id=doc_id_for(content), source=url or "<html>", content=content, kind="html",
                      url=url, published=_as_date(published))
    return extract_document_bytes(raw, settings)


def extract_text(
    text: str, *, published: str | dt.date | None = None, title: str | None = None, settings: Settings | None = None
) -> Extraction:
    """Extract one plain-text article (its first line is the title unless ``title`` is given).

    The text handed over is the text: ``min_chars`` guards page cleaning against menus and
    stubs taken for articles, so it does not apply here and a one-sentence text is read.

    Raises:
        DocumentError: ``no_main_text`` when the text is empty (or only whitespace).
    """
    body = f"{title}\n\n{text}" if title else text
    content = body.encode("utf-8")
    raw = RawDocument(doc_id=doc_id_for(content), source="<text>", content=content, kind="text",
                      published=_as_date(published))
    return extract_document_bytes(raw, (settings or load_settings()).replace(min_chars=0))


def run(
    inputs: str | Path | Sequence[str | Path] | InputScan,
    out: str | Path,
    *,
    settings: Settings | None = None,
    jobs: int | None = None,
    overwrite: bool = False,
    engine: str = "process",
    client: object | None = None,
    scheduler: str | None = None,
    on_shard: Callable[[ShardResult], None] | None = None,
    on_documents: Callable[[int], None] | None = None,
) -> RunSummary:
    """Process files, folders or globs into Parquet tables under ``out`` (see :func:`pipeline.runner.run`).

    ``inputs`` may be one path or pattern, several, or what :func:`pipeline.sources.scan_inputs`
    found in them.

    Raises:
        RunnerError: also when a script calls this outside ``if __name__ == "__main__":``
            while workers would be spawned (they re-import the script and would call it again).
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    # Only a local pool or a LocalCluster spawns processes that re-import the script.
    if engine == "process" or (engine == "dask" and client is None and not scheduler):
        check_main_guard()
    return run_shards(
        inputs if isinstance(inputs, InputScan) else list(inputs), out, settings=settings, jobs=jobs,
        overwrite=overwrite, engine=engine, client=client, scheduler=scheduler, on_shard=on_shard,
        on_documents=on_documents,
    )


GUARD_HINT = (
    'pipeline.run starts worker processes with the "spawn" method, which re-imports {script} in each of them: '
    'put the call{where} under `if __name__ == "__main__":`, or pass engine="serial"'
)


def check_main_guard() -> None:
    """Refuse to start workers from a script's top level that no ``__main__`` guard protects.

    Without the guard each spawned worker re-imports the script, calls ``run`` again while
    still starting up, and dies; the pool then fails with messages that say nothing about
    the cause. Checked in the parent (the script's source says whether the call is guarded)
    and, should that miss, in a worker being bootstrapped.
    """
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise RunnerError(GUARD_HINT.format(script="the main script", where=""))
    main = sys.modules.get("__main__")
    script = getattr(main, "__file__", None)
    if main is None or not script:
        return  # an interactive session or a notebook: spawn does not re-import it
    frame = sys._getframe(1)
    while frame is not None and not (frame.f_globals is vars(main) and frame.f_code.co_name == "<module>"):
        frame = frame.f_back
    if frame is None:
        return  # not called from the script's top level (a function called by the guarded part, a thread…)
    line = frame.f_lineno
    try:
        tree = ast.parse(Path(script).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeError, ValueError):
        return  # cannot read the script: say nothing rather than guess
    if not is_guarded(tree, line):
        raise RunnerError(GUARD_HINT.format(script=Path(script).name, where=f" on line {line}"))


def _is_main_test(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    texts = [s.value for s in sides if isinstance(s, ast.Constant)]
    return names == ["__name__"] and texts == ["__main__"]


def is_guarded(tree: ast.Module, line: int) -> bool:
    """Whether the statement on ``line`` sits in the body of an ``if __name__ == "__main__":``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_main_test(node.test) and node.body:
            if node.body[0].lineno <= line <= (node.body[-1].end_lineno or node.body[-1].lineno):
                return True
    return False
