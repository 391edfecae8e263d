"""Datelines ("KABUL, Afghanistan (Jan. 25, 2013) –") and the written dates they and a release's header lines carry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.clean.lines import HEAD_LINES, is_paragraph
from pipeline.clean.rules import CleaningRules, load_cleaning_rules
from pipeline.normalize.dates import UNAMBIGUOUS, WrittenDay, make_date, read_day, resolve_month_day


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


#: The date of a dateline as written, its year possibly missing ("Jan. 28"): normalize.dates reads it.
DatelineDate = WrittenDay


def parse_date_text(text: str, rules: CleaningRules | None = None) -> dt.date | None:
    """A written date ("Jan. 25, 2013", "25 January 2013", "2013-01-25") as a date, else None.

    The text must be one of the patterns' ``{DATE}`` forms (a weekday or a missing year is no
    such date); :func:`pipeline.normalize.dates.read_day` reads it.
    """
    rules = rules or load_cleaning_rules()
    if rules.date_text.fullmatch(text.strip()) is None:
        return None
    written = read_day(text)
    if written is None or written.year is None:
        return None
    return dt.date(written.year, written.month, written.day)


def parse_dateline_date(text: str, rules: CleaningRules | None = None) -> DatelineDate | None:
    """A dateline's date as written, its year possibly missing: "Jan. 28", "14.05.2024", "Nov. 1. 2011".

    A slashed numeric date is read only when its order is certain (one part above 12);
    "3/4/2024" is None rather than a guess.
    """
    rules = rules or load_cleaning_rules()
    if rules.dateline_date.fullmatch(text.strip()) is None:
        return None
    return read_day(text, numeric_order=UNAMBIGUOUS)


@dataclass(frozen=True, slots=True)
class YearEvidence:
    """What a document says about the year of a year-less dateline, strongest first."""

    release_year: int | None = None
    text_dates: tuple[dt.date, ...] = ()
    reference: dt.date | None = None


def resolve_dateline_year(written: DatelineDate, evidence: YearEvidence) -> tuple[dt.date, str | None] | None:
    """A dateline's full date: its own year, else the year the document gives, else None (never today's).

    A release number's year is the year; a date of the text (or the reference) gives the
    nearest such day to it, on either side ("Jan. 2" near "Dec. 30, 2011" is 2012-01-02).
    """
    if written.year is not None or evidence.release_year is not None:
        year, year_from = (written.year, None) if written.year is not None else (evidence.release_year, "release_number")
        found = make_date(year, written.month, written.day)
        return (found.date, year_from) if found is not None else None
    for around, source in ((evidence.text_dates[0] if evidence.text_dates else None, "text"), (evidence.reference, "reference")):
        if around is not None:
            date = resolve_month_day(written.month, written.day, around, prefer="nearest")
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
