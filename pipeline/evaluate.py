"""Score a run folder against gold annotations, as the contract defines it.

The contract (``spec/EXTRACTION.md``, "Gold files") scores per document and per table:
a predicted row matches at most one gold row, greedily in the order the rows were
written. Organisations match on name, acronym or any alias (case, "the" and "'s"
folded); officials on the person's name; amounts on value (within 0.5%) and currency;
durations on ISO; figures on value and the counted noun's head word; dates on ISO, and
only dates at year, month or day granularity (the gold holds no weeks, quarters, seasons,
decades or centuries).
Items marked ``optional`` are not needed for recall and are not wrong when found.
A second row for an already matched organisation or official is a false positive;
a repeated mention of an already matched amount, duration, figure or date is neither
credited nor penalised.

Every number here must agree with the reference scorer ``gold/score_reference.py``;
``tests/test_evaluate.py`` checks that on a real run.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from pipeline.normalize.dates import POINT_GRANULARITIES

#: The fact tables the gold annotates, in the order they are reported.
SCORED_TABLES: tuple[str, ...] = ("organisations", "officials", "amounts", "durations", "figures", "dates")

#: One row per entity: a second row for an already matched entity is a false positive.
ONE_ROW_PER_ENTITY = frozenset({"organisations", "officials"})

#: Relative tolerance on money values (0.5%); counts must be equal.
AMOUNT_TOLERANCE = 0.005
#: Generational suffixes are not part of the name a reader compares.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Official titles agree when their word sets overlap this much (Jaccard).
TITLE_AGREEMENT = 2 / 3
#: Qualifiers are scored only in these tables.
QUALIFIED_TABLES = frozenset({"amounts", "durations", "figures"})
# Date rows at periods (week, quarter, season, decade, century: TimeML's value forms) are neither
# right nor wrong, as in the reference scorer: only POINT_GRANULARITIES are scored.

_POSSESSIVE = re.compile(r"'s\b")
_LEADING_THE = re.compile(r"^the\s+")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")

Row = Mapping[str, Any]


class GoldFileError(ValueError):
    """The gold file cannot be read as one JSON object per line."""


# --- folding and matching -----------------------------------------------------------


def fold(text: Any) -> str:
    """Fold a name for comparison: no accents, lower case, no leading "the" or "'s", words only.

    Args:
        text: Any value; ``None`` folds to ``""``.

    Returns:
        Lower-case ASCII words separated by single spaces.
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("\u2019", "'").lower().strip()
    plain = _POSSESSIVE.sub("", plain)
    plain = _LEADING_THE.sub("", plain)
    plain = _NOT_WORD.sub(" ", plain)
    return _SPACES.sub(" ", plain).strip()


def organisation_keys(row: Row, *, with_aliases: bool) -> set[str]:
    """The folded names an organisation row answers to (name, acronym, and aliases if asked)."""
    keys = {fold(row.get("name")), fold(row.get("acronym"))}
    if with_aliases:
        keys.update(fold(alias) for alias in row.get("aliases") or [])
    keys.discard("")
    return keys


def matches_organisation(predicted: Row, gold: Row) -> bool:
    """The predicted name or acronym is the gold name, acronym or one of its aliases."""
    return bool(organisation_keys(predicted, with_aliases=False) & organisation_keys(gold, with_aliases=True))


def name_words(name: Any) -> list[str]:
    """A person's folded name words without generational suffixes ("Jr.", "III")."""
    return [word for word in fold(name).split() if word not in NAME_SUFFIXES]


def matches_person(predicted: Row, gold: Row) -> bool:
    """Same person: same words, or same family name and first initial, or the same words in any order.

    The any-order rule lets "Min Gab-Ryong" (family name first) match "Gab-Ryong Min".
    """
    mine, theirs = name_words(predicted.get("name")), name_words(gold.get("name"))
    if not mine or not theirs:
        return False
    if mine == theirs:
        return True
    if mine[-1] == theirs[-1] and mine[0][0] == theirs[0][0]:
        return True
    return set(mine) == set(theirs)


def as_number(value: Any) -> float | None:
    """A float from a number, Decimal or numeric string; ``None`` when there is none."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def within(predicted: Any, gold: Any, tolerance: float) -> bool:
    """``predicted`` lies within a relative ``tolerance`` of ``gold`` (exactly 0 when gold is 0)."""
    mine, theirs = as_number(predicted), as_number(gold)
    if mine is None or theirs is None:
        return False
    if theirs == 0:
        return mine == 0
    return abs(mine - theirs) / abs(theirs) <= tolerance


def matches_amount(predicted: Row, gold: Row) -> bool:
    """Same value within 0.5% and the same currency (both missing counts as the same)."""
    same_currency = (predicted.get("currency") or "").upper() == (gold.get("currency") or "").upper()
    return within(predicted.get("value"), gold.get("value"), AMOUNT_TOLERANCE) and same_currency


def matches_duration(predicted: Row, gold: Row) -> bool:
    """Same ISO 8601 duration, case aside."""
    return (predicted.get("iso") or "").upper() == (gold.get("iso") or "").upper()


def head_noun(noun: Any) -> str:
    """The head word of a counted noun phrase, singular: "child victims" → "victim".

    The head of an "X of Y" phrase is X's last word ("counts of wire fraud" → "count").
    Only a plural "s" is dropped, and only from words longer than three letters.
    """
    words = fold(noun).split()
    if not words:
        return ""
    if "of" in words:
        words = words[: words.index("of")] or words
    head = words[-1]
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def matches_figure(predicted: Row, gold: Row) -> bool:
    """Exactly the same count of the same head noun."""
    same_head = head_noun(predicted.get("noun")) == head_noun(gold.get("noun"))
    return within(predicted.get("value"), gold.get("value"), 0.0) and same_head


def matches_date(predicted: Row, gold: Row) -> bool:
    """Same ISO date at the same granularity."""
    return str(predicted.get("iso") or "")[:10] == str(gold.get("iso") or "")[:10]


MATCHERS: dict[str, Callable[[Row, Row], bool]] = {
    "organisations": matches_organisation,
    "officials": matches_person,
    "amounts": matches_amount,
    "durations": matches_duration,
    "figures": matches_figure,
    "dates": matches_date,
}


def titles_agree(predicted: Any, gold: Any) -> bool:
    """Two titles mostly share their words (Jaccard of folded word sets at least 2/3)."""
    mine, theirs = set(fold(predicted).split()), set(fold(gold).split())
    if not mine or not theirs:
        return False
    return len(mine & theirs) / len(mine | theirs) >= TITLE_AGREEMENT


def organisations_agree(predicted: Any, gold: Any) -> bool:
    """An official's organisation is right when one folded name contains the other."""
    mine, theirs = fold(predicted), fold(gold)
    return bool(mine) and (mine in theirs or theirs in mine)


# --- counting -----------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """Counts for one table, summed over documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    title_n: int = 0
    title_ok: int = 0
    org_n: int = 0
    org_ok: int = 0
    qualifier_n: int = 0
    qualifier_ok: int = 0

    def precision_recall_f1(self) -> tuple[float, float, float]:
        """Precision, recall and F1 (0.0 where undefined)."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def _tally_attributes(table: str, predicted: Row, gold: Row, tally: Tally) -> None:
    if table == "officials":
        tally.title_n += 1
        tally.title_ok += titles_agree(predicted.get("title"), gold.get("title"))
        if fold(gold.get("organisation")):
            tally.org_n += 1
            tally.org_ok += organisations_agree(predicted.get("organisation"), gold.get("organisation"))
    if table in QUALIFIED_TABLES and gold.get("qualifier"):
        tally.qualifier_n += 1
        tally.qualifier_ok += (predicted.get("qualifier") or "exact") == gold.get("qualifier")


def score_document(table: str, predicted: Sequence[Row], gold: Sequence[Row], tally: Tally) -> None:
    """Match one document's predicted rows to its gold rows greedily, one to one; add to ``tally``.

    Each predicted row, in order, takes the first gold row it matches that is still free.
    Date rows at a granularity the gold does not annotate are left out first; a row without
    a granularity counts as a day, as in the reference scorer.
    """
    matches = MATCHERS[table]
    if table == "dates":
        predicted = [row for row in predicted if (row.get("granularity") or "day") in POINT_GRANULARITIES]
    taken = [False] * len(gold)
    for row in predicted:
        free = next((i for i, item in enumerate(gold) if not taken[i] and matches(row, item)), None)
        if free is None:
            repeats_a_match = any(taken[i] and matches(row, item) for i, item in enumerate(gold))
            if table in ONE_ROW_PER_ENTITY or not repeats_a_match:
                tally.fp += 1
            continue
        taken[free] = True
        if not gold[free].get("optional"):
            tally.tp += 1
        _tally_attributes(table, row, gold[free], tally)
    tally.fn += sum(1 for i, item in enumerate(gold) if not taken[i] and not item.get("optional"))


# --- reading ------------------------------------------------------------------------


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold file: one JSON object per non-empty line.

    Raises:
        GoldFileError: a line is not a JSON object with a ``source``.
    """
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or "source" not in row:
            raise GoldFileError(f"{path}:{number}: expected a JSON object with a 'source' field")
        rows.append(row)
    return rows


def read_rows(out_dir: str | Path, table: str) -> list[dict[str, Any]]:
    """A table's rows as dicts, in written order: from ``OUT/<table>/`` or ``OUT/<table>.parquet``.

    Read as written (no schema cast) so that output of any schema version can be scored.
    """
    out_dir = Path(out_dir)
    for candidate in (out_dir / table, out_dir / f"{table}.parquet"):
        if candidate.exists():
            return ds.dataset(str(candidate), format="parquet").to_table().to_pylist()
    return []


def gold_source_name(source: Any) -> str:
    """The file name that gold rows use for an ``articles.source`` path."""
    return str(source).replace("\\", "/").rsplit("/", 1)[-1]


def _group_by_document(rows: Iterable[Row]) -> dict[Any, list[Row]]:
    groups: dict[Any, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.get("doc_id"), []).append(row)
    return groups


# --- scoring ------------------------------------------------------------------------


def score(
    out_dir: str | Path, gold_rows: Sequence[Mapping[str, Any]], tables: Sequence[str] = SCORED_TABLES
) -> dict[str, Any]:
    """Score a run folder against gold rows.

    Args:
        out_dir: A run folder (one Parquet dataset per table).
        gold_rows: Gold documents as :func:`read_gold` returns them.
        tables: The tables to score; ``macro_f1`` averages their F1.

    Returns:
        ``{"docs", "missing_docs", "published_acc", <table>: {"p", "r", "f1", "tp", "fp", "fn",
        and "title_acc" / "org_acc" / "qualifier_acc" where they apply}, "macro_f1"}``, rounded
        to three decimals, in the reference scorer's key order.
    """
    unknown = [table for table in tables if table not in MATCHERS]
    if unknown:
        raise ValueError(f"cannot score {unknown}: the gold annotates {', '.join(SCORED_TABLES)}")
    article_by_source: dict[str, Row] = {}
    for article in read_rows(out_dir, "articles"):
        # The first article wins when two inputs share a file name, as in the reference.
        article_by_source.setdefault(gold_source_name(article.get("source")), article)
    predicted = {table: _group_by_document(read_rows(out_dir, table)) for table in tables}
    tallies = {table: Tally() for table in tables}
    missing = published_n = published_ok = 0
    for gold in gold_rows:
        article = article_by_source.get(gold["source"])
        if article is None:
            missing += 1
            for table in tables:
                tallies[table].fn += sum(1 for item in gold.get(table, []) if not item.get("optional"))
            continue
        if gold.get("published"):
            published_n += 1
            published_ok += str(article.get("published") or "")[:10] == gold["published"][:10]
        for table in tables:
            rows = predicted[table].get(article.get("doc_id"), [])
            score_document(table, rows, gold.get(table, []), tallies[table])
    return _summary(len(gold_rows), missing, published_ok, published_n, tallies)


def _ratio(ok: int, n: int) -> float:
    return round(ok / n, 3)


def _summary(docs: int, missing: int, published_ok: int, published_n: int, tallies: dict[str, Tally]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "docs": docs,
        "missing_docs": missing,
        "published_acc": _ratio(published_ok, published_n) if published_n else None,
    }
    f1s = []
    for table, tally in tallies.items():
        precision, recall, f1 = tally.precision_recall_f1()
        line: dict[str, Any] = {
            "p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3),
            "tp": tally.tp, "fp": tally.fp, "fn": tally.fn,
        }
        if tally.title_n:
            line["title_acc"] = _ratio(tally.title_ok, tally.title_n)
        if tally.org_n:
            line["org_acc"] = _ratio(tally.org_ok, tally.org_n)
        if tally.qualifier_n:
            line["qualifier_acc"] = _ratio(tally.qualifier_ok, tally.qualifier_n)
        result[table] = line
        f1s.append(f1)
    result["macro_f1"] = round(sum(f1s) / len(f1s), 3) if f1s else 0.0
    return result


def format_score(result: Mapping[str, Any]) -> str:
    """The score as the reference scorer prints it: a header, a line per table, macro F1."""
    lines = [f"docs {result['docs']}  missing {result['missing_docs']}  published_acc {result['published_acc']}"]
    for table in (key for key in result if key in MATCHERS):
        line = result[table]
        extra = "  ".join(f"{key} {value}" for key, value in line.items() if key.endswith("_acc"))
        lines.append(
            f"{table:14s} P {line['p']:.3f}  R {line['r']:.3f}  F1 {line['f1']:.3f}  "
            f"(tp {line['tp']} fp {line['fp']} fn {line['fn']})  {extra}"
        )
    lines.append(f"macro_f1 {result['macro_f1']}")
    return "\n".join(lines)
