"""Acronyms: "(KNPA)" definitions joined to their long form, later bare uses, and acronyms that name no body."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pipeline.extract.org_gazetteer import known_organisations
from pipeline.extract.org_names import acronym_fits, acronym_letters, looks_like_acronym
from pipeline.extract.organisations.candidates import state_code_at
from pipeline.extract.organisations.facts import DocFacts
from pipeline.extract.organisations.mention import OrgMention
from pipeline.extract.organisations.shapes import ACRONYM_AFTER, INNER_LINKS, POSSESSIVE_TOKENS
from pipeline.textsearch import finditer_near_cues, occurrences, occurrences_where, word_character
from pipeline.extract.view import DocView

# "Convention on International Trade in Endangered Species … (CITES)": a law named first.
LAW_FIRST_ACRONYM = re.compile(
    r"\b(?:Convention|Treaty|Act|Protocol|Agreement)\s+(?:on|of|for|to|against)\s+[^()]{3,120}?\s+\((?P<acronym>[A-Z][A-Z0-9&\-]+)\)"
)
# "a deferred prosecution agreement (DPA)": a thing written in lower case, not a body.
PHRASE_ACRONYM = re.compile(r"\b[a-z][a-z\-]+(?:\s+[a-z][a-z\-]+){1,5}\s+\((?P<acronym>[A-Z][A-Z0-9&\-]+)\)")
# Its only "(" opens the acronym, and it spans at most seven runs of non-spaces (six words and
# "(ACR)"), so it is tried only within six runs before a "(" and a capital.
PHRASE_ACRONYM_CUE = re.compile(r"\([A-Z]")
NON_SPACE_RUN = re.compile(r"\S+")
LAW_ACRONYM = re.compile(
    r"\b(?:[A-Z][\w'’\-]*\s+)(?:(?:of|and|the|for|on|to|in|[A-Z][\w'’\-]*)\s+)*?"
    r"(?:Act|Acts|Code|Law|Program|Programme|Project|Initiative|Database|Treaty|Convention|Agreement)"
    r"\s+\((?P<acronym>[A-Z][A-Z0-9&\-]+)\)"
)


def phrase_acronyms(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`PHRASE_ACRONYM` in ``text``, tried only near its cue (same matches, fewer tries)."""
    return finditer_near_cues(PHRASE_ACRONYM, text, PHRASE_ACRONYM_CUE, NON_SPACE_RUN, 6)


def non_body_acronyms(text: str) -> set[str]:
    """Acronyms a law's name or a lower-case phrase defines: they name no body anywhere in the text."""
    found = {m["acronym"] for pattern in (LAW_ACRONYM, LAW_FIRST_ACRONYM) for m in pattern.finditer(text)}
    return found | {m["acronym"] for m in phrase_acronyms(text)}


def defined_acronyms_only(view: DocView, mentions: list[OrgMention], facts: DocFacts) -> list[OrgMention]:
    """A bare acronym the NER tags is an organisation when the gazetteer knows it or the text defines
    it: "(ACR)" after a capitalised name, an organisation of the document whose capitalised words give
    exactly its letters ("the CDF" of "the Concurrent Design Facility"), a title it is written before
    ("ACR spokesman"), or use as a body — tagged again, or listed with other bodies. Undefined ones
    are terms, tickers, units and places as often ("HP", "NR", "BAAR")."""
    text = view.text
    gazetteer = known_organisations()
    defined = {m.acronym for m in mentions if m.acronym}
    long_names = {}
    for m in mentions:
        if " " in m.surface:
            long_names.setdefault("".join(w[0] for w in m.surface.split() if w[:1].isupper()), m.surface)
    tagged = Counter(m.surface for m in mentions)
    kept, linked = [], {}
    for m in mentions:
        bare = " " not in m.surface and looks_like_acronym(m.surface)
        if not bare or m.source != "ner" or m.surface in defined or gazetteer.lookup(m.surface) is not None:
            kept.append(m)
            continue
        if _defined_in_text(text, m.surface):
            kept.append(m)
        elif (long_name := long_names.get(acronym_letters(m.surface))) is not None:
            linked[long_name] = m.surface
            kept.append(m)
        elif _defined_as_term(text, m.surface):
            continue  # "hypersensitivity pneumonitis, or HP"
        elif tagged[m.surface] >= 2 or _listed_with_body(text, m, mentions) or _before_title(view, m, facts):
            kept.append(m)  # "UBS entered into …" again and again; "from QVC, Home Shopping Network and …"
    if not linked:
        return kept
    return [m.with_acronym(linked[m.surface]) if m.surface in linked and m.acronym is None else m for m in kept]


def _defined_as_term(text: str, acronym: str) -> bool:
    """Whether lower-case words define the acronym ("a light-emitting diode, or LED", "… diode (LED)")."""
    for at in occurrences(text, acronym):
        before = text[max(0, at - 60) : at]
        if _TERM_BEFORE.search(before):
            return True
    return False


# "pneumonitis, or " / "pneumonitis (" right before an acronym: a thing written in lower case.
_TERM_BEFORE = re.compile(r"[a-z][a-z\-]+ [a-z][a-z\-]+(?:,? or |,? also known as | \()$")


def _listed_with_body(text: str, found: OrgMention, mentions: list[OrgMention]) -> bool:
    """Whether a comma, "and" or "or" joins the mention to a multi-word organisation next to it."""
    for other in mentions:
        if " " not in other.surface:
            continue
        gap = text[found.end : other.start] if other.start >= found.end else text[other.end : found.start]
        if len(gap) <= 6 and _LIST_GAP.match(gap):
            return True
    return False


def _before_title(view: DocView, found: OrgMention, facts: DocFacts) -> bool:
    """Whether a title follows the mention, maybe after a possessive ("ACR spokesman", "ACR's Director")."""
    doc = view.doc
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    after = span.end + 1 if doc[span.end].text in POSSESSIVE_TOKENS else span.end
    return after in facts.title_or_modifier_starts


_LIST_GAP = re.compile(r"^\s*(?:,|,? and|,? or|&)\s*$")


def _defined_in_text(text: str, acronym: str) -> bool:
    """Whether "(ACR)" follows capitalised words whose initials it fits ("Northwind Area Agency (NAA)")."""
    for at in occurrences(text, f"({acronym})"):
        before = text[max(0, at - 120) : at].split()[-8:]
        if acronym_fits(acronym, " ".join(w for w in before if w[:1].isupper() or w.lower() in INNER_LINKS)):
            return True
    return False


def add_acronyms(view: DocView, mentions: list[OrgMention]) -> list[OrgMention]:
    """Attach "(KNPA)" definitions to their long form and add later bare uses of each acronym."""
    text = view.text
    result = list(mentions)
    defined: dict[str, str] = {}
    definitions: list[tuple[int, int]] = []
    by_end: dict[int, list[int]] = {}
    for index, m in enumerate(result):
        by_end.setdefault(m.end, []).append(index)
    for end, indices in by_end.items():
        match = ACRONYM_AFTER.match(text[end : end + 40])
        if not match or not looks_like_acronym(match["acronym"]):
            continue
        acronym = match["acronym"]
        fitting = [i for i in indices if result[i].surface != acronym and acronym_fits(acronym, result[i].surface)]
        if fitting:
            best = min(fitting, key=lambda i: result[i].end - result[i].start)
            result[best] = result[best].with_acronym(acronym)
            defined[acronym] = result[best].surface
            definitions.append((end, end + match.end()))
    # "(KNPA)" right after its long form is part of that one mention, not a second one.
    result = [m for m in result if not any(a <= m.start and m.end <= b for a, b in definitions)]
    gazetteer = known_organisations()
    taken = [(m.start, m.end) for m in result] + definitions
    wanted = set(defined)
    for m in result:
        entry = gazetteer.lookup(m.surface)
        if entry is not None and entry.acronym:
            wanted.add(entry.acronym)
    for acronym in sorted(wanted):
        for start in acronym_uses(text, acronym):
            end = start + len(acronym)
            if any(start < t_end and t_start < end for t_start, t_end in taken) or state_code_at(text, start, acronym):
                continue
            result.append(OrgMention(start, end, acronym, "rule"))
            taken.append((start, end))
    return result


def acronym_uses(text: str, acronym: str) -> list[int]:
    """Starts of ``acronym`` as a word of its own, maybe plural, possessive or compounded ("FBIs",
    "FBI's", "FBI-led"): ``re.finditer(r"(?<![\\w\\-])" + re.escape(acronym) + r"(?=s\\b|'s|’s|-[a-z]|[^\\w\\-]|$)", text)``
    without compiling a pattern per acronym."""
    if not acronym:
        return [m.start() for m in re.finditer(r"(?<![\w\-])(?=s\b|'s|’s|-[a-z]|[^\w\-]|$)", text)]

    def fits(start: int, end: int) -> bool:
        if start > 0 and (text[start - 1] == "-" or word_character(text[start - 1])):
            return False
        if end == len(text):
            return True
        after = text[end]
        if after == "s":
            return end + 1 == len(text) or not word_character(text[end + 1])  # "s\b"
        if after == "-":
            return "a" <= text[end + 1 : end + 2] <= "z"  # "-[a-z]"
        return not word_character(after)  # "[^\w\-]", apostrophes included

    return occurrences_where(text, acronym, fits)
