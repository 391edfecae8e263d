"""The public library functions (what ``import pipeline`` offers)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.config import Settings, load_settings
from pipeline.errors import DocumentError
from pipeline.notebook import duckdb
from pipeline.records import ErrorRecord, Extraction, RawDocument
from pipeline.runner import RunSummary
from pipeline.runner import run as _run
from pipeline.sources import doc_id_for
from pipeline.tables import load_tables

__all__ = ["duckdb", "extract_html", "extract_text", "extract_document_bytes", "load_tables", "run"]


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
    html: str | bytes, url: str | None = None, *, published: str | dt.date | None = None, settings: Settings | None = None
) -> Extraction:
    """Extract one HTML page: the article and every fact table's records.

    ``result.to_dict()`` gives plain dicts with the contract's field names.
    """
    content = html.encode("utf-8") if isinstance(html, str) else html
    raw = RawDocument(doc_id=doc_id_for(content), source=url or "<html>", content=content, kind="html",
                      url=url, published=_as_date(published))
    return extract_document_bytes(raw, settings)


def extract_text(
    text: str, published: str | dt.date | None = None, *, title: str | None = None, settings: Settings | None = None
) -> Extraction:
    """Extract one plain-text article (its first line is the title unless ``title`` is given)."""
    body = f"{title}\n\n{text}" if title else text
    content = body.encode("utf-8")
    raw = RawDocument(doc_id=doc_id_for(content), source="<text>", content=content, kind="text",
                      published=_as_date(published))
    return extract_document_bytes(raw, settings)


def run(inputs: Any, out: str | Path, **options: Any) -> RunSummary:
    """Process files, folders or globs into Parquet tables under ``out`` (see :func:`pipeline.runner.run`)."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return _run(list(inputs), out, **options)
