"""Pure string functions over organisation names: folding for merging, acronym checks."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_POSSESSIVE = re.compile(r"'s\b|'(?=\s|$)")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_COUNTRY_PREFIX = re.compile(r"^(?:us|united states|usa|u s)\s+")
_INNER_ARTICLE = re.compile(r"\b(?:the)\b")
_DEPARTMENT_LAST = re.compile(r"^(?P<what>[a-z ]+?) department$")


def fold_text(text: str) -> str:
    """Lower case without accents or curly quotes (the scorer's folding of names)."""
    if text.isascii():  # nothing to decompose: skip the per-character pass (most names, many calls)
        return text.translate(_APOSTROPHES).lower().strip()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(_APOSTROPHES).lower().strip()


def fold_key(surface: str) -> str:
    """The key two spellings of one organisation share.

    Folds case, accents, a possessive, every "the", "&"/"and", punctuation, a "U.S." /
    "United States" prefix, and "Justice Department" → "department of justice".
    """
    # Called for every candidate many times over: each pattern runs only when its text can be there.
    text = fold_text(surface)
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    text = text.replace("&", " and ").replace(".", "")
    text = _NON_WORD.sub(" ", text)
    if "the" in text:
        text = _INNER_ARTICLE.sub(" ", text)
    text = " ".join(text.split())  # only letters, digits and spaces are left
    if text.startswith("u"):
        text = _COUNTRY_PREFIX.sub("", text)
    if text.endswith(" department"):
        match = _DEPARTMENT_LAST.match(text)
        if match and " of " not in f" {text} ":
            text = f"department of {match['what']}"
    return text


def acronym_letters(acronym: str) -> str:
    """The upper-case letters and digits of an acronym ("IRS-CI" → "IRSCI")."""
    return "".join(c for c in acronym if c.isupper() or c.isdigit())


def name_initials(name: str) -> str:
    """Initials of a name's words, an all-capitals word giving all its letters.

    "IRS-Criminal Investigation Division" → "IRSCID"; "Korean National Police Agency" → "KNPA".
    """
    initials = []
    for word in re.split(r"[\s\-/]+", name):
        word = word.strip(".,'()\u2019")
        if not word:
            continue
        bare = word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word  # "HHSs"
        if len(bare) > 1 and bare.replace("&", "").replace(".", "").isupper():
            initials.append(acronym_letters(bare))
        elif word[0].isupper() or word[0].isdigit():
            initials.append(word[0])
        elif word.isalpha():
            initials.append(word[0].upper())  # "of" in "Green Party of Ontario (GPO)"
    return "".join(initials)


def acronym_fits(acronym: str, name: str) -> bool:
    """Whether an acronym's letters appear, in order, among the name's initials.

    The first letter may come from a later word ("Maine Attorney Generals Elder Abuse
    Unit (EAU)"), but every letter must be an initial.
    """
    letters, initials = acronym_letters(acronym), name_initials(name)
    if len(letters) < 2 or not initials:
        return False
    position = 0
    for letter in letters:
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def looks_like_acronym(word: str) -> bool:
    """Two or more capitals, maybe with digits, '&', '.', '-' ("KNPA", "IRS-CI", "HHS-OIG", "U.N.")."""
    letters = acronym_letters(word)
    return len(letters) >= 2 and sum(c.islower() for c in word) <= 1 and bool(re.match(r"^[A-Z]", word))
