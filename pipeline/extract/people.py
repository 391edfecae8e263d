"""Person names as press releases write them: reading a name's words and telling whether two are one person.

The one home of name reading that officials, quotes and the run-level entities pass share. Names are
kept in the order written ("Min Gab-Ryong", "Kim Jong Yang" stay as they are); a bare later mention
("Stock", "Okafor") is linked to the full name by any of its words. The words around and inside a
name (suffixes, particles, honorifics) are data: ``models/name_words.tsv`` via
:func:`pipeline.lexicon.name_words`.

Three "same person" rules, on purpose:

* :func:`same_person` — inside one document: a bare "Stock" or "Kim" is the person the text
  already named with that word, and transliterations ("Zelensky", "Zelenskyy") are one name. One
  document rarely names two people who share a word, so the rule is generous.
* :func:`pipeline.entity_people.short_form_of` — across a whole run: thousands of documents name
  many people who share a family name, so a shorter key joins a full one only with the same family
  name, the first names agreeing and the other words in order, and then only when one full name in
  the run owns it (:func:`pipeline.entity_people.person_owners`).
* quotes' speaker rule (``pipeline.extract.quotes``) compares a speaker with the people of its
  document by last word and first initial; its own comment says where it differs.
"""

from __future__ import annotations

import re

from pipeline.extract.org_names import fold_text
from pipeline import lexicon

__all__ = [
    "ABBREVIATED_SUFFIXES",
    "NAME_SUFFIXES",
    "family_name",
    "is_initial",
    "is_name_word",
    "is_particle",
    "name_words",
    "same_person",
    "same_spelling",
    "without_honorific",
]

#: Generational suffixes after a name, with and without their full stop (also read by quotes).
NAME_SUFFIXES = lexicon.name_words().suffixes
#: The suffixes that are abbreviations ("jr", "sr"), which a comma may part from the name ("X, Jr.").
ABBREVIATED_SUFFIXES = frozenset(suffix.rstrip(".") for suffix in NAME_SUFFIXES if suffix.endswith("."))
_BARE_SUFFIXES = frozenset(suffix.rstrip(".") for suffix in NAME_SUFFIXES)
_PARTICLES = lexicon.name_words().particles
_HONORIFIC = re.compile(
    rf"^(?:{'|'.join(re.escape(h) for h in sorted(lexicon.name_words().honorifics, key=len, reverse=True))})\.?\s+"
)
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


def without_honorific(name: str) -> str:
    """The name without a courtesy title in front ("Dr. Ada Obi" → "Ada Obi")."""
    return _HONORIFIC.sub("", name)


def name_words(name: str) -> list[str]:
    """Folded words of a name without suffixes ("Milo T. Granger, Jr." → milo, t, granger)."""
    words = [w.strip(".,") for w in re.split(r"[\s,]+", fold_text(name)) if w.strip(".,")]
    return [w for w in words if w not in _BARE_SUFFIXES]


def family_name(name: str) -> str:
    """The last word of a name without suffixes (the scorer's and the quotes' notion of last name)."""
    words = name_words(name)
    return words[-1] if words else ""


def same_person(short: str, full: str) -> bool:
    """Whether ``short`` ("Okafor", "Marta Okafor", "Stock") may name the person called ``full``
    in the same document (the generous rule of the three the module docstring names)."""
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
