"""RawDocument → CleanDocument: trafilatura's main text and metadata, then press-release cleanup.

(Baseline version: trafilatura with metadata; the press-release layer is filled in by the
cleaning work.)
"""

from __future__ import annotations

import datetime as dt
import re

import trafilatura

from pipeline.config import Settings
from pipeline.errors import DocumentError
from pipeline.records import CleanDocument, RawDocument
from pipeline.sources import decode_html


def _parse_date(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def compose_text(title: str | None, body: str) -> tuple[str, int]:
    """The article text (title, blank line, body) and where the body starts in it."""
    body = body.strip()
    if title:
        title = title.strip()
        if body.startswith(title):
            body = body[len(title) :].lstrip()
        text = f"{title}\n\n{body}" if body else title
        return text, len(text) - len(body)
    return body, 0


def clean_html(raw: RawDocument, settings: Settings) -> CleanDocument:
    """Main text and metadata of one HTML page; raises :class:`DocumentError` when there is none."""
    html = decode_html(raw.content)
    if "<" not in html:
        raise DocumentError("clean", "not_html", f"{raw.source} holds no HTML markup")
    result = trafilatura.bare_extraction(
        html,
        url=raw.url,
        with_metadata=True,
        include_comments=False,
        include_tables=settings.include_tables,
        favor_precision=settings.favor_precision,
    )
    if result is None or not (result.text or "").strip():
        raise DocumentError("clean", "no_main_text", f"{raw.source}: no article text found on the page")
    title = (result.title or "").strip() or None
    text, body_start = compose_text(title, result.text)
    if len(text) - body_start < settings.min_chars:
        raise DocumentError("clean", "no_main_text", f"{raw.source}: main text is shorter than {settings.min_chars} characters")
    published = raw.published or _parse_date(result.date)
    return CleanDocument(
        doc_id=raw.doc_id,
        source=raw.source,
        text=text,
        title=title,
        body_start=body_start,
        url=raw.url or result.url,
        published=published,
        published_from="input" if raw.published else ("metadata" if published else None),
        site_name=result.sitename,
        language=result.language,
    )


def clean_text(raw: RawDocument, settings: Settings) -> CleanDocument:
    """A plain-text release: first non-empty line is the title, the rest the body."""
    text = raw.content.decode("utf-8", errors="replace").replace("\r\n", "\n")
    lines = [line.strip() for line in text.split("\n")]
    non_empty = [i for i, line in enumerate(lines) if line]
    if not non_empty:
        raise DocumentError("clean", "no_main_text", f"{raw.source}: the text is empty")
    title = lines[non_empty[0]]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines[non_empty[0] + 1 :])).strip()
    composed, body_start = compose_text(title, body)
    return CleanDocument(
        doc_id=raw.doc_id,
        source=raw.source,
        text=composed,
        title=title,
        body_start=body_start,
        url=raw.url,
        published=raw.published,
        published_from="input" if raw.published else None,
    )


def clean(raw: RawDocument, settings: Settings) -> CleanDocument:
    """Dispatch on the document's kind."""
    if raw.kind == "text":
        return clean_text(raw, settings)
    return clean_html(raw, settings)
