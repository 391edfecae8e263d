"""The HTML of a section: what a section holds, its anchored table of rows, and its markup."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.report.values import cell_text

#: Columns of running text, which wrap in the row tables (everything else stays on one line).
PROSE_COLUMNS = frozenset({"title", "what", "message", "text", "name", "organisation", "noun", "source", "quote",
                           "sentence", "speaker", "speaker_title", "speaker_organisation", "funder", "recipient",
                           "programme", "purpose", "defendant"})

#: Columns of paths and URLs, which may wrap inside a word (they have no spaces to wrap at).
PATH_COLUMNS = frozenset({"source", "url"})


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the page: a heading, what it shows, a chart or a message, and its rows."""

    key: str
    heading: str
    intro: str
    chart: str | None
    empty_message: str
    extra_html: str
    rows_html: str


def rows_table(frame: Any, columns: Sequence[str], key: str, max_rows: int, what: str) -> str:
    """The anchored table of rows behind a chart (first ``max_rows``)."""
    total = len(frame)
    if total == 0:
        return f'<div class="rows" id="rows-{key}"></div>'  # the section already says it is empty
    shown = frame.head(max_rows)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    # short values stay on one line; prose columns wrap
    classes = [' class="path"' if c in PATH_COLUMNS else "" if c in PROSE_COLUMNS else ' class="nowrap"'
               for c in columns]
    body = []
    for record in shown[list(columns)].itertuples(index=False, name=None):
        cells = "".join(f"<td{css}>{html.escape(cell_text(value))}</td>" for css, value in zip(classes, record))
        body.append(f"<tr>{cells}</tr>")
    note = f"{total:,} {html.escape(what)} rows"
    if total > max_rows:
        note = (f"first {max_rows:,} of {total:,} {html.escape(what)} rows; all of them: "
                f"<code>pipeline.load_tables(out)</code>")
    return (
        f'<div class="rows" id="rows-{key}"><p class="rows-note">{note}</p>'
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div></div>'
    )


def section_html(section: Section) -> str:
    """One section of the page: heading, intro, the chart linking to its rows (or why there is none), rows."""
    parts = [f'<section id="{section.key}"><h2>{html.escape(section.heading)}</h2>']
    # an empty section says only that it is empty ("0 rows, 0 names; the 0 most..." helps nobody)
    if section.chart or section.extra_html or not section.empty_message:
        parts.append(f'<p class="intro">{html.escape(section.intro)}</p>')
    if section.chart:
        parts.append(f'<a class="chart-link" href="#rows-{section.key}" title="Show the rows behind this chart">'
                     f"{section.chart}</a>")
        parts.append(f'<p class="rows-link"><a href="#rows-{section.key}">The rows behind this chart ↓</a></p>')
    elif section.empty_message:
        parts.append(f'<p class="empty">{html.escape(section.empty_message)}</p>')
    parts.append(section.extra_html)
    parts.append(section.rows_html)
    parts.append("</section>")
    return "\n".join(parts)
