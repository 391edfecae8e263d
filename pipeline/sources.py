"""Inputs → ``RawDocument``: files, folders, globs, ``.gz``, WARC, JSONL and plain text.

Reading never raises for a bad document: it yields an ``ErrorRecord`` for it and goes on,
so every input document ends as exactly one row of ``articles`` or ``errors``. A damaged
container (a truncated ``.jsonl.gz`` or WARC) keeps the documents before the damage and
adds one error row for the rest; a damaged WARC record with intact ones after it is one
error row, and reading goes on at the next record. Names and fields that cannot be stored
as UTF-8 (file names in Latin-1, lone surrogates in JSON) are kept as escapes.

Formats, by the name's suffix (a trailing ``.gz`` is allowed on any of them):

- ``.html`` ``.htm`` ``.xhtml`` ``.shtml``: one page;
- ``.txt``: one plain-text release (first line the title, possibly a dateline);
- ``.jsonl`` ``.ndjson``: one document per line, ``{"html": ...}`` or ``{"text": ...}``,
  optional ``url``, ``published`` (ISO date), ``id`` and, for text, ``title``;
- ``.warc`` ``.arc`` (usually ``.warc.gz``): every HTML response or resource record (read in
  :mod:`pipeline.warc`);
- in folders, names of server-generated pages (``.php``…) or no suffix, when the first
  bytes are HTML: one page.
"""

from __future__ import annotations

import codecs
import datetime as dt
import glob
import gzip
import hashlib
import io
import json
import os
import re
import stat as stat_module
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.errors import InputError
from pipeline.records import ErrorRecord, RawDocument

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".arc")
READABLE = HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES

GZIP_MAGIC = b"\x1f\x8b"
#: How much of a document is sniffed for binary content and a declared charset.
SNIFF_BYTES = 4096
#: Leading bytes of formats that are sometimes saved under an .html or .txt name by mistake.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (GZIP_MAGIC, "gzip data compressed twice"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"\x7fELF", "an executable"),
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x">, <meta http-equiv=... content="text/html; charset=x">, <?xml encoding="x"?>
_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")

READ_ERRORS = (EOFError, OSError, zlib.error)


class _TooLarge(Exception):
    """A document is over ``max_bytes`` (internal: becomes a ``too_large`` error row)."""


def doc_id_for(content: bytes, record: str | None = None) -> str:
    """A stable id: the same bytes (and archive record) always give the same id."""
    digest = hashlib.sha1(content)
    if record is not None:
        # surrogatepass: a record id read from JSON may hold a lone surrogate escape.
        digest.update(b"\x00" + record.encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()[:16]


def source_name(path: str | os.PathLike[str]) -> str:
    """A path as the text of ``source`` columns and messages: always valid UTF-8.

    POSIX file names are bytes; Python keeps a name that is not UTF-8 (``caf\\xe9.html``
    from a Latin-1 archive or a Windows share) as lone surrogates, which Parquet and
    JSON cannot store. Such bytes are written as ``\\xe9`` escapes instead.
    """
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def printable(text: str, *, ascii_only: bool = False) -> str:
    """``text`` with lone surrogates (``"\\ud800"`` in a JSON string) written as escapes, so it can be stored.

    With ``ascii_only``, every character that is not printable ASCII becomes ``?`` instead
    (for quoting an exception that quotes damaged bytes).
    """
    if ascii_only:
        return "".join(c if c.isprintable() and ord(c) < 0x7F else "?" for c in text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace").decode("utf-8")
    return text


def _without_lone_surrogates(text: str) -> str:
    """Document text with lone surrogates replaced by U+FFFD (well-formed pairs were joined by ``json``)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", errors="surrogatepass").decode("utf-16", errors="replace")
    return text


def base_suffix(path: Path) -> str:
    """The suffix that says the format, ignoring a trailing ``.gz`` (``a.warc.gz`` → ``.warc``)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def is_readable(path: Path) -> bool:
    """Whether newsfacts knows how to read this file, by its name."""
    return base_suffix(path) in READABLE


def holds_many(path: Path) -> bool:
    """Whether a file holds many documents (a WARC or JSONL file), by its name."""
    return base_suffix(path) in WARC_SUFFIXES + JSONL_SUFFIXES


def is_under(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies below it, as resolved (symbolic links followed) or as written."""
    try:
        resolved, base = path.resolve(), folder.resolve()
    except OSError:
        return False
    return resolved == base or base in resolved.parents or folder in path.parents or path == folder


#: What marks a folder newsfacts wrote (a run folder): never read as input.
MANIFEST_DIR = "_manifest"
LOCK_NAME = ".newsfacts.lock"
#: Suffixes of pages a web server generates (mirrored sites save them under these names):
#: such files, and files without a suffix (``index``), are read when their first bytes are HTML.
SERVED_PAGE_SUFFIXES = (".php", ".php3", ".phtml", ".asp", ".aspx", ".jsp", ".jspx", ".cfm", ".cgi", ".pl", ".do", ".action")
#: How much of a file whose name says nothing is read to tell whether it is an HTML page.
PAGE_SNIFF_BYTES = 1024
_PAGE_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


def is_run_folder(folder: Path) -> bool:
    """Whether ``folder`` is a run folder newsfacts wrote (its manifest or its lock is there)."""
    return (folder / MANIFEST_DIR).is_dir() or (folder / LOCK_NAME).is_file()


def looks_like_page(path: Path) -> bool:
    """Whether a file with no known suffix (``index``, ``story.php``) holds an HTML page, by its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(PAGE_SNIFF_BYTES)
    except OSError:
        return False
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(31).decompress(head, PAGE_SNIFF_BYTES)
        except zlib.error:
            return False
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and _PAGE_START.search(head) is not None


@dataclass(frozen=True, slots=True)
class InputScan:
    """What the inputs name: the files to read, and how many files were left out and why."""

    paths: tuple[Path, ...]
    skipped: dict[str, int]  # what they are ('.json', 'no suffix', 'broken link', 'FIFO'…) → how many
    examples: tuple[str, ...]  # a few of them, for the summary


class _Scan:
    """Collects the files of a scan and the ones left out."""

    def __init__(self, exclude: Iterable[str | Path]) -> None:
        self.found: dict[Path, Path] = {}
        self.skipped: dict[str, int] = {}
        self.examples: list[str] = []
        self.excluded = {Path(p).resolve() for p in exclude}

    def is_excluded(self, path: Path) -> bool:
        return any(is_under(path, folder) for folder in self.excluded)

    def add(self, path: Path, checked: bool = False) -> None:
        if checked or not self.is_excluded(path):
            self.found.setdefault(path.resolve(), path)

    def skip(self, path: Path, kind: str) -> None:
        self.skipped[kind] = self.skipped.get(kind, 0) + 1
        if len(self.examples) < 5:
            self.examples.append(source_name(path))

    def walk(self, folder: Path) -> bool:
        """Add what ``folder`` holds; whether anything was added."""
        added = False
        if self.excluded and self.is_excluded(folder):
            return False
        for current, dirs, files in os.walk(folder):
            here = Path(current)
            dirs[:] = sorted(
                d for d in dirs
                if not d.startswith(".") and not is_run_folder(here / d)
                and not (self.excluded and self.is_excluded(here / d))
            )
            for name in sorted(files):
                if name.startswith("."):
                    continue  # hidden files (.DS_Store, editor swap files) are never documents
                path = here / name
                kind = _file_kind(path)
                if kind is None:
                    self.add(path, checked=True)
                    added = True
                else:
                    self.skip(path, kind)
        return added

    def result(self) -> InputScan:
        return InputScan(tuple(self.found.values()), dict(sorted(self.skipped.items(), key=lambda kv: -kv[1])), tuple(self.examples))


def _file_kind(path: Path) -> str | None:
    """None for a file to read; else what it is, for the count of files that are not documents."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "broken link" if path.is_symlink() else "unreadable"
    if not stat_module.S_ISREG(mode):
        return "FIFO" if stat_module.S_ISFIFO(mode) else "special file"
    if is_readable(path):
        return None
    suffix = base_suffix(path)
    if suffix in SERVED_PAGE_SUFFIXES + ("",) and looks_like_page(path):
        return None
    return suffix or "no suffix"


def scan_inputs(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> InputScan:
    """Files named by paths, folders (recursive) and glob patterns, without repeats, and what was left out.

    Inputs keep their order; a folder or a glob contributes its files sorted. A folder
    contributes every readable file below it and every file whose first bytes are an
    HTML page whatever its name (``story.php``, ``index``); hidden files and folders, run
    folders newsfacts wrote and everything under ``exclude`` (the run's own ``--out``)
    are never read. A glob contributes every match that is readable or has the suffix
    the pattern itself names (``pages/*.php``); a file named explicitly is read whatever
    its suffix (as HTML when unknown). Files left out of folders and globs (``.json``,
    ``.bz2``, broken links, FIFOs…) are counted in ``skipped``.

    Raises:
        InputError: an input names nothing, so a typo is a usage error, not an empty run.
    """
    scan = _Scan(exclude)
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            scan.walk(path)
        elif path.is_file():
            scan.add(path)
        elif glob.has_magic(text):
            wanted = base_suffix(path)
            matched = False
            for match in sorted(Path(m) for m in glob.glob(text, recursive=True)):
                if match.is_dir():
                    matched = scan.walk(match) or matched
                elif match.is_file() and (is_readable(match) or (wanted and base_suffix(match) == wanted)):
                    scan.add(match)
                    matched = True
            if not matched:
                raise InputError(f"no readable file matches {text!r} (readable: {', '.join(READABLE)}, optionally .gz)")
        elif path.is_symlink():
            raise InputError(f"{text!r} is a symbolic link to nothing")
        else:
            raise InputError(f"no such file or folder: {text!r}")
    return scan.result()


def expand_inputs(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Path]:
    """The files :func:`scan_inputs` finds, in order (see there)."""
    return list(scan_inputs(inputs, exclude).paths)


def read_error(source: str, error: str, message: str, doc_id: str | None = None) -> ErrorRecord:
    """An errors row of stage ``read``."""
    return ErrorRecord(source=source, stage="read", error=error, message=message, doc_id=doc_id)


def _unpacked(handle: io.BufferedReader) -> IO[bytes]:
    """The stream gunzipped on the fly when its first bytes say gzip (whatever the file's name)."""
    if handle.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=handle, mode="rb")
    return handle


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """The whole (decompressed) file; at most ``max_bytes`` + 1 bytes are ever decompressed."""
    with path.open("rb") as handle:
        content = _unpacked(handle).read(max_bytes + 1)
    if len(content) > max_bytes:
        raise _TooLarge
    return content


def _utf16_without_bom(content: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes are UTF-16 text without a BOM (NULs on one side only)."""
    head = content[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    if odd > 0.4 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.4 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def _binary_kind(content: bytes) -> str | None:
    """What a document's bytes are when they are not text (None when they look like text)."""
    head = content[:SNIFF_BYTES].lstrip()
    if any(head.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(content):
        return None  # UTF-16/32 text is full of NUL bytes but is text
    for signature, kind in BINARY_SIGNATURES:
        if head.startswith(signature):
            return kind
    if b"\x00" in head or len(_CONTROL_BYTES.findall(head)) > len(head) // 10:
        return "binary data"
    return None


def too_large_message(source: str, size: str, max_bytes: int) -> str:
    """What an errors row says of a document over ``max_bytes``."""
    return (
        f"{source} is {size} bytes, over the max_bytes setting ({max_bytes:,}); "
        "raise it if this document is real"
    )


def checked_document(document: RawDocument, max_bytes: int) -> RawDocument | ErrorRecord:
    """The document, or the error row saying why it cannot be a document (empty, too large, binary)."""
    content = document.content
    if not content.strip():
        return read_error(document.source, "empty_input", f"{document.source} is empty", document.doc_id)
    if len(content) > max_bytes:
        return read_error(document.source, "too_large", too_large_message(document.source, f"{len(content):,}", max_bytes), document.doc_id)
    binary = _binary_kind(content)
    if binary is not None:
        return read_error(
            document.source, "binary_input",
            f"{document.source} holds {binary}, not {document.kind}; remove it from the inputs",
            document.doc_id,
        )
    return document


@dataclass(frozen=True, slots=True)
class Span:
    """The bytes ``[start, end)`` of a JSONL or WARC file that one shard reads.

    A file that grew since an earlier run (an append-only feed or crawl) is read on from
    where that run stopped: ``start`` is a line or record boundary, and the rest says what
    came before it (the line number of the byte at ``start``; WARC records and documents
    read and the last record's id), so ``source`` names (``feed.jsonl#L12``) and messages
    are those a fresh run gives. ``end`` None means the end of the file.
    """

    start: int = 0
    end: int | None = None
    first_line: int = 1
    records_before: int = 0
    documents_before: int = 0
    last_record: str = "start"


@dataclass(slots=True)
class ReadEnd:
    """How reading a span ended, filled in by the reader: what the next span starts from."""

    lines: int = 0  # JSONL: the number of the last line read
    records: int = 0  # WARC: records and documents read up to here, and the last record's id
    documents: int = 0
    last_record: str = "start"
    clean: bool = False  # ended on a line or record boundary, with no damage or whole-file error row

    def next_span(self, start: int) -> Span:
        """The span that reads on from ``start``, where this one ended."""
        return Span(start, None, self.lines + 1, self.records, self.documents, self.last_record)


def read_path(
    path: Path, max_bytes: int = 50_000_000, *, span: Span | None = None, read_end: ReadEnd | None = None
) -> Iterator[RawDocument | ErrorRecord]:
    """Every document in one input file: one for HTML and text, many for JSONL and WARC.

    Never raises for bad input: an unreadable, empty, binary, oversized or damaged file
    gives an ``ErrorRecord`` (stage ``read``) instead, after any documents read before
    the damage. ``span`` limits a JSONL or WARC file to the bytes one shard reads, and
    ``read_end`` is told how reading them ended (see :class:`Span`).
    """
    path = Path(path)
    source = source_name(path)
    suffix = base_suffix(path)
    try:
        if path.stat().st_size == 0:
            yield read_error(source, "empty_input", f"{source} is empty")
            return
    except OSError as exc:
        yield read_error(source, "unreadable", f"cannot read {source}: {exc.strerror or exc}")
        return
    if suffix in WARC_SUFFIXES:
        from pipeline.warc import read_warc  # warc reads with this module's checks

        yield from read_warc(path, max_bytes=max_bytes, span=span or Span(), read_end=read_end)
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, max_bytes=max_bytes, span=span, read_end=read_end)
    else:
        yield _read_single(path, "text" if suffix in TEXT_SUFFIXES else "html", max_bytes)


def _read_single(path: Path, kind: str, max_bytes: int) -> RawDocument | ErrorRecord:
    source = source_name(path)
    try:
        content = _read_bounded(path, max_bytes)
    except _TooLarge:
        return read_error(source, "too_large", too_large_message(source, f"over {max_bytes:,}", max_bytes))
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raw = _safe_bytes(path)
        return read_error(
            source, "corrupt_gzip",
            f"{source} is not a complete gzip file ({exc}); re-download or re-compress it",
            doc_id_for(raw) if raw else None,
        )
    except OSError as exc:
        return read_error(source, "unreadable", f"cannot read {source}: {exc.strerror or exc}")
    return checked_document(RawDocument(doc_id=doc_id_for(content), source=source, content=content, kind=kind), max_bytes)


def _safe_bytes(path: Path, limit: int = 50_000_000) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except OSError:
        return b""


def parse_input_date(value: object) -> dt.date | None:
    """An input's ``published`` field as a date: ISO ``YYYY-MM-DD`` or an ISO datetime, else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def read_jsonl(
    path: Path, max_bytes: int = 50_000_000, *, span: Span | None = None, read_end: ReadEnd | None = None
) -> Iterator[RawDocument | ErrorRecord]:
    """One document per JSON line (``.jsonl``, ``.ndjson``, optionally gzipped), streamed.

    A line holds ``html`` or ``text``, and optionally ``url``, ``published`` (ISO date),
    ``id`` (names the record in ``source`` and its ``doc_id``) and, with ``text``, a
    ``title`` put before the text as its first line. A bad line is one error row; a
    truncated ``.gz`` keeps the lines before the damage. No more than ``max_bytes`` of
    one line is ever held: a longer line is a ``too_large`` row, skipped in pieces.
    """
    span = span or Span()
    source = source_name(path)
    documents = 0
    number = span.first_line - 1
    ended_line = True
    try:
        with path.open("rb") as handle:
            stream = _unpacked(_window(handle, span))
            while True:
                line = stream.readline(max_bytes + 1)
                if not line:
                    break
                number += 1
                ended_line = line.endswith(b"\n")
                if len(line) > max_bytes and not ended_line:
                    ended_line = _skip_line(stream)
                    documents += 1
                    yield read_error(
                        f"{source}#L{number}", "too_large",
                        too_large_message(f"line {number} of {source}", f"over {max_bytes:,}", max_bytes),
                    )
                    continue
                if not line.strip():
                    continue
                documents += 1
                yield jsonl_document(line, number, source, max_bytes)
    except READ_ERRORS as exc:
        yield read_error(
            f"{source}#after-L{number}", "corrupt_gzip",
            f"{source} is damaged after line {number} ({type(exc).__name__}: {exc}); "
            "the lines before the damage were read, re-compress or re-download the file for the rest",
        )
        return
    if documents == 0 and span.start == 0:
        yield read_error(source, "empty_input", f"{source} holds no JSON lines")
    elif read_end is not None:
        read_end.lines = number
        read_end.clean = ended_line


class ByteWindow(io.RawIOBase):
    """The bytes ``[start, end)`` of an open file as a raw stream (what a shard reads of an archive).

    ``end`` None reads to the end of the file. ``tell()`` is the position in the window:
    warcio reports record offsets from it.
    """

    def __init__(self, handle: IO[bytes], start: int, end: int | None) -> None:
        handle.seek(start)
        self.handle = handle
        self.position = 0
        self.left = None if end is None else max(0, end - start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        size = len(buffer) if self.left is None else min(len(buffer), self.left)
        data = self.handle.read(size) if size else b""
        buffer[: len(data)] = data
        if self.left is not None:
            self.left -= len(data)
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position


def _window(handle: io.BufferedReader, span: Span) -> io.BufferedReader:
    """``handle`` itself for a whole file, else a buffered stream over the span's bytes."""
    if span.start == 0 and span.end is None:
        return handle
    return io.BufferedReader(ByteWindow(handle, span.start, span.end))


def _skip_line(stream: IO[bytes], piece: int = 1 << 20) -> bool:
    """Read past the rest of an overlong line, a piece at a time; whether it ended with a newline."""
    while True:
        chunk = stream.readline(piece)
        if not chunk:
            return False
        if chunk.endswith(b"\n"):
            return True


def jsonl_document(line: bytes, number: int, source: str, max_bytes: int) -> RawDocument | ErrorRecord:
    """Line ``number`` of a JSONL file as a document, or the errors row saying why it is none."""
    line = line.rstrip(b"\r\n")  # the id must not depend on whether the last line ends with a newline
    line_source = f"{source}#L{number}"
    if len(line) > max_bytes:
        return read_error(line_source, "too_large", too_large_message(f"line {number} of {source}", f"{len(line):,}", max_bytes))
    try:
        row = json.loads(line.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        return read_error(line_source, "bad_json", f"line {number} of {source} is not valid JSON: {exc}", doc_id_for(line))
    except RecursionError:  # json.loads recurses per bracket: "[[[[…" deeper than the stack
        return read_error(line_source, "bad_json", f"line {number} of {source} is JSON nested too deeply to read",
                          doc_id_for(line))
    if not isinstance(row, dict):
        return read_error(line_source, "bad_json", f"line {number} of {source} is not a JSON object", doc_id_for(line))
    record_id = row.get("id")
    record = printable(str(record_id)) if isinstance(record_id, (str, int)) and str(record_id) else f"L{number}"
    record_source = f"{source}#{record}"
    if isinstance(row.get("html"), str):
        body, kind = row["html"], "html"
    elif isinstance(row.get("text"), str):
        body, kind = row["text"], "text"
        title = row.get("title")
        if isinstance(title, str) and title.strip():
            body = f"{title.strip()}\n\n{body}"
    else:
        return read_error(
            record_source, "no_content",
            f"line {number} of {source} has neither an 'html' nor a 'text' string field", doc_id_for(line, record),
        )
    url = row.get("url")
    document = RawDocument(
        doc_id=doc_id_for(line, record),
        source=record_source,
        content=_without_lone_surrogates(body).encode("utf-8"),
        kind=kind,
        url=printable(url) if isinstance(url, str) and url.strip() else None,
        published=parse_input_date(row.get("published")),
    )
    return checked_document(document, max_bytes)


def iter_documents(inputs: Iterable[str | Path], max_bytes: int = 50_000_000) -> Iterator[RawDocument | ErrorRecord]:
    """Every document of every input, in a stable order."""
    for path in expand_inputs(inputs):
        yield from read_path(path, max_bytes=max_bytes)


def _declared_charset(content: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(content[:SNIFF_BYTES])
    if match is None:
        return None
    name = match.group(1).decode("ascii", errors="ignore").strip("\"' ").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(content: bytes) -> str:
    """Bytes → str: a BOM (or UTF-16 without one), else UTF-8, else the declared charset, else a detected one.

    UTF-8 comes before the declared charset because pages that declare Latin-1 but are
    valid UTF-8 are far more common than the reverse. Undecodable bytes become U+FFFD.
    """
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content.decode(encoding, errors="replace")
    utf16 = _utf16_without_bom(content)
    if utf16:
        return content.decode(utf16, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(content)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return content.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    from trafilatura.utils import detect_encoding

    for guess in detect_encoding(content):
        try:
            return content.decode(guess)
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("utf-8", errors="replace")
