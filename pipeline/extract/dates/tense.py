"""The tense of the clause around a date, and which way a yearless date leans from it.

A yearless date or a bare weekday is resolved against the publication date: backwards when
its clause tells of the past ("met on Friday"), forwards when it tells of what is coming or
scheduled ("will meet on Friday", "the tour opens May 2"). The tense is read from the
tagger's tags (no parse needed); without tags the sentence's future words decide.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache

from spacy.attrs import IDX, TAG

from pipeline.extract.quotes import speech_verbs
from pipeline.extract.view import DocView

__all__ = ["FUTURE", "PAST", "PRESENT", "ClauseTense", "SentenceStartOf", "TenseOf", "lean"]

#: The tense (past, present, future or None) of the clause around ``text[start:end]``.
TenseOf = Callable[[int, int], str | None]
#: The start of the sentence holding a character offset.
SentenceStartOf = Callable[[int], int]

_FUTURE_CUE = re.compile(r"\b(?:will|scheduled|set\s+for|is\s+set|are\s+set|expected|upcoming|slated|due\s+to|next"
                         r"|expires|begins|starts|takes\s+effect|comes\s+into\s+force|ends)\b",
                         re.IGNORECASE)
_PAST_PREPOSITION = re.compile(r"\b(?:since|until\s+last|as\s+of|back\s+in)[\s-]+(?:(?:early|late|mid)[\s-]+)?$", re.IGNORECASE)
_COME_BEFORE = re.compile(r"\b[Cc]ome\s+$")  # "Come November 19, buyers will ...": a date still to come

_POSSESSIVE_AFTER = re.compile(r"(?:\s+(?:night|morning|afternoon|evening))?'s?\b", re.IGNORECASE)

PAST, PRESENT, FUTURE = "past", "present", "future"

_FUTURE_MODALS = frozenset({"will", "'ll", "shall", "wo", "ll"})
_HAVE = frozenset({"has", "have", "had", "'ve", "having"})  # not "'s": "it's expected Monday" is "it is"
_BE_GOING = frozenset({"going", "set", "due", "scheduled", "expected", "slated", "poised", "about"})
_VERB_TAGS = frozenset({"MD", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
_GROUP_TAGS = _VERB_TAGS | {"RB", "RBR", "RBS", "TO"}  # "will not", "has already", "is set to"
_INFINITIVE, _PARTICIPLE = "infinitive", "participle"
_PARTICIPLE_GAP = frozenset({"IN", "DT", "RB", "NNP", "NNPS", "CD"})  # "announced by MOTIE in March"
_SUBORDINATE_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
_SUBORDINATORS = frozenset({"that", "if", "whether", "because", "although", "though", "while", "unless"})
# Present verbs that state a relation rather than report or schedule an event: a date after them
# belongs to a noun ("follows the announcement on Jan. 17"). Reporting verbs come from speech_verbs.tsv.
_STATIVE_PRESENT = frozenset({"follow", "follows", "include", "includes", "mark", "marks", "remain", "remains", "mean",
                              "means", "seem", "seems", "show", "shows", "reflect", "reflects", "represent",
                              "represents", "contain", "contains", "know", "knows", "come", "comes", "involve", "appear", "appears",
                              "involves", "concern", "concerns"})
_CLAUSE_BREAKS = frozenset({";", ":", "\n", "(", ")"})
_TOKEN_WINDOW = 20  # tokens looked at on each side of a date for the verb of its clause


class ClauseTense:
    """The tense of the clause around a date, read from the tagger (no parse needed).

    The verb group nearest before the date in its clause decides, else the first one after
    it: a future modal ("will meet on Friday"), "is going/set/due to", or "to" + verb under
    a present verb ("plans to meet") is future; a past tense or a perfect ("has met") is
    past; a present verb ("the tour kicks off June 9") is present, which news uses for what
    is scheduled. The first line (the title) writes the past in the present ("Trump visits
    Walter Reed Saturday"), so there a present reads as past.
    """

    __slots__ = ("idx", "lowers", "tags", "title_end", "sentences")

    def __init__(self, view: DocView) -> None:
        doc = view.doc
        strings = doc.vocab.strings
        rows = doc.to_array([TAG, IDX]).tolist() if len(doc) else []
        names: dict[int, str] = {}  # a few dozen tags: look each up once
        self.tags = [names.get(tag) or names.setdefault(tag, strings[tag]) for tag, _ in rows]
        self.lowers = view.token_strings.lowers  # shared with the other extractors
        self.idx = [idx for _, idx in rows]
        self.title_end = max(0, view.text.find("\n"))  # a text of one line has no title apart from its body
        self.sentences = view.sentences

    def __call__(self, start: int, end: int) -> str | None:
        first = bisect.bisect_left(self.idx, start)
        last = bisect.bisect_left(self.idx, end)
        sentence_start, sentence_end = self.sentences.bounds_of(start)
        low, high = bisect.bisect_left(self.idx, sentence_start), bisect.bisect_left(self.idx, sentence_end)
        left = right = None  # (distance in tokens, tense) of the nearest verb group on each side
        infinitive = False
        for i in range(first - 1, max(low, first - _TOKEN_WINDOW) - 1, -1):
            if self.lowers[i] in _CLAUSE_BREAKS or "\n" in self.lowers[i]:
                break
            if self.tags[i] in _VERB_TAGS:
                found = self._group(i, low)
                if found == _INFINITIVE:
                    infinitive = True  # "conspiracy to commit fraud on Jan. 24": the clause's verb is further left
                elif found == _PARTICIPLE:
                    if all(tag in _PARTICIPLE_GAP for tag in self.tags[i + 1 : first]) and first - i <= 5:
                        left = (first - i, PAST)  # a participle right after its noun: "tariffs imposed on Sept. 1"
                        break
                elif found is not None:
                    left = (first - i, found)
                    break
        for i in range(last, min(high, last + _TOKEN_WINDOW)):
            if self.lowers[i] in _CLAUSE_BREAKS or "\n" in self.lowers[i] or self.tags[i] in _SUBORDINATE_TAGS \
                    or self.lowers[i] in _SUBORDINATORS or (left is not None and self.lowers[i] in (",", "and", "but")):
                break  # a verb after a comma or in a clause of its own is not the date's when one comes before it
            if self.tags[i] in _VERB_TAGS and (found := self._group(i, low, forward=True)) not in (None, _INFINITIVE):
                right = (i - last + 1, found)
                break
        # The nearer verb governs: "said Tuesday that it will close" (left), "It is for that reason that
        # NASA on Monday enlisted" (right).
        if left is not None and (right is None or left[0] <= right[0]):
            tense = left[1]
        elif right is not None:
            tense = right[1]
        else:  # a headline's "Apple to hold an event Dec. 2"; in the body "to" + verb has a verb further out
            tense = FUTURE if infinitive and start < self.title_end else None
        if tense == PRESENT and last < len(self.tags) and self.tags[last] in ("NN", "NNS"):
            return None  # "Trump's July 25 call", "the Dec. 12 election": the date is the noun's, not the clause's
        if tense == PRESENT and start < self.title_end:
            return PAST
        return tense

    def _group(self, i: int, low: int, forward: bool = False) -> str | None:
        """The tense of the verb group that ends (or, ``forward``, starts) at token ``i``.

        None for a participle alone, a stative or reporting present ("the charges follow the
        announcement on Jan. 17"), whose date belongs to something else; ``_INFINITIVE`` for
        "to" + verb without a finite verb in the group; ``_PARTICIPLE`` for a past participle alone.
        """
        end = i
        if forward:  # walk to the group's last word so its first is found below
            while end + 1 < len(self.tags) and self.tags[end + 1] in _GROUP_TAGS:
                end += 1
        begin = end
        while begin - 1 >= low and self.tags[begin - 1] in _GROUP_TAGS:
            begin -= 1
        words, tags = self.lowers[begin : end + 1], self.tags[begin : end + 1]
        finite = next((k for k, tag in enumerate(tags) if tag in ("MD", "VBD", "VBZ", "VBP")), None)
        if finite is None:
            if tags[0] == "TO" or (begin - 1 >= low and self.tags[begin - 1] == "TO"):
                return _INFINITIVE
            if tags[-1] == "VBN" and not forward:
                return _PARTICIPLE
            return None  # a gerund or bare infinitive alone: the clause's verb is further out
        word, tag = words[finite], tags[finite]
        rest = [w for w, t in zip(words[finite + 1 :], tags[finite + 1 :]) if t not in ("RB", "RBR", "RBS")]
        if tag == "MD":
            if word in _FUTURE_MODALS or "have" not in rest:
                return FUTURE  # "will meet", "could come as soon as Monday"
            return PAST  # "would have met"
        if (rest and rest[0] in _BE_GOING and "to" in rest[1:3]) or (rest[:1] == ["to"] and tag != "VBD"):
            return FUTURE if tag != "VBD" else PAST  # "is going to", "is set to", "plans to"
        if tag == "VBD":
            return PAST
        if word in _HAVE and any(t == "VBN" for t in tags[finite + 1 :]):
            return PAST  # "has met", "have been"
        if any(t == "TO" for t in tags[finite + 1 :]):
            return FUTURE  # "wants to meet on Friday"
        if len(words) == 1 and (word in _STATIVE_PRESENT or word in _reporting_verbs()):
            return None
        return PRESENT


@lru_cache(maxsize=1)
def _reporting_verbs() -> frozenset[str]:
    return speech_verbs()


def _prefer(text: str, start: int, sentence_start: int) -> str:
    """``future`` when the clause before a yearless date talks about what is still to come."""
    return "future" if _FUTURE_CUE.search(text[sentence_start:start]) else "past"


def lean(text: str, start: int, end: int, sentence_start_of: SentenceStartOf,
         tense_of: TenseOf | None) -> tuple[str, int]:
    """(prefer, soon_days) for a yearless date or bare weekday at ``text[start:end]``.

    "since February" is past whatever the verb; a past clause is past unless it says the
    thing is scheduled ("was scheduled for Monday"); a present or future clause looks
    forward. Without a tense, the sentence's future words decide and a day within a month
    after publication still reads as coming (:func:`resolve_month_day`).
    """
    if _PAST_PREPOSITION.search(text, max(0, start - 20), start):
        return PAST, 0
    if _COME_BEFORE.search(text, max(0, start - 8), start):
        return FUTURE, 0
    cue = _prefer(text, start, sentence_start_of(start))
    tense = tense_of(start, end) if tense_of is not None else None
    if tense is None:
        return cue, 31
    if tense == PAST:
        return cue, 0
    if _POSSESSIVE_AFTER.match(text, end):
        return cue, 31  # "Saturday night's captures are": the present is the noun's, not the day's
    return FUTURE, 0

