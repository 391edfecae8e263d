"""`newsfacts evaluate`: the contract's matchers, and agreement with the reference scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import (
    fold,
    head_noun,
    matches_amount,
    matches_date,
    matches_duration,
    matches_figure,
    matches_organisation,
    matches_person,
    score,
    score_document,
    titles_agree,
    Tally,
)
from pipeline.schema import to_table

runner = CliRunner()


# --- matchers on hand-made rows -----------------------------------------------------


def test_fold_drops_case_accents_the_and_possessive() -> None:
    assert fold("The Justice Department's") == "justice department"
    assert fold("Jürgen  Stock") == "jurgen stock"
    assert fold("INTERPOL\u2019s") == "interpol"
    assert fold("U.S. Attorney's Office") == "u s attorney office"
    assert fold(None) == ""


def test_organisation_matches_on_name_acronym_or_alias() -> None:
    gold = {"name": "Korean National Police Agency", "acronym": "KNPA", "aliases": ["Korean Police"]}
    assert matches_organisation({"name": "the Korean National Police Agency"}, gold)
    assert matches_organisation({"name": "KNPA"}, gold)
    assert matches_organisation({"name": "Korean Police"}, gold)
    assert matches_organisation({"name": "Something Else", "acronym": "knpa"}, gold)
    assert not matches_organisation({"name": "Korean National Police"}, gold)
    # a predicted alias is not a key: only name and acronym speak for the row
    assert not matches_organisation({"name": "Police", "aliases": ["KNPA"]}, gold)


def test_person_matches_initial_and_family_name_and_east_asian_order() -> None:
    gold = {"name": "Benjamin G. Greenberg"}
    assert matches_person({"name": "Benjamin Greenberg"}, gold)
    assert matches_person({"name": "Ben Greenberg Jr."}, gold)
    assert not matches_person({"name": "Greenberg"}, {"name": "Benjamin Greenberg"})  # initial differs
    assert not matches_person({"name": "Robert Greenberg"}, gold)
    assert matches_person({"name": "Gab-Ryong Min"}, {"name": "Min Gab-Ryong"})
    assert matches_person({"name": "Jong Yang Kim"}, {"name": "Kim Jong Yang"})
    assert not matches_person({"name": ""}, gold)


def test_amount_tolerance_and_currency() -> None:
    gold = {"value": 2_100_000, "currency": "EUR"}
    assert matches_amount({"value": Decimal("2100000"), "currency": "EUR"}, gold)
    assert matches_amount({"value": 2_110_000, "currency": "eur"}, gold)  # 0.48% off
    assert not matches_amount({"value": 2_111_000, "currency": "EUR"}, gold)  # 0.52% off
    assert not matches_amount({"value": 2_100_000, "currency": "USD"}, gold)
    assert matches_amount({"value": 0, "currency": None}, {"value": 0, "currency": None})
    assert not matches_amount({"value": 1, "currency": "USD"}, {"value": 0, "currency": "USD"})


def test_figure_needs_exact_count_and_head_noun() -> None:
    assert head_noun("child victims") == "victim"
    assert head_noun("counts of wire fraud") == "count"
    assert head_noun("of the defendants") == "defendant"  # "of" first: the whole phrase is kept
    assert head_noun("bus") == "bus"  # short words keep their "s"
    gold = {"value": 21000, "noun": "child victims"}
    assert matches_figure({"value": 21000.0, "noun": "victims"}, gold)
    assert not matches_figure({"value": 21001, "noun": "victims"}, gold)
    assert not matches_figure({"value": 21000, "noun": "offenders"}, gold)


def test_duration_and_date_match_on_iso() -> None:
    assert matches_duration({"iso": "p3y"}, {"iso": "P3Y"})
    assert not matches_duration({"iso": "P3M"}, {"iso": "P3Y"})
    assert matches_date({"iso": "2018-04-10"}, {"iso": "2018-04-10"})
    assert not matches_date({"iso": "2018-04"}, {"iso": "2018-04-10"})


def test_titles_agree_by_word_overlap() -> None:
    assert titles_agree("Acting Deputy Assistant Attorney General", "Deputy Assistant Attorney General")
    assert not titles_agree("Attorney", "Acting Deputy Assistant Attorney General")
    assert not titles_agree(None, "Chief")


def test_greedy_matching_duplicates_and_optional_items() -> None:
    gold = [{"iso": "P3Y"}, {"iso": "P1Y", "optional": True}, {"iso": "P57M"}]
    tally = Tally()
    # P3Y twice (a repeated mention: neither credited nor penalised), the optional P1Y, a wrong P2Y
    score_document("durations", [{"iso": "P3Y"}, {"iso": "P3Y"}, {"iso": "P1Y"}, {"iso": "P2Y"}], gold, tally)
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 1)

    orgs = [{"name": "INTERPOL"}]
    tally = Tally()
    # a second row for the same organisation is a false positive
    score_document("organisations", [{"name": "INTERPOL"}, {"name": "Interpol"}], orgs, tally)
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 0)


def test_period_dates_are_left_out_of_scoring() -> None:
    gold = [{"iso": "2013-03"}, {"iso": "2013"}]
    tally = Tally()
    # a week, a quarter, a season, a decade and a century: neither right nor wrong; the month matches
    predicted = [{"iso": "2013-W11", "granularity": "week"}, {"iso": "2013-Q1", "granularity": "quarter"},
                 {"iso": "2012-SU", "granularity": "season"}, {"iso": "199", "granularity": "decade"},
                 {"iso": "19", "granularity": "century"}, {"iso": "2013-03", "granularity": "month"}]
    score_document("dates", predicted, gold, tally)
    assert (tally.tp, tally.fp, tally.fn) == (1, 0, 1)
    tally = Tally()
    score_document("dates", [{"iso": "2013-W11"}], gold, tally)  # no granularity: read as a day, a false positive
    assert (tally.tp, tally.fp, tally.fn) == (0, 1, 2)


def test_official_attributes_counted_on_matches() -> None:
    gold = [{"name": "Jürgen Stock", "title": "Secretary General", "organisation": "INTERPOL"}]
    tally = Tally()
    predicted = [{"name": "Jurgen Stock", "title": "INTERPOL Secretary General", "organisation": "the INTERPOL"}]
    score_document("officials", predicted, gold, tally)
    assert (tally.title_n, tally.title_ok, tally.org_n, tally.org_ok) == (1, 1, 1, 1)


# --- whole runs ---------------------------------------------------------------------


def _write(out: Path, table: str, rows: list[dict]) -> None:
    (out / table).mkdir(parents=True, exist_ok=True)
    pq.write_table(to_table(table, rows), out / table / "part-test.parquet")


def _evidence(i: int) -> dict:
    return {"start": i, "end": i + 1, "sentence": "s"}


@pytest.fixture
def tiny_run(tmp_path: Path) -> tuple[Path, Path]:
    """A hand-made run folder of two documents and a gold file of three (one missing)."""
    out = tmp_path / "out"
    _write(out, "articles", [
        {"doc_id": "a", "source": "pages/one.html", "text": "x", "n_words": 1, "published": date(2018, 4, 13)},
        {"doc_id": "b", "source": "C:\\pages\\two.html", "text": "x", "n_words": 1, "published": None},
    ])
    _write(out, "organisations", [
        {"doc_id": "a", "org_id": 0, "name": "Korean National Police Agency", "acronym": "KNPA", "mentions": 2, **_evidence(0)},
        {"doc_id": "a", "org_id": 1, "name": "KNPA", "mentions": 1, **_evidence(1)},
        {"doc_id": "a", "org_id": 2, "name": "Washington", "mentions": 1, **_evidence(2)},
    ])
    _write(out, "officials", [
        {"doc_id": "a", "official_id": 0, "name": "Gab-Ryong Min", "title": "Commissioner", "organisation": "KNPA",
         "mentions": 1, **_evidence(0)},
    ])
    _write(out, "amounts", [
        {"doc_id": "a", "amount_id": i, "text": "t", "value": Decimal(v), "currency": c, "qualifier": q, **_evidence(i)}
        for i, (v, c, q) in enumerate([("2100000", "EUR", "approx"), ("2100000", "EUR", "exact"), ("5", "USD", "exact")])
    ])
    _write(out, "figures", [
        {"doc_id": "b", "figure_id": 0, "text": "3 counts", "value": 3.0, "qualifier": "exact", "noun": "counts of fraud",
         **_evidence(0)},
    ])
    _write(out, "dates", [
        {"doc_id": "a", "date_id": i, "text": t, "iso": iso, "date": d, "granularity": g, "relative": False, **_evidence(i)}
        for i, (t, iso, d, g) in enumerate([("2015", "2015", date(2015, 1, 1), "year"),
                                            ("last week", "2018-W14", date(2018, 4, 2), "week"),
                                            ("the 1990s", "199", date(1990, 1, 1), "decade"),
                                            ("2016", "2016", date(2016, 1, 1), "year")])
    ])
    gold = [
        {"source": "one.html", "published": "2018-04-13",
         "organisations": [{"name": "Korean National Police Agency", "acronym": "KNPA", "aliases": []}],
         "officials": [{"name": "Min Gab-Ryong", "title": "Commissioner General", "organisation": "Korean National Police Agency"}],
         "amounts": [{"value": 2100000, "currency": "EUR", "qualifier": "approx"},
                     {"value": 1300000, "currency": "EUR", "qualifier": "exact"}],
         "durations": [], "figures": [], "dates": [{"iso": "2015", "optional": True}]},
        {"source": "two.html", "published": "2019-01-01",
         "figures": [{"value": 3, "noun": "counts", "qualifier": "exact"}]},
        {"source": "three.html", "published": None, "dates": [{"iso": "2020"}, {"iso": "2021", "optional": True}]},
    ]
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold))
    return out, gold_path


def test_score_counts_a_hand_made_run(tiny_run: tuple[Path, Path]) -> None:
    out, gold_path = tiny_run
    result = score(out, [json.loads(line) for line in gold_path.read_text().splitlines()])
    assert result["docs"] == 3 and result["missing_docs"] == 1
    assert result["published_acc"] == 0.5  # one right, one missing, the third has no gold date
    orgs = result["organisations"]
    assert (orgs["tp"], orgs["fp"], orgs["fn"]) == (1, 2, 0)  # the unmerged "KNPA" row is a false positive
    assert result["officials"]["org_acc"] == 0.0  # "knpa" is not inside the full name
    assert result["amounts"]["tp"] == 1 and result["amounts"]["fp"] == 1 and result["amounts"]["fn"] == 1
    assert result["figures"]["f1"] == 1.0
    assert result["dates"]["fn"] == 1  # the missing document's required date
    assert result["dates"]["fp"] == 1  # 2016; the week and the decade are not scored


def _reference(shared: Path, out: Path, gold: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(shared / "gold" / "score_reference.py"), str(out), str(gold), "--json"],
        check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout)


def _ours(out: Path, gold: Path) -> str:
    result = runner.invoke(app, ["evaluate", str(out), str(gold), "--json"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_hand_made_run_agrees_with_reference(shared_dir: Path, tiny_run: tuple[Path, Path]) -> None:
    out, gold_path = tiny_run
    assert json.loads(_ours(out, gold_path)) == _reference(shared_dir, out, gold_path)


@pytest.mark.model
@pytest.mark.shared
def test_real_run_agrees_with_reference_exactly(shared_dir: Path, tmp_path: Path) -> None:
    import pipeline

    gold_lines = (shared_dir / "gold" / "dev.jsonl").read_text().splitlines()[:4]
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("\n".join(gold_lines) + "\n")
    pages = [str(shared_dir / "data" / "doj" / "html" / json.loads(line)["source"]) for line in gold_lines]
    out = tmp_path / "out"
    pipeline.run(pages, out, jobs=1, engine="serial", overwrite=True)
    ours = _ours(out, gold_path)
    reference = _reference(shared_dir, out, gold_path)
    assert json.loads(ours) == reference
    assert ours.strip() == json.dumps(reference)  # same key order too
    assert reference["docs"] == 4 and reference["missing_docs"] == 0


def test_tables_option_limits_the_report(tiny_run: tuple[Path, Path]) -> None:
    out, gold_path = tiny_run
    result = runner.invoke(app, ["evaluate", str(out), str(gold_path), "--json", "--tables", "figures,amounts"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [k for k in data if k not in {"docs", "missing_docs", "published_acc", "macro_f1"}] == ["amounts", "figures"]
    assert data["macro_f1"] == round((data["amounts"]["f1"] + 1.0) / 2, 3)


def test_text_output_names_every_table(tiny_run: tuple[Path, Path]) -> None:
    out, gold_path = tiny_run
    result = runner.invoke(app, ["evaluate", str(out), str(gold_path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "docs 3  missing 1  published_acc 0.5"
    assert "officials      P 1.000  R 1.000  F1 1.000  (tp 1 fp 0 fn 0)  title_acc 0.0  org_acc 0.0" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["{tmp}/nowhere", "{gold}"], "no such run folder"),
        (["{tmp}", "{gold}"], "has no articles table"),
        (["{out}", "{tmp}/nothing.jsonl"], "no such gold file"),
        (["{out}", "{gold}", "--tables", "people"], "--tables takes names from"),
        (["{out}", "{bad}"], "bad.jsonl:2: not JSON"),
    ],
)
def test_usage_errors_exit_2(tiny_run: tuple[Path, Path], tmp_path: Path, args: list[str], message: str) -> None:
    out, gold_path = tiny_run
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "one.html"}\n{oops\n')
    filled = [a.format(tmp=tmp_path, gold=gold_path, out=out, bad=bad) for a in args]
    result = runner.invoke(app, ["evaluate", *filled])
    assert result.exit_code == 2
    assert message in result.stderr
