"""Officials: a person, the title they hold and the body or jurisdiction they hold it in.

Around each title of the rule layer the reader tries the shapes press releases use
(:mod:`~pipeline.extract.officials.shapes`: "said Commissioner General Min Gab-Ryong", "INTERPOL
Secretary General Jürgen Stock", "U.S. Attorney for the District of New Jersey Owen T. Hallberg",
"Renata M. Calloway, Assistant Attorney General for the Civil Rights Division" …), then second
passes fill in what one phrase left out (:mod:`~pipeline.extract.officials.passes`).

A person is one row: a later "Title Surname" or bare surname is the same row (``mentions``).
A title with no name ("the INTERPOL Chief") makes no row; lower-case occupations of
defendants ("defense attorney Victor Lund") are not titles.

The phases, one module each: :mod:`~.titles` (reading the title), :mod:`~.bodies` (reading the
organisation), :mod:`~.persons` (finding the person), :mod:`~.shapes` (the shapes around one
title, lists of names included), :mod:`~.passes` (second passes); :mod:`~.reading` holds the
document's lookups and the officials found so far.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.officials.passes import (
    full_names,
    organisation_from_sentence,
    organisation_from_title_head,
    share_list_organisations,
)
from pipeline.extract.officials.reading import FoundOfficial, Reading
from pipeline.extract.officials.shapes import read_title
from pipeline.extract.officials.titles import find_titles
from pipeline.extract.organisations import OrgMention
from pipeline.extract.people import family_name
from pipeline.extract.view import DocView
from pipeline.records import Official, Organisation
from pipeline.textsearch import occurrences, whole_word

__all__ = ["extract_officials"]

_CONTACT_HEADER = re.compile(r"[ \t]*(?:(?:media|press|news|public)\s+)?(?:contacts?|inquiries|enquiries)\s*:", re.I)
#: Lines after a "Media contact:" header that still belong to its block.
_CONTACT_BLOCK_LINES = 3


def extract_officials(view: DocView, *, organisations: Sequence[Organisation],
                      organisation_mentions: Sequence[OrgMention]) -> list[Official]:
    """One row per person holding a title or office.

    Args:
        view: the analysed article (NER and the ``newsfacts_rules`` spans); titles before the
            article's body (``view.article.body_start``: the headline) are skipped, the body
            repeats them.
        organisations: this document's organisation rows (their names label the same bodies).
        organisation_mentions: every organisation mention the organisations extractor accepted,
            in text order.

    Returns:
        Officials with name, title, organisation, mention count, first-mention evidence and rule.
    """
    reading = Reading(view, organisations=organisations, organisation_mentions=organisation_mentions,
                      titles=find_titles(view))
    doc = reading.doc
    for title in reading.titles:
        if doc[title.start].idx < reading.body_start or _in_contact_block(reading.text, doc[title.start].idx):
            continue
        read_title(reading, title)
    share_list_organisations(reading)
    organisation_from_title_head(reading)
    organisation_from_sentence(reading)
    full_names(reading)
    return [_row(reading.text, f) for f in reading.found]


def _in_contact_block(text: str, position: int) -> bool:
    """Whether ``position`` is in a "Media contact:" block (its line, or one of the two after it): the
    person to call about a release is not an official of it."""
    line_start = text.rfind("\n", 0, position) + 1
    for _ in range(_CONTACT_BLOCK_LINES):
        if _CONTACT_HEADER.match(text, line_start):
            return True
        if line_start == 0:
            return False
        line_start = text.rfind("\n", 0, line_start - 1) + 1
    return False


def _row(text: str, f: FoundOfficial) -> Official:
    return Official(name=f.name, title=f.title, organisation=f.organisation,
                    mentions=max(_count_mentions(text, f.name), f.mentions),
                    start=f.start, end=f.end, sentence=f.sentence, rule=f.rule)


def _count_mentions(text: str, name: str) -> int:
    """Full-name uses plus bare family-name uses ("Stock said") elsewhere in the text."""
    full = [(at, at + len(name)) for at in occurrences(text, name)]
    family = family_name(name)
    if not family or len(family) < 3:
        return max(1, len(full))
    count = len(full)
    for at in whole_word(text, name.split()[-1]):
        if not any(s <= at < e for s, e in full):
            count += 1
    return max(1, count)
