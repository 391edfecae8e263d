"""Organisations (baseline: spaCy ORG entities, merged by exact name)."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extract.common import mention
from pipeline.records import CleanDocument, Organisation


def extract_organisations(doc: Doc, article: CleanDocument) -> list[Organisation]:
    """One row per distinct organisation."""
    seen: dict[str, list] = {}
    for ent in doc.ents:
        if ent.label_ == "ORG":
            seen.setdefault(ent.text, []).append(ent)
    rows = []
    for name, ents in seen.items():
        m = mention(ents[0])
        rows.append(Organisation(name=name, acronym=None, aliases=(), mentions=len(ents),
                                 start=m.start, end=m.end, sentence=m.sentence))
    return rows
