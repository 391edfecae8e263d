"""Trimming: a candidate cut at line breaks, sentences, people and titles, its edges cleaned."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.extract.people import is_initial, is_name_word
from pipeline.extract.org_gazetteer import name_shapes
from pipeline.extract.organisations.facts import DocFacts
from pipeline.extract.organisations.shapes import INNER_LINKS
from pipeline.extract.view import DocView

_ARTICLES = frozenset({"the", "a", "an"})
_EDGE_JUNK = frozenset({"of", "for", "on", "in", "and", "&", "at", "the", "'s", "’s", "'", "’", "-", ",", "."})
_MAX_TOKENS = 16


def _is_break(token: Token) -> bool:
    return "\n" in token.text or token.is_space


def trim(view: DocView, start: int, end: int, facts: DocFacts) -> list[tuple[int, int]]:
    """The organisation-name pieces of a candidate: split at line breaks, sentences and people, edges cleaned."""
    doc = view.doc
    pieces: list[tuple[int, int]] = []
    piece_start = start
    title_starts = facts.title_starts_after_head
    person_tokens = facts.person_tokens
    suffixes = name_shapes().company_suffixes
    for i in range(start, end):
        token = doc[i]
        sentence_break = i > piece_start and facts.has_sentences and token.is_sent_start
        # "Department of Justice, Tax Division" is two names; "Acme, Inc." is one.
        comma = token.text == "," and not (i + 1 < end and doc[i + 1].lower_ in suffixes) \
            and not _enumerated_complement(view, piece_start, i, end)
        if i in facts.rank_starts and i > piece_start:
            end = i  # "U.S. Brig. Gen. X": the rank opens a title, not a body's name
            break
        if token.ent_type_ in {"DATE", "TIME"} and i > piece_start:
            end = i  # "Riverton City Council on Monday"
            break
        if i in title_starts and i > piece_start:
            end = i  # "Fraud Section | Trial Attorney Dana Whitcombe"
            break
        if _is_break(token) or i in person_tokens or sentence_break or comma or token.text in {"(", ")"}:
            if i > piece_start:
                pieces.append((piece_start, i))
            piece_start = i if (sentence_break and not _is_break(token) and i not in person_tokens) else i + 1
    if piece_start < end:
        pieces.append((piece_start, end))
    trimmed = []
    for a, b in pieces:
        # A determiner not inside "X of the Y" starts the name: "WASHINGTON The Justice Department".
        for i in range(b - 1, a - 1, -1):
            if doc[i].lower_ in _ARTICLES and (i == a or doc[i - 1].lower_ not in INNER_LINKS):
                a = i + 1
                break
        while a < b and (doc[a].lower_ in _EDGE_JUNK or doc[a].is_punct or not _capitalised(doc[a])
                         or _possessive_of_no_body(view, a, b, facts)):
            a += 1
        a = _after_leading_title(view, a, b, facts)
        while b > a and (doc[b - 1].lower_ in _EDGE_JUNK or doc[b - 1].is_punct or not _capitalised(doc[b - 1])):
            b -= 1
        b = _cut_person_after_head(view, a, b)
        if a < b and b - a <= _MAX_TOKENS:
            trimmed.append((a, b))
    return trimmed


def _enumerated_complement(view: DocView, start: int, comma: int, end: int) -> bool:
    """Whether the comma at ``comma`` lists the subjects of a head-initial name: "Ministry of Trade,
    Industry and Energy", "Department of Health, Education and Welfare" — capitalised words, maybe
    more commas, then "and" and the last capitalised word, all inside the candidate."""
    doc = view.doc
    if not any(doc[k].lower_ in {"of", "for"} and doc[k - 1].lower_ in name_shapes().heads for k in range(start + 1, comma)):
        return False
    saw_and = False
    k = comma + 1
    while k < end and doc[k].text != "(":  # "(MOTIE)" after the name ends it
        token = doc[k]
        if token.lower_ in {"and", "&"}:
            saw_and = True
        elif token.text != "," and not token.is_title:
            return False
        k += 1
    # "Department of Justice, Environment and Natural Resources Division" names a second body.
    return saw_and and k > comma + 1 and doc[k - 1].is_title and doc[k - 1].lower_ not in name_shapes().heads


def _after_leading_title(view: DocView, start: int, end: int, facts: DocFacts) -> int:
    """"Chair of the Commission on …" names the commission, not the chair."""
    doc = view.doc
    heads = name_shapes().heads
    for title_end in facts.title_ends_by_start.get(start, ()):
        if doc[start].lower_ not in heads:
            i = title_end
            while i < end and doc[i].lower_ in {"of", "the"}:
                i += 1
            if i > title_end and i < end:
                return i
    return start


def _possessive_of_no_body(view: DocView, i: int, end: int, facts: DocFacts) -> bool:
    """A leading "Departments" ("the Departments Elder Justice Initiative") or a person's apostrophe-less
    possessive ("Weinrebs Health Care Fraud Unit"): not part of the body's name."""
    doc = view.doc
    word = doc[i].text
    if i + 1 >= end or len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return False
    heads = name_shapes().heads
    if word[:-1].lower() in heads and word.lower() not in heads:
        return True
    bare = word[:-1]
    if bare in facts.person_words:
        return True
    # "Acting U.S. Attorney Weinreb … Weinrebs Health Care Fraud Unit": a titled person's name.
    return bare in facts.words_after_titles


def _cut_person_after_head(view: DocView, start: int, end: int) -> int:
    """End a candidate at its last head word when a person's name follows it ("Criminal Division Marta J. Okafor")."""
    doc = view.doc
    heads = name_shapes().heads
    for k in range(end - 2, start - 1, -1):
        if doc[k].lower_ in heads and doc[k].is_title:
            rest = doc[k + 1 : end]
            if all(is_name_word(t.text) for t in rest) and any(is_initial(t.text) for t in rest):
                return k + 1
            break
    return end


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit() or token.lower_ in INNER_LINKS or token.text in {"-", "&"}
