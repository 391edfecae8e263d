"""The organisation and title data in ``models/``, loaded once per process and validated.

* ``gazetteers/organisations.tsv`` — well-known bodies: name, acronym, aliases, kind.
* ``gazetteers/not_organisations.tsv`` — surfaces the NER tags ORG that the contract excludes.
* ``gazetteers/place_kinds.tsv`` — words naming a kind of place after its name ("Osun State").
* ``gazetteers/regions.tsv`` — continents and world regions ("North America"), with their compass words.
* ``gazetteers/company_words.tsv`` — words a company's full name adds to its short one ("Group").
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
from pipeline.lexicon import rows
from pipeline.resources import model_path, read_jsonl

_KINDS = frozenset(
    {"international", "federal", "doj", "police", "court", "legislature", "party", "company", "ngo", "criminal_group",
     "national", "media", "sports"}
)
_NOT_ORG_KINDS = frozenset({"programme", "law", "place", "generic", "title", "event", "venue", "index", "term", "product"})
#: Exclusions read from a name's last word only when the name has more words ("Cup" alone may be a brand).
_MULTIWORD_KINDS = frozenset({"event", "venue", "index", "place"})
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
    entries: list[KnownOrganisation] = []
    by_key: dict[str, int] = {}
    for row in rows("gazetteers", "organisations.tsv"):
        name, kind = row.get("name"), row.get("kind")
        if not name or kind not in _KINDS:
            row.reject(f"needs a name and a kind in {sorted(_KINDS)}")
        acronym = row.get("acronym") or None
        if acronym and not _ACRONYM_SHAPE.match(acronym):
            row.reject(f"acronym {acronym!r} is not a plain acronym")
        aliases = tuple(a.strip() for a in row.get("aliases").split("|") if a.strip())
        entry = KnownOrganisation(len(entries), name, acronym, aliases, kind)
        entries.append(entry)
        for surface in entry.surfaces:
            key = fold_key(surface)
            if key in by_key and by_key[key] != entry.entry_id:
                row.reject(f"{surface!r} names both {entries[by_key[key]].name!r} and {name!r}")
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
    #: Lower-case nouns that, written right after a name, make it the name of a thing ("the Acme
    #: conference", "the Acme app").
    next_words: dict[str, str]

    def reason(self, surface: str) -> str | None:
        """Why ``surface`` is not an organisation, or None when nothing here excludes it."""
        if (kind := self.surfaces.get(fold_key(surface))) is not None:
            return kind
        words = surface.split()
        if not words:
            return "generic"
        last = self.last_words.get(words[-1].lower())
        if last is not None and (len(words) > 1 or last not in _MULTIWORD_KINDS):
            return last
        return self.first_words.get(words[0].lower())


@lru_cache(maxsize=1)
def not_organisations() -> NotOrganisations:
    """The exclusions in ``models/gazetteers/not_organisations.tsv``, validated."""
    surfaces: dict[str, str] = {}
    first_words: dict[str, str] = {}
    last_words: dict[str, str] = {}
    next_words: dict[str, str] = {}
    for row in rows("gazetteers", "not_organisations.tsv"):
        surface, kind = row.get("surface"), row.get("kind")
        if not surface or kind not in _NOT_ORG_KINDS:
            row.reject(f"needs a surface and a kind in {sorted(_NOT_ORG_KINDS)}")
        where, _, word = surface.partition(":")
        if word and where in {"first", "last", "next"}:
            {"first": first_words, "last": last_words, "next": next_words}[where][word.lower()] = kind
        else:
            surfaces[fold_key(surface)] = kind
    return NotOrganisations(surfaces, first_words, last_words, next_words)


@dataclass(frozen=True, slots=True)
class NameShapes:
    """Word lists the organisation patterns are built on."""

    heads: frozenset[str]
    company_suffixes: frozenset[str]


#: Labels of ``patterns/organisations.jsonl``: organisation name shapes, and the end of a sub-office's
#: name ("Field Office" of "Houston Field Office") the organisations extractor keeps with its parent.
_PATTERN_LABELS = frozenset({"ORG", "SUB_OFFICE"})


@lru_cache(maxsize=1)
def name_shapes() -> NameShapes:
    """Head words and company suffixes, read from ``patterns/organisations.jsonl``."""
    path = model_path("patterns", "organisations.jsonl")
    heads: set[str] = set()
    suffixes: set[str] = set()
    for row in read_jsonl(path):
        pattern = row.get("pattern")
        if row.get("label") not in _PATTERN_LABELS or not isinstance(pattern, list) or not pattern:
            raise ValueError(f"{path}: every row needs a label in {sorted(_PATTERN_LABELS)} and a token pattern: {row}")
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


@dataclass(frozen=True, slots=True)
class Places:
    """Country and first-level subdivision names (ISO 3166 via pycountry), folded, to tell places from bodies."""

    countries: frozenset[str]
    subdivisions: frozenset[str]
    #: Subdivision codes that follow a city in a dateline or listing ("Toronto, ON", "Reston, VA").
    subdivision_codes: frozenset[str]
    #: Words naming a kind of place after its name (:func:`place_kinds`).
    kinds: frozenset[str]
    #: Continents and world regions, and the compass words that may qualify them (``gazetteers/regions.tsv``).
    regions: frozenset[str]
    compass_words: frozenset[str]

    def is_place(self, surface: str) -> bool:
        """A country, or a subdivision outside the U.S. written with its kind ("Osun State", "Ontario Province")."""
        key = fold_key(surface)
        if key in self.countries:
            return True
        words = key.split()
        return len(words) >= 2 and words[-1] in self.kinds and " ".join(words[:-1]) in self.subdivisions

    def is_region(self, surface: str) -> bool:
        """A continent or world region, maybe with a compass word ("North America", "Asia Pacific")."""
        words = [w for w in fold_key(surface).split() if w not in self.compass_words]
        return bool(words) and " ".join(words) in self.regions


_REGION_KINDS = frozenset({"region", "compass"})
#: Countries whose subdivision codes news copy writes after a city ("Reston, VA", "Toronto, ON").
_CODE_COUNTRIES = ("US", "CA", "AU")


@lru_cache(maxsize=1)
def place_kinds() -> frozenset[str]:
    """Words naming a kind of place written after its name ("state", "province", "county" …), from
    ``models/gazetteers/place_kinds.tsv``."""
    return frozenset(row["word"].lower() for row in rows("gazetteers", "place_kinds.tsv", required=("word",)))


@lru_cache(maxsize=1)
def company_words() -> frozenset[str]:
    """Words a company's full name adds to its short one besides the legal suffix ("group", "holdings" …),
    from ``models/gazetteers/company_words.tsv``."""
    return frozenset(fold_key(row["word"]) for row in rows("gazetteers", "company_words.tsv", required=("word",)))


@lru_cache(maxsize=1)
def places() -> Places:
    """Countries and subdivisions from pycountry's ISO 3166-1 and 3166-2 tables."""
    import pycountry  # ISO data, loaded on first use only

    countries = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                countries.add(fold_key(value))
    # U.S. states are left out: "Ohio State" and "Penn State" are universities and their teams.
    subdivisions = {fold_key(s.name) for s in pycountry.subdivisions if not s.code.startswith("US-")}
    codes = {
        s.code.split("-", 1)[1]
        for country in _CODE_COUNTRIES
        for s in pycountry.subdivisions.get(country_code=country) or ()
    }
    regions: dict[str, set[str]] = {kind: set() for kind in _REGION_KINDS}
    for row in rows("gazetteers", "regions.tsv", required=("name", "kind")):
        if row["kind"] not in _REGION_KINDS:
            row.reject(f"needs a kind in {sorted(_REGION_KINDS)}")
        regions[row["kind"]].add(fold_key(row["name"]))
    return Places(frozenset(countries), frozenset(subdivisions), frozenset(codes), place_kinds(),
                  frozenset(regions["region"]), frozenset(regions["compass"]))


# Regular English demonym endings, tried in this order over every country ("Nigerian" is Nigeria's
# before it is Niger's): (letters dropped from the name's end, ending added).
_DEMONYM_ENDINGS = ((0, "n"), (0, "an"), (1, "an"), (0, "ian"), (1, "ian"), (0, "i"), (0, "ese"), (1, "ese"), (1, ""))


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Folded nationality adjective → country name ("indian" → "India").

    Derived from pycountry's country names with the regular endings, then the irregular ones of
    ``models/gazetteers/demonyms.tsv`` on top.
    """
    import pycountry

    names = []
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," not in name:
            names.append(name)
    found: dict[str, str] = {}
    for drop, ending in _DEMONYM_ENDINGS:
        for name in names:
            if " " in name:
                continue  # "New Zealand", "South Africa": compound names take their demonyms from the file
            stem = fold_key(name)
            if drop and (len(stem) < 4 or stem[-1] not in ("y" if not ending else "aeiouy")):
                continue  # "Germany" → "German", but not "Cuba" → "Cub"
            demonym = (stem[:-drop] if drop else stem) + ending
            if demonym != stem:
                found.setdefault(demonym, name)
    for row in rows("gazetteers", "demonyms.tsv", required=("demonym", "country")):
        found[fold_key(row["demonym"])] = row["country"]
    return found


def demonym_country(word: str) -> str | None:
    """The country a nationality adjective names ("Indian" → "India"), or None."""
    return demonyms().get(fold_key(word)) if word[:1].isupper() else None
