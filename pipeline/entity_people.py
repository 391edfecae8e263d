"""Pure name logic of the entities pass for people: one key per person across a run.

People merge on their folded full name ("Eric H. Holder Jr." → ``eric h holder``); a
shorter form ("Eric Holder", "Holder") joins a full name only when one full name in the run
owns it, and a family name that lost its possessive's apostrophe ("Obamas") is the name
without the "s" when the run writes that more often.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from pipeline.extract.people import name_words

__all__ = ["person_key", "person_owners", "person_owners_in_run", "short_form_of"]


def person_key(name: str) -> str:
    """A person's folded name words without suffixes ("Eric H. Holder Jr." → "eric h holder")."""
    return " ".join(name_words(name))


def short_form_of(short: str, full: str) -> bool:
    """Whether person key ``short`` is a shorter writing of ``full``.

    Same family name; a bare family name is a short form of every full name with it;
    otherwise the first names agree and every other word of ``short`` appears in ``full``
    in order. An initial stands for a word with that letter, never the other way round:
    "eric holder" and "e holder" are short forms of "eric h holder", "jocelyn samuels" is
    not one of "brian j samuels".

    Stricter than :func:`pipeline.extract.people.same_person` on purpose: that rule links
    mentions inside one document, where a bare "Holder" or a transliteration is the person the
    text named; a run names many people who share a family name, so here the words must agree
    in order and the owner must be unique (:func:`person_owners`).
    """
    a, b = short.split(), full.split()
    if not a or len(a) >= len(b) or a[-1] != b[-1]:
        return False
    if len(a) == 1:
        return True
    if not _stands_for(a[0], b[0]):
        return False
    position = 1
    for word in a[1:-1]:
        while position < len(b) - 1 and not _stands_for(word, b[position]):
            position += 1
        if position >= len(b) - 1:
            return False
        position += 1
    return True


def _stands_for(word: str, other: str) -> bool:
    return word == other or (len(word) == 1 and other.startswith(word))


def person_owners(keys_of_one_family: Iterable[str]) -> dict[str, str]:
    """short key → the one full key that owns it, among keys sharing a family name.

    A short form with two or more possible full names ("john smith" of "john a smith" and
    "john b smith") owns no entry and stays its own person.
    """
    keys = sorted(set(keys_of_one_family), key=lambda k: (-len(k.split()), k))
    owners: dict[str, str] = {}
    for short in keys:
        longer = [k for k in keys if short_form_of(short, k)]
        # The maximal names among them: one that is itself a short form of another is not a rival.
        maximal = [k for k in longer if not any(short_form_of(k, other) for other in longer)]
        if len(maximal) == 1:
            owners[short] = maximal[0]
    return owners


def person_owners_in_run(counts: Mapping[str, int]) -> dict[str, str]:
    """key → the key it is a form of, over a run's person keys with their row counts.

    A family name that lost its possessive's apostrophe ("Barack Obamas") is the name
    without the "s" when the run writes that more often; then each short form goes to the
    one full name of its family that owns it (:func:`person_owners`).
    """
    by_family: Counter[str] = Counter()
    for key, n in counts.items():
        by_family[key.split()[-1]] += n
    fixed: dict[str, str] = {}
    for key in counts:
        family = key.split()[-1]
        if family.endswith("s") and len(family) > 3 and by_family.get(family[:-1], 0) > by_family[family]:
            if key[:-1] in counts or " " not in key:
                fixed[key] = key[:-1]
    families: dict[str, set[str]] = {}
    for key in counts:
        target = fixed.get(key, key)
        families.setdefault(target.split()[-1], set()).add(target)
    owners = dict(fixed)
    for keys in families.values():
        for short, full in person_owners(keys).items():
            owners[short] = full
    for key, target in fixed.items():
        owners[key] = owners.get(target, target)
    return owners
