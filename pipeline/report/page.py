"""The page: one self-contained HTML document of every section, and writing it next to the run."""

from __future__ import annotations

import html
from pathlib import Path

from pipeline.report.documents import errors_section, months_section, sources_section
from pipeline.report.entities import (
    official_label,
    organisation_label,
    programme_label,
    quotes_section,
    top_entities_section,
)
from pipeline.report.markup import section_html
from pipeline.report.measures import dates_section, durations_section, figures_section, percentages_section
from pipeline.report.money import EVENT_COLUMNS, amounts_section, events_section
from pipeline.report.reading import count_rows, read_entities, read_table
from pipeline.schema import SCHEMA_VERSION

INSTALL_HINT = "newsfacts report needs matplotlib, an optional extra: pip install 'newsfacts[report]'"

#: Default cap on the rows listed under each chart (the page stays small on big runs).
MAX_ROWS = 500


def require_matplotlib() -> None:
    """Raise an ImportError that says how to install matplotlib when it is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc


_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif;
       color: #1d232b; margin: 0; background: #f4f5f7; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
header p { margin: 0; color: #5a6470; }
nav { margin: 14px 0 4px; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; }
a { color: #0b62c4; text-decoration: none; } a:hover { text-decoration: underline; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(128px, 1fr)); gap: 10px; margin: 18px 0 8px; }
.card { display: block; background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 10px 12px; color: inherit; }
.card b { display: block; font-size: 24px; font-variant-numeric: tabular-nums; }
.card span { color: #5a6470; font-size: 13px; }
.card.bad b { color: #b3261e; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 16px 20px; margin: 18px 0; }
section h2 { font-size: 19px; margin: 0 0 4px; }
section > p.intro { margin: 0 0 10px; color: #3d4651; }
svg.chart { width: 100%; height: auto; display: block; }
a.chart-link { display: block; border-radius: 6px; } a.chart-link:hover { outline: 2px solid #c9dcf3; }
p.rows-link { margin: 4px 0 8px; font-size: 14px; }
p.empty { color: #5a6470; font-style: italic; margin: 6px 0; }
.rows p.rows-note { font-size: 13px; color: #5a6470; margin: 10px 0 4px; }
.scroll { max-height: 300px; overflow: auto; border: 1px solid #e3e6ea; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eef0f2; vertical-align: top; }
th { background: #f7f8fa; position: sticky; top: 0; font-weight: 600; }
td.nowrap { white-space: nowrap; }
td.path { overflow-wrap: anywhere; }  /* long paths wrap anywhere instead of widening the table */
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary { width: auto; min-width: 50%; margin: 8px 0; font-size: 13.5px; }
.summary-scroll { display: inline-block; max-height: 260px; margin: 4px 0; }
.summary-scroll table.summary { margin: 0; }
code { font-size: 12px; background: #f1f3f5; padding: 1px 4px; border-radius: 3px; }
:target { scroll-margin-top: 12px; }
.rows:target .scroll { outline: 3px solid #f0c36d; }
"""

#: The count cards at the top: (table, label, the section they link to).
_CARDS = (
    ("articles", "documents", "sources"),
    ("errors", "errors", "errors"),
    ("organisations", "organisations", "organisations"),
    ("officials", "officials", "officials"),
    ("quotes", "quotes", "quotes"),
    ("programmes", "programmes", "programmes"),
    ("amounts", "amounts", "amounts"),
    ("events", "events", "events"),
    ("durations", "durations", "durations"),
    ("figures", "figures", "figures"),
    ("percentages", "percentages", "percentages"),
    ("dates", "dates", "dates"),
)


def build_report(out: str | Path, *, max_rows: int = MAX_ROWS, title: str | None = None) -> str:
    """The report of a run folder as one self-contained HTML page.

    Args:
        out: A run folder written by ``pipeline.run`` / ``newsfacts run``.
        max_rows: Rows listed under each chart at most (the rest stay in the Parquet files).
        title: Page heading; defaults to the folder's name.

    Returns:
        The HTML text.

    Raises:
        ImportError: matplotlib is not installed (the message says how to install it).
        FileNotFoundError: ``out`` is not a folder.
    """
    require_matplotlib()
    out = Path(out)
    if not out.is_dir():
        raise FileNotFoundError(f"no run folder at {out}: run `newsfacts run INPUTS --out {out}` first")
    articles = read_table(out, "articles", ["doc_id", "source", "url", "title", "published", "published_from", "site_name"])
    errors = read_table(out, "errors", ["doc_id", "source", "stage", "error", "message"])
    entities = read_entities(out)
    organisations = read_table(out, "organisations", ["doc_id", "name", "acronym", "mentions", "entity_id"])
    officials = read_table(out, "officials", ["doc_id", "name", "title", "organisation", "mentions", "entity_id"])
    quotes = read_table(out, "quotes", ["doc_id", "quote_id", "quote", "speaker", "speaker_title", "speaker_organisation",
                                        "continued_from"])
    programmes = read_table(out, "programmes", ["doc_id", "name", "acronym", "kind", "organisation", "mentions"])
    amounts = read_table(out, "amounts", ["doc_id", "amount_id", "text", "value", "value_float", "currency", "qualifier",
                                          "role"])
    events = read_table(out, "events", EVENT_COLUMNS)
    durations = read_table(out, "durations", ["doc_id", "duration_id", "text", "iso", "unit", "qualifier"])
    figures = read_table(out, "figures", ["doc_id", "text", "value", "qualifier", "noun"])
    percentages = read_table(out, "percentages", ["doc_id", "text", "value", "qualifier", "sentence"])
    dates = read_table(out, "dates", ["doc_id", "text", "iso", "date", "granularity", "relative"])

    sections = [
        sources_section(articles, errors, max_rows),
        months_section(articles, errors, max_rows),
        top_entities_section(organisations, articles, key="organisations", heading="Top organisations",
                             what="organisation", label=organisation_label, columns=["name", "acronym", "mentions"],
                             color="#ff7f0e", max_rows=max_rows, entities=entities, kind="organisation"),
        top_entities_section(officials, articles, key="officials", heading="Top officials", what="official",
                             label=official_label, columns=["name", "title", "organisation", "mentions"],
                             color="#17becf", max_rows=max_rows, entities=entities, kind="person"),
        quotes_section(quotes, articles, max_rows),
        top_entities_section(programmes, articles, key="programmes", heading="Programmes, operations and laws",
                             what="programme", label=programme_label,
                             columns=["name", "acronym", "kind", "organisation", "mentions"], color="#e377c2",
                             max_rows=max_rows),
        amounts_section(amounts, articles, max_rows),
        events_section(events, amounts, durations, articles, max_rows),
        durations_section(durations, articles, max_rows),
        figures_section(figures, articles, max_rows),
        percentages_section(percentages, articles, max_rows),
        dates_section(dates, articles, max_rows),
        errors_section(errors, len(articles), max_rows),
    ]
    counts = {table: count_rows(out, table) for table, _, _ in _CARDS}
    cards = []
    for table, label, anchor in _CARDS:
        css = "card bad" if table == "errors" and counts[table] else "card"
        body = f"<b>{counts[table]:,}</b><span>{label}</span>"
        cards.append(f'<a class="{css}" href="#{anchor}">{body}</a>' if anchor else f'<div class="{css}">{body}</div>')
    nav = "".join(f'<a href="#{s.key}">{html.escape(s.heading)}</a>' for s in sections)
    heading = html.escape(title or f"newsfacts report: {out.resolve().name}")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{heading}</title><style>{_CSS}</style></head><body><main>"
        f"<header><h1>{heading}</h1><p>Run folder <code>{html.escape(str(out.resolve()))}</code> · schema "
        f"{html.escape(SCHEMA_VERSION)} · every chart links to the rows behind it (doc_id and source).</p></header>"
        f'<nav>{nav}</nav><div class="cards">{"".join(cards)}</div>'
        + "\n".join(section_html(s) for s in sections)
        + "</main></body></html>\n"
    )


def write_report(out: str | Path, html_path: str | Path | None = None, *, max_rows: int = MAX_ROWS) -> Path:
    """Write the report of a run folder; returns the page's path (default ``OUT/report.html``)."""
    page = build_report(out, max_rows=max_rows)
    target = Path(html_path) if html_path is not None else Path(out) / "report.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target
