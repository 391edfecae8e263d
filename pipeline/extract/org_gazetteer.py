"""The organisation and title data in ``models/``, loaded once per process and validated.

* ``gazetteers/organisations.tsv`` — well-known bodies: name, acronym, aliases, kind.
* ``gazetteers/not_organisations.tsv`` — surfaces the NER tags ORG that the contract excludes.
* ``patterns/organisations.jsonl`` — the SpanRuler's organisation name shapes; the head words
  ("Division", "Agency" …) and company suffixes ("Inc.", "LLC" …) are read from it so the
  extractor and the ruler share one list.
* ``patterns/titles.jsonl`` — the official titles; their plain word sequences ("police chief")
  tell a standard compound title from a body's name written before a title ("Fund Director").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.org_names import fold_key
from pipeline.resources import model_path, read_jsonl, read_tsv

_KINDS = frozenset(
    {"international", "federal", "doj", "police", "court", "legislature", "party", "company", "ngo", "criminal_group"}
)
_NOT_ORG_KINDS = frozenset({"programme", "law", "place", "generic", "title"})
_ACRONYM_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9.&\- ]*$")


@dataclass(frozen=True, slots=True)
class KnownOrganisation:
    """One gazetteer row."""

    entry_id: int
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every way a text may name it: name, aliases and acronym."""
        return (self.name, *self.aliases, *((self.acronym,) if self.acronym else ()))


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Known organisations indexed by folded surface, and a regex finding them in text."""

    entries: tuple[KnownOrganisation, ...]
    by_key: dict[str, int]
    acronyms: frozenset[str]
    finder: re.Pattern[str]

    def lookup(self, surface: str) -> KnownOrganisation | None:
        """The entry a surface form names, if any (case, 'the', 'U.S.' and possessives folded)."""
        entry = self.by_key.get(fold_key(surface))
        return None if entry is None else self.entries[entry]


@lru_cache(maxsize=1)
def known_organisations() -> Gazetteer:
    """The organisations gazetteer (``models/gazetteers/organisations.tsv``), validated."""
    path = model_path("gazetteers", "organisations.tsv")
    entries: list[KnownOrganisation] = []
    by_key: dict[str, int] = {}
    for number, row in enumerate(read_tsv(path), 1):
        name = (row.get("name") or "").strip()
        kind = (row.get("kind") or "").strip()
        if not name or kind not in _KINDS:
            raise ValueError(f"{path}: row {number} needs a name and a kind in {sorted(_KINDS)}: {row}")
        acronym = (row.get("acronym") or "").strip() or None
        if acronym and not _ACRONYM_SHAPE.match(acronym):
            raise ValueError(f"{path}: row {number}: acronym {acronym!r} is not a plain acronym")
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        entry = KnownOrganisation(len(entries), name, acronym, aliases, kind)
        entries.append(entry)
        for surface in entry.surfaces:
            key = fold_key(surface)
            if key in by_key and by_key[key] != entry.entry_id:
                raise ValueError(f"{path}: {surface!r} names both {entries[by_key[key]].name!r} and {name!r}")
            by_key[key] = entry.entry_id
    surfaces = sorted({s for e in entries for s in e.surfaces}, key=len, reverse=True)
    # Whole words only; a possessive ("FBI's", or "FBIs" in pages that lost their apostrophes) may follow.
    finder = re.compile(
        r"(?<![\w.\-])(?:" + "|".join(re.escape(s) for s in surfaces) + r")(?='s|’s|s\b|'|’|(?![\w\-]))"
    )
    acronyms = frozenset(e.acronym for e in entries if e.acronym)
    return Gazetteer(tuple(entries), by_key, acronyms, finder)


@dataclass(frozen=True, slots=True)
class NotOrganisations:
    """What the contract excludes: whole surfaces, and first/last words of programme or law names."""

    surfaces: dict[str, str]
    first_words: dict[str, str]
    last_words: dict[str, str]

    def reason(self, surface: str) -> str | None:
        """Why ``surface`` is not an organisation, or None when nothing here excludes it."""
        if (kind := self.surfaces.get(fold_key(surface))) is not None:
            return kind
        words = surface.split()
        if not words:
            return "generic"
        return self.last_words.get(words[-1].lower()) or self.first_words.get(words[0].lower())


@lru_cache(maxsize=1)
def not_organisations() -> NotOrganisations:
    """The exclusions in ``models/gazetteers/not_organisations.tsv``, validated."""
    path = model_path("gazetteers", "not_organisations.tsv")
    surfaces: dict[str, str] = {}
    first_words: dict[str, str] = {}
    last_words: dict[str, str] = {}
    for number, row in enumerate(read_tsv(path), 1):
        surface, kind = (row.get("surface") or "").strip(), (row.get("kind") or "").strip()
        if not surface or kind not in _NOT_ORG_KINDS:
            raise ValueError(f"{path}: row {number} needs a surface and a kind in {sorted(_NOT_ORG_KINDS)}: {row}")
        where, _, word = surface.partition(":")
        if word and where in {"first", "last"}:
            (first_words if where == "first" else last_words)[word.lower()] = kind
        else:
            surfaces[fold_key(surface)] = kind
    return NotOrganisations(surfaces, first_words, last_words)


@dataclass(frozen=True, slots=True)
class NameShapes:
    """Word lists the organisation patterns are built on."""

    heads: frozenset[str]
    company_suffixes: frozenset[str]


@lru_cache(maxsize=1)
def name_shapes() -> NameShapes:
    """Head words and company suffixes, read from ``patterns/organisations.jsonl``."""
    path = model_path("patterns", "organisations.jsonl")
    heads: set[str] = set()
    suffixes: set[str] = set()
    for row in read_jsonl(path):
        pattern = row.get("pattern")
        if row.get("label") != "ORG" or not isinstance(pattern, list) or not pattern:
            raise ValueError(f"{path}: every row needs label ORG and a token pattern: {row}")
        last = pattern[-1].get("LOWER")
        if isinstance(last, dict) and isinstance(last.get("IN"), list):
            if row.get("id") in {"head_final"}:
                heads.update(last["IN"])
            elif row.get("id") == "company":
                suffixes.update(last["IN"])
    if not heads or not suffixes:
        raise ValueError(f"{path}: needs 'head_final' and 'company' patterns ending in a LOWER IN list")
    return NameShapes(frozenset(heads), frozenset(suffixes))


@lru_cache(maxsize=1)
def title_phrases() -> frozenset[str]:
    """The lower-case word sequences of the fixed titles in ``patterns/titles.jsonl`` ("police chief")."""
    path = model_path("patterns", "titles.jsonl")
    phrases: set[str] = set()
    for row in read_jsonl(path):
        pattern = row.get("pattern")
        if row.get("label") not in {"TITLE", "TITLE_MODIFIER"} or not isinstance(pattern, list) or not pattern:
            raise ValueError(f"{path}: every row needs label TITLE or TITLE_MODIFIER and a token pattern: {row}")
        words = [token.get("LOWER") for token in pattern]
        if row["label"] == "TITLE" and all(isinstance(w, str) for w in words):
            phrases.add(" ".join(words))
    if not phrases:
        raise ValueError(f"{path}: no fixed titles")
    return frozenset(phrases)
