"""The command line and the library's edges as a new user meets them: help, inspect, the run
summary, one-sentence texts and the ``__main__`` guard a script needs."""

from __future__ import annotations

import ast
import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.api import check_main_guard, is_guarded
from pipeline.cli import app, print_summary
from pipeline.errors import DocumentError
from pipeline.runner import RunnerError, RunSummary
from pipeline.schema import SCHEMAS

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "inspect", "schema", "evaluate", "report"])
def test_help_shows_no_value_after_a_flag(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], terminal_width=120)
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    if command == "run":
        flags = {line.split()[0]: line for line in result.output.splitlines() if line.strip().startswith("--")}
        assert flags["--overwrite"].split()[1] == "Start"  # the help text follows the flag directly
        assert "--out <path>" in result.output  # an option that takes a value still names its type


def test_inspect_a_folder_says_what_to_use(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inspect", str(SAMPLES)])
    assert result.exit_code == 2
    assert "is a folder" in result.stderr and "newsfacts run" in result.stderr
    assert "no such file" not in result.stderr
    missing = runner.invoke(app, ["inspect", str(tmp_path / "nope.html")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


ERROR_KEYS = list(SCHEMAS["errors"].names)


def test_inspect_errors_have_one_shape() -> None:
    """A read error and a cleaning error print the same keys: the errors table's columns."""
    read = runner.invoke(app, ["inspect", str(SAMPLES / "empty.html")])
    assert read.exit_code == 1
    read_error = json.loads(read.stdout)["error"]
    assert list(read_error) == ERROR_KEYS and read_error["stage"] == "read"
    assert read_error["error"] == "empty_input"


@pytest.mark.model
def test_inspect_a_broken_page_prints_only_json_on_stdout() -> None:
    """trafilatura's warning about the page goes to stderr; stdout parses as the error's JSON."""
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "inspect", str(SAMPLES / "broken-script-shell.html")],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )
    assert result.returncode == 1, result.stderr
    error = json.loads(result.stdout)["error"]
    assert list(error) == ERROR_KEYS
    assert (error["stage"], error["error"]) == ("clean", "no_main_text") and error["doc_id"]
    assert "WARNING" not in result.stdout and "trafilatura" in result.stderr


def test_the_errors_line_names_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    kinds = {f"kind_{i}": 10 - i for i in range(9)}
    summary = RunSummary(out="out", shards=1, shards_skipped=0, documents=60, errors=sum(kinds.values()),
                         rows={"articles": 6}, seconds=1.0, timings={}, error_kinds=kinds)
    print_summary(summary)
    line = next(text for text in capsys.readouterr().out.splitlines() if text.strip().startswith("errors:"))
    assert all(f"{kind} {count}" in line for kind, count in kinds.items()), line


@pytest.mark.model
def test_extract_text_reads_one_sentence() -> None:
    result = pipeline.extract_text("Police seized $2.5 million in cash.")
    assert [(a.value, a.currency) for a in result.amounts] == [(2500000, "USD")]
    with pytest.raises(DocumentError, match="empty"):
        pipeline.extract_text("  \n ")


@pytest.mark.model
def test_extract_text_keeps_a_text_that_reads_as_furniture() -> None:
    # a line alone that the cleanup layer would drop as a stamp is still the caller's text
    assert [(d.text, d.iso) for d in pipeline.extract_text("1 Mar 2015").dates] == [("1 Mar 2015", "2015-03-01")]
    assert [d.iso for d in pipeline.extract_text("8:25 a.m. Dec. 12, 2014").dates] == ["2014-12-12"]


@pytest.mark.model
def test_extract_html_keeps_the_cleaning_guard() -> None:
    page = "<html><body><article><p>Police seized $2.5 million.</p></article></body></html>"
    with pytest.raises(DocumentError, match="min_chars"):
        pipeline.extract_html(page)


def test_the_library_takes_the_content_first_and_everything_else_by_keyword() -> None:
    import inspect

    from pipeline.runner import run as runner_run

    for function, content in ((pipeline.extract_html, "html"), (pipeline.extract_text, "text")):
        parameters = list(inspect.signature(function).parameters.values())
        assert parameters[0].name == content and parameters[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters[1:]), function
    with pytest.raises(TypeError):
        pipeline.extract_html("<html></html>", "https://example.org/")  # type: ignore[misc]
    # pipeline.run has the runner's own keyword-only parameters and defaults.
    ours, theirs = inspect.signature(pipeline.run).parameters, inspect.signature(runner_run).parameters
    assert list(ours) == list(theirs)
    assert [(p.kind, p.default) for p in ours.values()] == [(p.kind, p.default) for p in theirs.values()]
    assert {"Settings", "load_settings", "Extraction", "RunSummary"} <= set(pipeline.__all__)
    assert pipeline.RunSummary is RunSummary and pipeline.load_settings().replace(jobs=1).jobs == 1


# --- the __main__ guard --------------------------------------------------------------------


def _guarded(source: str, marker: str = "pipeline.run") -> bool:
    tree = ast.parse(source)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if marker in text)
    return is_guarded(tree, line)


def test_is_guarded_reads_the_script() -> None:
    assert not _guarded("import pipeline\npipeline.run(['a'], 'out')\n")
    assert _guarded("import pipeline\nif __name__ == '__main__':\n    pipeline.run(['a'], 'out')\n")
    assert _guarded("import pipeline\nif '__main__' == __name__:\n    x = 1\n    pipeline.run(['a'], 'out')\n")
    assert not _guarded("import pipeline\nif __name__ == '__main__':\n    pass\nelse:\n    pipeline.run(['a'], 'out')\n")
    assert not _guarded("def main():\n    pass\nmain()  # pipeline.run inside\n")
    assert _guarded("def main():\n    pass\nif __name__ == '__main__':\n    main()  # pipeline.run inside\n")


def test_a_worker_reimporting_the_script_is_told_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback inside a spawned worker that is still bootstrapping (re-importing the script)."""
    monkeypatch.setattr(multiprocessing.current_process(), "_inheriting", True, raising=False)
    with pytest.raises(RunnerError, match='if __name__ == "__main__":'):
        check_main_guard()


def _script(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "doc.txt").write_text("Harbour board approves grant\n\nThe board approved a grant of "
                                      "EUR 2.5 million for new cranes on Monday.\n", encoding="utf-8")
    script = tmp_path / "script.py"
    script.write_text(body, encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, cwd=tmp_path)


def test_a_script_without_the_guard_gets_one_explanation(tmp_path: Path) -> None:
    result = _script(tmp_path, "import pipeline\n\nsummary = pipeline.run(['doc.txt'], 'out', jobs=1)\n")
    assert result.returncode == 1
    assert result.stderr.count("Traceback") == 1, result.stderr  # the script's own, not one per worker
    last = result.stderr.strip().splitlines()[-1]
    assert "script.py" in last and "line 3" in last and 'if __name__ == "__main__":' in last, last
    assert not (tmp_path / "out" / "_manifest").exists()  # no worker was started


@pytest.mark.model
@pytest.mark.slow
def test_a_guarded_script_runs(tmp_path: Path) -> None:
    result = _script(tmp_path, "import pipeline\n\nif __name__ == '__main__':\n"
                               "    print(pipeline.run(['doc.txt'], 'out', jobs=1).documents)\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1"]
