"""``newsfacts report``: one self-contained HTML page to look at a run before writing code.

The page needs no network to be viewed: charts are inline SVG drawn by matplotlib, the
style sheet is inline, there is no script. Every chart links to an anchored table of the
rows behind it (with ``doc_id`` and ``source``), so a reader can go from a bar to the
documents that made it. Every section also copes with an empty table: a fresh run with
no amounts says so instead of failing.

matplotlib is an optional extra (``pip install 'newsfacts[report]'``), imported only when a
chart is drawn. The package's modules, each one concern:

- :mod:`~pipeline.report.reading`: a run folder's tables, only the columns a section needs;
- :mod:`~pipeline.report.values`: a reader's words for sources, sites, durations, money, cells;
- :mod:`~pipeline.report.charts`: matplotlib figures as inline SVG;
- :mod:`~pipeline.report.markup`: a section and its anchored table of rows as HTML;
- :mod:`~pipeline.report.documents`, :mod:`~pipeline.report.entities`,
  :mod:`~pipeline.report.money`, :mod:`~pipeline.report.measures`: the sections;
- :mod:`~pipeline.report.page`: the whole page (:func:`build_report`, :func:`write_report`).
"""

from __future__ import annotations

from pipeline.report.markup import Section
from pipeline.report.page import INSTALL_HINT, MAX_ROWS, build_report, write_report
from pipeline.report.values import duration_days, format_money, human_duration, input_label, site_label

__all__ = [
    "INSTALL_HINT",
    "MAX_ROWS",
    "Section",
    "build_report",
    "duration_days",
    "format_money",
    "human_duration",
    "input_label",
    "site_label",
    "write_report",
]
