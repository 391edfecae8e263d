"""What sits above a release's text: site-header widgets, the headline, header furniture ("For Immediate Release",
release numbers, "Download PDF"), a text release's header block, and a byline glued before the dateline."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.clean.datelines import find_dateline, parse_date_text
from pipeline.clean.lines import HEAD_LINES, LIST_LINE_WORDS, is_paragraph, line_key, matches_line, word_count
from pipeline.clean.rules import CleaningRules


#: Longest line (in characters) that can be press-release header furniture (an embargo line, a
#: list of reference numbers); paragraphs are longer.
HEADER_MAX_CHARS = 300
#: A text input's header block (newsroom name, release number, headline) ends at the first line
#: of at least this many words that ends like a sentence, or at a dateline.
HEADER_SENTENCE_WORDS = 12
_WORD = re.compile(r"\w+")
# A headline may ask or exclaim ("Will the new port pay off?"); a paragraph states.
_STATEMENT_END = re.compile(r"[.;:][\"'”’)\]]*$")


def _tokens(text: str) -> set[str]:
    return {token.casefold() for token in _WORD.findall(text)}


def _is_headline(line: str, title: str) -> bool:
    """Whether a line is the page's headline: the title, or nearly (site suffix, case, quotes)."""
    if word_count(line) > 40:
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


def strip_head(lines: list[str], title: str | None, rules: CleaningRules) -> tuple[list[str], str | None]:
    """Drop widgets and chrome above the headline, and the headline itself (it becomes the title)."""
    if title:
        for index, line in enumerate(lines[:HEAD_LINES]):
            if _is_headline(line, title):
                above = lines[:index]
                if all(word_count(x) <= LIST_LINE_WORDS for x in above):
                    return lines[index + 1 :], line
                break
    start = 0
    while start < min(len(lines), HEAD_LINES):
        line = lines[start]
        if _is_furniture(line, rules):
            start += 1
        elif matches_line(rules.widget_place, line) and _next_to_weather(lines, start, rules):
            start += 1
        else:
            break
    return lines[start:], None


def _next_to_weather(lines: list[str], index: int, rules: CleaningRules) -> bool:
    neighbours = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return any(matches_line(rules.weather, x) for x in neighbours)


def _header_match(line: str, rules: CleaningRules) -> re.Match[str] | None:
    if len(line) > HEADER_MAX_CHARS:
        return None
    key = line_key(line)
    if rules.header_any.fullmatch(key) is None:
        return None
    for pattern in rules.header:
        match = pattern.fullmatch(key)
        if match is not None:
            return match
    return None


def is_header_line(line: str, rules: CleaningRules) -> bool:
    """Press-release furniture: "For Immediate Release", a release number, "Download PDF"."""
    return _header_match(line, rules) is not None


def header_evidence(lines: list[str], rules: CleaningRules) -> tuple[dt.date | None, int | None]:
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
    return matches_line(rules.widget, line) or matches_line(rules.chrome, line) or is_header_line(line, rules)


def _is_header_furniture(line: str, rules: CleaningRules) -> bool:
    """Furniture of a text release's header block, where a line that is only a date is the release's date line."""
    return _is_furniture(line, rules) or (len(line) <= 40 and parse_date_text(line.strip(" .:"), rules) is not None)


def _opens_body(line: str, rules: CleaningRules) -> bool:
    """A line that opens the release's body: it starts with a dateline."""
    return find_dateline([line], rules, max_paragraphs=1) is not None or rules.lead.match(line) is not None


def strip_header_block(lines: list[str], rules: CleaningRules) -> list[str]:
    """A page's release header above the dateline: when short lines above the paragraph that opens
    with a dateline include header furniture ("For Immediate Release", a release number), all
    of them are the header (the newsroom's name among them) and go."""
    for index, line in enumerate(lines[:HEAD_LINES]):
        if _opens_body(line, rules):
            block = lines[:index]
            if block and all(word_count(x) <= LIST_LINE_WORDS and not is_paragraph(x) for x in block) and any(
                _is_header_furniture(x, rules) for x in block
            ):
                return lines[index:]
            return lines
        if is_paragraph(line):
            return lines
    return lines


def text_headline(lines: list[str], rules: CleaningRules) -> tuple[list[str], str | None]:
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
        if word_count(line) > LIST_LINE_WORDS or (word_count(line) >= HEADER_SENTENCE_WORDS and _STATEMENT_END.search(line)):
            break
        end += 1
    block = lines[:end]
    furniture = [
        _is_header_furniture(line, rules) or (matches_line(rules.widget_place, line) and _next_to_weather(block, index, rules))
        for index, line in enumerate(block)
    ]
    candidates = [index for index, is_furniture in enumerate(furniture) if not is_furniture]
    if not candidates:
        return lines[end:], None
    last_furniture = max((index for index, is_furniture in enumerate(furniture) if is_furniture), default=-1)
    after = [index for index in candidates if index > last_furniture]
    chosen = after[0] if after else candidates[0]
    headline = block[chosen]
    if word_count(headline) > 30 or len(headline) > 300:
        return [line for index, line in enumerate(block) if index in candidates] + lines[end:], None
    deck = [line for index, line in enumerate(block) if index > chosen and index in candidates]
    return deck + lines[end:], headline


def trim_lead(line: str, rules: CleaningRules) -> str:
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
        if matches_line(rules.chrome, prefix) or matches_line(rules.widget, prefix):
            return line[match.start() :]
    return line
