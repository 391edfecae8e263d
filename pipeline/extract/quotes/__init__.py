"""Direct quotations and who said them.

A quotation is found two ways:

* **marked** — text between double quotation marks, curly (“…”) or straight ("…"). A
  quotation left open at the end of a paragraph continues into the next paragraph when that
  one opens with a quotation mark (the typographic convention for long quotes); each
  paragraph becomes its own row, the later ones pointing back with ``continued_from``.
* **unmarked** — press releases whose curly quotes were lost (the DOJ scrape deleted every
  non-ASCII character) still carry the attribution: ``…, said Attorney General Jeff
  Sessions. …`` or ``U.S. Attorney Joon H. Kim said: …``. Only used in documents without a
  single curly quotation mark, only for paragraphs without straight ones, and only when the
  speaker is a person.

Then the attribution next to the quotation names the speaker: ``“…,” said Commissioner
General Min Gab-Ryong``, ``“…,” Stock said``, ``X said: “…”``, ``According to X, “…”``,
``“…” — Name, Title``. A title standing for a person already named (``added the INTERPOL
Chief``) and a pronoun (``he added``) resolve to the latest person who spoke or was named
as speaking, preferring one whose organisation the title names. A quotation with no
attribution of its own takes the speaker of the quotation before it in the same paragraph,
of the quotation it continues, or of the paragraph just before.

The speaker is split into name, title and organisation from the attribution itself, and
linked to the ``officials`` row with the same person (``official_id``).

The phases, one module each: :mod:`.text` (paragraphs and sentences), :mod:`.speakers`
(reading a speaker from an attribution), :mod:`.segments` (quotations and their own
attributions), :mod:`.persons` (the people a document names, pronouns and references) and
:mod:`.rows` (resolution, inheritance, records); :mod:`.words` holds the words they are made of.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.quotes.persons import DocumentPeople, Sighting
from pipeline.extract.quotes.rows import inherit_speakers, quote_rows, resolve_speakers
from pipeline.extract.quotes.segments import ACCORDING_TO, ATTRIBUTION_CUE, AttributionFinder, Segment, marked_segments
from pipeline.extract.quotes.speakers import SpeakerReader, person_spans
from pipeline.extract.quotes.text import paragraphs as paragraphs_of
from pipeline.extract.quotes.words import speaker_words, speech_verbs
from pipeline.extract.view import DocView
from pipeline.records import Official, Quote

__all__ = ["extract_quotes", "speaker_words", "speech_verbs"]


def extract_quotes(view: DocView, *, officials: Sequence[Official]) -> list[Quote]:
    """Every direct quotation in the body and its speaker.

    Args:
        view: the document's view (its PERSON entities help find names); ``view.article`` is
            the cleaned article, and offsets point into ``view.article.text``.
        officials: this document's officials rows, to link speakers (``official_id``).

    Returns:
        One :class:`Quote` per quotation paragraph, in text order.
    """
    article = view.article
    assert article is not None, "extract_quotes reads the article of the view"
    text = article.text[: len(view.text)] if len(view.text) < len(article.text) else article.text
    paragraphs = paragraphs_of(text, article.body_start)
    if not paragraphs:
        return []
    persons = person_spans(view.entities)
    people = DocumentPeople(text, officials, persons)
    finder = AttributionFinder(text, SpeakerReader(persons, people.by_name), according_to=_according_to(view))
    segments = _segments(text, paragraphs, finder)
    _attribute(text, segments, paragraphs, finder)
    history, mentions = _sightings(segments, people, article.body_start)
    resolved = resolve_speakers(segments, paragraphs, people, history, mentions)
    inherit_speakers(text, segments, paragraphs, resolved)
    return quote_rows(text, segments, paragraphs, resolved, officials)


def _according_to(view: DocView) -> list[int]:
    """Where the rule layer's "according to" cues start, in characters."""
    return sorted(
        view.doc[span.start].idx for span in view.rule_spans if span.label == ATTRIBUTION_CUE and span.id == ACCORDING_TO
    )


def _segments(text: str, paragraphs: list[tuple[int, int]], finder: AttributionFinder) -> list[Segment]:
    """The marked quotations (cut where an attribution inside ends them) and, in a text
    without curly marks, the unmarked ones, in text order."""
    segments: list[Segment] = []
    new_index: dict[int, int | None] = {}
    for old, seg in enumerate(marked_segments(text, paragraphs)):
        # A quotation left open whose attribution follows inside it lost its closing mark
        # ("“Illegal trade … laws, said Acting Assistant Attorney General Wood. …"): it ends
        # there and does not run on into the next paragraph.
        inner = []
        if seg.close_mark is None or seg.lost_opening:
            inner = finder.inside(seg.paragraph, seg.start, seg.close_mark or paragraphs[seg.paragraph][1], marked=True)
        if seg.continued_from is not None:
            seg.continued_from = new_index.get(seg.continued_from)
        new_index[old] = None if inner else len(segments)
        segments.extend(inner or [seg])
    if "“" not in text and "”" not in text:
        quoted = {seg.paragraph for seg in segments}
        segments.extend(finder.unmarked_segments(paragraphs, skip=quoted))
        segments.sort(key=lambda s: s.start)
    return segments


def _attribute(text: str, segments: list[Segment], paragraphs: list[tuple[int, int]], finder: AttributionFinder) -> None:
    """Each quotation's attribution of its own, in text order: after it, else before it."""
    for index, seg in enumerate(segments):
        if seg.attribution is not None:
            continue
        p_start, p_end = paragraphs[seg.paragraph]
        following = [s.open_mark for s in segments[index + 1 :] if s.paragraph == seg.paragraph]
        limit = following[0] if following else p_end
        previous = [s.close_mark for s in segments[:index] if s.paragraph == seg.paragraph and s.close_mark is not None]
        floor_before = previous[-1] + 1 if previous else p_start
        if seg.marked and not finder.after(seg, limit):
            finder.before(seg, floor_before)


def _sightings(segments: list[Segment], people: DocumentPeople, floor: int) -> tuple[list[Sighting], list[Sighting]]:
    """Named speakers registered, then (history, mentions): where known people speak — their
    attributions included — and where they are named, in text order."""
    for seg in segments:
        if seg.attribution is not None and seg.attribution.kind == "named":
            people.register(seg.attribution, seg.attribution_at)
    history = people.speech_events(floor)
    people.describe()
    mentions = people.mentions()
    for seg in segments:
        if seg.attribution is not None and seg.attribution.kind == "named":
            history.append((seg.attribution_at, people.register(seg.attribution, seg.attribution_at)))
    history.sort(key=lambda event: event[0])
    return history, mentions
