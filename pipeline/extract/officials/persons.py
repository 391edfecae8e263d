"""Finding the person: the name written after a title ("Commissioner General Min Gab-Ryong") or before
one ("Renata M. Calloway, Assistant Attorney General"), and whether the words found are a name."""

from __future__ import annotations

from pipeline.extract.officials.reading import Reading
from pipeline.extract.officials.words import official_words
from pipeline.extract.org_gazetteer import name_shapes
from pipeline.extract.org_names import fold_key
from pipeline.extract.people import ABBREVIATED_SUFFIXES, is_initial, is_name_word, is_particle, same_person
from pipeline.textsearch import whole_word

__all__ = ["NOT_NAMES", "name_after", "name_before", "valid_name"]

_MAX_NAME_TOKENS = 6
#: Capitalised words that never start or continue a person's name (``official_words.tsv`` and the
#: month and weekday names of ``time_words.tsv``).
NOT_NAMES = official_words().not_names
_HYPHENS = frozenset({"-", "‐"})
#: Entity labels of words that are no part of a name (a date, a sum, a count).
_NOT_NAME_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"})
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "NORP"})


def _name_end(reading: Reading, token: int) -> int | None:
    """Where a run of name words from ``token`` ends (None: ``token`` opens an organisation)."""
    doc = reading.doc
    end = token
    while end < len(doc) and end - token < _MAX_NAME_TOKENS:
        t = doc[end]
        if end > token and t.text in _HYPHENS and not t.whitespace_ and not doc[end - 1].whitespace_ \
                and end + 1 < len(doc) and (is_name_word(doc[end + 1].text) or (doc[end + 1].is_lower
                                                and doc[end + 1].is_alpha and len(doc[end + 1]) <= 3)):
            end += 2  # "Gab-Ryong", "Jae-in"
            continue
        if end > token and t.text == "," and end + 1 < len(doc) and doc[end + 1].lower_.rstrip(".") in ABBREVIATED_SUFFIXES:
            end += 2
            continue
        if is_particle(t.text) and end > token and end + 1 < len(doc) and is_name_word(doc[end + 1].text):
            end += 1
            continue
        if is_particle(t.text) and end > token and end + 2 < len(doc) and doc[end + 1].text == "-" \
                and not t.whitespace_ and is_name_word(doc[end + 2].text):
            end += 3  # "Bashar al-Assad"
            continue
        if not is_name_word(t.text) or t.lower_ in NOT_NAMES or (end > token and end in reading.org_token_starts):
            break
        if end == token and end in reading.org_token_starts:
            return None
        if reading.in_org(t.idx, t.idx + len(t)):
            break
        end += 1
    return end


def name_after(reading: Reading, token: int, *, listed: bool = False) -> tuple[int, int] | None:
    """A person's name starting at ``token``: capitalised words, initials, particles, "Jr."; ``listed``
    when it is a later item of a list after a plural title (a name there is a person, whatever the NER says)."""
    end = _name_end(reading, token)
    if end is None or end == token or not valid_name(reading, token, end, listed=listed):
        return None
    return token, end


def name_before(reading: Reading, token: int) -> tuple[int, int] | None:
    """A name ending just before ``token`` (a comma usually sits at ``token``)."""
    doc = reading.doc
    if token == 0:
        return None
    last = doc[token - 1]
    if last.ent_type_ == "PERSON":
        ent = next((e for e in reading.view.entities if e.start <= last.i < e.end), None)
        if ent is not None and ent.end == token and valid_name(reading, ent.start, ent.end):
            return ent.start, ent.end
    start = token
    while start > 0 and token - start < _MAX_NAME_TOKENS:
        t = doc[start - 1]
        if is_name_word(t.text) and t.lower_ not in NOT_NAMES and not t.is_sent_start \
                and not reading.in_org(t.idx, t.idx + len(t)):
            start -= 1
        elif is_particle(t.text) and start < token:
            start -= 1
        elif t.text == "-" and not t.whitespace_ and start < token:
            start -= 1
        else:
            if is_name_word(t.text) and t.is_sent_start and t.lower_ not in NOT_NAMES:
                start -= 1
            break
    if start == token or not valid_name(reading, start, token):
        return None
    return start, token


def valid_name(reading: Reading, start: int, end: int, *, listed: bool = False) -> bool:
    """Whether the tokens are a person's name: not only initials, no date or sum, no body's head word,
    no word the text also writes in lower case, no title; a bare surname needs support."""
    doc = reading.doc
    words = [t for t in doc[start:end] if t.text not in {"-", ","}]
    if not words or all(is_initial(t.text) or t.lower_.rstrip(".") in ABBREVIATED_SUFFIXES for t in words):
        return False
    if any(t.ent_type_ in _NOT_NAME_ENTITIES and not is_particle(t.text) for t in words):
        return False  # (the NER reads the particle of "Erik ten Hag" as a number)
    if any(t.lower_ in name_shapes().heads for t in words):
        return False
    if len(words) > 1 and reading.org_names.get(fold_key(words[0].text)) == words[0].text:
        return False  # "Acme North America" after "Lena Ortiz, President": a body named after "Acme"
    if any((t.ent_type_ != "PERSON" or len(words) == 1) and t.is_title and whole_word(reading.text, t.lower_)
           for t in words):
        return False  # "Commander Captured" in a headline: a word the text also writes in lower case
    if any(s < end and start < e for s, e, _ in reading.titles):
        return False
    if len(words) == 1:
        # A bare surname needs support: a person the NER found, or one already named.
        word = words[0]
        return any(same_person(word.text, f.name) for f in reading.found) or word.ent_type_ == "PERSON"
    # (ORG is no objection: the NER often reads "Trial Attorneys Nadia Brandt" as one organisation.)
    return listed or not all(t.ent_type_ in _PLACE_ENTITIES for t in words)
