"""The frozen record types that flow between stages.

Data flows one way: ``RawDocument`` (sources) → ``CleanDocument`` (clean) → spaCy ``Doc``
(inside the worker only) → fact records (extract) → pyarrow tables (schema). Records hold
plain values and character offsets, never spaCy objects, so they pickle cheaply across
processes and cluster workers.

Field names are the column names of the Parquet tables (``pipeline.schema``); a test
checks the two agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as bytes, before any parsing.

    ``kind`` says how to read ``content``: ``html`` (markup, any encoding) or ``text``
    (a plain-text release). ``published`` is a publication date supplied by the input
    itself (a JSONL field), which beats anything found in the page.
    """

    doc_id: str
    source: str
    content: bytes
    kind: str = "html"
    url: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """The main text of one article and its metadata.

    ``text`` is what every fact's ``start``/``end`` point into: the title, a blank line,
    then the cleaned body (just the body when there is no title).
    """

    doc_id: str
    source: str
    text: str
    title: str | None = None
    body_start: int = 0
    url: str | None = None
    published: dt.date | None = None
    published_from: str | None = None
    site_name: str | None = None
    language: str | None = None
    origin: str | None = None

    @property
    def body(self) -> str:
        """The cleaned body without the title."""
        return self.text[self.body_start :]


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """A document that could not be processed, and why (one ``errors`` row)."""

    source: str
    stage: str
    error: str
    message: str
    doc_id: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """Evidence shared by every fact row: where it is in ``articles.text``."""

    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """One distinct organisation in one document (all its mentions merged)."""

    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    mentions: int
    start: int
    end: int
    sentence: str
    source: str = "ner"  # "ner", "rule", "gazetteer" or a combination such as "ner+rule"
    org_id: int = 0


@dataclass(frozen=True, slots=True)
class Official:
    """One person holding a title or office in one document."""

    name: str
    title: str | None
    organisation: str | None
    mentions: int
    start: int
    end: int
    sentence: str
    rule: str
    official_id: int = 0


@dataclass(frozen=True, slots=True)
class Amount:
    """A money mention: exact decimal value, ISO 4217 currency, qualifier and role."""

    text: str
    value: Decimal
    value_high: Decimal | None
    currency: str | None
    qualifier: str
    role: str | None
    start: int
    end: int
    sentence: str
    amount_id: int = 0


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time, normalised to ISO 8601."""

    text: str
    value: float
    value_high: float | None
    unit: str
    iso: str
    qualifier: str
    start: int
    end: int
    sentence: str
    duration_id: int = 0


@dataclass(frozen=True, slots=True)
class Figure:
    """A number that counts a noun ("more than 21,000 child victims")."""

    text: str
    value: float
    value_high: float | None
    qualifier: str
    noun: str
    start: int
    end: int
    sentence: str
    figure_id: int = 0


@dataclass(frozen=True, slots=True)
class Percentage:
    """A percentage ("about 40 percent"); value is in percent units (40.0)."""

    text: str
    value: float
    value_high: float | None
    qualifier: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A point in time, at the granularity the text gives (year, month or day)."""

    text: str
    iso: str
    date: dt.date
    granularity: str
    relative: bool
    start: int
    end: int
    sentence: str
    date_id: int = 0


@dataclass(frozen=True, slots=True)
class Programme:
    """A named project, operation, initiative, database or law."""

    name: str
    acronym: str | None
    kind: str
    organisation: str | None
    start: int
    end: int
    sentence: str
    mentions: int = 1
    programme_id: int = 0


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it."""

    quote: str
    speaker: str | None
    speaker_title: str | None
    speaker_organisation: str | None
    official_id: int | None
    rule: str
    start: int
    end: int
    sentence: str
    quote_id: int = 0
    continued_from: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A funding or commitment event linking organisations, money, time and purpose."""

    kind: str
    funder: str | None
    recipient: str | None
    amount_id: int | None
    duration_id: int | None
    programme: str | None
    purpose: str | None
    event_start: str | None
    start: int
    end: int
    sentence: str
    rule: str
    defendant: str | None = None
    supervised_release_id: int | None = None
    event_id: int = 0


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document: the article row and its fact rows."""

    article: CleanDocument
    n_words: int
    organisations: tuple[Organisation, ...] = ()
    officials: tuple[Official, ...] = ()
    amounts: tuple[Amount, ...] = ()
    durations: tuple[Duration, ...] = ()
    figures: tuple[Figure, ...] = ()
    percentages: tuple[Percentage, ...] = ()
    dates: tuple[DateMention, ...] = ()
    programmes: tuple[Programme, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view: the article and one list of plain dicts per fact table."""
        from pipeline.schema import FACT_TABLES, article_row, record_row

        result: dict[str, object] = {"article": article_row(self.article, self.n_words)}
        for table in FACT_TABLES:
            result[table] = [record_row(table, r, self.article.doc_id) for r in getattr(self, table)]
        return result
