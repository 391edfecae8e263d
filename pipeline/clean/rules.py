"""The cleanup patterns of ``models/cleaning_patterns.jsonl``: read, validated and compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.normalize.dates import MONTH_RE, MONTHS, WEEKDAY_OR_ABBREVIATION_RE
from pipeline.resources import model_path, read_jsonl


PATTERNS_FILE = "cleaning_patterns.jsonl"
_KINDS = frozenset(
    {"macro", "widget", "widget_place", "chrome", "tail", "related", "bio", "bio_sentence", "origin", "not_origin", "lead",
     "dateline", "header", "end_mark", "end_section", "contact_line", "inline"}
)
_REQUIRED_GROUPS = {"origin": {"origin"}, "dateline": {"date"}, "inline": {"keep"}}
#: The end sections newsfacts knows; ``about`` also needs its ``subject`` group.
END_SECTIONS = frozenset({"about", "notes", "disclaimer", "contact"})
_MACRO = re.compile(r"\{([A-Z_]+)\}")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


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
    #: The shapes of a full written date (the ``{DATE}`` macro) and of a dateline's date
    #: (``{DATELINE_DATE}``: also numeric or year-less); normalize.dates reads what they match.
    date_text: re.Pattern[str]
    dateline_date: re.Pattern[str]
    weekday_date: re.Pattern[str]

    @property
    def months(self) -> dict[str, int]:
        """The month names and abbreviations the ``{MONTH}`` macro matches (normalize.dates' table)."""
        return MONTHS


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


@dataclass(slots=True)
class _PatternRows:
    """A patterns file read and checked row by row: its macros and, by kind, (id, expanded pattern, ignore case)."""

    macros: dict[str, str]
    by_kind: dict[str, list[tuple[str, str, bool]]]
    needs: dict[str, str]

    def patterns(self, kind: str) -> list[str]:
        return [pattern for _, pattern, _ in self.by_kind[kind]]

    def each(self, kind: str) -> tuple[re.Pattern[str], ...]:
        """The rows of ``kind`` compiled one by one (to read their groups)."""
        return tuple(re.compile(p, re.IGNORECASE if i else 0) for _, p, i in self.by_kind[kind])

    def combined(self, kind: str) -> re.Pattern[str]:
        """The rows of ``kind`` as one alternation (case-insensitive unless a row says otherwise)."""
        rows = self.by_kind[kind]
        return _alternation([p for _, p, _ in rows], ignore_case=all(i for _, _, i in rows))


def _read_rows(source: Path) -> _PatternRows:
    """Every row of a patterns file, validated, its macros expanded."""
    # Month and weekday names come from their one home, models/time_words.tsv (read by pipeline.lexicon),
    # as normalize.dates spells them for regexes.
    macros: dict[str, str] = {
        "MONTH": MONTH_RE,
        "WEEKDAY": f"(?i:{WEEKDAY_OR_ABBREVIATION_RE})",
    }
    rows = _PatternRows(macros=macros, by_kind={kind: [] for kind in _KINDS}, needs={})
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
        _check_row(kind, ident, expanded, where)
        if kind == "inline":
            if not isinstance(row.get("needs"), str) or not row["needs"]:
                raise ValueError(f"{where}: an inline pattern needs 'needs', a string every match contains")
            rows.needs[ident] = row["needs"]
        if kind == "macro":
            macros[ident] = expanded
        else:
            rows.by_kind[kind].append((ident, expanded, bool(row.get("ignore_case", True))))
    return rows


def _check_row(kind: str, ident: str, expanded: str, where: str) -> None:
    """One row's pattern compiles and has the named groups its kind is read by."""
    try:
        compiled = re.compile(expanded)
    except re.error as exc:
        raise ValueError(f"{where}: pattern {ident!r} does not compile: {exc}") from exc
    missing = _REQUIRED_GROUPS.get(kind, set()) - set(compiled.groupindex)
    if missing:
        raise ValueError(f"{where}: pattern {ident!r} needs the named group(s) {sorted(missing)}")
    if kind == "header" and "(?P=" in expanded:
        raise ValueError(f"{where}: a header pattern may not refer back to a group")


def _check_kinds(rows: _PatternRows, name: str) -> None:
    """The file has every kind the cleanup needs, and only end sections it knows."""
    for kind in ("widget", "chrome", "related", "bio", "origin", "dateline", "header", "end_mark", "end_section"):
        if not rows.by_kind[kind]:
            raise ValueError(f"{name}: no {kind!r} pattern")
    for ident, pattern, _ in rows.by_kind["end_section"]:
        if ident not in END_SECTIONS:
            raise ValueError(f"{name}: end_section id {ident!r} is not one of {sorted(END_SECTIONS)}")
        if ident == "about" and "subject" not in re.compile(pattern).groupindex:
            raise ValueError(f"{name}: the 'about' end_section needs the named group 'subject'")


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
    rows = _read_rows(source)
    _check_kinds(rows, source.name)
    macros, by_kind = rows.macros, rows.by_kind
    weekday, date, dateline_date = (macros.get(name) for name in ("WEEKDAY", "DATE", "DATELINE_DATE"))
    if weekday is None or date is None or dateline_date is None:
        raise ValueError(f"{source.name}: the WEEKDAY, DATE and DATELINE_DATE macros are required")
    return CleaningRules(
        widget=rows.combined("widget"),
        weather=_alternation([p for i, p, _ in by_kind["widget"] if i == "weather"]),
        widget_place=rows.combined("widget_place"),
        chrome=rows.combined("chrome"),
        tail=rows.combined("tail"),
        related=rows.combined("related"),
        bio=rows.combined("bio"),
        bio_sentence=rows.combined("bio_sentence"),
        origin=rows.each("origin"),
        not_origin=rows.combined("not_origin"),
        lead=rows.combined("lead"),
        dateline=rows.each("dateline"),
        header=rows.each("header"),
        # One alternation answers "is this furniture?" fast; the rows are tried one by one only
        # for a line that is, to read its groups (names may repeat across rows, not in one regex).
        header_any=_alternation([_NAMED_GROUP.sub("(?:", p) for p in rows.patterns("header")],
                                ignore_case=all(i for _, _, i in by_kind["header"])),
        end_mark=rows.combined("end_mark"),
        end_section=tuple(zip((ident for ident, _, _ in by_kind["end_section"]), rows.each("end_section"))),
        contact_line=rows.combined("contact_line"),
        inline=tuple(zip((rows.needs[ident] for ident, _, _ in by_kind["inline"]), rows.each("inline"))),
        date_text=re.compile(date, re.IGNORECASE),
        dateline_date=re.compile(dateline_date, re.IGNORECASE),
        weekday_date=re.compile(rf"(?:{weekday})\.?,?\s+(?P<date>{date})", re.IGNORECASE),
    )
