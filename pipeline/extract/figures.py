"""Figures and percentages (baseline: CARDINAL entities followed by a noun)."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extract.common import mention, overlaps
from pipeline.records import CleanDocument, Figure, Percentage


def extract_figures(doc: Doc, article: CleanDocument, taken: list[tuple[int, int]]) -> list[Figure]:
    """One row per counted noun."""
    rows = []
    for ent in doc.ents:
        if ent.label_ != "CARDINAL" or overlaps(ent.start_char, ent.end_char, taken) or ent.end >= len(doc):
            continue
        noun = doc[ent.end]
        try:
            value = float(ent.text.replace(",", ""))
        except ValueError:
            continue
        if noun.pos_ == "NOUN":
            m = mention(doc[ent.start : ent.end + 1])
            rows.append(Figure(text=m.sentence[:0] + doc[ent.start : ent.end + 1].text, value=value, value_high=None,
                               qualifier="exact", noun=noun.text, start=m.start, end=m.end, sentence=m.sentence))
    return rows


def extract_percentages(doc: Doc, article: CleanDocument) -> list[Percentage]:
    """One row per percentage."""
    return []
