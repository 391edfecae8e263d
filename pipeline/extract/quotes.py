"""Direct quotations with their speakers (placeholder: none yet)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from pipeline.records import CleanDocument, Official, Quote


def extract_quotes(doc: Doc, article: CleanDocument, officials: Sequence[Official]) -> list[Quote]:
    """Quotes in the document."""
    return []
