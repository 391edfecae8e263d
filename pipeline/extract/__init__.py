"""spaCy Doc → fact records. Pure functions over a :class:`~pipeline.extract.view.DocView`;
the Doc never leaves this stage.

``extract_document`` builds one view per Doc and runs every extractor in dependency order,
handing each what the earlier ones found as keyword arguments: officials need the
organisations and their mentions, figures must not claim numbers that are money, durations,
percentages or dates, and events link the rows of the other tables.

Organisations, officials, programmes, quotes and events rest on the English model's
entities and parse, so they are extracted from English text only: on other languages
en_core_web_sm tags ordinary capitalised nouns as organisations, and an empty table is
more honest than a wrong one. Numbers, money, durations and dates are read from data
tables that also cover other languages (``models/number_words.tsv``, ``time_words.tsv``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc

from pipeline.extract.amounts import extract_amounts
from pipeline.extract.dates import extract_dates
from pipeline.extract.durations import extract_durations
from pipeline.extract.events import extract_events
from pipeline.extract.figures import extract_figures
from pipeline.extract.officials import extract_officials
from pipeline.extract.organisations import OrganisationsFound, extract_organisations
from pipeline.extract.percentages import extract_percentages
from pipeline.extract.programmes import extract_programmes
from pipeline.extract.quotes import extract_quotes
from pipeline.extract.view import DocView
from pipeline.records import CleanDocument, Extraction

__all__ = ["extract_document", "number_rows"]


def number_rows(records: Sequence, id_field: str) -> tuple:
    """Records in text order with their per-document row number set (0, 1, 2 …)."""
    ordered = sorted(records, key=lambda r: (r.start, r.end))
    return tuple(dataclasses.replace(r, **{id_field: i}) for i, r in enumerate(ordered))


#: Languages whose entities and parse the English model reads; None is "not detected".
ENTITY_LANGUAGES = frozenset({None, "en"})


def extract_document(doc: Doc, article: CleanDocument) -> Extraction:
    """Every fact table's records for one document."""
    view = DocView(doc, article)  # every extractor reads the Doc through this one view
    english = article.language in ENTITY_LANGUAGES
    found = extract_organisations(view) if english else OrganisationsFound([], ())
    organisations = number_rows(found.organisations, "org_id")
    officials = number_rows(extract_officials(view, organisations=organisations, organisation_mentions=found.mentions),
                            "official_id") if english else ()
    amounts = number_rows(extract_amounts(view), "amount_id")
    durations = number_rows(extract_durations(view), "duration_id")
    percentages = tuple(sorted(extract_percentages(view), key=lambda r: r.start))
    dates = number_rows(extract_dates(view), "date_id")
    taken = [(r.start, r.end) for group in (amounts, durations, percentages, dates) for r in group]
    figures = number_rows(extract_figures(view, taken=taken), "figure_id")
    programmes: tuple = ()
    quotes: tuple = ()
    events: tuple = ()
    if english:
        programmes = tuple(sorted(extract_programmes(view, organisations=organisations), key=lambda r: r.start))
        quotes = tuple(sorted(extract_quotes(view, officials=officials), key=lambda r: r.start))
        events = tuple(sorted(extract_events(view, organisations=organisations, amounts=amounts, durations=durations,
                                             programmes=programmes, dates=dates), key=lambda r: r.start))
    return Extraction(
        article=article,
        n_words=len(article.text.split()),
        organisations=organisations,
        officials=officials,
        amounts=amounts,
        durations=durations,
        figures=figures,
        percentages=percentages,
        dates=dates,
        programmes=programmes,
        quotes=quotes,
        events=events,
    )
