"""Candidates: the stretches that may name a body, from the rule layer, the NER, the gazetteer and context."""

from __future__ import annotations

import re

from pipeline.extract.people import is_name_word
from pipeline.extract.org_gazetteer import known_organisations, places
from pipeline.extract.organisations.facts import DocFacts
from pipeline.extract.organisations.shapes import INNER_LINKS
from pipeline.extract.organisations.trim import trim
from pipeline.extract.view import DocView

def candidate_pieces(view: DocView, facts: DocFacts) -> dict[tuple[int, int], set[str]]:
    """Token ranges that may name a body, each with the sources that proposed it, trimmed.

    The rule layer's ORG shapes, the NER's ORG entities, the gazetteer's known names (not a
    state code after a city) and one-word names their context makes bodies.
    """
    doc = view.doc
    candidates: list[tuple[int, int, str]] = []  # token start, token end, source
    candidates.extend((start, end, "rule") for start, end in maximal_rule_spans(view))
    for ent in view.entities:
        if ent.label == "ORG":
            candidates.append((ent.start, ent.end, "ner"))
    text = view.text
    for match in known_organisations().finder.finditer(text):
        if state_code_at(text, match.start(), match.group()):
            continue  # "Reston, VA": a state, not the agency with that acronym
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            candidates.append((span.start, span.end, "gazetteer"))
    candidates.extend((start, end, "context") for start, end in names_in_body_contexts(view, facts))
    pieces: dict[tuple[int, int], set[str]] = {}
    for start, end, source in candidates:
        # A gazetteer match is an exact known name, a context name one word the context made a body:
        # no NER person or sentence split applies inside them.
        found = [(start, end)] if source in {"gazetteer", "context"} else trim(view, start, end, facts)
        for piece in found:
            pieces.setdefault(piece, set()).add(source)
    return pieces

_CONTEXT_LABELS_REFUSED = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})


def names_in_body_contexts(view: DocView, facts: DocFacts) -> list[tuple[int, int]]:
    """One-word names the words around them make bodies, whatever the NER says of them.

    * a name written before a lower-case title and a person, that the text also writes as a group
      ("Rovers captain Sam Ode", and elsewhere "beat the Rovers."): a team or a company;
    * a name a person "told", or that "reported" something ("she told Newsbeat", "Newsbeat reported").
    """
    doc = view.doc
    found = []
    person_words = facts.person_words - facts.body_words
    for start, end in facts.titles:
        word = start - 1
        if word < 1 or not doc[start].is_lower or end >= len(doc) or not is_name_word(doc[end].text):
            continue
        token = doc[word]
        if not token.is_title or token.ent_type_ in _CONTEXT_LABELS_REFUSED:
            continue
        if token.lower_ in INNER_LINKS or word in facts.title_or_modifier_starts or word + 1 in facts.title_ends:
            continue
        if _written_as_group(view, token.text):
            found.append((word, word + 1))
    lowers = view.token_strings.lowers
    for i, lower in enumerate(lowers):
        if lower not in {"told", "reported", "reports"}:
            continue
        word = i + 1 if lower == "told" else i - 1
        if not 0 <= word < len(doc):
            continue
        token = doc[word]
        if not token.is_title or len(token.text) < 3 or token.ent_type_ in _CONTEXT_LABELS_REFUSED | {"PERSON"} \
                or token.text in person_words or token.lower_ in INNER_LINKS or token.pos_ != "PROPN":
            continue
        if lower == "told" and (token.is_sent_start or (word + 1 < len(doc) and doc[word + 1].is_title)):
            continue  # "told Lena Ortiz": a person
        if lower != "told" and word > 0 and (doc[word - 1].is_title or doc[word - 1].pos_ == "PROPN"):
            continue  # "Lena Ortiz reported": a person
        found.append((word, word + 1))
    return found


def _written_as_group(view: DocView, word: str) -> bool:
    """Whether the text writes "the <word>" as a noun phrase of its own ("beat the Rovers.", "the Rovers
    lost"), as a team or company is written and a person is not."""
    doc = view.doc
    texts = view.token_strings.texts
    for i, text in enumerate(texts):
        if text == word and i > 0 and texts[i - 1].lower() == "the":
            following = doc[i + 1] if i + 1 < len(doc) else None
            if following is None or following.pos_ not in {"NOUN", "PROPN"}:
                return True
    return False
# A city and a comma right before a match: "Reston, " of "Reston, VA".
_SUBDIVISION_AFTER_PLACE = re.compile(r"[A-Z][\w.\-]*, $")


def state_code_at(text: str, start: int, word: str) -> bool:
    """Whether ``word`` at ``start`` is a state or province code after a city ("Reston, VA")."""
    return word in places().subdivision_codes and bool(_SUBDIVISION_AFTER_PLACE.search(text[max(0, start - 40) : start]))


def maximal_rule_spans(view: DocView) -> list[tuple[int, int]]:
    """ORG shape matches not inside a longer one (a '+' pattern also matches every shorter run)."""
    spans = sorted({(s.start, s.end) for s in view.rule_spans if s.label == "ORG"},
                   key=lambda se: (se[0], -se[1]))
    kept: list[tuple[int, int]] = []
    furthest = -1  # every kept span starts at or before ``start``: inside one iff one ends at or after ``end``
    for start, end in spans:
        if end > furthest:
            kept.append((start, end))
            furthest = end
    return kept
