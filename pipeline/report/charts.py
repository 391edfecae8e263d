"""The report's charts: matplotlib figures drawn to inline SVG, one style for the whole page.

matplotlib (the ``report`` extra) and numpy are imported inside the drawing functions, so
importing the report without matplotlib still works and says how to install it.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from typing import Any

from pipeline.report.values import shorten

#: Bars in a "top" chart; more are unreadable at a glance.
TOP_N = 15

#: Matplotlib's default cycle, so the role colours match what readers know from notebooks.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
GREY = "#9a9a9a"
MARKERS = ("o", "s", "^", "D")
DOCUMENT_BLUE, ERROR_RED = "#1f77b4", "#d62728"

_SVG_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')


def new_figure(width: float, height: float) -> Any:
    """A matplotlib Figure of that size in inches, laid out so labels never overlap."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    return figure


def style_axes(axes: Any, *, counts_on_x: bool = False) -> None:
    """The page's look for one set of axes: no top and right frame, light grid, small labels."""
    if counts_on_x:  # counts of documents or mentions: no 0.5 ticks
        axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=9)
    axes.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    axes.set_axisbelow(True)


def svg(figure: Any, key: str) -> str:
    """The figure as an inline ``<svg>`` that scales to the page width.

    Text stays text (``svg.fonttype none``: small, selectable); the hash salt differs per
    chart so element ids of two inline charts never collide in one page.
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"newsfacts-{key}"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    return _SVG_SIZE.sub(r'<svg\1 class="chart" role="img"', text, count=1)


def barh(labels: Sequence[str], values: Sequence[float], *, color: str, xlabel: str, key: str) -> str:
    """Horizontal bars, biggest on top, each labelled with its value."""
    figure = new_figure(11, 0.8 + 0.32 * max(len(labels), 1))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, values, color=color, height=0.7)
    axes.set_yticks(positions, [shorten(label, 70) for label in labels], fontsize=9)
    axes.bar_label(bars, labels=[f"{v:,.0f}" for v in values], padding=3, fontsize=8)
    axes.set_xlabel(xlabel, fontsize=9)
    axes.margins(x=0.08)
    style_axes(axes, counts_on_x=True)
    return svg(figure, key)


def _group_styles(groups: Sequence[str], missing: str) -> dict[str, tuple[str, str]]:
    """A distinct (colour, marker) per group (role, event kind), grey dots for the ``missing`` label.

    Past nine groups the colours repeat with another marker shape: paired light/dark
    palettes are too hard to tell apart in small dots.
    """
    named = [group for group in groups if group != missing]
    styles = {group: (PALETTE[i % len(PALETTE)], MARKERS[(i // len(PALETTE)) % len(MARKERS)])
              for i, group in enumerate(named)}
    styles[missing] = (GREY, "o")
    return styles


def money_chart(
    plotted: Any, currencies: Sequence[str], *, group: str, missing: str, legend: str, what: str, key: str,
) -> str:
    """Scatter of amounts over publication date, a panel per currency, coloured by ``group``, log y."""
    import matplotlib.dates as mdates
    import numpy as np

    present = set(plotted[group])
    roles = sorted(present - {missing}) + ([missing] if missing in present else [])
    styles = _group_styles(roles, missing)
    n_cols = min(len(currencies), 2)
    n_rows = math.ceil(len(currencies) / n_cols)
    figure = new_figure(11, 0.6 + 2.9 * n_rows)
    grid = np.atleast_1d(figure.subplots(n_rows, n_cols, sharex=True, sharey=True, squeeze=False)).ravel()
    first, last = plotted["published"].min(), plotted["published"].max()
    pad = max((last - first) * 0.04, dt.timedelta(days=15))
    for axes, currency in zip(grid, currencies):
        subset = plotted[plotted["currency_label"] == currency]
        for role in roles:
            points = subset[subset[group] == role]
            if len(points):
                color, marker = styles[role]
                axes.scatter(points["published"], points["value_float"], s=20, alpha=0.8, color=color, marker=marker,
                             edgecolors="none", rasterized=len(points) > 2000)
        axes.set_yscale("log")
        axes.set_title(f"{currency} ({len(subset):,} {what})", fontsize=10)
        style_axes(axes)
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        locator = mdates.AutoDateLocator(maxticks=7)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        axes.tick_params(axis="x", labelbottom=True)
    grid[0].set_xlim(first - pad, last + pad)
    for axes in grid[len(currencies):]:
        axes.set_visible(False)
    for axes in grid[::n_cols]:
        axes.set_ylabel("amount (log scale)", fontsize=9)
    # one legend for the whole figure: a role missing from the first panel is still named
    figure.legend(
        handles=[_dot(*styles[role]) for role in roles], labels=roles, title=legend, loc="outside right upper",
        fontsize=8, title_fontsize=9, frameon=False,
    )
    return svg(figure, key)


def _dot(color: str, marker: str) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], marker=marker, linestyle="", markersize=6, markerfacecolor=color, markeredgecolor="none")


def barh_panels(panels: Sequence[tuple[str, Sequence[str], Sequence[float]]], *, color: str, xlabel: str,
                key: str) -> str:
    """Horizontal bar panels one above the other (speakers, then their organisations), biggest on top.

    Stacked rather than side by side so long labels ("name — title, organisation") keep room.
    """
    drawn = [panel for panel in panels if len(panel[1])]
    heights = [len(labels) + 1.5 for _, labels, _ in drawn]
    figure = new_figure(11, 0.4 + 0.32 * sum(heights))
    grid = figure.subplots(len(drawn), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    for axes, (title, labels, values) in zip(grid, drawn):
        positions = list(range(len(labels)))[::-1]
        bars = axes.barh(positions, values, color=color, height=0.7)
        axes.set_yticks(positions, [shorten(label, 70) for label in labels], fontsize=9)
        axes.bar_label(bars, labels=[f"{v:,.0f}" for v in values], padding=3, fontsize=8)
        axes.set_title(title, fontsize=10, loc="left")
        axes.margins(x=0.08)
        style_axes(axes, counts_on_x=True)
    grid[-1].set_xlabel(xlabel, fontsize=9)
    return svg(figure, key)


def column_bars(labels: Sequence[str], values: Sequence[float], *, color: str, ylabel: str, key: str) -> str:
    """Vertical bars in the order given (bins of a histogram), each labelled with its count."""
    figure = new_figure(11, 2.8)
    axes = figure.add_subplot()
    bars = axes.bar(range(len(labels)), values, color=color, width=0.8)
    axes.set_xticks(range(len(labels)), labels, fontsize=9)
    axes.bar_label(bars, labels=[f"{v:,.0f}" if v else "" for v in values], padding=2, fontsize=8)
    axes.set_ylabel(ylabel, fontsize=9)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.margins(y=0.15)
    style_axes(axes)
    axes.grid(axis="x", visible=False)
    axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    return svg(figure, key)
