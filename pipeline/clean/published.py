"""A document's publication date: the input's, the page's declared metadata date, a dateline, a labelled release date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from pipeline.clean.cleanup import CleanedText
from pipeline.clean.datelines import YearEvidence, find_dateline, parse_date_text
from pipeline.clean.rules import CleaningRules, load_cleaning_rules
from pipeline.records import RawDocument


_H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)


def htmldate_options() -> dict[str, object]:
    """The options newsfacts hands htmldate (and trafilatura's metadata pass) when it looks for a page's date."""
    # htmldate's "extensive search" reads any date in the page text (a header widget, a
    # copyright year): keep to markup, JSON-LD, <time>, URL and date-classed elements.
    return {"original_date": True, "extensive_search": False, "max_date": dt.date.today().isoformat()}


#: The properties that declare an article's publication date in markup: Open Graph / article
#: meta tags, schema.org microdata and JSON-LD. Their value is read as written (its date part),
#: before any time-zone arithmetic moves a late-evening story to the next or previous day.
_DECLARED_DATE_KEYS = r"article:published_time|og:published_time|datePublished|article\.published|publish[_-]?date|pubdate"
_DECLARED_META = re.compile(
    rf"""<meta\b[^>]*?\b(?:property|name|itemprop)\s*=\s*["']?(?:{_DECLARED_DATE_KEYS})["']?[^>]*?\bcontent\s*=\s*["']\s*(?P<value>[^"'<>]{{4,40}})"""
    rf"""|<meta\b[^>]*?\bcontent\s*=\s*["']\s*(?P<before>[^"'<>]{{4,40}})["'][^>]*?\b(?:property|name|itemprop)\s*=\s*["']?(?:{_DECLARED_DATE_KEYS})["'\s/>]""",
    re.IGNORECASE,
)
_DECLARED_JSON = re.compile(r"""["']datePublished["']\s*:\s*["']\s*(?P<value>[^"'<>]{4,40})""")
_ISO_DATE_PART = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
#: Dates before this are placeholders of an empty CMS field ("0001-01-01"), not publication dates.
EARLIEST_PUBLICATION = dt.date(1900, 1, 1)
#: Characters of a page searched for a declared date (the head and any JSON-LD near the top).
DECLARED_DATE_SCAN_CHARS = 400_000
#: The Unix epoch, which an empty timestamp field renders as.
EPOCH_PLACEHOLDER = dt.date(1970, 1, 1)


def declared_date(html: str, today: dt.date | None = None) -> dt.date | None:
    """The publication date the page declares in its markup, as written, else None.

    The date part of ``article:published_time`` (or a meta/microdata ``datePublished``), else
    of the first JSON-LD ``datePublished``: "2019-11-20T02:59:46+00:00" is 2019-11-20 even
    where the site's own clock said 8:59 pm on the 19th. A placeholder ("0001-01-01", the
    epoch) or a date after today is no date, and the next declaration is tried.
    """
    today = today or dt.date.today()
    for pattern, marker in ((_DECLARED_META, "<meta"), (_DECLARED_JSON, "datePublished")):
        if marker not in html:
            continue
        for match in pattern.finditer(html, 0, DECLARED_DATE_SCAN_CHARS):
            value = match.group("value") or match.groupdict().get("before") or ""
            found = _ISO_DATE_PART.match(value.strip())
            if found is None:
                continue
            try:
                date = dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            except ValueError:
                continue
            if EARLIEST_PUBLICATION <= date <= today and date != EPOCH_PLACEHOLDER:
                return date
    return None


def _has_machine_readable(html: str, url: str | None, date: dt.date) -> bool:
    """Whether the date is written for machines somewhere: 2019-04-25, 2019/04/25, 20190425, 2019/4/25."""
    if date.isoformat() in html:  # the usual case (meta tags, JSON-LD, <time datetime>), and the fastest
        return True
    written = re.compile(
        rf"{date.year}(?P<sep>[-/]?){date.month:02d}(?P=sep){date.day:02d}(?!\d)|{date.year}/{date.month}/{date.day}(?!\d)"
    )
    return written.search(html) is not None or (url is not None and written.search(url) is not None)


def metadata_date(value: str | None, html: str, url: str | None, rules: CleaningRules | None = None) -> dt.date | None:
    """The page-metadata date trafilatura found, unless only a "today" widget shows it.

    A date that appears in machine-readable form (meta tag, JSON-LD, ``<time datetime>``,
    URL) is kept. A date htmldate could only read from visible text is dropped when it is
    written with its weekday above the headline, which is how a site header shows the
    day the page was fetched ("Saturday, April 20, 2024").
    """
    if not value:
        return None
    try:
        date = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    if _has_machine_readable(html, url, date):
        return date
    rules = rules or load_cleaning_rules()
    headline = _H1.search(html)
    header = html[: headline.start()] if headline else html
    # Only look just before each occurrence of the year: a regex scan of a whole page costs ms.
    year = str(date.year)
    position = header.find(year)
    while position != -1:
        window = header[max(0, position - 40) : position + len(year)]
        for match in rules.weekday_date.finditer(window):
            if parse_date_text(match.group("date"), rules) == date:
                return None
        position = header.find(year, position + len(year))
    return date


def publication_date(
    raw: RawDocument,
    cleaned: CleanedText,
    rules: CleaningRules,
    from_metadata: Callable[[], dt.date | None] | None = None,
) -> tuple[dt.date | None, str | None]:
    """The publication date and where it came from: the input's own field, then the page's
    metadata (HTML only), then the dateline (a year-less one takes its year from the release
    number or a full date in the text), then the header's labelled release date ("For
    Immediate Release: March 3, 2020", also ``dateline``) — never the first date in the text,
    never today's."""
    if raw.published is not None:
        return raw.published, "input"
    if from_metadata is not None and (published := from_metadata()) is not None:
        return published, "metadata"
    # No reference date for the year: the input's date, the only one there could be, returned above.
    evidence = YearEvidence(
        release_year=cleaned.header_year,
        text_dates=(cleaned.header_date,) if cleaned.header_date else (),  # else find_dateline reads the text's
    )
    dateline = find_dateline(cleaned.lines, rules, evidence=evidence)
    if dateline is not None:
        return dateline.date, "dateline"
    if cleaned.header_date is not None:
        return cleaned.header_date, "dateline"
    return None, None
