"""Dates: points in time in the text, at the granularity the text gives, and periods.

Candidates come from patterns over the text ("April 10, 2018", "Sept. 21", "April 2018",
"2015", "2010-2014", "yesterday", "last night", "last Thursday", "last month", "in March")
plus spaCy ``DATE`` entities the patterns miss; :mod:`pipeline.normalize.dates` turns each
into an ISO date. Relative and yearless expressions are resolved against
``article.published`` (skipped when it is unknown) by the tense of their clause, read from
the tagger (:class:`ClauseTense`): "met on Friday" is the Friday before, "will meet on
Friday" and "the tour opens May 2" (news' present is what is scheduled) look forward, a
weekday naming the publication day is that day. A list of yearless days takes the year of
its heading or of its first day's earlier mention; a yearless month in a story told in the
past goes on from the dated month before it. Weeks, quarters, seasons, decades and
centuries are rows too, with TimeML's value forms ("2013-W11", "2013-Q1", "2012-SU", "199",
"19"). A four-digit number is a year only when nothing around it says otherwise: not money
("$2015"), statutes and case numbers ("Section 1956", "No. 2015-cr-12"), phone numbers,
decades ("the 1990s"), counts ("2000 documents"), model numbers ("RTX 2060"), sizes,
out-of-order number runs ("1979, 1928, 1965") or copyright lines. Byline and page stamps
("Updated: March 9, 2021 10:02 a.m.") are chrome, and "today" meaning nowadays ("as it is
today") names no day.

The package follows the phases of a date: :mod:`.candidates` (the date patterns, read match by
match), :mod:`.periods` (weeks, quarters, seasons, decades, centuries), :mod:`.other_languages`,
:mod:`.tense` (:class:`ClauseTense`, and which way a yearless date leans), :mod:`.not_dates`
(what looks like a date but is not), :mod:`.years` (years borrowed from a range, a list's
heading or the story before) and :mod:`.rows` (the rows, with spaCy's absolute dates the
patterns miss).
"""

from __future__ import annotations

from pipeline.extract.dates.candidates import find_dates
from pipeline.extract.dates.rows import extract_dates
from pipeline.extract.dates.tense import ClauseTense

__all__ = ["ClauseTense", "extract_dates", "find_dates"]
