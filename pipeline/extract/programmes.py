"""Named projects, operations, initiatives, databases and laws (placeholder: none yet)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from pipeline.records import CleanDocument, Organisation, Programme


def extract_programmes(doc: Doc, article: CleanDocument, organisations: Sequence[Organisation]) -> list[Programme]:
    """Programmes named in the document."""
    return []
