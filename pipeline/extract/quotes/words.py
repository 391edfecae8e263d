"""The words quotes' rules are made of: attribution verbs and speaker words (data), and the
small closed sets of grammar words the rules are written with."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.lexicon import title_abbreviations
from pipeline.lexicon import rows

__all__ = [
    "ABBREVIATION_KINDS",
    "ADVERBIAL_START",
    "CONNECTORS",
    "NOT_NAMES",
    "PRONOUNS",
    "SPEAKER_WORD_KINDS",
    "abbreviations",
    "honorific_prefix",
    "is_title_abbreviation",
    "is_title_word",
    "reporting_verbs",
    "speaker_words",
    "speech_verbs",
]

#: Pronouns that stand for a speaker ("he added").
PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
#: Words that start an adverbial, not a speaker ("In a statement, …", "On Tuesday, …").
ADVERBIAL_START = frozenset(
    "in on at during after before when while as since following speaking addressing today yesterday "
    "earlier later also however meanwhile but and so yet still according".split()
)
#: Capitalised at a sentence start, never a name.
NOT_NAMES = frozenset("the a an this that these those it its his her their our my your we they he she i".split())
#: Words that join the words of a title or a body ("Special Agent in Charge of the FBI").
CONNECTORS = frozenset({"of", "for", "the", "in", "and", "at", "&", "on"})
#: The kinds of ``models/speaker_title_words.tsv``.
SPEAKER_WORD_KINDS = ("title", "honorific", "org", "group")


class _VerbUse(NamedTuple):
    unmarked: bool
    reported: bool


@lru_cache(maxsize=1)
def _verb_table() -> dict[str, _VerbUse]:
    verbs: dict[str, _VerbUse] = {}
    for row in rows("speech_verbs.tsv", required=("verb", "unmarked", "reported")):
        verb, unmarked, reported = row["verb"], row["unmarked"], row["reported"]
        if not verb.isalpha() or verb != verb.lower() or unmarked not in {"yes", "no"} or reported not in {"yes", "no"}:
            row.reject("needs a lower-case verb, unmarked yes|no and reported yes|no")
        verbs[verb] = _VerbUse(unmarked == "yes", reported == "yes")
    if not verbs:
        raise ValueError("models/speech_verbs.tsv: no verbs")
    return verbs


def speech_verbs(*, unmarked: bool = False) -> frozenset[str]:
    """The attribution verbs of ``models/speech_verbs.tsv`` (lower case).

    Args:
        unmarked: only the verbs that mark a quotation even when its quotation marks were lost.
    """
    return frozenset(verb for verb, use in _verb_table().items() if use.unmarked or not unmarked)


def reporting_verbs() -> frozenset[str]:
    """The verbs of ``models/speech_verbs.tsv`` that show reported speech near the start of an
    unmarked quotation ("Smith said the company …")."""
    return frozenset(verb for verb, use in _verb_table().items() if use.reported)


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, str]:
    """Word → kind (title | honorific | org | group) from ``models/speaker_title_words.tsv``."""
    words: dict[str, str] = {}
    for row in rows("speaker_title_words.tsv", required=("word", "kind")):
        word, kind = row["word"], row["kind"]
        if word != word.lower() or kind not in SPEAKER_WORD_KINDS:
            row.reject(f"needs a lower-case word and kind {'|'.join(SPEAKER_WORD_KINDS)}")
        words[word] = kind
    return words


#: The kinds of ``models/abbreviations.tsv``.
ABBREVIATION_KINDS = ("title", "place", "body", "other")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The abbreviations of ``models/abbreviations.tsv``, lower case, without their final full stop."""
    found = set()
    for row in rows("abbreviations.tsv", required=("abbreviation", "kind")):
        abbreviation = row["abbreviation"]
        if abbreviation != abbreviation.lower() or abbreviation.endswith(".") or row["kind"] not in ABBREVIATION_KINDS:
            row.reject(f"needs a lower-case abbreviation without its final full stop and kind {'|'.join(ABBREVIATION_KINDS)}")
        found.add(abbreviation)
    return frozenset(found)


@lru_cache(maxsize=1)
def honorific_prefix() -> re.Pattern[str]:
    """A courtesy title opening a name ("Mr. ", "Dr "), from the honorifics of ``speaker_title_words.tsv``."""
    honorifics = sorted({word.rstrip(".").capitalize() for word, kind in speaker_words().items() if kind == "honorific"})
    return re.compile(rf"^(?:{'|'.join(map(re.escape, honorifics))})\.?\s+")


def is_title_abbreviation(low: str) -> bool:
    """"sen.", "rep.", "gov.": an abbreviated title (models/title_abbreviations.tsv), with its full stop."""
    return low.endswith(".") and low.rstrip(".") in title_abbreviations()


def is_title_word(word: str) -> bool:
    """A word of a position: "Attorney", "U.S.", "Sen.", and hyphenated ones ("Agent-in-Charge")."""
    kinds = speaker_words()
    low = word.lower().strip(",;:")
    if kinds.get(low) == "title" or is_title_abbreviation(low):
        return True
    parts = [part for part in low.split("-") if part]
    return len(parts) > 1 and all(kinds.get(part) == "title" or part in CONNECTORS for part in parts)
