"""The extraction orchestrator: row numbering and which tables run for which language."""

from __future__ import annotations

import dataclasses

import pytest

import pipeline
from pipeline.extract import number_rows
from pipeline.records import Duration

pytestmark = pytest.mark.model


def _duration(start: int) -> Duration:
    return Duration(text="x", value=1.0, value_high=None, unit="year", iso="P1Y", qualifier="exact",
                    start=start, end=start + 1, sentence="s")


def test_rows_are_numbered_in_text_order():
    rows = number_rows([_duration(30), _duration(5), _duration(12)], "duration_id")
    assert [(r.start, r.duration_id) for r in rows] == [(5, 0), (12, 1), (30, 2)]
    assert all(dataclasses.is_dataclass(r) for r in rows)


GERMAN = (
    "Das Bundeskriminalamt meldet Festnahmen\n\n"
    "Das Bundeskriminalamt (BKA) hat am Dienstag gemeinsam mit Europol ein Netzwerk zerschlagen. "
    "Der Schaden beträgt rund 48 Millionen Euro. BKA-Präsident Holger Brandtner sagte: "
    "„Die Täter haben mehr als 3.200 Anleger betrogen.“"
)


def test_non_english_text_gets_numbers_but_no_entity_tables():
    result = pipeline.extract_text(GERMAN, published="2024-05-14")
    assert result.article.language == "de"
    # Entity tables rest on the English model: none on German text rather than wrong ones.
    assert result.organisations == () and result.officials == () and result.quotes == ()
    assert [(a.value, a.currency, a.qualifier) for a in result.amounts] == [(48_000_000, "EUR", "approx")]
    assert [(f.value, f.qualifier) for f in result.figures] == [(3200, "more_than")]


def test_english_text_gets_entity_tables():
    result = pipeline.extract_text(
        "Agency announces funding\n\nThe Federal Bureau of Investigation (FBI) said Director Jane Roe "
        "announced $2 million for 12 new field offices."
    )
    assert result.article.language == "en"
    assert any(o.acronym == "FBI" for o in result.organisations)
    assert [o.name for o in result.officials] == ["Jane Roe"]
