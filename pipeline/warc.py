"""WARC and ARC archives → ``RawDocument``: every HTML response or resource record, via warcio.

Damage is found and read past here (warcio stops quietly at a truncated record): a damaged
record followed by intact ones is one ``corrupt_record`` row and reading goes on at the
next record; damage with nothing intact after it is one ``corrupt_warc`` row, after the
documents read before it. A shard may read only a span of an archive (what was appended
since an earlier run read it): see :class:`pipeline.sources.Span`.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.records import ErrorRecord, RawDocument
from pipeline.sources import (
    GZIP_MAGIC,
    READ_ERRORS,
    ByteWindow,
    ReadEnd,
    Span,
    base_suffix,
    checked_document,
    doc_id_for,
    printable,
    read_error,
    source_name,
    too_large_message,
)

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord


def _warc_content_type(record: ArcWarcRecord) -> str:
    if record.http_headers is not None:
        return (record.http_headers.get_header("Content-Type") or "").lower()
    return (record.rec_headers.get_header("Content-Type") or "").lower()


def _is_html_record(record: ArcWarcRecord) -> bool:
    """A response or resource record holding an HTML page (a 2xx answer, when HTTP)."""
    if record.rec_type not in ("response", "resource"):
        return False
    if record.http_headers is not None and record.rec_type == "response":
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False
    content_type = _warc_content_type(record)
    return "html" in content_type or content_type == ""


@dataclass(slots=True)
class _WarcState:
    documents: int = 0
    records: int = 0
    damaged: int = 0  # damaged records read past (each has its errors row)
    last_id: str = "start"


@dataclass(frozen=True, slots=True)
class _WarcDamage:
    offset: int  # where the damaged record starts (absolute)
    reason: str
    reported: bool  # the damaged record already has its own errors row


#: How far past a damaged WARC record the next record is looked for.
RESYNC_WINDOW = 1 << 26
RESYNC_CHUNK = 1 << 20
_WARC_LINE = re.compile(rb"WARC/\d\.\d+\r?\n")


def _next_record_start(path: Path, after: int, end: int, gzipped: bool) -> int | None:
    """The offset of the first intact WARC record starting after ``after``, or None.

    In a ``.warc.gz`` every record is its own gzip member, so a damaged member does not
    hide the next one: the next offset where a gzip member starts and decompresses to a
    ``WARC/1.x`` line is where reading goes on. Uncompressed, the next ``WARC/1.x`` line
    that starts a line is.
    """
    limit = min(end, after + RESYNC_WINDOW)
    needle = b"\x1f\x8b\x08" if gzipped else b"\nWARC/"
    overlap = 4096  # a candidate near a chunk's end is tested with the next chunk's bytes
    with path.open("rb") as handle:
        offset = after
        while offset < limit:
            handle.seek(offset)
            data = handle.read(min(RESYNC_CHUNK, limit - offset) + overlap)
            found = data.find(needle)
            while 0 <= found < RESYNC_CHUNK and offset + found < limit:
                if gzipped:
                    try:
                        head = zlib.decompressobj(31).decompress(data[found : found + overlap], 64)
                    except zlib.error:
                        head = b""
                    if _WARC_LINE.match(head):
                        return offset + found
                elif _WARC_LINE.match(data, found + 1):
                    return offset + found + 1
                found = data.find(needle, found + 1)
            offset += RESYNC_CHUNK
    return None


def read_warc(
    path: Path, max_bytes: int = 50_000_000, *, span: Span = Span(), read_end: ReadEnd | None = None
) -> Iterator[RawDocument | ErrorRecord]:
    """HTML response (and resource) records of a WARC or ARC archive, via warcio.

    Requests, metadata, redirects, error pages and non-HTML payloads are not documents
    and are skipped. warcio stops quietly at a truncated record, so completeness is
    checked here: a record shorter than its ``Content-Length`` or bytes left over after
    the last complete record are damage. A damaged record followed by intact ones (a
    corrupted gzip member in the middle) gives one ``corrupt_record`` row and reading goes
    on at the next record; damage with no intact record after it (a truncated file) gives
    one ``corrupt_warc`` row, after the documents read before it.
    """
    source = source_name(path)
    gzipped = _starts_with_gzip(path, span.start)
    end = path.stat().st_size if span.end is None else span.end
    state = _WarcState(documents=span.documents_before, records=span.records_before, last_id=span.last_record)
    position = span.start
    damage: _WarcDamage | None = None
    while position < end:
        damage = yield from _read_warc_from(path, position, end, max_bytes, state)
        if damage is None:
            break
        resume = _next_record_start(path, damage.offset + 1, end, gzipped)
        if resume is None:
            break
        state.damaged += 1
        if not damage.reported:
            yield read_error(
                f"{source}#offset-{damage.offset}", "corrupt_record",
                f"bytes {damage.offset:,}-{resume:,} of {source} are not a readable record ({damage.reason}); "
                "the records after them were read",
            )
        damage = None
        position = resume
    if damage is not None:
        yield read_error(
            f"{source}#after-{state.last_id}" if state.records else source, "corrupt_warc",
            f"{source} is truncated or damaged: {damage.reason}; "
            f"{state.documents} document(s) before the damage were read, and no intact record after it",
        )
    elif not state.records:
        yield read_error(source, "corrupt_warc", f"{source} is truncated or damaged: it holds no WARC or ARC record")
    elif state.documents == 0 and not state.damaged:
        yield read_error(source, "no_documents", f"{source} holds {state.records} record(s) but no HTML response record")
    elif read_end is not None:
        read_end.records, read_end.documents, read_end.last_record = state.records, state.documents, state.last_id
        read_end.clean = True


def _brief(exc: BaseException) -> str:
    """An exception's first line, in printable ASCII, for a message (warcio quotes the damaged bytes)."""
    return printable((str(exc).strip().splitlines() or [""])[0], ascii_only=True)[:120]


def _starts_with_gzip(path: Path, offset: int) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(2) == GZIP_MAGIC
    except OSError:
        return False


def _read_warc_from(
    path: Path, start: int, end: int, max_bytes: int, state: _WarcState
) -> Iterator[RawDocument | ErrorRecord]:
    """Records from ``start`` to ``end``; returns the damage that stopped it, or None at a clean end."""
    from warcio.archiveiterator import ArchiveIterator, WARCIterator

    source = source_name(path)
    # An ARC header is any line, so only .arc files are parsed as ARC: junk in a .warc must fail.
    iterator = ArchiveIterator if base_suffix(path) == ".arc" else WARCIterator
    archive = None
    reported_at: int | None = None  # the record whose own errors row was written
    try:
        with path.open("rb") as handle:
            archive = iterator(ByteWindow(handle, start, end), arc2warc=True)
            for record in archive:
                offset = start + archive.offset
                state.records += 1
                if record.rec_type is None:
                    return _WarcDamage(offset, f"the record after {state.last_id} has no header", False)
                record_id = printable(record.rec_headers.get_header("WARC-Record-ID") or f"record-{state.records}")
                state.last_id = record_id
                if not _is_html_record(record):
                    continue
                record_source = f"{source}#{record_id}"
                if record.length and record.length > max_bytes:
                    state.documents += 1
                    yield read_error(record_source, "too_large", too_large_message(f"record {record_id} of {source}", f"{record.length:,}", max_bytes))
                    continue
                try:
                    content = record.content_stream().read()
                except READ_ERRORS + (ValueError,) as exc:
                    state.documents += 1
                    reported_at = offset
                    yield read_error(record_source, "corrupt_record", f"record {record_id} of {source} cannot be decoded ({type(exc).__name__}: {exc})")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:
                    return _WarcDamage(offset, f"record {record_id} is cut short", False)
                # The payload was compressed by the server and not decoded (unknown encoding).
                if content[:2] == GZIP_MAGIC:
                    try:
                        content = gzip.decompress(content)
                    except READ_ERRORS as exc:
                        state.documents += 1
                        yield read_error(record_source, "corrupt_record", f"record {record_id} of {source} has a broken gzip payload ({exc})")
                        continue
                state.documents += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield checked_document(
                    RawDocument(
                        doc_id=doc_id_for(content, record_id), source=record_source, content=content, kind="html",
                        url=printable(url) if url else None,
                    ),
                    max_bytes,
                )
            if start + archive.offset < end:
                left = end - start - archive.offset
                return _WarcDamage(start + archive.offset, f"{left:,} byte(s) after record {state.last_id} are not a complete record", False)
    except Exception as exc:  # warcio raises many types on damage (even AttributeError): never let one escape
        offset = start + (archive.offset if archive is not None else 0)
        reason = f"reading stopped after record {state.last_id} ({type(exc).__name__}: {_brief(exc)})"
        return _WarcDamage(offset, reason, reported_at == offset)
    return None
