"""Funding and commitment events linking organisations, amounts and durations (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from pipeline.records import Amount, CleanDocument, DateMention, Duration, Event, Organisation, Programme


def extract_events(
    doc: Doc,
    article: CleanDocument,
    organisations: Sequence[Organisation],
    amounts: Sequence[Amount],
    durations: Sequence[Duration],
    programmes: Sequence[Programme],
    dates: Sequence[DateMention],
) -> list[Event]:
    """Events in the document."""
    return []
