"""Officials: a person, the title they hold and the body or jurisdiction they hold it in.

Titles come from the rule layer (``models/patterns/titles.jsonl``: label ``TITLE`` and the
``TITLE_MODIFIER`` words "Acting", "Deputy", "former", "U.S." … that may precede one).
Around each title the extractor reads the shapes press releases use:

* ``title_name``        "said Commissioner General Min Gab-Ryong", "Trial Attorney X of the Tax Division"
* ``org_title_name``    "INTERPOL Secretary General Jürgen Stock", "Tax Division trial attorneys X and Y"
* ``title_org_name``    "U.S. Attorney for the District of New Jersey Owen T. Hallberg"
* ``name_title``        "Renata M. Calloway, Assistant Attorney General for the Civil Rights Division",
                        "Jürgen Stock, INTERPOL Secretary General", "X, the FBI's Assistant Director"

A person is one row: a later "Title Surname" or bare surname is the same row (``mentions``).
A title with no name ("the INTERPOL Chief") makes no row; lower-case occupations of
defendants ("defense attorney Victor Lund") are not titles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.extract.view import doc_text, entities, mention, rule_spans, view_of
from pipeline.textsearch import occurrences, whole_word
from pipeline.extract.names import family_name, is_initial, is_name_word, is_particle, same_person
from pipeline.extract.org_gazetteer import demonym_country, name_shapes, title_abbreviations, title_phrases
from pipeline.extract.org_names import fold_key
from pipeline.extract.organisations import OrgMention, organisation_mentions
from pipeline.normalize.dates import MONTH_NAMES, MONTHS, WEEKDAY_NAMES
from pipeline.records import CleanDocument, Official, Organisation

__all__ = ["extract_officials"]

_MAX_NAME_TOKENS = 6
_LINKS = frozenset({"of", "for", "from", "with", "at", "in"})
_POSSESSIVE_GAP = re.compile(r"^(?:'s|’s|s|'|’)?\s*$|^(?:'s|’s)\s+(?:(?:recently|newly|longtime|then|now|current|named|appointed|new|interim)\s+){1,3}$")
_JURISDICTION = re.compile(
    r"(?:(?:Northern|Southern|Eastern|Western|Middle|Central)\s+)?District\s+of\s+(?:the\s+)?"
    r"(?:(?:New|North|South|West|Rhode|Puerto|Northern|Virgin)\s+)?[A-Z][\w.]*"
)
#: Capitalised words that never start or continue a person's name. Month and weekday names come
#: from time_words.tsv; month abbreviations only with their full stop ("Jan." — "Jan" is a name).
_NOT_NAMES = frozenset(
    {"the", "a", "an", "and", "or", "but", "he", "she", "we", "it", "this", "that", "these", "today", "yesterday",
     "u.s.", "federal", "state", "county", "court", "office", "according",
     "under", "in", "on", "at", "as", "if", "when", "after", "before", "since", "while", "also", "who", "said",
     "announced", "thanked", "commended", "added"}
    | set(MONTH_NAMES) | set(WEEKDAY_NAMES) | {f"{short}." for short in MONTHS if short not in MONTH_NAMES}
)
# Titles that take a jurisdiction, not a unit: a list's shared "of the X Section" is not theirs.
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "DATE"})
_HONORIFIC = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame)\.?\s+")
_UNITS = frozenset({"division", "section", "office", "unit", "bureau", "branch", "team"})
_PLACE_KINDS = frozenset({"county", "city", "state", "province", "parish", "borough", "island", "islands"})
_REGNAL_NUMBER = re.compile(r"^[IVX]{1,5}$")
_SPACE_BEFORE_STOP = re.compile(r"\s+\.")
_CONTACT_HEADER = re.compile(r"[ \t]*(?:(?:media|press|news|public)\s+)?(?:contacts?|inquiries|enquiries)\s*:", re.I)
_HELD_BY = re.compile(r"^\s*(?:is|was|has been|will be)\s+(?:currently\s+|now\s+)?(?:held|filled)\s+by\s+")
# Head words that name no kind of body a person serves in ("Law Enforcement Officer" is no title of
# the one "Drug Enforcement Administration" a release names).
_NOT_BODY_KINDS = frozenset(
    {"international", "enforcement", "investigations", "prosecution", "communications", "systems", "solutions",
     "technologies", "logistics", "industries", "holdings", "enterprises", "partners", "associates", "services",
     "pharmaceuticals", "laboratories", "laboratory", "pharmacy", "airlines", "bancorp"}
)
_MEMBER_SUFFIXES = ("member", "man", "woman", "person")
# Kinds of title that are offices however they are written: news copy writes "congresswoman X",
# "coach X", "chairman, CEO and president X" in lower case, where a release would capitalise.
_LOWER_CASE_OFFICES = frozenset({"government", "corporate", "international", "royal", "sports"})
_NAME_COMPLEMENTS = frozenset({"of", "for", "on", "in"})
_JURISDICTION_TITLES = re.compile(r"\b(?:Attorney General|U\.S\. Attorney|United States Attorney|Judge|Justice)$", re.I)


@dataclass(slots=True)
class _Found:
    """An official being assembled (mutable while the document is read)."""

    name: str
    title: str | None
    organisation: str | None
    rule: str
    start: int
    end: int
    sentence: str
    token_start: int
    token_end: int
    title_kind: str = ""
    mentions: int = 1
    titles_seen: list[str] = field(default_factory=list)


def extract_officials(doc: Doc, article: CleanDocument, organisations: Sequence[Organisation]) -> list[Official]:
    """One row per person holding a title or office.

    Args:
        doc: the analysed article (NER and the ``newsfacts_rules`` spans).
        article: the cleaned article; titles in the headline are skipped (the body repeats them).
        organisations: this document's organisation rows (their names label the same bodies).

    Returns:
        Officials with name, title, organisation, mention count, first-mention evidence and rule.
    """
    reader = _Reader(doc, article, organisations)
    return reader.read()


class _Reader:
    """Reads one document's titles; holds per-document lookups (never leaves the worker)."""

    def __init__(self, doc: Doc, article: CleanDocument, organisations: Sequence[Organisation]) -> None:
        self.doc = doc
        self.body_start = article.body_start
        self.org_mentions = organisation_mentions(doc, article)
        self.organisations = organisations
        # Every written form of a row → the row's name (a sentence-level guess names the row, not a form).
        self.org_names: dict[str, str] = {}
        for o in organisations:
            for form in (o.name, o.acronym, *o.aliases):
                if form:
                    self.org_names.setdefault(fold_key(form), o.name)
        self.org_token_starts = self._org_token_starts()
        self.titles = self._title_spans()
        self.found: list[_Found] = []

    # ------------------------------------------------------------------ lookups

    def _org_token_starts(self) -> dict[int, OrgMention]:
        starts: dict[int, OrgMention] = {}
        for m in self.org_mentions:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                starts.setdefault(span.start, m)
        return starts

    def _in_org(self, start_char: int, end_char: int) -> bool:
        return any(m.start < end_char and start_char < m.end for m in self.org_mentions)

    def _title_spans(self) -> list[tuple[int, int, str]]:
        """Titles with their modifiers, longest first at each position: (token start, end, kind)."""
        title_end: dict[int, tuple[int, str]] = {}
        modifier_ends: dict[int, set[int]] = {}
        for span in rule_spans(self.doc):
            if span.label == "TITLE" and span.id == "royal" and span.start > 0 and is_name_word(self.doc[span.start - 1].text) \
                    and not self.doc[span.start - 1].is_sent_start:
                continue  # "Loretta King", "Burger King": a name, not a monarch
            if span.label == "TITLE":
                if span.end > title_end.get(span.start, (0, ""))[0]:
                    title_end[span.start] = (span.end, span.id)
            elif span.label == "TITLE_MODIFIER":
                modifier_ends.setdefault(span.start, set()).add(span.end)

        def longest(position: int, depth: int = 0) -> tuple[int, str] | None:
            best = title_end.get(position)
            for end in modifier_ends.get(position, ()):
                if depth < 5 and (rest := longest(end, depth + 1)) is not None and (best is None or rest[0] > best[0]):
                    best = rest
            return best

        result = []
        position = 0
        while position < len(self.doc):
            found = longest(position)
            if found is None:
                position += 1
                continue
            end, kind = found
            # "Minister of Public Security Wang Xiaohong": the name is not part of the title.
            person = next((t.i for t in self.doc[position:end] if t.ent_type_ == "PERSON" and t.i > position), None)
            if person is not None and kind.endswith("_of") and person > position + 2:
                end = person
            result.append((position, end, kind))
            position = end
        return self._join_coordinated_titles(result)

    def _join_coordinated_titles(self, titles: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """"chairman, CEO and president Lena Ortiz", "founder and former CEO, Lena Ortiz": titles joined
        by a comma or "and" are one person's titles (the kind of the last one, which the name follows)."""
        doc = self.doc
        joined: list[tuple[int, int, str]] = []
        for start, end, kind in titles:
            if joined:
                previous_start, previous_end, _ = joined[-1]
                gap = [t.lower_ for t in doc[previous_end:start]]
                if gap in (["and"], [","], [",", "and"]) and self._name_after(previous_end) is None \
                        and not (gap == [","] and doc[start].is_title != doc[previous_start].is_title):
                    joined[-1] = (previous_start, end, kind)
                    continue
            joined.append((start, end, kind))
        return joined

    def _org_at(self, token: int) -> tuple[str, int] | None:
        """The organisation (or jurisdiction) named from ``token`` on, and the token after it."""
        doc = self.doc
        if token >= len(doc):
            return None
        m = self.org_token_starts.get(token)
        if m is not None:
            phrase = [x for x in self.org_mentions if x.phrase == m.phrase]
            whole = [x for x in phrase if (x.start, x.end) == m.phrase]
            chosen = whole[0] if whole else max(phrase, key=lambda x: x.end)
            end_char = max(x.end for x in phrase)
            span = doc.char_span(m.phrase[0], end_char, alignment_mode="expand")
            after = span.end if span is not None else token + 1
            # "the Department of Justice, Tax Division": the unit after the comma is where the title is held.
            if after + 1 < len(doc) and doc[after].text == "," and after + 1 in self.org_token_starts:
                unit = self.org_token_starts[after + 1]
                if unit.surface.split()[-1].lower() in _UNITS:
                    unit_span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
                    return unit.surface, unit_span.end if unit_span is not None else after + 2
            return chosen.surface, after
        text = doc_text(doc)[doc[token].idx :]
        jurisdiction = _JURISDICTION.match(text)
        if jurisdiction:
            span = doc.char_span(doc[token].idx, doc[token].idx + len(jurisdiction.group().rstrip(".")),
                                 alignment_mode="contract")
            if span is not None and len(span):
                return span.text, span.end
        ent = doc[token]
        if ent.ent_type_ in {"GPE"} and ent.ent_iob_ == "B":
            span = next((e for e in entities(doc) if e.start == token), None)
            if span is not None:
                return span.text, span.end
        return None

    def _org_after(self, token: int) -> tuple[str, int] | None:
        """"of/for/from the ORG" starting at ``token``."""
        doc = self.doc
        if token + 2 < len(doc) and doc[token].text == "," and doc[token + 1].lower_ == "of":
            # "Trial Attorney Albert B. Stieglitz Jr., of the Criminal Division": only a body, not a home town.
            inner = token + 3 if doc[token + 2].lower_ == "the" else token + 2
            return self._org_at(inner) if inner in self.org_token_starts else None
        if token >= len(doc) or doc[token].lower_ not in _LINKS:
            return None
        inner = token + 1
        if inner < len(doc) and doc[inner].lower_ == "the":
            inner += 1
        return self._org_at(inner)

    def _body_after(self, token: int) -> bool:
        """Whether "at/for/of/with/in (the) ORG" follows ``token``: an organisation the text names,
        not a place or jurisdiction (an occupation is held at a body; "an economist in Leeds" is
        where someone works, not an office)."""
        doc = self.doc
        if token < len(doc) and doc[token].text == ",":
            token += 1
        if token >= len(doc) or doc[token].lower_ not in _LINKS:
            return False
        inner = token + 1
        if inner < len(doc) and doc[inner].lower_ == "the":
            inner += 1
        return inner in self.org_token_starts

    def _org_before(self, token: int) -> str | None:
        """An organisation or place written right before a title ("INTERPOL('s) Secretary General")."""
        doc = self.doc
        if token == 0:
            return None
        start_char = doc[token].idx
        best: OrgMention | None = None
        for m in self.org_mentions:
            if m.end <= start_char and _POSSESSIVE_GAP.match(doc_text(doc)[m.end : start_char]):
                if best is None or m.end > best.end:
                    best = m
        if best is not None:
            return best.surface
        previous = doc[token - 1]
        if previous.text in {"'s", "’s"} and token >= 2:
            previous = doc[token - 2]  # "Japan's Ambassador"
        if previous.ent_type_ == "GPE":
            ent = next((e for e in entities(doc) if e.start <= previous.i < e.end), None)
            if ent is not None and ent.end == previous.i + 1:
                return ent.text
        if previous.ent_type_ == "NORP" and (country := demonym_country(previous.text)) is not None:
            return country  # "Indian Prime Minister X": an office of India
        return None

    # ------------------------------------------------------------------ names

    def _name_after(self, token: int, *, listed: bool = False) -> tuple[int, int] | None:
        """A person's name starting at ``token``: capitalised words, initials, particles, "Jr."; ``listed``
        when it is a later item of a list after a plural title (a name there is a person, whatever the NER says)."""
        doc = self.doc
        end = token
        while end < len(doc) and end - token < _MAX_NAME_TOKENS:
            t = doc[end]
            if end > token and t.text in {"-", "‐"} and not t.whitespace_ and not doc[end - 1].whitespace_ \
                    and end + 1 < len(doc) and (is_name_word(doc[end + 1].text) or doc[end + 1].is_lower
                                                and doc[end + 1].is_alpha and len(doc[end + 1]) <= 3):
                end += 2  # "Gab-Ryong", "Jae-in"
                continue
            if end > token and t.text == "," and end + 1 < len(doc) and doc[end + 1].lower_.rstrip(".") in {"jr", "sr"}:
                end += 2
                continue
            if is_particle(t.text) and end > token and end + 1 < len(doc) and is_name_word(doc[end + 1].text):
                end += 1
                continue
            if is_particle(t.text) and end > token and end + 2 < len(doc) and doc[end + 1].text == "-" \
                    and not t.whitespace_ and is_name_word(doc[end + 2].text):
                end += 3  # "Bashar al-Assad"
                continue
            if not is_name_word(t.text) or t.lower_ in _NOT_NAMES or (end > token and end in self.org_token_starts):
                break
            if end == token and end in self.org_token_starts:
                return None
            if self._in_org(t.idx, t.idx + len(t)):
                break
            end += 1
        if end == token or not self._valid_name(token, end, listed=listed):
            return None
        return token, end

    def _name_before(self, token: int) -> tuple[int, int] | None:
        """A name ending just before ``token`` (a comma usually sits at ``token``)."""
        doc = self.doc
        if token == 0:
            return None
        last = doc[token - 1]
        if last.ent_type_ == "PERSON":
            ent = next((e for e in entities(doc) if e.start <= last.i < e.end), None)
            if ent is not None and ent.end == token and self._valid_name(ent.start, ent.end):
                return ent.start, ent.end
        start = token
        while start > 0 and token - start < _MAX_NAME_TOKENS:
            t = doc[start - 1]
            if is_name_word(t.text) and t.lower_ not in _NOT_NAMES and not t.is_sent_start \
                    and not self._in_org(t.idx, t.idx + len(t)):
                start -= 1
            elif is_particle(t.text) and start < token:
                start -= 1
            elif t.text == "-" and not t.whitespace_ and start < token:
                start -= 1
            else:
                if is_name_word(t.text) and t.is_sent_start and t.lower_ not in _NOT_NAMES:
                    start -= 1
                break
        if start == token or not self._valid_name(start, token):
            return None
        return start, token

    def _valid_name(self, start: int, end: int, *, listed: bool = False) -> bool:
        doc = self.doc
        words = [t for t in doc[start:end] if t.text not in {"-", ","}]
        if not words or all(is_initial(t.text) or t.lower_.rstrip(".") in {"jr", "sr"} for t in words):
            return False
        if any(t.ent_type_ in {"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"} and not is_particle(t.text) for t in words):
            return False  # (the NER reads the particle of "Erik ten Hag" as a number)
        if any(t.lower_ in name_shapes().heads for t in words):
            return False
        if len(words) > 1 and self.org_names.get(fold_key(words[0].text)) == words[0].text:
            return False  # "Acme North America" after "Lena Ortiz, President": a body named after "Acme"
        text = doc_text(doc)
        if any((t.ent_type_ != "PERSON" or len(words) == 1) and t.is_title and whole_word(text, t.lower_) for t in words):
            return False  # "Commander Captured" in a headline: a word the text also writes in lower case
        if any(s < end and start < e for s, e, _ in self.titles):
            return False
        if len(words) == 1:
            # A bare surname needs support: a person the NER found, or one already named.
            word = words[0]
            return any(same_person(word.text, f.name) for f in self.found) or word.ent_type_ == "PERSON"
        # (ORG is no objection: the NER often reads "Trial Attorneys Nadia Brandt" as one organisation.)
        return listed or not all(t.ent_type_ in {"GPE", "LOC", "NORP"} for t in words)

    # ------------------------------------------------------------------ reading

    def read(self) -> list[Official]:
        for start, end, kind in self.titles:
            if self.doc[start].idx < self.body_start or self._in_contact_block(self.doc[start].idx):
                continue
            self._read_title(start, end, kind)
        self._share_list_organisations()
        self._organisation_from_title_head()
        self._organisation_from_sentence()
        self._full_names()
        return [self._row(f) for f in self.found]

    def _in_contact_block(self, position: int) -> bool:
        """Whether ``position`` is in a "Media contact:" block (its line, or one of the two after it): the
        person to call about a release is not an official of it."""
        text = doc_text(self.doc)
        line_start = text.rfind("\n", 0, position) + 1
        for _ in range(3):
            if _CONTACT_HEADER.match(text, line_start):
                return True
            if line_start == 0:
                return False
            line_start = text.rfind("\n", 0, line_start - 1) + 1
        return False

    def _title_text(self, start: int, end: int) -> str:
        words = [t.text for t in self.doc[start:end]]
        # As written, spaces included ("Lt . Col ." stays so); runs of whitespace become one space.
        text = " ".join(self.doc[start:end].text.split()).replace(" - ", "-").replace(" 's", "'s")
        text = _SPACE_BEFORE_STOP.sub(".", text)  # "Lt . Col ." as some pages space it is "Lt. Col."
        expanded = title_abbreviations().get(text.lower().rstrip(".").strip())
        if expanded is not None:
            return expanded  # "Sen." → "Senator", "Sens. X and Y" → each a "Senator"
        # Plural titles in lists ("Trial Attorneys X and Y") name one title per person.
        last = words[-1]
        if {"of", "to", "for"} & {w.lower() for w in words}:
            return text  # "Minister of Public Works", "Ambassador to the United Nations": the complement keeps its plural
        if last.lower() not in {"charge", "general", "affairs", "services", "customs", "arms", "operations"}:
            if last.endswith("ies"):
                text = text[: -3] + "y"
            elif last.endswith("s") and not last.endswith("ss") and len(last) > 3 and last[0].isalpha() and not last.isupper():
                text = text[:-1]
        elif last.lower() == "general" and len(words) >= 2 and words[-2].lower().endswith("eys"):
            text = text.replace(words[-2] + " General", words[-2][:-1] + " General")
        return text

    def _read_title(self, start: int, end: int, kind: str) -> None:
        doc = self.doc
        first = doc[start]
        main = next((t for t in doc[start:end] if t.lower_ not in {"former", "then", "-"}), first)
        # "Minister of X" keeps X unless X is an organisation written there ("Director of the FBI").
        for i in range(start, end):
            if doc[i].lower_ == "of" and i + 1 < len(doc) and \
                    self._org_at(i + 2 if doc[i + 1].lower_ == "the" else i + 1) is not None:
                end = i
                break
        opened_by = self._org_opening_title(start, end)
        if start >= end or opened_by is None and self._in_org(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])):
            return
        end = self._lower_complement_end(end)  # "director for games at Acme"
        org_before = opened_by or self._org_before(start)
        with_org = org_before is not None or self._appositive_with_org(start, end)
        if kind == "occupation":
            if not (org_before is not None or self._body_after(end)):
                return  # "a doctor", "an economist in Leeds": a job without the body it is done at
            with_org = True
        if not (main.is_title or main.is_upper) and not with_org and kind not in _LOWER_CASE_OFFICES:
            return  # a lower-case occupation ("defense attorney"), not an office
        office_start = self._with_office_words(start, org_before)
        if office_start < start:
            start = office_start
            if doc[start - 1].text in {"'s", "’s"} or self._in_org(doc[start - 1].idx, doc[start].idx):
                org_before = self._org_before(start)  # "France's Foreign Minister", "White House Cabinet Secretary"
        if kind == "posting":
            end = self._posting_end(end)
        title = self._title_text(start, end)
        if org_before is not None:
            org_start = self._token_before_org(start)
            if org_start > 0 and doc[org_start - 1].lower_ == "former" and not title.lower().startswith("former"):
                title = f"former {title}"  # "Former NOPD Officer Matthew Dean Moore"
        role_only = kind == "role"

        # "Title Name [of ORG]" (a comma may sit between a possessive-led title and the name).
        name_start = end + 1 if end < len(doc) and doc[end].text == "," and org_before is not None else end
        rank = next((e for s, e, k in self.titles if s == name_start and k == "rank"), None)
        if rank is not None and kind != "rank":
            name_start = rank  # "ISAF spokesman Lt. Col. Marcus Hale": the office, not the rank
        name = self._name_after(name_start)
        if name is not None and name[1] < len(doc) and doc[name[1]].is_title \
                and (doc[name[1]].lower_ in name_shapes().heads or doc[name[1]].lower_ in _PLACE_KINDS):
            return  # "Prince Georges County": the title word opens a place's or a body's name
        if name is not None and kind == "royal" and (
            doc[name[0]].ent_type_ != "PERSON"
            or any(t.lower_ in _PLACE_KINDS and t.is_title for t in doc[name[1] : name[1] + 3])
        ):
            return  # "Prince Georges and Montgomery County police": royal titles open place names too
        if name is not None and name[1] - name[0] == 1 and self._played_by_actor(start):
            return  # "Lena Ortiz's Captain Vance": a part an actor plays, not an office
        if name is not None and not role_only:
            names = [name]
            after = name[1]
            # "Trial Attorneys X and Y of the …": one plural title, several people.
            while after + 1 < len(doc) and doc[after].lower_ in {"and", ","} and first.text != "former":
                nxt = self._name_after(after + 1, listed=self._plural(start, end))
                if nxt is None or any(s == after + 1 for s, _, _ in self.titles) or not self._plural(start, end):
                    break
                names.append(nxt)
                after = nxt[1]
            org = self._org_after(after)
            if org is not None and org_before is not None and doc[after].lower_ == "in":
                org = None  # "German Chancellor X in Berlin": where they were, not what they hold office in
            org_name = org[0] if org else None
            rule = "title_name_of_org" if org else ("org_title_name" if org_before else "title_name")
            for n_start, n_end in names:
                self._add(n_start, n_end, title, org_name or org_before, rule, kind)
            if org is None:
                self._appositive(names[-1], after)
            return
        # "the role of INTERPOL President is currently held by Kim Jong Yang".
        held_from, held_org = end, org_before
        if (held_in := self._org_after(end)) is not None:
            held_from, held_org = held_in[1], held_in[0]  # "Chair of the Commission on … (CCPCJ) is held by"
        tail = doc_text(doc)[doc[held_from - 1].idx + len(doc[held_from - 1]) :]
        tail_acronym = re.match(r"^\s*\([^()]{1,15}\)", tail)
        skip = tail_acronym.end() if tail_acronym else 0
        held = _HELD_BY.match(tail[skip : skip + 60])
        if held is not None and not role_only:
            after_char = doc[held_from - 1].idx + len(doc[held_from - 1]) + skip + held.end()
            span = doc.char_span(after_char, after_char + 1, alignment_mode="expand")
            name = self._name_after(span.start) if span is not None else None
            if name is not None:
                self._add(name[0], name[1], title, held_org, "title_held_by_name", kind)
                return
        # "Title for ORG Name": "U.S. Attorney for the District of New Jersey Owen T. Hallberg".
        org = self._org_after(end)
        if org is not None and not role_only:
            name = self._name_after(org[1])
            if name is not None:
                self._add(name[0], name[1], title, org[0], "title_org_name", kind)
                return
        # "Title of ORG, Name," and "Title of Place, Name,": "President of the Senate, Ada Obi, said".
        if not role_only:
            after_org = org[1] if org is not None else self._complement_end(end)
            if end < after_org < len(doc) and doc[after_org].text == ",":
                name = self._name_after(after_org + 1)
                if name is not None and (name[1] >= len(doc) or doc[name[1]].text in {",", ".", ";"}):
                    body = org[0] if org else None
                    if org is None and doc[end + 1].lower_ == "the" and after_org == end + 3 \
                            and doc[end + 2].lower_ in name_shapes().heads:
                        body = doc[end + 2].text  # "President of the Senate, Ada Obi": the chamber is the body
                    elif org is None:
                        title = self._title_text(start, after_org)  # "Inspector-General of Police"
                    self._add(name[0], name[1], title, body, "title_of_org_comma_name", kind)
                    return
        # "Name, [the] [ORG's] Title [of ORG]".
        lead = start
        if lead > 0 and org_before is not None:
            lead = self._token_before_org(lead)
        former = lead > 0 and doc[lead - 1].lower_ == "former"
        if former:
            lead -= 1  # "Ines R. Talbot, a former CEOS Trial Attorney"
        described = lead
        while described > 0 and lead - described < 2 and doc[described - 1].is_lower \
                and doc[described - 1].pos_ in {"NOUN", "ADJ"} and doc[described - 1].lower_ not in {"the", "a", "an"}:
            described -= 1  # "a chest doctor", "a longtime editor": the words are part of the title
        if described < lead and described > 0 and doc[described - 1].lower_ in {"the", "a", "an", ","}:
            title = self._title_text(described, start) + " " + title  # "division vice president"
            lead = described
        if org is None and (complement := self._complement_end(end)) > end:
            if (held_at := self._org_after(complement)) is not None:
                org = held_at  # "Senior Vice President of Sales for Acme, Inc."
                title = self._title_text(start, complement)
        if org is None:
            org = self._unit_then_body(end)
        if lead > 0 and doc[lead - 1].lower_ in {"the", "a", "an"}:
            lead -= 1
        if lead > 0 and doc[lead - 1].text == ",":
            name = self._name_before(lead - 1)
            if name is not None:
                org_name = org[0] if org else org_before
                existing = self._existing(name[0], name[1])
                if role_only:
                    if existing is not None and existing.organisation is None and org_name:
                        existing.organisation = org_name
                    return
                if former and not title.startswith("former"):
                    title = f"former {title}"
                self._add(name[0], name[1], title, org_name, "name_title", kind)

    def _org_opening_title(self, start: int, end: int) -> str | None:
        """An organisation whose name ends inside the title ("the Zentra Team" of "Zentra Team Leader X"):
        the title stays whole and is held in that body."""
        doc = self.doc
        first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        for m in self.org_mentions:
            if m.start < first < m.end < last:
                return m.surface
        return None

    def _unit_then_body(self, end: int) -> tuple[str, int] | None:
        """The body after a title written without "of": "President Acme North America," (a name that opens
        with an organisation row of the text), or ", Sales & Operations at Acme Inc." (a unit, then the
        company it is part of)."""
        doc = self.doc
        start = end + 1 if end < len(doc) and doc[end].text == "," else end
        k = start
        while k < len(doc) and k - start < 6 and (doc[k].is_title or doc[k].is_upper or doc[k].text in {"&", "-"}):
            k += 1
        if k == start or k >= len(doc):
            return None
        if start == end and doc[k].text == "," and self.org_names.get(fold_key(doc[start].text)) == doc[start].text:
            return doc[start:k].text, k  # "President Acme North America,"
        if start > end and doc[k].lower_ in {"at", "of"}:
            return self._org_after(k)  # ", Sales & Operations at Acme Inc."
        return None

    def _played_by_actor(self, start: int) -> bool:
        """Whether a person's possessive comes right before the title ("Lena Ortiz's Captain")."""
        doc = self.doc
        return start >= 2 and doc[start - 1].text in {"'s", "’s"} and doc[start - 2].ent_type_ == "PERSON"

    def _lower_complement_end(self, end: int) -> int:
        """The end of a lower-case complement between a title and its body: "director for games" of
        "director for games at Acme", "head of sales" of "head of sales at Acme" (else ``end``)."""
        doc = self.doc
        if end + 2 >= len(doc) or doc[end].lower_ not in {"for", "of"}:
            return end
        after = end + 1
        while after < len(doc) and after - end <= 3 and doc[after].is_lower and doc[after].pos_ in {"NOUN", "ADJ"}:
            after += 1
        if after == end + 1 or after >= len(doc) or doc[after].lower_ not in {"at", "of", "for", "with"}:
            return end
        return after if self._org_after(after) is not None else end

    def _complement_end(self, end: int) -> int:
        """The end of "of Police", "of Nigeria" after a title when it names no organisation row: the
        complement is part of the title ("Inspector-General of Police")."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].lower_ != "of":
            return end
        after = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        while after < len(doc) and after - end <= 3 and doc[after].is_title and doc[after].ent_type_ != "PERSON":
            after += 1
        return after if after > end + 1 else end

    def _posting_end(self, end: int) -> int:
        """Where "Ambassador to the United Nations in Geneva" ends: a posting title takes the body or
        country it is sent to, and the city it sits in, as part of its name."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].lower_ != "to":
            return end
        posted_to = self._org_at(end + 2 if doc[end + 1].lower_ == "the" else end + 1)
        if posted_to is None:
            return end
        after = posted_to[1]
        if after + 1 < len(doc) and doc[after].lower_ in {"in", "at"}:
            seat = next((e for e in entities(doc) if e.start == after + 1 and e.label == "GPE"), None)
            if seat is not None:
                after = seat.end
        return after

    def _appositive_with_org(self, start: int, end: int) -> bool:
        """"Marcus Hale, spokesman for ISAF": a lower-case office between a comma and its organisation."""
        doc = self.doc
        lead = start - 1 if start > 0 and doc[start - 1].lower_ in {"the", "a", "an"} else start
        return lead > 0 and doc[lead - 1].text == "," and self._org_after(end) is not None

    def _with_office_words(self, start: int, org_before: str | None) -> int:
        """"City Finance Director", "Police Director": capitalised nouns that are part of the title."""
        doc = self.doc
        if org_before is not None:
            return start
        new_start = start
        while new_start > 0 and start - new_start < 2:
            t = doc[new_start - 1]
            if not t.is_title or t.is_sent_start or t.pos_ not in {"NOUN", "PROPN"} or t.ent_type_ in _NAMED \
                    or self._in_org(t.idx, t.idx + len(t)) or t.lower_ in _NOT_NAMES:
                break
            new_start -= 1
        return new_start

    def _plural(self, start: int, end: int) -> bool:
        last = self.doc[end - 1].text if self.doc[end - 1].text != "." or end - start < 2 else self.doc[end - 2].text
        last = last.rstrip(".")  # "Sens." names several senators
        return last.endswith("s") and not last.endswith("ss") or self.doc[end - 1].lower_ == "general" and \
            self.doc[end - 2].lower_.endswith("eys")

    def _token_before_org(self, token: int) -> int:
        """The token where the organisation written before a title starts."""
        doc = self.doc
        start_char = doc[token].idx
        candidates = [m for m in self.org_mentions if m.end <= start_char and _POSSESSIVE_GAP.match(doc_text(doc)[m.end : start_char])]
        if candidates:
            m = max(candidates, key=lambda x: x.end)
            span = doc.char_span(m.phrase[0], m.end, alignment_mode="expand")
            if span is not None:
                return span.start
        previous = doc[token - 1]
        if previous.text in {"'s", "’s"} and token >= 2:
            previous = doc[token - 2]  # "Maris Oyelaran-Vik, Norway's Ambassador"
        ent = next((e for e in entities(doc) if e.start <= previous.i < e.end), None)
        return ent.start if ent is not None else token

    def _appositive(self, name: tuple[int, int], after: int) -> None:
        """", head of the Antitrust Division" or ", Deputy Chief of the Fraud Section" after a name."""
        doc = self.doc
        if after >= len(doc) or doc[after].text != ",":
            return
        title = next(((s, e, k) for s, e, k in self.titles if s in {after + 1, after + 2}), None)
        if title is None or (title[0] == after + 2 and doc[after + 1].lower_ != "the"):
            return
        start, end, kind = title
        if self._name_after(end) is not None:
            return  # the next person of a list ("X, Assistant Deputy Chief Y and …")
        for i in range(start, end):
            if doc[i].lower_ == "of":
                end = i
                break
        org = self._org_after(end)
        existing = self._existing(*name)
        if existing is None:
            return
        if org is not None and existing.organisation is None:
            existing.organisation = org[0]
            existing.rule = "title_name_comma_title_of_org"
        if existing.title_kind == "rank" and kind not in {"role", "rank"}:
            existing.title = self._title_text(start, end)  # "Col. X, commander of …": the office, not the rank
            existing.title_kind = kind
            existing.titles_seen = [existing.title]
        elif kind != "role" and (doc[start].is_title or doc[start].is_upper) and existing.title:
            second = self._title_text(start, end)
            if second not in existing.titles_seen:
                existing.title = f"{existing.title}, {second}"
                existing.titles_seen.append(second)

    def _existing(self, start: int, end: int) -> _Found | None:
        name = self._name_text(start, end)
        return next((f for f in self.found if same_person(name, f.name)), None)

    def _name_text(self, start: int, end: int) -> str:
        text = self.doc[start:end].text
        text = _HONORIFIC.sub("", text)
        return re.sub(r"(?:'s|’s)$", "", text).strip()

    def _add(self, start: int, end: int, title: str, organisation: str | None, rule: str, kind: str) -> None:
        name = self._name_text(start, end)
        words = name.split()
        if kind == "royal" and (len(words) == 1 or len(words) == 2 and _REGNAL_NUMBER.match(words[1])):
            name = f"{title} {name}"  # royals are known by title and given name: "Queen Margaret", "King Olaf V"
        existing = self._existing(start, end)
        if existing is not None:
            existing.mentions += 1
            if len(name.split()) > len(existing.name.split()):
                existing.name = name
            if existing.title is None:
                existing.title = title
            if existing.organisation is None and organisation:
                existing.organisation = organisation
            return
        span = self.doc[start:end]
        evidence = mention(span)
        self.found.append(
            _Found(name=name, title=title, organisation=organisation, rule=rule, start=evidence.start,
                   end=evidence.end, sentence=evidence.sentence, token_start=start, token_end=end,
                   title_kind=kind, titles_seen=[title])
        )

    # ------------------------------------------------------------------ second passes

    def _share_list_organisations(self) -> None:
        """"Deputy Chief X, Assistant Deputy Chief Y and Trial Attorney Z of the Fraud Section":
        the unit at the end of a list belongs to each person in it."""
        doc = self.doc
        title_tokens = {i for start, end, _ in self.titles for i in range(start, end)}
        ordered = sorted(self.found, key=lambda f: f.token_start)
        # Backwards, so the organisation travels from the end of the list to its first person.
        for earlier, later in reversed(list(zip(ordered, ordered[1:]))):
            if earlier.organisation is not None or later.organisation is None:
                continue
            gap = doc[earlier.token_end : later.token_start]
            joined = {t.lower_ for t in gap}
            if not gap or not joined & {",", "and"} or len(gap) > 12:
                continue
            if "District of" in later.organisation or _JURISDICTION_TITLES.search(earlier.title or ""):
                continue
            if any(t.is_sent_start for t in gap) or any(t.lower_ in _LINKS for t in gap):
                continue
            # A list holds names and titles only: "President X's … Initiative, said Y, …" is no list.
            if not all(t.text in {",", "and", "-"} or t.is_title or t.is_upper or t.i in title_tokens for t in gap):
                continue
            earlier.organisation = later.organisation
            earlier.rule = earlier.rule + "+list"

    def _organisation_from_title_head(self) -> None:
        """"Fund Director X", "Police Chief X", "Councilmember X": a title that carries a kind of body
        is held in the one organisation of the document with that word in its name.

        A head word written before a title is the body's own name and leaves the title ("Fund
        Director" in the Global Fund for … is its "Director"); a standard compound title keeps it
        ("Police Chief", "Council Member" are positions by that name).
        """
        for f in self.found:
            if f.organisation is not None or not f.title or _JURISDICTION_TITLES.search(f.title):
                continue
            words = f.title.split()
            for k, word in enumerate(words):
                head = _body_word(word)
                if head is None:
                    continue
                rows = {o.name: o for o in self.organisations if _names_with_word(o, head)}
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

    def _organisation_from_sentence(self) -> None:
        """No organisation in the title's own phrase: take the one organisation its sentence names."""
        for f in self.found:
            if f.organisation is not None or _JURISDICTION_TITLES.search(f.title or ""):
                continue
            if f.title_kind not in {"law_enforcement", "international", "justice"}:
                continue  # a president or a CEO is not guessed from whatever body the sentence names
            span = self.doc.char_span(f.start, f.end, alignment_mode="expand")
            sentences = view_of(self.doc).sentences
            if span is None or not sentences.annotated:
                continue
            sentence_start, sentence_end = sentences.sentence_chars(span)
            names = {
                self.org_names.get(fold_key(m.surface), m.surface): m.surface
                for m in self.org_mentions
                if sentence_start <= m.start and m.end <= sentence_end and "Court" not in m.surface
            }
            groups = {fold_key(n) for n in names}
            if len(groups) == 1:
                f.organisation = next(iter(names))
                f.rule = f.rule + "+sentence_org"

    def _full_names(self) -> None:
        """"Special Agent Okoro" is "Daniel Okoro" when the text names exactly one such person;
        "Chens" (a possessive that lost its apostrophe) is "Chen" when the text also writes "Chen"."""
        person_words = {w for e in entities(self.doc) if e.label == "PERSON" for w in e.text.split()}
        for f in self.found:
            last = f.name.split()[-1]
            if last.endswith("s") and not last.endswith("ss") and last[:-1] in person_words and last not in person_words:
                f.name = f.name[:-1]
        for f in self.found:
            if len(f.name.split()) != 1:
                continue
            title_tokens = {i for start, end, _ in self.titles for i in range(start, end)}
            # (A PERSON entity that opens with a title is the title and the name: "Queen Margaret".)
            fuller = {e.text for e in entities(self.doc) if e.label == "PERSON" and len(e.text.split()) > 1
                      and e.text.split()[-1] == f.name and e.start not in title_tokens}
            if len(fuller) == 1:
                f.name = fuller.pop()

    def _row(self, f: _Found) -> Official:
        mentions = self._count_mentions(f)
        return Official(name=f.name, title=f.title, organisation=f.organisation, mentions=max(mentions, f.mentions),
                        start=f.start, end=f.end, sentence=f.sentence, rule=f.rule)

    def _count_mentions(self, f: _Found) -> int:
        """Full-name uses plus bare family-name uses ("Stock said") elsewhere in the text."""
        text = doc_text(self.doc)
        full = [(at, at + len(f.name)) for at in occurrences(text, f.name)]
        family = family_name(f.name)
        if not family or len(family) < 3:
            return max(1, len(full))
        count = len(full)
        for at in whole_word(text, f.name.split()[-1]):
            if not any(s <= at < e for s, e in full):
                count += 1
        return max(1, count)


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
