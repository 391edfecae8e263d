"""Person names as press releases write them: shape checks and "same person" tests.

Names are kept in the order written ("Min Gab-Ryong", "Kim Jong Yang" stay as they are); a
bare later mention ("Stock", "Okafor") is linked to the full name by any of its words.
"""

from __future__ import annotations

import re

from pipeline.extract.org_names import fold_text

#: Generational suffixes after a name, with and without their full stop (also read by quotes).
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_BARE_SUFFIXES = frozenset(suffix.rstrip(".") for suffix in NAME_SUFFIXES)
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "del", "della", "la", "le", "bin", "al", "du", "dos", "das", "ter", "ten", "st."})
_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]\.?$")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’\u00C0-\u024F]*\.?$|^(?:[A-Z]\.){1,3}[A-Z]?\.?$|^[A-Z]{2}$")


def is_name_word(word: str) -> bool:
    """A word that can be part of a person's name: capitalised word, initial ("A.", "S.W."), suffix."""
    return bool(_NAME_WORD.match(word)) or word.lower() in NAME_SUFFIXES


def is_particle(word: str) -> bool:
    """Lower-case name particles ("de Vries", "van der Berg")."""
    return word in _PARTICLES


def is_initial(word: str) -> bool:
    """"A." or "S.W." (not a name on its own)."""
    return bool(_INITIAL.match(word))


def name_words(name: str) -> list[str]:
    """Folded words of a name without suffixes ("Milo T. Granger, Jr." → milo, t, granger)."""
    words = [w.strip(".,") for w in re.split(r"[\s,]+", fold_text(name)) if w.strip(".,")]
    return [w for w in words if w not in _BARE_SUFFIXES]


def family_name(name: str) -> str:
    """The last word of a name without suffixes (the scorer's and the quotes' notion of last name)."""
    words = name_words(name)
    return words[-1] if words else ""


def same_person(short: str, full: str) -> bool:
    """Whether ``short`` ("Okafor", "Marta Okafor", "Stock") may name the person called ``full``."""
    a, b = name_words(short), name_words(full)
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) == 1:
        # A bare name is any full word of the longer one ("Stock", or "Kim" of "Kim Jong Yang").
        return any(same_spelling(a[0], w) for w in b if len(w) > 1)
    if len(b) == 1:
        return any(same_spelling(b[0], w) for w in a if len(w) > 1)
    return same_spelling(a[-1], b[-1]) and a[0][0] == b[0][0]


_TRANSLITERATED_END = re.compile(r"[yij]+$")


def same_spelling(a: str, b: str) -> bool:
    """Two folded name words that are one name: equal, or transliterations that differ only in a final
    "y", "i" or "j" run ("zelensky", "zelenskyy", "zelenskiy")."""
    if a == b:
        return True
    stem_a, stem_b = _TRANSLITERATED_END.sub("", a), _TRANSLITERATED_END.sub("", b)
    return len(stem_a) >= 5 and stem_a == stem_b
