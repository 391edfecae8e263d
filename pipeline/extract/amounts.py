"""Money amounts (baseline: spaCy MONEY entities with '$' digits)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc

from pipeline.extract.common import mention
from pipeline.records import Amount, CleanDocument

_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9}


def extract_amounts(doc: Doc, article: CleanDocument) -> list[Amount]:
    """One row per money mention."""
    rows = []
    for ent in doc.ents:
        if ent.label_ != "MONEY":
            continue
        match = re.search(r"([\d,]+(?:\.\d+)?)\s*(thousand|million|billion)?", ent.text)
        if not match:
            continue
        try:
            value = Decimal(match.group(1).replace(",", "")) * _SCALE.get(match.group(2) or "", 1)
        except InvalidOperation:
            continue
        m = mention(ent)
        rows.append(Amount(text=ent.text, value=value, value_high=None, currency="USD" if "$" in ent.text else None,
                           qualifier="exact", role=None, start=m.start, end=m.end, sentence=m.sentence))
    return rows
