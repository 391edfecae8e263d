"""pipeline.normalize.money: amounts in text, currencies by context, price fields."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.money import currency_table, find_money, money_context, parse_money, resolve_currency
from pipeline.normalize.prices import parse_price


def _amounts(text: str, **context) -> list[tuple[str, Decimal, Decimal | None, str | None, str]]:
    found = find_money(text, money_context(text, **context))
    return [(m.text, m.value, m.value_high, m.currency, m.qualifier) for m in found]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("Some EUR 2.1 million will be provided", 2_100_000, "EUR"),
        ("paid $435,000 in restitution", 435_000, "USD"),
        ("2.1 million euros", 2_100_000, "EUR"),
        ("USD 200", 200, "USD"),
        ("£8.10 million", 8_100_000, "GBP"),
        ("GBP 350", 350, "GBP"),
        ("A$5 million", 5_000_000, "AUD"),
        ("C$ 1.34 a share", Decimal("1.34"), "CAD"),
        ("HK$10.05 billion", 10_050_000_000, "HKD"),
        ("₹35 lakh", 3_500_000, "INR"),
        ("Rs 12 crore", 120_000_000, "INR"),
        ("CHF 10,000", 10_000, "CHF"),
        ("more than 15 million Australian dollars", 15_000_000, "AUD"),
        ("five million yen", 5_000_000, "JPY"),
        ("50 cents", Decimal("0.5"), "USD"),
        ("a $2.5-million grant", 2_500_000, "USD"),
        ("$2.174T", 2_174_000_000_000, "USD"),
        ("30 MUSD", 30_000_000, "USD"),
        ("3 dollars 50 cents", Decimal("3.5"), "USD"),
        ("thirteen dollars and forty-five cents", Decimal("13.45"), "USD"),
        ("20 million pounds", 20_000_000, "GBP"),
        ("$606,781.34.", Decimal("606781.34"), "USD"),
    ],
)
def test_find_money_reads_value_and_currency(text: str, value: Decimal | int, currency: str) -> None:
    (found,) = _amounts(text)
    assert (found[1], found[3]) == (Decimal(value), currency)


@pytest.mark.parametrize(
    "text",
    ["50 pounds of cocaine", "a knife attack", "a dollar amount", "ALL 5 solutions", "Section 1343", "18 U.S.C. 1343", "the 1990s"],
)
def test_find_money_ignores_what_is_not_money(text: str) -> None:
    assert _amounts(text) == []


def test_ranges_and_vague_amounts() -> None:
    assert _amounts("fines of $5 to $10 million")[0][1:] == (Decimal(5_000_000), Decimal(10_000_000), "USD", "range")
    assert _amounts("between 300 and 400 euros")[0][1:] == (Decimal(300), Decimal(400), "EUR", "range")
    assert _amounts("$400-700")[0][1:3] == (Decimal(400), Decimal(700))
    assert _amounts("millions of dollars")[0][1:] == (Decimal(1_000_000), None, "USD", "vague")
    assert _amounts("hundreds of thousands of dollars")[0][1] == Decimal(100_000)


def test_a_change_from_one_amount_to_another_is_two_amounts() -> None:
    found = _amounts("revenue rose from $5 million to $10 million")
    assert [(v, q) for _, v, _, _, q in found] == [(Decimal(5_000_000), "exact"), (Decimal(10_000_000), "exact")]


def test_dollar_follows_the_document_country() -> None:
    assert resolve_currency("$") == ("USD", Decimal(1))
    assert _amounts("It costs $5.", url="https://www.abc.net.au/news/1")[0][3] == "AUD"
    assert _amounts("50 cents", url="https://www.cbc.ca/news")[0][3] == "CAD"
    assert _amounts("US$5", url="https://www.abc.net.au/news/1")[0][3] == "USD"


def test_yen_sign_reads_yuan_in_a_chinese_context() -> None:
    assert _amounts("a ¥500 fine")[0][3] == "JPY"
    assert _amounts("Beijing imposed a ¥500 fine")[0][3] == "CNY"


def test_spacy_money_decides_ambiguous_words() -> None:
    text = "He was fined 50 pounds."
    assert find_money(text) == []
    (found,) = find_money(text, money_spans=[(13, 23)])
    assert (found.value, found.currency) == (Decimal(50), "GBP")


def test_parse_money_allows_qualifier_words() -> None:
    found = parse_money("about $5 million")
    assert found is not None and found.value == Decimal(5_000_000)
    assert parse_money("five defendants") is None


@pytest.mark.parametrize(
    ("field", "hint", "value", "currency"),
    [
        ("$19.95", None, "19.95", "USD"),
        ("53,20 €", None, "53.2", "EUR"),
        ("1 298,00 zł", None, "1298", "PLN"),
        ("50,- Kč", None, "50", "CZK"),
        ("€ 610,", None, "610", "EUR"),
        ("$ SGD4.90", None, "4.9", "SGD"),
        ("899,00", "Pris NOK 899,00", "899", "NOK"),
        ("$.75", None, "0.75", "USD"),
        ("35€ 99", None, "35.99", "EUR"),
    ],
)
def test_parse_price(field: str, hint: str | None, value: str, currency: str) -> None:
    assert parse_price(field, hint) == (Decimal(value), currency)


def test_parse_price_without_a_price() -> None:
    assert parse_price("No longer available") == (None, None)
    assert parse_price("40% OFF")[0] is None
    assert parse_price("Free!")[0] == Decimal(0)


def test_currency_table_is_valid_iso() -> None:
    table = currency_table()
    readings = [r for rows in (*table.exact.values(), *table.folded.values()) for r in rows]
    assert readings and all(r.iso == "=$" or (len(r.iso) == 3 and r.iso.isupper()) for r in readings)
    assert resolve_currency("euros") == ("EUR", Decimal(1))


@given(st.integers(min_value=1, max_value=10**12), st.sampled_from(["$", "€", "£", "USD ", "EUR "]))
def test_symbol_amounts_round_trip(n: int, prefix: str) -> None:
    (found,) = find_money(f"a payment of {prefix}{n:,} was made")
    assert found.value == n


@given(st.integers(min_value=1, max_value=999), st.sampled_from([("million", 10**6), ("billion", 10**9)]),
       st.sampled_from([("euros", "EUR"), ("dollars", "USD"), ("yen", "JPY")]))
def test_scaled_named_amounts_round_trip(n: int, scale: tuple[str, int], unit: tuple[str, str]) -> None:
    (found,) = find_money(f"worth {n} {scale[0]} {unit[0]} in total")
    assert (found.value, found.currency) == (n * scale[1], unit[1])


def test_decimal_comma_follows_the_document_language() -> None:
    text = "ein Schaden von 17,5 Millionen Euro und 3.200 Euro"
    found = find_money(text, money_context(text, language="de"))
    assert [(m.value, m.currency) for m in found] == [(Decimal(17_500_000), "EUR"), (Decimal(3200), "EUR")]
    assert find_money("a fee of 3.200 euros")[0].value == Decimal("3.2")


def _find_money_everywhere(text: str) -> list:
    """The old scan, kept as the oracle: the money regex searched from every position (subunits then
    take the currency of the amounts around them, as in find_money)."""
    from pipeline.normalize.money import local_minor_units, money_regex, read_money_match

    found: list = []
    regex, position = money_regex(), 0
    context = money_context(text)
    while match := regex.search(text, position):
        amount = read_money_match(text, match, context)
        if amount is None:
            position = match.start() + 1
        elif found and amount.start < found[-1].end:
            position = max(match.end(), found[-1].end)
        else:
            found.append(amount)
            position = amount.end
    return local_minor_units(found)


_MONEY_PIECES = [
    "$", "-", "US", "U.S.", " ", "  ", "USD", "usd", "MUSD", "EUR", "Rs", "rs", "kr", "£", "€", "¥", "A$", "HK", "C", "5", "12",
    "1,000", "2.5", "10 000", ",", ".", "million", "Million", "bn", "m", "K", "T", "k", "a", "an", "and", "one", "Five",
    "hundred", "half", "dollars", "Dollars", "euros", "cents", "pence", "penny", "yen", "pounds", "sterling", "millions",
    "Hundreds", "of", "to", "between", "from", "x", "ſ", "İ", "-year", "percent", "\n", "(", ")", "5m", "Mio.",
]  # fmt: skip


@given(st.lists(st.sampled_from(_MONEY_PIECES), max_size=14).map("".join))
def test_find_money_tries_the_regex_only_where_a_match_can_start(text: str) -> None:
    assert find_money(text, money_context(text)) == _find_money_everywhere(text)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("The ministry paid 750 Kuwaiti dinars a month.", 750, "KWD"),
        ("A visa costs 200 Qatari riyals.", 200, "QAR"),
        ("Stalls sold rice for 12 Malaysian ringgit.", 12, "MYR"),
        ("Rent rose to 900,000 Lebanese pounds.", 900_000, "LBP"),
        ("The grant is worth 3 million Nigerian naira.", 3_000_000, "NGN"),
        ("He was fined 40 Swiss francs.", 40, "CHF"),
    ],
)
def test_every_current_currency_is_known_by_its_full_name(text: str, value: int, currency: str) -> None:
    """Full English names come from CLDR (Babel), not from a hand list."""
    (found,) = _amounts(text)
    assert (found[1], found[3]) == (Decimal(value), currency)


def test_a_weight_in_pounds_is_still_no_money() -> None:
    assert _amounts("The parcel weighs 12 pounds.") == []


def test_cents_after_a_symbol_amount_join_it() -> None:
    assert _amounts("The meal came to $20 and 43 cents.")[0][1:4] == (Decimal("20.43"), None, "USD")
    # without a named unit the number after "and" is something else
    assert [a[1] for a in _amounts("He paid $20 and 43 others paid nothing.")] == [Decimal(20)]


def test_minor_units_belong_to_the_currency_of_the_amounts_around_them() -> None:
    found = _amounts("A coffee in Madrid costs 2 euros; a croissant 80 cents.")
    assert [(a[1], a[3]) for a in found] == [(Decimal(2), "EUR"), (Decimal("0.8"), "EUR")]
    found = _amounts("Savers put $3 aside and kept 40 pennies.")
    assert [(a[1], a[3]) for a in found] == [(Decimal(3), "USD"), (Decimal("0.4"), "USD")]
    # with nothing around them, the unit's own reading stands
    assert _amounts("He kept 40 pennies.")[0][3] == "GBP"


def test_from_one_amount_to_another_is_a_range_unless_something_changes() -> None:
    assert _amounts("Seats cost from 10 to 20 dollars.")[0][1:] == (Decimal(10), Decimal(20), "USD", "range")
    found = _amounts("The fare was raised from 10 dollars to 20 dollars.")
    assert [(a[1], a[4]) for a in found] == [(Decimal(10), "exact"), (Decimal(20), "exact")]


def test_a_plain_n_is_the_naira_only_in_a_nigerian_text() -> None:
    assert _amounts("Nigerian senators demand N200m in damages.")[0][1:4] == (Decimal(200_000_000), None, "NGN")
    assert _amounts("The lab ordered N95 respirators.") == []


def test_the_fast_candidate_search_stays_on_with_cldr_names() -> None:
    """A case-blind non-ASCII currency name would make every text be searched at every position."""
    from pipeline.normalize.money import match_start_rules

    assert match_start_rules() is not None
