"""Sections about the documents themselves: where they came from, when, and which failed."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from pipeline.report.charts import DOCUMENT_BLUE, ERROR_RED, TOP_N, new_figure, style_axes, svg
from pipeline.report.markup import Section, rows_table
from pipeline.report.values import input_label, shorten, site_label

def sources_section(articles: Any, errors: Any, max_rows: int) -> Section:
    """Documents and errors per input folder or archive, and documents per publishing site."""
    import pandas as pd

    docs = articles.assign(input=articles["source"].map(input_label), kind="document")
    errs = errors.assign(input=errors["source"].map(input_label), kind="error")
    chart = None
    if len(docs) or len(errs):
        per_input = (
            pd.concat([docs[["input", "kind"]], errs[["input", "kind"]]])
            .groupby(["input", "kind"]).size().unstack(fill_value=0)
            .reindex(columns=["document", "error"], fill_value=0)
        )
        per_input = per_input.assign(total=per_input.sum(axis=1)).sort_values("total", ascending=False).head(TOP_N)
        sites = docs.assign(site=[site_label(u, s) for u, s in zip(docs["url"], docs["site_name"])])
        per_site = sites["site"].value_counts().head(TOP_N)
        figure = new_figure(11, 1.2 + 0.3 * max(len(per_input), len(per_site), 1))
        # a run of only errors has no sites: one panel, not an empty second one
        left, right = figure.subplots(1, 2) if len(per_site) else (figure.add_subplot(), None)
        positions = list(range(len(per_input)))[::-1]
        left.barh(positions, per_input["document"], color=DOCUMENT_BLUE, height=0.7, label="documents")
        bars = left.barh(positions, per_input["error"], left=per_input["document"], color=ERROR_RED, height=0.7,
                         label="errors")
        left.bar_label(bars, labels=[f"{d:,} / {e:,}" for d, e in zip(per_input["document"], per_input["error"])],
                       padding=3, fontsize=8)
        left.set_yticks(positions, [shorten(str(i), 40) for i in per_input.index], fontsize=9)
        left.set_title("per input folder or archive (documents / errors)", fontsize=10)
        left.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2)
        left.margins(x=0.25)
        style_axes(left, counts_on_x=True)
        if right is not None:
            site_positions = list(range(len(per_site)))[::-1]
            site_bars = right.barh(site_positions, per_site.to_numpy(), color=DOCUMENT_BLUE, height=0.7)
            right.bar_label(site_bars, labels=[f"{v:,}" for v in per_site], padding=3, fontsize=8)
            right.set_yticks(site_positions, [shorten(str(s), 40) for s in per_site.index], fontsize=9)
            right.set_title("documents per site", fontsize=10)
            right.margins(x=0.15)
            style_axes(right, counts_on_x=True)
        chart = svg(figure, "sources")
    rows = pd.concat([
        docs.assign(site=[site_label(u, s) for u, s in zip(docs["url"], docs["site_name"])], what=docs["title"]),
        errs.assign(site="", what=errs["stage"].astype(str) + ": " + errs["error"].astype(str)),
    ], ignore_index=True) if len(docs) or len(errs) else docs.assign(site="", what="")
    rows = rows.sort_values(["kind", "input", "source"]) if len(rows) else rows
    return Section(
        key="sources", heading="Documents and errors per source",
        intro=f"{len(docs):,} documents and {len(errs):,} errors, by the folder or archive they were read from, "
              "and documents by publishing site.",
        chart=chart, empty_message="No documents in this run.", extra_html="",
        rows_html=rows_table(rows, ["kind", "doc_id", "source", "input", "site", "what"], "sources", max_rows,
                             "document and error"),
    )


def months_section(articles: Any, errors: Any, max_rows: int) -> Section:
    """Documents per month of publication; undated ones are counted, not drawn."""
    dated = articles.dropna(subset=["published"]).sort_values("published")
    undated = len(articles) - len(dated)
    chart = None
    if len(dated):
        per_month = dated["published"].dt.to_period("M").value_counts().sort_index()
        figure = new_figure(11, 2.8)
        axes = figure.add_subplot()
        months = [p.to_timestamp() + dt.timedelta(days=14) for p in per_month.index]
        axes.bar(months, per_month.to_numpy(), width=24, color=DOCUMENT_BLUE)
        axes.set_ylabel("documents", fontsize=9)
        axes.yaxis.get_major_locator().set_params(integer=True)
        style_axes(axes)
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        axes.grid(axis="x", visible=False)
        if len(per_month) == 1:
            axes.set_xlim(months[0] - dt.timedelta(days=60), months[0] + dt.timedelta(days=60))
        chart = svg(figure, "months")
    notes = []
    if undated:
        notes.append(f"{undated:,} documents have no publication date and are not drawn")
    if len(errors):
        notes.append(f"the {len(errors):,} errors have no date (they are counted per source above)")
    span = ""
    if len(dated):
        span = f" from {dated['published'].min():%Y-%m-%d} to {dated['published'].max():%Y-%m-%d}"
    intro = f"{len(dated):,} documents by month of publication{span}." + (f" ({'; '.join(notes)}.)" if notes else "")
    return Section(
        key="months", heading="Documents per month", intro=intro, chart=chart,
        empty_message=f"None of the {len(articles):,} documents has a publication date." if len(articles)
        else "No documents in this run.", extra_html="",
        rows_html=rows_table(dated, ["doc_id", "source", "published", "published_from", "title"], "months",
                             max_rows, "dated document"),
    )


def errors_section(errors: Any, n_documents: int, max_rows: int) -> Section:
    """Errors by stage and kind, with an example message each, and their rows."""
    summary = ""
    if len(errors):
        kinds = (
            errors.assign(stage=errors["stage"].astype(str), error=errors["error"].astype(str))
            .groupby(["stage", "error"]).agg(count=("source", "size"), example=("message", "first"))
            .reset_index().sort_values("count", ascending=False)
        )
        lines = "".join(
            f"<tr><td>{html.escape(r.stage)}</td><td>{html.escape(r.error)}</td><td class=num>{r.count:,}</td>"
            f"<td>{html.escape(shorten(str(r.example), 160))}</td></tr>"
            for r in kinds.itertuples()
        )
        summary = (
            '<table class="summary"><thead><tr><th>stage</th><th>error</th><th>count</th><th>example message</th>'
            f'</tr></thead><tbody>{lines}</tbody></table><p class="rows-link"><a href="#rows-errors">'
            f"The {len(errors):,} error rows ↓</a></p>"
        )
    share = f" ({len(errors) / (len(errors) + n_documents):.1%} of inputs)" if len(errors) else ""
    return Section(
        key="errors", heading="Errors by kind",
        intro=f"{len(errors):,} inputs could not be processed{share}.",
        chart=None, empty_message="" if len(errors) else "No errors: every input became an article.",
        extra_html=summary,
        rows_html=rows_table(errors.sort_values(["stage", "error", "source"]) if len(errors) else errors,
                             ["doc_id", "source", "stage", "error", "message"], "errors", max_rows, "error"),
    )
