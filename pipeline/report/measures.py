"""Sections about the other facts with a number: durations, counted figures, percentages, dates."""

from __future__ import annotations

from typing import Any

from pipeline.evaluate import head_noun
from pipeline.report.charts import TOP_N, barh, column_bars, new_figure, style_axes, svg
from pipeline.report.markup import Section, rows_table
from pipeline.report.reading import with_source
from pipeline.report.values import duration_days, fold_column, human_duration, most_common

def durations_section(durations: Any, articles: Any, max_rows: int) -> Section:
    """The most mentioned durations, longest on top."""
    chart = None
    rows = with_source(durations, articles)
    if len(rows):
        counts = rows["iso"].astype(str).str.upper().value_counts().head(TOP_N)
        ordered = sorted(counts.index, key=duration_days, reverse=True)
        chart = barh([f"{human_duration(iso)}  ({iso})" for iso in ordered], [counts[iso] for iso in ordered],
                     color="#2ca02c", xlabel="mentions", key="durations")
        rows = rows.assign(days=rows["iso"].map(duration_days)).sort_values("days", ascending=False)
    distinct = rows["iso"].nunique() if len(rows) else 0
    return Section(
        key="durations", heading="Durations",
        intro=f"{len(rows):,} durations, {distinct:,} distinct lengths; the {min(TOP_N, distinct)} most mentioned, "
              "longest on top.",
        chart=chart, empty_message="No durations in this run.", extra_html="",
        rows_html=rows_table(rows, ["doc_id", "source", "text", "iso", "unit", "qualifier"], "durations",
                             max_rows, "duration"),
    )


def figures_section(figures: Any, articles: Any, max_rows: int) -> Section:
    """Counts of things and people by the noun they count (its head word)."""
    chart = None
    rows = with_source(figures, articles)
    if len(rows):
        rows = rows.assign(counted=fold_column(rows["noun"], head_noun))
        counts = rows.loc[rows["counted"] != "", "counted"].value_counts().head(TOP_N)
        labels = [most_common(rows.loc[rows["counted"] == noun, "noun"]) or noun for noun in counts.index]
        if len(counts):
            chart = barh(labels, counts.to_numpy(), color="#9467bd", xlabel="mentions", key="figures")
        order = {noun: rank for rank, noun in enumerate(counts.index)}
        rows = rows.assign(rank=rows["counted"].map(order).fillna(len(order))).sort_values(["rank", "value"])
    named = rows["counted"][rows["counted"] != ""] if len(rows) else rows
    nouns = named.nunique() if len(rows) else 0
    intro = (f"{len(rows):,} counts of things and people, {nouns:,} distinct counted nouns (by head word); the "
             f"{min(TOP_N, nouns)} most mentioned.")
    if len(rows) > len(named):
        intro += f" {len(rows) - len(named):,} figures have no counted noun; they are listed last."
    return Section(
        key="figures", heading="Figures by counted noun", intro=intro,
        chart=chart, empty_message="No figures in this run." if not len(rows) else "No figure has a counted noun.",
        extra_html="",
        rows_html=rows_table(rows, ["doc_id", "source", "text", "value", "qualifier", "noun"], "figures",
                             max_rows, "figure"),
    )


#: Percentage bins: tens up to 100, then everything above (increases such as "150 percent").
PERCENT_BINS = tuple((low, low + 10) for low in range(0, 100, 10))


def _percent_bin(value: float) -> int:
    return min(int(value // 10), len(PERCENT_BINS)) if value >= 0 else 0


def percentages_section(percentages: Any, articles: Any, max_rows: int) -> Section:
    """Percentages in bins of ten by value (the lower end of a range)."""
    chart = None
    rows = with_source(percentages, articles)
    if len(rows):
        bins = rows["value"].map(_percent_bin).value_counts()
        labels = [f"{low}–{high}" for low, high in PERCENT_BINS] + ["over 100"]
        counts = [int(bins.get(i, 0)) for i in range(len(labels))]
        if not counts[-1]:
            labels, counts = labels[:-1], counts[:-1]
        chart = column_bars([f"{label}%" for label in labels], counts, color="#bcbd22", ylabel="percentages",
                            key="percentages")
        rows = rows.sort_values("value", ascending=False)
    return Section(
        key="percentages", heading="Percentages",
        intro=f"{len(rows):,} percentages in {rows['doc_id'].nunique() if len(rows) else 0:,} documents, by value "
              "(the lower end of a range); each row keeps its sentence, which says what it is a share of.",
        chart=chart, empty_message="No percentages in this run.", extra_html="",
        rows_html=rows_table(rows, ["doc_id", "source", "text", "value", "qualifier", "sentence"], "percentages",
                             max_rows, "percentage"),
    )


GRANULARITY_COLOURS = (("day", "#1f77b4"), ("month", "#ff7f0e"), ("year", "#2ca02c"))

#: Share of dates at each end left out of the dates chart's span (they stay in the rows).
DATE_SPAN_TAIL = 0.01


def dates_section(dates: Any, articles: Any, max_rows: int) -> Section:
    """The dates the texts talk about, per year and granularity (not when they were published)."""
    chart = None
    rows = with_source(dates, articles)
    dated = rows.dropna(subset=["date"]) if len(rows) else rows
    outside = 0
    if len(dated):
        years = dated.assign(year=dated["date"].dt.year, level=dated["granularity"].astype(str))
        # a founding year or a far deadline ("since 1850", "by 2060") would squeeze the years
        # that most dates are in into a sliver: draw the span of 98% of them, count the rest
        low, high = (int(y) for y in years["year"].quantile([DATE_SPAN_TAIL, 1 - DATE_SPAN_TAIL],
                                                              interpolation="nearest"))
        drawn = years[years["year"].between(low, high)]
        outside = len(years) - len(drawn)
        table = drawn.groupby(["year", "level"]).size().unstack(fill_value=0)
        figure = new_figure(11, 2.9)
        axes = figure.add_subplot()
        bottom = None
        for level, color in GRANULARITY_COLOURS:
            if level in table.columns:
                axes.bar(table.index, table[level], bottom=bottom, width=0.8, color=color, label=f"a {level}")
                bottom = table[level] if bottom is None else bottom + table[level]
        axes.set_ylabel("dates mentioned", fontsize=9)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.xaxis.get_major_locator().set_params(integer=True)
        first, last = int(table.index.min()), int(table.index.max())
        axes.set_xlim(first - 1, last + 1)
        figure.legend(fontsize=8, frameon=False, title="the text names", title_fontsize=9, loc="outside right upper")
        style_axes(axes)
        axes.grid(axis="x", visible=False)
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        chart = svg(figure, "dates")
        rows = dated.sort_values(["date", "doc_id"])
    relative = int(rows["relative"].fillna(False).astype(bool).sum()) if len(rows) else 0
    span = f" from {dated['date'].min():%Y} to {dated['date'].max():%Y}" if len(dated) else ""
    intro = (f"{len(rows):,} dates named in the texts{span}, per year and by how precisely the text gives them; "
             f"{relative:,} are relative ('Tuesday', 'last year') and resolved against the publication date.")
    if outside:
        intro += f" The {outside:,} dates outside {low}–{high} are listed but not drawn."
    return Section(
        key="dates", heading="Dates mentioned per year", intro=intro,
        chart=chart, empty_message="No dates in this run.", extra_html="",
        rows_html=rows_table(rows, ["doc_id", "source", "published", "text", "iso", "granularity", "relative"],
                             "dates", max_rows, "date"),
    )
