"""The README: its data dictionary is what the schemas generate, and its snippets run.

Snippets. Every ```python block of README.md runs as a script of its own (``python block.py``,
so ``__name__ == "__main__"`` and nothing carries over from another block) in a folder that
holds a copy of ``samples/`` and ``out/``, a finished run over it; the ``newsfacts`` lines of
the ```bash blocks in the "Command line" section run there too, in order, after that run.
So a snippet should open what it needs itself: ``samples/...`` files and the ``out/`` tables.

- A block that imports a module of an optional extra that is not installed (duckdb, polars,
  dask, matplotlib: the extras of pyproject.toml) is skipped, and the skip names the extra.
  So is one that stops with newsfacts' own "pip install 'newsfacts[...]'" message.
- A block that must not run (placeholders for the reader's files, a cluster) carries the
  marker ``<!-- readme-test: skip REASON -->`` on the line just above its opening fence;
  REASON becomes the skip reason.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from decimal import Decimal
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


# --- the snippets ------------------------------------------------------------------------------

SKIP_MARKER = re.compile(r"^<!--\s*readme-test:\s*skip\b\s*(?P<reason>.*?)\s*-->\s*$")
FENCE = re.compile(r"^```(?P<lang>[\w+-]*)\s*$")
COMMAND_SECTION = "Command line"


@dataclass(frozen=True)
class Snippet:
    """One fenced block of the README."""

    lang: str
    line: int  # of the opening fence, 1-based
    code: str
    section: str  # the "## " heading it is under
    skip: str | None  # the marker's reason, when the block is marked

    @property
    def name(self) -> str:
        return f"README.md:{self.line}"


def readme_snippets(text: str) -> list[Snippet]:
    """Every fenced block of a Markdown text, with its section and skip marker."""
    snippets, section, lines = [], "", text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            section = line[3:].strip()
        fence = FENCE.match(line)
        if fence:
            end = next((i for i in range(index + 1, len(lines)) if lines[i].startswith("```")), len(lines))
            previous = lines[index - 1] if index else ""
            marker = SKIP_MARKER.match(previous.strip())
            snippets.append(Snippet(fence["lang"], index + 1, "\n".join(lines[index + 1:end]) + "\n", section,
                                    (marker["reason"] or "marked not to run") if marker else None))
            index = end
        index += 1
    return snippets


def _extra_modules() -> dict[str, str]:
    """Import name → the optional extra of pyproject.toml that installs it (the test extra aside)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    modules: dict[str, str] = {}
    for extra, requirements in project["optional-dependencies"].items():
        if extra == "test":
            continue
        for requirement in requirements:
            name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]
            modules.setdefault(name.replace("-", "_").lower(), extra)
    return modules


def _missing_extra(code: str) -> str | None:
    """Why a block cannot run here: it imports a module of an extra that is not installed."""
    extras = _extra_modules()
    for node in ast.walk(ast.parse(code)):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
        for name in names:
            top = name.split(".")[0]
            if top in extras and importlib.util.find_spec(top) is None:
                return f"needs the {extras[top]} extra (pip install 'newsfacts[{extras[top]}]'): {top} is not installed"
    return None


README_SNIPPETS = readme_snippets((REPO / "README.md").read_text(encoding="utf-8"))
PYTHON_SNIPPETS = [s for s in README_SNIPPETS if s.lang == "python"]
COMMAND_SNIPPETS = [s for s in README_SNIPPETS if s.lang in {"bash", "sh", "shell"} and s.section == COMMAND_SECTION]


def test_the_snippet_reader_sees_markers_sections_and_languages() -> None:
    text = ("## One\n\n```python\nx = 1\n```\n\n<!-- readme-test: skip needs a cluster -->\n```bash\nnewsfacts run\n```\n"
            "## Two\n<!-- readme-test: skip -->\n```python\ny = 2\n```\n```\nplain\n```\n")
    found = readme_snippets(text)
    assert [(s.lang, s.line, s.section, s.skip, s.code) for s in found] == [
        ("python", 3, "One", None, "x = 1\n"),
        ("bash", 8, "One", "needs a cluster", "newsfacts run\n"),
        ("python", 13, "Two", "marked not to run", "y = 2\n"),
        ("", 16, "Two", None, "plain\n"),
    ]
    assert _missing_extra("import os\nimport pandas\n") is None
    assert _extra_modules()["duckdb"] == "duckdb" and _extra_modules()["polars"] == "polars"


def test_the_readme_has_snippets_to_run() -> None:
    assert len([s for s in PYTHON_SNIPPETS if not s.skip]) >= 4
    assert any(line.startswith("newsfacts ") for s in COMMAND_SNIPPETS if not s.skip for line in s.code.splitlines())


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of samples/ and out/, the run over it (as `make demo` writes it)."""
    import pipeline

    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(REPO / "samples", folder / "samples")
    here = Path.cwd()
    os.chdir(folder)  # relative inputs, as the README's commands give them, so they resume this run
    try:
        pipeline.run(["samples/"], "out/", engine="serial")
    finally:
        os.chdir(here)
    return folder


def _cases(snippets: list[Snippet]) -> list:
    """Parameters for the snippets, a marked one skipped with its marker's reason."""
    return [pytest.param(s, id=s.name, marks=[pytest.mark.skip(reason=f"{s.name}: {s.skip}")] if s.skip else [])
            for s in snippets]


def _run(command: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout, even from another folder
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600, env=environment)


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("snippet", _cases(PYTHON_SNIPPETS))
def test_readme_python_snippet_runs(snippet: Snippet, sandbox: Path) -> None:
    missing = _missing_extra(snippet.code)
    if missing:
        pytest.skip(f"{snippet.name} {missing}")
    script = sandbox / f"readme_{snippet.line}.py"
    script.write_text(snippet.code, encoding="utf-8")
    result = _run([sys.executable, str(script)], sandbox)
    extra = re.search(r"pip install '(newsfacts\[\w+\])'", result.stderr)
    if result.returncode and extra and "ImportError" in result.stderr:
        pytest.skip(f"{snippet.name} needs {extra[1]}, which is not installed")
    assert result.returncode == 0, f"{snippet.name} (section {snippet.section!r}) failed:\n{result.stderr[-3000:]}"


def _commands(snippet: Snippet) -> list[list[str]]:
    commands = []
    for line in snippet.code.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "newsfacts":
            commands.append(words[1:])
    return commands


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("snippet", _cases(COMMAND_SNIPPETS))
def test_readme_commands_run(snippet: Snippet, sandbox: Path) -> None:
    commands = _commands(snippet)
    if not commands:
        pytest.skip(f"{snippet.name} has no newsfacts command")
    for words in commands:
        result = _run([sys.executable, "-m", "pipeline", *words], sandbox)
        assert result.returncode == 0, f"{snippet.name}: newsfacts {shlex.join(words)}\n{result.stderr[-3000:]}"


@pytest.mark.model
@pytest.mark.slow
def test_the_readme_totals_count_an_amount_once_per_document(sandbox: Path) -> None:
    """What the README says of its DuckDB totals, on the samples: a sum named in a release's headline
    and again in its body is two amounts rows, summed twice by a plain total and once by the
    README's distinct-per-document query."""
    duckdb = pytest.importorskip("duckdb")
    out = sandbox / "out"
    con = duckdb.connect()
    repeated = con.execute(f"""
        SELECT doc_id, value, count(*) FROM '{out}/amounts/*.parquet' WHERE currency = 'EUR'
        GROUP BY ALL HAVING count(*) > 1 ORDER BY doc_id, value
    """).fetchall()
    assert (Decimal("3400000"), 2) in [(value, n) for _, value, n in repeated]
    query = next(s.code for s in PYTHON_SNIPPETS if "distinct_amounts" in s.code)
    distinct_sql = re.search(r'per_document = duckdb.sql\("""(.*?)"""\)', query, re.S)[1]
    distinct_sql = distinct_sql.replace("'out/", f"'{out}/")
    totals = dict(con.execute(f"SELECT currency, total FROM ({distinct_sql})").fetchall())
    every_row = con.execute(f"SELECT sum(value) FROM '{out}/amounts/*.parquet' WHERE currency = 'EUR'").fetchone()[0]
    doubled = sum((value * (n - 1) for _, value, n in repeated), Decimal(0))
    assert totals["EUR"] == every_row - doubled
