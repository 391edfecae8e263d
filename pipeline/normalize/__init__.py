"""Pure string → value functions: numbers, money (and, from other modules, durations and dates).

Nothing here knows about spaCy: every function takes and returns plain values, so the
normalisers can be property-tested and reused by any extractor.
"""

from __future__ import annotations

from pipeline.normalize.numbers import (
    QUALIFIERS,
    parse_number,
    parse_range,
    qualifier_after,
    qualifier_before,
    vague_number,
)

__all__ = [
    "QUALIFIERS",
    "parse_number",
    "parse_range",
    "qualifier_after",
    "qualifier_before",
    "vague_number",
]
