"""One worker's work: raw documents → cleaned → spaCy → records, errors as rows.

Everything spaCy touches stays inside :func:`process_documents`; what comes out is plain
records that pickle cheaply to the parent process or a cluster client.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from spacy.language import Language

from pipeline.clean import clean
from pipeline.config import Settings
from pipeline.errors import DocumentError
from pipeline.extract import extract_document
from pipeline.records import CleanDocument, ErrorRecord, Extraction, RawDocument


def _error_row(source: str, doc_id: str | None, stage: str, exc: BaseException) -> ErrorRecord:
    if isinstance(exc, DocumentError):
        return ErrorRecord(source=source, stage=exc.stage, error=exc.error, message=exc.message, doc_id=doc_id)
    return ErrorRecord(
        source=source, stage=stage, error=type(exc).__name__,
        message=f"unexpected {type(exc).__name__} while in {stage}: {exc}; please report it with this document",
        doc_id=doc_id,
    )


def clean_documents(
    items: Iterable[RawDocument | ErrorRecord], settings: Settings, timings: dict[str, float] | None = None
) -> Iterator[CleanDocument | ErrorRecord]:
    """Clean each raw document; read errors pass through, cleaning failures become error rows."""
    for item in items:
        if isinstance(item, ErrorRecord):
            yield item
            continue
        started = time.perf_counter()
        try:
            yield clean(item, settings)
        except Exception as exc:  # one bad page must never stop the run
            yield _error_row(item.source, item.doc_id, "clean", exc)
        finally:
            if timings is not None:
                timings["clean"] = timings.get("clean", 0.0) + time.perf_counter() - started


def _analyse_one(nlp: Language, article: CleanDocument, settings: Settings, timings: dict[str, float]) -> Extraction | ErrorRecord:
    started = time.perf_counter()
    try:
        doc = nlp(article.text[: settings.max_chars])
    except Exception as exc:
        return _error_row(article.source, article.doc_id, "nlp", exc)
    timings["nlp"] = timings.get("nlp", 0.0) + time.perf_counter() - started
    return _extract_one(doc, article, timings)


def _extract_one(doc, article: CleanDocument, timings: dict[str, float]) -> Extraction | ErrorRecord:
    started = time.perf_counter()
    try:
        return extract_document(doc, article)
    except Exception as exc:
        return _error_row(article.source, article.doc_id, "extract", exc)
    finally:
        timings["extract"] = timings.get("extract", 0.0) + time.perf_counter() - started


def analyse_batch(
    nlp: Language, articles: list[CleanDocument], settings: Settings, timings: dict[str, float] | None = None
) -> list[Extraction | ErrorRecord]:
    """spaCy and extraction over one batch, inside a memory zone so long runs stay flat.

    If the batched pipe fails, the batch is redone one document at a time so the failure
    is pinned on the document that caused it and the others still get their rows.
    """
    timings = timings if timings is not None else {}
    results: list[Extraction | ErrorRecord] = []
    with nlp.memory_zone():
        try:
            started = time.perf_counter()
            docs = list(nlp.pipe((a.text[: settings.max_chars] for a in articles), batch_size=settings.batch_size))
            timings["nlp"] = timings.get("nlp", 0.0) + time.perf_counter() - started
        except Exception:
            docs = None
        if docs is None:
            results = [_analyse_one(nlp, article, settings, timings) for article in articles]
        else:
            results = [_extract_one(doc, article, timings) for doc, article in zip(docs, articles)]
    return results


def process_documents(
    items: Iterable[RawDocument | ErrorRecord],
    nlp: Language,
    settings: Settings,
    timings: dict[str, float] | None = None,
) -> Iterator[Extraction | ErrorRecord]:
    """Every input item → one Extraction or one ErrorRecord, in input order per batch."""
    batch: list[CleanDocument] = []
    for item in clean_documents(items, settings, timings):
        if isinstance(item, ErrorRecord):
            yield item
            continue
        batch.append(item)
        if len(batch) >= settings.batch_size:
            yield from analyse_batch(nlp, batch, settings, timings)
            batch = []
    if batch:
        yield from analyse_batch(nlp, batch, settings, timings)
