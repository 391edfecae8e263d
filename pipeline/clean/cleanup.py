"""The press-release cleanup layer over the lines of a main text: head, header, inline chrome, end matter, tail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.clean.end_matter import strip_end_matter, strip_tail
from pipeline.clean.header import header_evidence, is_header_line, strip_head, strip_header_block, text_headline, trim_lead
from pipeline.clean.lines import matches_line
from pipeline.clean.rules import CleaningRules, load_cleaning_rules


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The outcome of the cleanup layer: body lines, the headline found and the origin."""

    lines: tuple[str, ...]
    title: str | None
    origin: str | None
    #: What the release's header lines say about its date: a labelled release date, a release number's year.
    header_date: dt.date | None = None
    header_year: int | None = None


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
            :func:`text_headline`); it is the title unless it reads like a paragraph or opens
            with a dateline.
        swallowed_title: The page's headline element held the article (broken markup), so
            the first line starts with the title glued to the text: cut it off there.
        rules: Compiled patterns (the packaged ones by default).

    Returns:
        The body lines, the title (the headline as shown when one was found), the origin and
        what the header lines say about the release's date.
    """
    rules = rules or load_cleaning_rules()
    lines = [without_inline_chrome(line, rules) for line in lines]
    header_date, header_year = header_evidence(lines, rules)
    if first_line_is_title:
        kept, headline = text_headline(lines, rules)
        title = headline
    else:
        kept, headline = strip_head(lines, title, rules)
        if headline is not None:
            title = headline
        kept = strip_header_block(kept, rules)
    if swallowed_title and kept and title and kept[0].startswith(title) and len(kept[0]) > len(title):
        kept[0] = kept[0][len(title) :].lstrip(" :|–—-")
    if kept:
        kept[0] = trim_lead(kept[0], rules)
    kept = strip_end_matter(kept, rules)
    kept, origin = strip_tail(kept, site_name, rules)
    kept = [line for line in kept if not (matches_line(rules.chrome, line) or is_header_line(line, rules))]
    return CleanedText(lines=tuple(kept), title=title, origin=origin, header_date=header_date, header_year=header_year)


def without_inline_chrome(line: str, rules: CleaningRules) -> str:
    """A paragraph without chrome glued inside it (a hover card after a name)."""
    for needed, pattern in rules.inline:
        if needed in line:
            line = pattern.sub(lambda match: match.group("keep"), line)
    return line
