"""pipeline.normalize.numbers: number phrases, ranges, ordinals and the shared qualifier words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.numbers import (
    QUALIFIERS,
    SCALE_WORDS,
    clause_qualifier,
    find_numbers,
    parse_digits,
    parse_number,
    parse_ordinal,
    parse_range,
    qualifier_after,
    qualifier_before,
    qualifier_before_span,
    qualifier_table,
    vague_number,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("21,000", "21000"),
        ("2.1", "2.1"),
        ("2.1 million", "2100000"),
        ("1.5bn", "1500000000"),
        ("3m", "3000000"),
        ("1,2 Mio.", "1200000"),
        ("twenty-one thousand", "21000"),
        ("a dozen", "12"),
        ("half a dozen", "6"),
        ("one hundred and five", "105"),
        ("a half", "0.5"),
        ("half a million", "500000"),
        ("one and a half", "1.5"),
        ("two and a half million", "2500000"),
        ("three quarters billion", "750000000"),
        ("3/4", "0.75"),
        ("2 1/2", "2.5"),
        ("2½", "2.5"),
        ("two point five", "2.5"),
        ("1,00,000", "100000"),
        ("1.234,56", "1234.56"),
        ("minus five", "-5"),
        ("1 million 200 thousand", "1200000"),
        ("35 lakh", "3500000"),
    ],
)
def test_parse_number_reads_digits_scales_and_words(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "a", "million", "400-700", "one two", "nineteen ninety", "192.168.1.2", "3rd", "seven dwarves"])
def test_parse_number_rejects_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


def test_decimal_comma_only_where_unambiguous() -> None:
    assert parse_digits("1,234") == Decimal(1234)  # English thousands
    assert parse_digits("1,25") == Decimal("1.25")  # only a decimal comma fits
    assert parse_digits("1.234", decimal_separator=",") == Decimal(1234)
    assert parse_digits("1,234", decimal_separator=",") == Decimal("1.234")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("between 300 and 400", 300, 400),
        ("400-700", 400, 700),
        ("from 5 to 10", 5, 10),
        ("1 to 2 million", 1_000_000, 2_000_000),
        ("500,000 to 2 million", 500_000, 2_000_000),
        ("twenty-one to thirty-five", 21, 35),
    ],
)
def test_parse_range(text: str, low: int, high: int) -> None:
    assert parse_range(text) == (Decimal(low), Decimal(high))


def test_parse_range_needs_a_low_end_below_the_high_end() -> None:
    assert parse_range("twenty-one") is None
    assert parse_range("700-400") is None


def test_parse_range_takes_a_custom_end_parser() -> None:
    strip_dollar = lambda text: parse_number(text.replace("$", ""))  # noqa: E731
    assert parse_range("$1 million to $2 million", strip_dollar) == (Decimal(1_000_000), Decimal(2_000_000))


@pytest.mark.parametrize(("text", "value"), [("third", 3), ("twenty-first", 21), ("1st", 1), ("hundredth", 100), ("two hundredth", 200)])
def test_parse_ordinal(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [
        ("Some ", "approx"),
        ("approximately ", "approx"),
        ("an estimated ", "approx"),
        ("more than ", "more_than"),
        ("in excess of ", "more_than"),
        ("at least ", "at_least"),
        ("no less than ", "at_least"),
        ("fewer than ", "less_than"),
        ("under ", "less_than"),
        ("up to $", "up_to"),
        ("as many as ", "up_to"),
        ("nearly ", "nearly"),
        ("just under ", "nearly"),
        ("between ", "range"),
        ("the ", "exact"),
        ("overseas ", "exact"),
    ],
)
def test_qualifier_before(before: str, qualifier: str) -> None:
    assert qualifier_before("He paid " + before) == qualifier


def test_qualifier_before_span_covers_the_words() -> None:
    text = "identified more than "
    qualifier, width = qualifier_before_span(text)
    assert (qualifier, text[len(text) - width :].strip()) == ("more_than", "more than")


def test_qualifier_after_and_vague() -> None:
    assert qualifier_after(" or more victims") == "at_least"
    assert qualifier_after(" victims") is None
    assert vague_number("hundreds of victims") == (Decimal(100), len("hundreds of"))
    assert vague_number("tens of thousands of people")[0] == Decimal(10_000)
    assert vague_number("dozens of schemes")[0] == Decimal(12)


def test_clause_qualifier_reaches_to_the_next_statement() -> None:
    assert clause_qualifier("faces a maximum penalty of 20 years in prison and a ") == "up_to"
    assert clause_qualifier("faced a maximum of 20 years but was sentenced to ") is None
    assert clause_qualifier("was ordered to pay ") is None


def test_qualifier_table_uses_only_contract_qualifiers() -> None:
    table = qualifier_table()
    assert set(table.qualifier_of.values()) <= set(QUALIFIERS)


def test_find_numbers() -> None:
    text = "3 hundred and 2 hundred are two valid numbers; 1 414 021 100 people"
    assert [v for _, _, v in find_numbers(text)] == [300, 200, 2, 1414021100]


_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n >= 10:
        words.append(_TEENS[n - 10])
    elif n or not words:
        words.append(_ONES[n])
    return words


def _in_words(n: int) -> str:
    """English words for 0 ≤ n < 10**12 (a test oracle, written independently of the parser)."""
    if n == 0:
        return "zero"
    words: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            words += _below_thousand(n // scale) + [name]
            n %= scale
    if n:
        words += _below_thousand(n)
    return " ".join(words)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_words_round_trip(n: int) -> None:
    assert parse_number(_in_words(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_digits(f"{n:,}".replace(",", "\u202f")) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimals_round_trip(whole: int, cents: int) -> None:
    text = f"{whole:,}.{cents:02d}"
    assert parse_number(text) == Decimal(f"{whole}.{cents:02d}")


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "million", "billion"]))
def test_scale_words_multiply(n: int, scale: str) -> None:
    factor = {"thousand": 10**3, "million": 10**6, "billion": 10**9}[scale]
    assert parse_number(f"{n} {scale}") == n * factor
    assert parse_number(f"{_in_words(n)} {scale}") == n * factor


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ranges_round_trip(a: int, b: int) -> None:
    low, high = sorted((a, b))
    found = parse_range(f"between {low:,} and {high:,}")
    assert found == ((Decimal(low), Decimal(high)) if low < high else None)


@pytest.mark.parametrize(("text", "value"), [("sieben", "7"), ("3.200", "3200"), ("17,5 Millionen", "17500000"), ("zwei Milliarden", "2000000000")])
def test_german_numbers(text: str, value: str) -> None:
    assert parse_number(text, language="de") == Decimal(value)


def test_german_qualifiers_share_the_table() -> None:
    assert qualifier_before("Schaden von rund ") == "approx"
    assert qualifier_before("ein Schaden von mindestens ") == "at_least"
    assert qualifier_before("Freiheitsstrafen von bis zu ") == "up_to"


def test_each_language_reads_its_own_decimal_mark() -> None:
    """CLDR's marks: "17.000" is seventeen thousand in Indonesian and German, seventeen in English."""
    from pipeline.normalize.numbers import decimal_separator_of

    assert parse_number("17.000", language="id") == Decimal(17000)
    assert parse_number("17.000", language="en") == Decimal(17)
    assert parse_number("2,5", language="fr") == Decimal("2.5")
    assert decimal_separator_of("xx") == "." and decimal_separator_of(None) == "."


def test_english_number_words_are_rows_of_the_number_word_table() -> None:
    """Every English number and scale word is a row of models/number_words.tsv, read through the lexicon."""
    from pipeline.lexicon import number_languages, number_words

    english = number_words("en")
    assert {"en", "de"} <= number_languages()
    assert english.values("tens")["forty"] == 40 and english.values("tens")["fourty"] == 40
    assert english.values("scale")["bn"] == 10**9 and english.values("scale")["lakh"] == 10**5
    assert english.values("denominator")["third"] == 3 and english.values("ordinal")["third"] == 3
    assert "hundreds" in english.words("hundred", forms=("plural",)) and "hundreds" not in english.words(forms=("word",))
    assert number_words("de").values("unit")["sieben"] == 7
    assert number_words("xx").entries == ()


def test_a_number_word_row_without_its_value_is_rejected(tmp_path, monkeypatch) -> None:
    import pipeline.lexicon as lexicon

    (tmp_path / "number_words.tsv").write_text("language\tword\tkind\tvalue\tform\nen\tseven\tunit\t\tword\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "model_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(lexicon.LexiconError, match=r"number_words\.tsv: row 2: needs the number"):
        lexicon.read_number_words("number_words.tsv")


def test_scale_words_of_every_language_are_read_in_any_text() -> None:
    assert parse_number("2 Mio.") == 2_000_000  # a German abbreviation in an English text
    assert parse_number("2 billion") == 2 * 10**9  # English wins where German spells a scale alike
    assert parse_number("zwei Billionen", language="de") == 2 * 10**12
    assert SCALE_WORDS["billion"] == 10**9
