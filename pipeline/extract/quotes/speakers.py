"""Reading a speaker from the words of an attribution: a person's name, title and
organisation, a pronoun, a title standing for a person already named, or a body speaking."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.extract.people import NAME_SUFFIXES, is_initial, is_particle
from pipeline.extract.quotes.words import (
    ADVERBIAL_START,
    CONNECTORS,
    NOT_NAMES,
    PRONOUNS,
    honorific_prefix,
    is_title_abbreviation,
    is_title_word,
    speaker_words,
)
from pipeline.extract.view import Entity
from pipeline.lexicon import time_words
from pipeline.textsearch import POSSESSIVE_END

if TYPE_CHECKING:
    from pipeline.extract.quotes.persons import Person

__all__ = [
    "Speaker",
    "SpeakerReader",
    "is_name_token",
    "person_spans",
    "split_title_org",
    "tidy",
    "title_before_name",
    "without_possessive",
]

_CODE_NAME = re.compile(r"[A-Z]{1,3}-\d{1,2}")
_NOT_LETTERS = re.compile(r"[^A-Za-z]")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^(?:(?:of|for|with|at)\s+)?(?:the|The)\s+")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|a|an)\s+")
_LEADING_ARTICLE_ANY_CASE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_CAPITAL = re.compile(r"[A-Z]")
_CHUNK_BREAK = re.compile(r",\s+")
_GLUED_US = re.compile(r"\bU\.\s?S\.\s?(?=[A-Z])")
#: Month and weekday names, never a name ("On Tuesday, …"), from models/time_words.tsv.
_MONTHS_DAYS = frozenset(time_words("en").months) | frozenset(time_words("en").weekdays)


def without_possessive(name: str) -> str:
    """``name`` without a final "'s" ("Stock's" → "Stock"; a bare final apostrophe stays)."""
    return POSSESSIVE_END.sub("", name) if name.endswith(("'s", "’s")) else name


def person_spans(entities: Sequence[Entity]) -> list[tuple[int, int, str]]:
    """The PERSON entities as (start, end, text): everyone the model reads as named."""
    return [(e.start_char, e.end_char, e.text) for e in entities if e.label == "PERSON"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who an attribution names: a person (``kind`` named), a pronoun, a title standing for
    a person (reference) or a group/organisation speaking."""

    kind: str
    name: str | None = None
    title: str | None = None
    organisation: str | None = None
    phrase: str = ""


def is_name_token(token: str) -> bool:
    """A word that may be part of a speaker's name (not a title, a month, an acronym …)."""
    words = speaker_words()
    low = token.lower()
    bare = POSSESSIVE_END.sub("", token)
    if low in NAME_SUFFIXES or _CODE_NAME.fullmatch(bare):
        return True  # "Jr."; "CC-1", "UC-2": people the charging papers name by a code
    if not bare or not bare[:1].isupper() or low in words or POSSESSIVE_END.sub("", low) in words:
        return False
    if is_title_abbreviation(low):
        return False  # "Rep. Dana Holt": the title, not a first name
    if low in _MONTHS_DAYS or low in NOT_NAMES:
        return False
    # An all-capital word of several letters is an acronym (FBI, INTERPOL, HHS-OIG, and "FBIs"
    # that lost its apostrophe), not a name.
    letters = _NOT_LETTERS.sub("", bare)
    if len(letters) >= 2 and (letters.isupper() or (letters[-1] == "s" and len(letters) >= 3 and letters[:-1].isupper())):
        return False
    return True


def tidy(value: str | None) -> str | None:
    """A title or organisation as a row holds it: spaces folded, no leading "the", no
    possessive; None when it names nothing ("the department")."""
    if value is None:
        return None
    value = _SPACES.sub(" ", value).strip(" ,;:")
    value = _LEADING_THE.sub("", value)
    value = without_possessive(value)
    if not _CAPITAL.search(value):
        return None  # "the department", "the company": no name given
    return value or None


def title_before_name(words: list[str]) -> tuple[str | None, str | None]:
    """Title and organisation from the words just before a name: the title words touching
    the name are the title, what comes before them the body ("U.S. Fish & Wildlife Service
    Director", "FBI Tampa Division Special Agent in Charge"); else as :func:`split_title_org`."""
    words = [w.strip(",;:") for w in words if w.strip(",;:")]
    lo = len(words)
    while lo > 0:
        word = words[lo - 1]
        if is_title_word(word) or (word.lower() == "in" and lo < len(words) and is_title_word(words[lo])):
            lo -= 1
            continue
        break
    if lo == len(words) or lo == 0 or words[lo - 1].lower() in {"of", "for", "at", "and", "&", "on", "in"}:
        return split_title_org(words)
    org_words = words[:lo]
    while org_words and org_words[0].lower() in CONNECTORS:
        org_words = org_words[1:]
    if org_words and is_title_word(org_words[0]) and not any(speaker_words().get(w.lower()) == "org" for w in org_words):
        # "Acting Manhattan U.S. Attorney": a place word inside a title, not a body before it.
        return tidy(" ".join(org_words + words[lo:])), None
    return tidy(" ".join(words[lo:])), tidy(" ".join(org_words))


def _title_end(words: list[str], first: int) -> int:
    """The last title word of the title starting at ``first``: the title runs to the last
    one before "of"/"for"/"at", which start the body it is held in; "in" stays inside
    ("Special Agent in Charge")."""
    last = first
    j = first + 1
    while j < len(words):
        low = words[j].lower()
        if low in {"of", "for", "at", "with", "from", "on", "and", "&"}:
            break
        if low == "in" and not (j + 1 < len(words) and is_title_word(words[j + 1])):
            break
        if is_title_word(words[j]):
            last = j
        elif not words[j][:1].isupper() and low != "in":
            break
        j += 1
    return last


def split_title_org(words: list[str]) -> tuple[str | None, str | None]:
    """Title and organisation from the words around a name ("INTERPOL Secretary General",
    "Special Agent in Charge of the FBI's Philadelphia Division", "HHS-OIG")."""
    words = [w.strip(",;:") for w in words if w.strip(",;:")]
    if not words:
        return None, None
    first = next((i for i, w in enumerate(words) if is_title_word(w)), None)
    if first is None:
        if words[0].lower() in {"in", "at", "from", "on"}:
            return None, None  # a place ("in Atlanta"), not a body
        while words and words[0].lower() in {"of", "for", "with", "the"}:
            words = words[1:]
        return None, tidy(" ".join(words))
    last = _title_end(words, first)
    title_words = words[first : last + 1]
    rest = words[last + 1 :]
    org_words: list[str] = []
    prefix = [w for w in words[:first] if w[:1].isupper() or w.lower() in CONNECTORS]
    while prefix and prefix[0].lower() in CONNECTORS:
        prefix = prefix[1:]
    if rest and rest[0].lower() == "for" and prefix:
        # "IRS Deputy Commissioner for Services and Enforcement": the body comes first, the
        # "for" phrase belongs to the title.
        title_words = title_words + rest
        org_words = prefix
    elif rest and rest[0].lower() in {"of", "for", "at", "with"}:
        # "FBI Special Agent in Charge of the San Francisco Field Office"
        org_words = prefix + [w for w in rest[1:] if w.lower() != "the" or not prefix]
    elif rest and rest[0].lower() in {"in", "from", "on"}:
        org_words = prefix  # a place or a time, not a body
    elif rest:
        org_words = rest
    else:
        # "INTERPOL Secretary General", "EPA Acting Regional Administrator": the body comes first.
        org_words = prefix
    title = _LEADING_ARTICLE.sub("", " ".join(title_words))
    return tidy(title), (tidy(" ".join(org_words)) if org_words else None)


def _index_of(words: list[str], target: list[str]) -> int | None:
    bare = [POSSESSIVE_END.sub("", w) for w in words]
    tbare = [POSSESSIVE_END.sub("", w) for w in target]
    for i in range(len(words) - len(target) + 1):
        if bare[i : i + len(target)] == tbare:
            return i
    return None


@dataclass(frozen=True, slots=True)
class _Phrase:
    """An attribution phrase and where it starts in the text."""

    text: str
    start: int

    @property
    def end(self) -> int:
        """Where the phrase ends in the text."""
        return self.start + len(self.text)


class SpeakerReader:
    """Reads the speakers of one document's attributions.

    Args:
        persons: the document's PERSON entities, as (start, end, text).
        people: everyone the document names so far (a bare last name of one of them is a name).
    """

    def __init__(self, persons: list[tuple[int, int, str]], people: Mapping[str, Person]) -> None:
        self.persons = persons
        self.people = people

    def read(self, phrase: str, phrase_start: int, *, subject: bool = False) -> Speaker | None:
        """Name, title and organisation of the speaker an attribution phrase names.

        ``subject`` says the phrase is a clause before its verb ("Afzali also asked Zazi … and
        added:"), where the first name is the speaker.
        """
        phrase = phrase.strip(" ,;:\n")
        if not phrase:
            return None
        phrase = _GLUED_US.sub("U.S. ", phrase)  # "Acting U.S.Attorney Rohde" lost a space
        chunks = [c.strip() for c in _CHUNK_BREAK.split(phrase) if c.strip()]
        # "In a statement, the Attorney General said": drop adverbial chunks.
        while len(chunks) > 1 and chunks[0].split()[0].lower() in ADVERBIAL_START:
            chunks = chunks[1:]
        first_words = chunks[0].split()
        if len(chunks) == 1 and len(first_words) == 1 and first_words[0].lower() in PRONOUNS:
            return Speaker(kind="pronoun", phrase=phrase)
        at = _Phrase(phrase, phrase_start)
        for index, chunk in enumerate(chunks):
            speaker = self._named(at, chunks, index, subject=subject)
            if speaker is not None:
                return speaker
        return self._unnamed(phrase, chunks)

    def _named(self, phrase: _Phrase, chunks: list[str], index: int, *, subject: bool) -> Speaker | None:
        """The named speaker of chunk ``index``, titled by the words around the name and the other chunks."""
        chunk = chunks[index]
        words = chunk.split()
        name_at = self._find_name(words, chunk, phrase, single_ok=len(chunks) == 1, prefer_first=subject)
        if name_at is None:
            return None
        lo, hi = name_at
        name = without_possessive(" ".join(words[lo:hi]))
        name = honorific_prefix().sub("", name).rstrip(",")
        before, after = words[:lo], words[hi:]
        others = [c.split() for j, c in enumerate(chunks) if j != index]
        title, organisation = title_before_name(before)
        if after:
            t2, o2 = split_title_org(after)
            title = title or t2
            organisation = organisation or o2
        for other in others:
            t2, o2 = split_title_org(other)
            title = title or t2
            organisation = organisation or o2
        return Speaker(kind="named", name=name, title=title, organisation=organisation, phrase=phrase.text)

    @staticmethod
    def _unnamed(phrase: str, chunks: list[str]) -> Speaker:
        """A speaker without a name: a title standing for a person, a body, or a group."""
        if len(chunks) > 1 and chunks[0].split()[0].lower() in ADVERBIAL_START:
            words = chunks[-1].split()
        else:
            words = phrase.replace(",", " ").split()
        kinds = speaker_words()
        if any(kinds.get(w.lower()) == "title" for w in words):
            title, organisation = split_title_org([w for w in words if w.lower() not in {"the", "a", "an"}])
            return Speaker(kind="reference", title=title, organisation=organisation, phrase=phrase)
        if (words and words[0][:1].isupper()) or (words and words[0].lower() == "the" and len(words) > 1 and words[1][:1].isupper()):
            organisation = tidy(phrase)
            return Speaker(kind="organisation", name=organisation, organisation=organisation, phrase=phrase)
        return Speaker(kind="group", name=_LEADING_ARTICLE_ANY_CASE.sub("", phrase), phrase=phrase)

    def _find_name(
        self, words: list[str], chunk: str, phrase: _Phrase, *, single_ok: bool, prefer_first: bool = False
    ) -> tuple[int, int] | None:
        """Word indexes [lo, hi) of the person's name inside one chunk of an attribution."""
        if prefer_first:
            found = _subject_name(words)
            if found is not None:
                return found
        found = self._entity_name(words, chunk, phrase)
        if found is not None:
            return found
        return self._name_run(words, single_ok=single_ok)

    def _entity_name(self, words: list[str], chunk: str, phrase: _Phrase) -> tuple[int, int] | None:
        """A PERSON entity of the model inside the chunk, widened to the name words around it."""
        chunk_at = phrase.text.find(chunk)
        for start, end, text in self.persons:
            if not (start >= phrase.start and end <= phrase.end):
                continue
            if not chunk_at <= start - phrase.start < chunk_at + len(chunk):
                continue
            ent_words = text.split()
            # spaCy may fold the title into the entity ("Secretary General Jürgen Stock").
            while ent_words and not is_name_token(ent_words[0]):
                ent_words = ent_words[1:]
            if not ent_words:
                continue
            lo = _index_of(words, ent_words)
            if lo is None:
                continue
            # The model may leave out a first name ("Neil" DeSousa) …
            while lo > 0 and is_name_token(words[lo - 1]) and not words[lo - 1].endswith(",") and len(ent_words) < 3:
                lo -= 1
                ent_words = [words[lo]] + ent_words
            # … or stop short of the last name ("Sally Quillian" Yates).
            while lo + len(ent_words) < len(words) and is_name_token(words[lo + len(ent_words)]) and not ent_words[-1].endswith(","):
                ent_words = ent_words + [words[lo + len(ent_words)]]
            # Lower-case particles may sit between the capitalised words ("Ursula von der Leyen").
            if all(is_name_token(w) or is_particle(w.lower()) for w in ent_words):
                return lo, lo + len(ent_words)
        return None

    def _name_run(self, words: list[str], *, single_ok: bool) -> tuple[int, int] | None:
        """The longest run of name-like words (two or more), or one word right after a title."""
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            if is_name_token(words[i]) and words[i].lower() not in NAME_SUFFIXES:
                j = i + 1
                while j < len(words) and is_name_token(words[j]) and not words[j - 1].endswith((",", "'s", "’s")):
                    j += 1
                runs.append((i, j))
                i = j
            else:
                i += 1
        long_runs = [r for r in runs if r[1] - r[0] >= 2]
        if long_runs:
            # The run right after the title words wins ("FBI Tampa Division Special Agent in Charge
            # Eric W. Sporre of the FBIs Jackson Division"), else the last.
            after_title = [r for r in long_runs if r[0] > 0 and is_title_word(words[r[0] - 1])]
            lo, hi = after_title[0] if after_title else long_runs[-1]
            # A name has at most three words besides initials and suffixes: "Law Enforcement Ed Grace" is a body then a name.
            while sum(1 for w in words[lo:hi] if not is_initial(w) and w.lower() not in NAME_SUFFIXES) > 3:
                lo += 1
            return lo, hi
        kinds = speaker_words()
        for lo, hi in runs:
            word = POSSESSIVE_END.sub("", words[lo]).lower()
            preceded_by_title = lo > 0 and kinds.get(words[lo - 1].lower()) in {"title", "honorific"}
            known_surname = any(p.name.split()[-1].lower() == word for p in self.people.values())
            if preceded_by_title or known_surname or (single_ok and len(words) == 1):
                return lo, hi
        return None


def _subject_name(words: list[str]) -> tuple[int, int] | None:
    """The name a clause opens with, as its subject: "Afzali also allegedly asked Najibullah Zazi … and added"."""
    if not (words and is_name_token(words[0]) and words[0].lower() not in ADVERBIAL_START):
        return None
    hi = 1
    while hi < len(words) and hi < 4 and is_name_token(words[hi]) and not words[hi - 1].endswith(","):
        hi += 1
    if hi > 1 or len(words) == 1 or not is_name_token(words[1]):
        return 0, hi
    return None
