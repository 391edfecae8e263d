"""Quotations and their own attributions: the marked ones (between quotation marks, one
segment per paragraph), the unmarked ones (marks lost, found by their attribution), and the
attribution next to each (“…,” said X / X said: “…” / According to X, “…”)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.quotes.speakers import Speaker, SpeakerReader
from pipeline.extract.quotes.text import OPENING_MARKS, first_visible, sentence_end, sentence_start, strip_span, word_count
from pipeline.extract.quotes.words import reporting_verbs, speaker_words, speech_verbs
from pipeline.lexicon import time_words

__all__ = [
    "ACCORDING_TO",
    "ATTRIBUTION_CUE",
    "MIN_INHERITED_WORDS",
    "MIN_UNMARKED_WORDS",
    "AttributionFinder",
    "Segment",
    "marked_segments",
]

#: A quotation that only inherits its speaker (same paragraph, previous paragraph) needs this many words.
MIN_INHERITED_WORDS = 4
#: Unmarked quotations (lost quotation marks) need at least this many words before the attribution.
MIN_UNMARKED_WORDS = 6

_MARK = re.compile(r"[“”„‟«»\"]")
_DASHES = "—–"
#: Weekday names as written in running text ("Monday"), from the one list in models/time_words.tsv.
_WEEKDAYS = "|".join(name.capitalize() for name in time_words("en").weekdays)
#: Where a speaker phrase after the verb ends: "said X in a statement", "said X, who …".
_PHRASE_CUT = re.compile(
    r",\s*(?:who|which|that|adding|noting|as|when|while|after|before|in|at|during|speaking|referring)\b"
    r"|\s+(?:in|at|on|during|after|before|while|when|as|to|today|yesterday|this|last|upon|about|from|with)\s+(?=[a-z0-9])"
    rf"|\s+(?:today|yesterday|{_WEEKDAYS})\b"
    r"|\s*[;(]"
)
#: Words that open a new clause after a quotation, so what follows is not its attribution.
_CLAUSE_OPENERS = frozenset("and but or while as when because which who whom whose that so if although though".split())
_CAPITAL = re.compile(r"[A-Z]")
#: The rule layer's spans (models/patterns/quotes.jsonl) where "according to" may open an attribution.
ATTRIBUTION_CUE = "ATTRIBUTION_CUE"
ACCORDING_TO = "according_to"
#: According to X, “…”: tried only where the rule layer found its cue.
_ACCORDING_TO = re.compile(r"\b[Aa]ccording\s+to\s+(?P<according>[^,“”\"]+?)\s*[:,]\s*$")


@dataclass(frozen=True, slots=True)
class _Patterns:
    verb_first: re.Pattern[str]
    speaker_first: re.Pattern[str]
    before: re.Pattern[str]
    verb_anywhere: re.Pattern[str]
    unmarked_after: re.Pattern[str]
    unmarked_before: re.Pattern[str]
    #: A quotation cannot open with reported speech ("Smith said the company …").
    reported_speech: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    # Built from the verb list (data), once per process.
    verbs = "|".join(sorted(speech_verbs(), key=len, reverse=True))
    strong = "|".join(sorted(speech_verbs(unmarked=True), key=len, reverse=True))
    return _Patterns(
        # “…,” said X   /  “…” — X
        verb_first=re.compile(rf"[\s,;:]*(?:(?P<verb>{verbs})\b|(?P<dash>[{_DASHES}]|--))\s*(?=\S)"),
        # “…,” X said
        # (“…,” X has written: the auxiliary is not part of the speaker)
        speaker_first=re.compile(
            rf"[\s,;:]*(?P<speaker>[^\s“”\"!?;][^“”\"!?;]{{0,160}}?)\s+(?:(?:has|have|had)\s+)?(?P<verb>{verbs})\b"
        ),
        # X said: “   /  X said in a statement, “   (According to X, “ is _ACCORDING_TO)
        before=re.compile(
            rf"(?P<speaker>\S[^“”\"]*?)\s+(?P<verb>{verbs})\b(?P<tail>(?:\s+[^\s:,“”\"]+){{0,6}})\s*[:,]\s*$"
        ),
        verb_anywhere=re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE),
        # …, said X.   /   …, X said.
        unmarked_after=re.compile(
            rf",\s+(?:(?P<verb>{strong})\s+(?P<after>[A-Za-z][^!?;]*?)|(?P<before>[A-Za-z][^,!?;]{{0,100}}?)\s+(?P<verb2>{strong})"
            rf"(?:\s+(?:in|at|on|during|to|today|yesterday|{_WEEKDAYS})\b[^,.!?;]{{0,40}})?)"
            rf"\s*[.!?]$"
        ),
        # X said: …
        unmarked_before=re.compile(
            rf"(?P<speaker>[A-Z][^:;!?]{{2,150}}?)\s+(?P<verb>{strong})(?P<tail>(?:\s+[^\s:,]+){{0,4}})"
            rf"(?::\s+(?=[A-Z])|,\s+(?!(?:that|however|in part|adding|noting|referring|according|among|when|after)\b))"
        ),
        reported_speech=re.compile(rf"\b(?:{'|'.join(sorted(reporting_verbs()))})\b"),
    )


@dataclass(slots=True)
class Segment:
    """One paragraph's piece of a quotation: its words and what attributes it."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    paragraph: int
    marked: bool = True
    lost_opening: bool = False
    continued_from: int | None = None  # index of the segment this one continues
    attribution: Speaker | None = None
    attribution_at: int = -1
    rule: str | None = None
    evidence_start: int = -1
    evidence_end: int = -1


def _closes(text: str, pos: int, p_end: int) -> bool:
    """Whether a straight quotation mark at ``pos`` can only close: it follows a word or
    punctuation and is followed by a space or the paragraph end."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < p_end else " "
    return not before.isspace() and (after.isspace() or after in ",.;:")


def marked_segments(text: str, paragraphs: list[tuple[int, int]]) -> list[Segment]:
    """The quotations between quotation marks, one segment per paragraph; a quotation left
    open at a paragraph's end runs on into the next one when that opens with a mark."""
    segments: list[Segment] = []
    open_left: int | None = None  # segment index left open at the end of the previous paragraph
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        first = True
        for m in _MARK.finditer(text, p_start, p_end):
            mark, pos = m.group(), m.start()
            opening = mark in OPENING_MARKS or (mark == '"' and open_at is None and not _closes(text, pos, p_end))
            if opening:
                open_at = pos  # an unbalanced opening mark before it: the newer one wins
                continue
            lost_opening = False
            if open_at is None:
                if not first:
                    continue
                # A closing mark with no opening one: the quotation began at the paragraph start
                # and lost its opening mark (the DOJ scrape kept only some straight quotes).
                open_at, lost_opening = p_start - 1, True
            start, end = strip_span(text, open_at + 1, pos)
            if end > start:
                seg = Segment(start=start, end=end, open_mark=max(open_at, p_start), close_mark=pos, paragraph=p_index,
                              lost_opening=lost_opening)
                if first and open_left is not None and open_at == first_visible(text, p_start):
                    seg.continued_from = open_left
                segments.append(seg)
                first = False
            open_at = None
        new_open_left = None
        if open_at is not None:
            start, end = strip_span(text, open_at + 1, p_end)
            if end > start:
                seg = Segment(start=start, end=end, open_mark=open_at, close_mark=None, paragraph=p_index)
                if first and open_left is not None and open_at == first_visible(text, p_start):
                    seg.continued_from = open_left
                segments.append(seg)
                new_open_left = len(segments) - 1
        open_left = new_open_left
    return segments


def _speaks_as_body(speaker: Speaker) -> bool:
    """A group named by a role ("prosecutors", "the prosecutors") speaking as a body."""
    words = speaker.phrase.lower().split()
    return speaker.kind == "group" and 0 < len(words) <= 2 and speaker_words().get(words[-1]) == "group"


class AttributionFinder:
    """Finds the attributions of one document's quotations, and the quotations that lost
    their marks, in its text.

    Args:
        text: the article text.
        speakers: reads the speaker an attribution names.
        according_to: where the rule layer's "according to" cues start (characters, in text order).
    """

    def __init__(self, text: str, speakers: SpeakerReader, according_to: Sequence[int] = ()) -> None:
        self.text = text
        self.speakers = speakers
        self.according_to = according_to

    def after(self, seg: Segment, limit: int) -> bool:
        """“…,” said X  /  “…,” X said  /  “…” — X, Title: set ``seg``'s attribution when one follows it."""
        if seg.close_mark is None:
            return False
        text = self.text
        # “… .” closes a sentence: what follows starts a new one, not an attribution (except a dash).
        closes_sentence = text[seg.end - 1] == "." and text[seg.end : seg.close_mark].strip() == ""
        at = seg.close_mark + 1
        end = sentence_end(text, at, limit)
        m = _patterns().verb_first.match(text, at, end)
        if closes_sentence and not (m and m.group("dash")):
            return False
        if m and self._verb_first(seg, m, end):
            return True
        return self._speaker_first(seg, at, end)

    def _verb_first(self, seg: Segment, m: re.Match[str], sentence_end_at: int) -> bool:
        text = self.text
        phrase_start = m.end()
        phrase_end = sentence_end_at
        cut = _PHRASE_CUT.search(text, phrase_start, phrase_end)
        if cut:
            phrase_end = cut.start()
        phrase_end = len(text[:phrase_end].rstrip(" .,!?"))
        if phrase_end > phrase_start and text[phrase_start] not in "“\"":
            speaker = self.speakers.read(text[phrase_start:phrase_end], phrase_start)
            if (speaker is not None and speaker.kind != "group") or (speaker is not None and not m.group("dash")):
                seg.attribution, seg.attribution_at = speaker, phrase_start
                seg.rule = "dash" if m.group("dash") else "said_speaker"
                seg.evidence_end = sentence_end_at
                return True
        return False

    def _speaker_first(self, seg: Segment, at: int, sentence_end_at: int) -> bool:
        pat = _patterns()
        m = pat.speaker_first.match(self.text, at, sentence_end_at)
        if not m:
            return False
        phrase = m.group("speaker")
        words = phrase.split()
        if (
            len(words) <= 14
            and not pat.verb_anywhere.search(phrase)
            and phrase.strip()[:1] not in "“\""
            # ", and Zazi said no": a new clause, not the attribution of the quotation
            and words[0].lower() not in _CLAUSE_OPENERS
        ):
            speaker = self.speakers.read(phrase, m.start("speaker"))
            if speaker is not None:
                seg.attribution, seg.attribution_at = speaker, m.start("speaker")
                seg.rule = "speaker_said"
                seg.evidence_end = sentence_end_at
                return True
        return False

    def before(self, seg: Segment, floor: int) -> bool:
        """X said: “…”  /  X said, “…”  /  According to X, “…”: set ``seg``'s attribution when one opens it."""
        start = sentence_start(self.text, seg.open_mark, floor)
        m = _patterns().before.search(self.text, start, seg.open_mark)
        # The one that starts first wins (the speaker form where both start at one place).
        according = self._according_to(start, m.start() if m else seg.open_mark, seg.open_mark)
        if according:
            phrase, at, rule = according.group("according"), according.start("according"), "according_to"
        elif m:
            phrase, at, rule = m.group("speaker"), m.start("speaker"), "speaker_said_before"
            if len(phrase.split()) > 20:
                return False
        else:
            return False
        speaker = self.speakers.read(phrase, at, subject=rule != "according_to")
        if speaker is None or (speaker.kind == "group" and rule == "according_to"):
            return False
        seg.attribution, seg.attribution_at, seg.rule = speaker, at, rule
        seg.evidence_start = start
        return True

    def _according_to(self, start: int, before: int, end: int) -> re.Match[str] | None:
        """The first "According to X," starting in ``[start, before)`` that runs on to ``end``."""
        for at in self.according_to[bisect.bisect_left(self.according_to, start) :]:
            if at >= before:
                break
            m = _ACCORDING_TO.match(self.text, at, end)
            if m:
                return m
        return None

    def inside(self, p_index: int, q_start: int, p_end: int, *, marked: bool) -> list[Segment]:
        """A quotation running from ``q_start`` whose closing mark is missing, ended by its
        attribution in one of the next three sentences ("…, said Title Name. More words.").

        Returns the quotation and, when the paragraph goes on after the attribution, the rest
        of the paragraph as a second quotation by the same speaker; or nothing.
        """
        text = self.text
        cursor = q_start
        for _ in range(3):
            end = sentence_end(text, cursor, p_end)
            m = _patterns().unmarked_after.search(text[cursor:end])
            if m:
                break
            if end >= p_end:
                return []
            cursor = end
        else:
            return []
        start, stop = strip_span(text, q_start, cursor + m.start())
        if m.group("verb"):
            phrase, phrase_at = m.group("after"), cursor + m.start("after")
            cut = _PHRASE_CUT.search(text, phrase_at, phrase_at + len(phrase))
            if cut:
                phrase = text[phrase_at : cut.start()]
        else:
            phrase, phrase_at = m.group("before"), cursor + m.start("before")
        speaker = self.speakers.read(phrase, phrase_at)
        if (
            speaker is None
            or (speaker.kind not in {"named", "pronoun", "reference"} and not _speaks_as_body(speaker))
            or word_count(text[start:stop]) < MIN_UNMARKED_WORDS
            # "Smith said the company …, prosecutors said": reported speech, not a quotation
            or _patterns().reported_speech.search(text, start, min(stop, start + 60))
        ):
            return []
        rule = "said_speaker_unclosed" if marked else "unmarked_said_speaker"
        found = [
            Segment(start=start, end=stop, open_mark=q_start - 1 if marked else start, close_mark=None,
                    paragraph=p_index, marked=marked, attribution=speaker, attribution_at=phrase_at,
                    rule=rule, evidence_start=q_start, evidence_end=end)
        ]
        r_start, r_end = strip_span(text, end, p_end)
        if word_count(text[r_start:r_end]) >= MIN_INHERITED_WORDS:
            found.append(Segment(start=r_start, end=r_end, open_mark=r_start, close_mark=None, paragraph=p_index,
                                 marked=marked, evidence_start=r_start, evidence_end=p_end))
        return found

    def unmarked_segments(self, paragraphs: list[tuple[int, int]], *, skip: set[int]) -> list[Segment]:
        """Quotations whose marks were lost: "…, said Title Name." and "Name said: …" (paragraphs
        in ``skip`` already hold marked quotations)."""
        text = self.text
        segments: list[Segment] = []
        for p_index, (p_start, p_end) in enumerate(paragraphs):
            if p_index in skip:
                continue
            found = self._speaker_said_before(p_index, p_start, p_end)
            if found is not None:
                segments.append(found)
                continue
            inside = self.inside(p_index, p_start, p_end, marked=False)
            if inside:
                segments.extend(inside)
                continue
            # Later in the paragraph, a sentence of its own: "Topaz responded, Im saving my money for it."
            cursor = sentence_end(text, p_start, p_end)
            while cursor < p_end:
                start = first_visible(text, cursor)
                end = sentence_end(text, start, p_end)
                found = self._speaker_said_before(p_index, start, end)
                if found is not None and (text[found.start].isupper() or text[found.start] == "["):
                    segments.append(found)
                cursor = end
        return segments

    def _speaker_said_before(self, p_index: int, p_start: int, p_end: int) -> Segment | None:
        """"Name said: …" opening the text from ``p_start``: the quotation after it."""
        text = self.text
        m = _patterns().unmarked_before.match(text, p_start, p_end)
        if not m:
            return None
        phrase = m.group("speaker")
        if len(phrase.split()) > 16 or sentence_end(text, p_start, m.start("verb")) < m.start("verb"):
            return None  # the speaker must open the paragraph's first sentence
        speaker = self.speakers.read(phrase, m.start("speaker"), subject=True)
        if speaker is None or speaker.kind not in {"named", "reference"}:
            return None
        if _patterns().verb_anywhere.search(phrase):
            return None
        if text[m.end() - 1] != ":" and (speaker.kind != "named" or _CAPITAL.search(m.group("tail"))):
            # "X said, …" without a colon needs a named speaker right before the verb ("…, said Steven
            # Miller, IRS Deputy Commissioner" is the other form).
            return None
        q_start, q_end = strip_span(text, m.end(), p_end)
        if word_count(text[q_start:q_end]) < MIN_UNMARKED_WORDS:
            return None
        return Segment(start=q_start, end=q_end, open_mark=q_start, close_mark=None, paragraph=p_index, marked=False,
                       attribution=speaker, attribution_at=m.start("speaker"), rule="unmarked_speaker_said_before",
                       evidence_start=p_start, evidence_end=p_end)
