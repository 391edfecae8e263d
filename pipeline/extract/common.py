"""Small helpers every extractor shares: evidence from spans, qualifier words."""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.records import Mention


def mention(span: Span) -> Mention:
    """Offsets and sentence of a span (the sentence falls back to the span itself)."""
    try:
        sentence = span.sent.text
    except ValueError:  # no sentence boundaries (blank pipelines in tests)
        sentence = span.text
    return Mention(start=span.start_char, end=span.end_char, sentence=sentence.strip())


def overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of the ``taken`` character ranges."""
    return any(start < t_end and t_start < end for t_start, t_end in taken)
