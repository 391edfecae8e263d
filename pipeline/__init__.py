"""newsfacts: news articles and press releases → typed Parquet tables of facts.

Library entry points::

    import pipeline
    result = pipeline.extract_html(html, url="https://…")     # one document, in memory
    result = pipeline.extract_text(text, published="2024-04-20")   # any non-empty text, one sentence too
    if __name__ == "__main__":                                # workers are spawned: scripts need the guard
        summary = pipeline.run(["pages/"], "out/")           # batch → Parquet
    frames = pipeline.load_tables("out/")                     # pandas DataFrames
    con = pipeline.duckdb("out/")                             # DuckDB, a view per table
"""

from __future__ import annotations

__version__ = "0.1.0"

from pipeline.api import duckdb, extract_html, extract_text, load_tables, run  # noqa: E402

__all__ = ["__version__", "duckdb", "extract_html", "extract_text", "load_tables", "run"]
