"""Pure name logic of the run-wide entities pass: which spellings name one organisation.

Nothing here reads files. :mod:`pipeline.entities` gathers the run's evidence into an
:class:`OrgEvidence`, then asks :class:`OrgResolver` (people: :mod:`pipeline.entity_people`)
for each row's *entity key*: a normalised name that every spelling of one entity shares.
The entity id is a hash of that key, so the same inputs give the same ids everywhere.

Organisations, strongest evidence first:

1. a definition seen anywhere in the run ("Internal Revenue Service (IRS)") gives a bare
   acronym, or an acronym inside a name ("IRS Criminal Investigation"), its long form —
   when the run defines it one way; when two bodies share it, the other bodies the
   document names decide (:meth:`OrgResolver.resolve`), else it stays apart;
2. the gazetteer (``models/gazetteers/organisations.tsv``): its names, aliases and acronyms;
3. regular name forms: :func:`pipeline.extract.org_names.fold_key` (case, "the",
   possessives, punctuation, hyphens and dashes, "U.S." / "United States", "Justice
   Department" ↔ "Department of Justice"), company suffixes through ``cleanco``, a
   possessive that lost its apostrophe ("Department of Justices", when the run writes the
   body without the "s" more often), and an acronym glued to the next word ("IRSCriminal").

A unit keeps its parent in its key ("Justice Department's Tax Division" →
``department of justice tax division``), so a parent and its unit, sibling units, and
one unit name under two parents stay apart. A bare unit ("Tax Division") joins the one
parent the run gives it, or, when the run gives it several, the one its document names.

People are in :mod:`pipeline.entity_people`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.extract.org_gazetteer import known_organisations, name_shapes
from pipeline.extract.org_names import acronym_fits, fold_key, looks_like_acronym
from pipeline.textsearch import POSSESSIVE_END

__all__ = [
    "ORGANISATION",
    "PERSON",
    "OrgEvidence",
    "OrgResolver",
    "acronym_code",
    "bare_acronym",
    "entity_id",
    "most_common_form",
    "org_key",
    "parent_and_unit",
    "unit_shaped",
]

ORGANISATION = "organisation"
PERSON = "person"
_ID_PREFIX = {ORGANISATION: "org-", PERSON: "per-"}
#: "IRSCriminal": capitals glued to a capitalised word when a page lost the space or hyphen.
_GLUED = re.compile(r"\b(?P<acronym>[A-Z]{2,6})(?P<word>[A-Z][a-z]{2,})\b")
_ACRONYM_TOKEN = re.compile(r"(?<![\w.])[A-Z][A-Za-z0-9.&]*[A-Z0-9](?![\w.])")
#: A bare unit resolved by context needs the document to name exactly one of its parents;
#: a shared acronym needs its best reading to score at least this many times the next.
_CONTEXT_MARGIN = 2.0
#: One long form of an acronym, or one parent of a unit, is the run's when it outweighs the next this much.
_DOMINANT = 4.0
_JOINING_DASH = re.compile(r"(?<=[A-Za-z])\s*[-–—]\s*(?=[A-Z])")
_UNIT_OF_PARENT = re.compile(r"^(?P<unit>.+?)\s+(?:of|in)\s+(?:the\s+)?(?P<parent>[A-Z].+)$")


def entity_id(kind: str, key: str) -> str:
    """The stable id of the entity whose key is ``key``: same key, same id, on every machine."""
    return _ID_PREFIX[kind] + hashlib.sha1(f"{kind}\x1f{key}".encode()).hexdigest()[:16]


def acronym_code(acronym: str) -> str:
    """An acronym's letters and digits in capitals: "IRS-CI" and "IRS CI" share "IRSCI"."""
    return re.sub(r"[^A-Z0-9]", "", acronym.upper())


@lru_cache(maxsize=200_000)
def _company_base(surface: str) -> str:
    from cleanco import basename

    words = surface.split()
    # cleanco only when the last word is a legal suffix: it is slow, and most bodies have none.
    if len(words) > 1 and words[-1].lower().strip(",") in name_shapes().company_suffixes:
        return basename(surface) or surface
    return surface


@lru_cache(maxsize=200_000)
def org_key(surface: str) -> str:
    """The regular-form key of an organisation's name (no run evidence): folded, without a legal suffix."""
    return fold_key(_company_base(surface.strip()))


def bare_acronym(surface: str) -> bool:
    """One word shaped like an acronym ("FBI", "IRS-CI", "U.N.")."""
    return " " not in surface.strip() and looks_like_acronym(surface.strip())


def unit_shaped(key: str) -> bool:
    """A name a unit has: "tax division", "new york field office", "office of international affairs".

    Two or more words ending in a head word, or a head word then "of"/"for"/"on".
    """
    words = key.split()
    heads = name_shapes().heads
    return len(words) >= 2 and (words[-1] in heads or words[0] in heads and words[1] in {"of", "for", "on"})


def parent_and_unit(alias: str, name: str) -> str | None:
    """The parent an alias names before a unit: "Justice Departments Tax Division" of "Tax Division".

    Returns the parent as written, its possessive kept (the caller decides what it folds to),
    or None when the alias is not "<parent> <name>".
    """
    alias, name = alias.strip(), name.strip()
    if len(alias) <= len(name) + 2 or not alias.lower().endswith(" " + name.lower()):
        return None
    parent = alias[: -len(name)].strip().rstrip(",")
    return parent or None


@dataclass
class OrgEvidence:
    """What the whole run says about organisation names, gathered from every shard.

    Attributes:
        definitions: acronym code → {long-form key: documents defining it so}.
        keys: how many rows name each regular-form key.
        unit_parents: unit key → {parent entity key: rows whose document gives it that parent}.
        profiles: for shared acronyms, (code, long key) → the other keys of documents defining it so.
    """

    definitions: dict[str, Counter[str]] = field(default_factory=dict)
    keys: Counter[str] = field(default_factory=Counter)
    unit_parents: dict[str, Counter[str]] = field(default_factory=dict)
    profiles: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)

    def qualify_parents(self) -> None:
        """Give each recorded parent its own parent, and count a parent toward a unit of it.

        Parents are gathered before units have parents ("criminal division" of "fraud
        section"); a parent that is itself a unit of one body gets that body's key in front
        ("department of justice criminal division"), as its own rows do. A unit seen under
        a body and under that body's unit ("Office of International Affairs" of the Justice
        Department and of its Criminal Division) has the more specific parent.
        """

        # Two units named as each other's parent (a misread list): the weaker claim goes.
        for unit, parents in self.unit_parents.items():
            for parent in list(parents):
                back = self.unit_parents.get(parent, Counter()).get(unit, 0)
                if back and back >= parents[parent]:
                    del parents[parent]

        def qualified(key: str, depth: int = 0) -> str:
            parent = self.dominant_parent(key) if depth < 3 else None
            return key if parent is None else f"{qualified(parent, depth + 1)} {key}"

        chains = {}
        for unit, parents in self.unit_parents.items():
            counts: Counter[str] = Counter()
            for parent, n in parents.items():
                counts[qualified(parent)] += n  # two spellings of one parent chain add up
            for parent in sorted(counts, key=len):
                deeper = [q for q in counts if q != parent and q.startswith(parent + " ")]
                # Only a well-supported deeper chain takes the body's count (a misread one does not).
                if len(deeper) == 1 and counts[deeper[0]] >= counts[parent]:
                    counts[deeper[0]] += counts.pop(parent)
            chains[unit] = counts
        self.unit_parents = chains

    def dominant_parent(self, unit: str) -> str | None:
        """The parent nearly every document giving one gives this unit, if there is one.

        A parent only one row gives is no evidence for the unit's other rows.
        """
        parents = self.unit_parents.get(unit)
        return _dominant(Counter({p: n for p, n in parents.items() if n >= 2})) if parents else None

    def shared_unit(self, unit: str) -> bool:
        """Whether two or more bodies have a unit of this name in the run (each named twice or more)."""
        return sum(1 for n in self.unit_parents.get(unit, Counter()).values() if n >= 2) >= 2


def _dominant(counts: Counter[str] | None, known: str | None = None) -> str | None:
    """The value that outweighs the rest: alone, 4× the next, or 2× the next and the gazetteer's."""
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) == 1 or ranked[0][1] >= _DOMINANT * ranked[1][1]:
        return ranked[0][0]
    if known is not None and ranked[0][0] == known and ranked[0][1] >= _CONTEXT_MARGIN * ranked[1][1]:
        return known
    return None


class OrgResolver:
    """Entity keys of organisation rows, given the run's :class:`OrgEvidence`."""

    def __init__(self, evidence: OrgEvidence) -> None:
        self.evidence = evidence
        self.gazetteer = known_organisations()
        self._gazetteer_acronyms = {
            acronym_code(e.acronym): fold_key(e.name) for e in self.gazetteer.entries if e.acronym
        }
        # Memos over distinct spellings (a run repeats names far more than it has them).
        self._cache: dict[str, str] = {}
        self._regular: dict[str, str] = {}
        self._written: dict[str, str] = {}
        self._parent_of: dict[tuple[str, tuple[str, ...]], tuple[str, str] | None] = {}
        self._long_keys = {k for forms in evidence.definitions.values() for k in forms}
        self._entries: dict[str, object] = {}
        self._splits: dict[str, tuple[str, str] | None] = {}
        self._dominants: dict[str, str | None] = {}

    def _entry(self, surface: str):
        """The gazetteer entry a surface names (memoised: the same names are looked up again and again)."""
        if surface not in self._entries:
            self._entries[surface] = self.gazetteer.lookup(surface)
        return self._entries[surface]

    def _dominant_parent(self, unit: str) -> str | None:
        if unit not in self._dominants:
            self._dominants[unit] = self.evidence.dominant_parent(unit)
        return self._dominants[unit]

    # ------------------------------------------------------------------ acronyms

    def long_forms(self, acronym: str) -> Counter[str]:
        """The long-form keys the run (else the gazetteer) gives an acronym, with documents."""
        code = acronym_code(acronym)
        found = self.evidence.definitions.get(code)
        if found:
            return found
        known = self._gazetteer_acronyms.get(code)
        return Counter({known: 1}) if known else Counter()

    def long_form(self, acronym: str, context: set[str] | None = None) -> str | None:
        """What an acronym stands for in this run: its one (or overwhelming) long form, else by context."""
        forms = self.long_forms(acronym)
        code = acronym_code(acronym)
        dominant = _dominant(forms, self._gazetteer_acronyms.get(code))
        if dominant is not None or context is None or len(forms) < 2:
            return dominant
        scores = []
        for long_key, documents in forms.items():
            profile = self.evidence.profiles.get((code, long_key), Counter())
            scores.append((sum(profile[k] for k in context) / max(documents, 1), long_key))
        scores.sort(reverse=True)
        best, runner_up = scores[0], scores[1]
        if best[0] > 0 and best[0] >= _CONTEXT_MARGIN * runner_up[0]:
            return best[1]
        return None  # two bodies share it and the document does not say which: it stays apart

    def _unglue(self, surface: str) -> str:
        def split(match: re.Match[str]) -> str:
            if self.long_forms(match["acronym"]):
                return f"{match['acronym']} {match['word']}"
            return match[0]

        return _GLUED.sub(split, surface) if _GLUED.search(surface) else surface

    def _expand(self, surface: str) -> str:
        """Acronyms inside a longer name replaced by their long form ("IRS Criminal Investigation")."""

        def replace(match: re.Match[str]) -> str:
            word = match[0]
            if not looks_like_acronym(word):
                return word
            long_key = self.long_form(word)
            return long_key if long_key is not None else word

        return _ACRONYM_TOKEN.sub(replace, surface)

    def written(self, surface: str) -> str:
        """A name with glued acronyms split and inner acronyms spelled out, ready to fold."""
        found = self._written.get(surface)
        if found is None:
            found = self._written[surface] = self._expand(self._unglue(surface))
        return found

    # ------------------------------------------------------------------ names

    def regular(self, surface: str) -> str:
        """Regular-form key with the run's possessive fix and the gazetteer's name."""
        found = self._regular.get(surface)
        if found is None:
            found = self._regular[surface] = self._regular_key(surface)
        return found

    def _regular_key(self, surface: str) -> str:
        entry = self._entry(surface)
        if entry is not None:
            return fold_key(entry.name)
        key = org_key(surface)
        words = key.split()
        if words and words[-1].endswith("s") and len(words[-1]) > 3:
            bare = " ".join([*words[:-1], words[-1][:-1]])
            # "Department of Justices": the page lost an apostrophe; the run names the body without it more.
            if self.evidence.keys.get(bare, 0) > self.evidence.keys.get(key, 0):
                entry = self._entry(bare)
                return fold_key(entry.name) if entry is not None else bare
        return key

    def _known(self, surface: str) -> bool:
        return self.evidence.keys.get(org_key(surface), 0) > 0 or self._entry(surface) is not None

    def parent_name(self, parent: str) -> str:
        """A parent written before a unit, as named: its possessive removed, and a final "s" too
        when that names a known body ("Justice Departments Tax Division": an apostrophe lost;
        "U.S. Customs" keeps its "s")."""
        stripped = POSSESSIVE_END.sub("", parent.strip())
        if stripped == parent.strip() and stripped.endswith("s"):
            return self._known_parent(stripped[:-1]) or stripped
        return stripped

    def parent_key(self, parent: str) -> str | None:
        """The key of a parent written before a unit, its possessive (kept or lost) removed; None if unknown."""
        stripped = POSSESSIVE_END.sub("", parent.strip())
        candidates = [stripped]
        if stripped == parent.strip() and stripped.endswith("s"):
            candidates.insert(0, stripped[:-1])  # "Justice Departments Tax Division": apostrophe lost
        known = next((c for c in candidates if self._known_parent(c)), None)
        return self.name_key(known) if known else None

    def _known_parent(self, candidate: str) -> str | None:
        """The candidate when it names a parent body the run or the gazetteer knows, else None."""
        if candidate and (self._known_body(candidate) or bare_acronym(candidate) and self.long_forms(candidate)):
            return candidate
        return None

    def _known_body(self, surface: str) -> bool:
        """A parent: a body the gazetteer knows, or a name of the run with a head word ("Ruritania Revenue Ministry").

        A place the NER took for a body ("Massachusetts") is no parent.
        """
        if self._entry(surface) is not None:
            return True
        key = org_key(surface)
        heads = name_shapes().heads
        return self.evidence.keys.get(key, 0) > 0 and any(w in heads for w in key.split())

    def split(self, text: str) -> tuple[str, str] | None:
        """A written name that is a parent then its unit: (parent key, unit surface), else None (memoised)."""
        if text not in self._splits:
            self._splits[text] = self._find_split(text)
        return self._splits[text]

    def _find_split(self, text: str) -> tuple[str, str] | None:
        """A written name that is a parent then its unit: (parent key, unit surface), else None.

        "Justice Departments Tax Division" and "Justice Department's Tax Division" (a
        possessive, kept or lost), "FBI Washington Field Office" (a gazetteer body or an
        acronym first), "Tax Division of the Justice Department" and "… in the …".
        """
        if self._entry(self.regular(text)) is not None:
            return None  # a name the gazetteer knows whole is not cut
        # "Social Security Administration-Office of Inspector General": a dash joins body and unit.
        words = _JOINING_DASH.sub(" ", text).split()
        for size in range(1, len(words) - 1 + 1):
            parent, unit = " ".join(words[:size]), " ".join(words[size:])
            if not unit_shaped(org_key(unit)):
                continue
            possessive = bool(POSSESSIVE_END.search(parent)) or parent.endswith("s")
            known_body = self._entry(parent) is not None or bare_acronym(parent)
            # A body of the run then a unit the run names alone ("Ruritania Revenue Ministry Office of Inspector General").
            both_known = self._known_body(parent) and self.evidence.keys.get(org_key(unit), 0) > 0
            if possessive or known_body or both_known:
                parent_key = self.parent_key(parent)
                if parent_key is not None and parent_key != org_key(unit):
                    return parent_key, unit
        match = _UNIT_OF_PARENT.match(text)
        if match and len(match["unit"].split()) >= 2 and unit_shaped(org_key(match["unit"])) and self._known(match["parent"]):
            return self.name_key(match["parent"]), match["unit"]
        return None

    def name_key(self, surface: str) -> str:
        """The entity key of a written name without its document: what the run's evidence makes of it."""
        cached = self._cache.get(surface)
        if cached is not None:
            return cached
        self._cache[surface] = org_key(surface)  # a name that leads back to itself stops here
        if bare_acronym(surface):
            long_key = self.long_form(surface)
            key = self.unit_key(long_key, None) if long_key is not None else org_key(surface)
        else:
            text = self.written(surface)
            found = self.split(text)
            key = self.unit_key(self.regular(found[1]), found[0]) if found else self.unit_key(self.regular(text), None)
        self._cache[surface] = key
        return key

    def unit_key(
        self, unit: str, parent: str | None, context: set[str] | None = None, stated: Mapping[str, set[str]] | None = None
    ) -> str:
        """A unit's key: under the parent its document gives it, else one the run or the document gives it.

        In order: the parent its document writes before it (unless the run's usual parent
        is a unit of that one: then the more specific); the one parent another row of its
        document gives the same unit name (``stated``); the run's dominant parent, when
        the unit is a name the gazetteer or an acronym definition knows or its document
        names that parent; the one parent the run gives it that its document names; else
        none ("tax division" alone: a name two bodies' units may share, no text saying whose).
        """
        if not unit_shaped(unit) or parent is not None and unit in parent:
            return unit
        parents = self.evidence.unit_parents.get(unit)
        dominant = self._dominant_parent(unit)
        chosen: str | None = None
        if parent is not None:
            chosen = dominant if dominant is not None and (dominant == parent or dominant.startswith(parent + " ")) else parent
        elif stated and unit in stated:
            # Its document writes this unit under one body (that one) or several (it cannot say which).
            only = next(iter(stated[unit])) if len(stated[unit]) == 1 else None
            chosen = dominant if only is not None and dominant is not None and dominant.startswith(only + " ") else only
        elif dominant is not None and (self._distinctive(unit) or context is not None and dominant in context):
            chosen = dominant
        elif parents and context:
            named = [p for p, n in parents.items() if p in context and n >= 2]
            chosen = named[0] if len(named) == 1 else None
        return unit if chosen is None else self._canonical(f"{chosen} {unit}")

    def _distinctive(self, unit: str) -> bool:
        """A unit name the gazetteer knows, or one the run defines an acronym for ("Criminal Division", "HSI")."""
        return self._entry(unit) is not None or unit in self._long_keys

    def _canonical(self, key: str) -> str:
        """A composed key the gazetteer knows by another name ("… hhs office of inspector general")."""
        entry = self._entry(key)
        return fold_key(entry.name) if entry is not None else key

    # ------------------------------------------------------------------ rows

    def row_parent(self, name: str, aliases: Iterable[str]) -> str | None:
        """The parent a row's own document gives its unit ("Justice Departments Criminal Division")."""
        for alias in aliases:
            parent = parent_and_unit(alias, name)
            if parent is not None:
                key = self.parent_key(parent)
                if key is not None:
                    return key
        return None

    def parent_of(self, name: str, aliases: Sequence[str]) -> tuple[str, str] | None:
        """(unit key, parent key) when a row's document says whose unit it is, by an alias or its name."""
        memo = (name, tuple(aliases))
        if memo not in self._parent_of:
            self._parent_of[memo] = self._find_parent(name, aliases)
        return self._parent_of[memo]

    def _find_parent(self, name: str, aliases: Sequence[str]) -> tuple[str, str] | None:
        if bare_acronym(name):
            return None
        text = self.written(name)
        unit = self.regular(text)
        parent = self.row_parent(name, aliases) if unit_shaped(unit) else None
        if parent is None:
            found = self.split(text)
            if found is not None:
                parent, unit = found[0], self.regular(found[1])
        return (unit, parent) if parent is not None and parent != unit and unit_shaped(unit) else None

    def resolve(
        self, name: str, acronym: str | None, aliases: Sequence[str], context: Iterable[str],
        stated: Mapping[str, set[str]] | None = None,
    ) -> str:
        """The entity key of one organisations row, reading its document for shared names.

        Args:
            name, acronym, aliases: the row.
            context: the keys of the document's other rows (which bodies it names).
            stated: unit key → the parents the document's rows write before that unit.
        """
        context = set(context)
        if bare_acronym(name):
            long_key = self.long_form(name, context)
            return self.unit_key(long_key, None, context, stated) if long_key is not None else org_key(name)
        found = self.parent_of(name, aliases)
        if found is not None:
            return self.unit_key(found[0], found[1], context)
        return self.unit_key(self.regular(self.written(name)), None, context, stated)

    def definition(self, name: str, acronym: str | None) -> tuple[str, str] | None:
        """(acronym code, long-form key) when a row defines an acronym by a name it fits."""
        if not acronym or bare_acronym(name) or not acronym_fits(acronym, name):
            return None
        return acronym_code(acronym), self.regular(name)


def most_common_form(counts: Mapping[str, int], well_formed: set[str]) -> str:
    """The most frequent well-formed form (ties: more words, then longer, then alphabetical)."""
    pool = {f: c for f, c in counts.items() if f in well_formed} or dict(counts)
    return min(pool, key=lambda f: (-pool[f], -len(f.split()), -len(f), f))
