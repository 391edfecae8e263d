"""The people one document names: who they are, where their names are written, when they
speak, and who a pronoun or a bare title stands for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.extract.people import NAME_SUFFIXES
from pipeline.extract.quotes.speakers import Speaker, is_name_token, title_before_name, without_possessive
from pipeline.extract.quotes.text import ABBREVIATIONS
from pipeline.extract.quotes.words import ADVERBIAL_START, CONNECTORS, NOT_NAMES, speaker_words, speech_verbs
from pipeline.records import Official
from pipeline.textsearch import ascii_lower, case_blind_text, occurrences_where, whole_word, word_character
from pipeline.textsearch import POSSESSIVE_END

__all__ = [
    "WORD_AFTER_NAME",
    "DocumentPeople",
    "NameFinder",
    "Sighting",
    "Person",
    "fuller_name",
    "link_official",
    "paragraph_person",
    "resolve_reference",
    "same_person",
]

#: (position, person): where a person speaks or is named.
Sighting = tuple[int, "Person"]

# The word after a name ("Stock said", "Stock, INTERPOL's Secretary General, said"), and the word
# before the capitalised words that lead to one ("said INTERPOL Secretary General Jürgen").
WORD_AFTER_NAME = re.compile(r"(?:'s|’s)?\b(?:,[^,.]{0,100},)?\s+(\w+)", re.IGNORECASE)
_WORD_BEFORE_NAME = re.compile(r"\b(\w+)\s+((?:[A-Z][\w.’'-]*\s+|(?:of|for|in|the)\s+){0,12})$")
#: The capitalised words (and joining words) that end the text before a name: its title.
_WORDS_BEFORE_NAME = re.compile(r"((?:[A-Z][\w.’'-]*[ \t]+|(?:of|for|in|the)[ \t]+){0,12})$")
_HINT_WORD = re.compile(r"[\w-]+")


@dataclass(slots=True)
class Person:
    """Someone the document names: the fullest name seen, what the attributions say they are,
    their officials row, and every position their last name is written at."""

    name: str
    title: str | None
    organisation: str | None
    official_id: int | None
    positions: list[int] = field(default_factory=list)


def _last_word(name: str) -> str:
    # Not ``names.family_name``: that one folds accents and splits at commas too, which
    # changes which names are one person here (and where a last name is searched for).
    words = [w for w in POSSESSIVE_END.sub("", name).split() if w.lower().strip(".,") not in NAME_SUFFIXES]
    return words[-1].lower().strip(".,") if words else ""


def same_person(a: str, b: str) -> bool:
    """Whether two names of one document are one speaker: the same last word, and the same first
    initial when both have a first name.

    Stricter than ``names.same_person``, which lets a bare name be any word of the longer
    one ("Kim" of "Kim Jong Yang"): a quotation's speaker is named by the last name, and that
    rule would make a first name alone ("…,” Dale wrote") or a headline word read as a speaker
    ("Knoxville") a known person of that first word ("Dale Ford", "Knoxville Man Sentenced").
    """
    if _last_word(a) != _last_word(b) or not _last_word(a):
        return False
    fa, fb = a.split(), b.split()
    if len(fa) >= 2 and len(fb) >= 2:
        return fa[0][:1].lower() == fb[0][:1].lower()
    return True


class NameFinder:
    """Where a last name is written in one document's text, in any case.

    The same positions as ``re.finditer(rf"\\b{re.escape(last)}\\b", text, re.IGNORECASE)``; for an
    ASCII name (in a text without :data:`ASCII_CASE_MATES`), found by a plain search of the text in
    ASCII lower case instead of compiling and running a case-blind pattern per name.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._lowered = case_blind_text(text)

    def positions(self, last: str) -> list[int]:
        """Starts of ``last`` as a whole word, in any case."""
        if self._lowered is not None and last.isascii():
            return whole_word(self._lowered, ascii_lower(last))  # case changes no word boundary
        return [m.start() for m in re.finditer(rf"\b{re.escape(last)}\b", self.text, re.IGNORECASE)]

    def written_at(self, last: str, position: int) -> bool:
        """Whether ``last`` is written at ``position``, in any case (``re.compile(re.escape(last),
        re.IGNORECASE).match(text, position)``, without compiling it for an ASCII name)."""
        if self._lowered is not None and last.isascii():
            return self._lowered.startswith(ascii_lower(last), position)
        return re.compile(re.escape(last), re.IGNORECASE).match(self.text, position) is not None


class DocumentPeople:
    """Everyone one document names, by full name, with every position their last name appears.

    Args:
        text: the article text.
        officials: the document's officials rows (they come first, and give ``official_id``).
        persons: the document's PERSON entities, as (start, end, text).
    """

    def __init__(self, text: str, officials: Sequence[Official], persons: list[tuple[int, int, str]]) -> None:
        self.text = text
        self.names = NameFinder(text)
        self.by_name: dict[str, Person] = {}
        # Titles come from the attributions first (they are next to the quotation); the officials
        # row fills in what they leave out, when the speaker is linked to one.
        for official in officials:
            self.by_name[official.name] = Person(official.name, None, None, official.official_id)
        for _, _, name in persons:
            words = without_possessive(name).split()
            while words and not is_name_token(words[0]):
                words = words[1:]
            if len(words) < 2 or not all(is_name_token(w) for w in words):
                continue
            name = " ".join(words)
            same = next((known for known in self.by_name.values() if same_person(name, known.name)), None)
            if same is None:
                self.by_name[name] = Person(name, None, None, None)
            elif len(name.split()) > len(same.name.split()):
                same.name = name  # "Moreno" (an officials row) is "Ignacia S. Moreno"
        for person in self.by_name.values():
            self._locate(person)

    def _locate(self, person: Person) -> None:
        last = _last_word(person.name)
        if last:
            person.positions = sorted(self.names.positions(last))

    def register(self, speaker: Speaker, at: int) -> Person:
        """The person a named speaker is (merging a short form into a fuller known name)."""
        assert speaker.name is not None
        for known in self.by_name.values():
            if same_person(known.name, speaker.name):
                if len(speaker.name.split()) > len(known.name.split()):
                    known.name = speaker.name
                known.title = known.title or speaker.title
                known.organisation = known.organisation or speaker.organisation
                if at not in known.positions:
                    known.positions.append(at)
                    known.positions.sort()
                return known
        person = Person(speaker.name, speaker.title, speaker.organisation, None)
        self._locate(person)
        if at not in person.positions:
            person.positions.append(at)
            person.positions.sort()
        self.by_name[speaker.name] = person
        return person

    def speech_events(self, floor: int) -> list[Sighting]:
        """(position, person) wherever a known person speaks: "Stock said …", "said Stock"."""
        verbs = speech_verbs()
        text = self.text
        events = []
        for person in self.by_name.values():
            positions = [pos for pos in person.positions if pos >= floor]
            if not positions:
                continue
            last = _last_word(person.name)
            for pos in positions:
                # The name, then a fixed pattern after it (no pattern compiled per person).
                after = text[pos : pos + 160]
                written = len(last) <= len(after) and self.names.written_at(last, pos)
                m = WORD_AFTER_NAME.match(after, len(last)) if written else None
                before = text[max(0, pos - 120) : pos]
                b = _WORD_BEFORE_NAME.search(before)
                speaks_after = m is not None and m.group(1).lower() in verbs
                speaks_before = b is not None and b.group(1).lower() in verbs
                if speaks_after or speaks_before:
                    events.append((pos, person))
        return sorted(events, key=lambda event: event[0])

    def describe(self) -> None:
        """Fill in each person's title and organisation from the words before a mention of them
        ("INTERPOL Secretary General Jürgen Stock said …")."""
        for person in self.by_name.values():
            _describe(self.text, person)

    def mentions(self) -> list[Sighting]:
        """(position, person) for every position a known person's name is written at, in text order."""
        return sorted(((pos, person) for person in self.by_name.values() for pos in person.positions), key=lambda m: m[0])


def _describe(text: str, person: Person) -> None:
    names = {w.lower() for w in person.name.split()}
    for pos in person.positions:
        if person.title is not None:
            return
        before = text[max(0, pos - 120) : pos]
        prefix = _WORDS_BEFORE_NAME.search(before)
        words = prefix.group(1).split() if prefix else []
        for i in range(len(words) - 1, -1, -1):
            bare = words[i].rstrip(".").lower()
            if words[i].endswith(".") and len(bare) > 1 and bare not in ABBREVIATIONS:
                words = words[i + 1 :]  # a sentence ended there
                break
        while words and words[-1].lower() in names:
            words = words[:-1]
        while words and words[0].lower() in CONNECTORS:
            words = words[1:]
        if words:
            person.title, organisation = title_before_name(words)
            person.organisation = person.organisation or organisation


def resolve_reference(speaker: Speaker, at: int, history: list[Sighting], mentions: list[Sighting]) -> Person | None:
    """The person a pronoun or a bare title ("the INTERPOL Chief") stands for: the latest
    speaker, or for a title naming a body the latest speaker, then the latest person
    mentioned, of that body."""
    earlier = [(pos, person) for pos, person in history if pos < at]
    if speaker.kind == "reference":
        hint = {w.lower() for w in _HINT_WORD.findall(f"{speaker.organisation or ''} {speaker.phrase}")}
        hint -= set(speaker_words()) | CONNECTORS | {"a", "an"}
        if hint:
            for group in (earlier, [(pos, person) for pos, person in mentions if pos < at]):
                for _, person in reversed(group):
                    described = {w.lower() for w in _HINT_WORD.findall(f"{person.organisation or ''} {person.title or ''}")}
                    if hint & described:
                        return person
        if not earlier:
            mentioned = [(pos, person) for pos, person in mentions if pos < at]
            return mentioned[-1][1] if mentioned else None
    return earlier[-1][1] if earlier else None


def paragraph_person(start: int, at: int, history: list[Sighting], mentions: list[Sighting]) -> Person | None:
    """Who a pronoun in this paragraph stands for: its last speaker before the pronoun, else the
    first person it names before it ("Maria Lopez runs a bakery. “…,” she wrote"), else None."""
    spoke = [person for pos, person in history if start <= pos < at]
    if spoke:
        return spoke[-1]
    named = [person for pos, person in mentions if start <= pos < at]
    return named[0] if named else None


def link_official(name: str, officials: Sequence[Official]) -> Official | None:
    """The officials row of the person ``name`` names, if any."""
    for official in officials:
        if same_person(official.name, name):
            return official
    return None


# --- a fuller form of a bare last name ---------------------------------------------------------

_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_FIRST_NAME_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz’'-")


def _first_name_before(head: str, surname_at: int) -> tuple[int, int] | None:
    """Where ``[A-Z][a-z’'-]+(?:\\s+[A-Z]\\.)?\\s+`` ends just before ``surname_at``, as (start,
    end of the first name and initial); None when it does not."""
    j = surname_at
    while j > 0 and head[j - 1].isspace():
        j -= 1
    if j == surname_at:
        return None
    word_end = j
    if j >= 3 and head[j - 1] == "." and head[j - 2] in _UPPER and head[j - 3].isspace():
        word_end = j - 3  # "Paolo R. Ricci": the initial, then the white space before it
        while word_end > 0 and head[word_end - 1].isspace():
            word_end -= 1
    i = word_end
    while i > 0 and head[i - 1] in _FIRST_NAME_LETTERS:
        i -= 1
    start = i - 1
    if i == word_end or start < 0 or head[start] not in _UPPER:
        return None
    if start > 0 and word_character(head[start - 1]):
        return None  # no word boundary before the first name
    return start, j


def fuller_name(text: str, surname: str, before: int) -> str | None:
    """"Paolo Ricci" for "Ricci": the first and last name written earlier, where the entity
    recogniser missed the person (it takes many first mentions for organisations).

    The first ``\\b([A-Z][a-z’'-]+(?:\\s+[A-Z]\\.)?)\\s+Ricci\\b`` of ``text[:before]`` whose first
    word is no title, pronoun or adverbial, found by searching for the surname rather than by
    compiling a pattern per surname.
    """
    head = text[:before]
    last_is_word = word_character(surname[-1])

    def fits(start: int, end: int) -> bool:
        after_is_word = end < len(head) and word_character(head[end])
        return start > 0 and head[start - 1].isspace() and after_is_word != last_is_word

    # Every match of the pattern, by where it starts (re.finditer's order; at one start the form
    # with an initial is tried first).
    found = []
    for at in occurrences_where(head, surname, fits):
        first = _first_name_before(head, at)
        if first is not None:
            with_initial = head[first[1] - 1] == "."
            found.append((first[0], not with_initial, first[1], at + len(surname)))
    resume = 0  # re.finditer goes on after the end of each match
    for start, _, first_end, end in sorted(found):
        if start < resume:
            continue
        first_name = head[start:first_end]
        first = first_name.split()[0].lower()
        if first not in speaker_words() and first not in NOT_NAMES and first not in ADVERBIAL_START:
            return f"{first_name} {surname}"
        resume = end
    return None
