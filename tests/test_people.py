"""Person names: their words (suffixes, particles, honorifics from models/name_words.tsv) and "same person"."""

from __future__ import annotations

import pytest

from pipeline import lexicon
from pipeline.extract.people import (
    ABBREVIATED_SUFFIXES,
    NAME_SUFFIXES,
    family_name,
    is_initial,
    is_name_word,
    is_particle,
    name_words,
    same_person,
    without_honorific,
)


def test_names_helpers():
    assert same_person("Okafor", "Marta J. Okafor")
    assert same_person("Marta Okafor", "Marta J. Okafor")
    assert not same_person("Felix Andrade", "Stella Andrade")
    assert family_name("Milo T. Granger, Jr.") == "granger"


def test_name_words_come_from_the_data_file():
    words = lexicon.name_words()
    assert NAME_SUFFIXES == words.suffixes == frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
    assert ABBREVIATED_SUFFIXES == frozenset({"jr", "sr"})
    assert {"van", "von", "der", "al", "ten", "st."} <= words.particles
    assert {"Dr", "Mrs", "Prof", "Dame"} <= set(words.honorifics)


def test_suffixes_particles_and_initials():
    assert is_name_word("Jr.") and is_name_word("iii") and is_name_word("S.W.") and not is_name_word("said")
    assert is_particle("van") and not is_particle("Van")
    assert is_initial("A.") and is_initial("S.W.") and not is_initial("Al")
    assert name_words("Milo T. Granger, Jr.") == ["milo", "t", "granger"]


def test_honorifics_are_dropped_from_the_front_only():
    assert without_honorific("Dr. Ada Obi") == "Ada Obi"
    assert without_honorific("Mrs Ada Obi") == "Ada Obi"
    assert without_honorific("Prof. Ada Obi") == "Ada Obi"
    assert without_honorific("Ada Obi, Dr.") == "Ada Obi, Dr."
    assert without_honorific("Drew Obi") == "Drew Obi"


def test_a_name_word_row_of_an_unknown_kind_is_rejected(monkeypatch):
    bad = lexicon.TableRow({"kind": "nickname", "word": "Bob"}, "name_words.tsv", 7)
    monkeypatch.setattr(lexicon, "rows", lambda *parts, required=(): iter([bad]))  # what words_by_kind reads
    lexicon.name_words.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="name_words.tsv: row 7"):
            lexicon.name_words()
    finally:
        monkeypatch.undo()
        lexicon.name_words.cache_clear()
    assert "jr" in lexicon.name_words().suffixes


def test_title_abbreviations_are_read_through_the_lexicon():
    abbreviations = lexicon.title_abbreviations()
    assert abbreviations["sen"] == "Senator" and abbreviations["sens"] == "Senator"
    assert abbreviations["lt. gov"] == "Lieutenant Governor"
