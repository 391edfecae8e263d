"""Datelines ("KABUL, Afghanistan (Jan. 25, 2013) –") and the written dates they and a release's header lines carry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.clean.lines import HEAD_LINES, is_paragraph
from pipeline.clean.rules import CleaningRules, load_cleaning_rules


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline at the start of a paragraph: "KABUL, Afghanistan (Jan. 25, 2013)".

    ``year_from`` says where a year-less dateline's year came from ("release_number",
    "text", "reference"); None when the dateline wrote its year.
    """

    place: str | None
    date: dt.date
    text: str
    year_from: str | None = None


@dataclass(frozen=True, slots=True)
class DatelineDate:
    """The date of a dateline as written: the year may be missing ("Jan. 28")."""

    month: int
    day: int
    year: int | None


def parse_date_text(text: str, rules: CleaningRules | None = None) -> dt.date | None:
    """A written date ("Jan. 25, 2013", "25 January 2013", "2013-01-25") as a date, else None."""
    rules = rules or load_cleaning_rules()
    match = rules.date_text.fullmatch(text.strip())
    if match is None:
        return None
    try:
        if match.group("y1"):
            return dt.date(int(match.group("y1")), rules.months[match.group("m1").lower()], int(match.group("d1")))
        if match.group("y2"):
            return dt.date(int(match.group("y2")), rules.months[match.group("m2").lower()], int(match.group("d2")))
        return dt.date(int(match.group("y3")), int(match.group("m3")), int(match.group("d3")))
    except (ValueError, KeyError):
        return None


def parse_dateline_date(text: str, rules: CleaningRules | None = None) -> DatelineDate | None:
    """A dateline's date as written, its year possibly missing: "Jan. 28", "14.05.2024", "Nov. 1. 2011".

    A slashed numeric date is read only when its order is certain (one part above 12);
    "3/4/2024" is None rather than a guess.
    """
    rules = rules or load_cleaning_rules()
    match = rules.dateline_date.fullmatch(text.strip())
    if match is None:
        return None
    groups = match.groupdict()
    if groups["y1"] or groups["y2"] or groups["y3"]:
        date = parse_date_text(text, rules)
        return DatelineDate(date.month, date.day, date.year) if date else None
    if groups["y4"]:
        month, day, year = int(groups["m4"]), int(groups["d4"]), int(groups["y4"])
    elif groups["y5"]:
        first, second, year = int(groups["a5"]), int(groups["b5"]), int(groups["y5"])
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        else:
            return None
    elif groups["m6"]:
        month, day, year = rules.months[groups["m6"].lower()], int(groups["d6"]), None
    else:
        month, day, year = rules.months[groups["m7"].lower()], int(groups["d7"]), None
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: "Feb. 29" without a year is possible
    except ValueError:
        return None
    return DatelineDate(month, day, year)


@dataclass(frozen=True, slots=True)
class YearEvidence:
    """What a document says about the year of a year-less dateline, strongest first."""

    release_year: int | None = None
    text_dates: tuple[dt.date, ...] = ()
    reference: dt.date | None = None


def _nearest_year(month: int, day: int, around: dt.date) -> dt.date | None:
    """The date with this month and day nearest to ``around`` (the year before, the same or the next)."""
    candidates = []
    for year in (around.year - 1, around.year, around.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda date: abs((date - around).days), default=None)


def resolve_dateline_year(written: DatelineDate, evidence: YearEvidence) -> tuple[dt.date, str | None] | None:
    """A dateline's full date: its own year, else the year the document gives, else None (never today's)."""
    if written.year is not None:
        try:
            return dt.date(written.year, written.month, written.day), None
        except ValueError:
            return None
    if evidence.release_year is not None:
        try:
            return dt.date(evidence.release_year, written.month, written.day), "release_number"
        except ValueError:
            return None
    for around, source in ((evidence.text_dates[0] if evidence.text_dates else None, "text"), (evidence.reference, "reference")):
        if around is not None:
            date = _nearest_year(written.month, written.day, around)
            if date is not None:
                return date, source
    return None


def text_dates(lines: list[str] | tuple[str, ...], rules: CleaningRules | None = None, limit: int = 3) -> tuple[dt.date, ...]:
    """The first full dates written in the text ("Jan. 25, 2013", "25 January 2013"), in order."""
    rules = rules or load_cleaning_rules()
    found: list[dt.date] = []
    for line in lines:
        for match in rules.date_text.finditer(line):
            date = parse_date_text(match.group(0), rules)
            if date is not None:
                found.append(date)
                if len(found) >= limit:
                    return tuple(found)
    return tuple(found)


def find_dateline(
    lines: list[str] | tuple[str, ...], rules: CleaningRules | None = None, max_paragraphs: int = 3,
    evidence: YearEvidence | None = None,
) -> Dateline | None:
    """The dateline opening one of the first paragraphs, if any.

    Only a place-and-date shape at a paragraph's start counts ("WASHINGTON (Jan. 25, 2013) –",
    "NEW YORK, March 3, 2020 /PRNewswire/ --", "KABUL, Afghanistan (Jan. 28) –"), never a date
    elsewhere in the text. Short header lines above it (a newsroom's name, a release number)
    do not count towards ``max_paragraphs``. A year-less date takes its year from ``evidence``
    (and, without it, from the first full date of the text); with none, there is no dateline date.
    """
    rules = rules or load_cleaning_rules()
    paragraphs = 0
    for index, line in enumerate(lines[: max_paragraphs + HEAD_LINES]):
        if paragraphs >= max_paragraphs:
            break
        for pattern in rules.dateline:
            match = pattern.match(line)
            if match is None:
                continue
            written = parse_dateline_date(match.group("date"), rules)
            if written is None:
                continue
            if written.year is None:
                evidence = evidence or YearEvidence()
                if not evidence.text_dates:
                    rest = [line[match.end() :], *lines[index + 1 :]]
                    evidence = YearEvidence(evidence.release_year, text_dates(rest, rules), evidence.reference)
            resolved = resolve_dateline_year(written, evidence or YearEvidence())
            if resolved is None:
                return None
            place = match.groupdict().get("place")
            return Dateline(
                place=place.strip() if place else None, date=resolved[0], text=match.group(0).strip(), year_from=resolved[1]
            )
        if is_paragraph(line):
            paragraphs += 1
    return None
