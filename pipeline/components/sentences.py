"""Sentence starts at paragraph breaks, set before the model's senter or parser decides the rest.

Registered as the ``newsfacts_paragraph_breaks`` component in :mod:`pipeline.components.factories`.
"""

from __future__ import annotations

from spacy.tokens import Doc


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser decides the rest.

    The cleaned text is a headline and paragraphs separated by newlines. The parser
    respects sentence starts that are already set, and without this it often runs a
    headline into the first paragraph, so a fact's evidence sentence and every
    sentence-bound rule (officials, quotes, roles) would span both.
    """
    last = len(doc) - 1
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            first = doc[token.i + 1]
            if first.is_space:
                continue
            first.is_sent_start = True
            # A preset start alone makes the small parser split again right after it
            # ("INTERPOL | Secretary General …"): keep the paragraph's second token inside.
            if first.i < last and not doc[first.i + 1].is_space and "\n" not in first.whitespace_:
                doc[first.i + 1].is_sent_start = False
    return doc
