"""Dates written with another language's month, weekday and relative day words.

"14. Mai 2024", "Mai 2024", "am letzten Dienstag", "gestern": the words come from
``models/time_words.tsv`` (read through :func:`pipeline.lexicon.time_words`); numeric dates
and years need none and are read by the English patterns for every language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from pipeline.lexicon import time_words
from pipeline.normalize.dates import ParsedDate, make_date, resolve_month_day, resolve_weekday

__all__ = ["local_dates"]

@lru_cache(maxsize=8)
def _local_date_re(language: str) -> re.Pattern[str] | None:
    """Dates written with ``language``'s month, weekday and day words ("14. Mai 2024", "am Dienstag")."""
    words = time_words(language)
    if not words.months:
        return None
    months = "|".join(re.escape(m) for m in sorted(words.months, key=len, reverse=True))
    weekdays = "|".join(re.escape(w) for w in sorted(words.weekdays, key=len, reverse=True))
    days = "|".join(re.escape(w) for w in sorted(words.relative_days, key=len, reverse=True))
    shifts = "|".join(re.escape(w) for w in sorted(words.weekday_shifts, key=len, reverse=True)) or "(?!)"
    return re.compile(
        rf"(?<!\w)(?:(?P<day>\d{{1,2}})\.\s*(?P<month>{months})(?:\s+(?P<year>\d{{4}}))?"
        rf"|(?P<month_only>{months})\s+(?P<month_year>\d{{4}})"
        rf"|(?:(?P<shift>{shifts})\s+)?(?P<weekday>{weekdays})"
        rf"|(?P<relative>{days}))(?!\w)",
        re.IGNORECASE,
    )


def local_dates(text: str, published: dt.date | None, language: str) -> Iterator[tuple[int, int, ParsedDate]]:
    """Every date in ``text`` written with ``language``'s words, as (start, end, parsed), in text order."""
    pattern = _local_date_re(language)
    if pattern is None:
        return
    words = time_words(language)
    for match in pattern.finditer(text):
        parsed: ParsedDate | None = None
        if match["day"]:
            month, day = words.months[match["month"].lower()], int(match["day"])
            if match["year"]:
                parsed = make_date(int(match["year"]), month, day)
            elif published is not None and (value := resolve_month_day(month, day, published)):
                parsed = make_date(value.year, value.month, value.day, relative=True)
        elif match["month_only"]:
            parsed = make_date(int(match["month_year"]), words.months[match["month_only"].lower()])
        elif published is None:
            continue
        elif match["weekday"]:
            shift = words.weekday_shifts.get((match["shift"] or "").lower())
            value = resolve_weekday(words.weekdays[match["weekday"].lower()], published, shift=shift)
            parsed = make_date(value.year, value.month, value.day, relative=True)
        elif match["relative"]:
            value = published + dt.timedelta(days=words.relative_days[match["relative"].lower()])
            parsed = make_date(value.year, value.month, value.day, relative=True)
        if parsed is not None:
            yield match.start(), match.end(), parsed

