"""What an organisation's name looks like, asked by every phase: head words, possessives, known names."""

from __future__ import annotations

import re

from pipeline.extract.org_gazetteer import known_organisations, name_shapes
from pipeline.extract.view import DocView

INNER_LINKS = frozenset({"of", "for", "on", "in", "and", "&", "at"})
POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
ACRONYM_AFTER = re.compile(r"^\s*\(\s*(?:the\s+)?[\"“]?(?P<acronym>[A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9])[\"”]?\s*\)")
# NER labels whose tokens are not part of an organisation name when a candidate only covers them.
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


def depossessive(word: str, next_known: bool = False) -> str | None:
    """The word without a DOJ-style possessive "s" ("Departments" → "Department"), or None."""
    if len(word) < 3 or not word.endswith("s") or word.endswith("ss"):
        return None
    bare = word[:-1]
    shapes = name_shapes()
    if bare.isupper() and len(bare) >= 2:
        return bare
    if (bare.lower() in shapes.heads or bare.lower() in shapes.company_suffixes) and word.lower() not in shapes.heads:
        return bare
    if next_known or known_organisations().lookup(bare) is not None:
        return bare
    return None


def org_like(text: str) -> bool:
    """Whether a stretch of words names an organisation on its own (known, or head-shaped)."""
    words = text.split()
    if not words:
        return False
    shapes = name_shapes()
    if known_organisations().lookup(text) is not None:
        return True
    if len(words) >= 2 and (words[-1].lower() in shapes.heads or words[-1].lower() in shapes.company_suffixes):
        return True
    return any(
        w.lower() in shapes.heads and w[:1].isupper() and following in {"of", "for", "on"}
        for w, following in zip(words[:-2], words[1:-1])
    )


def text_of(view: DocView, start_char: int, end_char: int) -> str:
    return " ".join(view.text[start_char:end_char].split())
