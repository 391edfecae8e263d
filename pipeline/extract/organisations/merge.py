"""Merging: the mentions of one body grouped (folded name, gazetteer entry, acronym, short form) into its row."""

from __future__ import annotations

from pipeline.extract.org_gazetteer import company_words, demonym_country, known_organisations, name_shapes, places
from pipeline.extract.org_names import fold_key, looks_like_acronym
from pipeline.extract.organisations.mention import OrgMention
from pipeline.extract.organisations.shapes import org_like
from pipeline.extract.view import DocView
from pipeline.records import Organisation


def organisation_rows(view: DocView, mentions: list[OrgMention]) -> list[Organisation]:
    """One row per organisation the mentions name, with its fullest name and first mention's evidence."""
    rows = []
    for group in merge(mentions):
        first = min(group, key=lambda m: (m.start, m.end))
        span = view.doc.char_span(first.start, first.end, alignment_mode="expand")
        evidence = view.mention(span) if span is not None else None
        name, acronym, aliases = canonical(group)
        sources = sorted({part for m in group for part in m.source.split("+")})
        rows.append(
            Organisation(
                name=name,
                acronym=acronym,
                aliases=aliases,
                mentions=len({(m.start, m.end) for m in group}),
                start=first.start,
                end=first.end,
                sentence=evidence.sentence if evidence else first.surface,
                source="+".join(sources),
            )
        )
    return rows

# --------------------------------------------------------------------------- merging


def _keys(m: OrgMention) -> set[str]:
    gazetteer = known_organisations()
    keys = {"name:" + fold_key(m.surface)}
    entry = gazetteer.lookup(m.surface)
    if entry is not None:
        keys.add(f"known:{entry.entry_id}")
    if m.acronym:
        keys.add("acronym:" + m.acronym)
        entry = gazetteer.lookup(m.acronym)
        if entry is not None and entry.acronym == m.acronym:
            keys.add(f"known:{entry.entry_id}")
    if looks_like_acronym(m.surface):
        keys.add("acronym:" + m.surface)
    rest = _after_known_parent(m.surface)
    if rest is not None:
        keys.add("name:" + fold_key(rest))
    return keys


def _after_known_parent(surface: str) -> str | None:
    """"Criminal Division" of "Justice Department Criminal Division" (a known body, then a unit)."""
    words = surface.split()
    gazetteer = known_organisations()
    for size in range(min(len(words) - 2, 6), 0, -1):
        if gazetteer.lookup(" ".join(words[:size])) is not None:
            rest = " ".join(words[size:])
            if org_like(rest) and not rest.endswith("Office") and gazetteer.lookup(surface) is None:
                return rest
            return None
    return None


def merge(mentions: list[OrgMention]) -> list[list[OrgMention]]:
    """Group mentions of one organisation: shared folded name, gazetteer entry or acronym, or a short form."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, m in enumerate(mentions):
        for key in _keys(m):
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[OrgMention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(find(i), []).append(m)
    merged = list(groups.values())
    return _merge_short_forms(merged)


def _merge_short_forms(groups: list[list[OrgMention]]) -> list[list[OrgMention]]:
    """Fold a short form into the one longer name it abbreviates.

    * the longer name's opening words, then a company suffix ("Acme" → "Acme Holdings Inc."), an
      "of/for/in" complement ("U.S. District Court" → "U.S. District Court for the District of
      Columbia") or one head word ("Big Harbor" → "Big Harbor Records");
    * the longer name's closing words after a nationality or a body's acronym ("Front" of the
      "Kandorian Front", "Cup Series" of the "ACR Cup Series").

    A regional arm is no short form ("Acme" is not "Acme North America Inc."). When several
    longer names fit, the one adding fewest words wins; a tie merges nothing.
    """
    suffixes = {x.replace(".", "") for x in name_shapes().company_suffixes}
    corporate = company_words()
    heads = name_shapes().heads
    names = [max((fold_key(m.surface) for m in g), key=len) for g in groups]
    openers = [{m.surface.split()[0] for m in g if " " in m.surface} for g in groups]
    target: dict[int, int] = {}
    for i, group in enumerate(groups):
        short = {fold_key(m.surface) for m in group}
        longest_short = max(len(s) for s in short)
        fits: dict[int, int] = {}  # candidate longer group -> words it adds
        for j, long_name in enumerate(names):
            if i == j or len(long_name) <= longest_short:
                continue
            long_words = long_name.split()
            for s_key in short:
                words = s_key.split()
                if not words or len(words) >= len(long_words):
                    continue
                if long_words[: len(words)] == words:
                    rest = long_words[len(words) :]
                    named = [w for w in rest if w.replace(".", "") not in suffixes and w not in corporate]
                    company = rest[-1].replace(".", "") in suffixes and not (
                        named and (places().is_region(" ".join(named)) or places().is_place(" ".join(named)))
                    )
                    one_head = len(words) >= 2 and len(rest) == 1 and rest[0] in heads
                    if rest[0] in {"of", "for", "in", "at"} or company or one_head:
                        fits[j] = min(fits.get(j, 99), len(rest))
                elif long_words[-len(words) :] == words and len(long_words) == len(words) + 1 \
                        and not all(w in heads for w in words):
                    opener = next((o for o in openers[j] if fold_key(o) == long_words[0]), None)
                    if opener is not None and (demonym_country(opener) is not None or looks_like_acronym(opener)):
                        fits[j] = min(fits.get(j, 99), 1)
        if fits:
            fewest = min(fits.values())
            best = [j for j, added in fits.items() if added == fewest]
            if len(best) == 1:
                target[i] = best[0]
    if not target:
        return groups
    for i, j in target.items():
        while j in target and target[j] != i:
            j = target[j]
        if i != j:
            groups[j].extend(groups[i])
            groups[i] = []
    return [g for g in groups if g]


def canonical(group: list[OrgMention]) -> tuple[str, str | None, tuple[str, ...]]:
    """Name (fullest form written), acronym, and the other surface forms."""
    surfaces = list(dict.fromkeys(m.surface for m in sorted(group, key=lambda m: m.start)))
    acronyms = [m.acronym for m in group if m.acronym]
    gazetteer = known_organisations()
    for s in surfaces:
        entry = gazetteer.lookup(s)
        if entry is not None and entry.acronym and entry.acronym in surfaces:
            acronyms.append(entry.acronym)
    acronym = acronyms[0] if acronyms else None
    full = [s for s in surfaces if s != acronym and not looks_like_acronym(s)] or surfaces
    name = max(full, key=lambda s: (len(s.split()), len(s)))
    if acronym is None and looks_like_acronym(name) and gazetteer.lookup(name) is not None:
        acronym = name
    aliases = [s for s in surfaces if s not in {name, acronym}]
    aliases += [m.alias for m in group if m.alias and m.alias not in aliases and m.alias != name]
    return name, acronym, tuple(aliases)
