"""Rebuild the binary samples from their sources in ``samples/sources/``, byte for byte.

    .venv/bin/python samples/make_warc.py

Writes:

* ``press-releases.warc.gz`` — a small crawl as a web archiver would store it: a
  ``warcinfo`` record, then for each of two press releases a ``request`` and an HTML
  ``response`` record, plus one ``robots.txt`` response (``text/plain``). newsfacts reads
  only the two HTML responses, so the archive holds exactly two documents.
* ``donor-pledges-three-currencies.html.gz`` — one page stored gzip-compressed.

Record ids, dates and gzip headers are fixed, so rerunning the script gives identical
files (the tests and the expectation files name the records by these ids).
"""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
CRAWL_DATE = "2024-10-23T08:00:00Z"

#: (source file, URL, WARC-Record-ID of the response) for each archived press release.
ARCHIVED_PAGES = (
    (
        "warc-ofac-settlement.html.in",
        "https://treasury.example/news/press-releases/ofac-settles-kestrel-marine-logistics",
        "<urn:uuid:6f1d2c3a-0b4e-4f5a-9c7d-1a2b3c4d5e01>",
    ),
    (
        "warc-spf-scam-arrests.html.in",
        "https://police.example.sg/media-room/news/20241022_27_persons_arrested_job_scams",
        "<urn:uuid:6f1d2c3a-0b4e-4f5a-9c7d-1a2b3c4d5e02>",
    ),
)


def _record_id(n: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"


def write_warc(target: Path) -> None:
    """The two-release archive, with the records a crawler writes around them."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    info = writer.create_warcinfo_record(
        target.name,
        {"software": "newsfacts samples/make_warc.py", "format": "WARC File Format 1.0",
         "description": "Two invented press releases written as newsfacts test samples."},
    )
    info.rec_headers.replace_header("WARC-Record-ID", _record_id(1))
    info.rec_headers.replace_header("WARC-Date", CRAWL_DATE)
    writer.write_record(info)

    robots = b"User-agent: *\nDisallow: /search\n"
    writer.write_record(writer.create_warc_record(
        "https://treasury.example/robots.txt", "response",
        payload=BytesIO(robots), length=len(robots),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/plain"),
                                                 ("Content-Length", str(len(robots)))], protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Record-ID": _record_id(2), "WARC-Date": CRAWL_DATE},
    ))

    for n, (source, url, response_id) in enumerate(ARCHIVED_PAGES):
        page = (SOURCES / source).read_bytes()
        host = url.split("/")[2]
        path = "/" + url.split("/", 3)[3]
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: newsfacts-samples\r\n\r\n".encode()
        writer.write_record(writer.create_warc_record(
            url, "request", payload=BytesIO(request), length=len(request),
            warc_headers_dict={"WARC-Record-ID": _record_id(10 + n), "WARC-Date": CRAWL_DATE,
                               "Content-Type": "application/http; msgtype=request"},
        ))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(page)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=BytesIO(page), length=len(page), http_headers=headers,
            warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": CRAWL_DATE},
        ))
    target.write_bytes(buffer.getvalue())


def write_gzip_page(source: Path, target: Path) -> None:
    """A page compressed with a fixed gzip header (no file name, mtime 0)."""
    target.write_bytes(gzip.compress(source.read_bytes(), compresslevel=9, mtime=0))


def main() -> None:
    write_warc(HERE / "press-releases.warc.gz")
    write_gzip_page(SOURCES / "donor-pledges-three-currencies.html.in", HERE / "donor-pledges-three-currencies.html.gz")


if __name__ == "__main__":
    main()
