"""The rule pattern files are plain JSONL that spaCy's own readers load, with their provenance beside them."""

from __future__ import annotations

import pytest
import spacy
import srsly
from spacy.pipeline import SpanRuler

from pipeline.components import load_patterns
from pipeline.resources import model_path, read_jsonl

PATTERN_FILES = sorted(model_path("patterns").glob("*.jsonl"))


def test_there_are_pattern_files():
    assert {path.name for path in PATTERN_FILES} >= {"organisations.jsonl", "programmes.jsonl", "titles.jsonl"}


@pytest.mark.parametrize("path", PATTERN_FILES, ids=lambda path: path.name)
def test_every_pattern_file_loads_with_srsly_and_a_span_ruler(path):
    rows = list(srsly.read_jsonl(path))
    assert rows and rows == list(read_jsonl(path))
    assert all({"label", "pattern"} <= set(row) for row in rows)
    ruler = SpanRuler(spacy.blank("en"), validate=True)
    ruler.add_patterns(rows)
    assert len(ruler.patterns) == len(rows)


def test_every_pattern_file_has_its_provenance_in_the_readme():
    readme = model_path("patterns", "README.md").read_text(encoding="utf-8")
    for path in PATTERN_FILES:
        assert f"## {path.name}" in readme, f"{path.name} needs a section with its provenance in README.md"
    assert "Provenance" in readme


def test_the_rule_layer_reads_exactly_the_rows_of_the_files():
    assert len(load_patterns(model_path("patterns"))) == sum(len(list(srsly.read_jsonl(p))) for p in PATTERN_FILES)
