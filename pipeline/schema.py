"""Explicit pyarrow schemas for every table, and records → tables.

One source of truth: each table's columns, types and descriptions are declared once here.
The writer casts to these schemas, ``newsfacts schema`` prints them, the README's data
dictionary is generated from them, and tests compare written Parquet against them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import pyarrow as pa

SCHEMA_VERSION = "1.0"

#: Money is stored exactly; 38 digits with 4 decimals covers any amount a release names.
MONEY = pa.decimal128(38, 4)
#: Low-cardinality strings are dictionary-encoded: small files, categoricals in pandas.
CATEGORY = pa.dictionary(pa.int32(), pa.string())


def _f(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


def _doc_id() -> pa.Field:
    return _f("doc_id", pa.string(), "Stable document id: a hash of the input bytes (and archive record).", False)


def _entity(name: str, what: str) -> pa.Field:
    return _f(name, pa.string(), f"entities.entity_id of {what} across the run (set by the final entities pass), else null.")


#: A list of values with counts ("Justice Department", 24), most frequent first.
COUNTED = pa.list_(pa.struct([pa.field("value", pa.string()), pa.field("count", pa.int32())]))


def _evidence() -> list[pa.Field]:
    return [
        _f("start", pa.int32(), "Character offset of the mention's start in articles.text.", False),
        _f("end", pa.int32(), "Character offset just past the mention's end in articles.text.", False),
        _f("sentence", pa.string(), "The sentence the mention came from, for auditing."),
    ]


_QUALIFIER = (
    "exact | approx | more_than | at_least | less_than | up_to | nearly | range | vague "
    "(see the contract)."
)

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            _doc_id(),
            _f("source", pa.string(), "Input path, or archive path + '#' + record id.", False),
            _f("url", pa.string(), "The page's URL (canonical link, archive record or input field)."),
            _f("title", pa.string(), "Headline."),
            _f("published", pa.date32(), "Publication date from the page metadata, else the dateline, else null."),
            _f("published_from", CATEGORY, "Where `published` came from: input | metadata | dateline."),
            _f("site_name", pa.string(), "The publishing site's name."),
            _f("language", CATEGORY, "ISO 639-1 language of the text, when known."),
            _f("origin", pa.string(), "The body that issued a re-published release ('Read more at X', 'Source: X')."),
            _f("text", pa.string(), "Cleaned main text: the title, a blank line, then the body. Offsets point here.", False),
            _f("n_words", pa.int32(), "Whitespace-separated words in `text`.", False),
            _f("cluster_id", pa.string(), "Near-duplicate cluster: the doc_id of the cluster's first document."),
            _f("duplicate_of", pa.string(), "doc_id of an earlier near-identical copy, else null."),
        ]
    ),
    "errors": pa.schema(
        [
            _f("doc_id", pa.string(), "Document id when the bytes could be read, else null."),
            _f("source", pa.string(), "Input path, or archive path + '#' + record id.", False),
            _f("stage", CATEGORY, "read | clean | nlp | extract | write", False),
            _f("error", CATEGORY, "Short error class, e.g. empty_input, not_html, no_main_text, timeout.", False),
            _f("message", pa.string(), "What went wrong and what to do about it.", False),
        ]
    ),
    "organisations": pa.schema(
        [
            _doc_id(),
            _f("org_id", pa.int32(), "Row number of this organisation within its document.", False),
            _entity("entity_id", "this organisation"),
            _f("name", pa.string(), "Canonical name: the fullest form, without a leading 'the' or a possessive.", False),
            _f("acronym", pa.string(), "Acronym, when the document or the gazetteer gives one."),
            _f("aliases", pa.list_(pa.string()), "Other surface forms of the same organisation in the document."),
            _f("mentions", pa.int32(), "How many times the organisation is mentioned.", False),
            _f("source", CATEGORY, "What found it: ner, rule, gazetteer, or a combination."),
            *_evidence(),
        ]
    ),
    "officials": pa.schema(
        [
            _doc_id(),
            _f("official_id", pa.int32(), "Row number of this official within its document.", False),
            _entity("entity_id", "this person"),
            _f("name", pa.string(), "The person's name as written.", False),
            _f("title", pa.string(), "The position without the organisation ('Secretary General')."),
            _f("organisation", pa.string(), "Body or jurisdiction the title is held in, or null."),
            _f("mentions", pa.int32(), "How many times the person is mentioned.", False),
            _f("rule", CATEGORY, "The pattern that linked name, title and organisation."),
            *_evidence(),
        ]
    ),
    "amounts": pa.schema(
        [
            _doc_id(),
            _f("amount_id", pa.int32(), "Row number of this amount within its document.", False),
            _f("text", pa.string(), "Surface form, qualifier included.", False),
            _f("value", MONEY, "Exact value ('EUR 2.1 million' is 2100000).", False),
            _f("value_high", MONEY, "Upper end of a range, else null."),
            _f("value_float", pa.float64(), "`value` as a float, for convenience."),
            _f("value_high_float", pa.float64(), "`value_high` as a float, for convenience."),
            _f("currency", CATEGORY, "ISO 4217 code, null only when the text gives no currency."),
            _f("qualifier", CATEGORY, _QUALIFIER, False),
            _f("role", CATEGORY, "fine | restitution | forfeiture | funding | loss | bribe | settlement | ..., when the sentence says."),
            *_evidence(),
        ]
    ),
    "durations": pa.schema(
        [
            _doc_id(),
            _f("duration_id", pa.int32(), "Row number of this duration within its document.", False),
            _f("text", pa.string(), "Surface form, qualifier included.", False),
            _f("value", pa.float64(), "Number of units.", False),
            _f("value_high", pa.float64(), "Upper end of a range, else null."),
            _f("unit", CATEGORY, "year | month | week | day | hour | minute | second", False),
            _f("iso", pa.string(), "ISO 8601 duration ('P3Y', 'P57M', 'P1Y1D').", False),
            _f("qualifier", CATEGORY, _QUALIFIER, False),
            *_evidence(),
        ]
    ),
    "figures": pa.schema(
        [
            _doc_id(),
            _f("figure_id", pa.int32(), "Row number of this figure within its document.", False),
            _f("text", pa.string(), "Surface form: qualifier, number and counted noun.", False),
            _f("value", pa.float64(), "The count.", False),
            _f("value_high", pa.float64(), "Upper end of a range, else null."),
            _f("qualifier", CATEGORY, _QUALIFIER, False),
            _f("noun", pa.string(), "The counted noun phrase without number and qualifier.", False),
            *_evidence(),
        ]
    ),
    "percentages": pa.schema(
        [
            _doc_id(),
            _f("text", pa.string(), "Surface form.", False),
            _f("value", pa.float64(), "Percent (40.0 for '40 percent').", False),
            _f("value_high", pa.float64(), "Upper end of a range, else null."),
            _f("qualifier", CATEGORY, _QUALIFIER, False),
            *_evidence(),
        ]
    ),
    "dates": pa.schema(
        [
            _doc_id(),
            _f("date_id", pa.int32(), "Row number of this date within its document.", False),
            _f("text", pa.string(), "Surface form.", False),
            _f("iso", pa.string(), "ISO 8601 at the text's own granularity: '2015', '2018-04', '2018-04-10'; periods in "
               "TimeML's value forms: week '2013-W11' (weekend '2013-W11-WE'), quarter '2013-Q1', season '2012-SU', "
               "decade '199', century '19'.", False),
            _f("date", pa.date32(), "First day of the period, for sorting and filtering.", False),
            _f("granularity", CATEGORY, "year | month | day, or a period: week | quarter | season | decade | century "
               "(not in the gold; the scorer leaves them out)", False),
            _f("relative", pa.bool_(), "True when resolved against the publication date ('Tuesday', 'last year').", False),
            *_evidence(),
        ]
    ),
    "programmes": pa.schema(
        [
            _doc_id(),
            _f("name", pa.string(), "Name of the project, operation, initiative, database or law.", False),
            _f("acronym", pa.string(), "Acronym, when given."),
            _f("kind", CATEGORY, "project | operation | initiative | database | law | programme", False),
            _f("programme_id", pa.int32(), "Row number of this programme within its document.", False),
            _f("organisation", pa.string(), "The organisation that runs it, when the text says."),
            _f("mentions", pa.int32(), "How many times it is named (its acronym alone counts).", False),
            *_evidence(),
        ]
    ),
    "quotes": pa.schema(
        [
            _doc_id(),
            _f("quote", pa.string(), "The quoted words, without quotation marks.", False),
            _f("speaker", pa.string(), "Who said it, when known."),
            _f("speaker_title", pa.string(), "The speaker's title, when known."),
            _f("speaker_organisation", pa.string(), "The speaker's organisation, when known."),
            _f("quote_id", pa.int32(), "Row number of this quotation within its document.", False),
            _f("official_id", pa.int32(), "officials.official_id of the speaker in the same document, else null."),
            _entity("speaker_entity_id", "the speaker"),
            _f("continued_from", pa.int32(), "quote_id of the previous paragraph of the same quotation, else null."),
            _f("rule", CATEGORY, "The attribution pattern that found the speaker."),
            *_evidence(),
        ]
    ),
    "events": pa.schema(
        [
            _doc_id(),
            _f("event_id", pa.int32(), "Row number of this event within its document."),
            _f("kind", CATEGORY, "funding | commitment | sentencing", False),
            _f("funder", pa.string(), "Organisation giving the money."),
            _f("recipient", pa.string(), "Organisation receiving it."),
            _entity("funder_entity_id", "the funder"),
            _entity("recipient_entity_id", "the recipient"),
            _f("amount_id", pa.int32(), "amounts.amount_id in the same document (sentencing: the restitution)."),
            _f("duration_id", pa.int32(), "durations.duration_id in the same document (sentencing: the prison term)."),
            _f("programme", pa.string(), "Programme the event belongs to."),
            _f("purpose", pa.string(), "Short phrase saying what the money is for."),
            _f("event_start", pa.string(), "Start year or date, when given."),
            _f("defendant", pa.string(), "sentencing: the person sentenced."),
            _f("supervised_release_id", pa.int32(), "sentencing: durations.duration_id of the supervised release."),
            _f("rule", CATEGORY, "The pattern that built the event."),
            *_evidence(),
        ]
    ),
    "entities": pa.schema(
        [
            _f("entity_id", pa.string(), "Stable id of one organisation or person across the run: a hash of `key`.", False),
            _f("kind", CATEGORY, "organisation | person", False),
            _f("name", pa.string(), "Canonical name: the most frequent well-formed fullest form; a unit written without its parent gets it in brackets.", False),
            _f("acronym", pa.string(), "The acronym the run gives it most often, else null."),
            _f("aliases", COUNTED, "Every form seen (names, aliases, acronyms), each with the documents it appears in."),
            _f("n_documents", pa.int32(), "Documents naming it.", False),
            _f("n_mentions", pa.int64(), "Mentions over all documents.", False),
            _f("first_published", pa.date32(), "Earliest publication date of a document naming it."),
            _f("last_published", pa.date32(), "Latest publication date of a document naming it."),
            _f("titles", COUNTED, "People: the titles they were seen with, with documents."),
            _f("organisations", COUNTED, "People: the organisations their titles were held in, with documents."),
            _f("key", pa.string(), "The normalised name every form of the entity shares ('department of justice tax division').", False),
        ]
    ),
    "entity_merges": pa.schema(
        [
            _f("merged_id", pa.string(), "An entity_id that is no more: its rows joined another entity when new evidence came.", False),
            _f("entity_id", pa.string(), "The entity its rows joined.", False),
            _f("rows", pa.int32(), "organisations/officials rows that moved in the pass that merged it.", False),
        ]
    ),
}

for _name, _schema in list(SCHEMAS.items()):
    SCHEMAS[_name] = _schema.with_metadata(
        {"newsfacts.schema_version": SCHEMA_VERSION, "newsfacts.table": _name}
    )

#: Tables with one row per extracted fact, in the order they are written.
FACT_TABLES: tuple[str, ...] = (
    "organisations",
    "officials",
    "amounts",
    "durations",
    "figures",
    "percentages",
    "dates",
    "programmes",
    "quotes",
    "events",
)
#: Tables every shard writes a part of.
TABLES: tuple[str, ...] = ("articles", "errors", *FACT_TABLES)
#: Tables a final pass over the whole run writes (pipeline.entities), not the shards.
RUN_TABLES: tuple[str, ...] = ("entities", "entity_merges")
ALL_TABLES: tuple[str, ...] = (*TABLES, *RUN_TABLES)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def article_row(article: Any, n_words: int) -> dict[str, Any]:
    """The ``articles`` row of one cleaned document."""
    return {
        "doc_id": article.doc_id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "published_from": article.published_from,
        "site_name": article.site_name,
        "language": article.language,
        "origin": article.origin,
        "text": article.text,
        "n_words": n_words,
        "cluster_id": None,
        "duplicate_of": None,
    }


def record_row(table: str, record: Any, doc_id: str | None = None) -> dict[str, Any]:
    """One record as a row of ``table``: its fields, plus ``doc_id`` and derived columns."""
    row = {f.name: _plain(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if doc_id is not None:
        row["doc_id"] = doc_id
    if table == "amounts":
        row["value_float"] = float(row["value"])
        row["value_high_float"] = None if row["value_high"] is None else float(row["value_high"])
    return row


def to_table(table: str, rows: Sequence[dict[str, Any]]) -> pa.Table:
    """Build a table from plain rows, cast to the declared schema (unknown keys are an error)."""
    schema = SCHEMAS[table]
    names = set(schema.names)
    for row in rows:
        extra = set(row) - names
        if extra:
            raise KeyError(f"{table}: columns {sorted(extra)} are not in the schema")
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    arrays = []
    for fld in schema:
        values = columns[fld.name]
        if pa.types.is_dictionary(fld.type):
            arrays.append(pa.array(values, type=pa.string()).dictionary_encode())
        elif pa.types.is_decimal(fld.type):
            arrays.append(pa.array([_quantize(v, fld.type.scale) for v in values], type=fld.type))
        else:
            arrays.append(pa.array(values, type=fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _quantize(value: Decimal | None, scale: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-scale))


def empty_table(table: str) -> pa.Table:
    """A table with no rows and the declared schema."""
    return SCHEMAS[table].empty_table()


def describe(table: str) -> list[tuple[str, str, str]]:
    """(column, type, description) for each column of ``table``."""
    out = []
    for fld in SCHEMAS[table]:
        desc = (fld.metadata or {}).get(b"description", b"").decode()
        type_name = "dictionary<string>" if pa.types.is_dictionary(fld.type) else str(fld.type)
        out.append((fld.name, type_name, desc))
    return out


def markdown_dictionary(tables: Iterable[str] = ALL_TABLES) -> str:
    """The data dictionary as Markdown: one section per table, one row per column."""
    parts = []
    for table in tables:
        parts.append(f"#### `{table}`\n\n| column | type | description |\n|---|---|---|")
        for name, type_name, desc in describe(table):
            # a bare "|" would end the cell; types in code spans so "list<item: string>" is not read as HTML
            cell = desc.replace("|", "\\|")
            parts.append(f"| `{name}` | `{type_name}` | {cell} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"

