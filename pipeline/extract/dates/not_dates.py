"""What looks like a date but is not one: identifiers, counts, sizes, number runs, page stamps.

A four-digit number is a year only when nothing around it says otherwise (see
:func:`year_ok`); a run of four-digit numbers out of order is a list of references
(:func:`reference_lists`); a full date beside a clock time at a line's start is a byline or
page stamp (:func:`in_timestamp`); "today" meaning nowadays and "overnight" meaning suddenly
name no day (:func:`relative_day_ok`).
"""

from __future__ import annotations

import re

from pipeline.extract.durations import YEAR_DIGITS

__all__ = ["in_timestamp", "reference_lists", "relative_day_ok", "year_ok"]

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
# A clock time on its own is looked for case-sensitively ("10:02 a.m.", not "10:02 A.M.").
_CLOCK_TIME_RE = re.compile(_CLOCK_TIME)
_STAMP_BEFORE = re.compile(rf"^[\s\W]*(?:(?:posted|published|updated|last\s+updated|created|modified)\s*:?\s*)?(?:{_CLOCK_TIME}\s*[-|,\u2022]?\s*)?$",
                           re.IGNORECASE)
_STAMP_AFTER = re.compile(rf"^\s*(?:[-|,@\u2022]|\bat\b)?\s*{_CLOCK_TIME}", re.IGNORECASE)
_STAMP_WORDS = re.compile(r"(?:^|\s)(?:posted|published|updated|last\s+updated|by\s+[A-Z]|copyright|\u00a9)", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"\d{4}")
# A digit and a dash, slash, dot or colon right before the number, or a dash or colon and digits right
# after it: a phone number, a case number ("18-2015") or a time, not a year.
_NUMBER_JOINED_BEFORE = re.compile(r"\d[-/.:]\s*$")
_NUMBER_JOINED_AFTER = re.compile(r"^\s*(?:-\s*\d|:\d)")


def reference_lists(text: str) -> list[tuple[int, int]]:
    """Spans of number runs that are not years in order (see ``_NUMBER_RUN``)."""
    spans = []
    for match in _NUMBER_RUN.finditer(text):
        numbers = [int(n) for n in _FOUR_DIGITS.findall(match.group(0))]
        in_order = numbers in (sorted(numbers), sorted(numbers, reverse=True))
        if len(numbers) >= 3 and (not in_order or any(n < 1000 or n > 2100 for n in numbers)):
            spans.append(match.span())
    return spans


def in_timestamp(text: str, start: int, end: int) -> bool:
    """Whether the date at ``text[start:end]`` is a byline or page stamp, which is chrome."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_start == 0 or not YEAR_DIGITS.search(text[start:end]):
        return False  # the first line is the title, never a stamp; a stamp gives the full date
    before, after = text[line_start:start], text[end:line_end]
    if _STAMP_BEFORE.match(before) and (_STAMP_AFTER.match(after) or _CLOCK_TIME_RE.search(before)
                                         or (line_end - line_start <= 60 and _STAMP_WORDS.search(before))):
        return True
    return line_end - line_start <= 80 and bool(_STAMP_WORDS.search(text[line_start:line_end])) and \
        bool(_CLOCK_TIME_RE.search(text[line_start:line_end]))


def relative_day_ok(text: str, start: int, end: int) -> bool:
    """Whether a relative day word at ``text[start:end]`` names a day (see the patterns above)."""
    word = text[start:end].lower()
    before = text[max(0, start - 40) : start]
    if word.startswith("today") and (_GENERIC_TODAY_BEFORE.search(before) or _GENERIC_TODAY_AFTER.match(text, end - 2 if
                                                                                                      word.endswith("'s") else end)):
        return False
    if word == "overnight" and (_OVERNIGHT_NOT_BEFORE.search(before) or not _OVERNIGHT_AFTER.match(text, end)):
        return False
    return True


def year_ok(text: str, start: int, end: int, year: int, excluded_end: int | None) -> bool:
    """Whether the four digits at ``text[start:end]`` are a year by their surroundings."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 12]
    if _IDENTIFIER_BEFORE.search(before) or _LAW_BEFORE.search(before) or _LAW_AFTER.match(after):
        return False
    if _STREET_AFTER.match(text, end, end + 60):
        return False  # "2001 South Lyerly Street"
    if excluded_end is not None and _LIST_LINK.match(text[excluded_end:start]):
        return False  # "Sections 1956 and 1957"
    if _NUMBER_JOINED_BEFORE.search(before) or _NUMBER_JOINED_AFTER.match(after):
        return False  # phone numbers, "18-2015", times
    if _MODEL_BEFORE.search(before) or _DIMENSION_BEFORE.search(before) or _DIMENSION_AFTER.match(after + text[end + 12 : end + 30]):
        return False  # "RTX 2060" (a model), "1080 pixels by 1920 pixels" (a size)
    if year < 1900 and not _YEAR_PREPOSITION.search(before):
        return False
    if _COUNTED_AFTER.match(after) and _COUNTING_BEFORE.search(before):
        return False  # "seized 2000 documents", "approximately 1500 victims": a count
    return True

