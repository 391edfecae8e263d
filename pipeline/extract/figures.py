"""Figures (numbers that count a noun) and percentages.

A figure is a number phrase ("21,000", "two", "a dozen", "400-700", "thousands of") whose
counted noun comes from the dependency parse: the noun the number modifies ("21,000 child
victims" → "child victims"), with its "of" phrase ("three counts of wire fraud"), or the
noun after "of" ("thousands of text messages", "two of the defendants"). Numbers that are
money, durations, percentages or dates (the ``taken`` ranges), ordinals, ages, years,
identifiers ("Section 1343", "18-484", "18 U.S.C.") and parts of names are not figures;
the words that decide that are data in ``models/figure_words.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.components import GUESSED_ENTITIES, NOT_COUNT_ENTITIES, NUMBER_WORDS, VAGUE_COUNT_WORDS, not_a_count_entity
from pipeline.extract.view import doc_text, mention, token_strings, view_of
from pipeline.textsearch import finditer_near_cues, overlaps
from pipeline.normalize.numbers import (
    FRACTION_WORDS,
    SCALE_WORDS,
    number_words,
    parse_number,
    parse_range,
    qualifier_after_span,
    qualifier_before_span,
    vague_number,
)
from pipeline.records import CleanDocument, Figure, Percentage
from pipeline.resources import model_path, read_tsv

__all__ = ["extract_figures", "extract_percentages", "figure_words"]

_SCALE_TOKENS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
#: Scale words that only follow digits ("50 lakh masks", "2 crore people"); never a count alone.
#: The South Asian scales of normalize.numbers (lakh, lac, crore), spelled out.
_DIGIT_SCALE_TOKENS = frozenset(word for word, scale in SCALE_WORDS.items() if scale in (10**5, 10**7) and len(word) > 2)
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_IDENTIFIER_SHAPE = re.compile(r"\d[-:/]\d|\d-[A-Za-z]|[A-Za-z]-?\d|^0\d")
_RANGE_LINKS = frozenset({"-", "–", "—", "to", "through", "or"})
_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC", "LAW", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP"})
#: Entities a counted noun is never part of ("three days", "two dollars").
_NOT_FIGURE_ENTITIES = NOT_COUNT_ENTITIES | GUESSED_ENTITIES | {"DATE"}
_DETERMINERS = frozenset({"the", "his", "her", "their", "its", "our", "these", "those"})
_PRONOUN_OBJECTS = frozenset({"them", "which", "whom", "us", "you"})


@dataclass(frozen=True, slots=True)
class FigureWords:
    """``models/figure_words.tsv``: units, identifier words and age words."""

    units: frozenset[str]
    identifier_before: frozenset[str]
    identifier_after: frozenset[str]
    age_before: frozenset[str]
    single: frozenset[str]
    identifier_number: frozenset[str]
    not_single: frozenset[str]
    invariant: frozenset[str]


@lru_cache(maxsize=1)
def figure_words() -> FigureWords:
    """``models/figure_words.tsv`` loaded once and validated."""
    path = model_path("figure_words.tsv")
    kinds: dict[str, set[str]] = {"unit": set(), "identifier_before": set(), "identifier_after": set(), "age_before": set(), "single": set(), "identifier_number": set(), "not_single": set(), "invariant": set()}
    for number, row in enumerate(read_tsv(path), 2):
        kind, word = (row.get("kind") or "").strip(), (row.get("word") or "").strip().lower()
        if kind not in kinds or not word:
            raise ValueError(f"{path}: row {number} needs a kind in {sorted(kinds)} and a word: {row}")
        kinds[kind].add(word)
    return FigureWords(
        units=frozenset(kinds["unit"]),
        identifier_before=frozenset(kinds["identifier_before"]),
        identifier_after=frozenset(kinds["identifier_after"]),
        age_before=frozenset(kinds["age_before"]),
        single=frozenset(kinds["single"]),
        identifier_number=frozenset(kinds["identifier_number"]),
        not_single=frozenset(kinds["not_single"]),
        invariant=frozenset(kinds["invariant"]),
    )


# --- number phrases --------------------------------------------------------------------------


def _is_number_token(token: Token) -> bool:
    lower = token.lower_
    if lower in NUMBER_WORDS:
        return True
    return bool(_DIGITS.match(token.text))


#: Words that make a bare scale word a vague count: "several hundred", "a few thousand".
_VAGUE_SCALE_OPENERS = frozenset({"several", "few"})


def _number_runs(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges [start, end) of number phrases: "21,000", "twenty - one", "one hundred and five", "a dozen"."""
    texts, lowers, spaces = token_strings(doc)  # every token is looked at: plain strings, not Tokens
    i, n = 0, len(doc)
    while i < n:
        number = lowers[i] in NUMBER_WORDS or _DIGITS.match(texts[i])
        if not number or lowers[i] in ("hundred", "thousand", "million", "billion", "trillion"):
            # "a dozen", "a hundred", "a million": the article is the number
            if lowers[i] in ("a", "an") and i + 1 < n and lowers[i + 1] in _SCALE_TOKENS:
                start, i = i, i + 1
            elif lowers[i] in _SCALE_TOKENS and i > 0 and lowers[i - 1] in _VAGUE_SCALE_OPENERS:
                start = i
            else:
                i += 1
                continue
        else:
            start = i
        i += 1
        while i < n:
            lower = lowers[i]
            if lower in NUMBER_WORDS and not texts[i][0].isdigit():
                i += 1
            elif texts[i] == "-" and i + 1 < n and lowers[i + 1] in NUMBER_WORDS and lowers[i - 1] in NUMBER_WORDS \
                    and not spaces[i] and not spaces[i - 1]:
                i += 1  # "twenty-one"
            elif lower == "and" and i + 1 < n and lowers[i - 1] == "hundred" and lowers[i + 1] in NUMBER_WORDS:
                i += 1  # "one hundred and five"
            elif (lower in _SCALE_TOKENS or lower in _DIGIT_SCALE_TOKENS) and texts[i - 1][0].isdigit():
                i += 1  # "2.1 million", "50 lakh"
            else:
                break
        yield start, i


@dataclass(frozen=True, slots=True)
class _Count:
    """A number phrase read as a count: token range, value(s), qualifier."""

    start: int  # first token of the number (or of the low end of a range)
    end: int  # one past the last number token
    value: Decimal
    value_high: Decimal | None
    qualifier: str


def _read_counts(doc: Doc) -> Iterator[_Count]:
    runs = list(_number_runs(doc))
    skip_until = -1
    for index, (start, end) in enumerate(runs):
        if start < skip_until:
            continue
        value = parse_number(doc[start:end].text)
        if value is None and doc[start].lower_ in _SCALE_TOKENS:
            value = parse_number("one " + doc[start:end].text)  # "several hundred": the scale word alone
        if value is None:
            continue
        # A range: "400-700 gallons", "between 10 and 20 defendants", "two to three".
        if index + 1 < len(runs):
            next_start, next_end = runs[index + 1]
            link = doc[end:next_start]
            between = start > 0 and doc[start - 1].lower_ == "between"
            if len(link) == 1 and (link[0].lower_ in _RANGE_LINKS or (between and link[0].lower_ == "and")) \
                    and not (link[0].lower_ == "or" and _is_more(doc, next_end)):
                found = parse_range(doc[start:next_end].text)
                if found:  # "18-484" without a counted noun after it is dropped later
                    skip_until = next_end
                    yield _Count(start, next_end, found[0], found[1], "range")
                    continue
        if doc[start].lower_ in _SCALE_TOKENS and start > 0 and doc[start - 1].lower_ in _VAGUE_SCALE_OPENERS:
            yield _Count(start - 1, end, value, None, "vague")  # "several hundred calories": about a hundred
            continue
        yield _Count(start, end, value, None, "exact")


def _is_more(doc: Doc, end: int) -> bool:
    """"one or two more": the second number is a comparison, not the top of a range ("two or more" has no number)."""
    return end < len(doc) and doc[end].lower_ in ("more", "fewer", "less")


# --- filters ---------------------------------------------------------------------------------


def _is_identifier(doc: Doc, count: _Count) -> bool:
    words = figure_words()
    first, last = doc[count.start], doc[count.end - 1]
    if first.i > 0:
        before = doc[first.i - 1]
        if before.lower_ in words.identifier_before or before.text in ("#", "§", "No.", "No"):
            return True
        if before.text in ("-", "/", ":", ".") and not before.whitespace_:
            return True  # "18-484", "1:17", "3/4"
    if last.i + 1 < len(doc):
        after = doc[last.i + 1]
        if after.lower_ in words.identifier_after:
            return True
        if after.text in ("-", "/", ":") and not last.whitespace_ and count.value_high is None:
            if not (after.i + 1 < len(doc) and doc[after.i + 1].is_alpha and doc[after.i + 1].lower_ not in NUMBER_WORDS):
                return True  # "18-484" (but not "two-count", handled as a compound below)
    if count.value_high is None and _IDENTIFIER_SHAPE.search(doc[count.start : count.end].text):
        return True
    if last.text[-1].isdigit() and not last.whitespace_ and last.i + 1 < len(doc) and doc[last.i + 1].is_alpha \
            and doc[last.i + 1].lower_ not in NUMBER_WORDS and doc[last.i + 1].lower_ not in words.units:
        return True  # a model name written with its number: "4K", "5G", "3D" (but "82mm" is a measure, below)
    return False


def _is_age(doc: Doc, count: _Count) -> bool:
    """"Smith, 45, of Miami", "aged 45", "a 45-year-old"."""
    first, last = doc[count.start], doc[count.end - 1]
    if first.i > 0 and doc[first.i - 1].lower_ in figure_words().age_before:
        return True
    if first.i >= 2 and doc[first.i - 1].text == "," and doc[first.i - 2].pos_ == "PROPN":
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        return nxt is None or nxt.text in (",", ")", ";", ".") or nxt.lower_ in ("and", "of")
    return False


def _is_year(doc: Doc, count: _Count) -> bool:
    """A year, or digits news style would have grouped ("1099 forms", "8200 block"): not a count."""
    text = doc[count.start : count.end].text
    return bool(re.fullmatch(r"\d{4,}", text)) or text in figure_words().identifier_number


def _stat_line(doc: Doc, index: int) -> bool:
    """Whether the sentence around ``index`` is a line of a box score: names and counts, no clause.

    "Osaro 3 goals, 1 assist." "K. Moss 12 points and 4 steals." Its numbers count the lower-case
    word after them, whatever the tagger made of names (ORG, PRODUCT) and words ("saves" as a verb).
    """
    sentences = view_of(doc).sentences
    if not sentences.annotated:
        return False
    sentence = sentences.sentence(doc[index])
    numbers = 0
    for token in sentence:
        if token.like_num and token.text[0].isdigit():
            numbers += 1
        elif token.is_lower and token.is_alpha:
            if not (token.i > sentence.start and doc[token.i - 1].like_num) and token.lower_ not in ("and", "total"):
                return False  # a clause, not a list of counts
        elif not (token.is_punct or token.is_space or (token.is_title or token.is_upper) and token.pos_ in ("PROPN", "NOUN", "X")):
            return False
    return numbers > 0


def _in_name(doc: Doc, count: _Count) -> bool:
    """Part of a name: an entity such as ORG or LAW, or digits right after a proper noun ("Landmark 72")."""
    first = doc[count.start]
    if first.text[0].isdigit() and _stat_line(doc, first.i):
        return False
    if first.i > 0 and first.text[0].isdigit() and doc[first.i - 1].pos_ == "PROPN" and not doc[first.i - 1].is_lower \
            and not doc[first.i - 1].is_sent_start and not _person_before(doc, first.i):
        return True  # "Landmark 72", "Boeing 787" — but "Davis 17 points" is a player's line in a box score
    for token in doc[count.start : count.end]:
        if token.ent_type_ == "PERSON" and token.text[0].isdigit():
            continue  # no person's name holds digits: the model ran a name into the stat after it
        if token.ent_type_ in _NAME_ENTITIES or not_a_count_entity(token):
            return True
    return False


_INITIAL = re.compile(r"^[A-Z]\.$")


def _person_before(doc: Doc, index: int) -> bool:
    """Whether a person's name ends right before ``index``: a PERSON entity, or a surname after an initial ("L. Moss")."""
    before = doc[index - 1]
    return before.ent_type_ == "PERSON" or (index >= 2 and bool(_INITIAL.match(doc[index - 2].text)))


# --- the counted noun ------------------------------------------------------------------------


def _sentence_start(span: Span) -> int:
    """Where ``span.sent`` starts (0 without sentence boundaries)."""
    sentences = view_of(span.doc).sentences
    return sentences.sentence_chars(span)[0] if sentences.annotated else 0


def _headline(sentence: Span) -> bool:
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


def _noun_run(doc: Doc, first: int, headline: bool, proper_ok: bool = False) -> Token | None:
    """The head of the noun phrase starting at ``first``: its last countable noun before anything else.

    Adjectives may be coordinated ("current and former crew members"); an open-class word
    the tagger missed inside the phrase ("counterfeit airbag modules") does not end it.
    """
    head = None
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
        if head is None and token.pos_ in ("ADJ", "ADV", "VERB") and (token.pos_ == "ADJ" or view_of(doc).dependencies.dep(token.i) in ("amod", "advmod", "compound", "nmod")):
            continue
        nxt = doc[token.i + 1] if token.i + 1 < end else None
        if head is None and token.pos_ == "CCONJ" and token.i > first and doc[token.i - 1].pos_ == "ADJ" \
                and nxt is not None and nxt.pos_ in ("ADJ", "NOUN"):
            continue  # "current and former crew members"
        if head is None and token.is_alpha and token.is_lower and not token.is_stop and nxt is not None and nxt.pos_ == "NOUN":
            continue  # a noun the tagger called something else, inside the phrase
        break
    return head


def _counted_noun(doc: Doc, count: _Count, first: int) -> tuple[Token, int] | None:
    """The head noun a number counts and the first token of its phrase (``first``: after the number)."""
    if first >= len(doc):
        return None
    sentences = view_of(doc).sentences
    headline = _headline(sentences.sentence(doc[count.start])) if sentences.annotated else False
    if doc[first].lower_ == "of":  # "two of the defendants"
        return _noun_after_of(doc, first, headline)
    if doc[first].pos_ in ("CCONJ", "ADP", "PART", "PRON", "AUX", "DET"):
        return None
    if doc[first].is_lower and doc[first].is_alpha and doc[count.start].text[0].isdigit() and _stat_line(doc, first) \
            and doc[first].lower_ not in figure_words().units:
        return doc[first], first  # "Mertz 3 saves.": the stat, whatever its tag
    last = doc[count.end - 1]
    parse = view_of(doc).dependencies
    head = doc[parse.head(last.i)] if parse.dep(last.i) in ("nummod", "quantmod", "compound", "amod", "nmod") else None
    units = figure_words().units
    if head is not None and first <= head.i <= first + 6 and _countable(head, headline) \
            and all(t.pos_ in _MODIFIER_POS and t.lower_ not in units for t in doc[first : head.i]):
        return head, first
    # A number word before plural title-case words counts them ("seven Police Land Divisions");
    # digits before a proper noun are usually part of a name ("229 Constructors").
    proper_ok = doc[count.start].is_lower and doc[count.start].is_alpha
    found = _noun_run(doc, first, headline, proper_ok)
    return (found, first) if found is not None else None


def _noun_after_of(doc: Doc, of_index: int, headline: bool) -> tuple[Token, int] | None:
    """The noun after "of": "two of the defendants" → defendants; "thousands of text messages" → messages."""
    start = of_index + 1
    if start < len(doc) and doc[start].lower_ in _PRONOUN_OBJECTS:
        return None  # "hundreds of them": the noun is further back, not the words after the pronoun
    determined = False
    while start < len(doc) and (doc[start].lower_ in _DETERMINERS or doc[start].tag_ == "PRP$" or view_of(doc).dependencies.dep(start) == "poss"
                                or doc[start].text in ("'s", "'") or (determined and _is_number_token(doc[start]))):
        determined = True  # "two of the defendants", "seven of the nine council members"
        start += 1
    head = _noun_run(doc, start, headline) if start < len(doc) else None
    if head is None:
        return None
    # "all three of conspiracy": "of" before a bare singular noun is not "three of the …"
    if not determined and head.tag_ not in ("NNS", "NNPS") and not head.lower_.endswith("s"):
        return None
    return head, start


def _noun_phrase(doc: Doc, head: Token, first: int) -> Span:
    """From the first word after the number to the noun, with its "of …" phrase."""
    end = head.i + 1
    parse = view_of(doc).dependencies
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


#: Words before "one" that make it a determiner or a pronoun, not a count ("the one thing", "no one").
_ONE_NOT_COUNTED_AFTER = frozenset({"the", "no", "any", "every", "each", "this", "that", "which", "whichever", "another"})


def _singular_ok(doc: Doc, count: _Count, head: Token) -> bool:
    """A count of one: "1 goal", "killed one armed insurgent", "one count each of" — but not "in one case".

    Digits are written to count. The word "one" is also an article-like determiner ("one day
    he left", "in one case", "at one point"): it counts unless it follows a preposition or a
    determiner, or the noun is a word kept for counts of one only in ``single``.
    """
    if count.value != 1 or count.value_high is not None or doc[count.start].text[0].isdigit():
        return True
    if head.lemma_.lower() in figure_words().single or head.lower_ in figure_words().single:
        return True
    following = doc[head.i + 1] if head.i + 1 < len(doc) else None
    if following is not None and following.lower_ in ("of", "each"):
        return True
    before = doc[count.start - 1] if count.start > 0 else None
    if before is not None and before.tag_ == "WDT" and count.start > 1 and doc[count.start - 2].pos_ == "ADP":
        before = None  # a relative clause opens with the count: "a robbery in which one employee was hurt"
    if before is not None and ((before.pos_ == "ADP" and before.lower_ != "of") or before.pos_ in ("DET", "PRON")
                               or before.tag_ == "PRP$" or before.lower_ in _ONE_NOT_COUNTED_AFTER):
        return False  # "in one case", "the one place" — but "the death of one insurgent" counts
    return head.lower_ not in figure_words().not_single and head.lemma_.lower() not in figure_words().not_single


_PREPOSITIONS = frozenset({"over", "under", "above", "below"})
#: Words that count a group without a number ("several insurgents"), which a later bare number can count.
_GROUP_WORDS = frozenset({"several", "some", "many", "multiple", "numerous", "few"})
#: Roles of a number that stands for its noun ("detained two", "two were killed", "all three fled").
_ELIDED_ROLES = frozenset({"nsubj", "nsubjpass", "dobj"})


def _elided_noun(doc: Doc, count: _Count, rows: list[Figure]) -> str | None:
    """The noun of a count whose noun is left out, from the count it refers back to, else None.

    "Forces killed four armed insurgents and detained two" → "armed insurgents". The referred
    count is the last figure of the same or the previous sentence; without one there is no
    row (no noun is better than a wrong one). "One" alone is a pronoun ("one said"), not a count.
    """
    last = doc[count.end - 1]
    if count.value == 1 and count.value_high is None:
        return None
    parse = view_of(doc).dependencies
    if parse.dep(last.i) not in _ELIDED_ROLES:
        return None
    following = doc[count.end] if count.end < len(doc) else None
    if following is not None and not (following.is_punct or following.pos_ in ("AUX", "VERB", "ADP", "CCONJ", "ADV")):
        return None
    sentences = view_of(doc).sentences
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


def _singular_after_many(count: _Count, head: Token) -> bool:
    """Whether a number above one stands before a singular noun: no count reads that way.

    Nouns whose plural is written like the singular ("three aircraft", "20 staff") are in
    ``invariant``.
    """
    if count.value <= 1 or count.value_high is not None or count.qualifier != "exact":
        return False
    words = figure_words()
    if head.lower_ in words.invariant or head.lower_.endswith("s"):
        return False
    return head.tag_ in ("NN", "NNP")


def _ratio_after(doc: Doc, index: int) -> bool:
    """Whether a bare "in eight" follows the counted noun ("one shift in eight"): one side of a ratio.

    "Seven wins out of eight" is a count (of wins) and of the games played; "two trusts in 2008"
    and "240 projects in 31 countries" are counts too.
    """
    if index + 1 >= len(doc) or doc[index].lower_ != "in":
        return False
    number = doc[index + 1]
    if not _is_number_token(number) or number.ent_type_ == "DATE" or re.fullmatch(r"\d{4,}", number.text):
        return False
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    return after is None or after.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")


def _compound_count(doc: Doc, count: _Count, taken: list[tuple[int, int]]) -> Figure | None:
    """A count written as a compound modifier: "a three-game streak", "two-goal lead", "two-count indictment".

    The word after the hyphen is the counted noun when it is a plain common noun that modifies
    the noun after it; measures ("45-year-old", "8-inch"), fractions ("two-thirds"), and longer
    compounds ("one-on-one") are no counts.
    """
    word_index = count.end + 1
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
    text = doc_text(doc)
    return Figure(text=text[start:end], value=float(count.value), value_high=None, qualifier="exact", noun=word.text,
                  start=start, end=end, sentence=mention(doc[count.start : word_index + 1]).sentence)


def extract_figures(doc: Doc, article: CleanDocument, taken: list[tuple[int, int]]) -> list[Figure]:
    """One row per number that counts a noun ("more than 21,000 child victims").

    Args:
        doc: the parsed article text.
        article: the cleaned article.
        taken: character ranges already claimed by amounts, durations, percentages and dates.
    """
    if article.language and article.language != "en":
        # The parse and the words here are English; a language without its own rules gets no
        # figures rather than English rules misreading it.
        return _figures_by_capitals(doc, article, taken) if article.language in number_words() else []
    rows: list[Figure] = []
    text = doc_text(doc)
    for count in _read_counts(doc):
        span = doc[count.start : count.end]
        if overlaps(span.start_char, span.end_char, taken):
            continue
        if _is_identifier(doc, count) or _is_age(doc, count) or _is_year(doc, count) or _in_name(doc, count):
            continue
        if count.value != count.value.to_integral_value() \
                and not any(t.lower_ in _SCALE_TOKENS or t.lower_ in _DIGIT_SCALE_TOKENS for t in span):
            continue  # "a 91.4 coverage grade", "4.5 stars": a rating or a measure; things are counted whole
        if count.end < len(doc) and doc[count.end].text == "-" and not doc[count.end - 1].whitespace_:
            compound = _compound_count(doc, count, taken)
            if compound is not None:
                rows.append(compound)
            continue
        if doc[count.start].lower_ == "one" and count.end < len(doc) and doc[count.end].lower_ == "of":
            continue  # "one of the defendants": a pronoun, not a count
        qualifier_after_words, after_width = qualifier_after_span(text[span.end_char : span.end_char + 30])
        first = count.end
        if after_width:
            boundary = doc.char_span(span.end_char, span.end_char + after_width, alignment_mode="expand")
            first = boundary.end if boundary is not None else first
        counted = _counted_noun(doc, count, first)
        if counted is None:
            referred = _elided_noun(doc, count, rows) if not after_width else None
            if referred is None:
                continue
            noun_text, noun_end = referred, span.end
        else:
            if not _singular_ok(doc, count, counted[0]):
                continue
            head, first = counted
            if _singular_after_many(count, head):
                continue  # "its 737 Max jet", "a Windows 10 laptop": a model number before a name
            if _ratio_after(doc, head.i + 1):
                continue  # "one shift in eight": a ratio, not a count
            noun = _noun_phrase(doc, head, first)
            noun_text, noun_end = noun.text, noun.end
        qualifier, start_char = count.qualifier, span.start_char
        if qualifier == "exact":
            sentence_start = _sentence_start(span)
            before = text[max(sentence_start, span.start_char - 60) : span.start_char]
            qualifier, width = qualifier_before_span(before)
            cue = before[len(before) - width :].strip().lower() if width else ""
            if qualifier == "range" or (cue in _PREPOSITIONS and not span.text[0].isdigit() and count.value < 100):
                qualifier, width = "exact", 0  # "operated under three names": a preposition
            if qualifier == "exact":
                qualifier = qualifier_after_words or "exact"
            start_char -= width
        evidence = mention(doc[count.start : noun_end])
        end_char = doc[noun_end - 1].idx + len(doc[noun_end - 1])
        rows.append(
            Figure(
                text=text[start_char:end_char],
                value=float(count.value),
                value_high=float(count.value_high) if count.value_high is not None else None,
                qualifier=qualifier,
                noun=noun_text,
                start=start_char,
                end=end_char,
                sentence=evidence.sentence,
            )
        )
    rows += _vague_figures(doc, taken)
    return rows


@lru_cache(maxsize=4)
def _capitalised_noun_figure(language: str) -> re.Pattern[str]:
    """A number, up to two lower-case adjectives and a capitalised noun (German writes nouns capitalised).

    "sieben Staaten", "14 hochwertige Fahrzeuge", "mehr als 3.200 Anlegerinnen und Anleger".
    """
    words = sorted(number_words().get(language, {}), key=len, reverse=True)
    word_number = "|".join(re.escape(w) for w in words)
    return re.compile(
        rf"(?<![\w.,])(?P<num>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|(?i:{word_number}))\s+"
        r"(?P<noun>(?:[a-zäöüß]+\s+){0,2}[A-ZÄÖÜ][\wäöüß-]*(?:\s+und\s+[A-ZÄÖÜ][\wäöüß-]*)?)"
    )


def _figures_by_capitals(doc: Doc, article: CleanDocument, taken: list[tuple[int, int]]) -> list[Figure]:
    """Figures in a language the parser does not read (German): a number before a capitalised noun."""
    language = article.language or ""
    if language not in number_words():
        return []
    rows = []
    text = doc_text(doc)
    units = figure_words().units
    for match in _capitalised_noun_figure(language).finditer(text):
        start, end = match.start("num"), match.end("noun")
        noun = match.group("noun")
        head = noun.split()[-1]
        if overlaps(start, end, taken) or head.lower() in units or noun.split()[0].lower() in units:
            continue
        if re.fullmatch(r"\d{4,}", match.group("num")) or any(w.lower() in units for w in noun.split()):
            continue  # a year, or a measure ("zwei Jahre", "48 Millionen Euro")
        value = parse_number(match.group("num"), language=language)
        if value is None or (match.group("num").isalpha() and match.group("num")[0].isupper() and start > 0
                             and not text[start - 2 : start].strip(" ").endswith((".", "\n"))):
            continue
        if value == 1 and match.group("num").isalpha():
            continue  # "ein"/"eine" are articles far more often than counts
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        sentence_start = _sentence_start(span)
        qualifier, width = qualifier_before_span(text[max(sentence_start, start - 60) : start])
        if qualifier == "range":
            qualifier, width = "exact", 0
        rows.append(Figure(text=text[start - width : end], value=float(value), value_high=None, qualifier=qualifier,
                           noun=noun, start=start - width, end=end, sentence=mention(span).sentence))
    return rows


def _vague_figures(doc: Doc, taken: list[tuple[int, int]]) -> list[Figure]:
    """"hundreds of unscrupulous tax preparers", "tens of thousands of victims": vague counts."""
    rows = []
    text = doc_text(doc)
    sentences = view_of(doc).sentences
    for i, lower in enumerate(token_strings(doc).lowers):
        if lower not in VAGUE_COUNT_WORDS:
            continue
        token = doc[i]
        if token.i > 1 and doc[token.i - 1].lower_ == "of" and doc[token.i - 2].lower_ in ("tens", "hundreds"):
            continue  # inside "tens of thousands of", already read from its first word
        found = vague_number(text[token.idx : token.idx + 60])
        if found is None:
            continue
        value, width = found
        phrase_end = token.idx + width
        if not text[token.idx:phrase_end].lower().rstrip().endswith("of") or overlaps(token.idx, phrase_end, taken):
            continue
        of_token = doc.char_span(phrase_end - 2, phrase_end, alignment_mode="expand")
        if of_token is None:
            continue
        headline = _headline(sentences.sentence(token)) if sentences.annotated else False
        counted = _noun_after_of(doc, of_token.end - 1, headline)
        if counted is None:
            continue
        head, first = counted
        noun = _noun_phrase(doc, head, first)
        evidence = mention(doc[token.i : noun.end])
        rows.append(
            Figure(text=text[token.idx : noun.end_char], value=float(value), value_high=None, qualifier="vague",
                   noun=noun.text, start=token.idx, end=noun.end_char, sentence=evidence.sentence)
        )
    return rows


# --- percentages -----------------------------------------------------------------------------

_PERCENT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\.\d+|(?i:[^\W\d_]+(?:[\s-]+[^\W\d_]+){0,4}))"
# "%" followed by two hex digits is URL encoding ("30%25"), not a percentage.
_PERCENT_SIGN = r"(?:\s?%(?![0-9A-Fa-f]{2}|\w)|\s*-?\s*(?i:per\s?cent(?:age)?s?|pct\.?|prozent)(?![a-z]))"
_PERCENT = re.compile(
    rf"(?<![\w%=/?&.])(?P<neg>(?<![\w-])-|(?i:minus|negative)\s+)?"
    rf"(?:(?P<low>{_PERCENT_NUMBER})(?P<lowsign>{_PERCENT_SIGN})?\s*(?P<link>-|–|—|(?i:to|and))\s*)?"
    rf"(?P<num>{_PERCENT_NUMBER}){_PERCENT_SIGN}"
)
# Trying _PERCENT at every word start backtracks through the next five words each time. Every
# match ends in a "%" or a percent word, and it holds at most 16 runs of characters other than
# spaces and hyphens (a sign word, five number words, "per cent", a link word, five number
# words, "per cent"), so the pattern is tried only within 16 such runs before a percent cue (a
# leading "-", as in "-5%", comes after the start of the run before its first run).
_PERCENT_CUE = re.compile(r"%|(?i:per\s?cent|pct|prozent)")
_PERCENT_RUN = re.compile(r"[^\s-]+")
_PERCENT_MAX_RUNS = 16
_PERCENT_OF = re.compile(rf"(?i:per\s?cents?|percents?|percentages?)\s+of\s+(?P<num>{_PERCENT_NUMBER})(?![\w])")


def _percent_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_PERCENT.finditer(text)``, looked for only just before a percent cue."""
    return finditer_near_cues(_PERCENT, text, _PERCENT_CUE, _PERCENT_RUN, _PERCENT_MAX_RUNS)


def _word_number_tail(text: str, language: str = "en") -> tuple[Decimal, int] | None:
    """The number at the end of a run of words ("increased by twenty" → 20), and where it starts."""
    words = list(re.finditer(r"[^\W_]+(?:[.,]\d+)*", text))
    for index in range(len(words)):
        value = parse_number(text[words[index].start() :], language=language)
        if value is not None:
            return value, words[index].start()
    return None


def extract_percentages(doc: Doc, article: CleanDocument) -> list[Percentage]:
    """One row per percentage ("40 percent", "40%", "between 10 and 20 percent", "one hundred percent")."""
    text = doc_text(doc)
    language = article.language if article.language in number_words() else "en"
    rows: list[Percentage] = []
    for match in _percent_matches(text):
        read = _word_number_tail(match.group("num"), language)
        if read is None:
            continue
        value, offset = read
        start = match.start("num") + offset
        value_high = None
        qualifier = "exact"
        if match.group("low"):
            low = _word_number_tail(match.group("low"), language)
            whole = parse_number(text[match.start("low") + (low[1] if low else 0) : match.end("num")], language=language)
            if whole is not None and low is not None and not match.group("lowsign"):  # "Sixty-two percent": one number
                value, start = whole, match.start("low") + low[1]
            elif low is not None and low[0] < value and (match.group("link").lower() != "and" or _between(text, match.start("low"))):
                value_high, value, qualifier = value, low[0], "range"
                start = match.start("low") + low[1]
        if match.group("neg"):
            value = -value
            start = match.start()
        rows.append(_percentage(doc, text, start, match.end(), value, value_high, qualifier))
    for match in _PERCENT_OF.finditer(text):
        value = parse_number(match.group("num"))
        if value is not None and not any(r.start <= match.start() < r.end for r in rows):
            rows.append(_percentage(doc, text, match.start(), match.end(), value, None, "exact"))
    return [r for r in rows if r is not None]


def _between(text: str, start: int) -> bool:
    return bool(re.search(r"(?i:between)\s+$", text[max(0, start - 12) : start]))


def _percentage(doc: Doc, text: str, start: int, end: int, value: Decimal, value_high: Decimal | None,
                qualifier: str) -> Percentage | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    if qualifier == "exact":
        sentence_start = _sentence_start(span)
        qualifier, width = qualifier_before_span(text[max(sentence_start, start - 60) : start])
        if qualifier == "range":
            qualifier, width = "exact", 0
        start -= width
    evidence = mention(span)
    return Percentage(text=text[start:end], value=float(value), value_high=float(value_high) if value_high is not None else None,
                      qualifier=qualifier, start=start, end=end, sentence=evidence.sentence)
