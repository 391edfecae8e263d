"""The project's own spaCy components."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_a_headline_is_its_own_sentence(nlp):
    doc = nlp("Korea to Fund INTERPOL Projects\n\nINTERPOL Secretary General Jürgen Stock said so. He added more.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "Korea to Fund INTERPOL Projects"
    # The preset start must not leave the paragraph's first word as a sentence of its own.
    assert sentences[1] == "INTERPOL Secretary General Jürgen Stock said so."


def test_every_line_starts_a_sentence(nlp):
    doc = nlp("First line without a full stop\nSecond line ends here.")
    assert [s.text.strip() for s in doc.sents] == ["First line without a full stop", "Second line ends here."]


def test_rule_matches_land_in_their_span_group(nlp):
    from pipeline.components import RULES_SPANS_KEY

    doc = nlp("The Federal Bureau of Investigation and INTERPOL said so.")
    assert doc.spans[RULES_SPANS_KEY], "the rule layer found nothing"


def _span_rows(doc, key):
    return [(s.start, s.end, s.label_, s.id_) for s in doc.spans[key]]


def test_the_rule_layer_matches_exactly_what_spacys_span_ruler_matches(nlp, settings, shared_dir):
    """Phrase-matcher routing is a speed-up only: same spans as a SpanRuler over the same patterns."""
    from spacy.pipeline import SpanRuler

    from pipeline.clean import clean
    from pipeline.components import fixed_lower_words, load_patterns, make_rule_ruler
    from pipeline.resources import model_path
    from pipeline.sources import read_path

    patterns = load_patterns(model_path("patterns"))
    assert all(isinstance(p["pattern"], list) for p in patterns), "string patterns need their own check"
    reference = SpanRuler(nlp, "reference", spans_key="reference", annotate_ents=False, overwrite=True)
    reference.add_patterns(patterns)
    ours = make_rule_ruler(nlp, "ours", spans_key="ours", patterns_dir=None, validate=True)
    phrases = [p for p in patterns if fixed_lower_words(p["pattern"]) is not None]
    assert len(phrases) > 100, "the plain title words should be phrase patterns"
    texts = [
        "ATTORNEY GENERAL Merrick Vale and Deputy Attorney General Lisa Monaco of the U.S. Department of Justice.",
        "The Acme Widgets, Inc. board and the Riverton Police Department Task Force met Operation Crash agents.",
    ]
    for path in sorted((shared_dir / "data" / "doj" / "html").glob("*.html.gz"))[:12]:
        (raw,) = list(read_path(path))
        texts.append(clean(raw, settings).text)
    with nlp.select_pipes(disable=["newsfacts_rules"]):
        docs = list(nlp.pipe(texts))
    found = 0
    for doc in docs:
        expected = _span_rows(reference(doc), "reference")
        assert _span_rows(ours(doc), "ours") == expected
        found += len(expected)
    assert found > 100


def test_string_patterns_are_matched_on_the_tokenizers_tokens(nlp):
    from pipeline.components import RulePatterns

    ruler = RulePatterns(nlp, "x", [{"label": "ORG", "pattern": "U.S. Marshals Service", "id": "named"},
                                    {"label": "TITLE", "pattern": [{"LOWER": "marshal"}]}])
    doc = ruler(nlp.make_doc("The U.S. Marshals Service and the u.s. marshals service; a Marshal."))
    assert [(s.text, s.label_, s.id_) for s in doc.spans["x"]] == [
        ("U.S. Marshals Service", "ORG", "named"), ("Marshal", "TITLE", "")]


def test_only_plain_lower_case_words_become_phrases():
    from pipeline.components import fixed_lower_words

    assert fixed_lower_words([{"LOWER": "attorney"}, {"LOWER": "general"}]) == ["attorney", "general"]
    assert fixed_lower_words([{"LOWER": "U.S."}]) is None  # never matches as a token pattern
    assert fixed_lower_words([{"LOWER": "chief", "OP": "?"}]) is None
    assert fixed_lower_words([{"LOWER": {"IN": ["col", "col."]}}]) is None
    assert fixed_lower_words("attorney general") is None



def test_only_sentences_with_a_count_are_parsed(nlp):
    from pipeline.components import PARSES_KEY
    from pipeline.extract.view import DocView

    doc = nlp("The agency thanked its partners.\nThree defendants paid back 2,000 victims of the scheme.\n"
              "The court fined them $5 million.")
    assert not doc.has_annotation("DEP")
    parsed = doc.user_data[PARSES_KEY]
    sentences = list(doc.sents)
    assert [start for start, _, _ in parsed] == [sentences[1].start]  # money is never a count
    parse = DocView(doc).dependencies
    three, victims = doc[sentences[1].start], next(t for t in doc if t.text == "victims")
    assert parse.dep(three.i) == "nummod" and doc[parse.head(three.i)].text == "defendants"
    assert parse.dep(victims.i - 1) == "nummod"
    assert parse.dep(0) == "" and parse.head(0) == 0  # outside every parsed sentence


def test_parses_of_pieces_move_to_the_joined_docs_token_indices(nlp):
    from spacy.tokens import Doc

    from pipeline.components import PARSES_KEY, NumberSentenceParses

    first, second = nlp.pipe(["The agency thanked its partners.\n", "Three defendants paid 2,000 victims.\n"])
    joined = Doc.from_docs([first, second], ensure_whitespace=False, exclude=["user_data"])
    NumberSentenceParses.join_parses([first, second], joined)
    ((start, heads, deps),) = second.user_data[PARSES_KEY]
    assert joined.user_data[PARSES_KEY] == [(start + len(first), tuple(h + len(first) for h in heads), deps)]
    assert joined[start + len(first)].text == "Three"
    # Pieces the component never saw give a Doc without parses, not an empty list.
    plain = [nlp.make_doc("One."), nlp.make_doc("Two.")]
    bare = Doc.from_docs(plain, exclude=["user_data"])
    NumberSentenceParses.join_parses(plain, bare)
    assert PARSES_KEY not in bare.user_data


def test_a_sentence_parsed_alone_matches_the_whole_document_parse(nlp, settings, shared_dir):
    """The parses figures read agree with the full parser's on nearly every token."""
    from pipeline.clean import clean
    from pipeline.extract.view import DocView
    from pipeline.nlp import build_nlp
    from pipeline.sources import read_path

    full = build_nlp(settings.replace(parse="all"))
    texts = []
    for path in sorted((shared_dir / "data" / "doj" / "html").glob("*.html.gz"))[80:95]:
        (raw,) = list(read_path(path))
        texts.append(clean(raw, settings).text)
    same = total = 0
    for doc, reference in zip(nlp.pipe(texts), full.pipe(texts)):
        assert doc.text == reference.text
        parse = DocView(doc).dependencies
        for token in reference:
            if parse.dep(token.i):
                total += 1
                same += parse.dep(token.i) == token.dep_ and parse.head(token.i) == token.head.i
    assert total > 1000 and same / total > 0.99


def test_dependencies_answer_as_spacys_token_api_on_a_parsed_doc(settings):
    from pipeline.extract.view import Dependencies
    from pipeline.nlp import build_nlp

    full = build_nlp(settings.replace(parse="all"))
    doc = full("Two counts of conspiracy to commit wire fraud were filed against the three men, "
               "who paid 2,000 victims of the scheme back in full.")
    parse = Dependencies(doc)
    for token in doc:
        assert (parse.dep(token.i), parse.head(token.i)) == (token.dep_, token.head.i)
        assert parse.rights(token.i) == [t.i for t in token.rights]
        assert parse.subtree_end(token.i) == max(t.i for t in token.subtree) + 1


def test_a_guessed_money_or_percent_label_needs_its_sign(nlp):
    """The gate and figures ask one question: is this number inside real money or a real percentage?"""
    from pipeline.components import not_a_count_entity

    doc = nlp("The fund paid $5 million and rates rose 40% after the second vote.")
    by_text = {t.text: t for t in doc}
    assert not_a_count_entity(by_text["5"]) and not_a_count_entity(by_text["40"])
    assert not_a_count_entity(by_text["second"])
    # A label without a currency sign or percent word stops no count, whatever the model guessed.
    plain = nlp("Two Canadian aid workers were freed.")
    assert not any(not_a_count_entity(t) for t in plain)
