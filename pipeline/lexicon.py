"""The one loader of the word data in ``models/``: every table read, validated and cached here.

Word lists are data, not code: a month name, a number word or a title word is written once, in
a TSV file under ``models/`` with a header saying where its words come from, and every stage
reads it through this module. A malformed row stops the load with the file and line that is
wrong, the way spaCy's ``validate=True`` stops a bad pattern, rather than being skipped.

Tables kept here are the ones several stages share (calendar words today). A table one
extractor alone reads is loaded beside that extractor, but through :func:`rows`, so every
table is validated the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NoReturn

from pipeline.resources import model_path, read_tsv

__all__ = ["LexiconError", "NameWords", "TableRow", "TimeWords", "name_words", "rows", "time_words", "title_abbreviations",
           "words_by_kind"]


class LexiconError(ValueError):
    """A row of a data file under ``models/`` that cannot be read."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a data table: its stripped cells by column, and where it was read."""

    cells: dict[str, str]
    path: str
    line: int

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def get(self, column: str, default: str = "") -> str:
        """The cell of ``column``, or ``default`` when the column is missing or empty."""
        return self.cells.get(column) or default

    def reject(self, why: str) -> NoReturn:
        """Stop the load: this row is wrong, and ``why`` says how to put it right."""
        raise LexiconError(f"{self.path}: row {self.line}: {why}: {self.cells}")


def rows(*parts: str, required: Sequence[str] = ()) -> Iterator[TableRow]:
    """The rows of the TSV table at ``models/<parts…>``, cells stripped, comments skipped.

    Args:
        parts: the table's path inside ``models/`` ("time_words.tsv", "gazetteers", "x.tsv").
        required: columns that must be non-empty in every row.

    Raises:
        LexiconError: a row misses one of the ``required`` cells.
    """
    path = model_path(*parts)
    # Line numbers count the header as line 1, as an editor shows a file without its comments.
    for number, raw in enumerate(read_tsv(path), 2):
        row = TableRow({k: (v or "").strip() for k, v in raw.items() if k is not None}, str(path), number)
        missing = [column for column in required if not row.get(column)]
        if missing:
            row.reject(f"needs {', '.join(missing)}")
        yield row


_LANGUAGE = re.compile(r"[a-z]{2}")


def language_of(row: TableRow) -> str:
    """The row's ISO 639-1 ``language`` cell, checked."""
    language = row.get("language")
    if not _LANGUAGE.fullmatch(language):
        row.reject("needs a two-letter ISO 639-1 language")
    return language


# --- calendar and time words (models/time_words.tsv) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeWords:
    """One language's rows of ``models/time_words.tsv``: the one home of month and weekday names."""

    units: dict[str, tuple[str, int]] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    relative_days: dict[str, int] = field(default_factory=dict)
    weekday_abbreviations: dict[str, int] = field(default_factory=dict)
    month_abbreviations: dict[str, int] = field(default_factory=dict)
    named_days: dict[str, int] = field(default_factory=dict)  # "black friday": a name, not a weekday


#: The units a time word may stand for (ISO 8601's designators, in words).
TIME_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")


def _time_word(words: TimeWords, row: TableRow) -> None:
    kind, word, value = row.get("kind"), row.get("word").lower(), row.get("value")
    try:
        if not word:
            raise ValueError
        if kind == "unit":
            unit, _, multiple = value.partition("*")
            if unit not in TIME_UNITS:
                raise ValueError
            words.units[word] = (unit, int(multiple or 1))
        elif kind in ("weekday", "weekday_abbreviation") and 0 <= int(value) <= 6:
            (words.weekdays if kind == "weekday" else words.weekday_abbreviations)[word] = int(value)
        elif kind in ("month", "month_abbreviation") and 1 <= int(value) <= 12:
            (words.months if kind == "month" else words.month_abbreviations)[word] = int(value)
        elif kind == "named_day" and 0 <= int(value) <= 6 and " " in word:
            words.named_days[word] = int(value)
        elif kind == "relative_day":
            words.relative_days[word] = int(value)
        else:
            raise ValueError
    except ValueError:
        row.reject("needs a language, a known kind, a word and a valid value")


@lru_cache(maxsize=None)
def _time_word_table() -> dict[str, TimeWords]:
    tables: dict[str, TimeWords] = {}
    for row in rows("time_words.tsv"):
        try:
            language = language_of(row)
        except LexiconError:
            row.reject("needs a language, a known kind, a word and a valid value")
        _time_word(tables.setdefault(language, TimeWords()), row)
    return tables


def time_words(language: str) -> TimeWords:
    """The time words of ``language`` from ``models/time_words.tsv`` (empty for unknown languages)."""
    return _time_word_table().get(language, TimeWords())


# --- tables of words by kind ------------------------------------------------------------------------


def words_by_kind(*parts: str, kinds: Sequence[str]) -> dict[str, list[str]]:
    """The ``word`` cells of a ``kind``/``word`` table at ``models/<parts…>``, by kind, in file order.

    Raises:
        LexiconError: a row misses its kind or word, or names a kind not in ``kinds``.
    """
    found: dict[str, list[str]] = {kind: [] for kind in kinds}
    for row in rows(*parts, required=("kind", "word")):
        if row["kind"] not in found:
            row.reject(f"needs a kind of {', '.join(kinds)}")
        found[row["kind"]].append(row["word"])
    return found


# --- words of person names (models/name_words.tsv) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameWords:
    """The rows of ``models/name_words.tsv``: the words around and inside a person's name."""

    #: Generational suffixes in lower case, each accepted form ("jr", "jr.").
    suffixes: frozenset[str]
    #: Lower-case particles inside a name ("van", "al"), as written.
    particles: frozenset[str]
    #: Courtesy titles before a name ("Dr", "Mrs"), as written, without their full stop.
    honorifics: tuple[str, ...]


_NAME_WORD_KINDS = ("suffix", "particle", "honorific")


@lru_cache(maxsize=1)
def name_words() -> NameWords:
    """The name suffixes, particles and honorifics of ``models/name_words.tsv``."""
    found = words_by_kind("name_words.tsv", kinds=_NAME_WORD_KINDS)
    return NameWords(
        suffixes=frozenset(word.lower() for word in found["suffix"]),
        particles=frozenset(found["particle"]),
        honorifics=tuple(found["honorific"]),
    )


# --- abbreviated titles (models/title_abbreviations.tsv) ---------------------------------------------


@lru_cache(maxsize=1)
def title_abbreviations() -> dict[str, str]:
    """Folded abbreviation without its final full stop → the title it stands for ("sen" → "Senator")."""
    return {
        row["abbreviation"].lower().rstrip("."): row["title"]
        for row in rows("title_abbreviations.tsv", required=("abbreviation", "title"))
    }
