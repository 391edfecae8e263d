"""A reader's words for the values on the page: sources, sites, durations, money, table cells."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from pipeline.evaluate import fold

_ISO_PART = re.compile(r"(\d+(?:\.\d+)?)([YMWDHS])")
_DAYS_PER = {"Y": 365.25, "M": 30.44, "W": 7.0, "D": 1.0}
_UNIT_WORD = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "S": "second"}


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


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell_text(value: Any) -> str:
    """A table cell's value as the page shows it: no "nan" or "NaT", dates as ISO days, lists joined."""
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


def fold_column(values: Any, how: Callable[[Any], str] = fold) -> Any:
    """A text column folded for grouping; a null is "" (pandas may hold it as NaN, which folds to "nan")."""
    return values.map(lambda v: how(v) if isinstance(v, str) else "").astype(object)


def most_common(values: Any) -> str:
    """The most frequent non-blank value of a column ("" when there is none)."""
    counts = values.dropna().astype(str)
    counts = counts[counts.str.strip() != ""].value_counts()
    return str(counts.index[0]) if len(counts) else ""
