"""A DocView gives what spaCy's own accessors give, and the text finders what their patterns find."""

from __future__ import annotations

import random
import re
import sys

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.components import RULES_SPANS_KEY
from pipeline.extract.view import DocView
from pipeline.textsearch import occurrences, standalone, whole_word, word_character

TEXT = (
    "Korea to Fund INTERPOL Projects\n"
    "The Korean National Police Agency (KNPA) will give EUR 2.1 million. "
    "INTERPOL Secretary General Jürgen Stock said: “We welcome it.” It runs for three years."
)


@pytest.fixture(scope="module")
def parsed(nlp) -> Doc:
    return nlp(TEXT)


def test_sentence_lookups_match_span_sent(parsed):
    sentences = DocView(parsed).sentences
    assert sentences.annotated == parsed.has_annotation("SENT_START")
    for token in parsed:
        spacy_sent = token.sent
        assert sentences.sentence(token) == spacy_sent
        span = parsed[token.i : min(token.i + 3, len(parsed))]
        assert sentences.sentence(span) == span.sent  # a span crossing a boundary keeps its first sentence
        assert sentences.sentence_chars(span) == (span.sent.start_char, span.sent.end_char)
        assert sentences.bounds_of(token.idx) == (spacy_sent.start_char, spacy_sent.end_char)
        assert DocView(parsed).mention(span).sentence == span.sent.text.strip()


def test_a_view_reads_each_part_of_its_doc_once(parsed):
    view = DocView(parsed)
    assert view.text is view.text and view.entities is view.entities and view.sentences is view.sentences
    assert view.rule_spans is view.rule_spans and view.dependencies is view.dependencies
    assert view.token_strings is view.token_strings
    again = DocView(parsed).sentences
    assert (again.starts, again.bounds, again.token_starts) == (view.sentences.starts, view.sentences.bounds,
                                                                view.sentences.token_starts)


def test_sentence_index_without_boundaries_reads_lines():
    doc = spacy.blank("en")("First line here\nSecond line")
    sentences = DocView(doc).sentences
    assert not sentences.annotated
    assert sentences.bounds_of(3) == (0, 15)
    assert sentences.bounds_of(18) == (16, 27)
    assert sentences.mention(16, 22).sentence == "Second line"
    with pytest.raises(ValueError):
        sentences.sentence_chars(doc[0:2])
    assert DocView(doc).mention(doc[4:5]).sentence == "Second"  # the span itself, as before


def test_sentence_index_follows_set_sentence_starts():
    doc = spacy.blank("en")("One two. Three four. Five")
    for token in doc:
        token.is_sent_start = token.i in (0, 3, 6)
    sentences = DocView(doc).sentences
    for token in doc:
        assert sentences.sentence(token) == token.sent
    assert sentences.sentence_chars(doc[4:7]) == (doc[3].idx, doc[5].idx + 1)


def test_entities_and_rule_spans_are_the_docs_own(parsed):
    assert [(e.label, e.start, e.end, e.start_char, e.end_char, e.text) for e in DocView(parsed).entities] == [
        (e.label_, e.start, e.end, e.start_char, e.end_char, e.text) for e in parsed.ents
    ]
    group = parsed.spans.get(RULES_SPANS_KEY, [])
    assert len(group) > 0
    assert [(s.label, s.start, s.end, s.id) for s in DocView(parsed).rule_spans] == [
        (s.label_, s.start, s.end, s.id_) for s in group
    ]
    assert DocView(parsed).text == parsed.text
    assert DocView(spacy.blank("en")("no rules here")).rule_spans == ()


# --- finders that stand in for per-name patterns ------------------------------------------------


def test_word_character_is_the_patterns_word_class():
    word = re.compile(r"\w")
    assert all(
        bool(word.match(chr(code))) == word_character(chr(code)) for code in range(sys.maxunicode + 1)
    )


def test_finders_find_what_the_patterns_find():
    pieces = ["a", "b", "ab", "-", " ", "_", "é", "1", "Ⅷ", "\n", ".", "'", "s", "aa", "a-a"]
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        form = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
        escaped = re.escape(form)
        assert standalone(text, form) == [m.start() for m in re.finditer(rf"(?<![\w-]){escaped}(?![\w-])", text)]
        assert whole_word(text, form) == [m.start() for m in re.finditer(rf"\b{escaped}\b", text)]
        assert occurrences(text, form) == [m.start() for m in re.finditer(escaped, text)]


def test_token_strings_are_the_tokens_own(parsed):
    texts, lowers, spaces = DocView(parsed).token_strings
    assert texts == [t.text for t in parsed]
    assert lowers == [t.lower_ for t in parsed]
    assert spaces == [t.whitespace_ for t in parsed]
    assert DocView(spacy.blank("en")("")).token_strings == ([], [], [])
