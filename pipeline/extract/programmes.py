"""Named projects, operations, initiatives, databases and laws, with acronym and owner.

Candidates come from the ``PROGRAMME`` patterns of ``models/patterns/programmes.jsonl``
(matched by the ``newsfacts_rules`` SpanRuler): "Operation X", "Project X", "X Program",
"X (ACR) project", "X System (ACR)", "the X Act (of 1964)". Here the longest match wins, a
leading "the" or sentence word is trimmed ("Under the Fair Housing Act"), an acronym in
parentheses is kept only when its letters are the name's initials, and the organisation
that runs the programme comes from a possessive ("INTERPOL's … project", and the DOJ form
"Antitrust Divisions … Program" that lost its apostrophe), a leading acronym ("IRS Offshore
Voluntary Disclosure Program") or "launched/led/run … by X". Every later mention ("the FACE
project", "FACE") is counted on the programme's one row.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.components import RULES_SPANS_KEY
from pipeline.extract.view import doc_text, mention
from pipeline.textsearch import standalone
from pipeline.extract.quotes import speaker_words
from pipeline.records import CleanDocument, Organisation, Programme

__all__ = ["extract_programmes", "acronym_matches"]

LABEL = "PROGRAMME"

#: The kind a capitalised or lower-case kind word gives.
_KIND_WORDS = {
    "program": "programme",
    "programme": "programme",
    "initiative": "initiative",
    "project": "project",
    "projects": "project",
    "database": "database",
    "system": "database",
    "index": "database",
    "registry": "database",
    "network": "programme",
    "platform": "programme",
    "campaign": "programme",
    "strategy": "programme",
    "operation": "operation",
    "act": "law",
    "law": "law",
}
#: Kind words that are part of the thing's name ("the ICSE database"), not just its class.
_NAME_KIND_WORDS = frozenset({"database", "system", "index", "registry", "network", "platform"})
#: Sentence words that a capitalised match may start with but that are no part of a name.
_LEADING_NOISE = frozenset(
    "the a an this that these those under in on at by for from with as after before during since to of "
    "and or but if while when its his her their our new both each every all any".split()
)
#: "Project Director", "Operation Manager": a title, not a programme.
_NOT_A_NAME_AFTER = frozenset("director manager coordinator officer leader chief team".split())
#: "Federal Law", "State Law", "This Act": generic words, not a name.
_GENERIC_LAW = frozenset("federal state local national international the this that such civil criminal".split())
_SECTION_OF = re.compile(r"^(?:Title|Section|Sections|Chapter|Part|Subtitle|Article|Rule)\s+[\w.()-]+\s+of\s+(?:the\s+)?", re.IGNORECASE)
_RUN_BY = re.compile(
    r"\b(?:launched|led|run|managed|administered|operated|coordinated|established|created|funded|sponsored|supported)\b"
    r"[^.;]{0,80}?\bby\s+(?:the\s+)?(?P<org>[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|the|[A-Z][\w'’&.-]*))*)"
)
_ACRONYM_AFTER = re.compile(r"^\s*\((?P<acronym>[A-Z][A-Za-z0-9&-]{1,11})\)")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
#: Kind words after which a match holds a second name ("… Act and the … Act").
_JOIN_AFTER = frozenset({"Act", "Law", "Program", "Programme", "Initiative"})


@dataclass(slots=True)
class _Candidate:
    name: str
    acronym: str | None
    kind: str
    organisation: str | None
    start: int
    end: int
    sentence: str


def acronym_matches(acronym: str, name: str) -> bool:
    """Whether ``acronym``'s letters are initials of ``name``'s words, in order, the first one
    first ("FACE" for "Fight Against Child (Sexual) Exploitation")."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    initials = [w.strip("()")[0].upper() for w in name.split() if w.strip("()") and w.strip("()")[0].isalpha()]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def _trim_to_acronym(words: list[str], acronym: str) -> list[str]:
    """The shortest tail of ``words`` whose initials give ``acronym`` ("This Health Care Fraud
    Prevention and Enforcement Action Team" for HEAT → from "Health")."""
    for start in range(len(words) - 1, -1, -1):
        if words[start][:1].upper() == acronym[:1].upper() and acronym_matches(acronym, " ".join(words[start:])):
            return words[start:]
    return []


def _organisation_index(organisations: Sequence[Organisation]) -> dict[str, str]:
    index: dict[str, str] = {}
    for org in organisations:
        for form in (org.name, org.acronym, *org.aliases):
            if form:
                key = re.sub(r"^the\s+", "", form.strip(), flags=re.IGNORECASE).lower()
                index.setdefault(key, org.name)
    return index


def _lookup(text: str, index: dict[str, str]) -> str | None:
    key = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE).lower()
    return index.get(key)


def _candidate(span: Span, index: dict[str, str]) -> _Candidate | None:
    doc = span.doc
    shape = span.id_ or ""
    tokens = list(span)
    # Trim sentence words and a leading "the" ("Under the Fair Housing Act", "The Swiss Bank Program").
    while tokens and (tokens[0].lower_ in _LEADING_NOISE or tokens[0].text in {"(", ")", '"', "“", "”"}):
        tokens = tokens[1:]
    if shape in {"named", "law"} and any(t.text == ")" for t in tokens[:-1]):
        # "Office of Community Oriented Policing Services (COPS Office) COPS Hiring Program": a body, then the name.
        last = max(i for i, t in enumerate(tokens[:-1]) if t.text == ")")
        tokens = tokens[last + 1 :]
    if len(tokens) < 2:
        return None
    organisation = None
    # "Antitrust Divisions Criminal Enforcement Program": a possessive that lost its apostrophe.
    for cut in range(1, len(tokens) - 1):
        word = tokens[cut - 1].text
        if word.endswith("s") and len(word) > 2:
            owner = " ".join(t.text for t in tokens[: cut - 1] + [tokens[cut - 1]])[:-1]
            found = _lookup(owner, index)
            if found or speaker_words().get(word[:-1].lower()) == "org":
                # "Departments Elder Justice Initiative": a body's name, then the programme.
                organisation = found
                tokens = tokens[cut:]
                break
    # "IRS Offshore Voluntary Disclosure Program": an organisation's acronym opens the name.
    if organisation is None and tokens[0].text.isupper() and len(tokens[0].text) > 1:
        organisation = _lookup(tokens[0].text, index)
    start_char, end_char = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    surface = doc_text(doc)[start_char:end_char]
    acronym = None
    kind_word = tokens[-1].lower_
    if shape in {"acronym_kind", "acronym_system"}:
        # "… Exploitation (FACE) project" / "… Check System (NICS)": the acronym is inside the match.
        # The last parenthesis: "(Sexual)" in "Fight Against Child (Sexual) Exploitation (FACE)" is a word.
        m = None
        for m in re.finditer(r"\((?P<acronym>[A-Z][A-Za-z0-9&-]{1,11})\)", surface):
            pass
        if m is None:
            return None
        acronym = m.group("acronym")
        long_form = surface[: m.start()].split()
        long_form = _trim_to_acronym(long_form, acronym)
        if not long_form:
            return None
        kind_word = tokens[-1].lower_ if shape == "acronym_kind" else long_form[-1].lower()
        name = " ".join(long_form)
        if shape == "acronym_kind" and kind_word in _NAME_KIND_WORDS:
            name = f"{name} {kind_word}"
        start_char = doc_text(span.doc).index(long_form[0], start_char)
    else:
        name = surface
        after = _ACRONYM_AFTER.match(doc_text(doc), end_char, min(len(doc_text(doc)), end_char + 16))
        if after and acronym_matches(after.group("acronym"), name):
            acronym = after.group("acronym")
    if shape in {"operation", "project", "law"}:
        kind = shape
    else:
        kind = _KIND_WORDS.get(kind_word, "programme")
    following = doc_text(doc)[end_char : end_char + 40].lstrip(" ")
    if following[:1].isupper() and shape not in {"acronym_kind", "acronym_system"}:
        return None  # the name goes on: "Office of Law Enforcement", "Maryland Disability Law Center"
    words = name.split()
    if shape in {"operation", "project"}:
        if len(words) < 2 or words[1].lower() in _NOT_A_NAME_AFTER or words[-1].lower() in {"force", "team"}:
            return None  # "Project Director", "Operation Community Shield Task Force" (an organisation)
    if kind == "law":
        name = _SECTION_OF.sub("", name)  # "Title VII of the Civil Rights Act of 1964"
        words = name.split()
        if len(words) < 2 or all(w.lower() in _GENERIC_LAW for w in words[:-1]):
            return None
    if kind != "law" and _lookup(name, index):
        return None  # an organisation's name ("Project Safe Neighborhoods Task Force" is one)
    sentence = mention(span).sentence
    if organisation is None:
        # "INTERPOL's … project": a possessive right before the match.
        before = doc_text(doc)[max(0, start_char - 60) : start_char]
        m = re.search(r"(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,5})(?:'s|’s)\s+$", before)
        if m:
            organisation = _lookup(m.group("owner"), index) or m.group("owner")
    if organisation is None and kind != "law":
        # "… a nationwide initiative launched in May 2006 by the Department of Justice": after the name.
        m = _RUN_BY.search(sentence[sentence.find(doc_text(doc)[start_char:end_char]) + 1 :])
        if m:
            owner = m.group("org").rstrip(".,")
            if owner.lower() not in name.lower():
                organisation = _lookup(owner, index) or owner
    return _Candidate(name=name, acronym=acronym, kind=kind, organisation=organisation,
                      start=start_char, end=end_char, sentence=sentence)


def _longest(spans: list[Span]) -> list[Span]:
    """Among overlapping matches, the longest (then the earliest), each split where two names
    were joined ("the Stark Law and the False Claims Act", "Recovery Act Edward Byrne … Program")."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    pieces: list[Span] = []
    for span in sorted(chosen, key=lambda s: s.start):
        doc, start = span.doc, span.start
        for i in range(span.start, span.end - 1):
            token, nxt = doc[i], doc[i + 1]
            if token.text in _JOIN_AFTER and (nxt.lower_ in {"and", "or"} or (nxt.text[:1].isupper() and nxt.text != "of")):
                if i + 1 > start:
                    shape = "law" if token.text in {"Act", "Law"} else "named"
                    pieces.append(Span(doc, start, i + 1, label=span.label, span_id=shape))
                start = i + 1
                while start < span.end and doc[start].lower_ in {"and", "or", "the"}:
                    start += 1
        if start == span.start:
            pieces.append(span)
        elif start < span.end:
            pieces.append(Span(doc, start, span.end, label=span.label, span_id=span.id_))
    return pieces


def _key(name: str) -> str:
    """One key for the forms of a name ("Voting Rights Act of 1965" is "Voting Rights Act")."""
    name = re.sub(r"\s+of\s+\d{4}$", "", name)
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def extract_programmes(doc: Doc, article: CleanDocument, organisations: Sequence[Organisation]) -> list[Programme]:
    """One row per programme named in the document, with every mention counted.

    Args:
        doc: the spaCy Doc of ``article.text`` with the ``newsfacts_rules`` spans.
        article: the cleaned article; offsets point into ``article.text``.
        organisations: this document's organisations, to name the programme's owner.
    """
    spans = [s for s in doc.spans.get(RULES_SPANS_KEY, []) if s.label_ == LABEL and s.start_char >= article.body_start]
    if not spans:
        return []
    index = _organisation_index(organisations)
    found: dict[str, _Candidate] = {}
    positions: dict[str, int] = {}  # matches per programme
    by_acronym: dict[str, str] = {}
    for span in _longest(spans):
        candidate = _candidate(span, index)
        if candidate is None:
            continue
        key = by_acronym.get(candidate.acronym or "") or _key(candidate.name)
        if key in found:
            known = found[key]
            known.acronym = known.acronym or candidate.acronym
            known.organisation = known.organisation or candidate.organisation
            if len(candidate.name) > len(known.name) and candidate.kind == known.kind:
                known.name = candidate.name
        else:
            found[key] = candidate
        if candidate.acronym:
            by_acronym[candidate.acronym] = key
        positions[key] = positions.get(key, 0) + 1
    text = doc_text(doc)
    matched = [(c.start, c.end) for c in found.values()]
    rows = []
    for key, candidate in found.items():
        mentions = positions.get(key, 1)
        if candidate.acronym:
            # The acronym standing alone ("the FACE project", "FACE"), outside "Name (ACR)".
            for found_at in standalone(text[article.body_start :], candidate.acronym):
                at = article.body_start + found_at
                if text[at - 1 : at] != "(" and not any(a <= at < b for a, b in matched):
                    mentions += 1
        rows.append(
            Programme(
                name=candidate.name,
                acronym=candidate.acronym,
                kind=candidate.kind,
                organisation=candidate.organisation,
                start=candidate.start,
                end=candidate.end,
                sentence=candidate.sentence,
                mentions=mentions,
            )
        )
    rows.sort(key=lambda r: r.start)
    return [dataclasses.replace(r, programme_id=i) for i, r in enumerate(rows)]
