"""Money amounts: value, ISO currency, range, qualifier and role of every money mention.

The amounts are found by :func:`pipeline.normalize.money.find_money` over the article text
(symbols and codes before or after the number, names, ranges, vague "millions of dollars"):
spaCy's MONEY entities miss "EUR 2.1 million", split ranges and call gallons money, so they
only decide words the rules find ambiguous ("50 pounds" is money only where spaCy agrees). The
qualifier comes from the words right before or after the amount, else from a cue earlier
in the clause ("faces a maximum … and a $250,000 fine" is ``up_to``); the role from the
nearest role word in ``models/amount_roles.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.extract.view import doc_text, entities, mention, view_of
from pipeline.normalize.money import MoneyMatch, find_money, money_context
from pipeline.normalize.numbers import clause_qualifier, qualifier_after, qualifier_before_span
from pipeline.records import Amount, CleanDocument
from pipeline.resources import model_path, read_tsv

__all__ = ["amount_role", "extract_amounts"]

_ROLE_AFTER = 6  # words after an amount that may name its role ("$250,000 fine")
_ROLE_BEFORE = 12  # words before it ("agreed under the settlement to pay")
_WORDS = re.compile(r"[A-Za-z]+|[.;:!?()]")


@dataclass(frozen=True, slots=True)
class RoleWord:
    """A row of ``models/amount_roles.tsv``."""

    role: str
    stem: str
    side: str


@lru_cache(maxsize=1)
def role_words() -> tuple[RoleWord, ...]:
    """``models/amount_roles.tsv`` loaded once and validated."""
    path = model_path("amount_roles.tsv")
    rows = []
    for number, row in enumerate(read_tsv(path), 2):
        role, stem, side = (row.get("role") or "").strip(), (row.get("stem") or "").strip().lower(), (row.get("side") or "").strip()
        if not role or not stem or side not in ("before", "after", "either"):
            raise ValueError(f"{path}: row {number} needs a role, a stem and a side (before|after|either): {row}")
        rows.append(RoleWord(role, stem, side))
    return tuple(rows)


def _role_at(word: str, side: str) -> str | None:
    lowered = word.lower()
    for row in role_words():
        if row.side in (side, "either") and lowered.startswith(row.stem):
            return row.role
    return None


def amount_role(before: str, after: str) -> str | None:
    """The role of an amount from the sentence text before and after it (nearest role word wins).

    Args:
        before: the sentence up to the amount.
        after: the sentence after the amount.

    Returns:
        A role such as ``fine``, ``restitution``, ``forfeiture``, ``loss``, ``bribe`` or ``None``.
    """
    after_words = _WORDS.findall(after)[:_ROLE_AFTER]
    before_words = _WORDS.findall(before)[-_ROLE_BEFORE:][::-1]
    for distance in range(max(_ROLE_AFTER, _ROLE_BEFORE)):
        for words, side in ((after_words, "after"), (before_words, "before")):
            if distance < len(words):
                if words[distance] in ".;:!?()":  # the role words of another clause do not count
                    words[distance + 1 :] = []
                    continue
                role = _role_at(words[distance], side)
                if role:
                    return role
    return None


def _qualifier(text: str, found: MoneyMatch, sentence_start: int) -> tuple[str, int]:
    """Qualifier of an amount and where its text starts (qualifier words included)."""
    if found.qualifier in ("range", "vague"):
        return found.qualifier, found.start
    before_text = text[max(sentence_start, found.start - 60) : found.start]
    qualifier, width = qualifier_before_span(before_text)
    if qualifier not in ("exact", "range"):
        return qualifier, found.start - width
    after = qualifier_after(text[found.end : found.end + 40])
    if after:
        return after, found.start
    clause = clause_qualifier(text[sentence_start : found.start])
    return clause or "exact", found.start


def extract_amounts(doc: Doc, article: CleanDocument) -> list[Amount]:
    """One row per money mention, in text order.

    Args:
        doc: the parsed article text (``article.text``).
        article: the cleaned article, for its URL (the currency of "$" outside the U.S.).
    """
    text = doc_text(doc)
    context = money_context(text, article.url, article.language)
    # spaCy's MONEY entities settle words the rules cannot ("50 pounds": money or weight?).
    money_spans = [(ent.start_char, ent.end_char) for ent in entities(doc) if ent.label == "MONEY"]
    found = find_money(text, context, money_spans)
    sentences = view_of(doc).sentences
    rows = []
    for amount in sorted(found, key=lambda m: m.start):
        span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
        if span is None:
            continue
        evidence = mention(span)
        sentence_start, sentence_end = sentences.sentence_chars(span) if sentences.annotated else (0, len(text))
        qualifier, start = _qualifier(text, amount, sentence_start)
        role = amount_role(text[sentence_start:amount.start], text[amount.end:sentence_end])
        rows.append(
            Amount(
                text=text[start : amount.end],
                value=amount.value,
                value_high=amount.value_high,
                currency=amount.currency,
                qualifier=qualifier,
                role=role,
                start=start,
                end=amount.end,
                sentence=evidence.sentence,
            )
        )
    return rows
