"""Inputs → ``RawDocument``: files, folders, globs, ``.gz``, WARC, JSONL and plain text.

Reading never raises for a bad document: it yields an ``ErrorRecord`` for it and goes on,
so every input document ends as exactly one row of ``articles`` or ``errors``.
"""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import InputError
from pipeline.records import ErrorRecord, RawDocument

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".arc")
READABLE = HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES


def doc_id_for(content: bytes, record: str | None = None) -> str:
    """A stable id: the same bytes (and archive record) always give the same id."""
    digest = hashlib.sha1(content)
    if record is not None:
        digest.update(b"\x00" + record.encode("utf-8"))
    return digest.hexdigest()[:16]


def base_suffix(path: Path) -> str:
    """The suffix that says the format, ignoring a trailing ``.gz`` (``a.warc.gz`` → ``.warc``)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def is_readable(path: Path) -> bool:
    """Whether newsfacts knows how to read this file, by its name."""
    return base_suffix(path) in READABLE


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named by paths, folders (recursive) and glob patterns, sorted and without repeats.

    A folder contributes every readable file below it; a file named explicitly is read
    whatever its suffix (as HTML when unknown). Raises :class:`InputError` when an input
    names nothing, so a typo is a usage error rather than an empty run.
    """
    found: dict[Path, None] = {}
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and is_readable(p)):
                found[child] = None
        elif path.is_file():
            found[path] = None
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                raise InputError(f"no file matches {text!r}")
            for match in files:
                found[match] = None
        else:
            raise InputError(f"no such file or folder: {text!r}")
    return list(found)


def _decompress(path: Path, raw: bytes) -> bytes:
    if path.name.lower().endswith(".gz") or raw[:2] == b"\x1f\x8b":
        # A truncated .gz raises EOFError; a corrupt one zlib.error or BadGzipFile.
        return gzip.decompress(raw)
    return raw


def _error(source: str, stage: str, error: str, message: str, doc_id: str | None = None) -> ErrorRecord:
    return ErrorRecord(source=source, stage=stage, error=error, message=message, doc_id=doc_id)


def read_path(path: Path, max_bytes: int = 50_000_000) -> Iterator[RawDocument | ErrorRecord]:
    """Every document in one input file (one for HTML/text, many for JSONL and WARC)."""
    source = str(path)
    suffix = base_suffix(path)
    if suffix in WARC_SUFFIXES:
        yield from read_warc(path, max_bytes=max_bytes)
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield _error(source, "read", "unreadable", f"cannot read {source}: {exc.strerror or exc}")
        return
    try:
        content = _decompress(path, raw)
    except (EOFError, OSError, zlib.error) as exc:
        yield _error(
            source, "read", "corrupt_gzip",
            f"{source} is not a complete gzip file ({exc}); re-download or re-compress it",
            doc_id_for(raw),
        )
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_documents(content, source, max_bytes=max_bytes)
        return
    kind = "text" if suffix in TEXT_SUFFIXES else "html"
    yield from _checked(RawDocument(doc_id=doc_id_for(content), source=source, content=content, kind=kind), max_bytes)


def _checked(document: RawDocument, max_bytes: int) -> Iterator[RawDocument | ErrorRecord]:
    if not document.content.strip():
        yield _error(document.source, "read", "empty_input", f"{document.source} is empty", document.doc_id)
    elif len(document.content) > max_bytes:
        yield _error(
            document.source, "read", "too_large",
            f"{document.source} is {len(document.content):,} bytes, over the max_bytes setting "
            f"({max_bytes:,}); raise it if this page is real",
            document.doc_id,
        )
    else:
        yield document


def _parse_date(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_jsonl_documents(content: bytes, source: str, max_bytes: int = 50_000_000) -> Iterator[RawDocument | ErrorRecord]:
    """One document per JSON line with ``html`` or ``text``, optional ``url`` and ``published``."""
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        record_source = f"{source}#L{number}"
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield _error(record_source, "read", "bad_json", f"line {number} is not valid JSON: {exc}", doc_id_for(line))
            continue
        if not isinstance(row, dict):
            yield _error(record_source, "read", "bad_json", f"line {number} is not a JSON object", doc_id_for(line))
            continue
        if isinstance(row.get("html"), str):
            body, kind = row["html"], "html"
        elif isinstance(row.get("text"), str):
            body, kind = row["text"], "text"
        else:
            yield _error(
                record_source, "read", "no_content",
                f"line {number} has neither an 'html' nor a 'text' string field", doc_id_for(line),
            )
            continue
        data = body.encode("utf-8")
        document = RawDocument(
            doc_id=doc_id_for(line, f"L{number}"),
            source=str(row.get("id") and f"{source}#{row['id']}" or record_source),
            content=data,
            kind=kind,
            url=row.get("url") if isinstance(row.get("url"), str) else None,
            published=_parse_date(row.get("published")),
        )
        yield from _checked(document, max_bytes)


def read_warc(path: Path, max_bytes: int = 50_000_000) -> Iterator[RawDocument | ErrorRecord]:
    """Response records holding HTML in a WARC (``.warc`` or ``.warc.gz``), via warcio.

    A truncated or corrupt archive yields the records read so far, then one error row for
    the rest, so a bad archive never loses the documents before the damage.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = str(path)
    count = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if "html" not in content_type.lower():
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID") or f"offset-{count}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                content = record.content_stream().read()
                count += 1
                document = RawDocument(
                    doc_id=doc_id_for(content, record_id),
                    source=f"{source}#{record_id}",
                    content=content,
                    kind="html",
                    url=url,
                )
                yield from _checked(document, max_bytes)
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        yield _error(
            f"{source}#after-{count}", "read", "corrupt_warc",
            f"{source} is damaged after {count} record(s) ({type(exc).__name__}: {exc}); "
            "the records before the damage were processed",
        )


def iter_documents(inputs: Iterable[str | Path], max_bytes: int = 50_000_000) -> Iterator[RawDocument | ErrorRecord]:
    """Every document of every input, in a stable order."""
    for path in expand_inputs(inputs):
        yield from read_path(path, max_bytes=max_bytes)


def decode_html(content: bytes) -> str:
    """Bytes → str, honouring a BOM or a declared charset, else UTF-8 with replacement."""
    from trafilatura.utils import decode_file

    return decode_file(content)

