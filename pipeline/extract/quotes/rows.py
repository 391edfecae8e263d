"""From attributed quotations to rows: each speaker resolved to a person, quotations without
an attribution of their own inheriting one, and the :class:`Quote` records."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pipeline.extract.quotes.persons import (
    DocumentPeople,
    Person,
    Sighting,
    fuller_name,
    link_official,
    paragraph_person,
    resolve_reference,
)
from pipeline.extract.quotes.segments import MIN_INHERITED_WORDS, Segment
from pipeline.extract.quotes.speakers import Speaker
from pipeline.extract.quotes.text import first_visible, sentence_start, word_count
from pipeline.records import Official, Quote

__all__ = ["MIN_UNATTRIBUTED_WORDS", "Attributed", "inherit_speakers", "quote_rows", "resolve_speakers"]

#: Quotations shorter than this (in words) count only when an attribution names a speaker:
#: shorter quoted text without one is a name, a title or a scare quote ("low detection risk").
MIN_UNATTRIBUTED_WORDS = 6
_ENDS_AS_SPEECH = re.compile(r"[.!?,]$")


class Attributed(NamedTuple):
    """Who said one quotation: the person (when known), the speaker the attribution names, and the rule."""

    person: Person | None
    speaker: Speaker | None
    rule: str | None


def resolve_speakers(
    segments: list[Segment], paragraphs: list[tuple[int, int]], people: DocumentPeople,
    history: list[Sighting], mentions: list[Sighting],
) -> list[Attributed]:
    """Each quotation's own attribution as a person: a named speaker registered, a pronoun or a
    bare title resolved against who spoke (or was named) last."""
    resolved: list[Attributed] = []
    for seg in segments:
        person, speaker, rule = None, seg.attribution, seg.rule
        if speaker is not None:
            if speaker.kind == "named":
                person = people.register(speaker, seg.attribution_at)
            elif speaker.kind == "pronoun":
                person = paragraph_person(paragraphs[seg.paragraph][0], seg.attribution_at, history, mentions) \
                    or resolve_reference(speaker, seg.attribution_at, history, mentions)
                rule = f"{rule}+{speaker.kind}"
                if person is None:
                    speaker = None
            elif speaker.kind == "reference":
                person = resolve_reference(speaker, seg.attribution_at, history, mentions)
                rule = f"{rule}+{speaker.kind}"  # an unresolved reference keeps its words as the speaker
        resolved.append(Attributed(person, speaker, rule))
    return resolved


def _opens_paragraph(text: str, seg: Segment, paragraphs: list[tuple[int, int]]) -> bool:
    return seg.open_mark == first_visible(text, paragraphs[seg.paragraph][0])


def inherit_speakers(
    text: str, segments: list[Segment], paragraphs: list[tuple[int, int]], resolved: list[Attributed]
) -> None:
    """Quotations without an attribution inherit one (in ``resolved``): the quotation they
    continue (or that continues them), the one before in the same paragraph, or the
    paragraph just before."""
    chains: dict[int, list[int]] = {}
    for index in range(len(segments)):
        root = index
        while segments[root].continued_from is not None:
            root = segments[root].continued_from
        chains.setdefault(root, []).append(index)
    for members in chains.values():
        owner = next((i for i in reversed(members) if resolved[i].speaker is not None), None)
        if owner is None:
            continue
        for i in members:
            if resolved[i].speaker is None:
                person, speaker, rule = resolved[owner]
                resolved[i] = Attributed(person, speaker, f"{rule}+continued")
    for index, seg in enumerate(segments):
        if resolved[index].speaker is not None or index == 0:
            continue
        prev = segments[index - 1]
        words = word_count(text[seg.start : seg.end])
        same_paragraph = prev.paragraph == seg.paragraph
        next_paragraph = prev.paragraph == seg.paragraph - 1 and _opens_paragraph(text, seg, paragraphs)
        if resolved[index - 1].speaker is not None and words >= MIN_INHERITED_WORDS and (same_paragraph or next_paragraph):
            person, speaker, rule = resolved[index - 1]
            base = (rule or "").split("+")[0]
            resolved[index] = Attributed(person, speaker, f"{base}+{'same_paragraph' if same_paragraph else 'previous_paragraph'}")


def _is_speech(text: str, seg: Segment, paragraph_start: int) -> bool:
    """Whether a quotation nobody is said to have said is speech, not a name, a title or cited text."""
    if word_count(text[seg.start : seg.end]) < MIN_UNATTRIBUTED_WORDS or not seg.marked:
        return False
    if not _ENDS_AS_SPEECH.search(text[seg.start : seg.end + 1].rstrip("”\" ")):
        return False  # an unattributed title or phrase in quotation marks, not speech
    # Quoted words inside a sentence ("directed the Task Force to study “whether …”") cite a text.
    return text[paragraph_start : seg.open_mark].rstrip()[-1:] in {"", ".", ":", ",", "!", "?"}


class _SpeakerFields(NamedTuple):
    name: str | None = None
    title: str | None = None
    organisation: str | None = None
    official_id: int | None = None


def _speaker_fields(text: str, seg: Segment, said: Attributed, officials: Sequence[Official]) -> _SpeakerFields:
    # A speaker's title and organisation are the officials reader's (it decides who holds a
    # position and where); the words next to a quotation ("Dr.", "Rep.", a town, "games at
    # Google") are not read a second time here.
    if said.person is None and said.speaker is None:
        return _SpeakerFields()
    name = said.person.name if said.person is not None else said.speaker.name  # type: ignore[union-attr]
    if name and " " not in name:
        name = fuller_name(text, name, seg.start) or name
    official = link_official(name, officials) if name else None
    if official is None:
        return _SpeakerFields(name)
    if len(official.name.split()) > len(name.split()):  # type: ignore[union-attr]
        name = official.name  # the fullest form the document gives
    return _SpeakerFields(name, official.title, official.organisation, official.official_id)


def quote_rows(
    text: str, segments: list[Segment], paragraphs: list[tuple[int, int]], resolved: list[Attributed],
    officials: Sequence[Official],
) -> list[Quote]:
    """One :class:`Quote` per quotation paragraph that has a speaker or reads as speech, in text order."""
    quotes: list[Quote] = []
    row_of_segment: dict[int, int] = {}
    for index, seg in enumerate(segments):
        said = resolved[index]
        paragraph_start = paragraphs[seg.paragraph][0]
        if said.speaker is None and not _is_speech(text, seg, paragraph_start):
            continue
        fields = _speaker_fields(text, seg, said, officials)
        rule = said.rule
        if not seg.marked:
            rule = rule if rule and rule.startswith("unmarked") else f"unmarked_{rule or 'quote'}"
        ev_start = seg.evidence_start if seg.evidence_start >= 0 else sentence_start(text, seg.open_mark, paragraph_start)
        ev_end = max(seg.evidence_end, seg.end + 1 if seg.close_mark is not None else seg.end)
        continued = None
        if seg.continued_from is not None and seg.continued_from in row_of_segment:
            continued = row_of_segment[seg.continued_from]
        row_of_segment[index] = len(quotes)
        quotes.append(
            Quote(
                quote=text[seg.start : seg.end],
                speaker=fields.name,
                speaker_title=fields.title,
                speaker_organisation=fields.organisation,
                official_id=fields.official_id,
                rule=rule or "unattributed",
                start=seg.start,
                end=seg.end,
                sentence=text[ev_start:ev_end].strip(),
                quote_id=len(quotes),
                continued_from=continued,
            )
        )
    return quotes
