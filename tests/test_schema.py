from __future__ import annotations

import dataclasses
from decimal import Decimal

import pyarrow as pa
import pytest

from pipeline import records
from pipeline.schema import FACT_TABLES, SCHEMA_VERSION, SCHEMAS, TABLES, record_row, to_table

RECORD_OF_TABLE = {
    "organisations": records.Organisation,
    "officials": records.Official,
    "amounts": records.Amount,
    "durations": records.Duration,
    "figures": records.Figure,
    "percentages": records.Percentage,
    "dates": records.DateMention,
    "programmes": records.Programme,
    "quotes": records.Quote,
    "events": records.Event,
}


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_record_field_is_a_column(table):
    fields = {f.name for f in dataclasses.fields(RECORD_OF_TABLE[table])}
    assert fields <= set(SCHEMAS[table].names), fields - set(SCHEMAS[table].names)
    assert SCHEMAS[table].names[0] == "doc_id"


def test_errors_record_matches_schema():
    assert {f.name for f in dataclasses.fields(records.ErrorRecord)} == set(SCHEMAS["errors"].names)


@pytest.mark.parametrize("table", TABLES)
def test_schema_has_version_and_descriptions(table):
    schema = SCHEMAS[table]
    assert schema.metadata[b"newsfacts.schema_version"] == SCHEMA_VERSION.encode()
    for field in schema:
        assert field.metadata and field.metadata.get(b"description"), f"{table}.{field.name} has no description"


def test_amount_row_is_exact_decimal():
    amount = records.Amount(text="Some EUR 2.1 million", value=Decimal("2.1") * 10**6, value_high=None,
                            currency="EUR", qualifier="approx", role="funding", start=0, end=20, sentence="s")
    table = to_table("amounts", [record_row("amounts", amount, "d1")])
    assert table.schema.equals(SCHEMAS["amounts"], check_metadata=True)
    row = table.to_pylist()[0]
    assert row["value"] == Decimal("2100000")
    assert row["value_float"] == 2_100_000.0
    assert pa.types.is_dictionary(table.schema.field("currency").type)


def test_unknown_column_is_rejected():
    with pytest.raises(KeyError):
        to_table("errors", [{"source": "x", "stage": "read", "error": "e", "message": "m", "bogus": 1}])
