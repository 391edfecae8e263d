"""`newsfacts report`: a self-contained page whose charts link to their rows, empty runs included."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.report import build_report, format_money, human_duration, input_label, site_label, write_report
from pipeline.schema import COUNTED, SCHEMAS, to_table

pytest.importorskip("matplotlib")
runner = CliRunner()
CHARTED = ("sources", "months", "organisations", "officials", "quotes", "programmes", "amounts", "events", "durations",
           "figures", "percentages", "dates")


def _write(out: Path, table: str, rows: list[dict]) -> None:
    (out / table).mkdir(parents=True, exist_ok=True)
    pq.write_table(to_table(table, rows), out / table / "part-0.parquet")


def _ev(i: int) -> dict:
    return {"start": i, "end": i + 2, "sentence": "s"}


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three documents from two inputs, one error, and some rows in every charted table."""
    out = tmp_path_factory.mktemp("report") / "run"
    _write(out, "articles", [
        {"doc_id": "doc-one", "source": "pages/one.html", "url": "https://www.justice.gov/x", "text": "t",
         "n_words": 1, "published": date(2018, 4, 13), "title": "Fraudster <sentenced>"},
        {"doc_id": "doc-two", "source": "crawl.warc.gz#<urn:1>", "url": None, "site_name": "Harbor Times",
         "text": "t", "n_words": 1, "published": date(2019, 1, 2), "title": "Two"},
        {"doc_id": "doc-three", "source": "pages/three.html", "text": "t", "n_words": 1, "published": None},
    ])
    _write(out, "errors", [
        {"doc_id": None, "source": "pages/empty.html", "stage": "read", "error": "empty_input",
         "message": "pages/empty.html is empty"},
    ])
    _write(out, "organisations", [
        {"doc_id": d, "org_id": i, "name": n, "acronym": a, "mentions": 1, **_ev(i)}
        for i, (d, n, a) in enumerate([("doc-one", "the FBI", None), ("doc-two", "FBI", "FBI"),
                                       ("doc-two", "Tax Division", None)])
    ])
    _write(out, "officials", [
        {"doc_id": "doc-one", "official_id": 0, "name": "Min Gab-Ryong", "title": "Commissioner General",
         "organisation": "KNPA", "mentions": 2, **_ev(0)},
    ])
    _write(out, "amounts", [
        {"doc_id": "doc-one", "amount_id": 0, "text": "$1.5 million", "value": Decimal("1500000"),
         "value_float": 1.5e6, "currency": "USD", "qualifier": "exact", "role": "restitution", **_ev(0)},
        {"doc_id": "doc-two", "amount_id": 0, "text": "EUR 2.1 million", "value": Decimal("2100000"),
         "value_float": 2.1e6, "currency": "EUR", "qualifier": "approx", **_ev(0)},
        {"doc_id": "doc-three", "amount_id": 0, "text": "120,384", "value": Decimal("120384.25"),
         "value_float": 120384.25, "currency": None, "qualifier": "exact", **_ev(0)},
    ])
    _write(out, "durations", [
        {"doc_id": "doc-one", "duration_id": 0, "text": "57 months", "value": 57.0, "unit": "month", "iso": "P57M",
         "qualifier": "exact", **_ev(0)},
        {"doc_id": "doc-two", "duration_id": 0, "text": "a year and a day", "value": 1.0, "unit": "year",
         "iso": "P1Y1D", "qualifier": "exact", **_ev(0)},
    ])
    _write(out, "figures", [
        {"doc_id": "doc-one", "figure_id": 0, "text": "three counts of wire fraud", "value": 3.0,
         "qualifier": "exact", "noun": "counts of wire fraud", **_ev(0)},
        {"doc_id": "doc-two", "figure_id": 0, "text": "21,000 child victims", "value": 21000.0,
         "qualifier": "more_than", "noun": "child victims", **_ev(0)},
    ])
    _write(out, "quotes", [
        # one quotation over two paragraphs (counted once), another by the same speaker, one unattributed
        {"doc_id": "doc-one", "quote_id": 0, "quote": "We will not stop.", "speaker": "Min Gab-Ryong",
         "speaker_title": "Commissioner General", "speaker_organisation": "KNPA", "official_id": 0,
         "rule": "said_speaker", **_ev(5)},
        {"doc_id": "doc-one", "quote_id": 1, "quote": "Not ever.", "speaker": "Min Gab-Ryong",
         "speaker_title": "Commissioner General", "speaker_organisation": "KNPA", "continued_from": 0,
         "rule": "said_speaker", **_ev(7)},
        {"doc_id": "doc-two", "quote_id": 0, "quote": "Funding matters.", "speaker": "Min Gab-Ryong",
         "speaker_organisation": "KNPA", "rule": "said_speaker", **_ev(1)},
        {"doc_id": "doc-two", "quote_id": 1, "quote": "Nobody said this.", "rule": "unattributed", **_ev(2)},
    ])
    _write(out, "programmes", [
        {"doc_id": d, "programme_id": 0, "name": n, "acronym": a, "kind": "project", "mentions": 2, **_ev(4)}
        for d, n, a in [("doc-one", "Project Stamp", None), ("doc-two", "the Project Stamp", "PS")]
    ])
    _write(out, "events", [
        {"doc_id": "doc-two", "event_id": 0, "kind": "funding", "funder": "KNPA", "recipient": "INTERPOL",
         "amount_id": 0, "duration_id": 0, "programme": "Project Stamp", "rule": "funding:for", **_ev(0)},
        {"doc_id": "doc-one", "event_id": 0, "kind": "sentencing", "defendant": "A. Fraudster", "amount_id": 0,
         "duration_id": 0, "rule": "sentenced_to", **_ev(0)},
        {"doc_id": "doc-one", "event_id": 1, "kind": "commitment", "funder": "Tax Division", "rule": "funding:amount",
         **_ev(1)},
    ])
    _write(out, "percentages", [
        {"doc_id": "doc-one", "text": "40 percent", "value": 40.0, "qualifier": "exact",
         "start": 1, "end": 3, "sentence": "Fraud fell by 40 percent."},
        {"doc_id": "doc-two", "text": "150%", "value": 150.0, "qualifier": "exact",
         "start": 1, "end": 3, "sentence": "Seizures rose 150%."},
    ])
    _write(out, "dates", [
        {"doc_id": "doc-one", "date_id": 0, "text": "April 2018", "iso": "2018-04", "date": date(2018, 4, 1),
         "granularity": "month", "relative": False, **_ev(0)},
        {"doc_id": "doc-one", "date_id": 1, "text": "Tuesday", "iso": "2018-04-10", "date": date(2018, 4, 10),
         "granularity": "day", "relative": True, **_ev(1)},
        {"doc_id": "doc-two", "date_id": 0, "text": "2015", "iso": "2015", "date": date(2015, 1, 1),
         "granularity": "year", "relative": False, **_ev(0)},
    ])
    return out


@pytest.fixture(scope="module")
def page(full_run: Path) -> str:
    """The report of ``full_run``, built once for the tests that only read it."""
    return build_report(full_run)


@pytest.fixture
def empty_run(tmp_path: Path) -> Path:
    """A fresh run folder: every table present, no rows at all."""
    out = tmp_path / "empty"
    for table in SCHEMAS:
        _write(out, table, [])
    return out


def _anchors(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_every_chart_links_to_its_rows(page: str) -> None:
    anchors = _anchors(page)
    for key in CHARTED:
        section = page[page.index(f'<section id="{key}">'):]
        section = section[: section.index("</section>")]
        assert "<svg" in section, key
        assert f'<a class="chart-link" href="#rows-{key}"' in section, key
        assert f"rows-{key}" in anchors, key
    for href in re.findall(r'<a[^>]* href="#([^"]+)"', page):
        assert href in anchors, href  # no dangling in-page link


def test_rows_name_doc_id_and_source(page: str) -> None:
    amounts = page[page.index('id="rows-amounts"'):]
    amounts = amounts[: amounts.index("</table>")]
    for doc_id, source, value in [("doc-one", "pages/one.html", "1,500,000"), ("doc-two", "crawl.warc.gz#&lt;urn:1&gt;",
                                                                                "2,100,000"),
                                  ("doc-three", "pages/three.html", "120,384.25")]:
        assert doc_id in amounts and source in amounts and value in amounts
    assert "Fraudster &lt;sentenced&gt;" in page  # text is escaped
    assert "<sentenced>" not in page


def test_groups_and_labels(page: str) -> None:
    # "the FBI" and "FBI" are one organisation found in two documents
    organisations = page[page.index('<section id="organisations">'):page.index('<section id="officials">')]
    assert "2 distinct names" in organisations
    assert "Min Gab-Ryong — Commissioner General, KNPA" in page
    assert "1 year 1 day  (P1Y1D)" in page and "57 months  (P57M)" in page
    assert "counts of wire fraud" in page
    errors = page[page.index('<section id="errors">'):]
    assert "<td>read</td><td>empty_input</td><td class=num>1</td>" in errors
    assert "25.0% of inputs" in errors
    # amounts: exact totals per currency and role; the undated document's amount is listed, not drawn
    assert "no currency" in page and "role not stated" in page and "restitution" in page
    assert "unspecified" not in page
    assert "1 amounts of zero or in undated documents are listed but not drawn" in page
    sources = page[page.index('<section id="sources">'):page.index('<section id="months">')]
    assert "justice.gov" in sources and "Harbor Times" in sources and "crawl.warc.gz" in sources


def test_page_is_self_contained(page: str) -> None:
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert "@import" not in page
    # every reference inside the page is to an anchor in the page (SVG ids included)
    for ref in re.findall(r'(?:href|src)="([^"]*)"', page):
        assert ref.startswith("#"), ref
    for ref in re.findall(r"url\(([^)]*)\)", page):
        assert ref.startswith("#"), ref


def test_empty_run_says_so_and_draws_nothing(empty_run: Path) -> None:
    page = build_report(empty_run)
    assert "<svg" not in page
    for message in ("No documents in this run.",
                    "No organisation in this run.", "No official in this run.", "No money amounts in this run.",
                    "No durations in this run.", "No figures in this run.", "No errors: every input became an article.",
                    "No quotations in this run.", "No programme in this run.", "No events in this run.",
                    "No percentages in this run.", "No dates in this run."):
        assert message in page, message
    assert 'id="rows-amounts"' in page  # anchors exist even when empty


def test_missing_tables_are_empty_tables(tmp_path: Path) -> None:
    out = tmp_path / "only-articles"
    _write(out, "articles", [{"doc_id": "d", "source": "a.html", "text": "t", "n_words": 1}])
    page = build_report(out)
    assert "No money amounts in this run." in page
    assert "None of the 1 documents has a publication date." in page


def test_max_rows_caps_the_tables(full_run: Path) -> None:
    page = build_report(full_run, max_rows=1)
    assert "first 1 of 3 amount rows" in page
    amounts = page[page.index('id="rows-amounts"'):]
    assert amounts[: amounts.index("</table>")].count("<tr>") == 2  # header + one row


def test_cli_writes_the_page(full_run: Path, tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(full_run, copy)
    result = runner.invoke(app, ["report", str(copy)])
    assert result.exit_code == 0, result.output
    assert (copy / "report.html").is_file()
    target = tmp_path / "pages" / "r.html"
    result = runner.invoke(app, ["report", str(full_run), "--html", str(target), "--max-rows", "2"])
    assert result.exit_code == 0 and target.is_file()
    assert "first 2 of 3" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, message", [("missing", "no such run folder"), ("plain", "holds no tables")])
def test_cli_usage_errors(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "plain").mkdir()
    result = runner.invoke(app, ["report", str(tmp_path / name)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_matplotlib_says_how_to_install(full_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install 'newsfacts\[report\]'"):
        build_report(full_run)
    result = runner.invoke(app, ["report", str(full_run)])
    assert result.exit_code == 2 and "newsfacts[report]" in result.stderr


def test_helpers() -> None:
    assert human_duration("P1Y1D") == "1 year 1 day"
    assert human_duration("P57M") == "57 months"
    assert human_duration("PT36H") == "36 hours"
    assert human_duration("PT5M") == "5 minutes"
    assert input_label("crawl/a.warc.gz#<urn:uuid:1>") == "a.warc.gz"
    assert input_label("/data/doj/html/release_1.html.gz") == "html"
    assert input_label("one.html") == "."
    assert site_label("https://www.justice.gov/opa/pr/x", "DOJ") == "justice.gov"
    assert site_label(None, "Harbor Times") == "Harbor Times"
    assert site_label(None, None) == "unknown site"
    assert format_money(Decimal("2100000.0000")) == "2,100,000"
    assert format_money(Decimal("131391.95")) == "131,391.95"


def _section(page: str, key: str) -> str:
    part = page[page.index(f'<section id="{key}">'):]
    return part[: part.index("</section>")]


def test_quotes_programmes_events_percentages_and_dates(page: str) -> None:
    quotes = _section(page, "quotes")
    # a quotation running over two paragraphs counts once; the unattributed one is listed last
    assert "3 quotations (4 paragraphs) from 1 speakers" in quotes
    assert "1 quotations have no known speaker" in quotes
    assert "Min Gab-Ryong — Commissioner General, KNPA" in quotes and "Nobody said this." in quotes
    programmes = _section(page, "programmes")
    assert "2 programme rows, 1 distinct names" in programmes  # "the Project Stamp" is "Project Stamp"
    events = _section(page, "events")
    assert "3 events (" in events and "funding 1" in events and "sentencing 1" in events
    # funder → recipient → amount, the money read from the amounts row the event points to
    assert ("<td>KNPA</td><td>→</td><td>INTERPOL</td><td>EUR</td><td class=num>1</td><td class=num>1</td>"
            "<td class=num>2,100,000</td>") in events
    assert "A. Fraudster" in events and "$1.5 million" in events and "P57M" in events
    assert "Tax Division" not in events[: events.index('id="rows-events"')]  # no amount: not in the sums
    percentages = _section(page, "percentages")
    assert "2 percentages in 2 documents" in percentages and "over 100%" in percentages
    assert "Seizures rose 150%." in percentages  # the sentence says what it is a share of
    dates = _section(page, "dates")
    assert "3 dates named in the texts from 2015 to 2018" in dates and "1 are relative" in dates


def _organisations_with_ids(out: Path, rows: list[tuple[str, str, str | None]]) -> None:
    """An organisations part carrying the entity_id column the run-wide entities pass fills."""
    table = to_table("organisations", [
        {"doc_id": d, "org_id": i, "name": n, "mentions": 1, "entity_id": e, **_ev(i)} for i, (d, n, e) in enumerate(rows)
    ])
    (out / "organisations").mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out / "organisations" / "part-0.parquet")


def _entities_run(tmp_path: Path, *, with_table: bool, with_ids: bool = True) -> Path:
    out = tmp_path / "entities-run"
    _write(out, "articles", [
        {"doc_id": d, "source": f"in/{d}.html", "text": "t", "n_words": 1} for d in ("a", "b", "c")
    ])
    names = [("a", "Federal Bureau of Investigation", "e1"), ("b", "FBI", "e1"), ("c", "F.B.I.", "e1"), ("c", "Tax Division", "e2")]
    if with_ids:
        _organisations_with_ids(out, names)
        officials = to_table("officials", [
            {"doc_id": d, "official_id": 0, "name": n, "title": "Director", "mentions": 1, "entity_id": "e7", **_ev(0)}
            for d, n in (("a", "Jane Roe"), ("b", "J. Roe"))
        ])
        (out / "officials").mkdir(parents=True, exist_ok=True)
        pq.write_table(officials, out / "officials" / "part-0.parquet")
    else:
        _write(out, "organisations", [
            {"doc_id": d, "org_id": i, "name": n, "mentions": 1, **_ev(i)} for i, (d, n, _) in enumerate(names)
        ])
    if with_table:
        (out / "entities").mkdir()
        counted = lambda *pairs: [{"value": v, "count": c} for v, c in pairs]  # noqa: E731
        pq.write_table(pa.table({
            "entity_id": ["e1", "e2", "e7"],
            "kind": ["organisation", "organisation", "person"],
            "name": ["Federal Bureau of Investigation", "Tax Division", "Jane Roe"],
            "acronym": ["FBI", None, None],
            "n_documents": pa.array([3, 1, 2], type=pa.int32()),
            "titles": pa.array([[], [], counted(("Deputy Director", 1), ("Director", 2))], type=COUNTED),
            "organisations": pa.array([[], [], counted(("FBI", 2))], type=COUNTED),
        }), out / "entities" / "part-0.parquet")
    return out


def test_charts_count_the_runs_entities_when_it_has_them(tmp_path: Path) -> None:
    page = build_report(_entities_run(tmp_path, with_table=True))
    organisations = _section(page, "organisations")
    assert "4 organisation rows, 2 distinct organisations across the run (its entities table)" in organisations
    chart = organisations[: organisations.index('id="rows-organisations"')]
    assert "Federal Bureau of Investigation (FBI)" in chart and "F.B.I." not in chart
    assert "<th>entity_id</th>" in organisations
    officials = _section(page, "officials")
    assert "2 official rows, 1 distinct officials across the run" in officials
    assert "Jane Roe — Director, FBI" in officials


@pytest.mark.parametrize("with_table, with_ids", [(False, True), (True, False)])
def test_charts_count_folded_names_without_entities(tmp_path: Path, with_table: bool, with_ids: bool) -> None:
    page = build_report(_entities_run(tmp_path, with_table=with_table, with_ids=with_ids))
    organisations = _section(page, "organisations")
    # each spelling is its own name (folding does not merge "FBI" and "F.B.I." or the long form)
    assert "4 organisation rows, 4 distinct names" in organisations
    assert "<th>entity_id</th>" not in organisations


def _png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Width, height and number of distinct row colours-bytes of a PNG (stdlib only)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, pos = [], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return width, height, len(set(raw[:: 97]))


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


#: Each charted section, in page order, and a colour only its chart draws in (bars, or a scatter's
#: dots at alpha 0.8 over white); the screenshot must show them in this order.
SECTION_COLOURS = (
    ("sources", (214, 39, 40)), ("organisations", (255, 127, 14)), ("officials", (23, 190, 207)),
    ("quotes", (140, 86, 75)), ("programmes", (227, 119, 194)), ("events", (255, 153, 62)),
    ("durations", (44, 160, 44)), ("figures", (148, 103, 189)), ("percentages", (188, 189, 34)),
    ("dates", (44, 160, 44)),
)
SECTION_BACKGROUND, PAGE_BACKGROUND = (255, 255, 255), (244, 245, 247)


def _white_bands(image, x: int) -> list[tuple[int, int]]:
    """Vertical runs of white at column ``x``: the page's cards and section boxes, top to bottom."""
    pixels = image.load()
    bands, start = [], None
    for y in range(image.size[1]):
        white = pixels[x, y] == SECTION_BACKGROUND
        if white and start is None:
            start = y
        elif not white and start is not None:
            bands.append((start, y))
            start = None
    if start is not None:
        bands.append((start, image.size[1]))
    return [(top, bottom) for top, bottom in bands if bottom - top > 40]


def _has_colour(image, box: tuple[int, int, int, int], colour: tuple[int, int, int], tolerance: int = 3) -> bool:
    colours = image.crop(box).getcolors(maxcolors=1 << 22) or []
    near = sum(n for n, c in colours if all(abs(a - b) <= tolerance for a, b in zip(c, colour)))
    return near >= 12


def test_screenshot_in_headless_chromium(full_run: Path, tmp_path: Path) -> None:
    """The page as a browser draws it: every section box, each chart in its own colour, in order."""
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    image_module = pytest.importorskip("PIL.Image")  # Pillow comes with matplotlib
    page = write_report(full_run, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    height = 16000  # taller than the page: one screenshot holds every section
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--screenshot={shot}", f"--window-size=1280,{height}",
        page.resolve().as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    width, shot_height, colours = _png_size_and_colours(shot)
    assert (width, shot_height) == (1280, height)
    assert colours > 20, "the screenshot is (nearly) blank"
    image = image_module.open(shot).convert("RGB")
    # inside the boxes' left padding: main's content is 1,180 px wide, centred, and padded 28 px
    # each side, so the boxes start at x = 50 (and their text 20 px further in)
    bands = _white_bands(image, (1280 - 1180 - 2 * 28) // 2 + 28 + 8)
    sections = [band for band in bands if band[1] - band[0] > 200]  # cards are short boxes
    assert len(sections) == len(re.findall(r"<section id=", page.read_text(encoding="utf-8")))
    assert sections[-1][1] < height - 100, "the page is longer than the screenshot"
    assert image.getpixel((640, height - 10)) == PAGE_BACKGROUND
    found, position = [], 0
    for key, colour in SECTION_COLOURS:
        while position < len(sections) and not _has_colour(image, (0, sections[position][0], width,
                                                                   sections[position][1]), colour):
            position += 1
        if position < len(sections):
            found.append(key)
            position += 1
    assert found == [key for key, _ in SECTION_COLOURS]


def test_the_dates_chart_spans_most_dates_and_counts_the_rest(tmp_path: Path) -> None:
    """One founding year far from the rest is listed but does not squeeze the chart's years."""
    out = tmp_path / "dates-run"
    _write(out, "articles", [{"doc_id": "d", "source": "a.html", "text": "t", "n_words": 1}])
    years = [1850] + [2015 + i % 5 for i in range(199)]
    _write(out, "dates", [
        {"doc_id": "d", "date_id": i, "text": str(y), "iso": str(y), "date": date(y, 1, 1), "granularity": "year",
         "relative": False, **_ev(i)} for i, y in enumerate(years)
    ])
    dates = _section(build_report(out), "dates")
    assert "200 dates named in the texts from 1850 to 2019" in dates
    assert "The 1 dates outside 2015–2019 are listed but not drawn." in dates
    assert "1850-01-01" not in dates and ">1850<" in dates  # in the rows, not on the chart's axis
