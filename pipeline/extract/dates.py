"""Dates: points in time in the text, at the granularity the text gives, and periods.

Candidates come from patterns over the text ("April 10, 2018", "Sept. 21", "April 2018",
"2015", "2010-2014", "yesterday", "last night", "last Thursday", "last month", "in March")
plus spaCy ``DATE`` entities the patterns miss; :mod:`pipeline.normalize.dates` turns each
into an ISO date. Relative and yearless expressions are resolved against
``article.published`` (skipped when it is unknown) by the tense of their clause, read from
the tagger (:class:`ClauseTense`): "met on Friday" is the Friday before, "will meet on
Friday" and "the tour opens May 2" (news' present is what is scheduled) look forward, a
weekday naming the publication day is that day. A list of yearless days takes the year of
its heading or of its first day's earlier mention; a yearless month in a story told in the
past goes on from the dated month before it. Weeks, quarters, seasons, decades and
centuries are rows too, with TimeML's value forms ("2013-W11", "2013-Q1", "2012-SU", "199",
"19"). A four-digit number is a year only when nothing around it says otherwise: not money
("$2015"), statutes and case numbers ("Section 1956", "No. 2015-cr-12"), phone numbers,
decades ("the 1990s"), counts ("2000 documents"), model numbers ("RTX 2060"), sizes,
out-of-order number runs ("1979, 1928, 1965") or copyright lines. Byline and page stamps
("Updated: March 9, 2021 10:02 a.m.") are chrome, and "today" meaning nowadays ("as it is
today") names no day.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from collections.abc import Callable, Iterator

from spacy.attrs import IDX, TAG
from spacy.tokens import Doc

from pipeline.extract.durations import find_durations, plain_punctuation
from pipeline.normalize.dates import (
    MONTH_NAME_RE,
    MONTH_RE,
    MONTHS,
    NAMED_DAY_PREFIX_RE,
    SEASONS,
    WEEKDAY_RE,
    ParsedDate,
    make_date,
    month_number,
    parse_date,
    resolve_ago,
    resolve_month_day,
    resolve_quarter,
    resolve_season,
    resolve_week,
    resolve_weekday,
    make_century,
    make_decade,
    make_quarter,
    make_season,
)
from pipeline.normalize.numbers import parse_ordinal
from pipeline.lexicon import time_words
from pipeline.normalize.durations import find_ago
from pipeline.extract.view import doc_text, SentenceIndex, token_strings, view_of
from pipeline.extract.quotes import speech_verbs
from pipeline.records import CleanDocument, DateMention

__all__ = ["extract_dates", "find_dates"]

# One alternation, most specific form first: at a given position the first form that matches
# wins. The leading look-behind lets the engine skip positions inside words cheaply.
_DATE_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        [
            # "April 10, 2018", "Sept. 21", "March 8-9, 2008", "April 2018", "June of 2009"
            rf"(?P<mon>(?P<month>{MONTH_RE})\.?(?:"
            r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?(?P<day2>\s*(?:-|and|to|through|&)\s*\d{1,2}(?:st|nd|rd|th)?)?"
            r"(?:,?\s*(?P<year>\d{4})(?![\d-])|(?!\d|[:.]\d|\s*,?\s*\d|\s*(?:percent|%)))"
            r"|,?\s+(?:of\s+)?(?P<myear>\d{4})(?![\d-])))",
            # "10 April 2018", "the 10th of April, 2018"
            rf"(?P<dmy>(?<![$€£#.,])(?:the\s+)?(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmonth>{MONTH_RE})\b\.?"
            r"(?:,?\s+(?P<dyear>\d{4})(?![\d-])|(?!\s*,?\s*\d)))",
            r"(?P<iso>(?<![\d/.-])\d{4}[-/]\d{1,2}[-/]\d{1,2}(?![\d/.-]))",
            r"(?P<numeric>(?<![\d/.-])(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\.\d{1,2}\.\d{4}"
            r"|\d{4}\.\d{1,2}\.\d{1,2})(?![\d/.-]\d|\d))",
            r"(?P<fy>(?:FY|CY)\s?'?(?P<fyyear>\d{4}|\d{2})\b)",
            r"(?P<yrange>(?<![\w$#./-])(?P<y1>(?:1[89]|20)\d\d)\s*(?:-|to|through)\s*(?P<y2>(?:1[89]|20)\d\d|\d\d)(?![\w%-]|\.\d|,\d))",
            r"(?P<lone>(?<![\w$#€£./])(?<![\d.,]-)(?P<yy>1[0-9]\d\d|20\d\d)(?![\w%]|\.\d|,\d|-\w|/\d|\(\w))",
            r"(?P<rel>(?:today|todays|today's|yesterday|yesterdays|yesterday's|tomorrow|tomorrows|tomorrow's|tonight"
            r"|this\s+(?:morning|afternoon|evening)|last\s+(?:night|evening)|overnight)\b)",
            rf"(?P<weekday>(?:(?:last|this|next|past|coming)\s+(?:week\s+(?:on\s+)?)?(?:{WEEKDAY_RE})\b|(?:on\s+)?(?-i:{WEEKDAY_RE.title()})\b)"
            r"(?:\s+(?:of\s+)?(?:last|this|next)\s+week\b)?)",
            r"(?P<period>(?:last|this|next|earlier\s+this|later\s+this)\s+(?:month|year)\b)",
            r"(?P<monly>(?:in|since|during|until|till|by|from|through|between|last|this|next|early|late|mid|before|after|of)"
            r"[\s-]+(?:(?:early|late|mid)[\s-]+)?"
            rf"(?P<omonth>(?-i:{MONTH_NAME_RE.title()}))\b(?!\.?,?\s*(?:of\s+)?\d))",
        ]
    )
    + ")",
    re.IGNORECASE,
)
# Periods the tables hold with TimeML's value forms: weeks, quarters, seasons, decades, centuries.
_SEASON_WORDS = "|".join(SEASONS)  # spring, summer, autumn, fall, winter
_PERIOD_RE = re.compile(
    r"(?<![\w'-])(?:"
    # "last week", "this weekend", "earlier this week" (not "the past week", a length of time)
    r"(?<!the\s)(?P<wshift>last|this|next|coming|(?:earlier|later|early|late)\s+(?:this|next|last))\s+(?P<wunit>week|weekend)\b"
    rf"(?!\s+(?:on\s+)?(?:{WEEKDAY_RE})\b)"  # "next week on Friday" is that Friday
    # "the first quarter of 2007", "third-quarter", "Q3 2019", "last quarter"
    r"|(?:the\s+)?(?P<qord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\s-]+quarter"
    r"(?:\s+(?:of|in)\s+(?:(?:fiscal|calendar)\s+)?(?P<qyear>(?:1[89]|20)\d\d))?\b"
    r"|(?-i:Q(?P<qnum>[1-4]))(?:\s+(?P<qyear2>(?:1[89]|20)\d\d))?\b"
    r"|(?P<qshift>this|next|current)\s+quarter\b"
    # "last summer", "next spring", "summer 2012", "the winter of 2009"
    rf"|(?P<sshift>last|this|next|coming|past|early|late|mid)[\s-]+(?P<season>{_SEASON_WORDS})\b(?!\s+(?:of\s+)?\d)"
    rf"|(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<yseason>{_SEASON_WORDS})\s+(?:of\s+)?(?P<syear>(?:1[89]|20)\d\d)(?![\d-])"
    # "the 1990s", "the late 1980's", "the '90s", "1800s" (a century), "the 20th century", "this century"
    r"|(?:(?P<dthe>the|early|mid|late)[\s-]+(?:(?:early|mid|late)[\s-]+)?)?(?P<decade>(?:1[0-9]|20)\d0)(?P<dapo>')?s(?!\w)"
    r"|the\s+(?:(?:early|mid|late)[\s-]+)?'(?P<decyy>\d0)s(?!\w)"
    r"|(?:the\s+)?(?P<cord>\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)[\s-]+century\b"
    r")",
    re.IGNORECASE,
)
# A yearless ordinal quarter is a calendar quarter in business copy; in sports it is a part of a game.
_BUSINESS_WORDS = re.compile(r"\b(?:earnings|results|revenues?|sales|profits?|loss(?:es)?|growth|gdp|economy|fiscal|quarterly"
                             r"|percent|shares|billion|million|guidance|forecast|output|inflation)\b|[%$€£]", re.IGNORECASE)
_CENTURY_SHIFT = {"this": 0, "last": -1, "next": 1, "current": 0, "previous": -1}

_KINDS = ("mon", "dmy", "iso", "numeric", "fy", "yrange", "lone", "rel", "weekday", "period", "monly")
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|fifth)\s+$", re.IGNORECASE)
_DATE_AFTER_WEEKDAY = re.compile(rf",?\s+(?:(?:{MONTH_RE})\.?\s*\d|\d{{1,4}}[-/.]\d)", re.IGNORECASE)
# "two days before yesterday", "three weeks from tomorrow": the day word alone would be the wrong day.
_ANAPHORIC_YEAR = re.compile(r",?\s+(?:of\s+)?(?:that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+prior)\s+year\b",
                             re.IGNORECASE)
_NAMED_YEAR_AFTER = re.compile(r",?\s+(?:of\s+)?(?P<shift>last|this|next)\s+year\b", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"\b[A-Z][\w&-]*[ \t]+$")  # a capitalised word in the same line, no full stop
_COUNTED_FROM = re.compile(r"\b(?:days?|weeks?|months?|years?)\s+(?:before|after|from)\s+$", re.IGNORECASE)

# Month words that are also common English words: in lower case they are dates only with a day and year.
_MONTHS_ALSO_WORDS = frozenset({"may", "march", "mar"})
_LOWER_MONTH_OK = frozenset(MONTHS) - _MONTHS_ALSO_WORDS
# Words right before a four-digit number that make it an identifier, not a year.
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:sections?|secs?\.?|u\.?s\.?c\.?|c\.?f\.?r\.?|nos?\.?|numbers?|case|docket|rule|form|title|chapter|pub\.?\s*l\.?"
    r"|room|suite|box|highway|route|flight|exhibit|ext\.?|code|paragraph|part|item|model|version|unit|"
    r"apartment|apt\.?|interstate|i|page|pages|pp?\.?|vol\.?|volume|count|counts|file|report|order|copyright)\s*(?:\u00a9\s*)?"
    r"|§+\s*|#\s*|\u00a9\s*)$",
    re.IGNORECASE,
)
_STREET_AFTER = re.compile(
    r"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Dr\.|Lane|"
    r"Ln\.|Way|Parkway|Pkwy\.|Place|Pl\.|Court|Ct\.|Highway|Hwy\.)"
)
# A plural noun after the number and an approximation before it ("approximately 2000 documents");
# "filed 2008 returns", "the 2016 elections" stay years.
_COUNTED_AFTER = re.compile(r"\s+(?!(?:was|has|is|as|this|its|his|plus|thus|across|versus|news|less|always)\b)[a-z]+s\b")
_COUNTING_BEFORE = re.compile(
    r"\b(?:approximately|about|around|over|nearly|almost|than|some|least|roughly|estimated|total\s+of)\s+$",
    re.IGNORECASE,
)
_MODEL_BEFORE = re.compile(r"(?<![\w.])(?!(?:AD|BC|BCE|CE|FY|CY)\b)(?-i:[A-Z]{2,5})[ \t]$")
# A size: "1080 by 1920", "1920x1080", "1080 pixels by 1920" — the word between is a length unit,
# never a counted noun ("employ 320 people by 2027" is a year).
_SIZE_UNIT = r"(?:pixels?|px|mm|cm|m|inch(?:es)?|in|feet|ft)"
_DIMENSION_BEFORE = re.compile(rf"\b\d{{3,4}}\s*(?:{_SIZE_UNIT}\s+)?(?:x|by|\u00d7)\s*$", re.IGNORECASE)
_DIMENSION_AFTER = re.compile(rf"\s*(?:{_SIZE_UNIT}\s+)?(?:x|by|\u00d7)\s*\d{{3,4}}\b", re.IGNORECASE)
_LIST_LINK = re.compile(r"^\s*(?:,\s*)?(?:and|or|&|through|to|-)?\s*$", re.IGNORECASE)
_LAW_AFTER = re.compile(r"^\s+(?:Act|Amendments?|Code|Convention|Treaty)\b")
_LAW_BEFORE = re.compile(r"\b(?:Act|Amendments|Code|Convention|Treaty|Protocol)\s+of\s+$")
_YEAR_PREPOSITION = re.compile(r"\b(?:in|since|from|by|until|till|of|during|between|through|to|and|before|after|early|late|mid|around|circa|(?-i:AD))[\s-]+$",
                               re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|percent\b|%)", re.IGNORECASE)
_FUTURE_CUE = re.compile(r"\b(?:will|scheduled|set\s+for|is\s+set|are\s+set|expected|upcoming|slated|due\s+to|next"
                         r"|expires|begins|starts|takes\s+effect|comes\s+into\s+force|ends)\b",
                         re.IGNORECASE)
_PAST_PREPOSITION = re.compile(r"\b(?:since|until\s+last|as\s+of|back\s+in)[\s-]+(?:(?:early|late|mid)[\s-]+)?$", re.IGNORECASE)
_COME_BEFORE = re.compile(r"\b[Cc]ome\s+$")  # "Come November 19, buyers will ...": a date still to come
_NAMED_DAY_BEFORE = re.compile(rf"\b(?:{NAMED_DAY_PREFIX_RE})\s+$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r":\s+(?:A|An|The)?\s*[A-Z][a-z]+")
_POSSESSIVE_AFTER = re.compile(r"(?:\s+(?:night|morning|afternoon|evening))?'s?\b", re.IGNORECASE)
_ABSOLUTE_HINT = re.compile(r"\b(?:1[89]|20)\d\d\b")
_RANGE_LINK = re.compile(r"^\s*(?:-|to|through|until|till|and|or)\s*$", re.IGNORECASE)


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

    def __init__(self, doc: Doc, sentences: SentenceIndex) -> None:
        strings = doc.vocab.strings
        rows = doc.to_array([TAG, IDX]).tolist() if len(doc) else []
        names: dict[int, str] = {}  # a few dozen tags: look each up once
        self.tags = [names.get(tag) or names.setdefault(tag, strings[tag]) for tag, _ in rows]
        self.lowers = token_strings(doc).lowers  # shared with the other extractors
        self.idx = [idx for _, idx in rows]
        text = doc_text(doc)
        self.title_end = max(0, text.find("\n"))  # a text of one line has no title apart from its body
        self.sentences = sentences

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
        if rest and rest[0] in _BE_GOING and "to" in rest[1:3] or (rest[:1] == ["to"] and tag != "VBD"):
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


def _lean(text: str, start: int, end: int, sentence_start_of: Callable[[int], int],
          tense_of: Callable[[int, int], str | None] | None) -> tuple[str, int]:
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


# "today" that means nowadays ("the city as it is today", "consoles that exist today") names no day.
_GENERIC_TODAY_BEFORE = re.compile(
    r"(?:\bas\s+(?:it|they|we|he|she|you|i|things)\s+(?:\w+\s+){0,2}?(?:is|are|was|were|exists?|stands?|know\s+it|see\s+it"
    r"|looks?|does|do)|\bexist(?:s|ing)?|\bthan|\beven|\bstill|\bnowadays|\bworld)\s+$",
    re.IGNORECASE,
)
_GENERIC_TODAY_AFTER = re.compile(
    r"'?s?\s+(?:world|society|standards|generation|youth|economy|climate|culture|era|age|terms|money|dollars|market|technology)\b",
    re.IGNORECASE,
)
# "overnight" is a night only as a time adverb ("prices fell overnight."), not in "an overnight stay",
# "stayed overnight" (a length) or "did not happen overnight" (suddenly).
_OVERNIGHT_NOT_BEFORE = re.compile(
    r"\b(?:an?|the|stay(?:ed|s|ing)?|spent|spend|held|kept|remain(?:ed|s)?|happen(?:ed|s)?|almost|virtually|literally"
    r"|change[ds]?|not|never)\s+$", re.IGNORECASE)
_OVERNIGHT_AFTER = re.compile(r"(?:\s*[.,;:!?)\]\n]|\s*$|\s+(?:on|in|at|to|from|and|as|while|after|before|into|between|when|with|but)\b)",
                              re.IGNORECASE)


# Three or more four-digit numbers in a row ("1979, 1928, 1965"): years when they run in order ("in 1979,
# 1983 and 1990"), reference or catalogue numbers when they do not.
_NUMBER_RUN = re.compile(r"(?<![\w$#.,/-])\d{4}(?:\s*,\s*\d{4}){1,}(?:\s*,?\s*(?:and|or|&)\s*\d{4})?(?![\w./-]|\s*,\s*\d)")
# A byline or page stamp: a full date next to a clock time at the start of a line ("November 20, 2019 -
# 11:28", "5:45 AM PST 11/19/2019 by ..."), or a short line with "Posted", "Updated", "By", "©".
_CLOCK_TIME = r"\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*(?-i:[A-Z]{2,4}))?"
_STAMP_BEFORE = re.compile(rf"^[\s\W]*(?:(?:posted|published|updated|last\s+updated|created|modified)\s*:?\s*)?(?:{_CLOCK_TIME}\s*[-|,\u2022]?\s*)?$",
                           re.IGNORECASE)
_STAMP_AFTER = re.compile(rf"^\s*(?:[-|,@\u2022]|\bat\b)?\s*{_CLOCK_TIME}", re.IGNORECASE)
_STAMP_WORDS = re.compile(r"(?:^|\s)(?:posted|published|updated|last\s+updated|by\s+[A-Z]|copyright|\u00a9)", re.IGNORECASE)


def _reference_lists(text: str) -> list[tuple[int, int]]:
    """Spans of number runs that are not years in order (see ``_NUMBER_RUN``)."""
    spans = []
    for match in _NUMBER_RUN.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d{4}", match.group(0))]
        in_order = numbers in (sorted(numbers), sorted(numbers, reverse=True))
        if len(numbers) >= 3 and (not in_order or any(n < 1000 or n > 2100 for n in numbers)):
            spans.append(match.span())
    return spans


def _in_timestamp(text: str, start: int, end: int) -> bool:
    """Whether the date at ``text[start:end]`` is a byline or page stamp, which is chrome."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_start == 0 or not re.search(r"(?:1[89]|20)\d\d", text[start:end]):
        return False  # the first line is the title, never a stamp; a stamp gives the full date
    before, after = text[line_start:start], text[end:line_end]
    if _STAMP_BEFORE.match(before) and (_STAMP_AFTER.match(after) or re.search(_CLOCK_TIME, before)
                                         or (line_end - line_start <= 60 and _STAMP_WORDS.search(before))):
        return True
    return line_end - line_start <= 80 and bool(_STAMP_WORDS.search(text[line_start:line_end])) and \
        bool(re.search(_CLOCK_TIME, text[line_start:line_end]))


def _relative_day_ok(text: str, start: int, end: int) -> bool:
    """Whether a relative day word at ``text[start:end]`` names a day (see the patterns above)."""
    word = text[start:end].lower()
    before = text[max(0, start - 40) : start]
    if word.startswith("today") and (_GENERIC_TODAY_BEFORE.search(before) or _GENERIC_TODAY_AFTER.match(text, end - 2 if
                                                                                                      word.endswith("'s") else end)):
        return False
    if word == "overnight" and (_OVERNIGHT_NOT_BEFORE.search(before) or not _OVERNIGHT_AFTER.match(text, end)):
        return False
    return True


# The words every period has: the full pattern runs only in windows around them (it is slow to try at
# every character of a long text, and most texts have few periods).
_PERIOD_TRIGGER = re.compile(rf"week|quarter|(?-i:Q[1-4])|{_SEASON_WORDS}|\d0'?s\b|centur", re.IGNORECASE)
_PERIOD_BEFORE, _PERIOD_AFTER = 60, 30  # characters a period can reach before and after its trigger word


def _period_matches(text: str) -> Iterator[re.Match[str]]:
    windows: list[list[int]] = []
    for hit in _PERIOD_TRIGGER.finditer(text):
        start, end = max(0, hit.start() - _PERIOD_BEFORE), min(len(text), hit.end() + _PERIOD_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    last_end = -1
    for start, end in windows:
        # Look-behinds still see the text before a window's start, so matches are those of the whole text
        # (a match is never cut: a period is shorter than the reach around its trigger).
        for match in _PERIOD_RE.finditer(text, max(start, last_end), end):
            last_end = match.end()
            yield match


def _find_periods(text: str, published: dt.date | None, sentence_start_of: Callable[[int], int],
                  tense_of: Callable[[int, int], str | None] | None) -> Iterator[tuple[int, int, ParsedDate]]:
    """Weeks, quarters, seasons, decades and centuries, as TimeML writes them (see the module docstring)."""
    for match in _period_matches(text):
        start, end = match.span()
        parsed: ParsedDate | None = None
        if match["wunit"]:
            if published is None:
                continue
            shift = match["wshift"].lower().split()[-1]
            parsed = resolve_week(shift, published, weekend=match["wunit"].lower() == "weekend")
        elif match["qord"] or match["qnum"]:
            quarter = int(match["qnum"]) if match["qnum"] else (parse_ordinal(match["qord"]) or 4)
            year = match["qyear"] or match["qyear2"]
            if year:
                parsed = make_quarter(int(year), quarter)
            elif match["qord"] and match["qord"].lower() == "last":
                continue  # "the last quarter": the one before this, or the fourth? Too vague without a year
            elif published is not None:
                sentence_start, sentence_end = sentence_start_of(start), text.find("\n", end)
                if match["qord"] and not _BUSINESS_WORDS.search(text, sentence_start, sentence_end if sentence_end > 0 else len(text)):
                    continue  # "scored in the fourth quarter": a game's quarter
                parsed = resolve_quarter(quarter, published, prefer=_lean(text, start, end, sentence_start_of, tense_of)[0])
        elif match["qshift"]:
            if published is None:
                continue
            quarter = (published.month - 1) // 3 + 1 + (match["qshift"].lower() == "next")
            parsed = make_quarter(published.year + (quarter > 4), (quarter - 1) % 4 + 1, relative=True)
        elif match["season"]:
            if published is None:
                continue
            shift = match["sshift"].lower()
            prefer = _lean(text, start, end, sentence_start_of, tense_of)[0]
            parsed = resolve_season(match["season"], published, shift=shift if shift in ("last", "this", "next", "coming", "past") else None,
                                    prefer=prefer)
            if shift in ("early", "late", "mid"):
                start = match.start("season")
        elif match["yseason"]:
            parsed = make_season(int(match["syear"]), match["yseason"])
        elif match["decade"]:
            first = int(match["decade"])
            if match["dapo"] and not match["dthe"]:
                continue  # "1990's figures": a year's possessive, not a decade
            if first % 100 == 0 and first < 2000:
                parsed = make_century(first // 100 + 1)  # "the 1800s" is the 19th century
            else:
                parsed = make_decade(first)
        elif match["decyy"]:
            two = int(match["decyy"])
            century = 2000 if published is not None and two <= published.year % 100 - 10 else 1900
            parsed = make_decade(century + two)
        elif match["cord"]:
            word = match["cord"].lower()
            if word in _CENTURY_SHIFT:
                if published is None:
                    continue
                parsed = make_century(published.year // 100 + 1 + _CENTURY_SHIFT[word], relative=True)
            elif (ordinal := parse_ordinal(word)) is not None and ordinal <= 21:
                parsed = make_century(ordinal)
        if parsed is not None:
            yield start, end, parsed


def _year_ok(text: str, start: int, end: int, year: int, excluded_end: int | None) -> bool:
    """Whether the four digits at ``text[start:end]`` are a year by their surroundings."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 12]
    if _IDENTIFIER_BEFORE.search(before) or _LAW_BEFORE.search(before) or _LAW_AFTER.match(after):
        return False
    if _STREET_AFTER.match(text, end, end + 60):
        return False  # "2001 South Lyerly Street"
    if excluded_end is not None and _LIST_LINK.match(text[excluded_end:start]):
        return False  # "Sections 1956 and 1957"
    if re.search(r"\d[-/.:]\s*$", before) or re.match(r"^\s*(?:-\s*\d|:\d)", after):
        return False  # phone numbers, "18-2015", times
    if _MODEL_BEFORE.search(before) or _DIMENSION_BEFORE.search(before) or _DIMENSION_AFTER.match(after + text[end + 12 : end + 30]):
        return False  # "RTX 2060" (a model), "1080 pixels by 1920 pixels" (a size)
    if year < 1900 and not _YEAR_PREPOSITION.search(before):
        return False
    if _COUNTED_AFTER.match(after) and _COUNTING_BEFORE.search(before):
        return False  # "seized 2000 documents", "approximately 1500 victims": a count
    return True


def find_dates(
    text: str,
    published: dt.date | None,
    sentence_start_of: Callable[[int], int] = lambda offset: 0,
    language: str | None = "en",
    tense_of: Callable[[int, int], str | None] | None = None,
) -> Iterator[tuple[int, int, ParsedDate]]:
    """Every date in ``text`` as (start, end, parsed), in text order.

    Args:
        text: the article text.
        published: the publication date relative expressions count from, or None to skip them.
        sentence_start_of: maps a character offset to the start of its sentence (for the
            past/future reading of yearless dates).
        language: the text's language; month and weekday names of languages other than
            English come from ``models/time_words.tsv`` (numeric dates and years need none).
        tense_of: the tense (past, present, future or None) of the clause around a span
            (:class:`ClauseTense`); yearless dates and bare weekdays follow it. Without it,
            or when it finds no verb, future words in the sentence ("will", "scheduled")
            decide, else the past.
    """
    text = plain_punctuation(text)
    not_dates = _reference_lists(text)
    for start, end, parsed in _find_dates_raw(text, published, sentence_start_of, language, tense_of):
        if any(start < n_end and n_start < end for n_start, n_end in not_dates) or _in_timestamp(text, start, end):
            continue
        yield start, end, parsed


def _find_dates_raw(
    text: str,
    published: dt.date | None,
    sentence_start_of: Callable[[int], int],
    language: str | None,
    tense_of: Callable[[int, int], str | None] | None,
) -> Iterator[tuple[int, int, ParsedDate]]:
    local = list(_local_dates(text, published, language)) if language and language != "en" else []
    yield from local
    excluded_end: int | None = None
    ago_spans = [(start, end) for start, end, _ in find_ago(text)] + [(start, end) for start, end, _ in local]
    periods = [p for p in _find_periods(text, published, sentence_start_of, tense_of)
               if not any(p[0] < a_end and a_start < p[1] for a_start, a_end in ago_spans)]
    # A decade or century is no year ("the 1990's"); a week phrase yields to a weekday it names ("Tuesday of last week").
    ago_spans += [(start, end) for start, end, parsed in periods if parsed.granularity in ("decade", "century")]
    weekday_spans: list[tuple[int, int]] = []
    if published is not None:
        for start, end, length in find_ago(text):
            if (parsed := resolve_ago(length, published)) is not None:
                yield start, end, parsed
    for match in _DATE_RE.finditer(text):
        groups = match.groupdict()
        kind = next(k for k in _KINDS if groups.get(k))
        start, end = match.span(kind)
        if any(start < a_end and a_start < end for a_start, a_end in ago_spans):
            continue  # "2013 years ago" is not the year 2013
        month_word = groups["month"] or groups["dmonth"]
        full_date = bool(groups["year"] or groups["dyear"])
        if month_word and month_word.islower() and month_word.lower() not in _LOWER_MONTH_OK and not full_date:
            continue  # "may", "march" in lower case are words, unless a day and year come with them
        if kind in ("rel", "weekday", "period", "monly") and published is None:
            continue
        if kind == "dmy" and not groups["dyear"] and month_word.islower():
            continue
        lean_start = match.start("omonth") if kind == "monly" else start
        prefer, soon_days = _lean(text, lean_start, end, sentence_start_of, tense_of)
        if kind == "mon" and groups["day2"] and not groups["year"] and _UNIT_AFTER.match(text, match.end("day2")):
            end = match.start("day2")  # "sentenced on Aug. 6 to 30 months": the second number is no day
            groups["day2"] = None
        if kind == "mon":
            month = month_number(groups["month"])
            if groups["myear"]:
                if parsed := make_date(int(groups["myear"]), month):
                    yield start, end, parsed
                continue
            days = [int(groups["day"])] + [int(d) for d in re.findall(r"\d{1,2}", groups["day2"] or "")]
            for day in days:
                if groups["year"]:
                    parsed = make_date(int(groups["year"]), month, day)
                elif published is not None and month and (value := resolve_month_day(month, day, published, prefer=prefer,
                                                                                       soon_days=soon_days)):
                    parsed = make_date(value.year, value.month, value.day, relative=True)
                else:
                    parsed = None
                if parsed is not None:
                    yield start, end, parsed
            continue
        if kind == "yrange":
            first = int(groups["y1"])
            second_text = groups["y2"]
            second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
            if second <= first or not _year_ok(text, start, end, first, excluded_end):
                continue
            yield start, start + 4, make_date(first)
            yield end - len(second_text), end, make_date(second)
            continue
        if kind == "lone" and _TITLE_AFTER.match(text, end) and text[_line_start(text, start) : start].strip():
            continue  # "from 2001: A Space Odyssey": a year opening a title is part of a name
        if kind == "lone":
            year = int(groups["yy"])
            if not _year_ok(text, start, end, year, excluded_end):
                excluded_end = end
                continue
            yield start, end, make_date(year)
            continue
        if kind == "rel" and not _relative_day_ok(text, start, end):
            continue
        if kind == "rel" and (_COUNTED_FROM.search(text, max(0, start - 30), start)
                              or (text[start].isupper() and _NAME_BEFORE.search(text, max(0, start - 40), start))):
            continue  # "two days before yesterday"; "USA Today", "Homeland Security Today" are names
        if kind == "weekday" and (_DATE_AFTER_WEEKDAY.match(text, end) or _ORDINAL_BEFORE.search(text, max(0, start - 12), start)):
            continue  # "Tuesday, April 10, 2018": the date says it all; "the first Friday of July" is no weekday we can place
        if kind == "weekday" and (named := _NAMED_DAY_BEFORE.search(text, max(0, start - 30), start)) and named.group(0)[0].isupper():
            continue  # "Black Friday", "Super Tuesday": a name, not a weekday near publication
        if kind == "weekday" and text[start : start + 3].lower() == "on ":
            start += 3  # "on Wednesday": the date is the weekday
        if kind == "weekday":
            weekday_spans.append(match.span(kind))
        if kind == "monly":
            start, end = match.span("omonth")
            if _ANAPHORIC_YEAR.match(text, end):
                continue  # "in April of that year": the year is one named earlier, not the publication's
            if published is not None and (named := _NAMED_YEAR_AFTER.match(text, end)):
                shift = {"last": -1, "this": 0, "next": 1}[named["shift"].lower()]  # "the end of May last year"
                if (parsed := make_date(published.year + shift, month_number(text[start:end]), relative=True)) is not None:
                    yield start, end, parsed
                continue
        parsed = parse_date(text[start:end], published, prefer=prefer, soon_days=soon_days)
        if parsed is not None:
            yield start, end, parsed
    for start, end, parsed in periods:
        if parsed.granularity != "week" or not any(start < w_end and w_start < end for w_start, w_end in weekday_spans):
            yield start, end, parsed


@lru_cache(maxsize=8)
def _local_date_re(language: str) -> re.Pattern[str] | None:
    """Dates written with ``language``'s month, weekday and day words ("14. Mai 2024", "am Dienstag")."""
    words = time_words(language)
    if not words.months:
        return None
    months = "|".join(re.escape(m) for m in sorted(words.months, key=len, reverse=True))
    weekdays = "|".join(re.escape(w) for w in sorted(words.weekdays, key=len, reverse=True))
    days = "|".join(re.escape(w) for w in sorted(words.relative_days, key=len, reverse=True))
    return re.compile(
        rf"(?<!\w)(?:(?P<day>\d{{1,2}})\.\s*(?P<month>{months})(?:\s+(?P<year>\d{{4}}))?"
        rf"|(?P<month_only>{months})\s+(?P<month_year>\d{{4}})"
        rf"|(?:(?P<shift>letzten|vergangenen|kommenden|nächsten)\s+)?(?P<weekday>{weekdays})"
        rf"|(?P<relative>{days}))(?!\w)",
        re.IGNORECASE,
    )


_LOCAL_SHIFTS = {"letzten": "last", "vergangenen": "last", "kommenden": "next", "nächsten": "next"}


def _local_dates(text: str, published: dt.date | None, language: str) -> Iterator[tuple[int, int, ParsedDate]]:
    pattern = _local_date_re(language)
    if pattern is None:
        return
    words = time_words(language)
    for match in pattern.finditer(text):
        parsed: ParsedDate | None = None
        if match["day"]:
            month, day = words.months[match["month"].lower()], int(match["day"])
            if match["year"]:
                parsed = make_date(int(match["year"]), month, day)
            elif published is not None and (value := resolve_month_day(month, day, published)):
                parsed = make_date(value.year, value.month, value.day, relative=True)
        elif match["month_only"]:
            parsed = make_date(int(match["month_year"]), words.months[match["month_only"].lower()])
        elif published is None:
            continue
        elif match["weekday"]:
            shift = _LOCAL_SHIFTS.get((match["shift"] or "").lower())
            value = resolve_weekday(words.weekdays[match["weekday"].lower()], published, shift=shift)
            parsed = make_date(value.year, value.month, value.day, relative=True)
        elif match["relative"]:
            value = published + dt.timedelta(days=words.relative_days[match["relative"].lower()])
            parsed = make_date(value.year, value.month, value.day, relative=True)
        if parsed is not None:
            yield match.start(), match.end(), parsed


def _dedupe(found: list[tuple[int, int, ParsedDate]]) -> list[tuple[int, int, ParsedDate]]:
    """One row per span and date: two readers may find the same "April 2024"."""
    seen: set[tuple[int, int, str]] = set()
    result = []
    for item in found:
        key = (item[0], item[1], item[2].iso)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def _borrow_years(text: str, found: list[tuple[int, int, ParsedDate]]) -> list[tuple[int, int, ParsedDate]]:
    """Give a yearless date the year of the dated one it is paired with ("March or April 2006", "Jan. 5 to March 3, 2015")."""
    ordered = sorted(found, key=lambda f: (f[0], f[1]))
    result: list[tuple[int, int, ParsedDate]] = []
    for index, (start, end, parsed) in enumerate(ordered):
        if parsed.relative and parsed.granularity in ("month", "day"):
            partner = next((f for f in ordered[index + 1 :] if f[0] >= end), None)
            if partner and not partner[2].relative and partner[2].granularity in ("month", "day") \
                    and _RANGE_LINK.match(text[end : partner[0]]):
                year = partner[2].date.year
                day = parsed.date.day if parsed.granularity == "day" else None
                if (parsed.date.month, day or 1) > (partner[2].date.month, partner[2].date.day):
                    year -= 1  # "Dec. 5 to Jan. 3, 2015"
                if (fixed := make_date(year, parsed.date.month, day)) is not None:
                    parsed = fixed
            else:
                earlier = next((f for f in reversed(ordered[:index]) if f[1] <= start), None)
                if earlier and not earlier[2].relative and earlier[2].granularity in ("month", "day") \
                        and _RANGE_LINK.match(text[earlier[1] : start]):
                    year = earlier[2].date.year
                    day = parsed.date.day if parsed.granularity == "day" else None
                    if (parsed.date.month, day or 1) < (earlier[2].date.month, earlier[2].date.day):
                        year += 1  # "Dec. 5, 2014 to Jan. 3"
                    if (fixed := make_date(year, parsed.date.month, day)) is not None:
                        parsed = fixed
        result.append((start, end, parsed))
    return result


_BULLET = re.compile(r"[ \t]*(?:[-*\u2022\u00b7>]+[ \t]*)?")
_HEADING_YEAR = re.compile(r"(?<![\w$#./-])(?:1[89]|20)\d\d(?![\w%-])")


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _list_years(text: str, found: list[tuple[int, int, ParsedDate]]) -> list[tuple[int, int, ParsedDate]]:
    """Give the yearless dates of a list (a schedule, a tour, a timeline) the year of the list.

    A list is two or more consecutive lines that each begin with a yearless day ("June 9 –
    West Palm Beach"). Its year is the one its heading line names ("2020 dates"), else the
    year the same day was given where the text mentioned it before ("kicks off June 9th"),
    else the first item's own reading; an ascending list moves to the next year when the
    months start again ("Dec. 30", "Jan. 2").
    """
    ordered = sorted(found, key=lambda f: (f[0], f[1]))
    starts: dict[int, int] = {}  # line start -> index of the date opening that line
    for index, (start, _end, parsed) in enumerate(ordered):
        line = _line_start(text, start)
        if parsed.relative and parsed.granularity == "day" and line not in starts and _BULLET.fullmatch(text, line, start) \
                and _YEARLESS_MONTH.match(text, start):
            starts[line] = index
    lists: list[list[int]] = []
    for line in sorted(starts):
        previous_line = _line_start(text, line - 1) if line > 0 else -1
        if lists and previous_line in starts and starts[previous_line] == lists[-1][-1]:
            lists[-1].append(starts[line])
        else:
            lists.append([starts[line]])
    result = list(ordered)
    for items in (group for group in lists if len(group) >= 2):
        first_start = ordered[items[0]][0]
        days = [(ordered[i][2].date.month, ordered[i][2].date.day) for i in items]
        drops = sum(1 for a, b in zip(days, days[1:]) if b < a)
        heading_end = _line_start(text, first_start) - 1
        while heading_end > 0 and not text[_line_start(text, heading_end) : heading_end].strip():
            heading_end = _line_start(text, heading_end) - 1  # blank lines between heading and list
        heading = text[_line_start(text, heading_end) : heading_end] if heading_end > 0 else ""
        year: int | None = None
        if years := _HEADING_YEAR.findall(heading):
            year = int(years[-1])
        else:
            earlier = [f for f in ordered if f[0] < first_start and f[2].granularity == "day"
                       and (f[2].date.month, f[2].date.day) == days[0]]
            year = earlier[-1][2].date.year if earlier else None
        if year is None and drops == 0:
            continue  # nothing to add to the items' own readings
        year = year if year is not None else ordered[items[0]][2].date.year
        for position, index in enumerate(items):
            if position and drops <= 1 and days[position] < days[position - 1]:
                year += 1
            start, end, parsed = ordered[index]
            if (fixed := make_date(year, parsed.date.month, parsed.date.day, relative=True)) is not None:
                result[index] = (start, end, fixed)
    return result


_NARRATIVE_REACH = 400  # characters back to the dated sentence a story goes on from
_YEARLESS_MONTH = re.compile(rf"(?:(?:early|late|mid)[\s-]+)?(?:{MONTH_RE})\b", re.IGNORECASE)


def _narrative_years(text: str, found: list[tuple[int, int, ParsedDate]], tense_of: Callable[[int, int], str | None] | None,
                     sentence_start_of: Callable[[int], int]) -> list[tuple[int, int, ParsedDate]]:
    """A yearless month in a story told in the past goes on from the date just before it.

    "He saw his doctor in November 2016. At first he improved. But by December, he was worse":
    December is December 2016, not the last December before publication. The month takes
    the year of the nearest dated month or day within a few sentences before it (the next
    year when it comes earlier in the calendar: "in November 2016 ... by February" is
    February 2017), as long as that stays before the anchor's publication-relative reading.
    The dated mention must be in an earlier sentence: within one sentence a yearless date
    is a range's end or a separate event ("pleaded guilty in July 2014 and was sentenced on
    Jan. 18"), which :func:`_borrow_years` and the publication date handle.
    """
    ordered = sorted(found, key=lambda f: (f[0], f[1]))
    result = []
    for index, (start, end, parsed) in enumerate(ordered):
        if parsed.relative and parsed.granularity in ("month", "day") and _YEARLESS_MONTH.match(text, start) \
                and (tense_of is None or tense_of(start, end) in (None, PAST)):
            sentence_start = sentence_start_of(start)
            anchor = next((f for f in reversed(ordered[:index]) if f[1] <= sentence_start and start - f[1] <= _NARRATIVE_REACH
                           and not f[2].relative and f[2].granularity in ("month", "day")), None)
            if anchor is not None and anchor[2].date.year < parsed.date.year and "\n\n" not in text[anchor[1] : start]:
                month, day = parsed.date.month, parsed.date.day if parsed.granularity == "day" else None
                year = anchor[2].date.year + ((month, day or 1) < (anchor[2].date.month, anchor[2].date.day))
                if year <= parsed.date.year and (fixed := make_date(year, month, day, relative=True)) is not None:
                    parsed = fixed
        result.append((start, end, parsed))
    return result


def extract_dates(doc: Doc, article: CleanDocument) -> list[DateMention]:
    """One row per date mention (relative ones only when the publication date is known)."""
    text = doc_text(doc)
    published = getattr(article, "published", None)
    sentences = view_of(doc).sentences
    language = getattr(article, "language", None) or "en"
    tense_of = ClauseTense(doc, sentences) if language == "en" and doc.has_annotation("TAG") else None
    found = list(find_dates(text, published, sentences.start_of, language, tense_of))
    found = _dedupe(_narrative_years(text, _list_years(text, _borrow_years(text, found)), tense_of, sentences.start_of))
    covered = [(s, e) for s, e, _ in found]
    for ent in doc.ents:
        if ent.label_ != "DATE" or any(ent.start_char < e and s < ent.end_char for s, e in covered):
            continue
        # Only absolute dates the patterns missed ("the 4th day of July, 2016"): spaCy's DATE also
        # covers ages ("66"), durations ("60 years") and vague periods, which are not points in time.
        if not _ABSOLUTE_HINT.search(ent.text) or _DATE_RE.search(ent.text) or find_durations(ent.text):
            continue
        parsed = parse_date(ent.text)
        if parsed is not None and not parsed.relative:
            found.append((ent.start_char, ent.end_char, parsed))
    rows: list[DateMention] = []
    for start, end, parsed in sorted(found, key=lambda f: (f[0], f[1])):
        evidence = sentences.mention(start, end)
        rows.append(DateMention(text=text[start:end], iso=parsed.iso, date=parsed.date, granularity=parsed.granularity,
                                relative=parsed.relative, start=start, end=end, sentence=evidence.sentence))
    return rows
