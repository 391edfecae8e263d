"""One document being read for officials: its lookups, and the officials found so far.

Every phase of the reader (titles, bodies, persons, shapes, second passes) reads the same few
per-document lookups; they are built once here, from the document's view and the organisations
extractor's rows and mentions, and never leave the worker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.extract.org_names import fold_key
from pipeline.extract.organisations import OrgMention
from pipeline.extract.people import same_person, without_honorific
from pipeline.extract.view import DocView
from pipeline.records import Organisation

__all__ = ["FoundOfficial", "Reading", "TitleSpan"]

_POSSESSIVE_END = re.compile(r"(?:'s|’s)$")
_REGNAL_NUMBER = re.compile(r"^[IVX]{1,5}$")


class TitleSpan(NamedTuple):
    """A title with its modifiers, by token ("Acting Assistant Attorney General"), and its kind of office."""

    start: int
    end: int
    kind: str


@dataclass(slots=True)
class FoundOfficial:
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


class Reading:
    """One document's lookups for the officials reader, and the officials found so far.

    Args:
        view: the document's view.
        organisations: this document's organisation rows (their names label the same bodies).
        organisation_mentions: every organisation mention the organisations extractor accepted.
        titles: the document's title spans (:func:`pipeline.extract.officials.titles.find_titles`).
    """

    def __init__(self, view: DocView, *, organisations: Sequence[Organisation],
                 organisation_mentions: Sequence[OrgMention], titles: Sequence[TitleSpan]) -> None:
        self.view = view
        self.doc = view.doc
        self.text = view.text
        self.body_start = view.article.body_start if view.article is not None else 0
        self.org_mentions = list(organisation_mentions)
        self.organisations = organisations
        # Every written form of a row → the row's name (a sentence-level guess names the row, not a form).
        self.org_names: dict[str, str] = {}
        for o in organisations:
            for form in (o.name, o.acronym, *o.aliases):
                if form:
                    self.org_names.setdefault(fold_key(form), o.name)
        self.org_token_starts = self._org_token_starts()
        self.titles = list(titles)
        #: Start token of each "is (currently) held by" of the rule layer → the token after its "by".
        self.held_by_ends = {s.start: s.end for s in view.rule_spans if s.label == "HELD_BY"}
        self.found: list[FoundOfficial] = []

    def _org_token_starts(self) -> dict[int, OrgMention]:
        starts: dict[int, OrgMention] = {}
        for m in self.org_mentions:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                starts.setdefault(span.start, m)
        return starts

    def in_org(self, start_char: int, end_char: int) -> bool:
        """Whether the characters overlap an organisation mention."""
        return any(m.start < end_char and start_char < m.end for m in self.org_mentions)

    def name_text(self, start: int, end: int) -> str:
        """The name the tokens write, without an honorific or a possessive ending."""
        text = without_honorific(self.doc[start:end].text)
        return _POSSESSIVE_END.sub("", text).strip()

    def existing(self, start: int, end: int) -> FoundOfficial | None:
        """The official already found whom the name at these tokens names."""
        name = self.name_text(start, end)
        return next((f for f in self.found if same_person(name, f.name)), None)

    def add(self, name_tokens: tuple[int, int], title: str, organisation: str | None, rule: str, kind: str) -> None:
        """One more mention of the person at ``name_tokens``: a new official, or the known one completed."""
        start, end = name_tokens
        name = self.name_text(start, end)
        words = name.split()
        if kind == "royal" and (len(words) == 1 or (len(words) == 2 and _REGNAL_NUMBER.match(words[1]))):
            name = f"{title} {name}"  # royals are known by title and given name: "Queen Margaret", "King Olaf V"
        existing = self.existing(start, end)
        if existing is not None:
            existing.mentions += 1
            if len(name.split()) > len(existing.name.split()):
                existing.name = name
            if existing.title is None:
                existing.title = title
            if existing.organisation is None and organisation:
                existing.organisation = organisation
            return
        evidence = self.view.mention(self.doc[start:end])
        self.found.append(
            FoundOfficial(name=name, title=title, organisation=organisation, rule=rule, start=evidence.start,
                          end=evidence.end, sentence=evidence.sentence, token_start=start, token_end=end,
                          title_kind=kind, titles_seen=[title])
        )

