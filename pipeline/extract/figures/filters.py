"""Numbers that count nothing: identifiers ("Section 1343", "18-484"), ages, years, parts of names, ratios.

The second phase of figures: a :class:`~pipeline.extract.figures.counts.Count` any of these
rules takes is no figure. The words they read are ``models/figure_words.tsv``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from pipeline.components import not_a_count_entity
from pipeline.extract.figures.counts import Count, is_number_token
from pipeline.extract.view import DocView
from pipeline.lexicon import figure_words
from pipeline.normalize.numbers import TEXT_NUMBER_WORDS

__all__ = ["in_name", "is_age", "is_identifier", "is_year", "ratio_after", "singular_after_many", "singular_ok", "stat_line"]

_IDENTIFIER_SHAPE = re.compile(r"\d[-:/]\d|\d-[A-Za-z]|[A-Za-z]-?\d|^0\d")
_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC", "LAW", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP"})


def is_identifier(doc: Doc, count: Count) -> bool:
    """An identifier or a citation, not a count: "Section 1343", "18-484", "18 U.S.C.", "5G"."""
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
            if not (after.i + 1 < len(doc) and doc[after.i + 1].is_alpha and doc[after.i + 1].lower_ not in TEXT_NUMBER_WORDS):
                return True  # "18-484" (but not "two-count", handled as a compound below)
    if count.value_high is None and _IDENTIFIER_SHAPE.search(doc[count.start : count.end].text):
        return True
    if last.text[-1].isdigit() and not last.whitespace_ and last.i + 1 < len(doc) and doc[last.i + 1].is_alpha \
            and doc[last.i + 1].lower_ not in TEXT_NUMBER_WORDS and doc[last.i + 1].lower_ not in words.units:
        return True  # a model name written with its number: "4K", "5G", "3D" (but "82mm" is a measure, below)
    return False


def is_age(doc: Doc, count: Count) -> bool:
    """"Smith, 45, of Miami", "aged 45", "a 45-year-old"."""
    first, last = doc[count.start], doc[count.end - 1]
    if first.i > 0 and doc[first.i - 1].lower_ in figure_words().age_before:
        return True
    if first.i >= 2 and doc[first.i - 1].text == "," and doc[first.i - 2].pos_ == "PROPN":
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        return nxt is None or nxt.text in (",", ")", ";", ".") or nxt.lower_ in ("and", "of")
    return False


def is_year(doc: Doc, count: Count) -> bool:
    """A year, or digits news style would have grouped ("1099 forms", "8200 block"): not a count."""
    text = doc[count.start : count.end].text
    return bool(re.fullmatch(r"\d{4,}", text)) or text in figure_words().identifier_number


def stat_line(view: DocView, index: int) -> bool:
    """Whether the sentence around ``index`` is a line of a box score: names and counts, no clause.

    "Osaro 3 goals, 1 assist." "K. Moss 12 points and 4 steals." Its numbers count the lower-case
    word after them, whatever the tagger made of names (ORG, PRODUCT) and words ("saves" as a verb).
    """
    doc, sentences = view.doc, view.sentences
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
        elif not (token.is_punct or token.is_space or ((token.is_title or token.is_upper) and token.pos_ in ("PROPN", "NOUN", "X"))):
            return False
    return numbers > 0


def in_name(view: DocView, count: Count) -> bool:
    """Part of a name: an entity such as ORG or LAW, or digits right after a proper noun ("Landmark 72")."""
    doc = view.doc
    first = doc[count.start]
    if first.text[0].isdigit() and stat_line(view, first.i):
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


#: Words before "one" that make it a determiner or a pronoun, not a count ("the one thing", "no one").
_ONE_NOT_COUNTED_AFTER = frozenset({"the", "no", "any", "every", "each", "this", "that", "which", "whichever", "another"})


def singular_ok(doc: Doc, count: Count, head: Token) -> bool:
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


def singular_after_many(count: Count, head: Token) -> bool:
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


def ratio_after(doc: Doc, index: int) -> bool:
    """Whether a bare "in eight" follows the counted noun ("one shift in eight"): one side of a ratio.

    "Seven wins out of eight" is a count (of wins) and of the games played; "two trusts in 2008"
    and "240 projects in 31 countries" are counts too.
    """
    if index + 1 >= len(doc) or doc[index].lower_ != "in":
        return False
    number = doc[index + 1]
    if not is_number_token(number) or number.ent_type_ == "DATE" or re.fullmatch(r"\d{4,}", number.text):
        return False
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    return after is None or after.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")
