"""Sections about who and what the documents name: organisations, officials, programmes, speakers.

With the run's ``entities`` table, rows count by entity (the run-wide merge of name
variants); without it, by folded name.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.report.charts import TOP_N, barh, barh_panels
from pipeline.report.markup import Section, rows_table
from pipeline.report.reading import with_source
from pipeline.report.values import fold_column, most_common

def _entity_keys(frame: Any, entities: Any | None, kind: str) -> tuple[Any, dict[Any, str] | None]:
    """One key per row naming what it is about, and the run's names for those keys.

    With the run's ``entities`` table and ``entity_id`` on the rows, rows count by entity
    (the run-wide merge of name variants) and are labelled with its name; rows without an
    id, and runs without the table, count by folded name.
    """
    folded = "name:" + fold_column(frame["name"])
    folded = folded.where(folded != "name:", "")
    if entities is None or "entity_id" not in frame.columns or not frame["entity_id"].notna().any():
        return folded, None
    known = entities if "kind" not in entities.columns else entities[entities["kind"].astype(str) == kind]
    labels = {row["entity_id"]: _entity_label(row, kind) for row in known.to_dict("records")}
    ids = frame["entity_id"].astype(object)
    keys = [f"entity:{i}" if _present(i) and i in labels else f for i, f in zip(ids, folded)]
    return _series(keys, frame.index), {f"entity:{i}": label for i, label in labels.items()}


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


def top_entities_section(
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
        chart = barh(labels, [documents[e] for e in top], color=color, xlabel="documents mentioning it", key=key)
        order = {entity: rank for rank, entity in enumerate(top)}
        rows = keyed[keyed["entity"].isin(order)].assign(rank=lambda f: f["entity"].map(order))
        rows = with_source(rows.sort_values(["rank", "doc_id"]), articles)
    counted = (f"{distinct:,} distinct {what}s across the run (its entities table)" if by_entity
               else f"{distinct:,} distinct names")
    shown = ["doc_id", "source", *columns, *(["entity_id"] if by_entity else [])]
    return Section(
        key=key, heading=heading,
        intro=f"{len(frame):,} {what} rows, {counted}; the {min(TOP_N, distinct)} found in the most documents.",
        chart=chart, empty_message=f"No {what} in this run.", extra_html="",
        rows_html=rows_table(rows, shown, key, max_rows, f"top-{what}"),
    )


def organisation_label(group: Any) -> str:
    """An organisation's most written name, with its acronym when it has one."""
    name = most_common(group["name"])
    acronym = most_common(group["acronym"])
    return f"{name} ({acronym})" if acronym and acronym != name else name


def official_label(group: Any) -> str:
    """An official's most written name, with title and organisation when known."""
    parts = [most_common(group["name"])]
    title, organisation = most_common(group["title"]), most_common(group["organisation"])
    role = ", ".join(p for p in (title, organisation) if p)
    return f"{parts[0]} — {role}" if role else parts[0]


def _speaker_label(group: Any) -> str:
    name = most_common(group["speaker"])
    role = ", ".join(p for p in (most_common(group["speaker_title"]), most_common(group["speaker_organisation"])) if p)
    return f"{name} — {role}" if role else name


def quotes_section(quotes: Any, articles: Any, max_rows: int) -> Section:
    """Who was quoted: quotations per speaker and per speaker's organisation."""
    chart = None
    rows = with_source(quotes, articles)
    quotations = speakers = unattributed = 0
    if len(rows):
        rows = rows.assign(who=fold_column(rows["speaker"]), org=fold_column(rows["speaker_organisation"]))
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
             [most_common(with_org.loc[with_org["org"] == o, "speaker_organisation"]) for o in by_org.index],
             list(by_org.to_numpy())),
        ]
        if len(by_speaker):
            chart = barh_panels(panels, color="#8c564b", xlabel="quotations", key="quotes")
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
        rows_html=rows_table(rows, ["doc_id", "source", "speaker", "speaker_title", "speaker_organisation", "quote"],
                             "quotes", max_rows, "quotation"),
    )


def programme_label(group: Any) -> str:
    """A programme's most written name, with its acronym and kind when known."""
    name, acronym, kind = most_common(group["name"]), most_common(group["acronym"]), most_common(group["kind"])
    label = f"{name} ({acronym})" if acronym and acronym != name else name
    return f"{label} · {kind}" if kind else label
