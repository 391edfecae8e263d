"""Durations (baseline: '<digits> years|months' only)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.records import CleanDocument, Duration

_PATTERN = re.compile(r"\b(\d+)[ -](year|month|week|day)s?\b")
_ISO = {"year": "Y", "month": "M", "week": "W", "day": "D"}


def extract_durations(doc: Doc, article: CleanDocument) -> list[Duration]:
    """One row per duration mention."""
    rows = []
    for match in _PATTERN.finditer(doc.text):
        value, unit = int(match.group(1)), match.group(2)
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        sentence = span.sent.text if span is not None and doc.has_annotation("SENT_START") else match.group(0)
        rows.append(Duration(text=match.group(0), value=float(value), value_high=None, unit=unit,
                             iso=f"P{value}{_ISO[unit]}", qualifier="exact", start=match.start(),
                             end=match.end(), sentence=sentence.strip()))
    return rows
