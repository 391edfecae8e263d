"""Plain-text releases: hard-wrapped lines re-joined, the headline under the header block, the dateline's date."""

from __future__ import annotations

import dataclasses
import re

from pipeline.clean.cleanup import clean_lines
from pipeline.clean.document import check_length, compose_text, detect_language, paragraph_lines
from pipeline.clean.published import publication_date
from pipeline.clean.rules import load_cleaning_rules
from pipeline.config import Settings
from pipeline.errors import DocumentError
from pipeline.records import CleanDocument, RawDocument
from pipeline.sources import decode_html


_BLANK_LINES = re.compile(r"\n\s*\n")


def _unwrap(text: str) -> list[str]:
    """Paragraph lines of a plain text, re-joining a hard-wrapped file (every line ≤ ~80 characters)."""
    # U+2028 / U+2029 separate a release's header lines in some newsroom systems: lines like any other.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    raw_lines = [line.rstrip() for line in text.split("\n")]
    long_lines = [len(line) for line in raw_lines if len(line) > 40]
    wrapped = (
        len(long_lines) >= 3
        and max(long_lines) <= 100
        and sum(1 for n in long_lines if 50 <= n <= 80) >= 0.7 * len(long_lines)
        and _BLANK_LINES.search(text) is not None
    )
    if not wrapped:
        return paragraph_lines(text)
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        current = ""
        for line in (x.strip() for x in block.split("\n")):
            if not line:
                continue
            if current and len(current.split("\n")[-1]) >= 40:
                current = f"{current} {line}"
            else:
                current = f"{current}\n{line}" if current else line
        paragraphs.extend(x for x in current.split("\n") if x)
    return paragraphs


def clean_text(raw: RawDocument, settings: Settings) -> CleanDocument:
    """A plain-text release: header widgets dropped, first line the title, dateline for the date.

    Raises:
        DocumentError: ``no_main_text`` when nothing is left.
    """
    rules = load_cleaning_rules()
    text = decode_html(raw.content)  # same decoding as pages: BOM, UTF-8, declared, detected
    lines = _unwrap(text)
    cleaned = clean_lines(lines, first_line_is_title=True, rules=rules)
    if not cleaned.lines and not cleaned.title and any(line.strip() for line in lines):
        # Every line reads as furniture ("1 Mar 2015", "8:25 a.m. Dec. 12, 2014" alone): a text
        # handed over is its own content, so it is kept as written rather than lost.
        written = [line for line in lines if line.strip()]
        cleaned = dataclasses.replace(cleaned, title=written[0], lines=tuple(written[1:]))
    body = "\n".join(cleaned.lines)
    if not body and not cleaned.title:
        raise DocumentError("clean", "no_main_text", f"{raw.source}: the text is empty")
    check_length(body, raw, settings)
    composed, body_start = compose_text(cleaned.title, body)
    published, published_from = publication_date(raw, cleaned, rules)
    return CleanDocument(
        doc_id=raw.doc_id,
        source=raw.source,
        text=composed,
        title=cleaned.title,
        body_start=body_start,
        url=raw.url,
        published=published,
        published_from=published_from,
        language=detect_language(body),
        origin=cleaned.origin,
    )
