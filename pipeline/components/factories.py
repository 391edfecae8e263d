"""Every spaCy factory of newsfacts, registered in this one module (as spaCy's ``pipeline/factories.py``).

Importing this module registers them. A fresh process that never imported newsfacts (a
spawned worker, a Dask worker, ``spacy.load`` of a saved pipeline) finds them through the
``spacy_factories`` entry points in ``pyproject.toml``, which name the functions below:
spaCy loads every entry point of that group when it builds a ``Language``. Each name in
:data:`FACTORY_NAMES` is one entry point; ``tests/test_components.py`` checks the two agree.

Names are prefixed and dot-free (``newsfacts_...``), as spaCy wants for a factory name.
The components themselves live in their own modules of :mod:`pipeline.components`.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from pipeline.components.number_parses import NumberSentenceParses
from pipeline.components.rules import RULES_SPANS_KEY, RulePatterns, load_patterns
from pipeline.components.sentences import mark_paragraph_breaks
from pipeline.components.token_attributes import MemoisedTokenAttributes
from pipeline.resources import model_path

#: Every factory registered here; each is declared as a ``spacy_factories`` entry point.
FACTORY_NAMES = (
    "newsfacts_rules",
    "newsfacts_paragraph_breaks",
    "newsfacts_number_parses",
    "newsfacts_token_attributes",
)


@Language.factory(
    "newsfacts_rules",
    default_config={"spans_key": RULES_SPANS_KEY, "patterns_dir": None, "validate": True},
)
def make_rule_ruler(nlp: Language, name: str, spans_key: str, patterns_dir: str | None, validate: bool) -> RulePatterns:
    """:class:`RulePatterns` loaded with the packaged rule patterns (``models/patterns/*.jsonl``).

    Matches overlap on purpose: the extractors decide between them, since e.g. a title
    inside an organisation name is useful to both.
    """
    folder = Path(patterns_dir) if patterns_dir else model_path("patterns")
    return RulePatterns(nlp, spans_key, load_patterns(folder), validate=validate)


# A stateless function component: spaCy registers its factory under the same name.
Language.component("newsfacts_paragraph_breaks", func=mark_paragraph_breaks)


@Language.factory("newsfacts_number_parses", default_config={"parser_name": "parser", "batch_size": 64})
def make_number_parses(nlp: Language, name: str, parser_name: str, batch_size: int) -> NumberSentenceParses:
    """:class:`NumberSentenceParses` over the pipeline's own (disabled) parser."""
    return NumberSentenceParses(nlp, parser_name, batch_size)


@Language.factory("newsfacts_token_attributes")
def make_token_attributes(nlp: Language, name: str) -> MemoisedTokenAttributes:
    """:class:`MemoisedTokenAttributes` over the pipeline's own ruler and lemmatizer.

    Never saved with a pipeline: :func:`pipeline.nlp.build_nlp` adds it to a freshly loaded
    model when it applies.
    """
    return MemoisedTokenAttributes(nlp)
