"""spaCy components of newsfacts; their factories are registered in :mod:`pipeline.components.factories`.

- :mod:`~pipeline.components.rules`: ``newsfacts_rules``, every match of ``models/patterns/*.jsonl``;
- :mod:`~pipeline.components.sentences`: ``newsfacts_paragraph_breaks``, a sentence start per line break;
- :mod:`~pipeline.components.number_parses`: ``newsfacts_number_parses``, the parser over count sentences;
- :mod:`~pipeline.components.token_attributes`: ``newsfacts_token_attributes``, the memoised
  attribute ruler and lemmatizer.

Importing this package registers the factories; they are also declared as ``spacy_factories``
entry points in ``pyproject.toml``, so a fresh worker process (spawn start method, Dask worker)
finds them without importing us first.
"""

from __future__ import annotations

from pipeline.components.factories import (
    FACTORY_NAMES,
    make_number_parses,
    make_rule_ruler,
    make_token_attributes,
)
from pipeline.components.number_parses import (
    COUNT_WORDS,
    GUESSED_ENTITIES,
    NOT_COUNT_ENTITIES,
    NUMBER_WORDS,
    PARSES_KEY,
    VAGUE_COUNT_WORDS,
    NumberSentenceParses,
    not_a_count_entity,
)
from pipeline.components.rules import RULES_SPANS_KEY, RulePatterns, fixed_lower_words, load_patterns
from pipeline.components.sentences import mark_paragraph_breaks
from pipeline.components.token_attributes import MemoisedTokenAttributes

__all__ = [
    "COUNT_WORDS",
    "FACTORY_NAMES",
    "GUESSED_ENTITIES",
    "NOT_COUNT_ENTITIES",
    "NUMBER_WORDS",
    "PARSES_KEY",
    "RULES_SPANS_KEY",
    "VAGUE_COUNT_WORDS",
    "MemoisedTokenAttributes",
    "NumberSentenceParses",
    "RulePatterns",
    "fixed_lower_words",
    "load_patterns",
    "make_number_parses",
    "make_rule_ruler",
    "make_token_attributes",
    "mark_paragraph_breaks",
    "not_a_count_entity",
]
