"""Officials (baseline: PERSON entities preceded by a capitalised word)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from pipeline.extract.common import mention
from pipeline.records import CleanDocument, Official, Organisation


def extract_officials(doc: Doc, article: CleanDocument, organisations: Sequence[Organisation]) -> list[Official]:
    """One row per person with a title."""
    rows: dict[str, Official] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.start == 0:
            continue
        prev = doc[ent.start - 1]
        if prev.is_title and prev.pos_ in {"PROPN", "NOUN"} and ent.text not in rows:
            m = mention(ent)
            rows[ent.text] = Official(name=ent.text, title=prev.text, organisation=None, mentions=1,
                                      start=m.start, end=m.end, sentence=m.sentence, rule="baseline")
    return list(rows.values())
