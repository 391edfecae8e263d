"""Reading inputs: every format, stable ids, and bad input that never raises."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.records import ErrorRecord, RawDocument
from pipeline.sources import base_suffix, decode_html, doc_id_for, expand_inputs, iter_documents, read_path, scan_inputs

PAGE = (
    "<html><head><title>Council approves budget</title></head><body><article>"
    "<h1>Council approves budget</h1><p>The city council approved a budget of $4 million on Monday.</p>"
    "</article></body></html>"
).encode()


def write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def read(path: Path, **kwargs) -> list[RawDocument | ErrorRecord]:
    return list(read_path(path, **kwargs))


def only_error(items: list[RawDocument | ErrorRecord]) -> ErrorRecord:
    assert len(items) == 1 and isinstance(items[0], ErrorRecord), items
    assert items[0].stage == "read" and items[0].message
    return items[0]


# --- names and ids --------------------------------------------------------------------------


def test_base_suffix_ignores_gz_and_case() -> None:
    assert base_suffix(Path("a/b.warc.gz")) == ".warc"
    assert base_suffix(Path("PAGE.HTML.GZ")) == ".html"
    assert base_suffix(Path("notes.txt")) == ".txt"
    assert base_suffix(Path("archive.gz")) == ""


def test_doc_id_depends_on_bytes_and_record_only() -> None:
    assert doc_id_for(b"abc") == doc_id_for(b"abc")
    assert doc_id_for(b"abc") != doc_id_for(b"abd")
    assert doc_id_for(b"abc", "rec-1") != doc_id_for(b"abc", "rec-2")
    assert doc_id_for(b"abc", "rec-1") != doc_id_for(b"abc")


def test_a_file_name_that_is_not_utf8_is_read_and_named_with_escapes(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.html")  # Latin-1 bytes, as old archives and Windows shares have
    path = write(tmp_path / name, PAGE)
    assert expand_inputs([tmp_path]) == [path]
    (document,) = read(path)
    assert isinstance(document, RawDocument) and document.content == PAGE
    assert document.source == f"{tmp_path}/caf\\xe9.html"
    document.source.encode("utf-8")  # storable


def test_lone_surrogates_in_json_fields_are_stored_as_escapes(tmp_path: Path) -> None:
    line = b'{"id": "bad-\\ud800-id", "url": "https://example.org/\\udc80", "title": "T\\ud800", "text": "Body \\udfff text."}'
    (document,) = read(write(tmp_path / "feed.jsonl", line + b"\n"))
    assert isinstance(document, RawDocument)
    assert document.source.endswith("#bad-\\ud800-id") and document.url == "https://example.org/\\udc80"
    assert document.content.decode("utf-8") == "T\ufffd\n\nBody \ufffd text."
    assert document.doc_id == read(tmp_path / "feed.jsonl")[0].doc_id


# --- single documents -----------------------------------------------------------------------


def test_html_htm_and_gzip_give_one_document_with_the_same_id(tmp_path: Path) -> None:
    plain = read(write(tmp_path / "a.html", PAGE))
    htm = read(write(tmp_path / "b.htm", PAGE))
    packed = read(write(tmp_path / "c.html.gz", gzip.compress(PAGE)))
    for items in (plain, htm, packed):
        assert len(items) == 1 and isinstance(items[0], RawDocument)
        assert items[0].kind == "html" and items[0].content == PAGE
    # Same bytes, same id, whatever the file is called or how it is compressed.
    assert plain[0].doc_id == htm[0].doc_id == packed[0].doc_id
    assert plain[0].source == str(tmp_path / "a.html")


def test_gzip_is_recognised_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    (hidden,) = read(write(tmp_path / "page.html", gzip.compress(PAGE)))
    (misnamed,) = read(write(tmp_path / "page2.html.gz", PAGE))
    assert isinstance(hidden, RawDocument) and hidden.content == PAGE
    assert isinstance(misnamed, RawDocument) and misnamed.content == PAGE


def test_txt_is_a_text_document(tmp_path: Path) -> None:
    (doc,) = read(write(tmp_path / "release.txt", b"Title\n\nKABUL, Afghanistan (Jan. 25, 2013) - Body."))
    assert isinstance(doc, RawDocument) and doc.kind == "text"


def test_text_in_another_encoding_is_still_a_document(tmp_path: Path) -> None:
    latin = "Le préfet a annoncé une aide de 2 millions d’euros.".encode("cp1252")
    (doc,) = read(write(tmp_path / "fr.txt", latin))
    assert isinstance(doc, RawDocument)
    utf16 = "<html><body><p>Über 200 Beamte</p></body></html>".encode("utf-16")
    (page,) = read(write(tmp_path / "de.html", utf16))
    assert isinstance(page, RawDocument), "UTF-16 is text, not binary"
    assert "Über 200 Beamte" in decode_html(page.content)
    no_bom = "Police seized 200 kg of cocaine in Hamburg, the Zoll said.".encode("utf-16-le")
    (release,) = read(write(tmp_path / "no-bom.txt", no_bom))
    assert isinstance(release, RawDocument) and decode_html(release.content).startswith("Police seized 200 kg")
    assert decode_html("<p>Zoll</p>".encode("utf-16-be")) == "<p>Zoll</p>"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "empty_input"),
        (b"   \n\t  \n", "empty_input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary_input"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary_input"),
        (bytes(range(256)) * 8, "binary_input"),
    ],
)
def test_bad_single_documents_give_one_error_row(tmp_path: Path, content: bytes, error: str) -> None:
    for name in ("bad.html", "bad.txt"):
        assert only_error(read(write(tmp_path / name, content))).error == error


def test_truncated_gzip_is_one_error_with_the_reason(tmp_path: Path) -> None:
    packed = gzip.compress(PAGE * 50)
    record = only_error(read(write(tmp_path / "cut.html.gz", packed[: len(packed) // 2])))
    assert record.error == "corrupt_gzip" and "gzip" in record.message and record.doc_id


def test_too_large_and_unreadable(tmp_path: Path) -> None:
    assert only_error(read(write(tmp_path / "big.html", PAGE), max_bytes=50)).error == "too_large"
    assert only_error(read(tmp_path / "missing.html")).error == "unreadable"
    (tmp_path / "folder.html").mkdir()
    assert only_error(read(tmp_path / "folder.html")).error == "unreadable"


# --- JSONL ----------------------------------------------------------------------------------


def jsonl(*rows: object) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in rows)


def test_a_jsonl_line_nested_too_deeply_is_an_errors_row(tmp_path: Path) -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    items = read(write(tmp_path / "deep.jsonl", jsonl({"id": "ok", "text": "A body."}) + deep + b"\n"))
    assert [type(i).__name__ for i in items] == ["RawDocument", "ErrorRecord"]
    assert items[1].error == "bad_json" and "nested too deeply" in items[1].message


def test_jsonl_one_item_per_line_with_fields(tmp_path: Path) -> None:
    content = jsonl(
        {"id": "a1", "html": PAGE.decode(), "url": "https://example.org/a", "published": "2024-09-02T10:00:00Z"},
        {"text": "Body of a wire story.", "title": "Wire headline", "published": "not a date"},
        b"",
        b"{not json",
        [1, 2],
        {"id": "empty", "body": "no html or text field"},
        {"id": "blank", "text": "   "},
    )
    items = read(write(tmp_path / "feed.jsonl", content))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "ErrorRecord", "ErrorRecord", "ErrorRecord", "ErrorRecord"]
    first, second, bad, not_object, no_content, blank = items
    assert first.kind == "html" and first.url == "https://example.org/a" and first.published == dt.date(2024, 9, 2)
    assert first.source.endswith("feed.jsonl#a1")
    assert second.kind == "text" and second.content.decode().startswith("Wire headline\n\nBody")
    assert second.published is None and second.source.endswith("#L2")
    assert bad.error == "bad_json" and "line 4" in bad.message
    assert not_object.error == "bad_json" and no_content.error == "no_content" and blank.error == "empty_input"
    again = read(tmp_path / "feed.jsonl")
    assert [i.doc_id for i in again] == [i.doc_id for i in items], "ids are stable across reads"


def test_jsonl_gz_truncated_keeps_the_lines_before_the_damage(tmp_path: Path) -> None:
    rows = [{"id": f"n{i}", "text": f"Story number {i} about the council budget."} for i in range(3000)]
    packed = gzip.compress(jsonl(*rows))
    items = read(write(tmp_path / "feed.jsonl.gz", packed[: len(packed) * 2 // 3]))
    documents = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert 100 < len(documents) < 3000
    assert [d.source.rsplit("#", 1)[1] for d in documents] == [f"n{i}" for i in range(len(documents))]
    assert len(errors) == 1 and errors[0].error == "corrupt_gzip" and errors[0] is items[-1]


def test_empty_jsonl_is_one_error(tmp_path: Path) -> None:
    assert only_error(read(write(tmp_path / "none.jsonl", b"\n\n"))).error == "empty_input"


# --- WARC -----------------------------------------------------------------------------------


def make_warc(gzip_records: bool = True) -> bytes:
    """Two HTML responses among a request, an image, a redirect and a 404, written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)

    def response(url: str, body: bytes, status: str = "200 OK", content_type: str = "text/html; charset=utf-8") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

    request = StatusAndHeaders("GET /one HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://example.org/one", "request", http_headers=request))
    response("https://example.org/one", PAGE)
    response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    response("https://example.org/old", b"<html>moved</html>", status="301 Moved Permanently")
    response("https://example.org/missing", b"<html>not found</html>", status="404 Not Found")
    response("https://example.org/two", PAGE.replace(b"budget", b"housing plan") * 3)
    return buffer.getvalue()


@pytest.mark.parametrize("packed", [True, False], ids=["warc.gz", "warc"])
def test_warc_html_responses_only(tmp_path: Path, packed: bool) -> None:
    path = write(tmp_path / ("crawl.warc.gz" if packed else "crawl.warc"), make_warc(packed))
    items = read(path)
    assert all(isinstance(i, RawDocument) for i in items), items
    assert [i.url for i in items] == ["https://example.org/one", "https://example.org/two"]
    assert items[0].content == PAGE and items[0].kind == "html"
    assert items[0].source.startswith(f"{path}#<urn:uuid:")
    assert [i.doc_id for i in read(path)] == [i.doc_id for i in items], "same archive, same ids"
    assert items[0].doc_id != doc_id_for(PAGE), "the record id is part of an archived page's id"


@pytest.mark.parametrize("packed", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("cut", [0.97, 0.9, 0.75])
def test_truncated_warc_keeps_documents_before_the_damage(tmp_path: Path, packed: bool, cut: float) -> None:
    data = make_warc(packed)
    items = read(write(tmp_path / ("cut.warc.gz" if packed else "cut.warc"), data[: int(len(data) * cut)]))
    documents = [i for i in items if isinstance(i, RawDocument)]
    assert [d.url for d in documents] == ["https://example.org/one"]
    assert documents[0].content == PAGE
    error = items[-1]
    assert isinstance(error, ErrorRecord) and error.error == "corrupt_warc" and "1 document(s)" in error.message
    assert len(items) == 2


def _warc_of_pages(count: int, packed: bool) -> list[bytes]:
    """``count`` HTML responses, each record's bytes apart (a gzip member each when packed)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = []
    for i in range(count):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=packed)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = PAGE.replace(b"$4 million", f"${i + 1} million".encode())
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response", payload=io.BytesIO(body), http_headers=headers))
        records.append(buffer.getvalue())
    return records


@pytest.mark.parametrize("packed", [True, False], ids=["warc.gz", "warc"])
def test_a_damaged_record_in_the_middle_is_one_row_and_every_record_after_it_is_read(tmp_path: Path, packed: bool) -> None:
    records = _warc_of_pages(20, packed)
    damaged = bytearray(records[10])
    if packed:
        middle = len(damaged) // 2
        damaged[middle : middle + 40] = b"\x00" * 40  # a corrupted stretch of one gzip member
    else:
        damaged[:30] = b"this line is not a WARC header\n"[:30]
    records[10] = bytes(damaged)
    items = read(write(tmp_path / ("crawl.warc.gz" if packed else "crawl.warc"), b"".join(records)))
    urls = [i.url for i in items if isinstance(i, RawDocument)]
    assert urls == [f"https://example.org/{i}" for i in range(20) if i != 10]
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert [e.error for e in errors] == ["corrupt_record"]
    assert "records after them were read" in errors[0].message
    assert isinstance(items[10], ErrorRecord), "the damaged record's row keeps its place"


def test_warc_that_is_not_a_warc(tmp_path: Path) -> None:
    assert only_error(read(write(tmp_path / "junk.warc", b"hello, this is not an archive\n" * 20))).error == "corrupt_warc"
    assert only_error(read(write(tmp_path / "junk.warc.gz", gzip.compress(b"nope" * 100)))).error == "corrupt_warc"
    assert only_error(read(write(tmp_path / "empty.warc.gz", b""))).error == "empty_input"


def test_warc_without_html_is_one_error(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    assert only_error(read(write(tmp_path / "info.warc.gz", buffer.getvalue()))).error == "no_documents"


# --- never raises ---------------------------------------------------------------------------

SUFFIXES = ("page.html", "page.html.gz", "release.txt", "feed.jsonl", "feed.jsonl.gz", "crawl.warc", "crawl.warc.gz", "x.arc")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=600), st.binary(max_size=60).map(lambda b: gzip.compress(b)[: len(b) // 2 + 5])),
       name=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_format_never_raise(tmp_path: Path, content: bytes, name: str) -> None:
    path = write(tmp_path / name, content)
    items = read(path)
    assert items, "every input file gives at least one row"
    assert all(isinstance(i, (RawDocument, ErrorRecord)) for i in items)


@pytest.mark.parametrize("packed", [True, False])
def test_damaged_archive_bytes_never_raise(tmp_path: Path, packed: bool) -> None:
    data = bytearray(make_warc(packed))
    for start in range(0, len(data), max(1, len(data) // 25)):
        damaged = bytes(data[:start]) + b"\x00garbage\xff" * 3 + bytes(data[start + 30 :])
        items = read(write(tmp_path / ("d.warc.gz" if packed else "d.warc"), damaged))
        assert items and all(isinstance(i, (RawDocument, ErrorRecord)) for i in items)


# --- inputs ---------------------------------------------------------------------------------


def test_expand_inputs_folders_globs_and_files(tmp_path: Path) -> None:
    write(tmp_path / "in/b.html", PAGE)
    write(tmp_path / "in/a.txt", b"x")
    write(tmp_path / "in/deep/c.warc.gz", b"x")
    write(tmp_path / "in/deep/d.jsonl", b"x")
    write(tmp_path / "in/notes.md", b"x")
    write(tmp_path / "in/.hidden/e.html", PAGE)
    write(tmp_path / "in/.f.html", PAGE)
    write(tmp_path / "other/page.php", PAGE)
    write(tmp_path / "other/raw.dat", PAGE)
    folder = expand_inputs([tmp_path / "in"])
    assert [p.relative_to(tmp_path / "in").as_posix() for p in folder] == ["a.txt", "b.html", "deep/c.warc.gz", "deep/d.jsonl"]
    assert expand_inputs([str(tmp_path / "other" / "*.php")]) == [tmp_path / "other/page.php"]
    assert expand_inputs([tmp_path / "other/raw.dat"]) == [tmp_path / "other/raw.dat"], "a named file is read whatever its suffix"
    both = expand_inputs([tmp_path / "in", tmp_path / "in/b.html", str(tmp_path / "in/*.html")])
    assert len(both) == len(folder), "no repeats"
    with pytest.raises(InputError):
        expand_inputs([tmp_path / "nope"])
    with pytest.raises(InputError):
        expand_inputs([str(tmp_path / "other" / "*.html")])


def test_iter_documents_one_row_per_document(tmp_path: Path) -> None:
    write(tmp_path / "1.html", PAGE)
    write(tmp_path / "2.html", b"")
    write(tmp_path / "3.jsonl", jsonl({"text": "one story here"}, {"text": "two stories here"}, b"{bad"))
    write(tmp_path / "4.warc.gz", make_warc(True))
    items = list(iter_documents([tmp_path]))
    kinds = [(Path(i.source.split("#")[0]).name, type(i).__name__) for i in items]
    assert kinds == [
        ("1.html", "RawDocument"), ("2.html", "ErrorRecord"),
        ("3.jsonl", "RawDocument"), ("3.jsonl", "RawDocument"), ("3.jsonl", "ErrorRecord"),
        ("4.warc.gz", "RawDocument"), ("4.warc.gz", "RawDocument"),
    ]


# --- decoding -------------------------------------------------------------------------------


def test_decode_html_bom_declared_charset_and_fallback() -> None:
    assert decode_html("<p>Zürich</p>".encode("utf-8-sig")) == "<p>Zürich</p>"
    declared = '<meta charset="windows-1252"><p>“Quoted” – café</p>'.encode("cp1252")
    assert "“Quoted”" in decode_html(declared) and "café" in decode_html(declared)
    assert decode_html("<p>naïve</p>".encode()) == "<p>naïve</p>"
    assert isinstance(decode_html(b"<p>\xff\xfe\xfa broken \x81</p>"), str)


def test_files_that_are_not_documents_are_counted_and_pages_without_a_page_suffix_are_read(tmp_path: Path) -> None:
    write(tmp_path / "in/a.html", PAGE)
    write(tmp_path / "in/story.php", PAGE)
    write(tmp_path / "in/section/index", b"\n  <!DOCTYPE html>" + PAGE)
    write(tmp_path / "in/data.json", b'{"html": "<html><body>x</body></html>"}')
    write(tmp_path / "in/feed.xml", b"<?xml version='1.0'?><rss></rss>")
    write(tmp_path / "in/old.html.bz2", b"BZh91AY&SY")
    (tmp_path / "in/gone.html").symlink_to(tmp_path / "nowhere.html")
    os.mkfifo(tmp_path / "in/pipe")
    write(tmp_path / "in/out/_manifest/x.json", b"{}")  # a run folder inside the inputs
    write(tmp_path / "in/out/articles.html", PAGE)
    write(tmp_path / "in/mine/report.html", PAGE)
    scan = scan_inputs([tmp_path / "in"], exclude=[tmp_path / "in/mine"])
    assert [p.relative_to(tmp_path / "in").as_posix() for p in scan.paths] == ["a.html", "story.php", "section/index"]
    assert scan.skipped == {".json": 1, ".xml": 1, ".bz2": 1, "broken link": 1, "FIFO": 1}  # a .bz2 is not unpacked
    assert sum(scan.skipped.values()) == 5 and len(scan.examples) == 5
    assert expand_inputs([tmp_path / "in/mine/report.html"], exclude=[tmp_path / "in/mine"]) == []


@pytest.mark.parametrize("packed", [False, True], ids=["jsonl", "jsonl.gz"])
def test_an_overlong_jsonl_line_is_refused_without_being_held_whole(tmp_path: Path, packed: bool, monkeypatch) -> None:
    from pipeline import sources

    longest: list[int] = []
    parse = sources.jsonl_document

    def watched(line: bytes, *args, **kwargs):
        longest.append(len(line))
        return parse(line, *args, **kwargs)

    monkeypatch.setattr(sources, "jsonl_document", watched)
    content = jsonl({"text": "x" * 50_000}, {"id": "after", "text": "The council met on Monday."})
    path = write(tmp_path / ("feed.jsonl.gz" if packed else "feed.jsonl"), gzip.compress(content) if packed else content)
    items = read(path, max_bytes=1_000)
    assert [(type(i).__name__, i.source.rsplit("#", 1)[1]) for i in items] == [("ErrorRecord", "L1"), ("RawDocument", "after")]
    assert items[0].error == "too_large" and max(longest) <= 1_001


@pytest.mark.parametrize("tail", [b"", b"not a record at all\n" * 5], ids=["records", "records-then-junk"])
def test_reading_a_grown_warc_on_from_where_it_stopped_gives_what_reading_it_whole_gives(tmp_path: Path, tail: bytes) -> None:
    from pipeline.sources import ReadEnd, Span

    records = _warc_of_pages(5, True)
    path = write(tmp_path / "crawl.warc.gz", b"".join(records[:2]))
    first_end = ReadEnd()
    first = read(path, span=Span(0, path.stat().st_size), read_end=first_end)
    assert first_end.clean and first_end.records == 2
    stopped = path.stat().st_size
    path.write_bytes(path.read_bytes() + b"".join(records[2:]) + tail)
    rest = read(path, span=first_end.next_span(stopped))
    assert [(type(i).__name__, i.source, getattr(i, "message", "")) for i in first + rest] == [
        (type(i).__name__, i.source, getattr(i, "message", "")) for i in read(path)
    ]
