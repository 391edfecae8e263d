"""Splitting a trimmed phrase into the bodies it names: coordinations, sub-units and possessive chains."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from pipeline.extract.org_gazetteer import known_organisations, name_shapes
from pipeline.extract.org_names import acronym_fits, looks_like_acronym
from pipeline.extract.organisations.facts import DocFacts
from pipeline.extract.organisations.mention import OrgMention
from pipeline.extract.organisations.shapes import (
    ACRONYM_AFTER, PLACE_LABELS, POSSESSIVE_TOKENS, depossessive, org_like, text_of,
)
from pipeline.textsearch import occurrences
from pipeline.extract.view import DocView


def mentions_of_pieces(view: DocView, pieces: dict[tuple[int, int], set[str]], facts: DocFacts) -> list[OrgMention]:
    """The mentions each trimmed piece names: coordinated bodies, sub-units and possessive chains apart,
    each mention carrying the phrase it was cut from."""
    doc = view.doc
    mentions: list[OrgMention] = []
    for (start, end), sources in pieces.items():
        for part_start, part_end in split_coordination(view, start, end, facts.org_texts):
            phrase = (doc[part_start].idx, doc[part_end - 1].idx + len(doc[part_end - 1]))
            units = split_sub_unit(view, part_start, part_end, facts)
            for unit_start, unit_end in units:
                # The whole of "X Office of Y" stays as written; its parts are Y's business.
                whole = len(units) > 1 and (unit_start, unit_end) == (part_start, part_end)
                for m in split_chain(view, unit_start, unit_end, "+".join(sorted(sources)), facts, whole=whole):
                    mentions.append(OrgMention(m.start, m.end, m.surface, m.source, m.alias, m.acronym, *phrase))
    return mentions

def split_coordination(view: DocView, start: int, end: int, org_texts: Counter[str] | None = None) -> list[tuple[int, int]]:
    """"FBI and U.S. Marshals Service" is two organisations; "Health and Human Services" is one.

    A part counts as a whole name when it is known, head-shaped, or written as an organisation on
    its own elsewhere in the text (``org_texts``: "Big Harbor" in "Big Harbor and Lantern Studios").
    """
    doc = view.doc
    org_texts = org_texts or Counter()
    text = view.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])]
    known_ranges = [(doc[start].idx + m.start(), doc[start].idx + m.end()) for m in known_organisations().finder.finditer(text)]
    for i in range(start + 1, end - 1):
        if doc[i].lower_ not in {"and", "&"} or any(a <= doc[i].idx < b for a, b in known_ranges):
            continue
        left = text_of(view, doc[start].idx, doc[i - 1].idx + len(doc[i - 1]))
        right = text_of(view, doc[i + 1].idx, doc[end - 1].idx + len(doc[end - 1]))
        if all(t.ent_type_ == "PERSON" for t in doc[start:i]) and org_like(right):
            return split_coordination(view, i + 1, end, org_texts)  # "Delia Rourke and Delias Tax Service LLC"
        left_whole = org_like(left) or (looks_like_acronym(left) and known_organisations().lookup(left) is not None)
        right_whole = org_like(right) or known_organisations().lookup(right) is not None
        if not left_whole and org_texts[left] and (right_whole or org_texts[right]) \
                and len(occurrences(view.text, left)) > 1:
            left_whole = right_whole = True  # "Big Harbor" on its own elsewhere: two bodies
        if left_whole and right_whole:
            return [(start, i), *split_coordination(view, i + 1, end, org_texts)]
    return [(start, end)]


def split_sub_unit(view: DocView, start: int, end: int, facts: DocFacts) -> list[tuple[int, int]]:
    """"X of the Y" where Y is an organisation: [whole, Y] for a place office ("Houston Field Office
    of the IRS-Criminal Investigation Division"), else [X, Y] ("Environmental Crimes Section of the
    U.S. Department of Justice")."""
    doc = view.doc
    shapes = name_shapes()
    for i in range(start + 1, end - 1):
        if doc[i].lower_ != "of" or doc[i - 1].lower_ not in shapes.heads:
            continue
        inner = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        if inner >= end:
            return [(start, end)]
        inner_text = text_of(view, doc[inner].idx, doc[end - 1].idx + len(doc[end - 1]))
        if not (org_like(inner_text) or _chain_org_like(inner_text)):
            return [(start, end)]
        outer = list(doc[start:i])
        outer_text = text_of(view, outer[0].idx, outer[-1].idx + len(outer[-1]))
        named = [t for t in outer[:-1] if t.text not in {"U.S.", "US", "United", "States", "-"}]
        if not org_like(outer_text) or not named:
            return [(start, end)]  # "Department of Justice", "U.S. Department of Homeland Security …"
        if sub_office(view, facts, start, i) or _place_office(outer):
            return [(start, end), (inner, end)]
        return [(start, i), (inner, end)]
    return [(start, end)]


def _chain_org_like(text: str) -> bool:
    """A possessive chain whose links are organisations ("HHSs Office of the Inspector General")."""
    words = text.split()
    for k in range(len(words) - 1):
        bare = depossessive(words[k])
        if bare and (org_like(" ".join([*words[:k], bare])) or looks_like_acronym(bare)) and org_like(" ".join(words[k + 1 :])):
            return True
    return False


def split_chain(view: DocView, start: int, end: int, source: str, facts: DocFacts, *, whole: bool = False) -> list[OrgMention]:
    """Split possessive chains: "Justice Departments Criminal Divisions Fraud Section" → three mentions.

    The last link is the organisation the phrase is about and keeps the whole phrase as an alias;
    a bare sub-office ("FBIs Houston Field Office") keeps its parent in its name.
    """
    doc = view.doc
    tokens = list(doc[start:end])
    original = text_of(view, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if whole:
        surface = _strip_final_possessive(original)
        return [OrgMention(tokens[0].idx, tokens[0].idx + len(surface), surface, source)]
    phrase_end = tokens[-1].idx + len(tokens[-1])
    after = ACRONYM_AFTER.match(view.text[phrase_end : phrase_end + 40])
    if after and acronym_fits(after["acronym"], original) and original[:1] == after["acronym"][:1]:
        # "HHSs Office of the Inspector General (HHS-OIG)": the acronym names the whole phrase.
        words = original.split()
        surface = " ".join(depossessive(w) or w if k < len(words) - 1 else w for k, w in enumerate(words))
        return [OrgMention(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), surface, source,
                           alias=original if surface != original else None)]
    results: list[OrgMention] = []
    link_start = 0
    link_parent: str | None = None
    for k in range(len(tokens) - 1):
        token, following = tokens[k], tokens[k + 1]
        if following.text in POSSESSIVE_TOKENS and k + 2 < len(tokens):
            head_end_char, rest_from = token.idx + len(token), k + 2
        elif k + 1 < len(tokens) and (bare := depossessive(token.text, _known_before(view, facts, tokens, link_start, k))):
            head_end_char, rest_from = token.idx + len(bare), k + 1
        else:
            continue
        head_text = text_of(view, tokens[link_start].idx, head_end_char)
        rest = tokens[rest_from:]
        rest_text = text_of(view, rest[0].idx, rest[-1].idx + len(rest[-1]))
        if not (org_like(head_text) or looks_like_acronym(head_text)) or not org_like(rest_text):
            continue
        results.append(OrgMention(tokens[link_start].idx, head_end_char, head_text, source))
        link_parent = head_text
        link_start = rest_from
    last = tokens[link_start:]
    last_text = text_of(view, last[0].idx, last[-1].idx + len(last[-1]))
    last_text = _strip_final_possessive(last_text)
    if link_parent is None:
        results.append(OrgMention(last[0].idx, last[0].idx + len(last_text), last_text, source))
        results.extend(_known_prefix(view, last, source))
        return results
    if sub_office(view, facts, last[0].i, end, plural=True) or _place_office(last) \
            or last[-1].lower_ == "office":
        last_text = f"{link_parent} {last_text}"
    results.append(OrgMention(last[0].idx, last[-1].idx + len(last[-1]), last_text, source, alias=original))
    return results


# A word of the place or unit a sub-office is named after ("Houston", "St.", "U.S.").
_OFFICE_NAME_WORD = re.compile(r"[A-Z][\w.]*")


def sub_office(view: DocView, facts: DocFacts, start: int, end: int, *, plural: bool = False) -> bool:
    """Whether tokens ``start``..``end`` name a sub-office: up to three capitalised words, then a SUB_OFFICE
    span of the rule layer ("Houston Field Office", "Resident Office"; "Offices" only when ``plural``)."""
    if end - start < 2 or end - start > 5 or (end - 2, end) not in facts.sub_offices:
        return False
    doc = view.doc
    if doc[end - 1].text != "Office" and not plural:
        return False
    return all(doc[i].whitespace_ and _OFFICE_NAME_WORD.fullmatch(doc[i].text) for i in range(start, end - 2))


def _place_office(tokens: list[Token]) -> bool:
    """A bare "<Place> Office" ("Dallas Office") that only makes sense with its parent's name."""
    return (
        len(tokens) >= 2
        and tokens[-1].lower_ in {"office", "offices", "division"}
        and all(t.ent_type_ in PLACE_LABELS or t.text in {"-", "."} for t in tokens[:-1])
    )


def _known_before(view: DocView, facts: DocFacts, tokens: list[Token], first: int, k: int) -> bool:
    """Whether tokens[first..k], the last one without its trailing "s", name a known organisation,
    or an organisation whose bare sub-office follows ("… Office of the Inspector Generals Dallas Field Office")."""
    token = tokens[k]
    if not token.text.endswith("s") or token.text.endswith("ss"):
        return False
    text = text_of(view, tokens[first].idx, token.idx + len(token) - 1)
    if known_organisations().lookup(text) is not None:
        return True
    return org_like(text) and sub_office(view, facts, token.i + 1, tokens[-1].i + 1)


def _strip_final_possessive(text: str) -> str:
    words = text.split()
    bare = depossessive(words[-1]) if words else None
    if bare is not None and (len(words) > 1 or bare.isupper()):
        candidate = " ".join([*words[:-1], bare])
        if len(words) == 1 or known_organisations().lookup(candidate) or bare.lower() in name_shapes().heads:
            return candidate
    return text


def _known_prefix(view: DocView, tokens: list[Token], source: str) -> list[OrgMention]:
    """A known body or acronym opening a longer name ("FBI Dallas Field Office") is also a mention of it."""
    if len(tokens) < 2:
        return []
    gazetteer = known_organisations()
    whole = text_of(view, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if gazetteer.lookup(whole) is not None:
        return []
    for size in range(min(len(tokens) - 1, 6), 0, -1):
        head = tokens[:size]
        text = text_of(view, head[0].idx, head[-1].idx + len(head[-1]))
        if gazetteer.lookup(text) is not None and org_like(text_of(view, tokens[size].idx, tokens[-1].idx + len(tokens[-1]))):
            return [OrgMention(head[0].idx, head[-1].idx + len(head[-1]), text, source)]
    return []
