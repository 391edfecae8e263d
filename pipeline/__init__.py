"""newsfacts: news articles and press releases → typed Parquet tables of facts.

Library entry points::

    import pipeline
    result = pipeline.extract_html(html, url="https://…")     # one document, in memory: an Extraction
    result = pipeline.extract_text(text, published="2024-04-20")   # any non-empty text, one sentence too
    if __name__ == "__main__":                                # workers are spawned: scripts need the guard
        summary = pipeline.run(["pages/"], "out/")           # batch → Parquet: a RunSummary
    frames = pipeline.load_tables("out/")                     # pandas DataFrames
    con = pipeline.duckdb("out/")                             # DuckDB, a view per table
    settings = pipeline.load_settings("my.toml", doc_timeout=30)   # a Settings, for settings=

The content comes first and everything else is keyword-only. ``Extraction`` (the article
and every table's records), ``RunSummary`` (what a run did) and ``Settings`` are the
types these return and take.
"""

from __future__ import annotations

__version__ = "0.1.0"

from pipeline.api import (  # noqa: E402
    Extraction,
    RunSummary,
    Settings,
    duckdb,
    extract_html,
    extract_text,
    load_settings,
    load_tables,
    run,
)

__all__ = [
    "__version__", "Extraction", "RunSummary", "Settings", "duckdb", "extract_html", "extract_text", "load_settings",
    "load_tables", "run",
]
