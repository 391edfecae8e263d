"""The per-Doc helpers of ``pipeline.extract.common`` give what spaCy's own accessors give."""

from __future__ import annotations

import random
import re
import sys

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.components import RULES_SPANS_KEY
from pipeline.extract.common import (
    SentenceIndex,
    doc_text,
    entities,
    mention,
    occurrences,
    rule_spans,
    standalone,
    token_strings,
    whole_word,
    word_character,
)

TEXT = (
    "Korea to Fund INTERPOL Projects\n"
    "The Korean National Police Agency (KNPA) will give EUR 2.1 million. "
    "INTERPOL Secretary General Jürgen Stock said: “We welcome it.” It runs for three years."
)


@pytest.fixture(scope="module")
def parsed(nlp) -> Doc:
    return nlp(TEXT)


def test_sentence_lookups_match_span_sent(parsed):
    sentences = SentenceIndex.of(parsed)
    assert sentences.annotated == parsed.has_annotation("SENT_START")
    for token in parsed:
        spacy_sent = token.sent
        assert sentences.sentence(token) == spacy_sent
        span = parsed[token.i : min(token.i + 3, len(parsed))]
        assert sentences.sentence(span) == span.sent  # a span crossing a boundary keeps its first sentence
        assert sentences.sentence_chars(span) == (span.sent.start_char, span.sent.end_char)
        assert sentences.bounds_of(token.idx) == (spacy_sent.start_char, spacy_sent.end_char)
        assert mention(span).sentence == span.sent.text.strip()


def test_sentence_index_is_kept_on_the_doc_as_plain_values(parsed):
    first = SentenceIndex.of(parsed)
    again = SentenceIndex.of(parsed)
    assert (again.starts, again.bounds, again.token_starts) == (first.starts, first.bounds, first.token_starts)
    assert all(not isinstance(value, SentenceIndex) for value in parsed.user_data.values())


def test_sentence_index_without_boundaries_reads_lines():
    doc = spacy.blank("en")("First line here\nSecond line")
    sentences = SentenceIndex.of(doc)
    assert not sentences.annotated
    assert sentences.bounds_of(3) == (0, 15)
    assert sentences.bounds_of(18) == (16, 27)
    assert sentences.mention(16, 22).sentence == "Second line"
    with pytest.raises(ValueError):
        sentences.sentence_chars(doc[0:2])
    assert mention(doc[4:5]).sentence == "Second"  # the span itself, as before


def test_sentence_index_follows_set_sentence_starts():
    doc = spacy.blank("en")("One two. Three four. Five")
    for token in doc:
        token.is_sent_start = token.i in (0, 3, 6)
    sentences = SentenceIndex.of(doc)
    for token in doc:
        assert sentences.sentence(token) == token.sent
    assert sentences.sentence_chars(doc[4:7]) == (doc[3].idx, doc[5].idx + 1)


def test_entities_and_rule_spans_are_the_docs_own(parsed):
    assert [(e.label, e.start, e.end, e.start_char, e.end_char, e.text) for e in entities(parsed)] == [
        (e.label_, e.start, e.end, e.start_char, e.end_char, e.text) for e in parsed.ents
    ]
    group = parsed.spans.get(RULES_SPANS_KEY, [])
    assert len(group) > 0
    assert [(s.label, s.start, s.end, s.id) for s in rule_spans(parsed)] == [
        (s.label_, s.start, s.end, s.id_) for s in group
    ]
    assert doc_text(parsed) == parsed.text
    assert rule_spans(spacy.blank("en")("no rules here")) == ()


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
    texts, lowers, spaces = token_strings(parsed)
    assert texts == [t.text for t in parsed]
    assert lowers == [t.lower_ for t in parsed]
    assert spaces == [t.whitespace_ for t in parsed]
    assert token_strings(spacy.blank("en")("")) == ([], [], [])
