"""Second passes over the officials found: what one title's phrase left out, read from the rest of the text.

An organisation at the end of a list belongs to each person in it; a title that names a kind of
body ("Fund Director") is held in the one organisation of that kind; a law-enforcement or justice
title takes the one body its sentence names; a bare "Special Agent Okoro" gets the full name the
text gives once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.officials.bodies import LINKS
from pipeline.extract.officials.reading import Reading
from pipeline.extract.officials.words import official_words
from pipeline.extract.org_gazetteer import name_shapes, title_phrases
from pipeline.extract.org_names import fold_key
from pipeline.records import Organisation

__all__ = ["full_names", "organisation_from_sentence", "organisation_from_title_head", "share_list_organisations"]

# Titles that take a jurisdiction, not a unit: a list's shared "of the X Section" is not theirs.
_JURISDICTION_TITLES = re.compile(r"\b(?:Attorney General|U\.S\. Attorney|United States Attorney|Judge|Justice)$", re.I)
# Head words that name no kind of body a person serves in ("Law Enforcement Officer" is no title of
# the one "Drug Enforcement Administration" a release names).
_NOT_BODY_KINDS = official_words().not_body_kinds
#: Endings that make a body's member of its head word ("Councilmember"), tried in this order.
_MEMBER_SUFFIXES = official_words().member_suffixes
_NAME_COMPLEMENTS = frozenset({"of", "for", "on", "in"})
#: Kinds of title whose body may be read from the sentence (a president or a CEO is not guessed).
_SENTENCE_BODY_KINDS = frozenset({"law_enforcement", "international", "justice"})
_MAX_LIST_GAP = 12


def share_list_organisations(reading: Reading) -> None:
    """"Deputy Chief X, Assistant Deputy Chief Y and Trial Attorney Z of the Fraud Section":
    the unit at the end of a list belongs to each person in it."""
    doc = reading.doc
    title_tokens = {i for start, end, _ in reading.titles for i in range(start, end)}
    ordered = sorted(reading.found, key=lambda f: f.token_start)
    # Backwards, so the organisation travels from the end of the list to its first person.
    for earlier, later in reversed(list(zip(ordered, ordered[1:]))):
        if earlier.organisation is not None or later.organisation is None:
            continue
        gap = doc[earlier.token_end : later.token_start]
        joined = {t.lower_ for t in gap}
        if not gap or not joined & {",", "and"} or len(gap) > _MAX_LIST_GAP:
            continue
        if "District of" in later.organisation or _JURISDICTION_TITLES.search(earlier.title or ""):
            continue
        if any(t.is_sent_start for t in gap) or any(t.lower_ in LINKS for t in gap):
            continue
        # A list holds names and titles only: "President X's … Initiative, said Y, …" is no list.
        if not all(t.text in {",", "and", "-"} or t.is_title or t.is_upper or t.i in title_tokens for t in gap):
            continue
        earlier.organisation = later.organisation
        earlier.rule = earlier.rule + "+list"


def organisation_from_title_head(reading: Reading) -> None:
    """"Fund Director X", "Police Chief X", "Councilmember X": a title that carries a kind of body
    is held in the one organisation of the document with that word in its name.

    A head word written before a title is the body's own name and leaves the title ("Fund
    Director" in the Global Fund for … is its "Director"); a standard compound title keeps it
    ("Police Chief", "Council Member" are positions by that name).
    """
    for f in reading.found:
        if f.organisation is not None or not f.title or _JURISDICTION_TITLES.search(f.title):
            continue
        words = f.title.split()
        for k, word in enumerate(words):
            head = _body_word(word)
            if head is None:
                continue
            rows = {o.name: o for o in reading.organisations if _names_with_word(o, head)}
            if len(rows) != 1:
                continue
            (organisation,) = rows.values()
            f.organisation = organisation.name
            f.rule = f.rule + "+title_head"
            rest = [*words[:k], *words[k + 1 :]]
            if word.lower() == head and _own_head(organisation.name) == head and rest \
                    and not _standard_title_with(words, head) and not _JURISDICTION_TITLES.search(" ".join(rest)):
                f.title = " ".join(rest)
                f.titles_seen = [f.title]
            break


def organisation_from_sentence(reading: Reading) -> None:
    """No organisation in the title's own phrase: take the one organisation its sentence names."""
    for f in reading.found:
        if f.organisation is not None or _JURISDICTION_TITLES.search(f.title or ""):
            continue
        if f.title_kind not in _SENTENCE_BODY_KINDS:
            continue  # a president or a CEO is not guessed from whatever body the sentence names
        span = reading.doc.char_span(f.start, f.end, alignment_mode="expand")
        sentences = reading.view.sentences
        if span is None or not sentences.annotated:
            continue
        sentence_start, sentence_end = sentences.sentence_chars(span)
        names = {
            reading.org_names.get(fold_key(m.surface), m.surface): m.surface
            for m in reading.org_mentions
            if sentence_start <= m.start and m.end <= sentence_end and "Court" not in m.surface
        }
        groups = {fold_key(n) for n in names}
        if len(groups) == 1:
            f.organisation = next(iter(names))
            f.rule = f.rule + "+sentence_org"


def full_names(reading: Reading) -> None:
    """"Special Agent Okoro" is "Daniel Okoro" when the text names exactly one such person;
    "Chens" (a possessive that lost its apostrophe) is "Chen" when the text also writes "Chen"."""
    persons = [e for e in reading.view.entities if e.label == "PERSON"]
    person_words = {w for e in persons for w in e.text.split()}
    for f in reading.found:
        last = f.name.split()[-1]
        if last.endswith("s") and not last.endswith("ss") and last[:-1] in person_words and last not in person_words:
            f.name = f.name[:-1]
    title_tokens = {i for start, end, _ in reading.titles for i in range(start, end)}
    for f in reading.found:
        if len(f.name.split()) != 1:
            continue
        # (A PERSON entity that opens with a title is the title and the name: "Queen Margaret".)
        fuller = {e.text for e in persons if len(e.text.split()) > 1
                  and e.text.split()[-1] == f.name and e.start not in title_tokens}
        if len(fuller) == 1:
            f.name = fuller.pop()


def _body_word(word: str) -> str | None:
    """The kind of body a title word names: "Fund" → fund, "Councilmember" → council, else None."""
    lower = word.lower()
    heads = name_shapes().heads - _NOT_BODY_KINDS
    if lower in heads and word[:1].isupper():
        return lower
    for suffix in _MEMBER_SUFFIXES:
        if lower.endswith(suffix) and lower[: -len(suffix)] in heads and word[:1].isupper():
            return lower[: -len(suffix)]
    return None


def _names_with_word(organisation: Organisation, word: str) -> bool:
    """Whether the organisation's name or a written form of it (not its acronym) has ``word`` in it."""
    return any(
        word in (w.lower() for w in re.findall(r"[A-Za-z]+", form))
        for form in (organisation.name, *organisation.aliases)
        if form and form != organisation.acronym
    )


def _own_head(name: str) -> str | None:
    """The noun a name is built on: "Fund" of "Global Fund for Survivors of Trafficking", "Council" of
    "Riverton City Council"."""
    words = name.split()
    heads = name_shapes().heads
    for k in range(1, len(words)):
        if words[k].lower() in _NAME_COMPLEMENTS:
            return words[k - 1].lower() if words[k - 1].lower() in heads else None
    return words[-1].lower() if words and words[-1].lower() in heads else None


def _standard_title_with(words: Sequence[str], head: str) -> bool:
    """Whether a fixed title of ``titles.jsonl`` containing ``head`` is written in ``words`` ("Police Chief")."""
    text = f" {' '.join(words).lower()} "
    return any(head in phrase.split() and f" {phrase} " in text for phrase in title_phrases())
