"""Figures: numbers that count a noun ("more than 21,000 child victims").

A figure is a number phrase ("21,000", "two", "a dozen", "400-700", "thousands of") whose
counted noun comes from the dependency parse: the noun the number modifies ("21,000 child
victims" → "child victims"), with its "of" phrase ("three counts of wire fraud"), or the
noun after "of" ("thousands of text messages", "two of the defendants"). Numbers that are
money, durations, percentages or dates (the ``taken`` ranges), ordinals, ages, years,
identifiers ("Section 1343", "18-484", "18 U.S.C.") and parts of names are not figures;
the words that decide that are data in ``models/figure_words.tsv``.

The phases, one module each: :mod:`.counts` (number phrases) → :mod:`.filters` (numbers that
count nothing) → :mod:`.nouns` (the counted noun); :mod:`.capitalised` reads German. Percentages
are :mod:`pipeline.extract.percentages`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

from pipeline import lexicon
from pipeline.components import VAGUE_COUNT_WORDS
from pipeline.extract.figures.capitalised import figures_by_capitals
from pipeline.extract.figures.counts import DIGIT_SCALE_TOKENS, ONE, SCALE_TOKENS, Count, read_counts
from pipeline.extract.figures.filters import (
    in_name,
    is_age,
    is_identifier,
    is_year,
    ratio_after,
    singular_after_many,
    singular_ok,
)
from pipeline.extract.figures.nouns import (
    compound_count,
    counted_noun,
    elided_noun,
    is_headline,
    noun_after_of,
    noun_phrase,
    sentence_start_of,
)
from pipeline.extract.percentages import extract_percentages
from pipeline.extract.view import DocView
from pipeline.lexicon import figure_words
from pipeline.normalize.qualifiers import qualifier_after_span, qualifier_before_span, qualifier_table, vague_number
from pipeline.records import Figure
from pipeline.textsearch import overlaps

# extract_percentages and figure_words are importable from here as before they had their own homes.
__all__ = ["extract_figures", "extract_percentages", "figure_words", "figures_by_capitals"]

_PREPOSITIONS = frozenset({"over", "under", "above", "below"})
#: First words of the vague phrases that hold another ("tens of thousands of"): the word after
#: their "of" starts no phrase of its own.
_VAGUE_OPENERS = frozenset(phrase.split()[0] for phrase in qualifier_table().vague_values if " of " in phrase)


def extract_figures(view: DocView, *, taken: Sequence[tuple[int, int]]) -> list[Figure]:
    """One row per number that counts a noun ("more than 21,000 child victims").

    Args:
        view: the parsed article text (its article gives the language).
        taken: character ranges already claimed by amounts, durations, percentages and dates.
    """
    language = view.language
    if language and language != "en":
        # The parse and the words here are English; a language without its own rules gets no
        # figures rather than English rules misreading it.
        return figures_by_capitals(view, taken=taken) if language in lexicon.number_languages() else []
    rows: list[Figure] = []
    for count in read_counts(view):
        figure = _figure_of(view, count, taken, rows)
        if figure is not None:
            rows.append(figure)
    rows += _vague_figures(view, taken)
    return rows


def _figure_of(view: DocView, count: Count, taken: Sequence[tuple[int, int]], rows: list[Figure]) -> Figure | None:
    """The figure a number phrase makes, or None (``rows``: the figures before it, for a left-out noun)."""
    doc, text = view.doc, view.text
    span = doc[count.start : count.end]
    if overlaps(span.start_char, span.end_char, taken):
        return None
    if is_identifier(doc, count) or is_age(doc, count) or is_year(doc, count) or in_name(view, count):
        return None
    if count.value != count.value.to_integral_value() \
            and not any(t.lower_ in SCALE_TOKENS or t.lower_ in DIGIT_SCALE_TOKENS for t in span):
        return None  # "a 91.4 coverage grade", "4.5 stars": a rating or a measure; things are counted whole
    if count.end < len(doc) and doc[count.end].text == "-" and not doc[count.end - 1].whitespace_:
        return compound_count(view, count, taken)
    if doc[count.start].lower_ in ONE and count.end < len(doc) and doc[count.end].lower_ == "of":
        return None  # "one of the defendants": a pronoun, not a count
    qualifier_after_words, after_width = qualifier_after_span(text[span.end_char : span.end_char + 30])
    first = count.end
    if after_width:
        boundary = doc.char_span(span.end_char, span.end_char + after_width, alignment_mode="expand")
        first = boundary.end if boundary is not None else first
    counted = counted_noun(view, count, first)
    if counted is None:
        referred = elided_noun(view, count, rows) if not after_width else None
        if referred is None:
            return None
        noun_text, noun_end = referred, span.end
    else:
        head, first = counted
        if not singular_ok(doc, count, head) or singular_after_many(count, head) or ratio_after(doc, head.i + 1):
            return None  # "in one case"; "its 737 Max jet" (a model number); "one shift in eight" (a ratio)
        noun = noun_phrase(view, head, first)
        noun_text, noun_end = noun.text, noun.end
    qualifier, start_char = count.qualifier, span.start_char
    if qualifier == "exact":
        qualifier, width = _qualifier_before(view, span, count)
        qualifier = (qualifier_after_words or "exact") if qualifier == "exact" else qualifier
        start_char -= width
    end_char = doc[noun_end - 1].idx + len(doc[noun_end - 1])
    return Figure(
        text=text[start_char:end_char],
        value=float(count.value),
        value_high=float(count.value_high) if count.value_high is not None else None,
        qualifier=qualifier,
        noun=noun_text,
        start=start_char,
        end=end_char,
        sentence=view.mention(doc[count.start : noun_end]).sentence,
    )


def _qualifier_before(view: DocView, span: Span, count: Count) -> tuple[str, int]:
    """The qualifier the words before an exact count give it, and their width ("more than 20")."""
    sentence_start = sentence_start_of(view, span)
    before = view.text[max(sentence_start, span.start_char - 60) : span.start_char]
    qualifier, width = qualifier_before_span(before)
    cue = before[len(before) - width :].strip().lower() if width else ""
    if qualifier == "range" or (cue in _PREPOSITIONS and not span.text[0].isdigit() and count.value < 100):
        return "exact", 0  # "operated under three names": a preposition
    return qualifier, width


def _vague_figures(view: DocView, taken: Sequence[tuple[int, int]]) -> list[Figure]:
    """"hundreds of unscrupulous tax preparers", "tens of thousands of victims": vague counts."""
    rows = []
    doc, text, sentences = view.doc, view.text, view.sentences
    for i, lower in enumerate(view.token_strings.lowers):
        if lower not in VAGUE_COUNT_WORDS:
            continue
        token = doc[i]
        if token.i > 1 and doc[token.i - 1].lower_ == "of" and doc[token.i - 2].lower_ in _VAGUE_OPENERS:
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
        headline = is_headline(sentences.sentence(token)) if sentences.annotated else False
        counted = noun_after_of(view, of_token.end - 1, headline)
        if counted is None:
            continue
        head, first = counted
        noun = noun_phrase(view, head, first)
        evidence = view.mention(doc[token.i : noun.end])
        rows.append(
            Figure(text=text[token.idx : noun.end_char], value=float(value), value_high=None, qualifier="vague",
                   noun=noun.text, start=token.idx, end=noun.end_char, sentence=evidence.sentence)
        )
    return rows
