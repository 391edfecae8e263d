"""Reading the organisation: the body or jurisdiction a title is held in, written before or after it.

"INTERPOL('s) Secretary General", "Director of the FBI", "U.S. Attorney for the District of New
Jersey", "Trial Attorney X of the Tax Division", "Marcus Hale, spokesman for ISAF". Bodies are the
organisations extractor's mentions; jurisdictions and places come from the text and the NER.
"""

from __future__ import annotations

import re

from pipeline.extract.org_gazetteer import demonym_country
from pipeline.extract.org_names import fold_key
from pipeline.extract.organisations import OrgMention
from pipeline.extract.officials.reading import Reading
from pipeline.extract.officials.words import official_words

__all__ = ["LINKS", "appositive_with_org", "body_after", "org_after", "org_at", "org_before", "org_opening_title",
           "token_before_org", "unit_then_body"]

#: Words that link a title to the body it is held in ("Director of the FBI", "spokesman for ISAF").
LINKS = frozenset({"of", "for", "from", "with", "at", "in"})
# What may sit between an organisation and the title after it: a possessive, maybe words of tenure
# ("INTERPOL's newly appointed Secretary General").
_TENURE = "|".join(re.escape(word) for word in official_words().tenure)
_POSSESSIVE_GAP = re.compile(rf"^(?:'s|’s|s|'|’)?\s*$|^(?:'s|’s)\s+(?:(?:{_TENURE})\s+){{1,3}}$")
_JURISDICTION = re.compile(
    r"(?:(?:Northern|Southern|Eastern|Western|Middle|Central)\s+)?District\s+of\s+(?:the\s+)?"
    r"(?:(?:New|North|South|West|Rhode|Puerto|Northern|Virgin)\s+)?[A-Z][\w.]*"
)
#: Last words of the units of a body ("the Department of Justice, Tax Division").
_UNITS = official_words().units
_POSSESSIVES = frozenset({"'s", "’s"})
_ARTICLES = frozenset({"the", "a", "an"})


def org_at(reading: Reading, token: int) -> tuple[str, int] | None:
    """The organisation (or jurisdiction) named from ``token`` on, and the token after it."""
    doc = reading.doc
    if token >= len(doc):
        return None
    m = reading.org_token_starts.get(token)
    if m is not None:
        phrase = [x for x in reading.org_mentions if x.phrase == m.phrase]
        whole = [x for x in phrase if (x.start, x.end) == m.phrase]
        chosen = whole[0] if whole else max(phrase, key=lambda x: x.end)
        end_char = max(x.end for x in phrase)
        span = doc.char_span(m.phrase[0], end_char, alignment_mode="expand")
        after = span.end if span is not None else token + 1
        # "the Department of Justice, Tax Division": the unit after the comma is where the title is held.
        if after + 1 < len(doc) and doc[after].text == "," and after + 1 in reading.org_token_starts:
            unit = reading.org_token_starts[after + 1]
            if unit.surface.split()[-1].lower() in _UNITS:
                unit_span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
                return unit.surface, unit_span.end if unit_span is not None else after + 2
        return chosen.surface, after
    jurisdiction = _JURISDICTION.match(reading.text, doc[token].idx)
    if jurisdiction:
        span = doc.char_span(doc[token].idx, doc[token].idx + len(jurisdiction.group().rstrip(".")),
                             alignment_mode="contract")
        if span is not None and len(span):
            return span.text, span.end
    ent = doc[token]
    if ent.ent_type_ in {"GPE"} and ent.ent_iob_ == "B":
        span = next((e for e in reading.view.entities if e.start == token), None)
        if span is not None:
            return span.text, span.end
    return None


def org_after(reading: Reading, token: int) -> tuple[str, int] | None:
    """"of/for/from the ORG" starting at ``token``: the organisation and the token after it."""
    doc = reading.doc
    if token + 2 < len(doc) and doc[token].text == "," and doc[token + 1].lower_ == "of":
        # "Trial Attorney Albert B. Stieglitz Jr., of the Criminal Division": only a body, not a home town.
        inner = token + 3 if doc[token + 2].lower_ == "the" else token + 2
        return org_at(reading, inner) if inner in reading.org_token_starts else None
    if token >= len(doc) or doc[token].lower_ not in LINKS:
        return None
    inner = token + 1
    if inner < len(doc) and doc[inner].lower_ == "the":
        inner += 1
    return org_at(reading, inner)


def body_after(reading: Reading, token: int) -> bool:
    """Whether "at/for/of/with/in (the) ORG" follows ``token``: an organisation the text names,
    not a place or jurisdiction (an occupation is held at a body; "an economist in Leeds" is
    where someone works, not an office)."""
    doc = reading.doc
    if token < len(doc) and doc[token].text == ",":
        token += 1
    if token >= len(doc) or doc[token].lower_ not in LINKS:
        return False
    inner = token + 1
    if inner < len(doc) and doc[inner].lower_ == "the":
        inner += 1
    return inner in reading.org_token_starts


def _organisation_ending_before(reading: Reading, token: int) -> OrgMention | None:
    """The last organisation mention that ends right before ``token`` (maybe with a possessive between)."""
    start_char = reading.doc[token].idx
    best: OrgMention | None = None
    for m in reading.org_mentions:
        if m.end <= start_char and _POSSESSIVE_GAP.match(reading.text[m.end : start_char]):
            if best is None or m.end > best.end:
                best = m
    return best


def org_before(reading: Reading, token: int) -> str | None:
    """An organisation or place written right before a title ("INTERPOL('s) Secretary General")."""
    doc = reading.doc
    if token == 0:
        return None
    best = _organisation_ending_before(reading, token)
    if best is not None:
        return best.surface
    previous = doc[token - 1]
    if previous.text in _POSSESSIVES and token >= 2:
        previous = doc[token - 2]  # "Japan's Ambassador"
    if previous.ent_type_ == "GPE":
        ent = next((e for e in reading.view.entities if e.start <= previous.i < e.end), None)
        if ent is not None and ent.end == previous.i + 1:
            return ent.text
    if previous.ent_type_ == "NORP" and (country := demonym_country(previous.text)) is not None:
        return country  # "Indian Prime Minister X": an office of India
    return None


def token_before_org(reading: Reading, token: int) -> int:
    """The token where the organisation written before a title starts."""
    doc = reading.doc
    best = _organisation_ending_before(reading, token)
    if best is not None:
        span = doc.char_span(best.phrase[0], best.end, alignment_mode="expand")
        if span is not None:
            return span.start
    previous = doc[token - 1]
    if previous.text in _POSSESSIVES and token >= 2:
        previous = doc[token - 2]  # "Maris Oyelaran-Vik, Norway's Ambassador"
    ent = next((e for e in reading.view.entities if e.start <= previous.i < e.end), None)
    return ent.start if ent is not None else token


def org_opening_title(reading: Reading, start: int, end: int) -> str | None:
    """An organisation whose name ends inside the title ("the Zentra Team" of "Zentra Team Leader X"):
    the title stays whole and is held in that body."""
    doc = reading.doc
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    for m in reading.org_mentions:
        if m.start < first < m.end < last:
            return m.surface
    return None


def unit_then_body(reading: Reading, end: int) -> tuple[str, int] | None:
    """The body after a title written without "of": "President Acme North America," (a name that opens
    with an organisation row of the text), or ", Sales & Operations at Acme Inc." (a unit, then the
    company it is part of)."""
    doc = reading.doc
    start = end + 1 if end < len(doc) and doc[end].text == "," else end
    k = start
    while k < len(doc) and k - start < 6 and (doc[k].is_title or doc[k].is_upper or doc[k].text in {"&", "-"}):
        k += 1
    if k == start or k >= len(doc):
        return None
    if start == end and doc[k].text == "," and reading.org_names.get(fold_key(doc[start].text)) == doc[start].text:
        return doc[start:k].text, k  # "President Acme North America,"
    if start > end and doc[k].lower_ in {"at", "of"}:
        return org_after(reading, k)  # ", Sales & Operations at Acme Inc."
    return None


def appositive_with_org(reading: Reading, start: int, end: int) -> bool:
    """"Marcus Hale, spokesman for ISAF": a lower-case office between a comma and its organisation."""
    doc = reading.doc
    lead = start - 1 if start > 0 and doc[start - 1].lower_ in _ARTICLES else start
    return lead > 0 and doc[lead - 1].text == "," and org_after(reading, end) is not None
