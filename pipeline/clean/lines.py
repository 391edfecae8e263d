"""What a line of a main text is, as every part of the cleanup reads it: its key, its length, a list line, a paragraph."""

from __future__ import annotations

import re


#: Lines above the headline that are searched for it and for widgets.
HEAD_LINES = 8
#: Longest line (in words) that may sit in a "Related Articles" list or above a headline.
LIST_LINE_WORDS = 25
#: Longest line (in characters) that is ever tested against chrome patterns.
CHROME_MAX_CHARS = 1200
_LEADING_BULLETS = " \t-–—•*·|>"
_TRAILING_PIPES = " \t|"
_SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*$")


def line_key(line: str) -> str:
    """A line as chrome patterns see it: without list bullets, table pipes and edge spaces."""
    return line.lstrip(_LEADING_BULLETS).rstrip(_TRAILING_PIPES)


def word_count(line: str) -> int:
    """How many words (runs of non-space) a line has."""
    return len(line.split())


def is_list_line(line: str) -> bool:
    """A line that can sit in a list of links: a bullet item, or a short line that is no sentence."""
    if line.startswith(("- ", "• ", "* ")):
        return word_count(line) <= 2 * LIST_LINE_WORDS
    return word_count(line) <= LIST_LINE_WORDS and _SENTENCE_END.search(line) is None


def matches_line(pattern: re.Pattern[str], line: str) -> bool:
    """Whether ``pattern`` matches the whole line (its :func:`line_key`); a line too long for chrome never does."""
    return len(line) <= CHROME_MAX_CHARS and pattern.fullmatch(line_key(line)) is not None


def is_paragraph(line: str) -> bool:
    """A line that reads as a paragraph of text, not as a header line (a name, a number, a heading)."""
    return word_count(line) > LIST_LINE_WORDS or _SENTENCE_END.search(line) is not None
