"""Notebook helpers: load_tables dtypes, pipeline.duckdb views, and the worked notebook runs top to bottom."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.schema import ALL_TABLES, to_table

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "docs" / "walkthrough.ipynb"


def _write(out: Path, table: str, rows: list[dict], part: str = "a") -> None:
    (out / table).mkdir(parents=True, exist_ok=True)
    pq.write_table(to_table(table, rows), out / table / f"part-{part}.parquet")


def _ev(i: int) -> dict:
    return {"start": i, "end": i + 3, "sentence": "A sentence."}


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    """A run folder written in two shards, with some tables left without any part file."""
    out = tmp_path / "out"
    _write(out, "articles", [
        {"doc_id": "d1", "source": "in/a.html", "text": "x", "n_words": 1, "published": date(2024, 4, 20),
         "published_from": "metadata", "language": "en"},
    ], "a")
    _write(out, "articles", [
        {"doc_id": "d2", "source": "in/b.html", "text": "y", "n_words": 1, "published": None, "language": "en"},
    ], "b")
    _write(out, "amounts", [
        {"doc_id": "d1", "amount_id": 0, "text": "EUR 2.1 million", "value": Decimal("2100000"), "value_float": 2.1e6,
         "currency": "EUR", "qualifier": "approx", "role": "funding", **_ev(0)},
        {"doc_id": "d1", "amount_id": 1, "text": "$0.10", "value": Decimal("0.1"), "value_float": 0.1,
         "currency": "USD", "qualifier": "exact", **_ev(5)},
    ])
    _write(out, "dates", [
        {"doc_id": "d1", "date_id": 0, "text": "April 2018", "iso": "2018-04", "date": date(2018, 4, 1),
         "granularity": "month", "relative": False, **_ev(1)},
    ])
    _write(out, "events", [
        {"doc_id": "d1", "kind": "funding", "amount_id": None, **_ev(2)},
        {"doc_id": "d1", "kind": "funding", "amount_id": 0, **_ev(3)},
    ])
    return out


def test_load_tables_dtypes(run_folder: Path) -> None:
    tables = pipeline.load_tables(run_folder)
    assert list(tables) == list(ALL_TABLES)  # the run-wide entities tables too
    articles, amounts = tables["articles"], tables["amounts"]
    assert len(articles) == 2  # both shards
    assert pd.api.types.is_datetime64_any_dtype(articles["published"])
    assert articles["published"].isna().sum() == 1
    assert isinstance(articles["language"].dtype, pd.CategoricalDtype)
    for column in ("currency", "qualifier", "role"):
        assert isinstance(amounts[column].dtype, pd.CategoricalDtype), column
    assert amounts["value"].dtype == object and amounts["value"].map(type).eq(Decimal).all()
    assert sum(amounts["value"]) == Decimal("2100000.1")  # exact, no float rounding
    assert amounts["value_float"].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(tables["dates"]["date"])
    amount_id = tables["events"]["amount_id"]  # a nullable integer stays an integer
    assert str(amount_id.dtype) == "Int32" and amount_id.isna().tolist() == [True, False]


def test_load_tables_empty_tables_keep_their_columns(run_folder: Path) -> None:
    figures = pipeline.load_tables(run_folder, ["figures"])["figures"]
    assert len(figures) == 0
    assert {"doc_id", "value", "noun", "qualifier"} <= set(figures.columns)
    assert isinstance(figures["qualifier"].dtype, pd.CategoricalDtype)


def test_load_tables_errors_are_clear(tmp_path: Path, run_folder: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no run folder"):
        pipeline.load_tables(tmp_path / "missing")
    with pytest.raises(KeyError, match="unknown tables"):
        pipeline.load_tables(run_folder, ["people"])
    assert list(pipeline.load_tables(run_folder, "amounts")) == ["amounts"]


def test_duckdb_has_a_view_per_table(run_folder: Path) -> None:
    con = pipeline.duckdb(run_folder)
    views = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert set(ALL_TABLES) <= views  # entities and entity_merges too
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    total = con.execute("SELECT sum(value) FROM amounts").fetchone()[0]
    assert total == Decimal("2100000.1")
    joined = con.execute(
        "SELECT a.source, m.currency FROM amounts m JOIN articles a USING (doc_id) ORDER BY m.amount_id"
    ).fetchall()
    assert joined == [("in/a.html", "EUR"), ("in/a.html", "USD")]
    # a table without part files is an empty view with its columns, so the same SQL works on any run
    assert con.execute("SELECT count(*), max(noun) FROM figures").fetchone() == (0, None)


def test_duckdb_sees_shards_written_later(run_folder: Path) -> None:
    con = pipeline.duckdb(run_folder)
    _write(run_folder, "articles", [{"doc_id": "d3", "source": "in/c.html", "text": "z", "n_words": 1}], "c")
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,)


def test_duckdb_missing_extra_says_how_to_install(run_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'newsfacts\[duckdb\]'"):
        pipeline.duckdb(run_folder)


def test_duckdb_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no run folder"):
        pipeline.duckdb(tmp_path / "missing")


@pytest.mark.model
@pytest.mark.slow
def test_walkthrough_notebook_runs_top_to_bottom(monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    if not any((REPO / "samples").glob("*.htm*")):
        pytest.skip("samples/ holds no pages yet")
    # the kernel spec installed in this venv, not one a user keeps in ~/.local/share/jupyter
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "1")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(REPO)}},
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the notebook draws no chart"
    first = notebook.cells[1].outputs[0]
    assert first.output_type == "stream" and " documents, " in first.text
    assert int(first.text.split()[0]) > 0
    frames = [o for o in outputs if "text/html" in o.get("data", {})]
    assert len(frames) >= 4  # pandas and DuckDB answers render as tables
