"""Years for yearless dates, from the dates around them.

A yearless date first reads as the one nearest the publication date its clause leans to;
these passes correct that from the text: a range's dated end ("March or April 2006",
"Jan. 5 to March 3, 2015"), a list's heading or its first day's earlier mention (a
schedule, a tour, a timeline), and a story told in the past that goes on from the dated
month before it.
"""

from __future__ import annotations

import re

from pipeline.extract.dates.tense import PAST, SentenceStartOf, TenseOf
from pipeline.normalize.dates import MONTH_RE, ParsedDate, make_date

__all__ = ["FoundDate", "borrow_years", "dedupe", "line_start", "list_years", "narrative_years"]

#: A date found in the text: (start, end, parsed).
FoundDate = tuple[int, int, ParsedDate]

_RANGE_LINK = re.compile(r"^\s*(?:-|to|through|until|till|and|or)\s*$", re.IGNORECASE)

def dedupe(found: list[FoundDate]) -> list[FoundDate]:
    """One row per span and date: two readers may find the same "April 2024"."""
    seen: set[tuple[int, int, str]] = set()
    result = []
    for item in found:
        key = (item[0], item[1], item[2].iso)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def borrow_years(text: str, found: list[FoundDate]) -> list[FoundDate]:
    """Give a yearless date the year of the dated one it is paired with ("March or April 2006", "Jan. 5 to March 3, 2015")."""
    ordered = sorted(found, key=lambda f: (f[0], f[1]))
    result: list[FoundDate] = []
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


def line_start(text: str, offset: int) -> int:
    """The offset where the line holding ``offset`` starts."""
    return text.rfind("\n", 0, offset) + 1


def list_years(text: str, found: list[FoundDate]) -> list[FoundDate]:
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
        line = line_start(text, start)
        if parsed.relative and parsed.granularity == "day" and line not in starts and _BULLET.fullmatch(text, line, start) \
                and _YEARLESS_MONTH.match(text, start):
            starts[line] = index
    lists: list[list[int]] = []
    for line in sorted(starts):
        previous_line = line_start(text, line - 1) if line > 0 else -1
        if lists and previous_line in starts and starts[previous_line] == lists[-1][-1]:
            lists[-1].append(starts[line])
        else:
            lists.append([starts[line]])
    result = list(ordered)
    for items in (group for group in lists if len(group) >= 2):
        first_start = ordered[items[0]][0]
        days = [(ordered[i][2].date.month, ordered[i][2].date.day) for i in items]
        drops = sum(1 for a, b in zip(days, days[1:]) if b < a)
        heading_end = line_start(text, first_start) - 1
        while heading_end > 0 and not text[line_start(text, heading_end) : heading_end].strip():
            heading_end = line_start(text, heading_end) - 1  # blank lines between heading and list
        heading = text[line_start(text, heading_end) : heading_end] if heading_end > 0 else ""
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


def narrative_years(text: str, found: list[FoundDate], tense_of: TenseOf | None,
                    sentence_start_of: SentenceStartOf) -> list[FoundDate]:
    """A yearless month in a story told in the past goes on from the date just before it.

    "He saw his doctor in November 2016. At first he improved. But by December, he was worse":
    December is December 2016, not the last December before publication. The month takes
    the year of the nearest dated month or day within a few sentences before it (the next
    year when it comes earlier in the calendar: "in November 2016 ... by February" is
    February 2017), as long as that stays before the anchor's publication-relative reading.
    The dated mention must be in an earlier sentence: within one sentence a yearless date
    is a range's end or a separate event ("pleaded guilty in July 2014 and was sentenced on
    Jan. 18"), which :func:`borrow_years` and the publication date handle.
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

