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

The modules, in the order a page goes through them: ``pages`` (trafilatura and the page's
metadata) or ``text`` (a plain-text release); ``cleanup`` (the line layer, :func:`clean_lines`)
over ``header`` (widgets, headline, header furniture), ``end_matter`` (end sections, tail
chrome, origin) and ``lines`` (what a line is); ``datelines`` and ``published`` (the dates,
read by :mod:`pipeline.normalize.dates`); ``document`` (text, length, language); ``rules``
(the compiled patterns).
"""

from __future__ import annotations

from pipeline.clean.cleanup import CleanedText, clean_lines
from pipeline.clean.datelines import (
    Dateline,
    DatelineDate,
    YearEvidence,
    find_dateline,
    parse_date_text,
    parse_dateline_date,
    resolve_dateline_year,
    text_dates,
)
from pipeline.clean.document import compose_text, detect_language
from pipeline.clean.end_matter import origin_of
from pipeline.clean.pages import (
    HOST_NAME,
    clean_html,
    html_title,
    origin_after_body,
    page_metadata,
    site_name_in_title,
    without_site_name,
)
from pipeline.clean.published import declared_date, htmldate_options, metadata_date, publication_date
from pipeline.clean.rules import CleaningRules, load_cleaning_rules
from pipeline.clean.text import clean_text
from pipeline.config import Settings
from pipeline.records import CleanDocument, RawDocument

__all__ = [
    "HOST_NAME",
    "CleanedText",
    "CleaningRules",
    "Dateline",
    "DatelineDate",
    "YearEvidence",
    "clean",
    "clean_html",
    "clean_lines",
    "clean_text",
    "compose_text",
    "declared_date",
    "detect_language",
    "find_dateline",
    "html_title",
    "htmldate_options",
    "load_cleaning_rules",
    "metadata_date",
    "origin_after_body",
    "origin_of",
    "page_metadata",
    "parse_date_text",
    "parse_dateline_date",
    "publication_date",
    "resolve_dateline_year",
    "site_name_in_title",
    "text_dates",
    "without_site_name",
]


def clean(raw: RawDocument, settings: Settings) -> CleanDocument:
    """One raw document → its cleaned text and metadata (dispatch on ``raw.kind``).

    Raises:
        DocumentError: the document has no usable main text (becomes an ``errors`` row).
    """
    if raw.kind == "text":
        return clean_text(raw, settings)
    return clean_html(raw, settings)
