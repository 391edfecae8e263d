"""The people a document names, spaCy-free: finding a name in the text as the patterns it replaced did."""

from __future__ import annotations

import random
import re
import sys

from pipeline.extract.quotes.persons import WORD_AFTER_NAME, NameFinder, fuller_name
from pipeline.textsearch import ASCII_CASE_MATES


def test_word_after_a_name_is_read_as_one_pattern_did():
    """Name (compiled alone) + a fixed pattern after it match where the old per-name pattern did."""
    pieces = ["Stock", "stock", "STOCK", "'s", "’s", "'S", ",", " ", "\n", "said", "x", ".", "é", "-", "ſ", "K", "k"]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        last = rng.choice(["stock", "gab-ryong", "k", "", "s.", "o'neil", "ks"])
        old = re.match(rf"{re.escape(last)}(?:'s|’s)?\b(?:,[^,.]{{0,100}},)?\s+(\w+)", text, re.IGNORECASE)
        new = WORD_AFTER_NAME.match(text, len(last)) if re.compile(re.escape(last), re.IGNORECASE).match(text) else None
        assert (old and (old.group(1), old.end())) == (new and (new.group(1), new.end()))


def test_only_four_non_ascii_letters_match_ascii_ones_without_case():
    """The premise of the name finder's ASCII search, checked for this Python's ``re``."""
    cased = [chr(c) for c in range(128, sys.maxunicode + 1) if chr(c).lower() != chr(c) or chr(c).upper() != chr(c)]
    mates = set()
    for code in range(128):
        pattern = re.compile(re.escape(chr(code)), re.IGNORECASE)
        mates |= {c for c in cased if pattern.fullmatch(c)}
        assert all(bool(pattern.fullmatch(chr(other))) == (chr(other).lower() == chr(code).lower()) for other in range(128))
    assert mates == set(ASCII_CASE_MATES.pattern[1:-1])


def test_name_finder_finds_what_the_case_blind_pattern_finds():
    pieces = ["Stock", "stock", "STOCK", "'s", " ", "\n", "x", "é", "-", "ſ", "K", "k", "İ", "ı", "i", "Kim", "kIM", "_", "1"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        last = rng.choice(["stock", "kim", "k", "s", "i", "o'neil", "é", "Stock", "ks", "gab-ryong", "ſ"])
        expected = [m.start() for m in re.finditer(rf"\b{re.escape(last)}\b", text, re.IGNORECASE)]
        assert NameFinder(text).positions(last) == expected


def _fuller_name_by_pattern(text: str, surname: str, before: int, rejected: frozenset[str]) -> str | None:
    """The per-surname pattern ``fuller_name`` replaced."""
    pattern = rf"\b([A-Z][a-z’'-]+(?:\s+[A-Z]\.)?)\s+{re.escape(surname)}\b"
    for match in re.finditer(pattern, text[:before]):
        if match.group(1).split()[0].lower() not in rejected:
            return f"{match.group(1)} {surname}"
    return None


def test_fuller_name_finds_what_the_per_surname_pattern_found():
    from pipeline.extract.quotes.words import ADVERBIAL_START, NOT_NAMES, speaker_words

    rejected = frozenset(speaker_words()) | NOT_NAMES | ADVERBIAL_START
    words = ["Paolo", "Ricci", "ricci", "R.", "B.", "Attorney", "The", "In", "o'Neil", "Jean-Luc", "x", "Élodie", "Ann",
             "Ricci's", "_", "1", "A", "AB.", "Ricci-", "Mc", "D’Arcy"]
    gaps = [" ", " ", " ", "  ", "\n", "\u00a0", "", ".", ", ", "-"]
    rng = random.Random(11)
    for _ in range(30000):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(0, 8)))
        surname = rng.choice(["Ricci", "Ricci", "B.", "Ann", "Ricci-", "R", "-x", "Ricci's"])
        before = rng.randint(len(text) // 2, len(text))
        assert fuller_name(text, surname, before) == _fuller_name_by_pattern(text, surname, before, rejected), (text, surname, before)


def test_name_finder_says_where_a_name_is_written_as_the_case_blind_pattern_does():
    pieces = ["Stock", "stock", "STOCK", " ", "x", "é", "É", "-", "ſ", "K", "k", "İ", "ı", "i", "Kim", "kIM", "1"]
    rng = random.Random(13)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        last = rng.choice(["stock", "kim", "k", "s", "i", "é", "Stock", "ks", "ſ", "İ"])
        position = rng.randint(0, len(text))
        expected = re.compile(re.escape(last), re.IGNORECASE).match(text, position) is not None
        assert NameFinder(text).written_at(last, position) == expected, (text, last, position)
