"""spaCy components of newsfacts and their factory registrations (all in this module).

Factories are also declared as ``spacy_factories`` entry points in ``pyproject.toml`` so a
fresh worker process (spawn start method, Dask worker) finds them without importing us first.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.pipeline import SpanRuler

from pipeline.resources import model_path, read_jsonl

#: The span group every rule match is written to: ``doc.spans[RULES_SPANS_KEY]``.
RULES_SPANS_KEY = "newsfacts"


def load_patterns(folder: Path) -> list[dict]:
    """Every pattern in ``folder/*.jsonl``, in file-name order, each tagged with its file."""
    patterns: list[dict] = []
    for path in sorted(folder.glob("*.jsonl")):
        for row in read_jsonl(path):
            if "label" not in row or "pattern" not in row:
                raise ValueError(f"{path}: every pattern needs 'label' and 'pattern': {row}")
            patterns.append({"label": row["label"], "pattern": row["pattern"], "id": row.get("id", path.stem)})
    return patterns


@Language.factory(
    "newsfacts_rules",
    default_config={"spans_key": RULES_SPANS_KEY, "patterns_dir": None, "validate": True},
)
def make_rule_ruler(
    nlp: Language, name: str, spans_key: str, patterns_dir: str | None, validate: bool
) -> SpanRuler:
    """A SpanRuler loaded with the packaged rule patterns (``models/patterns/*.jsonl``).

    Matches land in ``doc.spans[spans_key]``, overlapping matches kept: the extractors
    decide between them, since e.g. a title inside an organisation name is useful to both.
    """
    ruler = SpanRuler(nlp, name, spans_key=spans_key, annotate_ents=False, validate=validate, overwrite=True)
    folder = Path(patterns_dir) if patterns_dir else model_path("patterns")
    patterns = load_patterns(folder)
    # Phrase patterns become token patterns: SpanRuler would run the whole (still
    # half-built) pipeline over each phrase, which is slow and warns (W012).
    for pattern in patterns:
        if isinstance(pattern["pattern"], str):
            pattern["pattern"] = [{"ORTH": token.text} for token in nlp.make_doc(pattern["pattern"])]
    ruler.add_patterns(patterns)
    return ruler


@Language.component("newsfacts_paragraph_breaks")
def mark_paragraph_breaks(doc):
    """Start a sentence after every line break, before the parser decides the rest.

    The cleaned text is a headline and paragraphs separated by newlines. The parser
    respects sentence starts that are already set, and without this it often runs a
    headline into the first paragraph, so a fact's evidence sentence and every
    sentence-bound rule (officials, quotes, roles) would span both.
    """
    last = len(doc) - 1
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            first = doc[token.i + 1]
            if first.is_space:
                continue
            first.is_sent_start = True
            # A preset start alone makes the small parser split again right after it
            # ("INTERPOL | Secretary General …"): keep the paragraph's second token inside.
            if first.i < last and not doc[first.i + 1].is_space and "\n" not in first.whitespace_:
                doc[first.i + 1].is_sent_start = False
    return doc
