"""Money in text → exact ``Decimal`` value, ISO 4217 currency, range end and qualifier.

The currency symbols, codes and names come from ``models/currencies.tsv``; "$" (and
"cents") resolve by the document's country, read from its URL, and default to USD as the
contract asks for U.S. texts. Everything here is pure and spaCy-free:

* :func:`find_money` — every amount in a text ("EUR 2.1 million", "$5 to $10 million",
  "2.1 million euros", "millions of dollars", "50 cents"), with character offsets;
* :func:`parse_money` — one amount that is the whole string;
* a short price field from a shop page ("1 298,00 zł", "€ 610,") is read by
  :func:`pipeline.normalize.prices.parse_price` over the same currency table.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit

from pipeline import lexicon
from pipeline.normalize.numbers import (
    ARTICLES,
    SCALE_LANGUAGES,
    SCALE_WORDS,
    TEXT_NUMBER_WORDS,
    decimal_separator_of,
    parse_digits,
    parse_number,
    plain_decimal,
)
from pipeline.normalize.qualifiers import qualifier_table
from pipeline.textsearch import ascii_lower, case_blind_text

__all__ = [
    "Currency",
    "MatchStartRules",
    "MoneyContext",
    "MoneyMatch",
    "currency_table",
    "find_money",
    "match_start_rules",
    "money_context",
    "money_regex",
    "parse_money",
    "read_money_match",
    "resolve_currency",
]

_KINDS = ("symbol", "code", "name", "minor")


@dataclass(frozen=True, slots=True)
class Currency:
    """One reading of a currency surface (a row of ``models/currencies.tsv``)."""

    surface: str
    iso: str
    kind: str
    any_case: bool
    factor: Decimal
    context: str
    local: bool = False  # a minor unit of the document's nearest other amount's currency ("cents")

    def applies(self, context: MoneyContext, after_scale: bool) -> bool:
        """Whether this conditional reading fits the document (always true for a default row)."""
        if not self.context:
            return True
        for condition in self.context.split("|"):
            kind, _, value = condition.partition(":")
            if kind == "scale" and after_scale:
                return True
            if kind == "tld" and context.tld == value:
                return True
            if kind == "word" and value in context.words:
                return True
            if kind not in ("tld", "word", "scale") and condition in context.words:
                return True  # continuation of a word list: "word:china|chinese"
        return False


@dataclass(frozen=True, slots=True)
class MoneyContext:
    """What about a document decides ambiguous currencies: its URL's country and its words."""

    tld: str | None = None
    words: frozenset[str] = frozenset()
    decimal_comma: bool = False  # German and most of Europe: "17,5 Millionen", "3.200 Euro"


@dataclass(frozen=True, slots=True)
class MoneyMatch:
    """One money amount found in a text; ``start``/``end`` are offsets into that text."""

    start: int
    end: int
    text: str
    value: Decimal
    value_high: Decimal | None
    currency: str | None
    qualifier: str  # "exact", "range" or "vague"; words around the amount are the caller's
    local_minor: bool = False  # "43 cents": its currency follows the amounts around it (see find_money)


@dataclass(frozen=True, slots=True)
class CurrencyTable:
    """``models/currencies.tsv`` indexed by surface and compiled into regex alternations."""

    exact: dict[str, tuple[Currency, ...]]
    folded: dict[str, tuple[Currency, ...]]
    symbols: str
    codes: str
    mega_codes: str
    names: str
    minors: str


def _key(surface: str) -> str:
    return " ".join(surface.split())


def _alternation(surfaces: Iterable[str], any_case: bool) -> str:
    ordered = sorted(set(surfaces), key=len, reverse=True)
    body = "|".join(re.escape(s).replace(r"\ ", r"\s*") for s in ordered)
    return f"(?i:{body})" if any_case else f"(?:{body})"


@lru_cache(maxsize=1)
def currency_table() -> CurrencyTable:
    """``models/currencies.tsv`` loaded once and validated (known kinds, one default per surface)."""
    exact: dict[str, list[Currency]] = {}
    folded: dict[str, list[Currency]] = {}
    for row in lexicon.rows("currencies.tsv", required=("surface", "iso", "kind", "case")):
        try:
            factor = Decimal(row.get("factor", "1"))
        except ArithmeticError:
            row.reject("has a bad factor")
        currency = Currency(
            surface=_key(row["surface"]),
            iso=row["iso"],
            kind=row["kind"],
            any_case=row["case"] == "any",
            factor=factor,
            context=row.get("context"),
            local=row.get("local") == "yes",
        )
        if currency.kind not in _KINDS or not re.fullmatch(r"[A-Z]{3}|=\$", currency.iso):
            row.reject(f"needs a kind in {_KINDS}, a surface and an ISO code")
        index = folded if currency.any_case else exact
        key = currency.surface.lower() if currency.any_case else currency.surface
        index.setdefault(key, []).append(currency)
    for index in (exact, folded):
        for key, readings in index.items():
            if sum(1 for r in readings if not r.context) > 1:
                raise lexicon.LexiconError(f"currencies.tsv: {key!r} has more than one default reading (rows without a context)")
    for currency in _cldr_currency_names():
        if currency.surface not in folded and currency.surface not in exact:
            folded[currency.surface] = [currency]

    def surfaces(kind: str, any_case: bool) -> list[str]:
        index = folded if any_case else exact
        return [r.surface for rows in index.values() for r in rows if r.kind == kind]

    exact_codes = [r.surface for rows in exact.values() for r in rows if r.kind == "code"]
    any_codes = [r.surface for rows in folded.values() for r in rows if r.kind == "code"]
    return CurrencyTable(
        exact={k: tuple(v) for k, v in exact.items()},
        folded={k: tuple(v) for k, v in folded.items()},
        symbols="|".join(
            p for p in (_alternation(surfaces("symbol", False), False), _alternation(surfaces("symbol", True), True)) if p != "(?:)"
        ),
        codes="|".join((_alternation(exact_codes, False), _alternation(any_codes, True))),
        mega_codes="M" + _alternation([c.upper() for c in any_codes], False),
        names=_alternation(surfaces("name", True), True),
        minors="|".join(
            p for p in (_alternation(surfaces("minor", False), False), _alternation(surfaces("minor", True), True)) if p != "(?:)"
        ),
    )


def _cldr_currency_names() -> list[Currency]:
    """English names of every currency legal tender today, singular and plural ("Kuwaiti dinars").

    From the Unicode CLDR as Babel ships it: the well-kept table of ISO 4217 names, so a
    currency named in full is read whatever newsroom writes it. The hand rows of
    ``models/currencies.tsv`` come first (bare "dinars", "$" by country, minor units).
    """
    from babel import Locale
    from babel.numbers import get_currency_name, get_territory_currencies

    codes = sorted({code for territory in Locale("en").territories if len(territory) == 2 and territory.isalpha()
                    for code in get_territory_currencies(territory, tender=True)})
    names: list[Currency] = []
    seen: set[str] = set()
    for code in codes:
        for count in (None, 1, 2):
            name = _key(get_currency_name(code, count=count, locale="en").lower())
            # "(next day)", "(1990–2022)": CLDR's notes, never written after an amount
            # ASCII only: a case-blind non-ASCII surface would switch off the fast candidate search
            # (see match_start_rules), and English copy writes "Albanian lek", not "lekë".
            if name in seen or "(" in name or not name.isascii() or not re.fullmatch(r"[^\W\d_][\w.' -]*", name):
                continue
            seen.add(name)
            names.append(Currency(surface=name, iso=code, kind="name", any_case=True, factor=Decimal(1), context=""))
    return names


_WORD = re.compile(r"[a-z]+")


def money_context(text: str = "", url: str | None = None, language: str | None = None) -> MoneyContext:
    """The currency context of a document: its URL's country code, its lower-case words, its number style."""
    tld = None
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        last = host.rsplit(".", 1)[-1] if "." in host else ""
        tld = last or None
    return MoneyContext(tld=tld, words=frozenset(_WORD.findall(text.lower())),
                        decimal_comma=decimal_separator_of(language) == ",")


_DEFAULT_CONTEXT = MoneyContext()


def resolve_currency(
    surface: str, context: MoneyContext = _DEFAULT_CONTEXT, after_scale: bool = False
) -> tuple[str, Decimal] | None:
    """ISO code and multiplier of a currency surface in this document ("$" → ("USD", 1), "cents" → ("USD", 0.01))."""
    table = currency_table()
    key = _key(surface)
    readings = table.exact.get(key) or table.folded.get(key.lower())
    if not readings:
        return None
    chosen = next((r for r in readings if r.context and r.applies(context, after_scale)), None)
    chosen = chosen or next((r for r in readings if not r.context), None)
    if chosen is None:
        return None
    iso = chosen.iso
    if iso == "=$":
        dollar = resolve_currency("$", context)
        iso = dollar[0] if dollar else "USD"
    return iso, chosen.factor


# --- the money regex -------------------------------------------------------------------------

def _alternation_of(words: Iterable[str]) -> str:
    """A regex alternation of plain words, longest first."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _fraction_words() -> frozenset[str]:
    return lexicon.number_words("en").words("fraction", forms=("word", "plural"))


#: The words of a number written out before a currency ("twenty-five dollars", "a half", "one and a
#: half million euros"): the number words of running text, half and quarter, and the grammar words.
_NUMBER_WORDS = _alternation_of(TEXT_NUMBER_WORDS | _fraction_words() | {*ARTICLES, "and"})
_WORD_NUMBER = rf"(?i:\b(?:{_NUMBER_WORDS})(?:[\s-]+(?:{_NUMBER_WORDS}))*\b)"
_DIGIT_BODY = (
    r"(?:\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d)"  # 1.234.567,89
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?!\d)"  # Indian grouping: 12,34,567.89
    r"|\d{1,3}(?:(?:,|[\u00a0\u202f\u2009]|[ ](?=\d{3}(?![\d,.]\d)))\d{3})+(?:\.\d+)?"  # 1,234,567.89 / 10 000
    r"|\d+,\d{1,2}(?![\d,])"  # a decimal comma: "17,5 Millionen Euro"
    r"|\d+(?:\.\d+)?)(?![\d])"
)
_DIGIT_NUMBER = r"(?<![\w.,])" + _DIGIT_BODY


def _spaced_scales() -> str:
    """Scale words money reads after a number, spaced or not ("2 million", "2mn", "17,5 Millionen", "2 Mio.").

    Every language's scale words, plurals and abbreviations of two letters or more; the
    abbreviations of other languages than English take their full stop ("Mio.", "Mrd."). Informal
    short forms ("mil", "cr", "tr") are left out: after a number they are as often something else.
    """
    pieces: dict[str, str] = {}
    for language in SCALE_LANGUAGES:
        table = lexicon.number_words(language)
        for word in table.words("scale", forms=("word", "plural", "abbreviation")):
            if len(word) < 2:
                continue
            dotted = language != "en" and word in table.words("scale", forms=("abbreviation",))
            pieces.setdefault(word, re.escape(word) + (r"\.?" if dotted else ""))
    return "|".join(pieces[word] for word in sorted(pieces, key=len, reverse=True))


#: One-letter scale abbreviations, read only glued to the number ("$5m", "3bn" is spaced above).
_SCALE_LETTERS = _alternation_of(word for word in SCALE_WORDS if len(word) == 1)
_SPACED_SCALES = _spaced_scales()
_SCALE_SPACED = rf"(?i:{_SPACED_SCALES})(?![a-z])"
# "T" is a trillion only in upper case: "5t" is five tonnes.
_SCALE_GLUED = rf"(?:(?i:{_SCALE_LETTERS})|T)(?![a-zA-Z])"
_SCALE = rf"(?:\s*-?\s*{_SCALE_SPACED}|{_SCALE_GLUED})"


@lru_cache(maxsize=1)
def money_regex() -> re.Pattern[str]:
    """The pattern of one money mention; :func:`find_money` tries it only where a match can start.

    Its groups: a vague phrase (``vague``, ``vunit``), a symbol or code before the number
    (``psym``, ``pnum``, ``pscale``), or a number before its unit (``snum``, ``sscale``, ``sunit``).
    """
    table = currency_table()
    vague = "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(qualifier_table().vague_values, key=len, reverse=True)
    )
    number = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})"
    code = rf"(?<![A-Za-z])(?:{table.mega_codes}|{table.codes})(?![A-Za-z])"
    unit_after = rf"(?:{table.names}|{table.minors})(?![a-zA-Z])|{code}|(?:{table.symbols})(?![a-zA-Z]|\s?\d)"
    pattern = rf"""
        (?P<vague>(?i:{vague}))\s+(?i:of)\s+(?P<vunit>{table.names})(?![a-zA-Z])
      | (?P<pneg>(?<![\w-])-(?=\S))?(?<![A-Za-z])(?P<psym>(?:{table.symbols})|{code})\s?(?P<psign>-)?(?P<pnum>{_DIGIT_BODY})(?P<pscale>{_SCALE})?
      | (?P<sneg>(?<![\w-])-)?(?P<snum>{number})(?P<sscale>{_SCALE})?\s*-?\s*(?P<sunit>{unit_after})(?P<sscale2>\s+{_SCALE_SPACED})?
    """
    return re.compile(pattern, re.VERBOSE)


@lru_cache(maxsize=1)
def _range_tail() -> re.Pattern[str]:
    table = currency_table()
    code = rf"(?<![A-Za-z])(?:{table.codes})(?![A-Za-z])"
    return re.compile(
        rf"\s*(?P<link>-|–|—|(?i:to|and|through))\s*(?:{table.symbols}|{code})?\s?"
        rf"(?P<num>{_DIGIT_NUMBER})(?P<scale>{_SCALE})?"
        rf"(?:\s*(?P<unit>(?:{table.names})(?![a-zA-Z])|{code}))?"
    )


@lru_cache(maxsize=1)
def _range_head() -> re.Pattern[str]:
    table = currency_table()
    code = rf"(?<![A-Za-z])(?:{table.codes})(?![A-Za-z])"
    return re.compile(
        rf"(?P<lead>(?i:between|from|range of|ranging from)\s+)?(?P<body>(?:{table.symbols}|{code})?\s?)"
        rf"(?P<num>{_DIGIT_BODY}|{_WORD_NUMBER})(?P<scale>{_SCALE})?\s*(?P<link>-|–|—|(?i:to|and))\s*$"
    )


def _words_value(text: str) -> tuple[Decimal, int] | None:
    """The number in a run of number words, dropping leading words that do not belong ("and five")."""
    words = list(re.finditer(r"\S+", text))
    for i, word in enumerate(words):
        value = parse_number(text[word.start() :])
        if value is not None:
            return value, word.start()
    return None


def find_money(
    text: str, context: MoneyContext = _DEFAULT_CONTEXT, money_spans: Iterable[tuple[int, int]] = ()
) -> list[MoneyMatch]:
    """Every money amount in ``text``, in order, without overlaps.

    A range ("$5 to $10 million", "between 300 and 400 euros") is one match with
    ``value_high`` and qualifier ``range``; "millions of dollars" is ``vague`` (value 1000000).

    Args:
        text: the text to search.
        context: the document's currency context (see :func:`money_context`).
        money_spans: character ranges another reader (spaCy's MONEY entities) takes for money;
            they decide ambiguous words such as "pounds" (money, or weight).
    """
    spans = tuple(money_spans)
    found: list[MoneyMatch] = []
    regex = money_regex()
    position = 0
    candidates = _match_candidates(text)
    while True:
        match = regex.search(text, position) if candidates is None else candidates.leftmost_match(regex, position)
        if not match:
            break
        amount = read_money_match(text, match, context, spans)
        if amount is None:
            position = match.start() + 1
            continue
        if found and amount.start < found[-1].end:
            position = max(match.end(), found[-1].end)
            continue
        found.append(amount)
        position = amount.end
    return local_minor_units(found)


def local_minor_units(found: list[MoneyMatch]) -> list[MoneyMatch]:
    """"43 cents", "pennies" take the currency of the nearest other amount (before it, else after it).

    A cent is a hundredth of the euro, the dollar or the rand alike; its own reading ("$"'s
    currency, GBP for pennies) is kept only where the text names no other currency.
    """
    majors = [m for m in found if not m.local_minor and m.currency]
    if not majors or not any(m.local_minor for m in found):
        return found
    rehomed = []
    for amount in found:
        if amount.local_minor:
            before = [m for m in majors if m.end <= amount.start]
            nearest = before[-1] if before else next(m for m in majors if m.start >= amount.end)
            amount = replace(amount, currency=nearest.currency)
        rehomed.append(amount)
    return rehomed


# --- where a match can start ---------------------------------------------------------------------
# Searching the money regex from every position of a text costs ~1 µs a character: each
# position tries the case-blind alternations. A match can only start at a digit, at a number
# word, at a currency symbol or code a few characters before a digit, or at a vague word
# ("millions of dollars"); trying the regex at just those positions, in order, finds the same
# leftmost matches. Number positions are first tried with a cheaper case-sensitive pattern over
# the ASCII-lower-cased text (a superset of the regex's number-then-unit branch), because
# trying the full regex there costs ~12 µs and rarely matches.

_DIGIT_RUN = re.compile(r"\d+")
_NUMBER_WORD_LOWER = re.compile(rf"\b(?:{_NUMBER_WORDS})\b")


@dataclass(frozen=True, slots=True)
class MatchStartRules:
    """What :func:`_match_candidates` needs from the currency table, built once."""

    symbol_first: frozenset[str]  # first characters of symbols and codes, and "-"
    symbol_width: int  # most non-space characters from a "-$" or "USD" start to the digits
    vague_words: tuple[str, ...]  # first words of the vague phrases, lower case
    number_then_unit: re.Pattern[str]  # over lower-cased text: accepts wherever the number branch can match


@lru_cache(maxsize=1)
def match_start_rules() -> MatchStartRules | None:
    """Where the money regex can start, from the currency table; None when every position must be tried.

    Case-blind non-ASCII surfaces would need Unicode case folding of the text: with one in the
    table (or among the vague phrases) the fast candidate search is off.
    """
    table = currency_table()
    rows = [r for index in (table.exact, table.folded) for readings in index.values() for r in readings]
    vague = sorted(qualifier_table().vague_values)
    if not all(r.surface.isascii() for r in rows if r.any_case) or not all(v.isascii() for v in vague):
        return None  # case-blind non-ASCII surfaces would need Unicode case folding
    first = {"-"}
    width = 0
    units: set[str] = set()
    for row in rows:
        surface = ascii_lower(row.surface)
        units.add(surface)
        if row.kind == "code" and row.any_case:
            units.add("m" + surface)  # "30 MUSD"
        if row.kind in ("symbol", "code"):
            first.update({row.surface[0].lower(), row.surface[0].upper()} if row.any_case else {row.surface[0]})
            width = max(width, len(row.surface.replace(" ", "")) + (row.kind == "code" and row.any_case))
    first.add("M")
    unit = "|".join(re.escape(u).replace(r"\ ", r"\s*") for u in sorted(units, key=len, reverse=True))
    number = rf"(?:{_DIGIT_BODY}|\b(?:{_NUMBER_WORDS})(?:[\s-]+(?:{_NUMBER_WORDS}))*\b)"
    return MatchStartRules(
        symbol_first=frozenset(first),
        symbol_width=width + 2,  # a minus before the symbol and one after it
        vague_words=tuple(sorted({v.split()[0] for v in vague})),
        number_then_unit=re.compile(rf"-?{number}(?:[\s-]*(?:{_SPACED_SCALES})|{_SCALE_LETTERS}|t)?[\s-]*(?:{unit})"),
    )


@dataclass(frozen=True, slots=True)
class _Candidates:
    """The positions of one text where the money regex can match, in order."""

    text: str
    lowered: str  # ASCII letters lower-cased, offsets kept
    starts: list[int]
    number_only: frozenset[int]  # only the number branch can match here

    def leftmost_match(self, regex: re.Pattern[str], position: int) -> re.Match[str] | None:
        """``regex.search(text, position)``, trying only the candidate starts."""
        check = match_start_rules().number_then_unit.match  # type: ignore[union-attr]
        text = self.lowered
        for start in self.starts[bisect_left(self.starts, position) :]:
            if start in self.number_only and not check(text, start):
                continue
            match = regex.match(self.text, start)
            if match:
                return match
        return None


def _match_candidates(text: str) -> _Candidates | None:
    """Where in ``text`` the money regex can match; None when the text must be searched everywhere."""
    rules = match_start_rules()
    # A text holding a non-ASCII case mate of an ASCII letter ("İ", "ſ") is searched the old way.
    lowered = case_blind_text(text)
    if rules is None or lowered is None:
        return None
    starts: set[int] = set()
    number_only: set[int] = set()
    for run in _DIGIT_RUN.finditer(text):
        digit = run.start()
        number_only.add(digit)
        # "$5", "-$5", "USD 5", "US$ -5": a symbol or code ends at most a space and a minus before the digits.
        position, seen = digit, 0
        while position > 0 and seen < rules.symbol_width:
            position -= 1
            character = text[position]
            if not character.isspace():
                seen += 1
            if character == "-":
                if text[position + 1] in rules.symbol_first:
                    starts.add(position)
                elif position == digit - 1:
                    number_only.add(position)
            elif character in rules.symbol_first:
                starts.add(position)
    for word in _NUMBER_WORD_LOWER.finditer(lowered):
        number_only.add(word.start())
        if word.start() and text[word.start() - 1] == "-":
            number_only.add(word.start() - 1)
    for vague in rules.vague_words:  # a vague phrase may start inside a word: every occurrence
        position = lowered.find(vague)
        while position >= 0:
            starts.add(position)
            position = lowered.find(vague, position + 1)
    number_only -= starts
    return _Candidates(text, lowered, sorted(starts | number_only), frozenset(number_only))


def read_money_match(
    text: str, match: re.Match[str], context: MoneyContext, money_spans: tuple[tuple[int, int], ...] = ()
) -> MoneyMatch | None:
    """The amount one :func:`money_regex` match in ``text`` stands for, with its range or minor-unit tail; None when it is none.

    Args:
        text: the searched text.
        match: a match of :func:`money_regex` in it.
        context: the document's currency context.
        money_spans: character ranges spaCy calls MONEY (they settle "pounds").
    """
    start, end = match.start(), match.end()
    if match.group("vague"):
        currency = resolve_currency(match.group("vunit"), context)
        phrase = " ".join(match.group("vague").lower().split())
        value = qualifier_table().vague_values[phrase]
        if currency is None:
            return None
        return MoneyMatch(start, end, text[start:end], value, None, currency[0], "vague")
    if match.group("psym"):
        surface, number, scale = match.group("psym"), match.group("pnum"), match.group("pscale")
        negative = bool(match.group("pneg") or match.group("psign"))
        value = parse_digits(number, "," if context.decimal_comma else None)
        if value is None:
            return None
    else:
        surface, number, scale = match.group("sunit"), match.group("snum"), match.group("sscale") or match.group("sscale2")
        negative = bool(match.group("sneg"))
        if number[0].isdigit():
            value = parse_digits(number, "," if context.decimal_comma else None)
        else:
            words = _words_value(number)
            if words is None:
                bare = number.strip().lower()
                if bare not in ("a", "an") or _kind_of(_key(surface)) != "minor":
                    return None  # "a penny" is money, "a dollar amount" is not
                value, offset = Decimal(1), 0
            else:
                value, offset = words
            start += offset + (len(match.group("sneg") or ""))
        if value is None:
            return None
    mega = Decimal(1)
    unit = _key(surface)
    if re.fullmatch(r"M[A-Z]{3}", unit) and resolve_currency(unit, context) is None:
        unit, mega = unit[1:], Decimal(10**6)
    value *= _scale_value(scale)
    said_money = any(s <= match.start("sunit" if match.group("sunit") else "psym") < e for s, e in money_spans)
    currency = resolve_currency(unit, context, after_scale=bool(scale) or said_money or _followed_by_sterling(text, end))
    if currency is None:
        return None
    iso, factor = currency
    value = value * factor * mega
    # "3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 dollars 50.", "$20 and 43 cents"
    kind = _kind_of(unit)
    if kind in ("name", "code", "symbol") and factor == 1 and not scale:
        minor = _minor_tail(text, end, unit_needed=kind == "symbol")
        if minor is not None:
            value, end = value + minor[0], minor[1]
    if negative:
        value = -value
    value_high: Decimal | None = None
    qualifier = "exact"
    tail = _range_tail().match(text, end)
    if tail and not _is_change(text, start):
        high = parse_digits(tail.group("num"))
        if high is not None and (tail.group("link").lower() != "and" or _between_before(text, start)):
            high_scale = _scale_value(tail.group("scale"))
            high *= high_scale * factor * mega
            low = value
            if high_scale > 1 and not scale and low * high_scale < high:
                low *= high_scale
            if low < high:
                value, value_high, qualifier, end = low, high, "range", tail.end()
    if value_high is None:
        head = _range_head().search(text, max(0, start - 80), start)
        lead = (head.group("lead") or "").strip().lower() if head else ""
        if head and (head.group("link").lower() != "and" or lead == "between") and not _is_change(text, head.start("body")):
            low = parse_number(head.group("num"))
            # "the quarter to $254 million" is a period of time, not the low end of a range
            if low is not None and not _FRACTION_ONLY.fullmatch(head.group("num").strip()):
                low *= _scale_value(head.group("scale")) * factor * mega
                own_scale = _scale_value(scale)
                if not head.group("scale") and own_scale > 1 and low * own_scale < value:
                    low *= own_scale
                if low < value:
                    value, value_high, qualifier = low, value, "range"
                    start = head.start("lead") if head.group("lead") else head.start("body")
    high_value = plain_decimal(value_high) if value_high is not None else None
    local = kind == "minor" and _is_local(unit)
    return MoneyMatch(start, end, text[start:end], plain_decimal(value), high_value, iso, qualifier, local_minor=local)


_FRACTION_ONLY = re.compile(rf"(?i:(?:(?:{_alternation_of(ARTICLES)})\s+)?(?:{_alternation_of(_fraction_words())}))")


def _scale_value(scale: str | None) -> int:
    """The multiplier of a scale suffix as matched (" million", "-million", "bn", "T")."""
    if not scale:
        return 1
    word = scale.strip(" -\u00a0").rstrip(".")
    if word == "T":
        return 10**12
    return SCALE_WORDS.get(word.lower(), 1)


def _kind_of(surface: str) -> str | None:
    table = currency_table()
    readings = table.exact.get(surface) or table.folded.get(surface.lower())
    return readings[0].kind if readings else None


def _is_local(surface: str) -> bool:
    table = currency_table()
    readings = table.exact.get(surface) or table.folded.get(surface.lower())
    return bool(readings) and readings[0].local


def _followed_by_sterling(text: str, end: int) -> bool:
    return bool(re.match(r"\s+sterling\b", text[end : end + 12], re.IGNORECASE))


_MINOR_TAIL = re.compile(r"\s*(?:and\s+)?(?P<num>\d{1,2}(?!\d)|(?i:[a-z]+(?:[\s-]+[a-z]+)?))\s*(?P<unit>(?i:cents?|pence|p\b))?")


def _minor_tail(text: str, end: int, unit_needed: bool = False) -> tuple[Decimal, int] | None:
    """Cents written after a whole amount: "3 dollars 50 cents", "15 dollars and 50.", "$20 and 43 cents".

    After a symbol ("$20") the cents must be named: "$20 and 43 others" is no amount of cents.
    """
    match = _MINOR_TAIL.match(text, end)
    if not match or (unit_needed and not match.group("unit")):
        return None
    number = match.group("num")
    value = parse_digits(number) if number[0].isdigit() else parse_number(number)
    if value is None or value >= 100 or value != value.to_integral_value() or value < 1:
        return None
    if match.group("unit"):
        return value / 100, match.end()
    after = text[match.end() : match.end() + 6]
    # A bare trailing number is cents only where the phrase ends there ("15 dollars 50.").
    if re.match(r"\s*(?:[.,;!?)]|$|more\b)", after):
        return value / 100, match.end("num")
    return None


def _between_before(text: str, start: int) -> bool:
    return bool(re.search(r"\bbetween\s+(?:\S+\s+){0,2}$", text[max(0, start - 40) : start], re.IGNORECASE))


#: Words that make "from X to Y" a change between two amounts ("rose from $5 to $10"); after
#: any other word ("cost from 10 to 20 dollars", "fines ranging from") it is one range.
_CHANGE_WORDS = re.compile(
    r"\b(?:ris(?:e|es|ing|en)|rose|increas\w*|gr[eo]w\w*|f[ae]ll\w*|drop\w*|declin\w*|jump\w*|climb\w*|soar\w*"
    r"|plung\w*|slid\w*|slump\w*|surg\w*|tumbl\w*|doubl\w*|tripl\w*|shr[aiu]nk\w*|expand\w*|balloon\w*|went"
    r"|gone|go(?:es)?|up|down|cut\w*|rais\w*|lower\w*|reduc\w*|boost\w*|hik\w*|chang\w*|mov(?:e|ed|es|ing)"
    r"|shift\w*|revis\w*|adjust\w*|swung|swing\w*)\s+(?:\S+\s+){0,3}$"
)


def _is_change(text: str, start: int) -> bool:
    """"rose from $5 million to $10 million" is a change between two amounts, not a range."""
    before = text[max(0, start - 80) : start].lower()
    opened = re.search(r"\bfrom\s+(?:about\s+|approximately\s+|roughly\s+)?$", before)
    return bool(opened) and bool(_CHANGE_WORDS.search(before[: opened.start()]))


def parse_money(text: str, context: MoneyContext = _DEFAULT_CONTEXT) -> MoneyMatch | None:
    """The amount when ``text`` is (essentially) one money mention, e.g. an NER MONEY span.

    Leading qualifier words are allowed ("about $5 million"); ``None`` when no amount is found.
    """
    found = find_money(text, context)
    return found[0] if len(found) == 1 else (found[0] if found else None)
