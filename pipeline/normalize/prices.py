"""Price fields of shop pages → exact ``Decimal`` value and ISO 4217 currency.

:func:`parse_price` reads a short field such as "$19.95", "1 298,00 zł" or "50,- Kč", with the
currency symbols, codes and names of ``models/currencies.tsv`` (see :mod:`pipeline.normalize.money`).
Pure and spaCy-free.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from pipeline.normalize.money import currency_table, resolve_currency
from pipeline.normalize.numbers import parse_digits, plain_decimal

__all__ = ["parse_price"]

_PRICE_NUMBER = re.compile(
    r"(?<![\d.])(?P<num>\d{1,3}(?:[ \u00a0\u202f\u2009'’]\d{3})+(?:[.,]\d+)?(?![\d])"
    r"|\d[\d.,]*[.,] \d{2}(?!\d)"  # "119. 95", "1.837, 32": a stray space after the decimal mark
    r"|\d[\d.,]*|\.{1,2}\d+)(?P<dash>[.,]-{1,2})?(?P<cents>[^\d\s.,%]{1,3} ?\d{2}(?!\d))?(?P<percent>\s?%)?"
)
_FREE = re.compile(r"\b(?i:free|gratis|kostenlos|gratuit)\b")


@lru_cache(maxsize=1)
def _price_currency_regex() -> re.Pattern[str]:
    table = currency_table()
    return re.compile(
        rf"(?P<sym>{table.symbols})(?<![A-Za-z](?=[A-Za-z]))|(?<![A-Za-z])(?P<code>{table.codes})(?![A-Za-z])|(?<![A-Za-z])(?P<name>{table.names})(?![a-zA-Z])"
    )


def _price_value(number: str) -> Decimal | None:
    """A shop price's digits: thousands groups by space/apostrophe, the last separator decides."""
    compact = re.sub(r"[ \u00a0\u202f\u2009'’]", "", number).rstrip(".,")
    if not compact:
        return None
    separators = [c for c in compact if c in ".,"]
    if not separators:
        return Decimal(compact)
    last = compact.rfind(separators[-1])
    tail = compact[last + 1 :]
    if len(set(separators)) == 2:
        return parse_digits(compact)
    sep = separators[-1]
    if len(separators) > 1:
        return Decimal(compact.replace(sep, "")) if all(len(g) == 3 for g in compact.split(sep)[1:]) else None
    # One separator: three digits after it are thousands ("1,000", "12.500"), else decimals.
    if len(tail) == 3 and compact[:last] not in ("0", ""):
        return Decimal(compact.replace(sep, ""))
    return Decimal(compact[:last] + "." + tail)


def parse_price(text: str | None, currency_hint: str | None = None) -> tuple[Decimal | None, str | None]:
    """Value and ISO currency of a short price field ("$19.95", "1 298,00 zł", "50,- Kč").

    Args:
        text: the price as shown on a shop page; the first number in it is the price.
        currency_hint: text near the price that may name the currency when ``text`` does not.

    Returns:
        ``(value, currency)``; either may be ``None`` (no number; no currency recognised).
    """
    value: Decimal | None = None
    text = text or ""
    number = next((m for m in _PRICE_NUMBER.finditer(text) if not m.group("percent")), None)
    if number:
        digits = number.group("num").replace(". ", ".").replace(", ", ",").lstrip(".")
        if number.group("num").startswith("."):
            digits = "0." + digits
        value = _price_value(digits)
        cents = number.group("cents")
        if value is not None and cents and value == value.to_integral_value() and resolve_currency(cents[:-2].strip()):
            value += Decimal(cents[-2:]) / 100  # "35€ 99": the symbol sits where the decimal mark would
        if value is not None:
            value = plain_decimal(value)
    elif _FREE.search(text):
        value = Decimal(0)
    currency = _price_currency(text) or (_price_currency(currency_hint) if currency_hint else None)
    return value, currency


def _price_currency(text: str) -> str | None:
    """The currency a price field names; the longest surface wins ("$ SGD4.90" is SGD)."""
    best: tuple[int, str] | None = None
    for match in _price_currency_regex().finditer(text):
        resolved = resolve_currency(match.group())
        if resolved and (best is None or len(match.group()) > best[0]):
            best = (len(match.group()), resolved[0])
    return best[1] if best else None
