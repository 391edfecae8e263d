"""End to end: every file in ``samples/`` against its hand-written expectation.

The expectations (``tests/expected/samples/<input>.json``) say what a careful analyst
reading each sample expects under the contract (``spec/EXTRACTION.md``): the outcome
(article, or an errors row of a given class), the article's metadata, text the cleaned
article must contain, chrome strings, numbers and dates that must never reach the text or
any fact table, and the facts themselves in the contract's gold format (plus
``percentages``). They are not a record of what the pipeline outputs today.

The pipeline runs once per session over the whole folder. Facts are matched with the
contract scorer's rules (:mod:`pipeline.evaluate`): a predicted row matches at most one
expected row; optional rows are neither needed nor wrong; a second row for the same
organisation or official is a false positive; a repeated mention of an already matched
amount, duration, figure or date is neither credited nor penalised. A table listed in a
document's ``tolerate_extra`` may carry rows the expectation does not list.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.evaluate import (
    MATCHERS,
    ONE_ROW_PER_ENTITY,
    fold,
    gold_source_name,
    organisations_agree,
    read_rows,
    titles_agree,
    within,
)
from pipeline.schema import FACT_TABLES

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
EXPECTED = Path(__file__).resolve().parent / "expected" / "samples"

#: Tables whose expected rows are checked one by one (the gold tables, plus percentages).
CHECKED_TABLES: tuple[str, ...] = ("organisations", "officials", "amounts", "durations", "figures", "percentages", "dates")
QUALIFIERS = frozenset({"exact", "approx", "more_than", "at_least", "less_than", "up_to", "nearly", "range", "vague"})
QUALIFIED_TABLES = frozenset({"amounts", "durations", "figures", "percentages"})
ERROR_STAGES = frozenset({"read", "clean", "nlp", "extract", "write"})
PUBLISHED_FROM = frozenset({"input", "metadata", "dateline"})

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def matches_percentage(predicted: Mapping[str, Any], expected: Mapping[str, Any]) -> bool:
    """Same percent within 0.5% (the contract's gold does not annotate percentages; amounts' rule)."""
    return within(predicted.get("value"), expected.get("value"), 0.005)


ROW_MATCHERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], bool]] = {
    **MATCHERS,
    "percentages": matches_percentage,
}


# --- expectations (read at collection time) -------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """One expected document and the sample file it comes from."""

    input: str
    document: dict[str, Any]

    @property
    def source(self) -> str:
        return self.document["source"]

    @property
    def label(self) -> str:
        return self.document.get("label", self.source)


def _load_expectations() -> list[tuple[str, dict[str, Any]]]:
    files = []
    for path in sorted(EXPECTED.glob("*.json")):
        files.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
    return files


EXPECTATION_FILES = _load_expectations()
EXPECTED_DOCUMENTS = [Expected(payload["input"], doc) for _, payload in EXPECTATION_FILES for doc in payload["documents"]]
ARTICLES = [e for e in EXPECTED_DOCUMENTS if e.document["outcome"] == "article"]
ERRORS = [e for e in EXPECTED_DOCUMENTS if e.document["outcome"] == "error"]


def _ids(items: Sequence[Expected]) -> list[str]:
    return [e.label for e in items]


# --- the run (once per session) ----------------------------------------------------------------


@dataclass
class SampleRun:
    """The tables written by one run over ``samples/``, grouped for lookups."""

    tables: dict[str, list[dict[str, Any]]]
    article_by_source: dict[str, list[dict[str, Any]]]
    error_by_source: dict[str, list[dict[str, Any]]]

    def article(self, expected: Expected) -> dict[str, Any]:
        rows = self.article_by_source.get(expected.source, [])
        if len(rows) != 1:
            errors = self.error_by_source.get(expected.source, [])
            detail = f"; errors rows: {[(e['stage'], e['error'], e['message']) for e in errors]}" if errors else ""
            pytest.fail(f"{expected.label}: expected one articles row, found {len(rows)}{detail}")
        return rows[0]

    def facts(self, table: str, doc_id: str) -> list[dict[str, Any]]:
        return [row for row in self.tables.get(table, []) if row.get("doc_id") == doc_id]


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """``pipeline.run`` over the whole samples folder, once (loading the model is the cost)."""
    import pipeline

    out = tmp_path_factory.mktemp("samples-run")
    pipeline.run([str(SAMPLES)], out, engine="serial")
    tables = {name: read_rows(out, name) for name in ("articles", "errors", *FACT_TABLES)}
    articles: dict[str, list[dict[str, Any]]] = {}
    for row in tables["articles"]:
        articles.setdefault(gold_source_name(row["source"]), []).append(row)
    errors: dict[str, list[dict[str, Any]]] = {}
    for row in tables["errors"]:
        errors.setdefault(gold_source_name(row["source"]), []).append(row)
    return SampleRun(tables=tables, article_by_source=articles, error_by_source=errors)


# --- the expectation files themselves (no pipeline needed) ----------------------------------------


def _source_text(input_name: str) -> dict[str, str]:
    """Each document's readable text in a sample, by gold source name: tags dropped, entities decoded."""
    from pipeline.records import RawDocument
    from pipeline.sources import read_path

    texts = {}
    for item in read_path(SAMPLES / input_name):
        if isinstance(item, RawDocument):
            raw = item.content.decode("utf-8", errors="replace")
            texts[gold_source_name(item.source)] = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", raw)))
    return texts


def test_every_sample_file_has_an_expectation() -> None:
    from pipeline.sources import is_readable

    inputs = {p.name for p in SAMPLES.iterdir() if p.is_file() and is_readable(p)}
    described = {payload["input"] for _, payload in EXPECTATION_FILES}
    assert inputs - described == set(), f"sample files without tests/expected/samples/<name>.json: {sorted(inputs - described)}"
    assert described - inputs == set(), f"expectations for missing sample files: {sorted(described - inputs)}"
    assert len(inputs) >= 12


@pytest.mark.parametrize("file_name,payload", EXPECTATION_FILES, ids=[name for name, _ in EXPECTATION_FILES])
def test_expectation_file_is_well_formed(file_name: str, payload: dict[str, Any]) -> None:
    """Catches annotation slips: unknown qualifiers, bad ISO values, fact texts not in the sample."""
    problems: list[str] = []
    assert file_name == f"{payload['input']}.json"
    texts = _source_text(payload["input"])
    for doc in payload["documents"]:
        where = doc.get("label", doc["source"])
        if doc["outcome"] == "error":
            if doc.get("stage") not in ERROR_STAGES or not doc.get("error"):
                problems.append(f"{where}: an error expectation needs a stage in {sorted(ERROR_STAGES)} and an error class")
            continue
        if doc["outcome"] != "article":
            problems.append(f"{where}: outcome must be 'article' or 'error'")
            continue
        text = texts.get(doc["source"])
        if text is None:
            problems.append(f"{where}: no such document in {payload['input']} (documents: {sorted(texts)})")
            continue
        if doc.get("published") and not _ISO_DATE.match(doc["published"]):
            problems.append(f"{where}: published {doc['published']!r} is not an ISO date")
        if doc.get("published_from") not in PUBLISHED_FROM | {None}:
            problems.append(f"{where}: published_from {doc['published_from']!r}")
        for phrase in [doc["title"], *doc.get("text_contains", [])]:
            if phrase not in text:
                problems.append(f"{where}: {phrase!r} is not in the sample")
        forbidden = doc.get("forbidden", {})
        for phrase in forbidden.get("strings", []):
            if phrase not in text:
                problems.append(f"{where}: forbidden string {phrase!r} does not occur in the page, so it tests nothing")
        for iso in forbidden.get("dates", []):
            if not _ISO_DATE.match(iso):
                problems.append(f"{where}: forbidden date {iso!r} is not ISO")
        for table in CHECKED_TABLES:
            for item in doc.get(table, []):
                problems.extend(_item_problems(where, table, item, text))
        for table in doc.get("tolerate_extra", {}):
            if table not in CHECKED_TABLES:
                problems.append(f"{where}: tolerate_extra names unknown table {table!r}")
    assert not problems, "\n".join(problems)


def _item_problems(where: str, table: str, item: Mapping[str, Any], text: str) -> list[str]:
    problems = []
    if not isinstance(item.get("optional"), bool):
        problems.append(f"{where} {table}: {item} lacks optional: true|false")
    surface = item.get("text") or item.get("name")
    if surface and table != "officials" and surface not in text and fold(surface) not in fold(text):
        problems.append(f"{where} {table}: {surface!r} is not in the sample")
    if table == "officials" and item["name"].split()[-1] not in text:
        problems.append(f"{where} officials: {item['name']!r} is not in the sample")
    if table in QUALIFIED_TABLES and item.get("qualifier") not in QUALIFIERS | {None}:
        problems.append(f"{where} {table}: unknown qualifier {item.get('qualifier')!r}")
    if item.get("qualifier") == "range" and item.get("value_high") is None:
        problems.append(f"{where} {table}: a range needs value_high: {item}")
    if table == "amounts" and not _CURRENCY.match(item.get("currency") or ""):
        problems.append(f"{where} amounts: currency {item.get('currency')!r} is not ISO 4217")
    if table == "durations" and not _ISO_DURATION.match(item.get("iso") or ""):
        problems.append(f"{where} durations: {item.get('iso')!r} is not an ISO 8601 duration")
    if table == "dates" and not _ISO_DATE.match(item.get("iso") or ""):
        problems.append(f"{where} dates: {item.get('iso')!r} is not an ISO date at its granularity")
    if table in ("figures", "amounts", "percentages") and not isinstance(item.get("value"), (int, float)):
        problems.append(f"{where} {table}: value must be a number: {item}")
    return problems


# --- outcomes ----------------------------------------------------------------------------------------


def test_every_document_ends_in_exactly_one_row(sample_run: SampleRun) -> None:
    """Each document (a JSONL line, a WARC record) is one articles row or one errors row, never both or none."""
    seen = Counter(
        [gold_source_name(r["source"]) for r in sample_run.tables["articles"]]
        + [gold_source_name(r["source"]) for r in sample_run.tables["errors"]]
    )
    expected = Counter(e.source for e in EXPECTED_DOCUMENTS)
    problems = [f"{source}: expected 1 row, found {seen[source]}" for source in expected if seen[source] != 1]
    problems += [f"{source}: {count} unexpected row(s) for a document no expectation names" for source, count in seen.items()
                 if source not in expected]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("expected", ERRORS, ids=_ids(ERRORS))
def test_expected_error(sample_run: SampleRun, expected: Expected) -> None:
    rows = sample_run.error_by_source.get(expected.source, [])
    assert not sample_run.article_by_source.get(expected.source), f"{expected.label}: should be an errors row, not an article"
    assert len(rows) == 1, f"{expected.label}: expected one errors row, found {len(rows)}"
    row = rows[0]
    want = (expected.document["stage"], expected.document["error"])
    assert (row["stage"], row["error"]) == want, (
        f"{expected.label}: expected errors row stage/error {want}, got {(row['stage'], row['error'])}: {row['message']}"
    )
    assert row["message"], f"{expected.label}: the errors row has no message"


@pytest.mark.parametrize("expected", ARTICLES, ids=_ids(ARTICLES))
def test_article_metadata(sample_run: SampleRun, expected: Expected) -> None:
    """Title, publication date (and where it came from), site, origin, language and body text."""
    article = sample_run.article(expected)
    doc = expected.document
    problems = []
    if fold(article.get("title")) != fold(doc["title"]):
        problems.append(f"title: expected {doc['title']!r}, got {article.get('title')!r}")
    published = str(article.get("published") or "") or None
    if published != doc.get("published"):
        problems.append(f"published: expected {doc.get('published')!r}, got {published!r}")
    for field in ("published_from", "site_name", "origin", "language"):
        if field in doc and (article.get(field) or None) != doc[field]:
            problems.append(f"{field}: expected {doc[field]!r}, got {article.get(field)!r}")
    if "url" in doc and article.get("url") != doc["url"]:
        problems.append(f"url: expected {doc['url']!r}, got {article.get('url')!r}")
    text = article.get("text") or ""
    for phrase in doc.get("text_contains", []):
        if phrase not in text:
            problems.append(f"articles.text lacks {phrase!r}")
    if not text.startswith(article.get("title") or "\x00"):
        problems.append("articles.text does not start with the title")
    assert not problems, f"{expected.label}:\n  " + "\n  ".join(problems)


# --- chrome must not leak ----------------------------------------------------------------------------


def _strings_of(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = []
    for column, value in row.items():
        if column in ("doc_id", "source"):
            continue
        if isinstance(value, str):
            found.append((column, value))
        elif isinstance(value, list):
            found.extend((column, v) for v in value if isinstance(v, str))
    return found


@pytest.mark.parametrize("expected", ARTICLES, ids=_ids(ARTICLES))
def test_no_chrome_in_text_or_facts(sample_run: SampleRun, expected: Expected) -> None:
    """Forbidden strings (widgets, bios, related articles, footers) appear nowhere; forbidden numbers and dates in no fact row."""
    article = sample_run.article(expected)
    forbidden = expected.document.get("forbidden", {})
    strings = forbidden.get("strings", [])
    values = [float(v) for v in forbidden.get("values", [])]
    dates = set(forbidden.get("dates", []))
    leaks = [f"articles.text contains {s!r}" for s in strings if s in (article.get("text") or "")]
    for table in FACT_TABLES:
        for row in sample_run.facts(table, article["doc_id"]):
            for column, value in _strings_of(row):
                leaks += [f"{table}.{column} contains {s!r}: {_brief(table, row)}" for s in strings if s in value]
            for column in ("value", "value_high"):
                number = row.get(column)
                if number is not None and any(abs(float(number) - v) <= 1e-9 * max(1.0, abs(v)) for v in values):
                    leaks.append(f"{table}.{column} is the chrome number {float(number):g}: {_brief(table, row)}")
            if table == "dates" and row.get("iso") in dates:
                leaks.append(f"dates.iso is the chrome date {row['iso']}: {_brief(table, row)}")
    assert not leaks, f"{expected.label}:\n  " + "\n  ".join(leaks)


# --- facts -------------------------------------------------------------------------------------------


_BRIEF_COLUMNS = {
    "organisations": ("name", "acronym", "aliases"),
    "officials": ("name", "title", "organisation"),
    "amounts": ("text", "value", "value_high", "currency", "qualifier"),
    "durations": ("text", "iso", "qualifier"),
    "figures": ("text", "value", "value_high", "noun", "qualifier"),
    "percentages": ("text", "value", "value_high", "qualifier"),
    "dates": ("text", "iso"),
}


def _brief(table: str, row: Mapping[str, Any]) -> str:
    columns = _BRIEF_COLUMNS.get(table, ("text", "name", "quote"))
    parts = {c: row.get(c) for c in columns if row.get(c) not in (None, [], "")}
    for key, value in parts.items():
        if hasattr(value, "as_tuple"):  # Decimal money → plain number for reading
            parts[key] = float(value)
    return json.dumps(parts, ensure_ascii=False, default=str)


@dataclass
class TableMatch:
    """The contract's greedy one-to-one matching of one document's rows for one table."""

    missing: list[Mapping[str, Any]]
    extra: list[Mapping[str, Any]]
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any]]]


def match_table(table: str, predicted: Sequence[Mapping[str, Any]], expected: Sequence[Mapping[str, Any]]) -> TableMatch:
    """Pair predicted rows with expected rows exactly as ``pipeline.evaluate.score_document`` counts them."""
    matches = ROW_MATCHERS[table]
    taken = [False] * len(expected)
    extra, pairs = [], []
    for row in predicted:
        free = next((i for i, item in enumerate(expected) if not taken[i] and matches(row, item)), None)
        if free is None:
            repeats_a_match = any(taken[i] and matches(row, item) for i, item in enumerate(expected))
            if table in ONE_ROW_PER_ENTITY or not repeats_a_match:
                extra.append(row)
            continue
        taken[free] = True
        pairs.append((row, expected[free]))
    missing = [item for i, item in enumerate(expected) if not taken[i] and not item.get("optional")]
    return TableMatch(missing=missing, extra=extra, pairs=pairs)


FACT_CASES = [(e, table) for e in ARTICLES for table in CHECKED_TABLES]
FACT_IDS = [f"{e.label}::{table}" for e, table in FACT_CASES]


@pytest.mark.parametrize("expected,table", FACT_CASES, ids=FACT_IDS)
def test_facts(sample_run: SampleRun, expected: Expected, table: str) -> None:
    """Every non-optional expected fact is found, and no row is a false positive (unless tolerated)."""
    article = sample_run.article(expected)
    predicted = sample_run.facts(table, article["doc_id"])
    result = match_table(table, predicted, expected.document.get(table, []))
    tolerate = bool(expected.document.get("tolerate_extra", {}).get(table))
    lines = []
    if result.missing:
        lines.append(f"missing {len(result.missing)} expected row(s):")
        lines += [f"    - {_brief(table, item)}" for item in result.missing]
    if result.extra and not tolerate:
        lines.append(f"{len(result.extra)} extra row(s) (false positives):")
        lines += [f"    + {_brief(table, row)}" for row in result.extra]
    assert not lines, f"{expected.label} / {table} ({len(predicted)} rows predicted):\n  " + "\n  ".join(lines)


ATTRIBUTE_CASES = [(e, t) for e in ARTICLES for t in ("officials", "amounts", "durations", "figures", "percentages")
                   if e.document.get(t)]


@pytest.mark.parametrize("expected,table", ATTRIBUTE_CASES, ids=[f"{e.label}::{t}" for e, t in ATTRIBUTE_CASES])
def test_fact_attributes(sample_run: SampleRun, expected: Expected, table: str) -> None:
    """For each found fact: qualifier and range end (amounts, durations, figures, percentages); title and organisation (officials).

    A fact counts as right when any predicted row that matches it carries the right
    attributes (the headline's "EUR 3.4 Million" may repeat the body's "Some EUR 3.4 million").
    """
    article = sample_run.article(expected)
    predicted = sample_run.facts(table, article["doc_id"])
    matches = ROW_MATCHERS[table]
    wrong = []
    for item in expected.document[table]:
        candidates = [row for row in predicted if matches(row, item)]
        if not candidates:
            continue  # reported by test_facts
        if table == "officials":
            if not any(titles_agree(row.get("title"), item["title"]) for row in candidates):
                wrong.append(f"{item['name']}: title {[row.get('title') for row in candidates]} != {item['title']!r}")
            if item.get("organisation") and not any(
                _organisation_right(row.get("organisation"), item["organisation"], expected.document) for row in candidates
            ):
                wrong.append(f"{item['name']}: organisation {[row.get('organisation') for row in candidates]} "
                             f"!= {item['organisation']!r}")
            continue
        if item.get("qualifier") and not any((row.get("qualifier") or "exact") == item["qualifier"] for row in candidates):
            wrong.append(f"{item['text']!r}: qualifier {[row.get('qualifier') for row in candidates]} != {item['qualifier']!r}")
        if item.get("value_high") is not None and not any(
            within(row.get("value_high"), item["value_high"], 0.005) for row in candidates
        ):
            wrong.append(f"{item['text']!r}: value_high {[_number(row.get('value_high')) for row in candidates]} "
                         f"!= {item['value_high']}")
    assert not wrong, f"{expected.label} / {table}:\n  " + "\n  ".join(wrong)


def _organisation_right(predicted: Any, expected_name: str, document: Mapping[str, Any]) -> bool:
    """The scorer's containment rule, also accepting any other name of the same expected organisation.

    "SRW's Director of Research" names the organisation by its acronym; "SRW" is as right as
    "Seafarers' Rights Watch" when the expectation lists them as one organisation.
    """
    if organisations_agree(predicted, expected_name):
        return True
    for organisation in document.get("organisations", []):
        names = [organisation["name"], organisation.get("acronym"), *organisation.get("aliases", [])]
        if any(organisations_agree(expected_name, name) for name in names if name):
            return any(fold(predicted) == fold(name) for name in names if name)
    return False


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def test_fact_offsets_point_into_the_text(sample_run: SampleRun) -> None:
    """Every fact row's start/end lie inside its article's text, so a reader can audit it."""
    lengths = {row["doc_id"]: len(row["text"] or "") for row in sample_run.tables["articles"]}
    bad = []
    for table in FACT_TABLES:
        for row in sample_run.tables.get(table, []):
            if "start" not in row:
                continue
            size = lengths.get(row["doc_id"])
            if size is None:
                bad.append(f"{table}: row for unknown doc_id {row['doc_id']}: {_brief(table, row)}")
            elif not (0 <= row["start"] < row["end"] <= size):
                bad.append(f"{table}: span {row['start']}:{row['end']} outside text of {size} chars: {_brief(table, row)}")
    assert not bad, "\n".join(bad[:40])


# --- the command line on each sample ----------------------------------------------------------------


SAMPLE_FILES = sorted(payload["input"] for _, payload in EXPECTATION_FILES)


@pytest.mark.parametrize("file_name", SAMPLE_FILES)
def test_inspect_prints_json_for_each_sample(file_name: str) -> None:
    """``newsfacts inspect`` reports an article or an error as JSON on every sample, never a traceback."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["inspect", str(SAMPLES / file_name)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{file_name}: inspect raised {result.exception!r}\n{result.output}"
    )
    first_expected = next(e for e in EXPECTED_DOCUMENTS if e.input == file_name)
    payload = json.loads(result.stdout)
    if first_expected.document["outcome"] == "error":
        assert result.exit_code == 1 and "error" in payload, f"{file_name}: expected an error report, got {result.output[:300]}"
    else:
        assert result.exit_code == 0 and "article" in payload, f"{file_name}: expected an article, got {result.output[:300]}"
