"""Finding words in text without spaCy: whole words, standalone forms, ASCII case folding, and
searching only near the rare cue every match must hold.

Finding a name from the document with a pattern built for it compiles that pattern anew for
every document (the names change), and each compile costs as much as the search; the finders
here give the same positions as those patterns with plain string searches. Every stage may use
them: they know nothing of spaCy, records or extractors.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Callable, Iterator

__all__ = [
    "ASCII_CASE_MATES",
    "POSSESSIVE_END",
    "ascii_lower",
    "case_blind_text",
    "finditer_near_cues",
    "occurrences",
    "occurrences_where",
    "overlaps",
    "standalone",
    "whole_word",
    "word_character",
]

def word_character(character: str) -> bool:
    """Whether ``\\w`` of a str pattern matches ``character`` (checked over all of Unicode in the tests)."""
    return character.isalnum() or character == "_"


# Under re.IGNORECASE only these non-ASCII letters match ASCII ones ("İ" and "ı" match "i", "ſ" "s",
# the Kelvin sign "k"); every other character matches an ASCII letter only by ASCII case.
ASCII_CASE_MATES = re.compile("[\u0130\u0131\u017f\u212a]")
#: A possessive ending: "'s", "’s", or a bare apostrophe after a plural ("the agencies'").
POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def ascii_lower(text: str) -> str:
    """``text`` with A-Z lowered and every other character (and offset) kept."""
    return text.translate(_ASCII_LOWER)


def case_blind_text(text: str) -> str | None:
    """``text`` in ASCII lower case, where a pattern of ASCII characters finds without
    ``re.IGNORECASE`` exactly what it finds with it in ``text`` (and much faster); None when
    ``text`` holds one of the :data:`ASCII_CASE_MATES`."""
    return None if ASCII_CASE_MATES.search(text) else ascii_lower(text)


def occurrences(text: str, literal: str) -> list[int]:
    """Starts of ``re.finditer(re.escape(literal), text)``: left to right, not overlapping."""
    if not literal:
        return list(range(len(text) + 1))
    found = []
    at = text.find(literal)
    while at >= 0:
        found.append(at)
        at = text.find(literal, at + len(literal))
    return found


def occurrences_where(text: str, literal: str, fits: Callable[[int, int], bool]) -> list[int]:
    """Starts of the occurrences of a non-empty ``literal`` that ``fits(start, end)``, as ``re.finditer``
    finds them: an occurrence that does not fit does not hide the ones overlapping it."""
    found = []
    at = text.find(literal)
    while at >= 0:
        end = at + len(literal)
        if fits(at, end):
            found.append(at)
            at = text.find(literal, end)
        else:
            at = text.find(literal, at + 1)
    return found


def standalone(text: str, form: str) -> list[int]:
    """Starts of ``form`` with no word character or hyphen touching it on either side.

    The same as ``re.finditer(rf"(?<![\\w-]){re.escape(form)}(?![\\w-])", text)``.
    """
    if not form:
        return [m.start() for m in re.finditer(r"(?<![\w-])(?![\w-])", text)]

    def free(character: str) -> bool:
        return character != "-" and not word_character(character)

    def fits(start: int, end: int) -> bool:
        return (start == 0 or free(text[start - 1])) and (end == len(text) or free(text[end]))

    return occurrences_where(text, form, fits)


def whole_word(text: str, word: str) -> list[int]:
    """Starts of ``re.finditer(r"\\b" + re.escape(word) + r"\\b", text)`` (case-sensitive)."""
    if not word:
        return [m.start() for m in re.finditer(r"\b\b", text)]
    first_is_word, last_is_word = word_character(word[0]), word_character(word[-1])

    def fits(start: int, end: int) -> bool:
        before_is_word = start > 0 and word_character(text[start - 1])
        after_is_word = end < len(text) and word_character(text[end])
        return before_is_word != first_is_word and after_is_word != last_is_word

    return occurrences_where(text, word, fits)


def finditer_near_cues(
    pattern: re.Pattern[str], text: str, cue: re.Pattern[str], run: re.Pattern[str], runs_before: int
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, tried only in the few runs before each ``cue``.

    For a pattern that backtracks at every word, trying it near the rare spot every match
    must contain is far cheaper than scanning the text. Exact when every match contains a
    ``cue`` match and starts at or after the start of the ``run`` that lies ``runs_before``
    runs before the run holding any cue inside it: the first match at or after ``position``
    then starts that close before the first cue at or after ``position``, and when none starts
    between ``position`` and that cue, the search goes on after the cue.
    """
    cues = [m.start() for m in cue.finditer(text)]
    if not cues:
        return
    run_starts = [m.start() for m in run.finditer(text)]
    position = 0
    for at in cues:
        if at < position:
            continue
        holding = bisect.bisect_right(run_starts, at) - 1
        earliest = run_starts[holding - runs_before] if holding >= runs_before else 0
        for start in range(max(position, earliest), at + 1):
            match = pattern.match(text, start)
            if match:
                yield match
                position = match.end()
                break
        else:
            position = at + 1


def overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of the ``taken`` character ranges."""
    return any(start < t_end and t_start < end for t_start, t_end in taken)
