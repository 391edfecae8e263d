"""The words the officials reader tells names, bodies and titles apart by: ``models/official_words.tsv``
(read through :func:`pipeline.lexicon.words_by_kind`), with the month and weekday names of ``time_words.tsv``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipeline.lexicon import time_words, words_by_kind

__all__ = ["OfficialWords", "official_words"]

_KINDS = ("not_name", "tenure", "unit", "not_body_kind", "member_suffix", "singular_ending")


@dataclass(frozen=True, slots=True)
class OfficialWords:
    """One kind of word each; see the header of ``models/official_words.tsv``."""

    #: Capitalised words that never start or continue a person's name, month and weekday names included
    #: (month abbreviations only with their full stop: "Jan." — "Jan" is a name).
    not_names: frozenset[str]
    tenure: tuple[str, ...]
    units: frozenset[str]
    not_body_kinds: frozenset[str]
    member_suffixes: tuple[str, ...]
    singular_endings: frozenset[str]


@lru_cache(maxsize=1)
def official_words() -> OfficialWords:
    """The officials reader's words (``models/official_words.tsv`` and the English calendar words)."""
    found = {kind: [word.lower() for word in words]
             for kind, words in words_by_kind("official_words.tsv", kinds=_KINDS).items()}
    english = time_words("en")
    calendar = {*english.months, *english.weekdays}
    calendar |= {f"{short}." for short in english.month_abbreviations if short not in english.months}
    return OfficialWords(
        not_names=frozenset(found["not_name"]) | calendar,
        tenure=tuple(found["tenure"]),
        units=frozenset(found["unit"]),
        not_body_kinds=frozenset(found["not_body_kind"]),
        member_suffixes=tuple(found["member_suffix"]),
        singular_endings=frozenset(found["singular_ending"]),
    )
