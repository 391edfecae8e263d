"""Date rows: the candidates found, their years corrected, and spaCy's absolute dates the patterns miss."""

from __future__ import annotations

import re

from pipeline.extract.dates.candidates import DATE_PATTERN, find_dates
from pipeline.extract.dates.tense import ClauseTense
from pipeline.extract.dates.years import borrow_years, dedupe, list_years, narrative_years
from pipeline.extract.durations import find_durations
from pipeline.extract.view import DocView
from pipeline.normalize.dates import parse_date
from pipeline.records import DateMention

__all__ = ["extract_dates"]

_ABSOLUTE_HINT = re.compile(r"\b(?:1[89]|20)\d\d\b")


def extract_dates(view: DocView) -> list[DateMention]:
    """One row per date mention (relative ones only when the publication date is known)."""
    text = view.text
    published = getattr(view.article, "published", None)
    sentences = view.sentences
    language = view.language or "en"
    tense_of = ClauseTense(view) if language == "en" and view.doc.has_annotation("TAG") else None
    found = list(find_dates(text, published, sentences.start_of, language, tense_of))
    found = dedupe(narrative_years(text, list_years(text, borrow_years(text, found)), tense_of, sentences.start_of))
    covered = [(s, e) for s, e, _ in found]
    for entity in view.entities:
        if entity.label != "DATE" or any(entity.start_char < e and s < entity.end_char for s, e in covered):
            continue
        # Only absolute dates the patterns missed ("the 4th day of July, 2016"): spaCy's DATE also
        # covers ages ("66"), durations ("60 years") and vague periods, which are not points in time.
        if not _ABSOLUTE_HINT.search(entity.text) or DATE_PATTERN.search(entity.text) or find_durations(entity.text):
            continue
        parsed = parse_date(entity.text)
        if parsed is not None and not parsed.relative:
            found.append((entity.start_char, entity.end_char, parsed))
    rows: list[DateMention] = []
    for start, end, parsed in sorted(found, key=lambda f: (f[0], f[1])):
        evidence = sentences.mention(start, end)
        rows.append(DateMention(text=text[start:end], iso=parsed.iso, date=parsed.date, granularity=parsed.granularity,
                                relative=parsed.relative, start=start, end=end, sentence=evidence.sentence))
    return rows
