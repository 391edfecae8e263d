"""Filters: which mentions are bodies under the contract (not people, places, programmes, laws or fragments)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span

from pipeline.extract.people import is_initial, is_name_word
from pipeline.extract.org_gazetteer import known_organisations, name_shapes, not_organisations, places
from pipeline.extract.org_names import fold_key, looks_like_acronym
from pipeline.extract.organisations.acronyms import non_body_acronyms
from pipeline.extract.organisations.facts import DocFacts
from pipeline.extract.organisations.mention import OrgMention
from pipeline.extract.organisations.shapes import INNER_LINKS, PLACE_LABELS, POSSESSIVE_TOKENS, org_like
from pipeline.textsearch import whole_word
from pipeline.extract.view import DocView

# "Northern District of Texas", "the Eastern District of X": a court's jurisdiction, not a body, unless
# an office word names the body serving it. These read the mention's surface, which may join two
# phrases ("FBI Houston Field Office" of "FBIs Houston Field Office"): not a token sequence of the Doc.
_JURISDICTION = re.compile(
    r"^(?:(?:Northern|Southern|Eastern|Western|Middle|Central|Southeastern|Northeastern|Southwestern|Northwestern)\s+)?"
    r"District\s+of\s+"
)
_DISTRICT_OF = re.compile(r"\bDistrict of\b")
_OFFICE_WORD = re.compile(r"\b(?:Office|Court|Division|Section|Department)\b")
# "INTERPOL's ICSE database": a body's possessive opening the name.
_POSSESSIVE_WORD_END = re.compile(r"(?:'s|’s)$")
_AGE_AFTER = re.compile(r"^,\s*\d{1,3}\s*,")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# "NOx", "PCBs": capitals then lower case, a chemical or a plural acronym, not a body's name.
_CAPITALS_THEN_LOWER = re.compile(r"^[A-Z]{2,}[a-z]+$")


_LAW_NAME_LINKS = frozenset({"of", "on", "for", "to", "in", "and", "&"})
_EVENT_KINDS = frozenset({"event", "venue", "index"})


def accepted_mentions(view: DocView, mentions: list[OrgMention], facts: DocFacts) -> list[OrgMention]:
    """The mentions that name bodies, overlaps resolved longest phrase first.

    An acronym a law or a lower-case phrase defines ("Lacey Act (LA)", "a deferred prosecution
    agreement (DPA)") names no body wherever it is written.
    """
    not_bodies = non_body_acronyms(view.text)
    laws = law_names(view)
    accepted = [
        m for m in mentions
        if m.surface not in not_bodies and acceptable(view, m, facts) and not inside_law_name(m, laws)
    ]
    return longest_first(outside_non_bodies(accepted, mentions))


def outside_non_bodies(accepted: list[OrgMention], mentions: list[OrgMention]) -> list[OrgMention]:
    """Drop names inside an event, venue or index name ("Major League Soccer" of "the Major League
    Soccer Expansion Draft", "Acme" of "Acme Arena"): the longer name is what the text speaks of."""
    exclusions = not_organisations()
    spans = [(m.start, m.end) for m in mentions if exclusions.reason(m.surface) in _EVENT_KINDS]
    if not spans:
        return accepted
    return [m for m in accepted if not any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans)]


def law_names(view: DocView) -> list[tuple[int, int]]:
    """Character ranges of capitalised law names, read back from their last word: "the Money
    Laundering, Terrorist Financing and Transfer of Funds (Information on the Payer) Regulations"."""
    doc = view.doc
    law_words = {word for word, kind in not_organisations().last_words.items() if kind == "law"}
    ranges = []
    for i, lower in enumerate(view.token_strings.lowers):
        if lower not in law_words or i == 0:
            continue
        token = doc[i]
        if not token.is_title:
            continue
        first = token.i
        j = token.i - 1
        while j >= 0 and "\n" not in doc[j].text_with_ws:
            word = doc[j]
            if word.text == ")":
                opening = next((k for k in range(j - 1, max(j - 16, -1), -1) if doc[k].text == "("), None)
                if opening is None:
                    break
                j = opening - 1
                continue
            if word.text[:1].isupper() or word.text[:1].isdigit():
                first = j
            elif not (
                ((word.lower_ in _LAW_NAME_LINKS or word.text == ",") and j > 0 and doc[j - 1].text[:1].isupper())
                or (word.lower_ == "the" and j > 0 and doc[j - 1].lower_ in _LAW_NAME_LINKS - {"and", "&"})
            ):
                break
            j -= 1
        if first < token.i:
            ranges.append((doc[first].idx, token.idx + len(token)))
    return ranges


def inside_law_name(found: OrgMention, laws: list[tuple[int, int]]) -> bool:
    """A capitalised fragment of a law's name ("Money Laundering" of "the Money Laundering, … Regulations
    2017"); bodies a law is named after ("Bank Secrecy Act") are left to the programme check."""
    if known_organisations().lookup(found.surface) is not None or org_like(found.surface):
        return False
    return any(start <= found.start and found.end <= end for start, end in laws)


def acceptable(view: DocView, found: OrgMention, facts: DocFacts) -> bool:
    """Whether a trimmed mention is an organisation under the contract."""
    doc = view.doc
    surface = found.surface
    words = surface.split()
    if not words or not any(c.isalpha() for c in surface):
        return False
    if not_organisations().reason(surface) is not None:
        return False
    shapes = name_shapes()
    if all(w.lower() in shapes.heads or w.lower() in {"task", "trust"} for w in words):
        return False  # "Police Department", "Trust Company": a generic phrase or a cut-off name
    if _JURISDICTION.match(surface) or (
        _DISTRICT_OF.search(surface) and not org_like(surface.split(" District of ")[0] + " X")
    ):
        if not _OFFICE_WORD.search(surface):
            return False
    known = known_organisations().lookup(surface) is not None
    if known:
        return True
    if _YEAR.match(words[0]):
        return False  # "the 2019 Acme Awards", "2020 Kandor International Motor Show": an edition of an event
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None:
        return False
    if _only_places(span) or places().is_place(surface):
        return False
    if _names_a_programme(view, found):
        return False
    if org_like(surface):
        return True
    sources = found.source.split("+")
    if "ner" in sources and _plausible_ner(view, span, surface, facts):
        return True
    return "context" in sources


_PROGRAMME_AFTER = re.compile(r"^[\s)\"”’]*(?:\([^()]{1,40}\)\s*)?(?P<word>[A-Za-z]+)\b")


def _names_a_programme(view: DocView, found: OrgMention) -> bool:
    """"Fight Against Child (Sexual) Exploitation (FACE) project", "INTERPOL's ICSE database":
    a name followed by a programme word, or a known body's possessive before a name that is no body."""
    doc = view.doc
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    end = span.end_char if span is not None else found.end  # past a DOJ-style possessive "s"
    after = _PROGRAMME_AFTER.match(view.text[end : end + 60])
    exclusions = not_organisations()
    if after and exclusions.last_words.get(after["word"].lower()) in {"programme", "law"}:
        return True
    if after and after["word"].islower() and after["word"] in exclusions.next_words:
        return True  # "the Acme conference", "the Acme app": an event or a product named after a body
    if any(exclusions.surfaces.get(fold_key(w)) == "term" for w in found.surface.split()[1:]):
        return True  # "Universal USB": a product named by a technical term
    words = found.surface.split()
    if len(words) >= 2 and _POSSESSIVE_WORD_END.search(words[0]) and not org_like(" ".join(words[1:])):
        return True
    return False


def _title_follows(view: DocView, span: Span, facts: DocFacts) -> bool:
    """", [the] [ORG's] Title" right after the span."""
    doc = view.doc
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    title_starts = facts.title_or_modifier_starts
    for j in range(i + 1, min(i + 6, len(doc))):
        if j in title_starts:
            return True
        if not (doc[j].lower_ in {"the", "a", "an", "'s", "’s"} or doc[j].is_title or doc[j].is_upper):
            return False
    return False


def _in_titled_list(view: DocView, span: Span, facts: DocFacts) -> bool:
    """Whether the span is a later item of a list of names after a plural title ("Special Agents A, B and C")."""
    doc = view.doc
    plural_title_ends = facts.plural_title_ends
    j = span.start - 1
    if j < 1 or doc[j].lower_ not in {",", "and"}:
        return False
    while j > 0 and span.start - j < 16:
        j -= 1
        token = doc[j]
        if token.lower_ in {",", "and", "-"} or is_initial(token.text):
            continue
        if not is_name_word(token.text) or "\n" in token.text_with_ws:
            return False
        if j in plural_title_ends:
            return True
    return False


def _preceded_by_person(view: DocView, span: Span) -> bool:
    """Whether "<PERSON> and " comes right before the span (the last of a list of people; after a bare
    comma a body may follow a person as the place they work: "Lena Ortiz, Acme Board Chair")."""
    doc = view.doc
    return span.start >= 2 and doc[span.start - 1].lower_ == "and" and doc[span.start - 2].ent_type_ == "PERSON"


def _followed_by_person(view: DocView, span: Span) -> bool:
    """Whether "and <PERSON>" follows the span."""
    doc = view.doc
    return span.end + 1 < len(doc) and doc[span.end].lower_ == "and" and doc[span.end + 1].ent_type_ == "PERSON"


def _only_places(span: Span) -> bool:
    """A candidate that is nothing but a place or nationality ("Washington", "Korean")."""
    labels = {t.ent_type_ for t in span if t.is_alpha}
    if not labels or not labels <= PLACE_LABELS:
        return False
    return not org_like(span.text)


def _plausible_ner(view: DocView, span: Span, surface: str, facts: DocFacts) -> bool:
    """Extra checks for what only the statistical NER proposed."""
    doc = view.doc
    words = surface.split()
    if len(words) > 8 or any(i in facts.person_tokens for i in range(span.start, span.end)):
        return False
    following = doc[span.end] if span.end < len(doc) else None
    if (len(words) > 1 and len(words[-1]) == 1 and words[-1].isupper()) or (
        following is not None and len(following.text) == 1 and following.is_upper
    ):
        return False  # "Federal Elected Official A", "Company A": people and firms the release keeps anonymous
    if len(words) == 1 and surface.isupper() and len(surface) > 4 and (span.start == 0 or "\n" in doc[span.start - 1].text):
        return False  # a dateline ("WASHINGTON")
    if any(w[:1].islower() and w not in INNER_LINKS for w in words):
        return False
    if any(c in surface for c in "()[]{}") or any(c.isdigit() for c in surface):
        return False  # "Component(s", "2016 Adult Drug Court", scores and model numbers ("Acme 3000", "Leeds 2-1")
    if words[0] in facts.product_words or (len(words) > 1 and words[1] in facts.product_words):
        return False  # "Acme Cloudbox", "Cloudbox", "Cloudbox Pro": a product its maker's name was written before
    if _AGE_AFTER.match(view.text[span.end_char : span.end_char + 8]):
        return False  # "Nebraska McAlpine, 57, of Smyrna": a person with an age
    if facts.title_case_lines.at(span.start_char):
        return False  # a subtitle ("… to Compel Young Women"): title case makes the NER see names everywhere
    # People read as an organisation ("Odile Ferrands", "Hartwell", "Ayodele and Maciels").
    person_words = facts.person_words - facts.body_words
    named = [w for w in words if w not in INNER_LINKS]
    if named and all(w in person_words or (w.endswith("s") and w[:-1] in person_words) for w in named):
        return False
    if not org_like(surface) and (
        named[-1] in person_words or _followed_by_person(view, span) or _preceded_by_person(view, span)
    ):
        return False  # "Mohammad Adeel Yoonas and Kevin Shin": a person next to a person
    if len(words) == 1 and "-" in surface and any(part in facts.place_texts for part in surface.split("-")):
        return False  # "Kandor-North": a place joined to another
    if _in_titled_list(view, span, facts):
        return False  # "Trial Attorneys Nadia Brandt, Lorcan Featherstone and …": the people a plural title names
    if len(words) == 1 and (surface[:1].islower() or _CAPITALS_THEN_LOWER.match(surface)):
        return False  # "NOx", "iPhone": a substance or a product, where "WeWork" is a company
    if not org_like(surface) and span.end < len(doc) and doc[span.end].is_title and span.end in facts.title_starts:
        return False  # "Internal Affairs Investigator Robert E. McBroom": part of a title
    # A lone capitalised word the NER tagged once is often a fragment ("Trial", "Opiate") or a
    # place it misread ("in Kandor"): it counts when the text never writes it as an ordinary
    # lower-case word and the words around it are those of a body acting or speaking ("data from
    # Zentrix", "reported by the Courier", "Zentrix said").
    if len(words) == 1 and not looks_like_acronym(surface) and facts.org_texts[surface] < 2:
        if span.start in facts.title_or_modifier_starts or whole_word(view.text, surface.lower()):
            return False
        if not _before_titled_person(view, span, facts) and (span[0].is_sent_start or not _acting_body_context(view, span, facts)):
            return False
    if any(start >= span.start and end <= span.end for start, end in facts.titles):
        return org_like(surface)
    if _title_follows(view, span, facts) and not org_like(surface):
        return False  # "Keiko Tanabe-Moore, Japan's Ambassador …": a person introduced by their office
    # A name right after a title is a person the NER misread ("Secretary General, Jürgen Stock").
    before = span.start - 1 if span.start > 0 and doc[span.start - 1].text != "," else span.start - 2
    if before >= 0 and before + 1 in facts.title_ends:
        return org_like(surface) or known_organisations().lookup(surface) is not None
    return True


# Words around a lone name that make it a body that acts, sells or reports ("surveyed by X",
# "layoffs at X", "X reported"); a place takes "in" and "of" instead.
_BODY_CUES_BEFORE = frozenset({"by", "from", "at", "with", "told", "via"})
_BODY_CUES_AFTER = frozenset({"said", "says", "reported", "reports", "announced", "newspaper", "magazine", "confirmed"})


def _before_titled_person(view: DocView, span: Span, facts: DocFacts) -> bool:
    """Whether a title and a person's name follow the span ("Zentrix CEO Lena Ortiz", "Zentrix's president
    Lena Ortiz"): the body the person holds the title in."""
    doc = view.doc
    at = span.end + 1 if span.end < len(doc) and doc[span.end].text in POSSESSIVE_TOKENS else span.end
    if at not in facts.title_or_modifier_starts:
        return False
    ends = [end for end in facts.title_ends_by_start.get(at, ()) if end < len(doc)]
    return any(doc[end].ent_type_ == "PERSON" for end in ends)


def _acting_body_context(view: DocView, span: Span, facts: DocFacts) -> bool:
    doc = view.doc
    before = span.start - 1
    if before >= 1 and doc[before].lower_ in {"of", "at", "for"} and before in facts.title_ends:
        return True  # "CEO of Zentrix", "analyst at Zentrix": the body a title is held in
    if before >= 0 and doc[before].lower_ == "the":
        before -= 1
    if before >= 0 and doc[before].lower_ in _BODY_CUES_BEFORE:
        # Not inside a capitalised name: "the Act to Prevent Pollution from Ships".
        return before == 0 or not doc[before - 1].is_title or doc[before - 1].is_sent_start
    return span.end < len(doc) and doc[span.end].lower_ in _BODY_CUES_AFTER


def longest_first(mentions: Iterable[OrgMention]) -> list[OrgMention]:
    """Overlapping phrases resolved, longest phrase first; the mentions cut from one phrase stay together."""
    ordered = sorted(mentions, key=lambda m: (-(m.phrase[1] - m.phrase[0]), m.phrase[0], m.start, m.surface))
    chosen: dict[tuple[int, int, str], OrgMention] = {}
    for m in ordered:
        key = (m.start, m.end, m.surface)
        if key in chosen:
            kept = chosen[key]
            sources = set(kept.source.split("+")) | set(m.source.split("+"))
            chosen[key] = kept.with_source("+".join(sorted(sources)))
            continue
        if any(m.start < c.end and c.start < m.end and m.phrase != c.phrase for c in chosen.values()):
            continue
        chosen[key] = m
    return list(chosen.values())


def drop_unconfirmed_headline(mentions: list[OrgMention], facts: DocFacts, body_start: int) -> list[OrgMention]:
    """Title-case headlines and subtitles make fragments ("Combat Cyber Crimes", "Israeli Bank"): keep
    a mention there only when ordinary text names the same organisation or the gazetteer knows it."""
    gazetteer = known_organisations()
    doubtful = [m.start < body_start or facts.title_case_lines.at(m.start) for m in mentions]
    body_keys = {fold_key(m.surface) for m, d in zip(mentions, doubtful) if not d}
    body_keys |= {fold_key(m.acronym) for m, d in zip(mentions, doubtful) if not d and m.acronym}
    return [
        m
        for m, d in zip(mentions, doubtful)
        if not d or fold_key(m.surface) in body_keys or gazetteer.lookup(m.surface) is not None
    ]
