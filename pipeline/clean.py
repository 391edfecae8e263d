"""RawDocument → CleanDocument: trafilatura's main text and metadata, then press-release cleanup.

One ``trafilatura.bare_extraction`` call per page gives the text and the metadata (title,
site name, URL, publication date); only a page whose fast extraction came out as a menu is
extracted a second time. A line-level layer then removes what
trafilatura leaves in re-published press releases: site-header widgets ("55 F",
"Washington D.C.", "Saturday, April 20, 2024"), share bars, cookie notices, promos, an
author box and a "Related Articles" list at the end, and the "Read more at X" /
"Source: X" line, whose X becomes ``origin``. Its patterns are data
(``models/cleaning_patterns.jsonl``). The layer is conservative so news pages keep
their text: a line goes only when it matches a chrome pattern whole, a block at the end
goes only when everything in it is chrome or a short list line.

Releases of every newsroom also carry furniture that is not their news: header lines
("For Immediate Release", release numbers, "Download PDF", the newsroom's name above the
dateline) and end matter ("About X" boilerplate, forward-looking-statement disclaimers,
contact blocks, notes to editors, "###" / "-30-" / "ENDS"). Both are recognised and left out
of the text, so no fact comes from them; a release number's year still dates a year-less
dateline. News pages lose hover cards glued to names and poll or betting widgets.

``published`` comes from the input, else the page metadata (the date part of a declared
``article:published_time`` / ``datePublished`` as written, else htmldate without its free-text
search, and never a date shown only by a "today" widget above the headline), else a
dateline ("KABUL, Afghanistan (Jan. 25, 2013) –"), else it stays null: never the first
date in the text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

import trafilatura
from lxml.etree import LxmlError

from pipeline.config import Settings
from pipeline.errors import DocumentError
from pipeline.normalize.dates import MONTH_RE, MONTHS, WEEKDAYS
from pipeline.records import CleanDocument, RawDocument
from pipeline.resources import model_path, read_jsonl
from pipeline.sources import decode_html

if TYPE_CHECKING:
    from collections.abc import Callable

    from trafilatura.settings import Document as TrafilaturaDocument

PATTERNS_FILE = "cleaning_patterns.jsonl"
#: Lines above the headline that are searched for it and for widgets.
HEAD_LINES = 8
#: A title longer than this (words) is a swallowed page (an unclosed <h1>), not a headline.
MAX_TITLE_WORDS = 40
#: Longest line (in words) that may sit in a "Related Articles" list or above a headline.
LIST_LINE_WORDS = 25
#: Longest line (in characters) that is ever tested against chrome patterns.
CHROME_MAX_CHARS = 1200
#: Longest line (in characters) that can be press-release header furniture (an embargo line, a
#: list of reference numbers); paragraphs are longer.
HEADER_MAX_CHARS = 300
#: A block at the end is only cut when it starts this far (share of characters) into the text.
TAIL_START_SHARE = 0.3
#: Author-box paragraphs allowed in a cut block.
MAX_BIO_PARAGRAPHS = 4
#: End matter ("About X", notes to editors, disclaimers, contacts) starts at least this far (share of
#: characters) into the text: a short release may carry more boilerplate than news.
END_MATTER_START_SHARE = 0.15
#: Paragraphs of prose allowed in one boilerplate section (an "About X" text, a disclaimer, notes).
MAX_BOILERPLATE_PARAGRAPHS = 8
#: A text input's header block (newsroom name, release number, headline) ends at the first line
#: of at least this many words that ends like a sentence, or at a dateline.
HEADER_SENTENCE_WORDS = 12
#: An extraction of at least this many lines, this share of them of four words or fewer, is a
#: menu taken for the article (seen in fast mode on 1 of 181 AEB pages, 0 of 300 DOJ pages).
NAVIGATION_MIN_LINES = 60
NAVIGATION_SHORT_SHARE = 0.75
#: Characters of body handed to the language identifier: on the AEB pages 300 already give the
#: full text's answer on all 181; 500 cost about 0.3 ms a page.
LANGUAGE_SAMPLE_CHARS = 500
LANGUAGE_MIN_CHARS = 20

_KINDS = frozenset(
    {"macro", "widget", "widget_place", "chrome", "tail", "related", "bio", "bio_sentence", "origin", "not_origin", "lead",
     "dateline", "header", "end_mark", "end_section", "contact_line", "inline"}
)
_REQUIRED_GROUPS = {"origin": {"origin"}, "dateline": {"date"}, "inline": {"keep"}}
#: The end sections newsfacts knows; ``about`` also needs its ``subject`` group.
END_SECTIONS = frozenset({"about", "notes", "disclaimer", "contact"})
_MACRO = re.compile(r"\{([A-Z_]+)\}")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_LEADING_BULLETS = " \t-–—•*·|>"
_TRAILING_PIPES = " \t|"
_WORD = re.compile(r"\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# "Futurism. Read the…", "preliminary. They…", but not "U.S. Department".
_FIRST_SENTENCE_END = re.compile(r"(?<=[a-z]{2})[.!?]\s+(?=[A-Z])")
_SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*$")
# A headline may ask or exclaim ("Will the new port pay off?"); a paragraph states.
_STATEMENT_END = re.compile(r"[.;:][\"'”’)\]]*$")
_H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)
_TAGS = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_TITLE_ELEMENT = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TITLE_SEPARATOR = r"\s+(?:[|·•»]|-{1,2}|–|—)\s+"
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """The compiled cleanup patterns (see ``models/cleaning_patterns.jsonl`` for each kind)."""

    widget: re.Pattern[str]
    weather: re.Pattern[str]
    widget_place: re.Pattern[str]
    chrome: re.Pattern[str]
    tail: re.Pattern[str]
    related: re.Pattern[str]
    bio: re.Pattern[str]
    bio_sentence: re.Pattern[str]
    origin: tuple[re.Pattern[str], ...]
    not_origin: re.Pattern[str]
    lead: re.Pattern[str]
    dateline: tuple[re.Pattern[str], ...]
    header: tuple[re.Pattern[str], ...]
    header_any: re.Pattern[str]
    end_mark: re.Pattern[str]
    end_section: tuple[tuple[str, re.Pattern[str]], ...]
    contact_line: re.Pattern[str]
    inline: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, int]
    date_text: re.Pattern[str]
    dateline_date: re.Pattern[str]
    weekday_date: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The outcome of the cleanup layer: body lines, the headline found and the origin."""

    lines: tuple[str, ...]
    title: str | None
    origin: str | None
    #: What the release's header lines say about its date: a labelled release date, a release number's year.
    header_date: dt.date | None = None
    header_year: int | None = None


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


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise ValueError(f"{where}: unknown macro {{{name}}}")
        return f"(?:{macros[name]})"

    return _MACRO.sub(replace, pattern)


def _alternation(parts: list[str], ignore_case: bool = True) -> re.Pattern[str]:
    if not parts:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE if ignore_case else 0)


@lru_cache(maxsize=4)
def load_cleaning_rules(path: str | None = None) -> CleaningRules:
    """Read, validate and compile the cleanup patterns (once per process).

    Args:
        path: A patterns file; the packaged ``models/cleaning_patterns.jsonl`` by default.

    Raises:
        ValueError: a row has an unknown kind, a missing field, a duplicate id, a regex
            that does not compile or lacks a required named group.
    """
    source = Path(path) if path else model_path(PATTERNS_FILE)
    # Month and weekday names come from their one home, models/time_words.tsv.
    macros: dict[str, str] = {
        "MONTH": MONTH_RE,
        "WEEKDAY": "(?i:" + "|".join(sorted(map(re.escape, WEEKDAYS), key=len, reverse=True)) + ")",
    }
    months: dict[str, int] = dict(MONTHS)
    by_kind: dict[str, list[tuple[str, str, bool]]] = {kind: [] for kind in _KINDS}
    needs: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(read_jsonl(source), 1):
        where = f"{source.name} row {number}"
        kind, ident, pattern = row.get("kind"), row.get("id"), row.get("pattern")
        if kind not in _KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r} (expected one of {sorted(_KINDS)})")
        if not isinstance(ident, str) or not ident or not isinstance(pattern, str) or not pattern:
            raise ValueError(f"{where}: 'id' and 'pattern' must be non-empty strings")
        if (kind, ident) in seen:
            raise ValueError(f"{where}: duplicate id {ident!r} for kind {kind!r}")
        seen.add((kind, ident))
        expanded = _expand(pattern, macros, where)
        try:
            compiled = re.compile(expanded)
        except re.error as exc:
            raise ValueError(f"{where}: pattern {ident!r} does not compile: {exc}") from exc
        missing = _REQUIRED_GROUPS.get(kind, set()) - set(compiled.groupindex)
        if missing:
            raise ValueError(f"{where}: pattern {ident!r} needs the named group(s) {sorted(missing)}")
        if kind == "header" and "(?P=" in expanded:
            raise ValueError(f"{where}: a header pattern may not refer back to a group")
        if kind == "inline":
            if not isinstance(row.get("needs"), str) or not row["needs"]:
                raise ValueError(f"{where}: an inline pattern needs 'needs', a string every match contains")
            needs[ident] = row["needs"]
        if kind == "macro":
            macros[ident] = expanded
        else:
            by_kind[kind].append((ident, expanded, bool(row.get("ignore_case", True))))
    for kind in ("widget", "chrome", "related", "bio", "origin", "dateline", "header", "end_mark", "end_section"):
        if not by_kind[kind]:
            raise ValueError(f"{source.name}: no {kind!r} pattern")
    for ident, pattern, _ in by_kind["end_section"]:
        if ident not in END_SECTIONS:
            raise ValueError(f"{source.name}: end_section id {ident!r} is not one of {sorted(END_SECTIONS)}")
        if ident == "about" and "subject" not in re.compile(pattern).groupindex:
            raise ValueError(f"{source.name}: the 'about' end_section needs the named group 'subject'")

    def combined(kind: str) -> re.Pattern[str]:
        rows = by_kind[kind]
        return _alternation([p for _, p, _ in rows], ignore_case=all(i for _, _, i in rows))

    month = macros["MONTH"]
    date_text = re.compile(
        rf"(?P<m1>{month})(?:\.\s*|\s+)(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?[,.]?\s+(?P<y1>\d{{4}})"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{month})\.?,?\s+(?P<y2>\d{{4}})"
        r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})",
        re.IGNORECASE,
    )
    # A dateline's date may also be numeric (day first when dotted: "14.05.2024"; a slashed one only
    # when its order is certain) or lack its year ("Jan. 28", "28 January").
    dateline_date = re.compile(
        rf"{date_text.pattern}"
        r"|(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4})"
        r"|(?P<a5>\d{1,2})/(?P<b5>\d{1,2})/(?P<y5>\d{4})"
        rf"|(?P<m6>{month})(?:\.\s*|\s+)(?P<d6>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"|(?P<d7>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m7>{month})\.?",
        re.IGNORECASE,
    )
    weekday = macros.get("WEEKDAY")
    date = macros.get("DATE")
    if weekday is None or date is None:
        raise ValueError(f"{source.name}: the WEEKDAY and DATE macros are required")
    return CleaningRules(
        widget=combined("widget"),
        weather=_alternation([p for i, p, _ in by_kind["widget"] if i == "weather"]),
        widget_place=combined("widget_place"),
        chrome=combined("chrome"),
        tail=combined("tail"),
        related=combined("related"),
        bio=combined("bio"),
        bio_sentence=combined("bio_sentence"),
        origin=tuple(re.compile(p, re.IGNORECASE if i else 0) for _, p, i in by_kind["origin"]),
        not_origin=combined("not_origin"),
        lead=combined("lead"),
        dateline=tuple(re.compile(p, re.IGNORECASE if i else 0) for _, p, i in by_kind["dateline"]),
        header=tuple(re.compile(p, re.IGNORECASE if i else 0) for _, p, i in by_kind["header"]),
        # One alternation answers "is this furniture?" fast; the rows are tried one by one only
        # for a line that is, to read its groups (names may repeat across rows, not in one regex).
        header_any=_alternation([_NAMED_GROUP.sub("(?:", p) for _, p, _ in by_kind["header"]],
                                ignore_case=all(i for _, _, i in by_kind["header"])),
        end_mark=combined("end_mark"),
        end_section=tuple((ident, re.compile(p, re.IGNORECASE if i else 0)) for ident, p, i in by_kind["end_section"]),
        contact_line=combined("contact_line"),
        inline=tuple((needs[ident], re.compile(p, re.IGNORECASE if i else 0)) for ident, p, i in by_kind["inline"]),
        months=months,
        date_text=date_text,
        dateline_date=dateline_date,
        weekday_date=re.compile(rf"(?:{weekday})\.?,?\s+(?P<date>{date})", re.IGNORECASE),
    )


# ---------------------------------------------------------------------------------------------
# Dates


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


def _is_paragraph(line: str) -> bool:
    """A line that reads as a paragraph of text, not as a header line (a name, a number, a heading)."""
    return _words(line) > LIST_LINE_WORDS or _SENTENCE_END.search(line) is not None


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
        if _is_paragraph(line):
            paragraphs += 1
    return None


def _date_params() -> dict[str, object]:
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


# ---------------------------------------------------------------------------------------------
# Lines


def _key(line: str) -> str:
    """A line as chrome patterns see it: without list bullets, table pipes and edge spaces."""
    return line.lstrip(_LEADING_BULLETS).rstrip(_TRAILING_PIPES)


def _words(line: str) -> int:
    return len(line.split())


def _tokens(text: str) -> set[str]:
    return {token.casefold() for token in _WORD.findall(text)}


def _is_headline(line: str, title: str) -> bool:
    """Whether a line is the page's headline: the title, or nearly (site suffix, case, quotes)."""
    if _words(line) > 40:
        return False
    line_tokens, title_tokens = _tokens(line), _tokens(title)
    if not line_tokens or not title_tokens:
        return False
    shared = len(line_tokens & title_tokens)
    # A sentence that shares most of a short title's words is the lead, not the headline.
    needed = 0.85 if line.rstrip(" \"'”’").endswith(".") and line_tokens != title_tokens else 0.6
    if shared / len(line_tokens | title_tokens) >= needed:
        return True
    # The headline as shown, when the title adds the site's name or a section ("X - Site").
    return line_tokens <= title_tokens and shared >= 3 and shared >= 0.5 * len(title_tokens)


def _is_list_line(line: str) -> bool:
    """A line that can sit in a list of links: a bullet item, or a short line that is no sentence."""
    if line.startswith(("- ", "• ", "* ")):
        return _words(line) <= 2 * LIST_LINE_WORDS
    return _words(line) <= LIST_LINE_WORDS and _SENTENCE_END.search(line) is None


def _matches(pattern: re.Pattern[str], line: str) -> bool:
    return len(line) <= CHROME_MAX_CHARS and pattern.fullmatch(_key(line)) is not None


def origin_of(line: str, rules: CleaningRules | None = None) -> str | None:
    """X in a "Read more at X" / "Source: X" / "Originally published by X" line, else None."""
    rules = rules or load_cleaning_rules()
    key = _key(line)
    if len(key) > 200:
        return None
    for pattern in rules.origin:
        match = pattern.fullmatch(key)
        if match is None:
            continue
        parts = _FIRST_SENTENCE_END.split(match.group("origin"), maxsplit=1)
        if len(parts) > 1 and not (rules.not_origin.search(parts[1]) or _matches(rules.chrome, parts[1])):
            continue  # "Source: officials said … . They …": a sentence, not a name
        value = parts[0].strip(" .:;,-–—\"'“”")
        if _URL.fullmatch(value):
            value = re.sub(r"^(?:https?://)?(?:www\.)?", "", value, flags=re.IGNORECASE).split("/")[0]
        elif not value[:1].isupper():
            continue  # names are capitalised: "Source: officials said …" is a sentence
        if value and _words(value) <= 12 and len(value) <= 100 and not rules.not_origin.search(value):
            return value
    return None


def _is_site_line(line: str, site_name: str | None) -> bool:
    """The site's own name alone, or glued to its URL ("Homeland Security Todayhttp://www.hstoday.us")."""
    if not site_name:
        return False
    key = _key(line).casefold()
    name = site_name.casefold()
    if key == name:
        return True
    return key.startswith(name) and _URL.fullmatch(key[len(name) :].strip()) is not None


def _is_bio_paragraph(line: str, site_name: str | None, rules: CleaningRules) -> bool:
    return bool(site_name) and site_name.casefold() in line.casefold() and _matches(rules.bio_sentence, line)


def _is_end_chrome(line: str, site_name: str | None, rules: CleaningRules) -> bool:
    return (
        _matches(rules.chrome, line)
        or _matches(rules.tail, line)
        or _matches(rules.related, line)
        or _matches(rules.bio, line)
        or _is_site_line(line, site_name)
        or _is_bio_paragraph(line, site_name, rules)
    )


def _is_chrome_block(block: list[str], site_name: str | None, rules: CleaningRules) -> bool:
    """Whether everything from a "Related"/author-box heading to the end is chrome.

    Allowed: other chrome lines, origin lines, list lines (bullet items; headlines and
    names, which are short and end without a full stop), and,
    inside an author box, up to :data:`MAX_BIO_PARAGRAPHS` bio paragraphs. One ordinary
    paragraph anywhere means the heading sat inside the article: nothing is cut.
    """
    in_bio = _matches(rules.bio, block[0])
    bio_paragraphs = 0
    for line in block[1:]:
        if _matches(rules.related, line):
            in_bio = False
        elif _matches(rules.bio, line):
            in_bio = True
        elif _is_end_chrome(line, site_name, rules) or origin_of(line, rules) or _is_list_line(line):
            continue
        elif in_bio and bio_paragraphs < MAX_BIO_PARAGRAPHS:
            bio_paragraphs += 1
        else:
            return False
    return True


def _strip_head(lines: list[str], title: str | None, rules: CleaningRules) -> tuple[list[str], str | None]:
    """Drop widgets and chrome above the headline, and the headline itself (it becomes the title)."""
    if title:
        for index, line in enumerate(lines[:HEAD_LINES]):
            if _is_headline(line, title):
                above = lines[:index]
                if all(_words(x) <= LIST_LINE_WORDS for x in above):
                    return lines[index + 1 :], line
                break
    start = 0
    while start < min(len(lines), HEAD_LINES):
        line = lines[start]
        if _is_furniture(line, rules):
            start += 1
        elif _matches(rules.widget_place, line) and _next_to_weather(lines, start, rules):
            start += 1
        else:
            break
    return lines[start:], None


def _next_to_weather(lines: list[str], index: int, rules: CleaningRules) -> bool:
    neighbours = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return any(_matches(rules.weather, x) for x in neighbours)


def _strip_tail(lines: list[str], site_name: str | None, rules: CleaningRules) -> tuple[list[str], str | None]:
    """Cut a chrome block at the end (related list, author box) and trailing chrome lines.

    Returns the kept lines and the origin named by a "Read more at X" line among the
    trailing ones (the one nearest the article wins).
    """
    if len(lines) < 2:
        return lines, None
    total = sum(len(line) for line in lines)
    position = 0
    for index, line in enumerate(lines):
        if index and position >= TAIL_START_SHARE * total and (_matches(rules.related, line) or _matches(rules.bio, line)):
            block = lines[index:]
            if sum(len(x) for x in block) <= position and _is_chrome_block(block, site_name, rules):
                lines = lines[:index]
                break
        position += len(line)
    origin = None
    while len(lines) > 1:
        line = lines[-1]
        if _is_end_chrome(line, site_name, rules):
            lines = lines[:-1]
            continue
        found = origin_of(line, rules)
        if found is None:
            break
        origin = found
        lines = lines[:-1]
    return lines, origin


def clean_lines(
    lines: list[str], *, title: str | None = None, site_name: str | None = None,
    first_line_is_title: bool = False, swallowed_title: bool = False, rules: CleaningRules | None = None,
) -> CleanedText:
    """The press-release cleanup layer over the lines of a main text.

    Args:
        lines: The text's paragraphs, one per line, without empty ones.
        title: The page title from the metadata; the matching headline line is taken out.
        site_name: The publishing site; its name and description lines at the end are chrome.
        first_line_is_title: For plain text: the headline is found in the header block (see
            :func:`_text_headline`); it is the title unless it reads like a paragraph or opens
            with a dateline.
        swallowed_title: The page's headline element held the article (broken markup), so
            the first line starts with the title glued to the text: cut it off there.
        rules: Compiled patterns (the packaged ones by default).

    Returns:
        The body lines, the title (the headline as shown when one was found), the origin and
        what the header lines say about the release's date.
    """
    rules = rules or load_cleaning_rules()
    lines = [_without_inline_chrome(line, rules) for line in lines]
    header_date, header_year = _header_evidence(lines, rules)
    if first_line_is_title:
        kept, headline = _text_headline(lines, rules)
        title = headline
    else:
        kept, headline = _strip_head(lines, title, rules)
        if headline is not None:
            title = headline
        kept = _strip_header_block(kept, rules)
    if swallowed_title and kept and title and kept[0].startswith(title) and len(kept[0]) > len(title):
        kept[0] = kept[0][len(title) :].lstrip(" :|–—-")
    if kept:
        kept[0] = _trim_lead(kept[0], rules)
    kept = _strip_end_matter(kept, rules)
    kept, origin = _strip_tail(kept, site_name, rules)
    kept = [line for line in kept if not (_matches(rules.chrome, line) or _is_header_line(line, rules))]
    return CleanedText(lines=tuple(kept), title=title, origin=origin, header_date=header_date, header_year=header_year)


def _without_inline_chrome(line: str, rules: CleaningRules) -> str:
    """A paragraph without chrome glued inside it (a hover card after a name)."""
    for needed, pattern in rules.inline:
        if needed in line:
            line = pattern.sub(lambda match: match.group("keep"), line)
    return line


def _header_match(line: str, rules: CleaningRules) -> re.Match[str] | None:
    if len(line) > HEADER_MAX_CHARS:
        return None
    key = _key(line)
    if rules.header_any.fullmatch(key) is None:
        return None
    for pattern in rules.header:
        match = pattern.fullmatch(key)
        if match is not None:
            return match
    return None


def _is_header_line(line: str, rules: CleaningRules) -> bool:
    """Press-release furniture: "For Immediate Release", a release number, "Download PDF"."""
    return _header_match(line, rules) is not None


def _header_evidence(lines: list[str], rules: CleaningRules) -> tuple[dt.date | None, int | None]:
    """The release date of the header — labelled ("For Immediate Release: March 3, 2020") or a
    line that is only a date ("January 28, 2012"; a weekday before it is a site's "today"
    widget, not a release date) — and the year of the first release number ("2012-01-S-040")
    anywhere in the text."""
    date: dt.date | None = None
    year: int | None = None
    for index, line in enumerate(lines):
        if date is None and index < HEAD_LINES and len(line) <= 40:
            date = parse_date_text(line.strip(" .:"), rules)
        match = _header_match(line, rules)
        if match is None:
            continue
        groups = match.groupdict()
        if date is None and index < HEAD_LINES and groups.get("date"):
            date = parse_date_text(groups["date"], rules)
        if year is None and groups.get("year"):
            year = int(groups["year"])
    return date, year


def _is_furniture(line: str, rules: CleaningRules) -> bool:
    return _matches(rules.widget, line) or _matches(rules.chrome, line) or _is_header_line(line, rules)


def _is_header_furniture(line: str, rules: CleaningRules) -> bool:
    """Furniture of a text release's header block, where a line that is only a date is the release's date line."""
    return _is_furniture(line, rules) or (len(line) <= 40 and parse_date_text(line.strip(" .:"), rules) is not None)


def _opens_body(line: str, rules: CleaningRules) -> bool:
    """A line that opens the release's body: it starts with a dateline."""
    return find_dateline([line], rules, max_paragraphs=1) is not None or rules.lead.match(line) is not None


def _strip_header_block(lines: list[str], rules: CleaningRules) -> list[str]:
    """A page's release header above the dateline: when short lines above the paragraph that opens
    with a dateline include header furniture ("For Immediate Release", a release number), all
    of them are the header (the newsroom's name among them) and go."""
    for index, line in enumerate(lines[:HEAD_LINES]):
        if _opens_body(line, rules):
            block = lines[:index]
            if block and all(_words(x) <= LIST_LINE_WORDS and not _is_paragraph(x) for x in block) and any(
                _is_header_furniture(x, rules) for x in block
            ):
                return lines[index:]
            return lines
        if _is_paragraph(line):
            return lines
    return lines


def _text_headline(lines: list[str], rules: CleaningRules) -> tuple[list[str], str | None]:
    """A plain-text release's headline and body: the header block's furniture and newsroom lines go.

    The header block is the run of lines before the first paragraph (a line that opens with a
    dateline, or a long line ending like a sentence). In it, widgets and header furniture
    ("For Immediate Release", release numbers, "Download PDF") are dropped; the headline is
    the first other line after the last of them, else the first other line; other lines
    before the headline are the newsroom's header ("ISAF Joint Command - Afghanistan") and go
    too. A headline that reads as a paragraph is none.
    """
    end = 0
    while end < min(len(lines), HEAD_LINES):
        line = lines[end]
        if _opens_body(line, rules):
            break
        if _words(line) > LIST_LINE_WORDS or (_words(line) >= HEADER_SENTENCE_WORDS and _STATEMENT_END.search(line)):
            break
        end += 1
    block = lines[:end]
    furniture = [
        _is_header_furniture(line, rules) or (_matches(rules.widget_place, line) and _next_to_weather(block, index, rules))
        for index, line in enumerate(block)
    ]
    candidates = [index for index, is_furniture in enumerate(furniture) if not is_furniture]
    if not candidates:
        return lines[end:], None
    last_furniture = max((index for index, is_furniture in enumerate(furniture) if is_furniture), default=-1)
    after = [index for index in candidates if index > last_furniture]
    chosen = after[0] if after else candidates[0]
    headline = block[chosen]
    if _words(headline) > 30 or len(headline) > 300:
        return [line for index, line in enumerate(block) if index in candidates] + lines[end:], None
    deck = [line for index, line in enumerate(block) if index > chosen and index in candidates]
    return deck + lines[end:], headline


def _end_section(line: str, following: list[str], rules: CleaningRules) -> str | None:
    """Which end section this line opens ("about", "notes", "disclaimer", "contact"), if any.

    An "About X" line opens one only when the paragraph after it (or its own rest) describes
    X: "About Acme Corp." then "Acme Corp. is a …". "About 300 people were evacuated" does not.
    """
    if len(line) > 6 * CHROME_MAX_CHARS:
        return None
    key = _key(line)
    for ident, pattern in rules.end_section:
        match = pattern.fullmatch(key)
        if match is None:
            continue
        if ident == "about":
            subject = match.group("subject").rstrip(" .,:")
            first_word = subject.split()[0].casefold() if subject else ""
            descriptions = (match.groupdict().get("rest") or "", following[0] if following else "")
            if not first_word or not any(first_word in text[: len(subject) + 60].casefold() for text in descriptions):
                continue
        return ident
    return None


def _is_end_matter(block: list[str], rules: CleaningRules) -> bool:
    """Whether everything from an end-section line to the end is end matter.

    Allowed after it: other end sections, end marks, chrome, header furniture, contact lines
    (phones, e-mail and web addresses), short lines (names, titles, addresses) and, inside an
    "About", disclaimer or notes section, up to :data:`MAX_BOILERPLATE_PARAGRAPHS` paragraphs.
    A paragraph of prose in a contact block, or right after an end mark, means it was not end
    matter: nothing is cut.
    """
    # After an end mark only end sections, contacts and short lines may follow: prose there is
    # more text (a second statement, the release sent again), not end matter.
    section = "after_mark" if _is_end_mark(block[0], rules) else _end_section(block[0], block[1:], rules)
    paragraphs = 0
    for index, line in enumerate(block[1:], 1):
        if _is_end_mark(line, rules):
            continue
        opened = _end_section(line, block[index + 1 :], rules)
        if opened is not None:
            section, paragraphs = opened, 0
            continue
        if _is_end_chrome(line, None, rules) or _is_header_line(line, rules) or _matches(rules.contact_line, line):
            continue
        if section == "contact" and rules.contact_line.search(line) is not None and len(line) <= 400:
            continue  # "Jane Roe, Acme Corp., +1 555 0100, jane@acme.example"
        if _is_list_line(line):
            continue
        if section not in ("contact", "after_mark") and paragraphs < MAX_BOILERPLATE_PARAGRAPHS:
            paragraphs += 1
            continue
        return False
    return True


def _is_end_mark(line: str, rules: CleaningRules) -> bool:
    """"###", "-30-", "ENDS": matched on the line as written (its dashes are no list bullets)."""
    return len(line) <= 40 and rules.end_mark.fullmatch(line.strip()) is not None


def _strip_end_matter(lines: list[str], rules: CleaningRules) -> list[str]:
    """Cut the release's end matter: from an end mark ("###", "-30-", "ENDS") or from the first
    end section ("About X", notes to editors, a forward-looking-statement disclaimer, a contact
    block), when nothing but end matter follows. An end mark followed by more text (a release
    sent again below its own end) is dropped alone."""
    if len(lines) < 2:
        return lines
    total = sum(len(line) for line in lines)
    position = len(lines[0])
    marks: list[int] = []
    for index in range(1, len(lines)):
        line = lines[index]
        if _is_end_mark(line, rules):
            if _is_end_matter(lines[index:], rules):
                return [line for number, line in enumerate(lines[:index]) if number not in marks]
            marks.append(index)
        elif position >= END_MATTER_START_SHARE * total and _end_section(line, lines[index + 1 :], rules) is not None:
            if _is_end_matter(lines[index:], rules):
                return [line for number, line in enumerate(lines[:index]) if number not in marks]
        position += len(line)
    return [line for number, line in enumerate(lines) if number not in marks]


def _trim_lead(line: str, rules: CleaningRules) -> str:
    """The first paragraph without a byline, timestamp or header furniture ("FOR IMMEDIATE RELEASE")
    glued before its dateline by broken markup."""
    for pattern in rules.header:
        # Furniture in capitals runs into the dateline's capitals ("FOR IMMEDIATE RELEASE KABUL, …"):
        # the furniture phrase is matched from the start, the dateline must follow it.
        furniture = pattern.match(line, 0, 240)
        if furniture is not None and furniture.end() and line[furniture.end() : furniture.end() + 1] == " ":
            if rules.lead.match(line, furniture.end() + 1) is not None:
                return line[furniture.end() + 1 :]
    for match in rules.lead.finditer(line, 1, 240):
        if line[match.start() - 1] != " ":
            continue
        prefix = line[: match.start()].strip()
        if _matches(rules.chrome, prefix) or _matches(rules.widget, prefix):
            return line[match.start() :]
    return line


def html_title(html: str, site_name: str | None = None) -> str | None:
    """The page's ``<title>`` without the site's name ("Headline | Harbor Times" → "Headline")."""
    match = _TITLE_ELEMENT.search(html, 0, 200_000)
    if match is None:
        return None
    return without_site_name(" ".join(unescape(match.group(1)).split()), site_name) or None


def without_site_name(title: str, site_name: str | None) -> str:
    """A title without the site's name before or after it ("Headline - Site" → "Headline")."""
    if not site_name:
        return title
    name = re.escape(site_name)
    shorter = re.sub(rf"^{name}{_TITLE_SEPARATOR}|{_TITLE_SEPARATOR}{name}$", "", title, flags=re.IGNORECASE)
    return shorter or title


def origin_after_body(html: str, last_line: str, rules: CleaningRules | None = None) -> str | None:
    """The origin named just after the article's last paragraph in the page's markup.

    trafilatura drops a paragraph that is only a link ("Read more at <a>UNODC</a>"), so the
    line never reaches the text; it is looked for in the markup right after the end of the
    last paragraph kept.
    """
    rules = rules or load_cleaning_rules()
    words = last_line.split()
    for size in (6, 3):
        probe = " ".join(words[-size:])
        position = html.find(probe) if len(words) >= size else -1
        if position == -1:
            continue  # entities or tags inside the probe: try a shorter one
        for _ in range(3):  # the same words may also sit in a meta description or JSON-LD
            window = _TAGS.sub("\n", html[position + len(probe) : position + len(probe) + 3000])
            following = [line for line in (" ".join(unescape(x).split()) for x in window.split("\n")) if line][:4]
            for line in following:
                if _matches(rules.chrome, line):
                    continue
                found = origin_of(line, rules)
                if found:
                    return found
                break
            position = html.find(probe, position + 1)
            if position == -1:
                break
        return None
    return None


def compose_text(title: str | None, body: str) -> tuple[str, int]:
    """The article text (title, blank line, body) and where the body starts in it."""
    body = body.strip()
    if title:
        title = title.strip()
        if body.startswith(title):
            body = body[len(title) :].lstrip()
        text = f"{title}\n\n{body}" if body else title
        return text, len(text) - len(body)
    return body, 0


# ---------------------------------------------------------------------------------------------
# Language


@lru_cache(maxsize=1)
def _language_identifier() -> Callable[[str], tuple[str, float]]:
    import py3langid

    return py3langid.classify


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid on its first characters), None when too short."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if len(sample.strip()) < LANGUAGE_MIN_CHARS:
        return None
    code, _score = _language_identifier()(sample)
    return str(code)


# ---------------------------------------------------------------------------------------------
# Documents


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _unwrap(text: str) -> list[str]:
    """Paragraph lines of a plain text, re-joining a hard-wrapped file (every line ≤ ~80 characters)."""
    # U+2028 / U+2029 separate a release's header lines in some newsroom systems: lines like any other.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    raw_lines = [line.rstrip() for line in text.split("\n")]
    long_lines = [len(line) for line in raw_lines if len(line) > 40]
    wrapped = (
        len(long_lines) >= 3
        and max(long_lines) <= 100
        and sum(1 for n in long_lines if 50 <= n <= 80) >= 0.7 * len(long_lines)
        and _BLANK_LINES.search(text) is not None
    )
    if not wrapped:
        return _lines(text)
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        current = ""
        for line in (x.strip() for x in block.split("\n")):
            if not line:
                continue
            if current and len(current.split("\n")[-1]) >= 40:
                current = f"{current} {line}"
            else:
                current = f"{current}\n{line}" if current else line
        paragraphs.extend(x for x in current.split("\n") if x)
    return paragraphs


def _check_length(body: str, raw: RawDocument, settings: Settings) -> None:
    if len(body) < settings.min_chars:
        raise DocumentError(
            "clean", "no_main_text",
            f"{raw.source}: main text is shorter than {settings.min_chars} characters (the min_chars setting)",
        )


def _extract(html: str, raw: RawDocument, settings: Settings, *, fast: bool) -> TrafilaturaDocument | None:
    """One trafilatura pass over one parse of the page: main text, then the metadata newsfacts reads."""
    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            return None
        metadata = page_metadata(tree, raw.url, declared=declared_date(html))
        # bare_extraction copies a tree it is given, so the metadata pass below reads the page as parsed.
        result = trafilatura.bare_extraction(
            tree,
            url=raw.url or metadata.url,
            with_metadata=False,
            include_comments=False,
            include_tables=settings.include_tables,
            favor_precision=settings.favor_precision,
            fast=fast,
        )
    except (LxmlError, RecursionError, ValueError, TypeError, UnicodeError) as exc:
        raise DocumentError("clean", "unparsable_html", f"{raw.source}: the HTML cannot be parsed ({type(exc).__name__}: {exc})") from exc
    if result is not None:
        result.title, result.sitename, result.url, result.date = metadata.title, metadata.sitename, metadata.url, metadata.date
    return result


def page_metadata(tree, url: str | None, declared: dt.date | None = None) -> TrafilaturaDocument:
    """Title, site name, URL and date as ``trafilatura.extract_metadata`` finds them, and nothing else.

    trafilatura's full metadata pass also looks for authors, categories, tags and a licence,
    which newsfacts never reads; they were more than half its cost (about 4.5 of 8 ms of a
    DOJ page, most of it the author search). The steps kept are trafilatura's own, in its
    order, and ``tests/test_clean.py`` checks they agree with the full pass. A trafilatura
    that no longer has them gets the full pass. ``declared`` (the page's own
    :func:`declared_date`) is the date when given: htmldate's pick among a page's dates can be
    the local-time day before, or the oldest date of a related story.
    """
    try:
        from htmldate import find_date
        from trafilatura.metadata import (
            META_URL, Document, examine_meta, extract_meta_json, extract_title, extract_url,
        )
    except ImportError:  # pragma: no cover - a trafilatura whose internals moved
        return trafilatura.extract_metadata(tree, url, date_config=_date_params())
    metadata: Document = examine_meta(tree)
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # trafilatura guards this call the same way (bugs in its JSON-LD reader)
        pass
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    metadata.date = declared.isoformat() if declared else find_date(tree, **{**_date_params(), "url": metadata.url})
    if not metadata.sitename:
        metadata.sitename = site_name_in_title(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        found = META_URL.match(metadata.url)
        if found:
            metadata.sitename = found[1]
    metadata.clean_and_trim()
    return metadata


#: A host name inside a title part ("example.org", "Harbor-Times.co.uk"): letters on both sides of a dot.
_HOST_NAME = re.compile(r"[^\W\d_][\w-]*\.[^\W\d_]{2,}")


def site_name_in_title(tree) -> str | None:
    """The site's name from a ``<title>`` split at a separator ("Headline | example.org").

    trafilatura takes the first part holding a dot, which is also how "€2.5 million" of
    "Board approves grant – €2.5 million" became a site name; a part counts here only when
    its dot sits inside a host name.
    """
    from trafilatura.metadata import examine_title_element

    _, *parts = examine_title_element(tree)
    return next((part for part in parts if part and _HOST_NAME.search(part)), None)


def _looks_like_navigation(lines: list[str]) -> bool:
    """Whether an extraction is a menu rather than an article: very many lines, nearly all of a few words."""
    if len(lines) < NAVIGATION_MIN_LINES:
        return False
    short = sum(1 for line in lines if _words(line) <= 4)
    return short >= NAVIGATION_SHORT_SHARE * len(lines)


def clean_html(raw: RawDocument, settings: Settings) -> CleanDocument:
    """Main text and metadata of one HTML page.

    Raises:
        DocumentError: ``not_html`` (no markup), ``unparsable_html`` or ``no_main_text``.
    """
    html = decode_html(raw.content)
    if "<" not in html:
        raise DocumentError("clean", "not_html", f"{raw.source} holds no HTML markup")
    result = _extract(html, raw, settings, fast=settings.fast_extraction)
    if settings.fast_extraction and result is not None and _looks_like_navigation(_lines(result.text or "")):
        # Fast mode skips the comparison with readability/jusText that catches a page of
        # links taken for the article; redo this (rare) page without it.
        result = _extract(html, raw, settings, fast=False) or result
    if result is None or not (result.text or "").strip():
        raise DocumentError("clean", "no_main_text", f"{raw.source}: no article text found on the page")
    rules = load_cleaning_rules()
    title = (result.title or "").strip() or None
    site_name = (result.sitename or "").strip() or None
    swallowed = title is not None and _words(title) > MAX_TITLE_WORDS
    if swallowed:
        title = html_title(html, site_name)
    elif title:
        title = without_site_name(title, site_name)
    cleaned = clean_lines(_lines(result.text), title=title, site_name=site_name, swallowed_title=swallowed, rules=rules)
    origin = cleaned.origin
    if origin is None and cleaned.lines:
        origin = origin_after_body(html, cleaned.lines[-1], rules)
    body = "\n".join(cleaned.lines)
    _check_length(body, raw, settings)
    text, body_start = compose_text(cleaned.title, body)
    url = raw.url or result.url
    published, published_from = publication_date(
        raw, cleaned, rules, lambda: metadata_date(result.date, html, url, rules)
    )
    return CleanDocument(
        doc_id=raw.doc_id,
        source=raw.source,
        text=text,
        title=cleaned.title,
        body_start=body_start,
        url=url,
        published=published,
        published_from=published_from,
        site_name=site_name,
        language=detect_language(body),
        origin=origin,
    )


def publication_date(
    raw: RawDocument,
    cleaned: CleanedText,
    rules: CleaningRules,
    from_metadata: Callable[[], dt.date | None] | None = None,
) -> tuple[dt.date | None, str | None]:
    """The publication date and where it came from: the input's own field, then the page's
    metadata (HTML only), then the dateline (a year-less one takes its year from the release
    number, a full date in the text or the input's date), then the header's labelled release
    date ("For Immediate Release: March 3, 2020", also ``dateline``) — never the first date in
    the text, never today's."""
    if raw.published is not None:
        return raw.published, "input"
    if from_metadata is not None and (published := from_metadata()) is not None:
        return published, "metadata"
    evidence = YearEvidence(
        release_year=cleaned.header_year,
        text_dates=(cleaned.header_date,) if cleaned.header_date else (),  # else find_dateline reads the text's
        reference=raw.published,
    )
    dateline = find_dateline(cleaned.lines, rules, evidence=evidence)
    if dateline is not None:
        return dateline.date, "dateline"
    if cleaned.header_date is not None:
        return cleaned.header_date, "dateline"
    return None, None


def clean_text(raw: RawDocument, settings: Settings) -> CleanDocument:
    """A plain-text release: header widgets dropped, first line the title, dateline for the date.

    Raises:
        DocumentError: ``no_main_text`` when nothing is left.
    """
    rules = load_cleaning_rules()
    text = decode_html(raw.content)  # same decoding as pages: BOM, UTF-8, declared, detected
    lines = _unwrap(text)
    cleaned = clean_lines(lines, first_line_is_title=True, rules=rules)
    if not cleaned.lines and not cleaned.title and any(line.strip() for line in lines):
        # Every line reads as furniture ("1 Mar 2015", "8:25 a.m. Dec. 12, 2014" alone): a text
        # handed over is its own content, so it is kept as written rather than lost.
        written = [line for line in lines if line.strip()]
        cleaned = dataclasses.replace(cleaned, title=written[0], lines=tuple(written[1:]))
    body = "\n".join(cleaned.lines)
    if not body and not cleaned.title:
        raise DocumentError("clean", "no_main_text", f"{raw.source}: the text is empty")
    _check_length(body, raw, settings)
    composed, body_start = compose_text(cleaned.title, body)
    published, published_from = publication_date(raw, cleaned, rules)
    return CleanDocument(
        doc_id=raw.doc_id,
        source=raw.source,
        text=composed,
        title=cleaned.title,
        body_start=body_start,
        url=raw.url,
        published=published,
        published_from=published_from,
        language=detect_language(body),
        origin=cleaned.origin,
    )


def clean(raw: RawDocument, settings: Settings) -> CleanDocument:
    """One raw document → its cleaned text and metadata (dispatch on ``raw.kind``).

    Raises:
        DocumentError: the document has no usable main text (becomes an ``errors`` row).
    """
    if raw.kind == "text":
        return clean_text(raw, settings)
    return clean_html(raw, settings)
