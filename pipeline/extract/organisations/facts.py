"""What the phases ask of one Doc's entities, rule spans and lines, read once per Doc (:class:`DocFacts`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.extract.people import is_name_word
from pipeline.extract.org_gazetteer import known_organisations, name_shapes, places
from pipeline.extract.organisations.shapes import INNER_LINKS, org_like
from pipeline.extract.view import DocView
from pipeline.textsearch import POSSESSIVE_END

PERSON_LABELS = frozenset({"PERSON"})


@dataclass(frozen=True, slots=True)
class DocFacts:
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
    #: SUB_OFFICE rule spans as (start, end): "Field Office", "Resident Offices" … (see
    #: :func:`~pipeline.extract.organisations.split.sub_office`).
    sub_offices: frozenset[tuple[int, int]]
    #: The headline and subtitle lines of the text.
    title_case_lines: TitleCaseLines


def doc_facts(view: DocView) -> DocFacts:
    """The facts of one Doc, read once for every candidate of :func:`~pipeline.extract.organisations.find_mentions`."""
    doc = view.doc
    rules = view.rule_spans
    ents = view.entities
    titles = tuple((s.start, s.end) for s in rules if s.label == "TITLE")
    org_texts = Counter(_bare_entity_text(e.text) for e in ents if e.label == "ORG")
    ends_by_start: dict[int, list[int]] = {}
    for start, end in titles:
        ends_by_start.setdefault(start, []).append(end)
    return DocFacts(
        has_sentences=view.sentences.annotated,
        person_tokens=frozenset(_person_tokens(view)),
        person_words=frozenset(w for e in ents if e.label in PERSON_LABELS for w in e.text.split())
        | _titled_name_words(view, titles),
        place_texts=frozenset(e.text for e in ents if e.label in {"GPE", "LOC"}),
        org_texts=org_texts,
        body_words=_body_words(ents, org_texts),
        product_words=_product_words(view, org_texts),
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
        title_starts_after_head=frozenset(_title_starts_after_head(view)),
        sub_offices=frozenset((s.start, s.end) for s in rules if s.label == "SUB_OFFICE"),
        title_case_lines=TitleCaseLines(view.text),
    )


def _bare_entity_text(text: str) -> str:
    """An entity's text without a leading "the" or a trailing possessive ("the Sabres'" → "Sabres")."""
    words = text.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    bare = " ".join(words)
    return POSSESSIVE_END.sub("", bare)




def _titled_name_words(view: DocView, titles: tuple[tuple[int, int], ...]) -> frozenset[str]:
    """Words of a two- or three-word name right after a title ("executive chair Lena Ortiz said")."""
    doc = view.doc
    words: set[str] = set()
    for _, end in titles:
        name = []
        for token in doc[end : end + 3]:
            if not is_name_word(token.text) or token.is_upper or "\n" in token.text_with_ws[:-1]:
                break
            name.append(token.text)
        if len(name) >= 2 and not org_like(" ".join(name)) and known_organisations().lookup(name[0]) is None:
            words.update(name)
    return frozenset(words)


def _body_words(ents: tuple, org_texts: Counter[str]) -> frozenset[str]:
    person_names = [e.text.split() for e in ents if e.label in PERSON_LABELS]
    in_people = Counter(w for words in person_names for w in words)
    family_names = {words[-1] for words in person_names if len(words) > 1}
    return frozenset(w for w in in_people if org_texts[w] >= 2 and org_texts[w] > in_people[w] and w not in family_names)


def _product_words(view: DocView, org_texts: Counter[str]) -> frozenset[str]:
    """Products named after their maker: "Google Stadia", "Acme Cloudbox Pro".

    The NER tags such names ORG. When an ORG entity opens with a name the NER also tags ORG
    on its own ("Google") and the rest is no organisation name (no head word, company suffix
    or place), the rest is the maker's product, and its first word ("Stadia") names the product
    wherever it is written.
    """
    found = set()
    for ent in view.entities:
        if ent.label != "ORG":
            continue
        words = _bare_entity_text(ent.text).split()
        if len(words) < 2 or org_texts[words[0]] == 0 or not words[1][:1].isupper():
            continue
        rest = " ".join(words[1:])
        if org_like(rest) or known_organisations().lookup(rest) is not None:
            continue
        if "(" in ent.text or any(w.lower() in INNER_LINKS for w in words[1:]):
            continue  # "Acme Trade and Finance (Acme)": a company's full name, with links or a short form
        if places().is_place(rest) or places().is_region(rest):
            continue  # "Acme North America", "Acme Japan": a company's regional arm
        if words[1].lower() in name_shapes().heads or words[1].lower() in INNER_LINKS:
            continue
        found.add(words[1])
    return frozenset(found)


def _person_tokens(view: DocView) -> set[int]:
    """Indices of tokens inside PERSON entities, except "people" that end in an organisation head
    ("Generals Elder Abuse Unit" is the NER misreading a name)."""
    doc = view.doc
    shapes = name_shapes()
    return {
        i
        for ent in view.entities
        if ent.label in PERSON_LABELS and not any(w.lower_ in shapes.heads and w.is_title for w in doc[ent.start : ent.end])
        for i in range(ent.start, ent.end)
    }


def _title_starts_after_head(view: DocView) -> set[int]:
    """Tokens where a capitalised title starts right after an organisation's head word."""
    doc = view.doc
    heads = name_shapes().heads
    return {
        s.start
        for s in view.rule_spans
        if s.label in {"TITLE", "TITLE_MODIFIER"} and s.start > 0 and doc[s.start - 1].lower_ in heads
        and doc[s.start].is_title and s.id != "role"
    }


class TitleCaseLines:
    """Which lines of a text are headlines or subtitles: lines whose words are nearly all capitalised.

    Every mention on a line asks the same question, so each line is answered once.
    """

    __slots__ = ("_answers", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._answers: dict[int, bool] = {}

    def at(self, position: int) -> bool:
        """Whether the line holding character ``position`` is a title-case line."""
        line_start = self._text.rfind("\n", 0, position) + 1
        answer = self._answers.get(line_start)
        if answer is None:
            answer = self._answers[line_start] = _title_case_line(self._text, line_start)
        return answer


def _title_case_line(text: str, line_start: int) -> bool:
    line_end = text.find("\n", line_start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    words = [w for w in _LINE_WORD.findall(line) if w.lower() not in _SMALL_WORDS]
    if len(words) < 5 or len(line) > 250 or line.rstrip()[-1:] in {".", "!", "?", ":", ";", '"', "”", ","}:
        return False  # a sentence, however many names it holds, is not a headline
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_LINE_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "for", "and", "or", "to", "in", "on", "at", "by", "with", "from", "as"})
