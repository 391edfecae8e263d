"""The README's data dictionary is exactly what the schemas generate, and the command that rewrites it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import SCHEMA_END, SCHEMA_START, app, with_schema_block
from pipeline.schema import SCHEMAS, markdown_dictionary

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _block(text: str) -> str:
    start, end = text.index(SCHEMA_START) + len(SCHEMA_START), text.index(SCHEMA_END)
    return text[start:end]


def test_readme_dictionary_matches_the_schemas() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.count(SCHEMA_START) == 1 and readme.count(SCHEMA_END) == 1
    assert _block(readme) == "\n" + markdown_dictionary(), (
        "README.md's data dictionary is out of date: run `newsfacts schema --markdown --update-readme README.md`"
    )


def test_dictionary_names_every_column_in_a_valid_table_row() -> None:
    text = markdown_dictionary()
    for table, schema in SCHEMAS.items():
        assert f"#### `{table}`" in text
        for name in schema.names:
            rows = [line for line in text.splitlines() if line.startswith(f"| `{name}` |")]
            assert rows, name
            for row in rows:
                # three cells: an unescaped "|" inside a description would make more
                assert len(row.replace("\\|", "").split("|")) == 5, row


def test_update_readme_rewrites_only_the_block(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n\n{SCHEMA_START}\nstale text\n{SCHEMA_END}\n\nafter\n", encoding="utf-8")
    result = runner.invoke(app, ["schema", "--markdown", "--update-readme", str(readme)])
    assert result.exit_code == 0, result.output
    assert "updated" in result.stdout
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nbefore\n\n") and text.endswith(f"{SCHEMA_END}\n\nafter\n")
    assert _block(text) == "\n" + markdown_dictionary()
    again = runner.invoke(app, ["schema", "--markdown", "--update-readme", str(readme)])
    assert "already up to date" in again.stdout
    assert readme.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "text",
    ["no markers at all\n", f"{SCHEMA_END}\n{SCHEMA_START}\n", f"{SCHEMA_START}\n{SCHEMA_START}\n{SCHEMA_END}\n"],
)
def test_update_readme_refuses_bad_markers(tmp_path: Path, text: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["schema", "--update-readme", str(readme)])
    assert result.exit_code == 2
    assert "schema:start" in result.stderr
    assert readme.read_text(encoding="utf-8") == text
    with pytest.raises(ValueError):
        with_schema_block(text, "x\n")


def test_update_readme_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--update-readme", str(tmp_path / "nope.md")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
