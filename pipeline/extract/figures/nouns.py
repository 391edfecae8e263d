"""The noun a number counts, from the dependency parse: "21,000 child victims", "two of the defendants".

The third phase of figures: the head noun a count modifies (or the noun after "of"), its
phrase, a noun left out and referred back to ("killed four insurgents and detained two"), and
counts written as compound modifiers ("a three-game streak").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from pipeline.components import GUESSED_ENTITIES, NOT_COUNT_ENTITIES
from pipeline.extract.figures.counts import Count, is_number_token
from pipeline.extract.figures.filters import stat_line
from pipeline.extract.view import DocView
from pipeline.lexicon import figure_words
from pipeline.normalize.numbers import FRACTION_WORDS
from pipeline.records import Figure
from pipeline.textsearch import overlaps

__all__ = ["compound_count", "counted_noun", "elided_noun", "is_headline", "noun_after_of", "noun_phrase", "sentence_start_of"]

#: Entities a counted noun is never part of ("three days", "two dollars").
_NOT_FIGURE_ENTITIES = NOT_COUNT_ENTITIES | GUESSED_ENTITIES | {"DATE"}
_DETERMINERS = frozenset({"the", "his", "her", "their", "its", "our", "these", "those"})
_PRONOUN_OBJECTS = frozenset({"them", "which", "whom", "us", "you"})


def sentence_start_of(view: DocView, span: Span) -> int:
    """Where ``span.sent`` starts (0 without sentence boundaries)."""
    sentences = view.sentences
    return sentences.sentence_chars(span)[0] if sentences.annotated else 0


def is_headline(sentence: Span) -> bool:
    """Whether a sentence is a title-case headline ("Two Doctors Sentenced for Roles in …")."""
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title for t in words) >= 0.7 * len(words)


def _hyphen_piece(token: Token) -> bool:
    """The first part of a hyphenated word ("non" of "non-profit", "e" of "e-mail")."""
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_


def _countable(token: Token, headline: bool) -> bool:
    """Whether a token can be the noun a number counts (``headline``: title-case proper nouns allowed)."""
    words = figure_words()
    if token.lower_ in words.units or token.lemma_.lower() in words.units or _hyphen_piece(token):
        return False
    if not any(c.isalpha() for c in token.text):
        return False  # a "|" or "#" the tagger called a noun
    if token.pos_ == "NOUN":
        return token.ent_type_ not in _NOT_FIGURE_ENTITIES
    if token.ent_type_ == "NORP" and token.lower_.endswith("s"):
        return True  # people by nationality or group: "millions of Australians", "three Americans"
    # Headlines capitalise every word ("Two Doctors Sentenced"); a number word may count plural
    # title-case words ("seven Police Land Divisions") — but never a person or a place.
    return headline and token.pos_ == "PROPN" and token.is_title and token.lower_.endswith("s") \
        and token.ent_type_ not in ("PERSON", "GPE", "LOC", "FAC") and token.ent_type_ not in _NOT_FIGURE_ENTITIES


_MODIFIER_POS = frozenset({"ADJ", "ADV", "NUM", "PUNCT", "VERB", "PROPN", "NOUN"})


def _noun_run(view: DocView, first: int, headline: bool, proper_ok: bool = False) -> Token | None:
    """The head of the noun phrase starting at ``first``: its last countable noun before anything else.

    Adjectives may be coordinated ("current and former crew members"); an open-class word
    the tagger missed inside the phrase ("counterfeit airbag modules") does not end it.
    """
    doc, head = view.doc, None
    units = figure_words().units
    end = min(len(doc), first + 8)
    for token in doc[first:end]:
        if token.lower_ in units or token.lemma_.lower() in units:
            return None  # "51 year-old man", "5 kilograms of": a measure, not a count
        if token.pos_ in ("NOUN", "PROPN") or (token.text == "-" and not token.whitespace_) or _hyphen_piece(token):
            if _countable(token, headline or proper_ok):
                head = token
            elif head is not None and token.pos_ == "PROPN":
                break
            continue
        if head is None and token.pos_ in ("ADJ", "ADV", "VERB") and (token.pos_ == "ADJ" or view.dependencies.dep(token.i) in ("amod", "advmod", "compound", "nmod")):
            continue
        nxt = doc[token.i + 1] if token.i + 1 < end else None
        if head is None and token.pos_ == "CCONJ" and token.i > first and doc[token.i - 1].pos_ == "ADJ" \
                and nxt is not None and nxt.pos_ in ("ADJ", "NOUN"):
            continue  # "current and former crew members"
        if head is None and token.is_alpha and token.is_lower and not token.is_stop and nxt is not None and nxt.pos_ == "NOUN":
            continue  # a noun the tagger called something else, inside the phrase
        break
    return head


def counted_noun(view: DocView, count: Count, first: int) -> tuple[Token, int] | None:
    """The head noun a number counts and the first token of its phrase (``first``: after the number)."""
    doc = view.doc
    if first >= len(doc):
        return None
    sentences = view.sentences
    headline = is_headline(sentences.sentence(doc[count.start])) if sentences.annotated else False
    if doc[first].lower_ == "of":  # "two of the defendants"
        return noun_after_of(view, first, headline)
    if doc[first].pos_ in ("CCONJ", "ADP", "PART", "PRON", "AUX", "DET"):
        return None
    if doc[first].is_lower and doc[first].is_alpha and doc[count.start].text[0].isdigit() and stat_line(view, first) \
            and doc[first].lower_ not in figure_words().units:
        return doc[first], first  # "Mertz 3 saves.": the stat, whatever its tag
    last = doc[count.end - 1]
    parse = view.dependencies
    head = doc[parse.head(last.i)] if parse.dep(last.i) in ("nummod", "quantmod", "compound", "amod", "nmod") else None
    units = figure_words().units
    if head is not None and first <= head.i <= first + 6 and _countable(head, headline) \
            and all(t.pos_ in _MODIFIER_POS and t.lower_ not in units for t in doc[first : head.i]):
        return head, first
    # A number word before plural title-case words counts them ("seven Police Land Divisions");
    # digits before a proper noun are usually part of a name ("229 Constructors").
    proper_ok = doc[count.start].is_lower and doc[count.start].is_alpha
    found = _noun_run(view, first, headline, proper_ok)
    return (found, first) if found is not None else None


def noun_after_of(view: DocView, of_index: int, headline: bool) -> tuple[Token, int] | None:
    """The noun after "of": "two of the defendants" → defendants; "thousands of text messages" → messages."""
    doc, parse = view.doc, view.dependencies
    start = of_index + 1
    if start < len(doc) and doc[start].lower_ in _PRONOUN_OBJECTS:
        return None  # "hundreds of them": the noun is further back, not the words after the pronoun
    determined = False
    while start < len(doc) and (doc[start].lower_ in _DETERMINERS or doc[start].tag_ == "PRP$" or parse.dep(start) == "poss"
                                or doc[start].text in ("'s", "'") or (determined and is_number_token(doc[start]))):
        determined = True  # "two of the defendants", "seven of the nine council members"
        start += 1
    head = _noun_run(view, start, headline) if start < len(doc) else None
    if head is None:
        return None
    # "all three of conspiracy": "of" before a bare singular noun is not "three of the …"
    if not determined and head.tag_ not in ("NNS", "NNPS") and not head.lower_.endswith("s"):
        return None
    return head, start


def noun_phrase(view: DocView, head: Token, first: int) -> Span:
    """From the first word after the number to the noun, with its "of …" phrase."""
    doc, end = view.doc, head.i + 1
    parse = view.dependencies
    for child in (doc[j] for j in parse.rights(head.i)):
        if parse.dep(child.i) == "prep" and child.lower_ == "of" and child.i == end:
            end = parse.subtree_end(child.i)
            # the "of" phrase stops at a bracket or clause comma ("427 offenders of 444 sought (or 96 percent …")
            stop = next((t.i for t in doc[child.i : end] if t.text in ("(", ";", ",", "—", "--") or t.is_space), end)
            end = stop
            break
    while end > head.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")):
        end -= 1
    return doc[first:end]


#: Words that count a group without a number ("several insurgents"), which a later bare number can count.
_GROUP_WORDS = frozenset({"several", "some", "many", "multiple", "numerous", "few"})
#: Roles of a number that stands for its noun ("detained two", "two were killed", "all three fled").
_ELIDED_ROLES = frozenset({"nsubj", "nsubjpass", "dobj"})


def elided_noun(view: DocView, count: Count, rows: list[Figure]) -> str | None:
    """The noun of a count whose noun is left out, from the count it refers back to, else None.

    "Forces killed four armed insurgents and detained two" → "armed insurgents". The referred
    count is the last figure of the same or the previous sentence; without one there is no
    row (no noun is better than a wrong one). "One" alone is a pronoun ("one said"), not a count.
    """
    doc = view.doc
    last = doc[count.end - 1]
    if count.value == 1 and count.value_high is None:
        return None
    parse = view.dependencies
    if parse.dep(last.i) not in _ELIDED_ROLES:
        return None
    following = doc[count.end] if count.end < len(doc) else None
    if following is not None and not (following.is_punct or following.pos_ in ("AUX", "VERB", "ADP", "CCONJ", "ADV")):
        return None
    sentences = view.sentences
    if not sentences.annotated:
        return None
    here = sentences.sentence(last)
    previous_start = sentences.sentence(doc[here.start - 1]).start_char if here.start > 0 else here.start_char
    referred = rows[-1] if rows else None
    if referred is not None and previous_start <= referred.start < doc[count.start].idx:
        return referred.noun
    # "Several insurgents fired on the patrol, … killing all three": the group counted vaguely before.
    for token in reversed(doc[here.start : count.start]):
        if token.tag_ == "NNS" and token.i > here.start and doc[token.i - 1].lower_ in _GROUP_WORDS:
            return token.text
    return None


def compound_count(view: DocView, count: Count, taken: Sequence[tuple[int, int]]) -> Figure | None:
    """A count written as a compound modifier: "a three-game streak", "two-goal lead", "two-count indictment".

    The word after the hyphen is the counted noun when it is a plain common noun that modifies
    the noun after it; measures ("45-year-old", "8-inch"), fractions ("two-thirds"), and longer
    compounds ("one-on-one") are no counts.
    """
    doc, word_index = view.doc, count.end + 1
    if word_index + 1 >= len(doc) or count.value_high is not None or count.value == 1:
        return None  # "one-time", "one-stop", "one-man": a compound of one is rarely a count
    word, modified = doc[word_index], doc[word_index + 1]
    words = figure_words()
    if not (word.is_alpha and word.is_lower and word.pos_ == "NOUN" and word.tag_ == "NN") or doc[word_index - 1].whitespace_:
        return None
    if word.lower_ in words.units or word.lemma_.lower() in words.units or word.lower_ in FRACTION_WORDS \
            or word.lower_ in words.not_single:
        return None
    if word.whitespace_ == "" or modified.pos_ not in ("NOUN", "ADJ", "PROPN") or not modified.is_alpha:
        return None  # "45-year-old", "one-on-one": a longer compound; "a two-goal." modifies nothing
    start, end = doc[count.start].idx, word.idx + len(word)
    if overlaps(start, end, taken):
        return None
    return Figure(text=view.text[start:end], value=float(count.value), value_high=None, qualifier="exact", noun=word.text,
                  start=start, end=end, sentence=view.mention(doc[count.start : word_index + 1]).sentence)
