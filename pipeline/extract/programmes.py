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

from spacy.tokens import Span, Token

from pipeline.extract.quotes import speaker_words
from pipeline.extract.view import DocView
from pipeline.records import Organisation, Programme
from pipeline.textsearch import standalone

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
_ACRONYM = r"[A-Z][A-Za-z0-9&-]{1,11}"
_ACRONYM_AFTER = re.compile(rf"^\s*\((?P<acronym>{_ACRONYM})\)")
_ACRONYM_IN_PARENTHESES = re.compile(rf"\((?P<acronym>{_ACRONYM})\)")
#: "INTERPOL's " right before a match: the programme's owner.
_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,5})(?:'s|’s)\s+$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_ENACTED_YEAR = re.compile(r"\s+of\s+\d{4}$")  # "Voting Rights Act of 1965"
_NOT_KEY_CHARACTERS = re.compile(r"[^a-z0-9]+")
#: Shapes whose match holds the acronym in parentheses ("… (FACE) project", "… System (NICS)").
_ACRONYM_SHAPES = frozenset({"acronym_kind", "acronym_system"})
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
                key = _LEADING_THE.sub("", form.strip()).lower()
                index.setdefault(key, org.name)
    return index


def _lookup(text: str, index: dict[str, str]) -> str | None:
    key = _LEADING_THE.sub("", text.strip()).lower()
    return index.get(key)


def _name_tokens(span: Span) -> list[Token] | None:
    """The match's tokens without sentence words before the name, or None when too little is left."""
    shape = span.id_ or ""
    tokens = list(span)
    # Trim sentence words and a leading "the" ("Under the Fair Housing Act", "The Swiss Bank Program").
    while tokens and (tokens[0].lower_ in _LEADING_NOISE or tokens[0].text in {"(", ")", '"', "“", "”"}):
        tokens = tokens[1:]
    if shape in {"named", "law"} and any(t.text == ")" for t in tokens[:-1]):
        # "Office of Community Oriented Policing Services (COPS Office) COPS Hiring Program": a body, then the name.
        last = max(i for i, t in enumerate(tokens[:-1]) if t.text == ")")
        tokens = tokens[last + 1 :]
    return tokens if len(tokens) >= 2 else None


def _owner_in_name(tokens: list[Token], index: dict[str, str]) -> tuple[str | None, list[Token]]:
    """(organisation, the name's tokens) when an organisation opens the match, else (None, tokens)."""
    # "Antitrust Divisions Criminal Enforcement Program": a possessive that lost its apostrophe.
    for cut in range(1, len(tokens) - 1):
        word = tokens[cut - 1].text
        if word.endswith("s") and len(word) > 2:
            owner = " ".join(t.text for t in tokens[: cut - 1] + [tokens[cut - 1]])[:-1]
            found = _lookup(owner, index)
            if found or speaker_words().get(word[:-1].lower()) == "org":
                # "Departments Elder Justice Initiative": a body's name, then the programme.
                if found:
                    return found, tokens[cut:]
                tokens = tokens[cut:]
                break
    # "IRS Offshore Voluntary Disclosure Program": an organisation's acronym opens the name.
    if tokens[0].text.isupper() and len(tokens[0].text) > 1:
        return _lookup(tokens[0].text, index), tokens
    return None, tokens


def _name_and_acronym(text: str, tokens: list[Token], shape: str) -> tuple[str, str | None, str, int] | None:
    """(name, acronym, kind word, start offset) of a match's name tokens, or None when its acronym does not fit."""
    start_char, end_char = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    surface = text[start_char:end_char]
    if shape not in _ACRONYM_SHAPES:
        after = _ACRONYM_AFTER.match(text, end_char, min(len(text), end_char + 16))
        acronym = after.group("acronym") if after and acronym_matches(after.group("acronym"), surface) else None
        return surface, acronym, tokens[-1].lower_, start_char
    # "… Exploitation (FACE) project" / "… Check System (NICS)": the acronym is inside the match.
    # The last parenthesis: "(Sexual)" in "Fight Against Child (Sexual) Exploitation (FACE)" is a word.
    m = None
    for m in _ACRONYM_IN_PARENTHESES.finditer(surface):
        pass
    if m is None:
        return None
    acronym = m.group("acronym")
    long_form = _trim_to_acronym(surface[: m.start()].split(), acronym)
    if not long_form:
        return None
    kind_word = tokens[-1].lower_ if shape == "acronym_kind" else long_form[-1].lower()
    name = " ".join(long_form)
    if shape == "acronym_kind" and kind_word in _NAME_KIND_WORDS:
        name = f"{name} {kind_word}"
    return name, acronym, kind_word, text.index(long_form[0], start_char)


def _not_a_programme(text: str, name: str, shape: str, kind: str, end_char: int, index: dict[str, str]) -> bool:
    """Whether the name goes on past the match, is a title or an organisation, or is a generic law."""
    following = text[end_char : end_char + 40].lstrip(" ")
    if following[:1].isupper() and shape not in _ACRONYM_SHAPES:
        return True  # the name goes on: "Office of Law Enforcement", "Maryland Disability Law Center"
    words = name.split()
    if shape in {"operation", "project"}:
        if len(words) < 2 or words[1].lower() in _NOT_A_NAME_AFTER or words[-1].lower() in {"force", "team"}:
            return True  # "Project Director", "Operation Community Shield Task Force" (an organisation)
    if kind == "law":
        words = _SECTION_OF.sub("", name).split()
        if len(words) < 2 or all(w.lower() in _GENERIC_LAW for w in words[:-1]):
            return True
    return kind != "law" and bool(_lookup(name, index))  # an organisation's name ("… Task Force")


def _owner_before(text: str, start_char: int, index: dict[str, str]) -> str | None:
    """The owner a possessive right before the name gives ("INTERPOL's … project")."""
    m = _OWNER_BEFORE.search(text[max(0, start_char - 60) : start_char])
    return (_lookup(m.group("owner"), index) or m.group("owner")) if m else None


def _owner_after(sentence: str, surface: str, name: str, index: dict[str, str]) -> str | None:
    """The owner the sentence names after the name ("… an initiative launched in May 2006 by the Department of Justice")."""
    m = _RUN_BY.search(sentence[sentence.find(surface) + 1 :])
    if m:
        owner = m.group("org").rstrip(".,")
        if owner.lower() not in name.lower():
            return _lookup(owner, index) or owner
    return None


def _candidate(view: DocView, span: Span, index: dict[str, str]) -> _Candidate | None:
    text = view.text
    shape = span.id_ or ""
    tokens = _name_tokens(span)
    if tokens is None:
        return None
    organisation, tokens = _owner_in_name(tokens, index)
    end_char = tokens[-1].idx + len(tokens[-1].text)
    read = _name_and_acronym(text, tokens, shape)
    if read is None:
        return None
    name, acronym, kind_word, start_char = read
    kind = shape if shape in {"operation", "project", "law"} else _KIND_WORDS.get(kind_word, "programme")
    if _not_a_programme(text, name, shape, kind, end_char, index):
        return None
    if kind == "law":
        name = _SECTION_OF.sub("", name)  # "Title VII of the Civil Rights Act of 1964"
    sentence = view.mention(span).sentence
    if organisation is None:
        organisation = _owner_before(text, start_char, index)
    if organisation is None and kind != "law":
        organisation = _owner_after(sentence, text[start_char:end_char], name, index)
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
    name = _ENACTED_YEAR.sub("", name)
    return _NOT_KEY_CHARACTERS.sub(" ", name.lower()).strip()


def extract_programmes(view: DocView, *, organisations: Sequence[Organisation]) -> list[Programme]:
    """One row per programme named in the document, with every mention counted.

    Args:
        view: the document's view; its Doc has the ``newsfacts_rules`` spans, and
            ``view.article`` is the cleaned article (offsets point into its text, and only its
            body, from ``body_start``, is read).
        organisations: this document's organisations, to name the programme's owner.
    """
    article, doc = view.article, view.doc
    spans = [Span(doc, rule.start, rule.end, label=rule.label, span_id=rule.id) for rule in view.rule_spans if rule.label == LABEL]
    spans = [span for span in spans if span.start_char >= article.body_start]
    if not spans:
        return []
    index = _organisation_index(organisations)
    found: dict[str, _Candidate] = {}
    positions: dict[str, int] = {}  # matches per programme
    by_acronym: dict[str, str] = {}
    for span in _longest(spans):
        candidate = _candidate(view, span, index)
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
    text = view.text
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
