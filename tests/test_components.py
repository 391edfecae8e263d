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
