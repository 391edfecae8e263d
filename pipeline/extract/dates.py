"""Dates (baseline: four-digit years from DATE entities)."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from pipeline.extract.common import mention
from pipeline.records import CleanDocument, DateMention


def extract_dates(doc: Doc, article: CleanDocument) -> list[DateMention]:
    """One row per date mention."""
    rows = []
    for ent in doc.ents:
        if ent.label_ == "DATE" and re.fullmatch(r"(19|20)\d\d", ent.text):
            m = mention(ent)
            rows.append(DateMention(text=ent.text, iso=ent.text, date=dt.date(int(ent.text), 1, 1), granularity="year",
                                    relative=False, start=m.start, end=m.end, sentence=m.sentence))
    return rows
