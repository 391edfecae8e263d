"""Organisations: NER, name-shape rules and the gazetteer reconciled into one row per body.

Candidates come from three places — spaCy ORG entities, the ``ORG`` shapes of the rule layer
(``models/patterns/organisations.jsonl``) and the gazetteer of well-known bodies
(``models/gazetteers/organisations.tsv``) — and go through one phase per module:

* :mod:`.candidates` — the candidate token ranges, and :mod:`.trim`: each cut at line breaks,
  sentences, people and titles ("the", possessives, people, line breaks trimmed);
* :mod:`.split` — possessive chains and sub-units split ("Justice Departments Criminal
  Division" → Justice Department + Criminal Division), coordinated bodies apart;
* :mod:`.filters` — fragments, people, programmes, laws and places dropped, overlaps resolved;
* :mod:`.acronyms` — "(KNPA)" definitions joined to their long form, later bare uses added;
* :mod:`.merge` — mentions merged by folded name, gazetteer entry, acronym and short form
  into rows; a row's ``name`` is the fullest form the document uses.

:mod:`.facts` reads what every phase asks of the Doc once; :mod:`.shapes` holds the name
shapes every phase shares.
"""

from __future__ import annotations

from typing import NamedTuple

from pipeline.extract.organisations.acronyms import add_acronyms, defined_acronyms_only
from pipeline.extract.organisations.candidates import candidate_pieces
from pipeline.extract.organisations.facts import doc_facts
from pipeline.extract.organisations.filters import accepted_mentions, drop_unconfirmed_headline
from pipeline.extract.organisations.mention import OrgMention
from pipeline.extract.organisations.merge import organisation_rows
from pipeline.extract.organisations.split import mentions_of_pieces
from pipeline.extract.view import DocView
from pipeline.records import Organisation

__all__ = ["OrgMention", "OrganisationsFound", "extract_organisations", "organisation_mentions"]


class OrganisationsFound(NamedTuple):
    """What :func:`extract_organisations` finds: the rows, and the mentions behind them."""

    #: One row per distinct organisation.
    organisations: list[Organisation]
    #: Every accepted mention in text order (what the officials extractor reads titles against).
    mentions: tuple[OrgMention, ...]


def extract_organisations(view: DocView) -> OrganisationsFound:
    """One row per distinct organisation in the document, and the mentions behind the rows.

    Args:
        view: the analysed article (NER and the ``newsfacts_rules`` spans); its article's
            ``body_start`` tells the headline apart.

    Returns:
        The organisations (canonical name, acronym, aliases, mention count, first-mention
        evidence) and every accepted mention in text order.
    """
    mentions = organisation_mentions(view)
    return OrganisationsFound(organisation_rows(view, list(mentions)), mentions)


def organisation_mentions(view: DocView) -> tuple[OrgMention, ...]:
    """Every accepted organisation mention in text order."""
    facts = doc_facts(view)
    mentions = mentions_of_pieces(view, candidate_pieces(view, facts), facts)
    chosen = accepted_mentions(view, mentions, facts)
    chosen = add_acronyms(view, chosen)
    chosen = defined_acronyms_only(view, chosen, facts)
    body_start = view.article.body_start if view.article is not None else 0
    chosen = drop_unconfirmed_headline(chosen, facts, body_start)
    return tuple(sorted(chosen, key=lambda m: (m.start, m.end)))
