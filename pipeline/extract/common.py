"""Small helpers every extractor shares: evidence from spans, qualifier words."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.records import Mention


#: Where :func:`doc_text` keeps a Doc's text (``Doc.text`` rebuilds the string on every read).
_TEXT_KEY = "newsfacts.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc.

    spaCy's ``Doc.text`` joins every token's text on each access; the extractors read it
    hundreds of times per document, which made them cost several times the parse itself.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


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
