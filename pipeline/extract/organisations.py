"""Organisations: NER, name-shape rules and the gazetteer reconciled into one row per body.

Candidates come from three places — spaCy ORG entities, the ``ORG`` shapes of the rule layer
(``models/patterns/organisations.jsonl``) and the gazetteer of well-known bodies
(``models/gazetteers/organisations.tsv``). Each is trimmed ("the", possessives, people, line
breaks), possessive chains are split ("Justice Departments Criminal Division" → Justice
Department + Criminal Division), fragments, programmes, laws and places are dropped, and the
mentions left are merged by folded name, gazetteer entry and acronym ("Korean National Police
Agency (KNPA)"). A row's ``name`` is the fullest form the document uses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.extract.view import doc_text, entities, mention, rule_spans, token_strings, view_of
from pipeline.textsearch import finditer_near_cues, occurrences, occurrences_where, whole_word, word_character
from pipeline.extract.people import is_initial, is_name_word
from pipeline.extract.org_gazetteer import demonym_country, known_organisations, name_shapes, not_organisations, places
from pipeline.extract.org_names import acronym_fits, acronym_letters, fold_key, looks_like_acronym
from pipeline.records import CleanDocument, Organisation

__all__ = ["OrgMention", "extract_organisations", "organisation_mentions"]

#: Where the mentions behind the rows are kept on the Doc for the officials extractor (plain tuples).
MENTIONS_KEY = "newsfacts_org_mentions"

_ARTICLES = frozenset({"the", "a", "an"})
_INNER_LINKS = frozenset({"of", "for", "on", "in", "and", "&", "at"})
_EDGE_JUNK = frozenset({"of", "for", "on", "in", "and", "&", "at", "the", "'s", "’s", "'", "’", "-", ",", "."})
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
_ACRONYM_AFTER = re.compile(r"^\s*\(\s*(?:the\s+)?[\"“]?(?P<acronym>[A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9])[\"”]?\s*\)")
_JURISDICTION = re.compile(
    r"^(?:(?:Northern|Southern|Eastern|Western|Middle|Central|Southeastern|Northeastern|Southwestern|Northwestern)\s+)?"
    r"District\s+of\s+"
)
_SUB_OFFICE = re.compile(r"^(?:[A-Z][\w.]*\s+){0,3}(?:Field|Regional|Area|Resident|Branch|Satellite|Local)\s+Office$")
# "Convention on International Trade in Endangered Species … (CITES)": a law named first.
_LAW_FIRST_ACRONYM = re.compile(
    r"\b(?:Convention|Treaty|Act|Protocol|Agreement)\s+(?:on|of|for|to|against)\s+[^()]{3,120}?\s+\((?P<acronym>[A-Z][A-Z0-9&\-]+)\)"
)
# "a deferred prosecution agreement (DPA)": a thing written in lower case, not a body.
_PHRASE_ACRONYM = re.compile(r"\b[a-z][a-z\-]+(?:\s+[a-z][a-z\-]+){1,5}\s+\((?P<acronym>[A-Z][A-Z0-9&\-]+)\)")
# Its only "(" opens the acronym, and it spans at most seven runs of non-spaces (six words and
# "(ACR)"), so it is tried only within six runs before a "(" and a capital.
_PHRASE_ACRONYM_CUE = re.compile(r"\([A-Z]")
_NON_SPACE_RUN = re.compile(r"\S+")
_ABBREVIATED_HEADS = frozenset({"directorate", "agency", "department", "service", "force", "authority"})
_AGE_AFTER = re.compile(r"^,\s*\d{1,3}\s*,")
_LAW_ACRONYM = re.compile(
    r"\b(?:[A-Z][\w'’\-]*\s+)(?:(?:of|and|the|for|on|to|in|[A-Z][\w'’\-]*)\s+)*?"
    r"(?:Act|Acts|Code|Law|Program|Programme|Project|Initiative|Database|Treaty|Convention|Agreement)"
    r"\s+\((?P<acronym>[A-Z][A-Z0-9&\-]+)\)"
)
# NER labels whose tokens are not part of an organisation name when a candidate only covers them.
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# "NOx", "PCBs": capitals then lower case, a chemical or a plural acronym, not a body's name.
_CAPITALS_THEN_LOWER = re.compile(r"^[A-Z]{2,}[a-z]+$")
_PERSONISH = frozenset({"PERSON"})
_MAX_TOKENS = 16


@dataclass(frozen=True, slots=True)
class OrgMention:
    """One mention of an organisation in the text (character offsets into ``doc.text``)."""

    start: int
    end: int
    surface: str
    source: str
    alias: str | None = None  # the longer written form it came from ("Justice Departments Tax Division")
    acronym: str | None = None
    # The phrase it was split from: mentions cut from one phrase may overlap each other, not others.
    phrase_start: int = -1
    phrase_end: int = -1

    @property
    def phrase(self) -> tuple[int, int]:
        """Character range of the source phrase (the mention itself when it was not split)."""
        return (self.phrase_start, self.phrase_end) if self.phrase_start >= 0 else (self.start, self.end)

    def with_acronym(self, acronym: str) -> OrgMention:
        """The same mention, defining ``acronym``."""
        return OrgMention(self.start, self.end, self.surface, self.source, self.alias, acronym,
                          self.phrase_start, self.phrase_end)

    def with_source(self, source: str) -> OrgMention:
        """The same mention, found by ``source`` too."""
        return OrgMention(self.start, self.end, self.surface, source, self.alias, self.acronym,
                          self.phrase_start, self.phrase_end)


@dataclass(frozen=True, slots=True)
class _DocFacts:
    """What the trimming and filters ask of a Doc's sentences, entities and rule spans, read once per Doc.

    Each candidate used to scan every entity and rule span again (a new Span per item), which
    was most of the extractor's cost.
    """

    has_sentences: bool
    #: Tokens of PERSON entities (see :func:`_person_tokens`).
    person_tokens: frozenset[int]
    #: Every word of every PERSON entity, and the name words written right after a title ("chair
    #: Lena Ortiz" — the NER sometimes tags such a name ORG).
    person_words: frozenset[str]
    #: Texts of GPE and LOC entities.
    place_texts: frozenset[str]
    #: How often each text is tagged ORG by the NER.
    org_texts: Counter[str]
    #: Words of PERSON entities that are no person's name: the NER tags the word ORG on its own more
    #: often than it puts it in a person, and never as a family name ("Acme" of a misread "Acme
    #: North America" after "Lena Ortiz, President").
    body_words: frozenset[str]
    #: First words of products a company's name is written before ("Stadia" of "Google Stadia"), see
    #: :func:`_product_words`.
    product_words: frozenset[str]
    #: TITLE rule spans as (start, end), in the rule layer's order.
    titles: tuple[tuple[int, int], ...]
    #: The ends of the TITLE spans starting at a token, in the rule layer's order.
    title_ends_by_start: dict[int, tuple[int, ...]]
    title_starts: frozenset[int]
    title_ends: frozenset[int]
    #: Starts of TITLE and TITLE_MODIFIER spans.
    title_or_modifier_starts: frozenset[int]
    #: Starts of military and police ranks ("Brig. Gen.", "Lt.").
    rank_starts: frozenset[int]
    #: Ends of TITLE spans whose last word is a plural ("Special Agents").
    plural_title_ends: frozenset[int]
    #: The word right after each TITLE span.
    words_after_titles: frozenset[str]
    #: See :func:`_title_starts_after_head`.
    title_starts_after_head: frozenset[int]


def _doc_facts(doc: Doc) -> _DocFacts:
    rules = rule_spans(doc)
    ents = entities(doc)
    titles = tuple((s.start, s.end) for s in rules if s.label == "TITLE")
    org_texts = Counter(_bare_entity_text(e.text) for e in ents if e.label == "ORG")
    ends_by_start: dict[int, list[int]] = {}
    for start, end in titles:
        ends_by_start.setdefault(start, []).append(end)
    return _DocFacts(
        has_sentences=view_of(doc).sentences.annotated,
        person_tokens=frozenset(_person_tokens(doc)),
        person_words=frozenset(w for e in ents if e.label in _PERSONISH for w in e.text.split())
        | _titled_name_words(doc, titles),
        place_texts=frozenset(e.text for e in ents if e.label in {"GPE", "LOC"}),
        org_texts=org_texts,
        body_words=_body_words(ents, org_texts),
        product_words=_product_words(doc, org_texts),
        titles=titles,
        title_ends_by_start={start: tuple(ends) for start, ends in ends_by_start.items()},
        title_starts=frozenset(start for start, _ in titles),
        title_ends=frozenset(end for _, end in titles),
        title_or_modifier_starts=frozenset(s.start for s in rules if s.label in {"TITLE", "TITLE_MODIFIER"}),
        rank_starts=frozenset(s.start for s in rules if s.label == "TITLE" and s.id == "rank"),
        plural_title_ends=frozenset(
            end for _, end in titles if doc[end - 1].lower_.endswith("s") and not doc[end - 1].lower_.endswith("ss")
        ),
        words_after_titles=frozenset(doc[end].text for _, end in titles if end < len(doc)),
        title_starts_after_head=frozenset(_title_starts_after_head(doc)),
    )


_CONTEXT_LABELS_REFUSED = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})


def _names_in_body_contexts(doc: Doc, facts: _DocFacts) -> list[tuple[int, int]]:
    """One-word names the words around them make bodies, whatever the NER says of them.

    * a name written before a lower-case title and a person, that the text also writes as a group
      ("Rovers captain Sam Ode", and elsewhere "beat the Rovers."): a team or a company;
    * a name a person "told", or that "reported" something ("she told Newsbeat", "Newsbeat reported").
    """
    found = []
    person_words = facts.person_words - facts.body_words
    for start, end in facts.titles:
        word = start - 1
        if word < 1 or not doc[start].is_lower or end >= len(doc) or not is_name_word(doc[end].text):
            continue
        token = doc[word]
        if not token.is_title or token.ent_type_ in _CONTEXT_LABELS_REFUSED:
            continue
        if token.lower_ in _INNER_LINKS or word in facts.title_or_modifier_starts or word + 1 in facts.title_ends:
            continue
        if _written_as_group(doc, token.text):
            found.append((word, word + 1))
    lowers = token_strings(doc).lowers
    for i, lower in enumerate(lowers):
        if lower not in {"told", "reported", "reports"}:
            continue
        word = i + 1 if lower == "told" else i - 1
        if not 0 <= word < len(doc):
            continue
        token = doc[word]
        if not token.is_title or len(token.text) < 3 or token.ent_type_ in _CONTEXT_LABELS_REFUSED | {"PERSON"} \
                or token.text in person_words or token.lower_ in _INNER_LINKS or token.pos_ != "PROPN":
            continue
        if lower == "told" and (token.is_sent_start or word + 1 < len(doc) and doc[word + 1].is_title):
            continue  # "told Lena Ortiz": a person
        if lower != "told" and word > 0 and (doc[word - 1].is_title or doc[word - 1].pos_ == "PROPN"):
            continue  # "Lena Ortiz reported": a person
        found.append((word, word + 1))
    return found


def _written_as_group(doc: Doc, word: str) -> bool:
    """Whether the text writes "the <word>" as a noun phrase of its own ("beat the Rovers.", "the Rovers
    lost"), as a team or company is written and a person is not."""
    texts = token_strings(doc).texts
    for i, text in enumerate(texts):
        if text == word and i > 0 and texts[i - 1].lower() == "the":
            following = doc[i + 1] if i + 1 < len(doc) else None
            if following is None or following.pos_ not in {"NOUN", "PROPN"}:
                return True
    return False


def _bare_entity_text(text: str) -> str:
    """An entity's text without a leading "the" or a trailing possessive ("the Sabres'" → "Sabres")."""
    words = text.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    bare = " ".join(words)
    return _POSSESSIVE_END.sub("", bare)


_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")


def _titled_name_words(doc: Doc, titles: tuple[tuple[int, int], ...]) -> frozenset[str]:
    """Words of a two- or three-word name right after a title ("executive chair Lena Ortiz said")."""
    words: set[str] = set()
    for _, end in titles:
        name = []
        for token in doc[end : end + 3]:
            if not is_name_word(token.text) or token.is_upper or "\n" in token.text_with_ws[:-1]:
                break
            name.append(token.text)
        if len(name) >= 2 and not _org_like(" ".join(name)) and known_organisations().lookup(name[0]) is None:
            words.update(name)
    return frozenset(words)


def _body_words(ents: tuple, org_texts: Counter[str]) -> frozenset[str]:
    person_names = [e.text.split() for e in ents if e.label in _PERSONISH]
    in_people = Counter(w for words in person_names for w in words)
    family_names = {words[-1] for words in person_names if len(words) > 1}
    return frozenset(w for w in in_people if org_texts[w] >= 2 and org_texts[w] > in_people[w] and w not in family_names)


def _product_words(doc: Doc, org_texts: Counter[str]) -> frozenset[str]:
    """Products named after their maker: "Google Stadia", "Acme Cloudbox Pro".

    The NER tags such names ORG. When an ORG entity opens with a name the NER also tags ORG
    on its own ("Google") and the rest is no organisation name (no head word, company suffix
    or place), the rest is the maker's product, and its first word ("Stadia") names the product
    wherever it is written.
    """
    found = set()
    for ent in entities(doc):
        if ent.label != "ORG":
            continue
        words = _bare_entity_text(ent.text).split()
        if len(words) < 2 or org_texts[words[0]] == 0 or not words[1][:1].isupper():
            continue
        rest = " ".join(words[1:])
        if _org_like(rest) or known_organisations().lookup(rest) is not None:
            continue
        if "(" in ent.text or any(w.lower() in _INNER_LINKS for w in words[1:]):
            continue  # "Acme Trade and Finance (Acme)": a company's full name, with links or a short form
        if places().is_place(rest) or places().is_region(rest):
            continue  # "Acme North America", "Acme Japan": a company's regional arm
        if words[1].lower() in name_shapes().heads or words[1].lower() in _INNER_LINKS:
            continue
        found.add(words[1])
    return frozenset(found)


def extract_organisations(doc: Doc, article: CleanDocument) -> list[Organisation]:
    """One row per distinct organisation in the document.

    Args:
        doc: the analysed article text (NER and the ``newsfacts_rules`` spans).
        article: the cleaned article (its ``body_start`` tells the headline apart).

    Returns:
        Organisations with canonical name, acronym, aliases, mention count and first-mention evidence.
    """
    groups = _merge(organisation_mentions(doc, article))
    rows = []
    for group in groups:
        first = min(group, key=lambda m: (m.start, m.end))
        span = doc.char_span(first.start, first.end, alignment_mode="expand")
        evidence = mention(span) if span is not None else None
        name, acronym, aliases = _canonical(group)
        sources = sorted({part for m in group for part in m.source.split("+")})
        rows.append(
            Organisation(
                name=name,
                acronym=acronym,
                aliases=aliases,
                mentions=len({(m.start, m.end) for m in group}),
                start=first.start,
                end=first.end,
                sentence=evidence.sentence if evidence else first.surface,
                source="+".join(sources),
            )
        )
    return rows


def organisation_mentions(doc: Doc, article: CleanDocument | None = None) -> list[OrgMention]:
    """Every accepted organisation mention in text order (cached on the Doc as plain tuples)."""
    cached = doc.user_data.get(MENTIONS_KEY)
    if cached is not None:
        return [OrgMention(*row) for row in cached]
    body_start = article.body_start if article is not None else 0
    mentions = _find_mentions(doc, body_start)
    doc.user_data[MENTIONS_KEY] = [
        (m.start, m.end, m.surface, m.source, m.alias, m.acronym, m.phrase_start, m.phrase_end) for m in mentions
    ]
    return mentions


# --------------------------------------------------------------------------- candidates


def _find_mentions(doc: Doc, body_start: int) -> list[OrgMention]:
    gazetteer = known_organisations()
    candidates: list[tuple[int, int, str]] = []  # token start, token end, source
    candidates.extend((start, end, "rule") for start, end in _maximal_rule_spans(doc))
    for ent in entities(doc):
        if ent.label == "ORG":
            candidates.append((ent.start, ent.end, "ner"))
    text = doc_text(doc)
    for match in gazetteer.finder.finditer(text):
        if _state_code_at(text, match.start(), match.group()):
            continue  # "Reston, VA": a state, not the agency with that acronym
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            candidates.append((span.start, span.end, "gazetteer"))
    facts = _doc_facts(doc)
    candidates.extend((start, end, "context") for start, end in _names_in_body_contexts(doc, facts))
    pieces: dict[tuple[int, int], set[str]] = {}
    for start, end, source in candidates:
        # A gazetteer match is an exact known name, a context name one word the context made a body:
        # no NER person or sentence split applies inside them.
        found = [(start, end)] if source in {"gazetteer", "context"} else _trim(doc, start, end, facts)
        for piece in found:
            pieces.setdefault(piece, set()).add(source)
    mentions: list[OrgMention] = []
    for (start, end), sources in pieces.items():
        for part_start, part_end in _split_coordination(doc, start, end, facts.org_texts):
            phrase = (doc[part_start].idx, doc[part_end - 1].idx + len(doc[part_end - 1]))
            units = _split_sub_unit(doc, part_start, part_end)
            for unit_start, unit_end in units:
                # The whole of "X Office of Y" stays as written; its parts are Y's business.
                whole = len(units) > 1 and (unit_start, unit_end) == (part_start, part_end)
                for m in _split_chain(doc, unit_start, unit_end, "+".join(sorted(sources)), whole=whole):
                    mentions.append(OrgMention(m.start, m.end, m.surface, m.source, m.alias, m.acronym, *phrase))
    not_bodies = {m["acronym"] for pattern in (_LAW_ACRONYM, _LAW_FIRST_ACRONYM) for m in pattern.finditer(text)}
    not_bodies |= {m["acronym"] for m in finditer_near_cues(_PHRASE_ACRONYM, text, _PHRASE_ACRONYM_CUE, _NON_SPACE_RUN, 6)}
    laws = _law_names(doc)
    accepted = [
        m for m in mentions
        if m.surface not in not_bodies and _acceptable(doc, m, facts) and not _inside_law_name(m, laws)
    ]
    accepted = _outside_non_bodies(doc, accepted, mentions)
    chosen = _longest_first(accepted)
    chosen = _add_acronyms(doc, chosen)
    chosen = _defined_acronyms_only(doc, chosen, facts)
    chosen = _drop_unconfirmed_headline(doc, chosen, body_start)
    return sorted(chosen, key=lambda m: (m.start, m.end))


_LAW_NAME_LINKS = frozenset({"of", "on", "for", "to", "in", "and", "&"})
# A city and a comma right before a match: "Reston, " of "Reston, VA".
_SUBDIVISION_AFTER_PLACE = re.compile(r"[A-Z][\w.\-]*, $")
_EVENT_KINDS = frozenset({"event", "venue", "index"})


def _state_code_at(text: str, start: int, word: str) -> bool:
    """Whether ``word`` at ``start`` is a state or province code after a city ("Reston, VA")."""
    return word in places().subdivision_codes and bool(_SUBDIVISION_AFTER_PLACE.search(text[max(0, start - 40) : start]))


def _outside_non_bodies(doc: Doc, accepted: list[OrgMention], mentions: list[OrgMention]) -> list[OrgMention]:
    """Drop names inside an event, venue or index name ("Major League Soccer" of "the Major League
    Soccer Expansion Draft", "Acme" of "Acme Arena"): the longer name is what the text speaks of."""
    exclusions = not_organisations()
    spans = [(m.start, m.end) for m in mentions if exclusions.reason(m.surface) in _EVENT_KINDS]
    if not spans:
        return accepted
    return [m for m in accepted if not any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans)]


def _defined_acronyms_only(doc: Doc, mentions: list[OrgMention], facts: _DocFacts) -> list[OrgMention]:
    """A bare acronym the NER tags is an organisation when the gazetteer knows it or the text defines
    it: "(ACR)" after a capitalised name, an organisation of the document whose capitalised words give
    exactly its letters ("the CDF" of "the Concurrent Design Facility"), a title it is written before
    ("ACR spokesman"), or use as a body — tagged again, or listed with other bodies. Undefined ones
    are terms, tickers, units and places as often ("HP", "NR", "BAAR")."""
    text = doc_text(doc)
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
        elif tagged[m.surface] >= 2 or _listed_with_body(text, m, mentions) or _before_title(doc, m, facts):
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


def _before_title(doc: Doc, found: OrgMention, facts: _DocFacts) -> bool:
    """Whether a title follows the mention, maybe after a possessive ("ACR spokesman", "ACR's Director")."""
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    after = span.end + 1 if doc[span.end].text in _POSSESSIVE_TOKENS else span.end
    return after in facts.title_or_modifier_starts


_LIST_GAP = re.compile(r"^\s*(?:,|,? and|,? or|&)\s*$")


def _defined_in_text(text: str, acronym: str) -> bool:
    """Whether "(ACR)" follows capitalised words whose initials it fits ("Northwind Area Agency (NAA)")."""
    for at in occurrences(text, f"({acronym})"):
        before = text[max(0, at - 120) : at].split()[-8:]
        if acronym_fits(acronym, " ".join(w for w in before if w[:1].isupper() or w.lower() in _INNER_LINKS)):
            return True
    return False


def _law_names(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of capitalised law names, read back from their last word: "the Money
    Laundering, Terrorist Financing and Transfer of Funds (Information on the Payer) Regulations"."""
    law_words = {word for word, kind in not_organisations().last_words.items() if kind == "law"}
    ranges = []
    for i, lower in enumerate(token_strings(doc).lowers):
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
                (word.lower_ in _LAW_NAME_LINKS or word.text == ",") and j > 0 and doc[j - 1].text[:1].isupper()
                or word.lower_ == "the" and j > 0 and doc[j - 1].lower_ in _LAW_NAME_LINKS - {"and", "&"}
            ):
                break
            j -= 1
        if first < token.i:
            ranges.append((doc[first].idx, token.idx + len(token)))
    return ranges


def _inside_law_name(found: OrgMention, laws: list[tuple[int, int]]) -> bool:
    """A capitalised fragment of a law's name ("Money Laundering" of "the Money Laundering, … Regulations
    2017"); bodies a law is named after ("Bank Secrecy Act") are left to the programme check."""
    if known_organisations().lookup(found.surface) is not None or _org_like(found.surface):
        return False
    return any(start <= found.start and found.end <= end for start, end in laws)


def _maximal_rule_spans(doc: Doc) -> list[tuple[int, int]]:
    """ORG shape matches not inside a longer one (a '+' pattern also matches every shorter run)."""
    spans = sorted({(s.start, s.end) for s in rule_spans(doc) if s.label == "ORG"},
                   key=lambda se: (se[0], -se[1]))
    kept: list[tuple[int, int]] = []
    furthest = -1  # every kept span starts at or before ``start``: inside one iff one ends at or after ``end``
    for start, end in spans:
        if end > furthest:
            kept.append((start, end))
            furthest = end
    return kept


def _person_tokens(doc: Doc) -> set[int]:
    """Indices of tokens inside PERSON entities, except "people" that end in an organisation head
    ("Generals Elder Abuse Unit" is the NER misreading a name)."""
    shapes = name_shapes()
    return {
        i
        for ent in entities(doc)
        if ent.label in _PERSONISH and not any(w.lower_ in shapes.heads and w.is_title for w in doc[ent.start : ent.end])
        for i in range(ent.start, ent.end)
    }


def _title_starts_after_head(doc: Doc) -> set[int]:
    """Tokens where a capitalised title starts right after an organisation's head word."""
    heads = name_shapes().heads
    return {
        s.start
        for s in rule_spans(doc)
        if s.label in {"TITLE", "TITLE_MODIFIER"} and s.start > 0 and doc[s.start - 1].lower_ in heads
        and doc[s.start].is_title and s.id != "role"
    }


def _is_break(token: Token) -> bool:
    return "\n" in token.text or token.is_space


def _trim(doc: Doc, start: int, end: int, facts: _DocFacts) -> list[tuple[int, int]]:
    """The organisation-name pieces of a candidate: split at line breaks, sentences and people, edges cleaned."""
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
            and not _enumerated_complement(doc, piece_start, i, end)
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
            if doc[i].lower_ in _ARTICLES and (i == a or doc[i - 1].lower_ not in _INNER_LINKS):
                a = i + 1
                break
        while a < b and (doc[a].lower_ in _EDGE_JUNK or doc[a].is_punct or not _capitalised(doc[a])
                         or _possessive_of_no_body(doc, a, b, facts)):
            a += 1
        a = _after_leading_title(doc, a, b, facts)
        while b > a and (doc[b - 1].lower_ in _EDGE_JUNK or doc[b - 1].is_punct or not _capitalised(doc[b - 1])):
            b -= 1
        b = _cut_person_after_head(doc, a, b)
        if a < b and b - a <= _MAX_TOKENS:
            trimmed.append((a, b))
    return trimmed


def _enumerated_complement(doc: Doc, start: int, comma: int, end: int) -> bool:
    """Whether the comma at ``comma`` lists the subjects of a head-initial name: "Ministry of Trade,
    Industry and Energy", "Department of Health, Education and Welfare" — capitalised words, maybe
    more commas, then "and" and the last capitalised word, all inside the candidate."""
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


def _split_coordination(doc: Doc, start: int, end: int, org_texts: Counter[str] | None = None) -> list[tuple[int, int]]:
    """"FBI and U.S. Marshals Service" is two organisations; "Health and Human Services" is one.

    A part counts as a whole name when it is known, head-shaped, or written as an organisation on
    its own elsewhere in the text (``org_texts``: "Big Harbor" in "Big Harbor and Lantern Studios").
    """
    org_texts = org_texts or Counter()
    text = doc_text(doc)[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])]
    known_ranges = [(doc[start].idx + m.start(), doc[start].idx + m.end()) for m in known_organisations().finder.finditer(text)]
    for i in range(start + 1, end - 1):
        if doc[i].lower_ not in {"and", "&"} or any(a <= doc[i].idx < b for a, b in known_ranges):
            continue
        left = _text_of(doc, doc[start].idx, doc[i - 1].idx + len(doc[i - 1]))
        right = _text_of(doc, doc[i + 1].idx, doc[end - 1].idx + len(doc[end - 1]))
        if all(t.ent_type_ == "PERSON" for t in doc[start:i]) and _org_like(right):
            return _split_coordination(doc, i + 1, end, org_texts)  # "Delia Rourke and Delias Tax Service LLC"
        left_whole = _org_like(left) or (looks_like_acronym(left) and known_organisations().lookup(left) is not None)
        right_whole = _org_like(right) or known_organisations().lookup(right) is not None
        if not left_whole and org_texts[left] and (right_whole or org_texts[right]) \
                and len(occurrences(doc_text(doc), left)) > 1:
            left_whole = right_whole = True  # "Big Harbor" on its own elsewhere: two bodies
        if left_whole and right_whole:
            return [(start, i), *_split_coordination(doc, i + 1, end, org_texts)]
    return [(start, end)]


def _split_sub_unit(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """"X of the Y" where Y is an organisation: [whole, Y] for a place office ("Houston Field Office
    of the IRS-Criminal Investigation Division"), else [X, Y] ("Environmental Crimes Section of the
    U.S. Department of Justice")."""
    shapes = name_shapes()
    for i in range(start + 1, end - 1):
        if doc[i].lower_ != "of" or doc[i - 1].lower_ not in shapes.heads:
            continue
        inner = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        if inner >= end:
            return [(start, end)]
        inner_text = _text_of(doc, doc[inner].idx, doc[end - 1].idx + len(doc[end - 1]))
        if not (_org_like(inner_text) or _chain_org_like(inner_text)):
            return [(start, end)]
        outer = list(doc[start:i])
        outer_text = _text_of(doc, outer[0].idx, outer[-1].idx + len(outer[-1]))
        named = [t for t in outer[:-1] if t.text not in {"U.S.", "US", "United", "States", "-"}]
        if not _org_like(outer_text) or not named:
            return [(start, end)]  # "Department of Justice", "U.S. Department of Homeland Security …"
        if _SUB_OFFICE.match(outer_text) or _place_office(outer):
            return [(start, end), (inner, end)]
        return [(start, i), (inner, end)]
    return [(start, end)]


def _chain_org_like(text: str) -> bool:
    """A possessive chain whose links are organisations ("HHSs Office of the Inspector General")."""
    words = text.split()
    for k in range(len(words) - 1):
        bare = _depossessive(words[k])
        if bare and (_org_like(" ".join([*words[:k], bare])) or looks_like_acronym(bare)) and _org_like(" ".join(words[k + 1 :])):
            return True
    return False


def _after_leading_title(doc: Doc, start: int, end: int, facts: _DocFacts) -> int:
    """"Chair of the Commission on …" names the commission, not the chair."""
    heads = name_shapes().heads
    for title_end in facts.title_ends_by_start.get(start, ()):
        if doc[start].lower_ not in heads:
            i = title_end
            while i < end and doc[i].lower_ in {"of", "the"}:
                i += 1
            if i > title_end and i < end:
                return i
    return start


def _possessive_of_no_body(doc: Doc, i: int, end: int, facts: _DocFacts) -> bool:
    """A leading "Departments" ("the Departments Elder Justice Initiative") or a person's apostrophe-less
    possessive ("Weinrebs Health Care Fraud Unit"): not part of the body's name."""
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


def _cut_person_after_head(doc: Doc, start: int, end: int) -> int:
    """End a candidate at its last head word when a person's name follows it ("Criminal Division Marta J. Okafor")."""
    heads = name_shapes().heads
    for k in range(end - 2, start - 1, -1):
        if doc[k].lower_ in heads and doc[k].is_title:
            rest = doc[k + 1 : end]
            if all(is_name_word(t.text) for t in rest) and any(is_initial(t.text) for t in rest):
                return k + 1
            break
    return end


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit() or token.lower_ in _INNER_LINKS or token.text in {"-", "&"}


def _depossessive(word: str, next_known: bool = False) -> str | None:
    """The word without a DOJ-style possessive "s" ("Departments" → "Department"), or None."""
    if len(word) < 3 or not word.endswith("s") or word.endswith("ss"):
        return None
    bare = word[:-1]
    shapes = name_shapes()
    if bare.isupper() and len(bare) >= 2:
        return bare
    if (bare.lower() in shapes.heads or bare.lower() in shapes.company_suffixes) and word.lower() not in shapes.heads:
        return bare
    if next_known or known_organisations().lookup(bare) is not None:
        return bare
    return None


def _org_like(text: str) -> bool:
    """Whether a stretch of words names an organisation on its own (known, or head-shaped)."""
    words = text.split()
    if not words:
        return False
    shapes = name_shapes()
    if known_organisations().lookup(text) is not None:
        return True
    if len(words) >= 2 and (words[-1].lower() in shapes.heads or words[-1].lower() in shapes.company_suffixes):
        return True
    return any(
        w.lower() in shapes.heads and w[:1].isupper() and following in {"of", "for", "on"}
        for w, following in zip(words[:-2], words[1:-1])
    )


def _text_of(doc: Doc, start_char: int, end_char: int) -> str:
    return " ".join(doc_text(doc)[start_char:end_char].split())


def _split_chain(doc: Doc, start: int, end: int, source: str, *, whole: bool = False) -> list[OrgMention]:
    """Split possessive chains: "Justice Departments Criminal Divisions Fraud Section" → three mentions.

    The last link is the organisation the phrase is about and keeps the whole phrase as an alias;
    a bare sub-office ("FBIs Houston Field Office") keeps its parent in its name.
    """
    tokens = list(doc[start:end])
    original = _text_of(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if whole:
        surface = _strip_final_possessive(original)
        return [OrgMention(tokens[0].idx, tokens[0].idx + len(surface), surface, source)]
    phrase_end = tokens[-1].idx + len(tokens[-1])
    after = _ACRONYM_AFTER.match(doc_text(doc)[phrase_end : phrase_end + 40])
    if after and acronym_fits(after["acronym"], original) and original[:1] == after["acronym"][:1]:
        # "HHSs Office of the Inspector General (HHS-OIG)": the acronym names the whole phrase.
        words = original.split()
        surface = " ".join(_depossessive(w) or w if k < len(words) - 1 else w for k, w in enumerate(words))
        return [OrgMention(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), surface, source,
                           alias=original if surface != original else None)]
    results: list[OrgMention] = []
    link_start = 0
    link_parent: str | None = None
    for k in range(len(tokens) - 1):
        token, following = tokens[k], tokens[k + 1]
        if following.text in _POSSESSIVE_TOKENS and k + 2 < len(tokens):
            head_end_char, rest_from = token.idx + len(token), k + 2
        elif k + 1 < len(tokens) and (bare := _depossessive(token.text, _known_before(doc, tokens, link_start, k))):
            head_end_char, rest_from = token.idx + len(bare), k + 1
        else:
            continue
        head_text = _text_of(doc, tokens[link_start].idx, head_end_char)
        rest = tokens[rest_from:]
        rest_text = _text_of(doc, rest[0].idx, rest[-1].idx + len(rest[-1]))
        if not (_org_like(head_text) or looks_like_acronym(head_text)) or not _org_like(rest_text):
            continue
        results.append(OrgMention(tokens[link_start].idx, head_end_char, head_text, source))
        link_parent = head_text
        link_start = rest_from
    last = tokens[link_start:]
    last_text = _text_of(doc, last[0].idx, last[-1].idx + len(last[-1]))
    last_text = _strip_final_possessive(last_text)
    if link_parent is None:
        results.append(OrgMention(last[0].idx, last[0].idx + len(last_text), last_text, source))
        results.extend(_known_prefix(doc, last, source))
        return results
    if _SUB_OFFICE.match(last_text) or _place_office(last) or last[-1].lower_ == "office":
        last_text = f"{link_parent} {last_text}"
    results.append(OrgMention(last[0].idx, last[-1].idx + len(last[-1]), last_text, source, alias=original))
    return results


def _place_office(tokens: list[Token]) -> bool:
    """A bare "<Place> Office" ("Dallas Office") that only makes sense with its parent's name."""
    return (
        len(tokens) >= 2
        and tokens[-1].lower_ in {"office", "offices", "division"}
        and all(t.ent_type_ in _PLACE_LABELS or t.text in {"-", "."} for t in tokens[:-1])
    )


def _known_before(doc: Doc, tokens: list[Token], first: int, k: int) -> bool:
    """Whether tokens[first..k], the last one without its trailing "s", name a known organisation,
    or an organisation whose bare sub-office follows ("… Office of the Inspector Generals Dallas Field Office")."""
    token = tokens[k]
    if not token.text.endswith("s") or token.text.endswith("ss"):
        return False
    text = _text_of(doc, tokens[first].idx, token.idx + len(token) - 1)
    if known_organisations().lookup(text) is not None:
        return True
    rest = tokens[k + 1 :]
    rest_text = _text_of(doc, rest[0].idx, rest[-1].idx + len(rest[-1])) if rest else ""
    return _org_like(text) and bool(_SUB_OFFICE.match(rest_text))


def _strip_final_possessive(text: str) -> str:
    words = text.split()
    bare = _depossessive(words[-1]) if words else None
    if bare is not None and (len(words) > 1 or bare.isupper()):
        candidate = " ".join([*words[:-1], bare])
        if len(words) == 1 or known_organisations().lookup(candidate) or bare.lower() in name_shapes().heads:
            return candidate
    return text


def _known_prefix(doc: Doc, tokens: list[Token], source: str) -> list[OrgMention]:
    """A known body or acronym opening a longer name ("FBI Dallas Field Office") is also a mention of it."""
    if len(tokens) < 2:
        return []
    gazetteer = known_organisations()
    first = tokens[0].text
    whole = _text_of(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if gazetteer.lookup(whole) is not None:
        return []
    for size in range(min(len(tokens) - 1, 6), 0, -1):
        head = tokens[:size]
        text = _text_of(doc, head[0].idx, head[-1].idx + len(head[-1]))
        if gazetteer.lookup(text) is not None and _org_like(_text_of(doc, tokens[size].idx, tokens[-1].idx + len(tokens[-1]))):
            return [OrgMention(head[0].idx, head[-1].idx + len(head[-1]), text, source)]
    return []


# --------------------------------------------------------------------------- filters


def _acceptable(doc: Doc, found: OrgMention, facts: _DocFacts) -> bool:
    """Whether a trimmed mention is an organisation under the contract."""
    surface = found.surface
    words = surface.split()
    if not words or not any(c.isalpha() for c in surface):
        return False
    if not_organisations().reason(surface) is not None:
        return False
    shapes = name_shapes()
    if all(w.lower() in shapes.heads or w.lower() in {"task", "trust"} for w in words):
        return False  # "Police Department", "Trust Company": a generic phrase or a cut-off name
    if _JURISDICTION.match(surface) or re.search(r"\bDistrict of\b", surface) and not _org_like(
        surface.split(" District of ")[0] + " X"
    ):
        if not re.search(r"\b(?:Office|Court|Division|Section|Department)\b", surface):
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
    if _names_a_programme(doc, found):
        return False
    if _org_like(surface):
        return True
    sources = found.source.split("+")
    if "ner" in sources and _plausible_ner(doc, span, surface, facts):
        return True
    return "context" in sources


_PROGRAMME_AFTER = re.compile(r"^[\s)\"”’]*(?:\([^()]{1,40}\)\s*)?(?P<word>[A-Za-z]+)\b")


def _names_a_programme(doc: Doc, found: OrgMention) -> bool:
    """"Fight Against Child (Sexual) Exploitation (FACE) project", "INTERPOL's ICSE database":
    a name followed by a programme word, or a known body's possessive before a name that is no body."""
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    end = span.end_char if span is not None else found.end  # past a DOJ-style possessive "s"
    after = _PROGRAMME_AFTER.match(doc_text(doc)[end : end + 60])
    exclusions = not_organisations()
    if after and exclusions.last_words.get(after["word"].lower()) in {"programme", "law"}:
        return True
    if after and after["word"].islower() and after["word"] in exclusions.next_words:
        return True  # "the Acme conference", "the Acme app": an event or a product named after a body
    if any(exclusions.surfaces.get(fold_key(w)) == "term" for w in found.surface.split()[1:]):
        return True  # "Universal USB": a product named by a technical term
    words = found.surface.split()
    if len(words) >= 2 and re.search(r"(?:'s|’s)$", words[0]) and not _org_like(" ".join(words[1:])):
        return True
    return False


def _title_follows(doc: Doc, span: Span, facts: _DocFacts) -> bool:
    """", [the] [ORG's] Title" right after the span."""
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


def _in_titled_list(doc: Doc, span: Span, facts: _DocFacts) -> bool:
    """Whether the span is a later item of a list of names after a plural title ("Special Agents A, B and C")."""
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


def _preceded_by_person(doc: Doc, span: Span) -> bool:
    """Whether "<PERSON> and " comes right before the span (the last of a list of people; after a bare
    comma a body may follow a person as the place they work: "Lena Ortiz, Acme Board Chair")."""
    return span.start >= 2 and doc[span.start - 1].lower_ == "and" and doc[span.start - 2].ent_type_ == "PERSON"


def _followed_by_person(doc: Doc, span: Span) -> bool:
    """Whether "and <PERSON>" follows the span."""
    return span.end + 1 < len(doc) and doc[span.end].lower_ == "and" and doc[span.end + 1].ent_type_ == "PERSON"


def _in_title_case_line(doc: Doc, span: Span) -> bool:
    """Whether the span sits in a line whose words are nearly all capitalised (a headline or subtitle)."""
    return _title_case_line_at(doc, span.start_char)


_TITLE_CASE_LINES_KEY = "newsfacts.title_case_lines"


def _title_case_line_at(doc: Doc, position: int) -> bool:
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, position) + 1
    # Every mention on a line asks the same question: answered once per line and Doc.
    known = doc.user_data.setdefault(_TITLE_CASE_LINES_KEY, {})
    if line_start not in known:
        known[line_start] = _title_case_line(text, line_start)
    return known[line_start]


def _title_case_line(text: str, line_start: int) -> bool:
    line_end = text.find("\n", line_start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    words = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", line) if w.lower() not in _SMALL_WORDS]
    if len(words) < 5 or len(line) > 250 or line.rstrip()[-1:] in {".", "!", "?", ":", ";", '"', "”", ","}:
        return False  # a sentence, however many names it holds, is not a headline
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_SMALL_WORDS = frozenset({"a", "an", "the", "of", "for", "and", "or", "to", "in", "on", "at", "by", "with", "from", "as"})


def _only_places(span: Span) -> bool:
    """A candidate that is nothing but a place or nationality ("Washington", "Korean")."""
    labels = {t.ent_type_ for t in span if t.is_alpha}
    if not labels or not labels <= _PLACE_LABELS:
        return False
    return not _org_like(span.text)


def _plausible_ner(doc: Doc, span: Span, surface: str, facts: _DocFacts) -> bool:
    """Extra checks for what only the statistical NER proposed."""
    words = surface.split()
    if len(words) > 8 or any(i in facts.person_tokens for i in range(span.start, span.end)):
        return False
    following = doc[span.end] if span.end < len(doc) else None
    if len(words) > 1 and len(words[-1]) == 1 and words[-1].isupper() or (
        following is not None and len(following.text) == 1 and following.is_upper
    ):
        return False  # "Federal Elected Official A", "Company A": people and firms the release keeps anonymous
    if len(words) == 1 and surface.isupper() and len(surface) > 4 and (span.start == 0 or "\n" in doc[span.start - 1].text):
        return False  # a dateline ("WASHINGTON")
    if any(w[:1].islower() and w not in _INNER_LINKS for w in words):
        return False
    if any(c in surface for c in "()[]{}") or any(c.isdigit() for c in surface):
        return False  # "Component(s", "2016 Adult Drug Court", scores and model numbers ("Acme 3000", "Leeds 2-1")
    if words[0] in facts.product_words or len(words) > 1 and words[1] in facts.product_words:
        return False  # "Acme Cloudbox", "Cloudbox", "Cloudbox Pro": a product its maker's name was written before
    if _AGE_AFTER.match(doc_text(doc)[span.end_char : span.end_char + 8]):
        return False  # "Nebraska McAlpine, 57, of Smyrna": a person with an age
    if _in_title_case_line(doc, span):
        return False  # a subtitle ("… to Compel Young Women"): title case makes the NER see names everywhere
    # People read as an organisation ("Odile Ferrands", "Hartwell", "Ayodele and Maciels").
    person_words = facts.person_words - facts.body_words
    named = [w for w in words if w not in _INNER_LINKS]
    if named and all(w in person_words or (w.endswith("s") and w[:-1] in person_words) for w in named):
        return False
    if not _org_like(surface) and (
        named[-1] in person_words or _followed_by_person(doc, span) or _preceded_by_person(doc, span)
    ):
        return False  # "Mohammad Adeel Yoonas and Kevin Shin": a person next to a person
    if len(words) == 1 and "-" in surface and any(part in facts.place_texts for part in surface.split("-")):
        return False  # "Kandor-North": a place joined to another
    if _in_titled_list(doc, span, facts):
        return False  # "Trial Attorneys Nadia Brandt, Lorcan Featherstone and …": the people a plural title names
    if len(words) == 1 and (surface[:1].islower() or _CAPITALS_THEN_LOWER.match(surface)):
        return False  # "NOx", "iPhone": a substance or a product, where "WeWork" is a company
    if not _org_like(surface) and span.end < len(doc) and doc[span.end].is_title and span.end in facts.title_starts:
        return False  # "Internal Affairs Investigator Robert E. McBroom": part of a title
    # A lone capitalised word the NER tagged once is often a fragment ("Trial", "Opiate") or a
    # place it misread ("in Kandor"): it counts when the text never writes it as an ordinary
    # lower-case word and the words around it are those of a body acting or speaking ("data from
    # Zentrix", "reported by the Courier", "Zentrix said").
    if len(words) == 1 and not looks_like_acronym(surface) and facts.org_texts[surface] < 2:
        if span.start in facts.title_or_modifier_starts or whole_word(doc_text(doc), surface.lower()):
            return False
        if not _before_titled_person(doc, span, facts) and (span[0].is_sent_start or not _acting_body_context(doc, span, facts)):
            return False
    if any(start >= span.start and end <= span.end for start, end in facts.titles):
        return _org_like(surface)
    if _title_follows(doc, span, facts) and not _org_like(surface):
        return False  # "Keiko Tanabe-Moore, Japan's Ambassador …": a person introduced by their office
    # A name right after a title is a person the NER misread ("Secretary General, Jürgen Stock").
    before = span.start - 1 if span.start > 0 and doc[span.start - 1].text != "," else span.start - 2
    if before >= 0 and before + 1 in facts.title_ends:
        return _org_like(surface) or known_organisations().lookup(surface) is not None
    return True


# Words around a lone name that make it a body that acts, sells or reports ("surveyed by X",
# "layoffs at X", "X reported"); a place takes "in" and "of" instead.
_BODY_CUES_BEFORE = frozenset({"by", "from", "at", "with", "told", "via"})
_BODY_CUES_AFTER = frozenset({"said", "says", "reported", "reports", "announced", "newspaper", "magazine", "confirmed"})


def _before_titled_person(doc: Doc, span: Span, facts: _DocFacts) -> bool:
    """Whether a title and a person's name follow the span ("Zentrix CEO Lena Ortiz", "Zentrix's president
    Lena Ortiz"): the body the person holds the title in."""
    at = span.end + 1 if span.end < len(doc) and doc[span.end].text in _POSSESSIVE_TOKENS else span.end
    if at not in facts.title_or_modifier_starts:
        return False
    ends = [end for end in facts.title_ends_by_start.get(at, ()) if end < len(doc)]
    return any(doc[end].ent_type_ == "PERSON" for end in ends)


def _acting_body_context(doc: Doc, span: Span, facts: _DocFacts) -> bool:
    before = span.start - 1
    if before >= 1 and doc[before].lower_ in {"of", "at", "for"} and before in facts.title_ends:
        return True  # "CEO of Zentrix", "analyst at Zentrix": the body a title is held in
    if before >= 0 and doc[before].lower_ == "the":
        before -= 1
    if before >= 0 and doc[before].lower_ in _BODY_CUES_BEFORE:
        # Not inside a capitalised name: "the Act to Prevent Pollution from Ships".
        return before == 0 or not doc[before - 1].is_title or doc[before - 1].is_sent_start
    return span.end < len(doc) and doc[span.end].lower_ in _BODY_CUES_AFTER


def _longest_first(mentions: Iterable[OrgMention]) -> list[OrgMention]:
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


# --------------------------------------------------------------------------- acronyms and headline


def _add_acronyms(doc: Doc, mentions: list[OrgMention]) -> list[OrgMention]:
    """Attach "(KNPA)" definitions to their long form and add later bare uses of each acronym."""
    text = doc_text(doc)
    result = list(mentions)
    defined: dict[str, str] = {}
    definitions: list[tuple[int, int]] = []
    by_end: dict[int, list[int]] = {}
    for index, m in enumerate(result):
        by_end.setdefault(m.end, []).append(index)
    for end, indices in by_end.items():
        match = _ACRONYM_AFTER.match(text[end : end + 40])
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
        for start in _acronym_uses(text, acronym):
            end = start + len(acronym)
            if any(start < t_end and t_start < end for t_start, t_end in taken) or _state_code_at(text, start, acronym):
                continue
            result.append(OrgMention(start, end, acronym, "rule"))
            taken.append((start, end))
    return result


def _acronym_uses(text: str, acronym: str) -> list[int]:
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


def _drop_unconfirmed_headline(doc: Doc, mentions: list[OrgMention], body_start: int) -> list[OrgMention]:
    """Title-case headlines and subtitles make fragments ("Combat Cyber Crimes", "Israeli Bank"): keep
    a mention there only when ordinary text names the same organisation or the gazetteer knows it."""
    gazetteer = known_organisations()
    doubtful = [m.start < body_start or _title_case_line_at(doc, m.start) for m in mentions]
    body_keys = {fold_key(m.surface) for m, d in zip(mentions, doubtful) if not d}
    body_keys |= {fold_key(m.acronym) for m, d in zip(mentions, doubtful) if not d and m.acronym}
    return [
        m
        for m, d in zip(mentions, doubtful)
        if not d or fold_key(m.surface) in body_keys or gazetteer.lookup(m.surface) is not None
    ]


# --------------------------------------------------------------------------- merging


def _keys(m: OrgMention) -> set[str]:
    gazetteer = known_organisations()
    keys = {"name:" + fold_key(m.surface)}
    entry = gazetteer.lookup(m.surface)
    if entry is not None:
        keys.add(f"known:{entry.entry_id}")
    if m.acronym:
        keys.add("acronym:" + m.acronym)
        entry = gazetteer.lookup(m.acronym)
        if entry is not None and entry.acronym == m.acronym:
            keys.add(f"known:{entry.entry_id}")
    if looks_like_acronym(m.surface):
        keys.add("acronym:" + m.surface)
    rest = _after_known_parent(m.surface)
    if rest is not None:
        keys.add("name:" + fold_key(rest))
    return keys


def _after_known_parent(surface: str) -> str | None:
    """"Criminal Division" of "Justice Department Criminal Division" (a known body, then a unit)."""
    words = surface.split()
    gazetteer = known_organisations()
    for size in range(min(len(words) - 2, 6), 0, -1):
        if gazetteer.lookup(" ".join(words[:size])) is not None:
            rest = " ".join(words[size:])
            if _org_like(rest) and not rest.endswith("Office") and gazetteer.lookup(surface) is None:
                return rest
            return None
    return None


def _merge(mentions: list[OrgMention]) -> list[list[OrgMention]]:
    """Group mentions of one organisation: shared folded name, gazetteer entry or acronym, or a short form."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, m in enumerate(mentions):
        for key in _keys(m):
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[OrgMention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(find(i), []).append(m)
    merged = list(groups.values())
    return _merge_short_forms(merged)


def _merge_short_forms(groups: list[list[OrgMention]]) -> list[list[OrgMention]]:
    """Fold a short form into the one longer name it abbreviates.

    * the longer name's opening words, then a company suffix ("Acme" → "Acme Holdings Inc."), an
      "of/for/in" complement ("U.S. District Court" → "U.S. District Court for the District of
      Columbia") or one head word ("Big Harbor" → "Big Harbor Records");
    * the longer name's closing words after a nationality or a body's acronym ("Front" of the
      "Kandorian Front", "Cup Series" of the "ACR Cup Series").

    A regional arm is no short form ("Acme" is not "Acme North America Inc."). When several
    longer names fit, the one adding fewest words wins; a tie merges nothing.
    """
    suffixes = {x.replace(".", "") for x in name_shapes().company_suffixes}
    heads = name_shapes().heads
    names = [max((fold_key(m.surface) for m in g), key=len) for g in groups]
    openers = [{m.surface.split()[0] for m in g if " " in m.surface} for g in groups]
    target: dict[int, int] = {}
    for i, group in enumerate(groups):
        short = {fold_key(m.surface) for m in group}
        longest_short = max(len(s) for s in short)
        fits: dict[int, int] = {}  # candidate longer group -> words it adds
        for j, long_name in enumerate(names):
            if i == j or len(long_name) <= longest_short:
                continue
            long_words = long_name.split()
            for s_key in short:
                words = s_key.split()
                if not words or len(words) >= len(long_words):
                    continue
                if long_words[: len(words)] == words:
                    rest = long_words[len(words) :]
                    named = [w for w in rest if w.replace(".", "") not in suffixes and w not in _CORPORATE_WORDS]
                    company = rest[-1].replace(".", "") in suffixes and not (
                        named and (places().is_region(" ".join(named)) or places().is_place(" ".join(named)))
                    )
                    one_head = len(words) >= 2 and len(rest) == 1 and rest[0] in heads
                    if rest[0] in {"of", "for", "in", "at"} or company or one_head:
                        fits[j] = min(fits.get(j, 99), len(rest))
                elif long_words[-len(words) :] == words and len(long_words) == len(words) + 1 \
                        and not all(w in heads for w in words):
                    opener = next((o for o in openers[j] if fold_key(o) == long_words[0]), None)
                    if opener is not None and (demonym_country(opener) is not None or looks_like_acronym(opener)):
                        fits[j] = min(fits.get(j, 99), 1)
        if fits:
            fewest = min(fits.values())
            best = [j for j, added in fits.items() if added == fewest]
            if len(best) == 1:
                target[i] = best[0]
    if not target:
        return groups
    for i, j in target.items():
        while j in target and target[j] != i:
            j = target[j]
        if i != j:
            groups[j].extend(groups[i])
            groups[i] = []
    return [g for g in groups if g]


# Words a company's full name adds to its short one besides the legal suffix ("Acme Group Corp").
_CORPORATE_WORDS = frozenset({"group", "holdings", "holding", "companies", "company", "corporation", "co",
                              "incorporated", "international", "worldwide", "global", "and"})


def _canonical(group: list[OrgMention]) -> tuple[str, str | None, tuple[str, ...]]:
    """Name (fullest form written), acronym, and the other surface forms."""
    surfaces = list(dict.fromkeys(m.surface for m in sorted(group, key=lambda m: m.start)))
    acronyms = [m.acronym for m in group if m.acronym]
    gazetteer = known_organisations()
    for s in surfaces:
        entry = gazetteer.lookup(s)
        if entry is not None and entry.acronym and entry.acronym in surfaces:
            acronyms.append(entry.acronym)
    acronym = acronyms[0] if acronyms else None
    full = [s for s in surfaces if s != acronym and not looks_like_acronym(s)] or surfaces
    name = max(full, key=lambda s: (len(s.split()), len(s)))
    if acronym is None and looks_like_acronym(name) and gazetteer.lookup(name) is not None:
        acronym = name
    aliases = [s for s in surfaces if s not in {name, acronym}]
    aliases += [m.alias for m in group if m.alias and m.alias not in aliases and m.alias != name]
    return name, acronym, tuple(aliases)
