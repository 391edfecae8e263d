"""``newsfacts report``: one self-contained HTML page to look at a run before writing code.

The page needs no network to be viewed: charts are inline SVG drawn by matplotlib, the
style sheet is inline, there is no script. Every chart links to an anchored table of the
rows behind it (with ``doc_id`` and ``source``), so a reader can go from a bar to the
documents that made it. Every section also copes with an empty table: a fresh run with
no amounts says so instead of failing.

matplotlib is an optional extra (``pip install 'newsfacts[report]'``), imported only here.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.evaluate import fold, head_noun
from pipeline.schema import SCHEMA_VERSION, SCHEMAS

INSTALL_HINT = "newsfacts report needs matplotlib, an optional extra: pip install 'newsfacts[report]'"

#: Bars in a "top" chart; more are unreadable at a glance.
TOP_N = 15
#: Default cap on the rows listed under each chart (the page stays small on big runs).
MAX_ROWS = 500
#: Currencies drawn as their own panel in the amounts chart; the rest are listed only.
MAX_CURRENCY_PANELS = 4

#: Columns of running text, which wrap in the row tables (everything else stays on one line).
PROSE_COLUMNS = frozenset({"title", "what", "message", "text", "name", "organisation", "noun", "source", "quote",
                           "sentence", "speaker", "speaker_title", "speaker_organisation", "funder", "recipient",
                           "programme", "purpose", "defendant"})
#: Columns of paths and URLs, which may wrap inside a word (they have no spaces to wrap at).
PATH_COLUMNS = frozenset({"source", "url"})
#: Label of a null ``role``: the sentence does not say what the money is.
NO_ROLE = "role not stated"
NO_CURRENCY = "no currency"
#: Matplotlib's default cycle, so the role colours match what readers know from notebooks.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
GREY = "#9a9a9a"
MARKERS = ("o", "s", "^", "D")
DOCUMENT_BLUE, ERROR_RED = "#1f77b4", "#d62728"

_ISO_PART = re.compile(r"(\d+(?:\.\d+)?)([YMWDHS])")
_DAYS_PER = {"Y": 365.25, "M": 30.44, "W": 7.0, "D": 1.0}
_UNIT_WORD = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "S": "second"}
_SVG_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the page: a heading, what it shows, a chart or a message, and its rows."""

    key: str
    heading: str
    intro: str
    chart: str | None
    empty_message: str
    extra_html: str
    rows_html: str


# --- reading --------------------------------------------------------------------------


def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc


def _part_files(out: Path, table: str) -> list[Path]:
    folder = out / table
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def _read(out: Path, table: str, columns: Sequence[str]) -> Any:
    """Some columns of a table as a DataFrame (dates as datetimes); empty when there are no parts.

    Only the columns a chart needs are read, so a big run's article texts stay on disk. Parts
    line up by name with the table's schema: a part of an older run without a newer column
    (``entity_id``) reads it as null.
    """
    files = _part_files(out, table)
    schema = SCHEMAS[table]
    if files:
        data = ds.dataset([str(f) for f in files], schema=schema, format="parquet").to_table(columns=list(columns))
    else:
        data = schema.empty_table().select(list(columns))
    return _to_pandas(data)


def _to_pandas(data: pa.Table) -> Any:
    import pandas as pd

    frame = data.to_pandas()
    for fld in data.schema:
        if pa.types.is_date32(fld.type) or pa.types.is_timestamp(fld.type):
            frame[fld.name] = pd.to_datetime(frame[fld.name])
    return frame


def _read_entities(out: Path) -> Any | None:
    """The run's ``entities`` table (one row per organisation or person across the run), if it has one.

    ``None`` when the run has none (the charts then count folded names).
    """
    files = _part_files(out, "entities")
    if not files:
        return None
    dataset = ds.dataset([str(f) for f in files], format="parquet")
    names = dataset.schema.names
    if not {"entity_id", "name"} <= set(names):
        return None
    wanted = [c for c in ("entity_id", "kind", "name", "acronym", "titles", "organisations") if c in names]
    return _to_pandas(dataset.to_table(columns=wanted))


def input_label(source: str) -> str:
    """Where a document came from, coarsely: its archive's file name, else its folder's name."""
    text = str(source).replace("\\", "/")
    if "#" in text:
        return text.split("#", 1)[0].rsplit("/", 1)[-1]
    parent = text.rsplit("/", 1)[0] if "/" in text else "."
    return parent.rsplit("/", 1)[-1] or "/"


def site_label(url: Any, site_name: Any) -> str:
    """The publishing site: the URL's host without "www.", else the page's site name."""
    if isinstance(url, str) and url:
        host = urlsplit(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    if isinstance(site_name, str) and site_name.strip():
        return site_name.strip()
    return "unknown site"


def human_duration(iso: str) -> str:
    """A reader's words for an ISO 8601 duration: "P1Y1D" → "1 year 1 day"."""
    date_part, _, time_part = str(iso).upper().removeprefix("P").partition("T")
    words = []
    for part, is_time in ((date_part, False), (time_part, True)):
        for number, unit in _ISO_PART.findall(part):
            word = "minute" if is_time and unit == "M" else _UNIT_WORD[unit]
            value = float(number)
            words.append(f"{value:g} {word}{'' if value == 1 else 's'}")
    return " ".join(words) or str(iso)


def duration_days(iso: str) -> float:
    """Approximate length in days of an ISO 8601 duration (for sorting)."""
    date_part = str(iso).upper().removeprefix("P").partition("T")[0]
    return sum(float(n) * _DAYS_PER[u] for n, u in _ISO_PART.findall(date_part) if u in _DAYS_PER)


def format_money(value: Any) -> str:
    """Thousands separators, cents only when there are any: 2100000 → "2,100,000"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = Decimal(str(value))
    return f"{number:,.2f}" if number != number.to_integral_value() else f"{number:,.0f}"


# --- drawing --------------------------------------------------------------------------


def _new_figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    return figure


def _style_axes(axes: Any, *, counts_on_x: bool = False) -> None:
    if counts_on_x:  # counts of documents or mentions: no 0.5 ticks
        axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=9)
    axes.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    axes.set_axisbelow(True)


def _svg(figure: Any, key: str) -> str:
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


def _barh(labels: Sequence[str], values: Sequence[float], *, color: str, xlabel: str, key: str) -> str:
    """Horizontal bars, biggest on top, each labelled with its value."""
    figure = _new_figure(11, 0.8 + 0.32 * max(len(labels), 1))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, values, color=color, height=0.7)
    axes.set_yticks(positions, [_shorten(label, 70) for label in labels], fontsize=9)
    axes.bar_label(bars, labels=[f"{v:,.0f}" for v in values], padding=3, fontsize=8)
    axes.set_xlabel(xlabel, fontsize=9)
    axes.margins(x=0.08)
    _style_axes(axes, counts_on_x=True)
    return _svg(figure, key)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- sections -------------------------------------------------------------------------


def _rows_table(frame: Any, columns: Sequence[str], key: str, max_rows: int, what: str) -> str:
    """The anchored table of rows behind a chart (first ``max_rows``)."""
    total = len(frame)
    if total == 0:
        return f'<div class="rows" id="rows-{key}"></div>'  # the section already says it is empty
    shown = frame.head(max_rows)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    # short values stay on one line; prose columns wrap
    classes = [' class="path"' if c in PATH_COLUMNS else "" if c in PROSE_COLUMNS else ' class="nowrap"'
               for c in columns]
    body = []
    for record in shown[list(columns)].itertuples(index=False, name=None):
        cells = "".join(f"<td{css}>{html.escape(_cell(value))}</td>" for css, value in zip(classes, record))
        body.append(f"<tr>{cells}</tr>")
    note = f"{total:,} {html.escape(what)} rows"
    if total > max_rows:
        note = (f"first {max_rows:,} of {total:,} {html.escape(what)} rows; all of them: "
                f"<code>pipeline.load_tables(out)</code>")
    return (
        f'<div class="rows" id="rows-{key}"><p class="rows-note">{note}</p>'
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div></div>'
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:,.10g}"
    if isinstance(value, Decimal):
        return format_money(value)
    if hasattr(value, "strftime"):
        try:
            return value.strftime("%Y-%m-%d")
        except ValueError:  # NaT
            return ""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return ", ".join(str(v) for v in value)
    text = str(value)
    return "" if text in {"nan", "<NA>", "NaT"} else text


def _with_source(frame: Any, articles: Any) -> Any:
    """Add ``source`` and ``published`` from articles to fact rows (by doc_id)."""
    lookup = articles[["doc_id", "source", "published"]].drop_duplicates("doc_id")
    return frame.merge(lookup, on="doc_id", how="left")


def _sources_section(articles: Any, errors: Any, max_rows: int) -> Section:
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
        figure = _new_figure(11, 1.2 + 0.3 * max(len(per_input), len(per_site), 1))
        # a run of only errors has no sites: one panel, not an empty second one
        left, right = figure.subplots(1, 2) if len(per_site) else (figure.add_subplot(), None)
        positions = list(range(len(per_input)))[::-1]
        left.barh(positions, per_input["document"], color=DOCUMENT_BLUE, height=0.7, label="documents")
        bars = left.barh(positions, per_input["error"], left=per_input["document"], color=ERROR_RED, height=0.7,
                         label="errors")
        left.bar_label(bars, labels=[f"{d:,} / {e:,}" for d, e in zip(per_input["document"], per_input["error"])],
                       padding=3, fontsize=8)
        left.set_yticks(positions, [_shorten(str(i), 40) for i in per_input.index], fontsize=9)
        left.set_title("per input folder or archive (documents / errors)", fontsize=10)
        left.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2)
        left.margins(x=0.25)
        _style_axes(left, counts_on_x=True)
        if right is not None:
            site_positions = list(range(len(per_site)))[::-1]
            site_bars = right.barh(site_positions, per_site.to_numpy(), color=DOCUMENT_BLUE, height=0.7)
            right.bar_label(site_bars, labels=[f"{v:,}" for v in per_site], padding=3, fontsize=8)
            right.set_yticks(site_positions, [_shorten(str(s), 40) for s in per_site.index], fontsize=9)
            right.set_title("documents per site", fontsize=10)
            right.margins(x=0.15)
            _style_axes(right, counts_on_x=True)
        chart = _svg(figure, "sources")
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
        rows_html=_rows_table(rows, ["kind", "doc_id", "source", "input", "site", "what"], "sources", max_rows,
                              "document and error"),
    )


def _months_section(articles: Any, errors: Any, max_rows: int) -> Section:
    dated = articles.dropna(subset=["published"]).sort_values("published")
    undated = len(articles) - len(dated)
    chart = None
    if len(dated):
        per_month = dated["published"].dt.to_period("M").value_counts().sort_index()
        figure = _new_figure(11, 2.8)
        axes = figure.add_subplot()
        months = [p.to_timestamp() + dt.timedelta(days=14) for p in per_month.index]
        axes.bar(months, per_month.to_numpy(), width=24, color=DOCUMENT_BLUE)
        axes.set_ylabel("documents", fontsize=9)
        axes.yaxis.get_major_locator().set_params(integer=True)
        _style_axes(axes)
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        axes.grid(axis="x", visible=False)
        if len(per_month) == 1:
            axes.set_xlim(months[0] - dt.timedelta(days=60), months[0] + dt.timedelta(days=60))
        chart = _svg(figure, "months")
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
        rows_html=_rows_table(dated, ["doc_id", "source", "published", "published_from", "title"], "months",
                              max_rows, "dated document"),
    )


def _entity_keys(frame: Any, entities: Any | None, kind: str) -> tuple[Any, dict[Any, str] | None]:
    """One key per row naming what it is about, and the run's names for those keys.

    With the run's ``entities`` table and ``entity_id`` on the rows, rows count by entity
    (the run-wide merge of name variants) and are labelled with its name; rows without an
    id, and runs without the table, count by folded name.
    """
    folded = "name:" + _folded(frame["name"])
    folded = folded.where(folded != "name:", "")
    if entities is None or "entity_id" not in frame.columns or not frame["entity_id"].notna().any():
        return folded, None
    known = entities if "kind" not in entities.columns else entities[entities["kind"].astype(str) == kind]
    labels = {row["entity_id"]: _entity_label(row, kind) for row in known.to_dict("records")}
    ids = frame["entity_id"].astype(object)
    keys = [f"entity:{i}" if _present(i) and i in labels else f for i, f in zip(ids, folded)]
    return _series(keys, frame.index), {f"entity:{i}": label for i, label in labels.items()}


def _folded(values: Any, how: Callable[[Any], str] = fold) -> Any:
    """A text column folded for grouping; a null is "" (pandas may hold it as NaN, which folds to "nan")."""
    return values.map(lambda v: how(v) if isinstance(v, str) else "").astype(object)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and str(value) != "<NA>"


def _series(values: Sequence[Any], index: Any) -> Any:
    import pandas as pd

    return pd.Series(list(values), index=index, dtype=object)


def _first(values: Any) -> str:
    """The leading item of a list column's cell, else "": the most counted of the entities
    table's (value, count) pairs (titles, organisations), or the first non-empty string."""
    if values is None or isinstance(values, str):
        return values or ""
    pairs = [v for v in values if isinstance(v, dict) and isinstance(v.get("value"), str) and v["value"].strip()]
    if pairs:
        return str(max(pairs, key=lambda pair: pair.get("count") or 0)["value"])
    return next((str(v) for v in values if isinstance(v, str) and v.strip()), "")


def _entity_label(row: dict, kind: str) -> str:
    name = str(row.get("name") or "")
    if kind == "organisation":
        acronym = row.get("acronym")
        return f"{name} ({acronym})" if isinstance(acronym, str) and acronym and acronym != name else name
    role = ", ".join(p for p in (_first(row.get("titles")), _first(row.get("organisations"))) if p)
    return f"{name} — {role}" if role else name


def _top_entities_section(
    frame: Any, articles: Any, *, key: str, heading: str, what: str, label: Callable[[Any], str],
    columns: Sequence[str], color: str, max_rows: int, entities: Any | None = None, kind: str = "organisation",
) -> Section:
    """The entities found in the most documents: the run's entities when it has them, else
    names folded so "the FBI" and "FBI" are one."""
    chart = None
    rows = frame.iloc[0:0]
    distinct, by_entity = 0, False
    if len(frame):
        keys, names = _entity_keys(frame, entities, kind)
        by_entity = names is not None
        keyed = frame.assign(entity=keys)
        keyed = keyed[keyed["entity"] != ""]
        distinct = keyed["entity"].nunique()
        documents = keyed.groupby("entity")["doc_id"].nunique().sort_values(ascending=False, kind="stable")
        top = list(documents.head(TOP_N).index)
        labels = [(names or {}).get(entity) or label(keyed[keyed["entity"] == entity]) for entity in top]
        chart = _barh(labels, [documents[e] for e in top], color=color, xlabel="documents mentioning it", key=key)
        order = {entity: rank for rank, entity in enumerate(top)}
        rows = keyed[keyed["entity"].isin(order)].assign(rank=lambda f: f["entity"].map(order))
        rows = _with_source(rows.sort_values(["rank", "doc_id"]), articles)
    counted = (f"{distinct:,} distinct {what}s across the run (its entities table)" if by_entity
               else f"{distinct:,} distinct names")
    shown = ["doc_id", "source", *columns, *(["entity_id"] if by_entity else [])]
    return Section(
        key=key, heading=heading,
        intro=f"{len(frame):,} {what} rows, {counted}; the {min(TOP_N, distinct)} found in the most documents.",
        chart=chart, empty_message=f"No {what} in this run.", extra_html="",
        rows_html=_rows_table(rows, shown, key, max_rows, f"top-{what}"),
    )


def _most_common(values: Any) -> str:
    counts = values.dropna().astype(str)
    counts = counts[counts.str.strip() != ""].value_counts()
    return str(counts.index[0]) if len(counts) else ""


def _organisation_label(group: Any) -> str:
    name = _most_common(group["name"])
    acronym = _most_common(group["acronym"])
    return f"{name} ({acronym})" if acronym and acronym != name else name


def _official_label(group: Any) -> str:
    parts = [_most_common(group["name"])]
    title, organisation = _most_common(group["title"]), _most_common(group["organisation"])
    role = ", ".join(p for p in (title, organisation) if p)
    return f"{parts[0]} — {role}" if role else parts[0]


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


def _money_chart(
    plotted: Any, currencies: Sequence[str], *, group: str = "role_label", missing: str = NO_ROLE,
    legend: str = "role", what: str = "amounts", key: str = "amounts",
) -> str:
    """Scatter of amounts over publication date, a panel per currency, coloured by ``group``, log y."""
    import matplotlib.dates as mdates
    import numpy as np

    present = set(plotted[group])
    roles = sorted(present - {missing}) + ([missing] if missing in present else [])
    styles = _group_styles(roles, missing)
    n_cols = min(len(currencies), 2)
    n_rows = math.ceil(len(currencies) / n_cols)
    figure = _new_figure(11, 0.6 + 2.9 * n_rows)
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
        _style_axes(axes)
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
    return _svg(figure, key)


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


def _amounts_section(amounts: Any, articles: Any, max_rows: int) -> Section:
    rows = _with_source(amounts, articles)
    rows = rows.assign(
        currency_label=rows["currency"].astype(object).where(rows["currency"].notna(), NO_CURRENCY),
        role_label=rows["role"].astype(object).where(rows["role"].notna(), NO_ROLE),
    )
    plotted = rows[rows["published"].notna() & (rows["value_float"] > 0)]
    by_currency = plotted["currency_label"].value_counts()
    drawn = list(by_currency.index[:MAX_CURRENCY_PANELS])
    chart = _money_chart(plotted, drawn) if len(plotted) else None
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
        rows_html=_rows_table(ordered, ["doc_id", "source", "published", "text", "value", "currency", "qualifier",
                                        "role"], "amounts", max_rows, "amount"),
    )


def _dot(color: str, marker: str) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], marker=marker, linestyle="", markersize=6, markerfacecolor=color, markeredgecolor="none")


def _durations_section(durations: Any, articles: Any, max_rows: int) -> Section:
    chart = None
    rows = _with_source(durations, articles)
    if len(rows):
        counts = rows["iso"].astype(str).str.upper().value_counts().head(TOP_N)
        ordered = sorted(counts.index, key=duration_days, reverse=True)
        chart = _barh([f"{human_duration(iso)}  ({iso})" for iso in ordered], [counts[iso] for iso in ordered],
                      color="#2ca02c", xlabel="mentions", key="durations")
        rows = rows.assign(days=rows["iso"].map(duration_days)).sort_values("days", ascending=False)
    distinct = rows["iso"].nunique() if len(rows) else 0
    return Section(
        key="durations", heading="Durations",
        intro=f"{len(rows):,} durations, {distinct:,} distinct lengths; the {min(TOP_N, distinct)} most mentioned, "
              "longest on top.",
        chart=chart, empty_message="No durations in this run.", extra_html="",
        rows_html=_rows_table(rows, ["doc_id", "source", "text", "iso", "unit", "qualifier"], "durations",
                              max_rows, "duration"),
    )


def _figures_section(figures: Any, articles: Any, max_rows: int) -> Section:
    chart = None
    rows = _with_source(figures, articles)
    if len(rows):
        rows = rows.assign(counted=_folded(rows["noun"], head_noun))
        counts = rows.loc[rows["counted"] != "", "counted"].value_counts().head(TOP_N)
        labels = [_most_common(rows.loc[rows["counted"] == noun, "noun"]) or noun for noun in counts.index]
        if len(counts):
            chart = _barh(labels, counts.to_numpy(), color="#9467bd", xlabel="mentions", key="figures")
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
        rows_html=_rows_table(rows, ["doc_id", "source", "text", "value", "qualifier", "noun"], "figures",
                              max_rows, "figure"),
    )


def _barh_panels(panels: Sequence[tuple[str, Sequence[str], Sequence[float]]], *, color: str, xlabel: str,
                 key: str) -> str:
    """Horizontal bar panels one above the other (speakers, then their organisations), biggest on top.

    Stacked rather than side by side so long labels ("name — title, organisation") keep room.
    """
    drawn = [panel for panel in panels if len(panel[1])]
    heights = [len(labels) + 1.5 for _, labels, _ in drawn]
    figure = _new_figure(11, 0.4 + 0.32 * sum(heights))
    grid = figure.subplots(len(drawn), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    for axes, (title, labels, values) in zip(grid, drawn):
        positions = list(range(len(labels)))[::-1]
        bars = axes.barh(positions, values, color=color, height=0.7)
        axes.set_yticks(positions, [_shorten(label, 70) for label in labels], fontsize=9)
        axes.bar_label(bars, labels=[f"{v:,.0f}" for v in values], padding=3, fontsize=8)
        axes.set_title(title, fontsize=10, loc="left")
        axes.margins(x=0.08)
        _style_axes(axes, counts_on_x=True)
    grid[-1].set_xlabel(xlabel, fontsize=9)
    return _svg(figure, key)


def _columns(labels: Sequence[str], values: Sequence[float], *, color: str, ylabel: str, key: str) -> str:
    """Vertical bars in the order given (bins of a histogram), each labelled with its count."""
    figure = _new_figure(11, 2.8)
    axes = figure.add_subplot()
    bars = axes.bar(range(len(labels)), values, color=color, width=0.8)
    axes.set_xticks(range(len(labels)), labels, fontsize=9)
    axes.bar_label(bars, labels=[f"{v:,.0f}" if v else "" for v in values], padding=2, fontsize=8)
    axes.set_ylabel(ylabel, fontsize=9)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.margins(y=0.15)
    _style_axes(axes)
    axes.grid(axis="x", visible=False)
    axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    return _svg(figure, key)


def _speaker_label(group: Any) -> str:
    name = _most_common(group["speaker"])
    role = ", ".join(p for p in (_most_common(group["speaker_title"]), _most_common(group["speaker_organisation"])) if p)
    return f"{name} — {role}" if role else name


def _quotes_section(quotes: Any, articles: Any, max_rows: int) -> Section:
    """Who was quoted: quotations per speaker and per speaker's organisation."""
    chart = None
    rows = _with_source(quotes, articles)
    quotations = speakers = unattributed = 0
    if len(rows):
        rows = rows.assign(who=_folded(rows["speaker"]), org=_folded(rows["speaker_organisation"]))
        # a quotation running over paragraphs is one row per paragraph: count it once
        first = rows[rows["continued_from"].isna()]
        quotations, unattributed = len(first), int((first["who"] == "").sum())
        attributed = first[first["who"] != ""]
        speakers = attributed["who"].nunique()
        by_speaker = attributed["who"].value_counts(sort=True).head(TOP_N)
        with_org = attributed[attributed["org"] != ""]
        by_org = with_org["org"].value_counts(sort=True).head(TOP_N)
        panels = [
            ("quotations per speaker", [_speaker_label(attributed[attributed["who"] == w]) for w in by_speaker.index],
             list(by_speaker.to_numpy())),
            ("quotations per speaker's organisation",
             [_most_common(with_org.loc[with_org["org"] == o, "speaker_organisation"]) for o in by_org.index],
             list(by_org.to_numpy())),
        ]
        if len(by_speaker):
            chart = _barh_panels(panels, color="#8c564b", xlabel="quotations", key="quotes")
        order = {who: rank for rank, who in enumerate(by_speaker.index)}
        rows = rows.assign(rank=rows["who"].map(order).fillna(len(order))).sort_values(["rank", "doc_id", "quote_id"])
    intro = (f"{quotations:,} quotations ({len(rows):,} paragraphs) from {speakers:,} speakers; the "
             f"{min(TOP_N, speakers)} quoted most, and the organisations they speak for.")
    if unattributed:
        intro += f" {unattributed:,} quotations have no known speaker; they are listed last."
    return Section(
        key="quotes", heading="Who was quoted", intro=intro, chart=chart,
        empty_message="No quotations in this run." if not len(rows) else "No quotation has a known speaker.",
        extra_html="",
        rows_html=_rows_table(rows, ["doc_id", "source", "speaker", "speaker_title", "speaker_organisation", "quote"],
                              "quotes", max_rows, "quotation"),
    )


def _programme_label(group: Any) -> str:
    name, acronym, kind = _most_common(group["name"]), _most_common(group["acronym"]), _most_common(group["kind"])
    label = f"{name} ({acronym})" if acronym and acronym != name else name
    return f"{label} · {kind}" if kind else label


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
    rows = _with_source(rows, articles)
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


def _events_section(events: Any, amounts: Any, durations: Any, articles: Any, max_rows: int) -> Section:
    rows = _events_rows(events, amounts, durations, articles)
    plotted = rows[rows["published"].notna() & (rows["value_float"] > 0)]
    by_currency = plotted["currency_label"].value_counts()
    drawn = list(by_currency.index[:MAX_CURRENCY_PANELS])
    chart = (_money_chart(plotted, drawn, group="kind_label", missing=NO_KIND, legend="event", what="events",
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
        rows_html=_rows_table(ordered, ["doc_id", "source", "published", "kind", "funder", "recipient", "amount",
                                        "currency", "duration", "programme", "purpose", "defendant"], "events",
                              max_rows, "event"),
    )


#: Percentage bins: tens up to 100, then everything above (increases such as "150 percent").
PERCENT_BINS = tuple((low, low + 10) for low in range(0, 100, 10))


def _percent_bin(value: float) -> int:
    return min(int(value // 10), len(PERCENT_BINS)) if value >= 0 else 0


def _percentages_section(percentages: Any, articles: Any, max_rows: int) -> Section:
    chart = None
    rows = _with_source(percentages, articles)
    if len(rows):
        bins = rows["value"].map(_percent_bin).value_counts()
        labels = [f"{low}–{high}" for low, high in PERCENT_BINS] + ["over 100"]
        counts = [int(bins.get(i, 0)) for i in range(len(labels))]
        if not counts[-1]:
            labels, counts = labels[:-1], counts[:-1]
        chart = _columns([f"{label}%" for label in labels], counts, color="#bcbd22", ylabel="percentages",
                         key="percentages")
        rows = rows.sort_values("value", ascending=False)
    return Section(
        key="percentages", heading="Percentages",
        intro=f"{len(rows):,} percentages in {rows['doc_id'].nunique() if len(rows) else 0:,} documents, by value "
              "(the lower end of a range); each row keeps its sentence, which says what it is a share of.",
        chart=chart, empty_message="No percentages in this run.", extra_html="",
        rows_html=_rows_table(rows, ["doc_id", "source", "text", "value", "qualifier", "sentence"], "percentages",
                              max_rows, "percentage"),
    )


GRANULARITY_COLOURS = (("day", "#1f77b4"), ("month", "#ff7f0e"), ("year", "#2ca02c"))
#: Share of dates at each end left out of the dates chart's span (they stay in the rows).
DATE_SPAN_TAIL = 0.01


def _dates_section(dates: Any, articles: Any, max_rows: int) -> Section:
    """The dates the texts talk about, per year and granularity (not when they were published)."""
    chart = None
    rows = _with_source(dates, articles)
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
        figure = _new_figure(11, 2.9)
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
        _style_axes(axes)
        axes.grid(axis="x", visible=False)
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        chart = _svg(figure, "dates")
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
        rows_html=_rows_table(rows, ["doc_id", "source", "published", "text", "iso", "granularity", "relative"],
                              "dates", max_rows, "date"),
    )


def _errors_section(errors: Any, n_documents: int, max_rows: int) -> Section:
    summary = ""
    if len(errors):
        kinds = (
            errors.assign(stage=errors["stage"].astype(str), error=errors["error"].astype(str))
            .groupby(["stage", "error"]).agg(count=("source", "size"), example=("message", "first"))
            .reset_index().sort_values("count", ascending=False)
        )
        lines = "".join(
            f"<tr><td>{html.escape(r.stage)}</td><td>{html.escape(r.error)}</td><td class=num>{r.count:,}</td>"
            f"<td>{html.escape(_shorten(str(r.example), 160))}</td></tr>"
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
        rows_html=_rows_table(errors.sort_values(["stage", "error", "source"]) if len(errors) else errors,
                              ["doc_id", "source", "stage", "error", "message"], "errors", max_rows, "error"),
    )


# --- the page -------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif;
       color: #1d232b; margin: 0; background: #f4f5f7; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
header p { margin: 0; color: #5a6470; }
nav { margin: 14px 0 4px; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; }
a { color: #0b62c4; text-decoration: none; } a:hover { text-decoration: underline; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(128px, 1fr)); gap: 10px; margin: 18px 0 8px; }
.card { display: block; background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 10px 12px; color: inherit; }
.card b { display: block; font-size: 24px; font-variant-numeric: tabular-nums; }
.card span { color: #5a6470; font-size: 13px; }
.card.bad b { color: #b3261e; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 16px 20px; margin: 18px 0; }
section h2 { font-size: 19px; margin: 0 0 4px; }
section > p.intro { margin: 0 0 10px; color: #3d4651; }
svg.chart { width: 100%; height: auto; display: block; }
a.chart-link { display: block; border-radius: 6px; } a.chart-link:hover { outline: 2px solid #c9dcf3; }
p.rows-link { margin: 4px 0 8px; font-size: 14px; }
p.empty { color: #5a6470; font-style: italic; margin: 6px 0; }
.rows p.rows-note { font-size: 13px; color: #5a6470; margin: 10px 0 4px; }
.scroll { max-height: 300px; overflow: auto; border: 1px solid #e3e6ea; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eef0f2; vertical-align: top; }
th { background: #f7f8fa; position: sticky; top: 0; font-weight: 600; }
td.nowrap { white-space: nowrap; }
td.path { overflow-wrap: anywhere; }  /* long paths wrap anywhere instead of widening the table */
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary { width: auto; min-width: 50%; margin: 8px 0; font-size: 13.5px; }
.summary-scroll { display: inline-block; max-height: 260px; margin: 4px 0; }
.summary-scroll table.summary { margin: 0; }
code { font-size: 12px; background: #f1f3f5; padding: 1px 4px; border-radius: 3px; }
:target { scroll-margin-top: 12px; }
.rows:target .scroll { outline: 3px solid #f0c36d; }
"""

_CARDS = (
    ("articles", "documents", "sources"),
    ("errors", "errors", "errors"),
    ("organisations", "organisations", "organisations"),
    ("officials", "officials", "officials"),
    ("quotes", "quotes", "quotes"),
    ("programmes", "programmes", "programmes"),
    ("amounts", "amounts", "amounts"),
    ("events", "events", "events"),
    ("durations", "durations", "durations"),
    ("figures", "figures", "figures"),
    ("percentages", "percentages", "percentages"),
    ("dates", "dates", "dates"),
)


def _section_html(section: Section) -> str:
    parts = [f'<section id="{section.key}"><h2>{html.escape(section.heading)}</h2>']
    # an empty section says only that it is empty ("0 rows, 0 names; the 0 most..." helps nobody)
    if section.chart or section.extra_html or not section.empty_message:
        parts.append(f'<p class="intro">{html.escape(section.intro)}</p>')
    if section.chart:
        parts.append(f'<a class="chart-link" href="#rows-{section.key}" title="Show the rows behind this chart">'
                     f"{section.chart}</a>")
        parts.append(f'<p class="rows-link"><a href="#rows-{section.key}">The rows behind this chart ↓</a></p>')
    elif section.empty_message:
        parts.append(f'<p class="empty">{html.escape(section.empty_message)}</p>')
    parts.append(section.extra_html)
    parts.append(section.rows_html)
    parts.append("</section>")
    return "\n".join(parts)


def _count_rows(out: Path, table: str) -> int:
    folder = out / table
    files = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    return ds.dataset([str(f) for f in files], format="parquet").count_rows() if files else 0


def build_report(out: str | Path, *, max_rows: int = MAX_ROWS, title: str | None = None) -> str:
    """The report of a run folder as one self-contained HTML page.

    Args:
        out: A run folder written by ``pipeline.run`` / ``newsfacts run``.
        max_rows: Rows listed under each chart at most (the rest stay in the Parquet files).
        title: Page heading; defaults to the folder's name.

    Returns:
        The HTML text.

    Raises:
        ImportError: matplotlib is not installed (the message says how to install it).
        FileNotFoundError: ``out`` is not a folder.
    """
    _require_matplotlib()
    out = Path(out)
    if not out.is_dir():
        raise FileNotFoundError(f"no run folder at {out}: run `newsfacts run INPUTS --out {out}` first")
    articles = _read(out, "articles", ["doc_id", "source", "url", "title", "published", "published_from", "site_name"])
    errors = _read(out, "errors", ["doc_id", "source", "stage", "error", "message"])
    entities = _read_entities(out)
    organisations = _read(out, "organisations", ["doc_id", "name", "acronym", "mentions", "entity_id"])
    officials = _read(out, "officials", ["doc_id", "name", "title", "organisation", "mentions", "entity_id"])
    quotes = _read(out, "quotes", ["doc_id", "quote_id", "quote", "speaker", "speaker_title", "speaker_organisation",
                                   "continued_from"])
    programmes = _read(out, "programmes", ["doc_id", "name", "acronym", "kind", "organisation", "mentions"])
    amounts = _read(out, "amounts", ["doc_id", "amount_id", "text", "value", "value_float", "currency", "qualifier",
                                     "role"])
    events = _read(out, "events", EVENT_COLUMNS)
    durations = _read(out, "durations", ["doc_id", "duration_id", "text", "iso", "unit", "qualifier"])
    figures = _read(out, "figures", ["doc_id", "text", "value", "qualifier", "noun"])
    percentages = _read(out, "percentages", ["doc_id", "text", "value", "qualifier", "sentence"])
    dates = _read(out, "dates", ["doc_id", "text", "iso", "date", "granularity", "relative"])

    sections = [
        _sources_section(articles, errors, max_rows),
        _months_section(articles, errors, max_rows),
        _top_entities_section(organisations, articles, key="organisations", heading="Top organisations",
                              what="organisation", label=_organisation_label, columns=["name", "acronym", "mentions"],
                              color="#ff7f0e", max_rows=max_rows, entities=entities, kind="organisation"),
        _top_entities_section(officials, articles, key="officials", heading="Top officials", what="official",
                              label=_official_label, columns=["name", "title", "organisation", "mentions"],
                              color="#17becf", max_rows=max_rows, entities=entities, kind="person"),
        _quotes_section(quotes, articles, max_rows),
        _top_entities_section(programmes, articles, key="programmes", heading="Programmes, operations and laws",
                              what="programme", label=_programme_label,
                              columns=["name", "acronym", "kind", "organisation", "mentions"], color="#e377c2",
                              max_rows=max_rows),
        _amounts_section(amounts, articles, max_rows),
        _events_section(events, amounts, durations, articles, max_rows),
        _durations_section(durations, articles, max_rows),
        _figures_section(figures, articles, max_rows),
        _percentages_section(percentages, articles, max_rows),
        _dates_section(dates, articles, max_rows),
        _errors_section(errors, len(articles), max_rows),
    ]
    counts = {table: _count_rows(out, table) for table, _, _ in _CARDS}
    cards = []
    for table, label, anchor in _CARDS:
        css = "card bad" if table == "errors" and counts[table] else "card"
        body = f"<b>{counts[table]:,}</b><span>{label}</span>"
        cards.append(f'<a class="{css}" href="#{anchor}">{body}</a>' if anchor else f'<div class="{css}">{body}</div>')
    nav = "".join(f'<a href="#{s.key}">{html.escape(s.heading)}</a>' for s in sections)
    heading = html.escape(title or f"newsfacts report: {out.resolve().name}")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{heading}</title><style>{_CSS}</style></head><body><main>"
        f"<header><h1>{heading}</h1><p>Run folder <code>{html.escape(str(out.resolve()))}</code> · schema "
        f"{html.escape(SCHEMA_VERSION)} · every chart links to the rows behind it (doc_id and source).</p></header>"
        f'<nav>{nav}</nav><div class="cards">{"".join(cards)}</div>'
        + "\n".join(_section_html(s) for s in sections)
        + "</main></body></html>\n"
    )


def write_report(out: str | Path, html_path: str | Path | None = None, *, max_rows: int = MAX_ROWS) -> Path:
    """Write the report of a run folder; returns the page's path (default ``OUT/report.html``)."""
    page = build_report(out, max_rows=max_rows)
    target = Path(html_path) if html_path is not None else Path(out) / "report.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target
