"""Reading the title: where each title of the rule layer starts and ends, and the text a row gives it.

Titles come from the rule layer (``models/patterns/titles.jsonl``: label ``TITLE`` and the
``TITLE_MODIFIER`` words "Acting", "Deputy", "former", "U.S." … that may precede one). A title's
end moves when its complement is part of it ("director for games at Acme", "Ambassador to the
United Nations in Geneva", "Inspector-General of Police").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.extract.officials.bodies import org_after, org_at
from pipeline.extract.officials.persons import NOT_NAMES
from pipeline.extract.officials.reading import Reading, TitleSpan
from pipeline.extract.officials.words import official_words
from pipeline.extract.people import is_name_word
from pipeline.extract.view import DocView
from pipeline.lexicon import title_abbreviations

__all__ = ["complement_end", "find_titles", "is_plural", "lower_complement_end", "posting_end", "title_text",
           "with_office_words"]

#: NER labels of words that are no office word before a title ("Police Director" but not "FBI Director").
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "DATE"})
_SPACE_BEFORE_STOP = re.compile(r"\s+\.")
#: Last words of titles that end in "s" without being plurals ("Chargé d'Affaires", "Director of Customs").
_SINGULAR_ENDINGS = official_words().singular_endings
_MAX_MODIFIERS = 5


def find_titles(view: DocView) -> list[TitleSpan]:
    """Titles with their modifiers, longest first at each position, coordinated ones joined."""
    doc = view.doc
    title_end: dict[int, tuple[int, str]] = {}
    modifier_ends: dict[int, set[int]] = {}
    for span in view.rule_spans:
        if span.label == "TITLE" and span.id == "royal" and span.start > 0 and is_name_word(doc[span.start - 1].text) \
                and not doc[span.start - 1].is_sent_start:
            continue  # "Loretta King", "Burger King": a name, not a monarch
        if span.label == "TITLE":
            if span.end > title_end.get(span.start, (0, ""))[0]:
                title_end[span.start] = (span.end, span.id)
        elif span.label == "TITLE_MODIFIER":
            modifier_ends.setdefault(span.start, set()).add(span.end)

    def longest(position: int, depth: int = 0) -> tuple[int, str] | None:
        best = title_end.get(position)
        for end in modifier_ends.get(position, ()):
            if depth < _MAX_MODIFIERS and (rest := longest(end, depth + 1)) is not None \
                    and (best is None or rest[0] > best[0]):
                best = rest
        return best

    result = []
    position = 0
    while position < len(doc):
        found = longest(position)
        if found is None:
            position += 1
            continue
        end, kind = found
        # "Minister of Public Security Wang Xiaohong": the name is not part of the title.
        person = next((t.i for t in doc[position:end] if t.ent_type_ == "PERSON" and t.i > position), None)
        if person is not None and kind.endswith("_of") and person > position + 2:
            end = person
        result.append(TitleSpan(position, end, kind))
        position = end
    return _join_coordinated_titles(doc, result)


def _join_coordinated_titles(doc: Doc, titles: list[TitleSpan]) -> list[TitleSpan]:
    """"chairman, CEO and president Lena Ortiz", "founder and former CEO, Lena Ortiz": titles joined
    by a comma or "and" are one person's titles (the kind of the last one, which the name follows)."""
    joined: list[TitleSpan] = []
    for start, end, kind in titles:
        if joined:
            previous_start, previous_end, _ = joined[-1]
            gap = [t.lower_ for t in doc[previous_end:start]]
            if gap in (["and"], [","], [",", "and"]) \
                    and not (gap == [","] and doc[start].is_title != doc[previous_start].is_title):
                joined[-1] = TitleSpan(previous_start, end, kind)
                continue
        joined.append(TitleSpan(start, end, kind))
    return joined


def title_text(doc: Doc, start: int, end: int) -> str:
    """The title as a row gives it: as written, one title per person ("Trial Attorneys" → "Trial Attorney")."""
    words = [t.text for t in doc[start:end]]
    # As written, spaces included ("Lt . Col ." stays so); runs of whitespace become one space.
    text = " ".join(doc[start:end].text.split()).replace(" - ", "-").replace(" 's", "'s")
    text = _SPACE_BEFORE_STOP.sub(".", text)  # "Lt . Col ." as some pages space it is "Lt. Col."
    expanded = title_abbreviations().get(text.lower().rstrip(".").strip())
    if expanded is not None:
        return expanded  # "Sen." → "Senator", "Sens. X and Y" → each a "Senator"
    # Plural titles in lists ("Trial Attorneys X and Y") name one title per person.
    last = words[-1]
    if {"of", "to", "for"} & {w.lower() for w in words}:
        return text  # "Minister of Public Works", "Ambassador to the United Nations": the complement keeps its plural
    if last.lower() not in _SINGULAR_ENDINGS:
        if last.endswith("ies"):
            text = text[: -3] + "y"
        elif last.endswith("s") and not last.endswith("ss") and len(last) > 3 and last[0].isalpha() and not last.isupper():
            text = text[:-1]
    elif last.lower() == "general" and len(words) >= 2 and words[-2].lower().endswith("eys"):
        text = text.replace(words[-2] + " General", words[-2][:-1] + " General")
    return text


def is_plural(doc: Doc, start: int, end: int) -> bool:
    """Whether the title names several people ("Trial Attorneys", "Sens.", "Attorneys General")."""
    last = doc[end - 1].text if doc[end - 1].text != "." or end - start < 2 else doc[end - 2].text
    last = last.rstrip(".")  # "Sens." names several senators
    return (last.endswith("s") and not last.endswith("ss")) or \
        (doc[end - 1].lower_ == "general" and doc[end - 2].lower_.endswith("eys"))


def with_office_words(reading: Reading, start: int, org_before: str | None) -> int:
    """"City Finance Director", "Police Director": capitalised nouns before a title that are part of it."""
    doc = reading.doc
    if org_before is not None:
        return start
    new_start = start
    while new_start > 0 and start - new_start < 2:
        t = doc[new_start - 1]
        if not t.is_title or t.is_sent_start or t.pos_ not in {"NOUN", "PROPN"} or t.ent_type_ in _NAMED \
                or reading.in_org(t.idx, t.idx + len(t)) or t.lower_ in NOT_NAMES:
            break
        new_start -= 1
    return new_start


def lower_complement_end(reading: Reading, end: int) -> int:
    """The end of a lower-case complement between a title and its body: "director for games" of
    "director for games at Acme", "head of sales" of "head of sales at Acme" (else ``end``)."""
    doc = reading.doc
    if end + 2 >= len(doc) or doc[end].lower_ not in {"for", "of"}:
        return end
    after = end + 1
    while after < len(doc) and after - end <= 3 and doc[after].is_lower and doc[after].pos_ in {"NOUN", "ADJ"}:
        after += 1
    if after == end + 1 or after >= len(doc) or doc[after].lower_ not in {"at", "of", "for", "with"}:
        return end
    return after if org_after(reading, after) is not None else end


def complement_end(doc: Doc, end: int) -> int:
    """The end of "of Police", "of Nigeria" after a title when it names no organisation row: the
    complement is part of the title ("Inspector-General of Police")."""
    if end + 1 >= len(doc) or doc[end].lower_ != "of":
        return end
    after = end + 2 if doc[end + 1].lower_ == "the" else end + 1
    while after < len(doc) and after - end <= 3 and doc[after].is_title and doc[after].ent_type_ != "PERSON":
        after += 1
    return after if after > end + 1 else end


def posting_end(reading: Reading, end: int) -> int:
    """Where "Ambassador to the United Nations in Geneva" ends: a posting title takes the body or
    country it is sent to, and the city it sits in, as part of its name."""
    doc = reading.doc
    if end + 1 >= len(doc) or doc[end].lower_ != "to":
        return end
    posted_to = org_at(reading, end + 2 if doc[end + 1].lower_ == "the" else end + 1)
    if posted_to is None:
        return end
    after = posted_to[1]
    if after + 1 < len(doc) and doc[after].lower_ in {"in", "at"}:
        seat = next((e for e in reading.view.entities if e.start == after + 1 and e.label == "GPE"), None)
        if seat is not None:
            after = seat.end
    return after
