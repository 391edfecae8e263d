"""The shapes press releases write an official in, read around one title.

* ``title_name``        "said Commissioner General Min Gab-Ryong", "Trial Attorney X of the Tax Division"
* ``org_title_name``    "INTERPOL Secretary General Jürgen Stock", "Tax Division trial attorneys X and Y"
* ``title_held_by_name`` "the role of INTERPOL President is currently held by Kim Jong Yang"
* ``title_org_name``    "U.S. Attorney for the District of New Jersey Owen T. Hallberg"
* ``title_of_org_comma_name`` "President of the Senate, Ada Obi, said"
* ``name_title``        "Renata M. Calloway, Assistant Attorney General for the Civil Rights Division",
                        "Jürgen Stock, INTERPOL Secretary General", "X, the FBI's Assistant Director"

:func:`read_title` first settles the title (where it ends, the body written before it), then tries
the shapes in that order; the first that finds a name adds the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.officials.bodies import (
    appositive_with_org,
    body_after,
    org_after,
    org_at,
    org_before,
    org_opening_title,
    token_before_org,
    unit_then_body,
)
from pipeline.extract.officials.persons import name_after, name_before
from pipeline.extract.officials.reading import Reading, TitleSpan
from pipeline.extract.officials.titles import (
    complement_end,
    is_plural,
    lower_complement_end,
    posting_end,
    title_text,
    with_office_words,
)
from pipeline.extract.org_gazetteer import name_shapes, place_kinds

__all__ = ["read_title"]

# Kinds of title that are offices however they are written: news copy writes "congresswoman X",
# "coach X", "chairman, CEO and president X" in lower case, where a release would capitalise.
_LOWER_CASE_OFFICES = frozenset({"government", "corporate", "international", "royal", "sports"})
# Kinds of place (models/gazetteers/place_kinds.tsv, the table the gazetteer's places read too): after a
# royal-looking title and name one makes "Title Name" a place's name ("Prince Georges County", "King Island").
_PLACE_KINDS = place_kinds()
_ACRONYM_IN_BRACKETS = re.compile(r"\s*\([^()]{1,15}\)")
_POSSESSIVES = frozenset({"'s", "’s"})
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass(slots=True)
class TitleAt:
    """A title settled where it stands: its tokens and kind, its row text and the body written before it."""

    start: int
    end: int
    kind: str
    title: str
    org_before: str | None
    #: The title's first word as the rule layer found it ("former" opens no list of names).
    first_word: str

    @property
    def role_only(self) -> bool:
        """A role ("spokesman") names no official by itself; it may complete one already found."""
        return self.kind == "role"


def read_title(reading: Reading, span: TitleSpan) -> None:
    """Read the official (or officials) one title names, adding them to ``reading``."""
    title = _settle_title(reading, span)
    if title is None or _title_then_names(reading, title) or _held_by(reading, title):
        return
    org = org_after(reading, title.end)
    if _title_org_name(reading, title, org) or _title_of_org_comma_name(reading, title, org):
        return
    _name_comma_title(reading, title, org)


def _settle_title(reading: Reading, span: TitleSpan) -> TitleAt | None:
    """Where the title starts and ends, its text and the body before it (None: no office here)."""
    doc = reading.doc
    start, end, kind = span
    first = doc[start]
    main = next((t for t in doc[start:end] if t.lower_ not in {"former", "then", "-"}), first)
    # "Minister of X" keeps X unless X is an organisation written there ("Director of the FBI").
    for i in range(start, end):
        if doc[i].lower_ == "of" and i + 1 < len(doc) and \
                org_at(reading, i + 2 if doc[i + 1].lower_ == "the" else i + 1) is not None:
            end = i
            break
    opened_by = org_opening_title(reading, start, end)
    if start >= end or (opened_by is None and reading.in_org(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))):
        return None
    end = lower_complement_end(reading, end)  # "director for games at Acme"
    before = opened_by or org_before(reading, start)
    with_org = before is not None or appositive_with_org(reading, start, end)
    if kind == "occupation":
        if not (before is not None or body_after(reading, end)):
            return None  # "a doctor", "an economist in Leeds": a job without the body it is done at
        with_org = True
    if not (main.is_title or main.is_upper) and not with_org and kind not in _LOWER_CASE_OFFICES:
        return None  # a lower-case occupation ("defense attorney"), not an office
    office_start = with_office_words(reading, start, before)
    if office_start < start:
        start = office_start
        if doc[start - 1].text in _POSSESSIVES or reading.in_org(doc[start - 1].idx, doc[start].idx):
            before = org_before(reading, start)  # "France's Foreign Minister", "White House Cabinet Secretary"
    if kind == "posting":
        end = posting_end(reading, end)
    text = title_text(doc, start, end)
    if before is not None:
        org_start = token_before_org(reading, start)
        if org_start > 0 and doc[org_start - 1].lower_ == "former" and not text.lower().startswith("former"):
            text = f"former {text}"  # "Former NOPD Officer Matthew Dean Moore"
    return TitleAt(start, end, kind, text, before, first.text)


def _title_then_names(reading: Reading, title: TitleAt) -> bool:
    """"Title Name [of ORG]" (a comma may sit between a possessive-led title and the name), and
    "Trial Attorneys X and Y of the …": one plural title, several people. True when the title is read."""
    doc = reading.doc
    start, end, kind = title.start, title.end, title.kind
    name_start = end + 1 if end < len(doc) and doc[end].text == "," and title.org_before is not None else end
    rank = next((e for s, e, k in reading.titles if s == name_start and k == "rank"), None)
    if rank is not None and kind != "rank":
        name_start = rank  # "ISAF spokesman Lt. Col. Marcus Hale": the office, not the rank
    name = name_after(reading, name_start)
    if name is None:
        return False
    if name[1] < len(doc) and doc[name[1]].is_title \
            and (doc[name[1]].lower_ in name_shapes().heads or doc[name[1]].lower_ in _PLACE_KINDS):
        return True  # "Prince Georges County": the title word opens a place's or a body's name
    if kind == "royal" and (
        doc[name[0]].ent_type_ != "PERSON"
        or any(t.lower_ in _PLACE_KINDS and t.is_title for t in doc[name[1] : name[1] + 3])
    ):
        return True  # "Prince Georges and Montgomery County police": royal titles open place names too
    if name[1] - name[0] == 1 and _played_by_actor(reading, start):
        return True  # "Lena Ortiz's Captain Vance": a part an actor plays, not an office
    if title.role_only:
        return False
    names = [name]
    after = name[1]
    while after + 1 < len(doc) and doc[after].lower_ in {"and", ","} and title.first_word != "former":
        nxt = name_after(reading, after + 1, listed=is_plural(doc, start, end))
        if nxt is None or any(s == after + 1 for s, _, _ in reading.titles) or not is_plural(doc, start, end):
            break
        names.append(nxt)
        after = nxt[1]
    org = org_after(reading, after)
    if org is not None and title.org_before is not None and doc[after].lower_ == "in":
        org = None  # "German Chancellor X in Berlin": where they were, not what they hold office in
    org_name = org[0] if org else None
    rule = "title_name_of_org" if org else ("org_title_name" if title.org_before else "title_name")
    for found in names:
        reading.add(found, title.title, org_name or title.org_before, rule, kind)
    if org is None:
        _appositive(reading, names[-1], after)
    return True


def _held_by(reading: Reading, title: TitleAt) -> bool:
    """"the role of INTERPOL President is currently held by Kim Jong Yang" (the ``HELD_BY`` patterns
    of ``models/patterns/officials.jsonl``). True when a row was added."""
    if title.role_only:
        return False
    doc = reading.doc
    held_from, held_org = title.end, title.org_before
    if (held_in := org_after(reading, title.end)) is not None:
        held_from, held_org = held_in[1], held_in[0]  # "Chair of the Commission on … (CCPCJ) is held by"
    tail_start = doc[held_from - 1].idx + len(doc[held_from - 1])
    tail_acronym = _ACRONYM_IN_BRACKETS.match(reading.text, tail_start)
    verb = _first_word_from(reading, held_from, tail_acronym.end() if tail_acronym else tail_start)
    by = reading.held_by_ends.get(verb)
    if by is None:
        return False
    name = name_after(reading, _first_word_from(reading, by, 0))
    if name is None:
        return False
    reading.add(name, title.title, held_org, "title_held_by_name", title.kind)
    return True


def _first_word_from(reading: Reading, token: int, offset: int) -> int:
    """The first token from ``token`` on that starts at character ``offset`` or later and is no space."""
    doc = reading.doc
    while token < len(doc) and (doc[token].idx < offset or doc[token].is_space):
        token += 1
    return token


def _title_org_name(reading: Reading, title: TitleAt, org: tuple[str, int] | None) -> bool:
    """"Title for ORG Name": "U.S. Attorney for the District of New Jersey Owen T. Hallberg"."""
    if org is None or title.role_only:
        return False
    name = name_after(reading, org[1])
    if name is None:
        return False
    reading.add(name, title.title, org[0], "title_org_name", title.kind)
    return True


def _title_of_org_comma_name(reading: Reading, title: TitleAt, org: tuple[str, int] | None) -> bool:
    """"Title of ORG, Name," and "Title of Place, Name,": "President of the Senate, Ada Obi, said"."""
    if title.role_only:
        return False
    doc = reading.doc
    end = title.end
    after_org = org[1] if org is not None else complement_end(doc, end)
    if not (end < after_org < len(doc) and doc[after_org].text == ","):
        return False
    name = name_after(reading, after_org + 1)
    if name is None or not (name[1] >= len(doc) or doc[name[1]].text in {",", ".", ";"}):
        return False
    body = org[0] if org else None
    text = title.title
    if org is None and doc[end + 1].lower_ == "the" and after_org == end + 3 \
            and doc[end + 2].lower_ in name_shapes().heads:
        body = doc[end + 2].text  # "President of the Senate, Ada Obi": the chamber is the body
    elif org is None:
        text = title_text(doc, title.start, after_org)  # "Inspector-General of Police"
    reading.add(name, text, body, "title_of_org_comma_name", title.kind)
    return True


def _name_comma_title(reading: Reading, title: TitleAt, org: tuple[str, int] | None) -> None:
    """"Name, [the] [ORG's] Title [of ORG]"; a role there completes the official already found."""
    doc = reading.doc
    start, end, text = title.start, title.end, title.title
    lead = start
    if lead > 0 and title.org_before is not None:
        lead = token_before_org(reading, lead)
    former = lead > 0 and doc[lead - 1].lower_ == "former"
    if former:
        lead -= 1  # "Ines R. Talbot, a former CEOS Trial Attorney"
    described = lead
    while described > 0 and lead - described < 2 and doc[described - 1].is_lower \
            and doc[described - 1].pos_ in {"NOUN", "ADJ"} and doc[described - 1].lower_ not in _ARTICLES:
        described -= 1  # "a chest doctor", "a longtime editor": the words are part of the title
    if described < lead and described > 0 and doc[described - 1].lower_ in {"the", "a", "an", ","}:
        text = title_text(doc, described, start) + " " + text  # "division vice president"
        lead = described
    if org is None and (complement := complement_end(doc, end)) > end:
        if (held_at := org_after(reading, complement)) is not None:
            org = held_at  # "Senior Vice President of Sales for Acme, Inc."
            text = title_text(doc, start, complement)
    if org is None:
        org = unit_then_body(reading, end)
    if lead > 0 and doc[lead - 1].lower_ in _ARTICLES:
        lead -= 1
    if not (lead > 0 and doc[lead - 1].text == ","):
        return
    name = name_before(reading, lead - 1)
    if name is None:
        return
    org_name = org[0] if org else title.org_before
    if title.role_only:
        existing = reading.existing(*name)
        if existing is not None and existing.organisation is None and org_name:
            existing.organisation = org_name
        return
    if former and not text.startswith("former"):
        text = f"former {text}"
    reading.add(name, text, org_name, "name_title", title.kind)


def _played_by_actor(reading: Reading, start: int) -> bool:
    """Whether a person's possessive comes right before the title ("Lena Ortiz's Captain")."""
    doc = reading.doc
    return start >= 2 and doc[start - 1].text in _POSSESSIVES and doc[start - 2].ent_type_ == "PERSON"


def _appositive(reading: Reading, name: tuple[int, int], after: int) -> None:
    """", head of the Antitrust Division" or ", Deputy Chief of the Fraud Section" after a name."""
    doc = reading.doc
    if after >= len(doc) or doc[after].text != ",":
        return
    title = next(((s, e, k) for s, e, k in reading.titles if s in {after + 1, after + 2}), None)
    if title is None or (title[0] == after + 2 and doc[after + 1].lower_ != "the"):
        return
    start, end, kind = title
    if name_after(reading, end) is not None:
        return  # the next person of a list ("X, Assistant Deputy Chief Y and …")
    for i in range(start, end):
        if doc[i].lower_ == "of":
            end = i
            break
    org = org_after(reading, end)
    existing = reading.existing(*name)
    if existing is None:
        return
    if org is not None and existing.organisation is None:
        existing.organisation = org[0]
        existing.rule = "title_name_comma_title_of_org"
    if existing.title_kind == "rank" and kind not in {"role", "rank"}:
        existing.title = title_text(doc, start, end)  # "Col. X, commander of …": the office, not the rank
        existing.title_kind = kind
        existing.titles_seen = [existing.title]
    elif kind != "role" and (doc[start].is_title or doc[start].is_upper) and existing.title:
        second = title_text(doc, start, end)
        if second not in existing.titles_seen:
            existing.title = f"{existing.title}, {second}"
            existing.titles_seen.append(second)
