"""The words around a number → its qualifier: "more than", "up to", "about", "or more", "hundreds of".

``qualifier_before``/``qualifier_after``/``vague_number`` read the words around a number using
``models/qualifiers.tsv``, the one list of qualifier words amounts, durations and figures share;
``clause_qualifier`` reads a cue earlier in the clause ("faces a maximum of 20 years and a
$250,000 fine"). Pure and spaCy-free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pipeline import lexicon

__all__ = [
    "QUALIFIERS",
    "QualifierTable",
    "clause_qualifier",
    "qualifier_after",
    "qualifier_after_span",
    "qualifier_before",
    "qualifier_before_span",
    "qualifier_table",
    "vague_number",
]

#: Every qualifier the contract allows, in the order the contract lists them.
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "up_to", "nearly", "range", "vague")
_POSITIONS = ("before", "after", "vague", "clause", "reset")


@dataclass(frozen=True, slots=True)
class QualifierTable:
    """The qualifier words of ``models/qualifiers.tsv``, compiled for lookups."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    vague: re.Pattern[str]
    clause: re.Pattern[str]
    reset: re.Pattern[str]
    qualifier_of: dict[tuple[str, str], str]
    vague_values: dict[str, Decimal]


def _alternation(phrases: Iterable[str]) -> str:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@lru_cache(maxsize=1)
def qualifier_table() -> QualifierTable:
    """``models/qualifiers.tsv`` loaded once and validated."""
    qualifier_of: dict[tuple[str, str], str] = {}
    vague_values: dict[str, Decimal] = {}
    for row in lexicon.rows("qualifiers.tsv", required=("qualifier", "position", "phrase")):
        qualifier, position = row["qualifier"], row["position"]
        if qualifier not in QUALIFIERS or position not in _POSITIONS:
            row.reject(f"needs a qualifier in {QUALIFIERS} and a position in {_POSITIONS}")
        phrase = " ".join(row["phrase"].lower().split())
        if (position, phrase) in qualifier_of:
            row.reject(f"repeats {position} phrase {phrase!r}")
        qualifier_of[(position, phrase)] = qualifier
        if position == "vague":
            try:
                vague_values[phrase] = Decimal(row.get("value"))
            except InvalidOperation:
                row.reject("a vague phrase needs a numeric value")
    before = [p for (pos, p) in qualifier_of if pos == "before"]
    after = [p for (pos, p) in qualifier_of if pos == "after"]
    clause = [p for (pos, p) in qualifier_of if pos == "clause"]
    reset = [p for (pos, p) in qualifier_of if pos == "reset"]
    return QualifierTable(
        # A phrase counts only as whole words at the very end of the text before the number.
        before=re.compile(r"(?:^|(?<=[^\w]))(" + _alternation(before) + r")[\s$€£¥₹]*$", re.IGNORECASE),
        after=re.compile(r"^\s*(" + _alternation(after) + r")(?!\w)", re.IGNORECASE),
        vague=re.compile(r"^\s*(" + _alternation(vague_values) + r")(?:\s+of)?(?!\w)", re.IGNORECASE),
        clause=re.compile(r"(?<!\w)(" + _alternation(clause) + r")(?!\w)", re.IGNORECASE),
        reset=re.compile(r"(?<!\w)(" + _alternation(reset) + r")(?!\w)", re.IGNORECASE),
        qualifier_of=qualifier_of,
        vague_values=vague_values,
    )


def _as_text(words: str | Iterable[str]) -> str:
    return words if isinstance(words, str) else " ".join(words)


def qualifier_before(words: str | Iterable[str]) -> str:
    """The qualifier the words right before a number give it ("more than" → ``more_than``).

    Args:
        words: the text (or tokens) that ends right where the number starts, e.g. the
            sentence up to the number; only its last words matter.

    Returns:
        One of :data:`QUALIFIERS`; ``exact`` when no qualifier word ends the text.
    """
    return qualifier_before_span(words)[0]


def qualifier_before_span(words: str | Iterable[str]) -> tuple[str, int]:
    """Like :func:`qualifier_before`, with how many characters at the end of the text the words take."""
    text = _as_text(words)[-60:]
    table = qualifier_table()
    match = table.before.search(text)
    if not match:
        return "exact", 0
    return table.qualifier_of[("before", " ".join(match.group(1).lower().split()))], len(text) - match.start(1)


def clause_qualifier(words: str | Iterable[str]) -> str | None:
    """A qualifier set earlier in the clause, as in statutory penalties.

    "faces a maximum penalty of 20 years in prison and a $250,000 fine": every number after
    "maximum" is an upper bound (``up_to``), until a word that starts a new statement
    ("sentenced", "ordered", "but" …; ``reset`` rows of ``models/qualifiers.tsv``).

    Args:
        words: the sentence up to the number.

    Returns:
        The qualifier of the last cue before the number, or ``None``.
    """
    text = _as_text(words)
    table = qualifier_table()
    cue = None
    for cue in table.clause.finditer(text):
        pass
    if cue is None:
        return None
    if table.reset.search(text, cue.end()):
        return None
    return table.qualifier_of[("clause", " ".join(cue.group(1).lower().split()))]


def qualifier_after(words: str | Iterable[str]) -> str | None:
    """The qualifier the words right after a number give it ("or more" → ``at_least``), or ``None``."""
    return qualifier_after_span(words)[0]


def qualifier_after_span(words: str | Iterable[str]) -> tuple[str | None, int]:
    """Like :func:`qualifier_after`, with how many characters at the start of the text the words take."""
    text = _as_text(words)[:40]
    table = qualifier_table()
    match = table.after.match(text)
    if not match:
        return None, 0
    return table.qualifier_of[("after", " ".join(match.group(1).lower().split()))], match.end()


def vague_number(words: str | Iterable[str]) -> tuple[Decimal, int] | None:
    """The number a vague phrase stands for and the characters it spans.

    "hundreds of victims" → (100, 12); "tens of thousands of" → (10000, 22); "dozens" → (12, 6).
    """
    text = _as_text(words)
    table = qualifier_table()
    match = table.vague.match(text)
    if not match:
        return None
    return table.vague_values[" ".join(match.group(1).lower().split())], match.end()
