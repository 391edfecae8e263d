"""The lexicon reads every shared word table once, and stops at a malformed row with its place."""

from __future__ import annotations

import pytest

import pipeline.lexicon as lexicon
from pipeline.lexicon import LexiconError, rows, time_words


def _table(tmp_path, monkeypatch, text: str) -> None:
    (tmp_path / "words.tsv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(lexicon, "model_path", lambda *parts: tmp_path.joinpath(*parts))


def test_rows_strip_cells_and_skip_comments(tmp_path, monkeypatch):
    _table(tmp_path, monkeypatch, "# provenance: written for this test\nword\tvalue\n  one \t 1\n")
    (row,) = rows("words.tsv", required=("word", "value"))
    assert (row["word"], row["value"], row.line) == ("one", "1", 2)


def test_a_row_missing_a_required_cell_names_its_file_and_line(tmp_path, monkeypatch):
    _table(tmp_path, monkeypatch, "word\tvalue\none\t1\ntwo\t\n")
    with pytest.raises(LexiconError, match=r"words\.tsv: row 3: needs value"):
        list(rows("words.tsv", required=("word", "value")))


def test_a_rejected_row_says_why(tmp_path, monkeypatch):
    _table(tmp_path, monkeypatch, "word\tvalue\none\tx\n")
    (row,) = rows("words.tsv")
    with pytest.raises(LexiconError, match="row 2: needs a number"):
        row.reject("needs a number")


def test_time_words_hold_every_month_and_weekday_once():
    english = time_words("en")
    assert sorted(english.months.values()) == list(range(1, 13))
    assert sorted(english.weekdays.values()) == list(range(7))
    assert english.month_abbreviations["sept"] == 9
    assert time_words("de").months["märz"] == 3
    assert time_words("xx").months == {}


def test_a_time_word_row_without_a_language_code_says_so(tmp_path, monkeypatch):
    (tmp_path / "time_words.tsv").write_text("language\tkind\tword\tvalue\nEnglish\tmonth\tjanuary\t1\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "model_path", lambda *parts: tmp_path.joinpath(*parts))
    lexicon.clear_caches()
    try:
        with pytest.raises(LexiconError, match="row 2: needs a two-letter ISO 639-1 language"):
            time_words("en")
    finally:
        monkeypatch.undo()
        lexicon.clear_caches()
    assert time_words("en").months["january"] == 1  # the packaged table again
