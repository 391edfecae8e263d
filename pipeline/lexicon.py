"""The one loader of the word data in ``models/``: every table read, validated and cached here.

Word lists are data, not code: a month name, a number word or a title word is written once, in
a TSV file under ``models/`` with a header saying where its words come from, and every stage
reads it through this module. A malformed row stops the load with the file and line that is
wrong, the way spaCy's ``validate=True`` stops a bad pattern, rather than being skipped.

Tables kept here are the ones several stages share: calendar and time words, number words
(English and other languages), name words (suffixes, particles, honorifics), abbreviated
titles and the words around a figure. A table one extractor alone reads (speech verbs, event
cues, the gazetteers) is loaded beside that extractor, but through :func:`rows` or
:func:`words_by_kind`, so every table is validated the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NoReturn

from pipeline.resources import model_path, read_tsv

__all__ = [
    "FigureWords",
    "LexiconError",
    "NameWords",
    "NumberWord",
    "NumberWords",
    "TableRow",
    "TimeWords",
    "clear_caches",
    "figure_words",
    "language_of",
    "name_words",
    "number_languages",
    "number_words",
    "read_number_words",
    "rows",
    "time_words",
    "title_abbreviations",
    "words_by_kind",
]


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
    weekday_shifts: dict[str, str] = field(default_factory=dict)  # "letzten" -> "last", "kommenden" -> "next"
    everyday_words: set[str] = field(default_factory=set)  # "may", "march": calendar words that are also words


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
        elif kind == "weekday_shift" and value in ("last", "next"):
            words.weekday_shifts[word] = value
        elif kind == "everyday_word" and not value:
            words.everyday_words.add(word)
        else:
            raise ValueError
    except ValueError:
        row.reject("needs a language, a known kind, a word and a valid value")


@lru_cache(maxsize=None)
def _time_word_table() -> dict[str, TimeWords]:
    tables: dict[str, TimeWords] = {}
    for row in rows("time_words.tsv"):
        _time_word(tables.setdefault(language_of(row), TimeWords()), row)
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


# --- number words (models/number_words.tsv) ---------------------------------------------------------

#: The kinds of number word, in the order models/number_words.tsv describes them.
NUMBER_KINDS = ("unit", "teen", "tens", "hundred", "dozen", "scale", "fraction", "denominator", "ordinal", "and")
#: How a number word is written: see the header of models/number_words.tsv.
NUMBER_FORMS = ("word", "plural", "variant", "abbreviation", "informal")


@dataclass(frozen=True, slots=True)
class NumberWord:
    """One row of ``models/number_words.tsv``: a word, what kind of number word it is, its value."""

    word: str
    kind: str
    value: Decimal | None  # None for "and"
    form: str


@dataclass(frozen=True, slots=True)
class NumberWords:
    """One language's rows of ``models/number_words.tsv``: the one home of its number words."""

    language: str
    entries: tuple[NumberWord, ...] = ()

    def values(self, *kinds: str, forms: Sequence[str] = NUMBER_FORMS) -> dict[str, Decimal]:
        """Word → value of the rows of ``kinds`` written in one of ``forms`` (in table order)."""
        return {e.word: e.value for e in self.entries if e.kind in kinds and e.form in forms and e.value is not None}

    def words(self, *kinds: str, forms: Sequence[str] = NUMBER_FORMS) -> frozenset[str]:
        """The words of the rows of ``kinds`` (every kind when none is given) written in one of ``forms``."""
        return frozenset(e.word for e in self.entries if (not kinds or e.kind in kinds) and e.form in forms)


def _number_word(row: TableRow) -> NumberWord:
    kind, form, value = row.get("kind"), row.get("form", "word"), row.get("value")
    if kind not in NUMBER_KINDS or form not in NUMBER_FORMS or row.get("word") != row.get("word").lower():
        row.reject(f"needs a lower-case word, a kind in {NUMBER_KINDS} and a form in {NUMBER_FORMS}")
    if kind == "and":
        if value:
            row.reject("an 'and' row has no value")
        return NumberWord(row["word"], kind, None, form)
    try:
        number = Decimal(value)
    except ArithmeticError:
        row.reject("needs the number the word stands for")
    if not number.is_finite() or number < 0:
        row.reject("needs the number the word stands for")
    return NumberWord(row["word"], kind, number, form)


def read_number_words(*parts: str) -> dict[str, NumberWords]:
    """Every language's number words in the table at ``models/<parts…>``, validated (uncached).

    Raises:
        LexiconError: a row without a known kind or form, a number, or a lower-case word, or a
            word repeated with the same kind.
    """
    entries: dict[str, list[NumberWord]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in rows(*parts, required=("language", "word", "kind")):
        entry = _number_word(row)
        key = (language_of(row), entry.word, entry.kind)
        if key in seen:
            row.reject("repeats a word of the same kind")
        seen.add(key)
        entries.setdefault(key[0], []).append(entry)
    return {language: NumberWords(language, tuple(found)) for language, found in entries.items()}


@lru_cache(maxsize=None)
def _number_word_table() -> dict[str, NumberWords]:
    return read_number_words("number_words.tsv")


def number_words(language: str) -> NumberWords:
    """The number words of ``language`` from ``models/number_words.tsv`` (empty for unknown languages)."""
    return _number_word_table().get(language, NumberWords(language))


def number_languages() -> frozenset[str]:
    """The languages ``models/number_words.tsv`` has number words of."""
    return frozenset(_number_word_table())


# --- words around a figure (models/figure_words.tsv) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureWords:
    """``models/figure_words.tsv``: the words that decide whether a number counts a noun."""

    units: frozenset[str]  # measures, percent signs among them ("20 years", "5 kg", "40 percent")
    percent_signs: frozenset[str]  # "%", "percent", "pct.": a number's percent unit
    identifier_before: frozenset[str]
    identifier_after: frozenset[str]
    age_before: frozenset[str]
    single: frozenset[str]
    identifier_number: frozenset[str]
    not_single: frozenset[str]
    invariant: frozenset[str]


_FIGURE_WORD_KINDS = ("unit", "percent_sign", "identifier_before", "identifier_after", "age_before", "single",
                      "identifier_number", "not_single", "invariant")


@lru_cache(maxsize=1)
def figure_words() -> FigureWords:
    """``models/figure_words.tsv`` loaded once and validated (figures and the parse gate read it)."""
    found = words_by_kind("figure_words.tsv", kinds=_FIGURE_WORD_KINDS)
    words = {kind: frozenset(word.lower() for word in found[kind]) for kind in _FIGURE_WORD_KINDS}
    units, percent_signs = words.pop("unit"), words.pop("percent_sign")
    return FigureWords(units=units | percent_signs, percent_signs=percent_signs, **words)


def clear_caches() -> None:
    """Forget every table this module has loaded, so the next read sees ``models/`` as it is now
    (a table edited in a running notebook, or tests that point the loader at their own files)."""
    for loader in (_time_word_table, name_words, title_abbreviations, _number_word_table, figure_words):
        loader.cache_clear()
