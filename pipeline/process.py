"""One worker's work: raw documents → cleaned → spaCy → records, errors as rows.

Everything spaCy touches stays inside :func:`process_documents`; what comes out is plain
records that pickle cheaply to the parent process or a cluster client.

Two safeguards keep one bad page from stalling a shard:

- a *soft* per-document time limit (:func:`time_limit`): clean + nlp + extract of one
  document get ``doc_timeout`` seconds together; past it the document becomes an
  ``errors`` row with error ``timeout``. In a process's main thread it is a
  ``SIGALRM`` interval timer; in another thread (a Dask worker's task thread) an
  asynchronous exception. Both only fire when the interpreter runs Python code, so
- a *hard* limit, in worker processes only (:class:`pipeline.journal.Journal`): ``faulthandler`` kills the
  worker if a C call (lxml, a regex) holds the interpreter far past the limit. The
  journal file the worker keeps names the document it was on, so the parent can retry
  the shard without it.
"""

from __future__ import annotations

import ctypes
import dataclasses
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from typing import ContextManager

from spacy.language import Language

from pipeline.clean import clean
from pipeline.config import Settings
from pipeline.errors import DocumentError
from pipeline.components import NumberSentenceParses
from pipeline.extract import extract_document
from pipeline.journal import NO_JOURNAL, Journal
from pipeline.records import CleanDocument, ErrorRecord, Extraction, RawDocument

#: Texts longer than this go through spaCy in pieces cut at line breaks, then are joined
#: back into one Doc (same text, same offsets): spaCy's memory grows with the length of
#: what it is given at once, and one 170,000-character page otherwise takes a worker's
#: peak memory from ~400 MB to ~900 MB.
NLP_PIECE_CHARS = 20_000
#: At most this many characters go through spaCy in one call (batches of short texts).
NLP_BATCH_CHARS = 60_000


class DocumentTimeout(BaseException):
    """A document ran past its time limit.

    A ``BaseException`` (like ``KeyboardInterrupt``) so that the broad ``except Exception``
    blocks inside trafilatura or spaCy cannot swallow it and carry on past the limit.
    """


# --------------------------------------------------------------------------- time limits


#: How long after a time limit fired it fires again, should the first DocumentTimeout have been swallowed.
REFIRE_SECONDS = 1.0


class _AlarmLimit:
    """``SIGALRM`` after ``seconds``; main thread only (signals are delivered there)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False
        self.previous: object = None

    def _on_alarm(self, signum: int, frame: object) -> None:
        # A late delivery after the block ended is ignored. Inside the block the limit stays armed
        # and fires again after a grace period: the interpreter swallows an exception raised while
        # it runs a gc callback or a __del__ (hypothesis registers one), and the block would then
        # run on with no limit at all.
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, REFIRE_SECONDS)
            raise DocumentTimeout(self.seconds)

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGALRM, self._on_alarm)
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        try:
            self.armed = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)  # type: ignore[arg-type]


class _ThreadLimit:
    """An asynchronous ``DocumentTimeout`` raised in the calling thread after ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.lock = threading.Lock()
        self.armed = False
        self.target = threading.get_ident()
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self.target), ctypes.py_object(DocumentTimeout)
                )
                # Stays armed and fires again, as the alarm does: a swallowed timeout lifts no limit.
                self.timer = threading.Timer(REFIRE_SECONDS, self._fire)
                self.timer.daemon = True
                self.timer.start()

    def __enter__(self) -> None:
        self.target = threading.get_ident()
        self.armed = True
        self.timer.start()

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.armed = False
            self.timer.cancel()


def time_limit(seconds: float | None) -> ContextManager[None]:
    """Raise :class:`DocumentTimeout` in this thread if the block runs over ``seconds``.

    ``None`` or a non-positive value means no limit. Works in any thread; in the main
    thread it uses (and afterwards restores) the ``SIGALRM`` handler.
    """
    if not seconds or seconds <= 0:
        return nullcontext()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _AlarmLimit(seconds)
    return _ThreadLimit(seconds)


# --------------------------------------------------------------------------- errors


def _error_row(source: str, doc_id: str | None, stage: str, exc: BaseException) -> ErrorRecord:
    if isinstance(exc, DocumentError):
        return ErrorRecord(source=source, stage=exc.stage, error=exc.error, message=exc.message, doc_id=doc_id)
    return ErrorRecord(
        source=source, stage=stage, error=type(exc).__name__,
        message=f"unexpected {type(exc).__name__} while in {stage}: {exc}; please report it with this document",
        doc_id=doc_id,
    )


def timeout_row(source: str, doc_id: str | None, stage: str, seconds: float) -> ErrorRecord:
    """The ``errors`` row of a document that ran past ``doc_timeout``."""
    return ErrorRecord(
        source=source, stage=stage, error="timeout",
        message=f"processing took longer than doc_timeout ({seconds:g}s), stopped in {stage}; "
        "raise doc_timeout if pages this slow are expected",
        doc_id=doc_id,
    )


def spacy_text(article: CleanDocument, settings: Settings) -> str:
    """The text handed to spaCy: all of it, or up to ``max_chars`` cut at a paragraph break.

    A prefix of ``article.text``, so every offset into it is an offset into the article.
    """
    text = article.text
    if len(text) <= settings.max_chars:
        return text
    cut = text.rfind("\n", 0, settings.max_chars)
    return text[: cut if cut > settings.max_chars // 2 else settings.max_chars]


def _pieces(text: str, size: int = NLP_PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at line breaks where possible."""
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut + 1
        pieces.append(text[start:end])
        start = end
    return pieces or [text]


def run_spacy(nlp: Language, texts: Sequence[str]) -> list:
    """One Doc per text, with spaCy never given more than ``NLP_BATCH_CHARS`` at once.

    A long text is analysed in pieces (:data:`NLP_PIECE_CHARS`) joined back with
    ``Doc.from_docs``, so ``doc.text`` is still exactly the text and every offset holds.
    """

    owners: list[tuple[int, str]] = [(i, piece) for i, text in enumerate(texts) for piece in _pieces(text)]
    analysed: list[list] = [[] for _ in texts]
    group: list[tuple[int, str]] = []
    size = 0

    def run(group: list[tuple[int, str]]) -> None:
        for (owner, _), doc in zip(group, nlp.pipe((piece for _, piece in group), batch_size=len(group))):
            analysed[owner].append(doc)

    for owner, piece in owners:
        if group and size + len(piece) > NLP_BATCH_CHARS:
            run(group)
            group, size = [], 0
        group.append((owner, piece))
        size += len(piece)
    if group:
        run(group)
    return [docs[0] if len(docs) == 1 else _joined(docs) for docs in analysed]


def _joined(pieces: list):
    """The pieces of one long text as one Doc, with the sentence parses the pieces hold.

    ``Doc.from_docs`` keeps only extension values of ``user_data`` (and warns about the
    rest), so it leaves user_data out and the component that wrote the parses moves them.
    """
    from spacy.tokens import Doc

    joined: Doc = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["user_data"])
    NumberSentenceParses.join_parses(pieces, joined)
    return joined


def _add(timings: dict[str, float], stage: str, started: float) -> None:
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


# --------------------------------------------------------------------------- stages


#: Markup past this many bytes (once scripts, styles, comments and inline data are dropped)
#: or past this many block elements is cut before parsing. lxml and trafilatura spend most
#: of a huge page's time in C code, where the soft time limit cannot fire (cleaning a 30 MB
#: page of paragraphs had not ended after 400 s); cut, it takes 3.4-4.4 s. No page of the
#: 3,181 DOJ and AEB pages is cut (the largest is 1.5 MB).
PARSE_BUDGET_BYTES = 2_000_000
PARSE_BUDGET_BLOCKS = 20_000
_NOT_TEXT = re.compile(
    rb"<(script|style|svg|noscript|template)\b.*?</\1\s*>|<!--.*?-->|data:[^\"')\s]{256,}", re.IGNORECASE | re.DOTALL
)
_BLOCK_TAG = re.compile(rb"<(?:p|div|li|tr|td|br|h[1-6]|section|article|table)\b", re.IGNORECASE)
#: How deep lxml's HTML parser nests elements (libxml2's limit): markup below is dropped.
PARSER_MAX_DEPTH = 255


def within_parse_budget(raw: RawDocument) -> RawDocument:
    """The page, or its first ``PARSE_BUDGET_BYTES`` of text-bearing markup / ``PARSE_BUDGET_BLOCKS`` blocks.

    Pages within the budget are returned as they are (the bytes untouched). Over it,
    what holds no article text is removed first, then the markup is cut at a tag's end.
    """
    content = raw.content
    if raw.kind != "html" or len(content) <= PARSE_BUDGET_BYTES and content.count(b"<") <= PARSE_BUDGET_BLOCKS:
        return raw
    if content[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw  # UTF-16/32: the byte patterns below do not apply (and such pages are rare)
    lean = _NOT_TEXT.sub(b" ", content) if len(content) > PARSE_BUDGET_BYTES else content
    cut = min(len(lean), PARSE_BUDGET_BYTES)
    for count, block in enumerate(_BLOCK_TAG.finditer(lean, 0, cut), 1):
        if count > PARSE_BUDGET_BLOCKS:
            cut = block.start()
            break
    if cut < len(lean):
        cut = max(lean.rfind(b">", 0, cut) + 1, cut // 2)
        lean = lean[:cut]
    return raw if lean == content else dataclasses.replace(raw, content=lean)


def _too_deep(raw: RawDocument) -> ErrorRecord | None:
    """The ``too_deep`` row of a page whose text lies below the nesting the HTML parser reads, else None."""
    if raw.kind != "html" or raw.content.count(b"<") < PARSER_MAX_DEPTH:
        return None
    import lxml.html

    from pipeline.sources import decode_html

    try:
        tree = lxml.html.document_fromstring(decode_html(raw.content))
    except Exception:  # noqa: BLE001 - the page already failed to clean; this only picks the message
        return None
    if not tree.xpath(f"boolean(//*[count(ancestor::*) >= {PARSER_MAX_DEPTH - 2}])"):
        return None
    return ErrorRecord(
        source=raw.source, stage="clean", error="too_deep",
        message=f"{raw.source}: the page's markup is nested deeper than the HTML parser reads "
        f"({PARSER_MAX_DEPTH} levels) and its text lies below that; flatten the page to read it",
        doc_id=raw.doc_id,
    )


def clean_one(
    raw: RawDocument, settings: Settings, timings: dict[str, float], journal: Journal
) -> tuple[CleanDocument | ErrorRecord, float]:
    """One document cleaned under its time limit; also returns the seconds it took."""
    journal.step("clean", [raw])
    started = time.perf_counter()
    try:
        with journal.guard(settings.doc_timeout), time_limit(settings.doc_timeout):
            budgeted = within_parse_budget(raw)
            try:
                outcome: CleanDocument | ErrorRecord = clean(budgeted, settings)
            except DocumentError as exc:
                # Under the same limit, and on the budgeted page: the depth check parses it again.
                outcome = (exc.error == "no_main_text" and _too_deep(budgeted)) or _error_row(raw.source, raw.doc_id, "clean", exc)
    except DocumentTimeout:
        outcome = timeout_row(raw.source, raw.doc_id, "clean", settings.doc_timeout)
    except Exception as exc:  # one bad page must never stop the run (a DocumentError keeps its own kind)
        outcome = _error_row(raw.source, raw.doc_id, "clean", exc)
    _add(timings, "clean", started)
    return outcome, time.perf_counter() - started


def _nlp_one(
    nlp: Language, article: CleanDocument, budget: float, settings: Settings, timings: dict[str, float], journal: Journal
):
    """spaCy over one document under what is left of its time limit: a Doc or an error row."""
    journal.step("nlp", [article])
    started = time.perf_counter()
    try:
        with journal.guard(budget), time_limit(budget):
            return run_spacy(nlp, [spacy_text(article, settings)])[0]
    except DocumentTimeout:
        return timeout_row(article.source, article.doc_id, "nlp", settings.doc_timeout)
    except Exception as exc:
        return _error_row(article.source, article.doc_id, "nlp", exc)
    finally:
        _add(timings, "nlp", started)


def _extract_one(
    doc, article: CleanDocument, budget: float, settings: Settings, timings: dict[str, float], journal: Journal
) -> Extraction | ErrorRecord:
    journal.step("extract", [article])
    started = time.perf_counter()
    try:
        with journal.guard(budget), time_limit(budget):
            return extract_document(doc, article)
    except DocumentTimeout:
        return timeout_row(article.source, article.doc_id, "extract", settings.doc_timeout)
    except Exception as exc:
        return _error_row(article.source, article.doc_id, "extract", exc)
    finally:
        _add(timings, "extract", started)


def analyse_batch(
    nlp: Language,
    articles: list[CleanDocument],
    settings: Settings,
    timings: dict[str, float] | None = None,
    *,
    budgets: Sequence[float] | None = None,
    journal: Journal = NO_JOURNAL,
) -> list[Extraction | ErrorRecord]:
    """spaCy and extraction over one batch, inside a memory zone so long runs stay flat.

    ``budgets`` is each document's time left (default: the whole ``doc_timeout``). The
    batch is piped at once under the sum of the budgets; if that fails or runs over, the
    batch is redone one document at a time, each under its own budget, so a failure or
    a timeout is pinned on the document that caused it and the others still get rows.
    """
    timings = timings if timings is not None else {}
    limit = settings.doc_timeout if settings.doc_timeout and settings.doc_timeout > 0 else 0.0
    left = list(budgets) if budgets is not None else [limit] * len(articles)
    # A limit of 0 means none; keep it 0 ("no limit") rather than "already over".
    left = [max(b, 1e-3) if limit else 0.0 for b in left]
    results: list[Extraction | ErrorRecord] = []
    with nlp.memory_zone():
        docs: list | None = None
        if len(articles) > 1:
            journal.step("nlp", articles)
            started = time.perf_counter()
            # The whole batch gets one document's limit (a normal batch takes a fraction
            # of it), so a pathological page stalls its batch for at most that long
            # before it is found alone below.
            batch_limit = max(left)
            try:
                with journal.guard(batch_limit), time_limit(batch_limit):
                    docs = run_spacy(nlp, [spacy_text(a, settings) for a in articles])
            except (Exception, DocumentTimeout):
                docs = None  # redone one by one below
            spent = time.perf_counter() - started
            _add(timings, "nlp", started)
            if docs is not None and limit:
                # Charge each document its share of the batch's time, by length.
                total = sum(len(a.text) for a in articles) or 1
                left = [max(b - spent * len(a.text) / total, 1e-3) for b, a in zip(left, articles)]
        if docs is None:
            docs = [_nlp_one(nlp, a, b, settings, timings, journal) for a, b in zip(articles, left)]
        for doc, article, budget in zip(docs, articles, left):
            if isinstance(doc, ErrorRecord):
                results.append(doc)
            else:
                results.append(_extract_one(doc, article, budget, settings, timings, journal))
    return results


_WARM_UP_PAGE = (
    "<html><head><title>Agency fines company $2.5 million</title></head><body><article>"
    "<p>WASHINGTON, April 2, 2024 - The Federal Trade Commission announced today that Acme Corp. "
    "agreed to pay $2.5 million over three years to settle claims affecting 1,200 customers, "
    "said Chair Jane Smith of the Commission.</p></article></body></html>"
)
_warmed_up: set[tuple] = set()


def warm_up(nlp: Language, settings: Settings) -> None:
    """Run one small page through every stage, once per process and pipeline.

    Cleaning rules, gazetteers and date parsers load lazily on first use; doing it here
    keeps that one-time cost out of the first real document's time limit and timings.
    """
    key = (id(nlp), settings.fingerprint())
    if key in _warmed_up:
        return
    _warmed_up.add(key)
    page = RawDocument(doc_id="warm-up", source="<warm-up>", content=_WARM_UP_PAGE.encode(), kind="html")
    for _ in process_documents([page], nlp, settings.replace(doc_timeout=0)):
        pass


def process_documents(
    items: Iterable[RawDocument | ErrorRecord],
    nlp: Language,
    settings: Settings,
    timings: dict[str, float] | None = None,
    *,
    journal: Journal = NO_JOURNAL,
) -> Iterator[Extraction | ErrorRecord]:
    """Every input item → one Extraction or one ErrorRecord, in input order.

    Documents are cleaned one at a time (each under ``doc_timeout``), then analysed in
    batches of ``batch_size``; errors keep their place in the order.
    """
    timings = timings if timings is not None else {}
    slots: list[ErrorRecord | tuple[CleanDocument, float]] = []
    pending = 0

    def flush() -> list[Extraction | ErrorRecord]:
        articles = [s[0] for s in slots if not isinstance(s, ErrorRecord)]
        budgets = [settings.doc_timeout - s[1] for s in slots if not isinstance(s, ErrorRecord)]
        analysed = iter(analyse_batch(nlp, articles, settings, timings, budgets=budgets, journal=journal)) if articles else iter(())
        return [s if isinstance(s, ErrorRecord) else next(analysed) for s in slots]

    for item in items:
        if isinstance(item, ErrorRecord):
            slots.append(item)
        else:
            outcome, spent = clean_one(item, settings, timings, journal)
            slots.append(outcome if isinstance(outcome, ErrorRecord) else (outcome, spent))
            pending += not isinstance(outcome, ErrorRecord)
        if pending >= settings.batch_size or len(slots) >= 4 * settings.batch_size:
            yield from flush()
            slots, pending = [], 0
    if slots:
        yield from flush()
