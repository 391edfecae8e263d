"""HTML pages: one trafilatura extraction and the metadata newsfacts reads (title, site name, URL, date)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import TYPE_CHECKING

import trafilatura
from lxml.etree import LxmlError

from pipeline.clean.cleanup import clean_lines
from pipeline.clean.document import check_length, compose_text, detect_language, paragraph_lines
from pipeline.clean.end_matter import origin_of
from pipeline.clean.lines import matches_line, word_count
from pipeline.clean.published import declared_date, htmldate_options, metadata_date, publication_date
from pipeline.clean.rules import CleaningRules, load_cleaning_rules
from pipeline.config import Settings
from pipeline.errors import DocumentError
from pipeline.records import CleanDocument, RawDocument
from pipeline.sources import decode_html

if TYPE_CHECKING:
    from trafilatura.settings import Document as TrafilaturaDocument


#: A title longer than this (words) is a swallowed page (an unclosed <h1>), not a headline.
MAX_TITLE_WORDS = 40
#: An extraction of at least this many lines, this share of them of four words or fewer, is a
#: menu taken for the article (seen in fast mode on 1 of 181 AEB pages, 0 of 300 DOJ pages).
NAVIGATION_MIN_LINES = 60
NAVIGATION_SHORT_SHARE = 0.75
_TAGS = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_TITLE_ELEMENT = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TITLE_SEPARATOR = r"\s+(?:[|·•»]|-{1,2}|–|—)\s+"


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
                if matches_line(rules.chrome, line):
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
        return trafilatura.extract_metadata(tree, url, date_config=htmldate_options())
    metadata: Document = examine_meta(tree)
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # trafilatura guards this call the same way (bugs in its JSON-LD reader)
        pass
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    metadata.date = declared.isoformat() if declared else find_date(tree, **{**htmldate_options(), "url": metadata.url})
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
HOST_NAME = re.compile(r"[^\W\d_][\w-]*\.[^\W\d_]{2,}")


def site_name_in_title(tree) -> str | None:
    """The site's name from a ``<title>`` split at a separator ("Headline | example.org").

    trafilatura takes the first part holding a dot, which is also how "€2.5 million" of
    "Board approves grant – €2.5 million" became a site name; a part counts here only when
    its dot sits inside a host name.
    """
    from trafilatura.metadata import examine_title_element

    _, *parts = examine_title_element(tree)
    return next((part for part in parts if part and HOST_NAME.search(part)), None)


def _looks_like_navigation(lines: list[str]) -> bool:
    """Whether an extraction is a menu rather than an article: very many lines, nearly all of a few words."""
    if len(lines) < NAVIGATION_MIN_LINES:
        return False
    short = sum(1 for line in lines if word_count(line) <= 4)
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
    if settings.fast_extraction and result is not None and _looks_like_navigation(paragraph_lines(result.text or "")):
        # Fast mode skips the comparison with readability/jusText that catches a page of
        # links taken for the article; redo this (rare) page without it.
        result = _extract(html, raw, settings, fast=False) or result
    if result is None or not (result.text or "").strip():
        raise DocumentError("clean", "no_main_text", f"{raw.source}: no article text found on the page")
    rules = load_cleaning_rules()
    title = (result.title or "").strip() or None
    site_name = (result.sitename or "").strip() or None
    swallowed = title is not None and word_count(title) > MAX_TITLE_WORDS
    if swallowed:
        title = html_title(html, site_name)
    elif title:
        title = without_site_name(title, site_name)
    cleaned = clean_lines(paragraph_lines(result.text), title=title, site_name=site_name, swallowed_title=swallowed, rules=rules)
    origin = cleaned.origin
    if origin is None and cleaned.lines:
        origin = origin_after_body(html, cleaned.lines[-1], rules)
    body = "\n".join(cleaned.lines)
    check_length(body, raw, settings)
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
