"""Sections about money: amounts by currency and role, and the events that move it (who funds whom)."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from pipeline.report.charts import money_chart
from pipeline.report.markup import Section, rows_table
from pipeline.report.reading import with_source
from pipeline.report.values import format_money

#: Currencies drawn as their own panel in the amounts chart; the rest are listed only.
MAX_CURRENCY_PANELS = 4

#: Label of a null ``role``: the sentence does not say what the money is.
NO_ROLE = "role not stated"
NO_CURRENCY = "no currency"


def _amounts_summary(rows: Any) -> str:
    """Count, documents, exact total and median per currency and role."""
    table = (
        rows.groupby(["currency_label", "role_label"], observed=True)
        .agg(amounts=("doc_id", "size"), documents=("doc_id", "nunique"),
             total=("value", lambda v: sum((x for x in v if x is not None), Decimal(0))),
             median=("value_float", "median"))
        .reset_index()
    )
    by_currency = table.groupby("currency_label")["amounts"].transform("sum")
    table = table.assign(currency_amounts=by_currency).sort_values(
        ["currency_amounts", "currency_label", "amounts"], ascending=[False, True, False])
    lines = "".join(
        f"<tr><td>{html.escape(str(r.currency_label))}</td><td>{html.escape(str(r.role_label))}</td>"
        f"<td class=num>{r.amounts:,}</td><td class=num>{r.documents:,}</td>"
        f"<td class=num>{format_money(r.total)}</td><td class=num>{format_money(round(r.median, 2))}</td></tr>"
        for r in table.itertuples()
    )
    return (
        '<div class="scroll summary-scroll"><table class="summary"><thead><tr><th>currency</th><th>role</th>'
        "<th>amounts</th><th>documents</th><th>total (exact)</th><th>median</th></tr></thead>"
        f"<tbody>{lines}</tbody></table></div>"
    )


def amounts_section(amounts: Any, articles: Any, max_rows: int) -> Section:
    """Money amounts over time, a panel per currency, coloured by role, with totals per role."""
    rows = with_source(amounts, articles)
    rows = rows.assign(
        currency_label=rows["currency"].astype(object).where(rows["currency"].notna(), NO_CURRENCY),
        role_label=rows["role"].astype(object).where(rows["role"].notna(), NO_ROLE),
    )
    plotted = rows[rows["published"].notna() & (rows["value_float"] > 0)]
    by_currency = plotted["currency_label"].value_counts()
    drawn = list(by_currency.index[:MAX_CURRENCY_PANELS])
    chart = (money_chart(plotted, drawn, group="role_label", missing=NO_ROLE, legend="role", what="amounts",
                         key="amounts") if len(plotted) else None)
    intro = (f"{len(rows):,} money amounts over time by publication date, one panel per currency, coloured by role; "
             "log scale.")
    if len(by_currency) > len(drawn):
        rest = ", ".join(f"{c} ({n:,})" for c, n in by_currency.iloc[len(drawn):].items())
        intro += f" Not drawn, only counted below: {rest}."
    skipped = len(rows) - len(plotted)
    if skipped:
        intro += f" {skipped:,} amounts of zero or in undated documents are listed but not drawn."
    ordered = rows.sort_values(["currency_label", "value_float"], ascending=[True, False]) if len(rows) else rows
    return Section(
        key="amounts", heading="Amounts by currency and role over time", intro=intro, chart=chart,
        empty_message="No money amounts in this run." if not len(rows) else "No dated amount above zero to draw.",
        extra_html=_amounts_summary(rows) if len(rows) else "",
        rows_html=rows_table(ordered, ["doc_id", "source", "published", "text", "value", "currency", "qualifier",
                                       "role"], "amounts", max_rows, "amount"),
    )


#: Event columns read from their own table; the money and the length come from amounts and durations.
EVENT_COLUMNS = ["doc_id", "event_id", "kind", "funder", "recipient", "amount_id", "duration_id", "programme",
                 "purpose", "defendant"]
NO_KIND = "no kind"
MONEY_KINDS = ("funding", "commitment")


def _events_rows(events: Any, amounts: Any, durations: Any, articles: Any) -> Any:
    """Events with their amount (text, value, currency) and duration, and the document's source and date."""
    money = amounts[["doc_id", "amount_id", "text", "value", "value_float", "currency"]].rename(
        columns={"text": "amount"})
    lengths = durations[["doc_id", "duration_id", "iso"]].rename(columns={"iso": "duration"})
    rows = events.astype({"amount_id": "Int64", "duration_id": "Int64"})
    rows = rows.merge(money.astype({"amount_id": "Int64"}), on=["doc_id", "amount_id"], how="left")
    rows = rows.merge(lengths.astype({"duration_id": "Int64"}), on=["doc_id", "duration_id"], how="left")
    rows = with_source(rows, articles)
    return rows.assign(
        kind_label=rows["kind"].astype(object).where(rows["kind"].notna(), NO_KIND),
        currency_label=rows["currency"].astype(object).where(rows["currency"].notna(), NO_CURRENCY),
    )


def _flows_summary(rows: Any) -> str:
    """Funder → recipient: events, documents and the exact total per currency (money events only)."""
    money = rows[rows["kind_label"].isin(MONEY_KINDS) & rows["value"].notna()]
    if not len(money):
        return ""
    money = money.assign(
        funder_label=money["funder"].astype(object).where(money["funder"].notna(), "—"),
        recipient_label=money["recipient"].astype(object).where(money["recipient"].notna(), "—"),
    )
    table = (
        money.groupby(["funder_label", "recipient_label", "currency_label"], observed=True)
        .agg(events=("doc_id", "size"), documents=("doc_id", "nunique"),
             total=("value", lambda v: sum((x for x in v if x is not None), Decimal(0))))
        .reset_index().sort_values(["events", "total"], ascending=False)
    )
    lines = "".join(
        f"<tr><td>{html.escape(str(r.funder_label))}</td><td>→</td><td>{html.escape(str(r.recipient_label))}</td>"
        f"<td>{html.escape(str(r.currency_label))}</td><td class=num>{r.events:,}</td>"
        f"<td class=num>{r.documents:,}</td><td class=num>{format_money(r.total)}</td></tr>"
        for r in table.itertuples()
    )
    return (
        '<div class="scroll summary-scroll"><table class="summary"><thead><tr><th>funder</th><th></th>'
        "<th>recipient</th><th>currency</th><th>events</th><th>documents</th><th>total (exact)</th></tr></thead>"
        f"<tbody>{lines}</tbody></table></div>"
    )


def events_section(events: Any, amounts: Any, durations: Any, articles: Any, max_rows: int) -> Section:
    """Funding and other events: who funds whom with how much, and their amounts over time."""
    rows = _events_rows(events, amounts, durations, articles)
    plotted = rows[rows["published"].notna() & (rows["value_float"] > 0)]
    by_currency = plotted["currency_label"].value_counts()
    drawn = list(by_currency.index[:MAX_CURRENCY_PANELS])
    chart = (money_chart(plotted, drawn, group="kind_label", missing=NO_KIND, legend="event", what="events",
                         key="events") if len(plotted) else None)
    kinds = rows["kind_label"].value_counts()
    intro = (f"{len(rows):,} events ({', '.join(f'{k} {n:,}' for k, n in kinds.items()) or 'none'}): who funds whom "
             "with how much, summed per funder and recipient; their amounts over time by publication date, one panel "
             "per currency, coloured by kind; log scale.")
    if len(by_currency) > len(drawn):
        intro += " Not drawn, only listed: " + ", ".join(
            f"{c} ({n:,})" for c, n in by_currency.iloc[len(drawn):].items()) + "."
    skipped = len(rows) - len(plotted)
    if skipped and len(rows):
        intro += f" {skipped:,} events without an amount above zero or a publication date are listed but not drawn."
    ordered = rows.sort_values(["kind_label", "currency_label", "value_float"], ascending=[True, True, False])
    return Section(
        key="events", heading="Funding and other events", intro=intro, chart=chart,
        empty_message="No events in this run." if not len(rows) else "No event with a dated amount to draw.",
        extra_html=_flows_summary(rows),
        rows_html=rows_table(ordered, ["doc_id", "source", "published", "kind", "funder", "recipient", "amount",
                                       "currency", "duration", "programme", "purpose", "defendant"], "events",
                             max_rows, "event"),
    )
