"""Re-published copies: near-duplicate clusters over a whole run, so each release counts once.

Two steps, made for runs that are sharded, parallel and resumable:

1. In the worker, :func:`write_signatures` computes a MinHash signature of each article's
   cleaned body (word 5-shingles, numpy inside datasketch) and writes them beside the
   shard's parts as ``_signatures/part-<shard>.parquet`` (atomically, like the parts).
2. After every shard, :func:`assign_clusters` reads only those signatures, finds candidate
   pairs with ``datasketch.MinHashLSH``, keeps the pairs whose estimated Jaccard similarity
   reaches the threshold, joins them into clusters, and rewrites each ``articles`` part with
   ``cluster_id`` (the doc_id of the cluster's first document) and ``duplicate_of`` (the same,
   on every copy but the first). "First" is a stable order: earliest ``published`` (unknown
   last), then documents without an ``origin`` (originals before re-publications), then
   ``doc_id``. The pass is deterministic and idempotent: a rerun or a resumed run writes the
   same values, and a part whose values are already right is not rewritten.

An ``articles`` part without a signature sidecar (a run folder from before this step, or a
torn write) gets one computed from its text, so the pass always covers the whole run.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.records import CleanDocument, ErrorRecord, Extraction

__all__ = [
    "SIGNATURES_DIR",
    "ClusterSummary",
    "SignatureWriter",
    "assign_clusters",
    "cluster_order_key",
    "shingles",
    "signature",
    "signature_table",
    "write_signatures",
]

SIGNATURES_DIR = "_signatures"
#: Permutations per signature: 128 estimate a Jaccard similarity within about ±0.09.
NUM_PERM = 128
#: Words per shingle: five keep unrelated releases that share boilerplate sentences apart.
SHINGLE_WORDS = 5
SEED = 1
#: Two bodies whose shingle sets overlap this much (estimated Jaccard) are copies of one release.
#: Measured on DOJ releases: a copy with a lead paragraph added and a sentence removed keeps
#: 0.81 (5th percentile); distinct releases written from one template (a plea, then the
#: sentencing; "to Monitor Elections in Georgia", "… in Mississippi") mostly stay below 0.7,
#: a few reach 0.86: at 0.75, 7 of the 3,000 DOJ releases join a distinct one.
THRESHOLD = 0.75
#: LSH looks for candidates a little below the threshold, so estimates near it are still checked.
CANDIDATE_THRESHOLD = 0.6
#: A short release under a long lead: the shorter body lies this much inside the longer one
#: (estimated containment), with at least this Jaccard similarity. No two distinct DOJ
#: releases of the 3,000 pass both below the threshold above.
CONTAINMENT = 0.9
CONTAINED_JACCARD = 0.5
_WORD = re.compile(r"[^\W_]+")

SIGNATURE_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("published", pa.date32()),
        pa.field("origin", pa.string()),
        pa.field("n_shingles", pa.int32(), nullable=False),
        pa.field("signature", pa.list_(pa.uint32(), NUM_PERM), nullable=False),
    ]
)


@lru_cache(maxsize=1)
def _scheme() -> str:
    """The datasketch permutation scheme signatures are made with (stored with them)."""
    from datasketch import MinHash

    return f"{getattr(MinHash(num_perm=1, seed=SEED), 'scheme', 'legacy')}/{NUM_PERM}/{SEED}/{SHINGLE_WORDS}"


def shingles(text: str, size: int = SHINGLE_WORDS) -> list[bytes]:
    """The distinct word ``size``-grams of ``text``, case- and punctuation-folded.

    A text shorter than ``size`` words is one shingle, so short notices still compare.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return []
    if len(words) <= size:
        return [" ".join(words).encode()]
    return list(dict.fromkeys(" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)))


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of a text's shingles."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch(shingles(text))
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def _row(article: CleanDocument) -> dict:
    body = article.body
    return {
        "doc_id": article.doc_id,
        "published": article.published,
        "origin": article.origin,
        "n_shingles": len(shingles(body)),
        "signature": signature(body),
    }


def signature_table(results: Iterable[Extraction | ErrorRecord | CleanDocument]) -> pa.Table:
    """One signature row per article among ``results`` (error rows are skipped)."""
    rows = []
    for result in results:
        article = result.article if isinstance(result, Extraction) else result
        if isinstance(article, CleanDocument):
            rows.append(_row(article))
    return _to_table(rows)


def _to_table(rows: Sequence[dict]) -> pa.Table:
    signatures = np.stack([r["signature"] for r in rows]) if rows else np.empty((0, NUM_PERM), dtype=np.uint32)
    arrays = [
        pa.array([r["doc_id"] for r in rows], type=pa.string()),
        pa.array([r["published"] for r in rows], type=pa.date32()),
        pa.array([r["origin"] for r in rows], type=pa.string()),
        pa.array([r["n_shingles"] for r in rows], type=pa.int32()),
        pa.FixedSizeListArray.from_arrays(pa.array(signatures.reshape(-1), type=pa.uint32()), NUM_PERM),
    ]
    table = pa.Table.from_arrays(arrays, schema=SIGNATURE_SCHEMA)
    return table.replace_schema_metadata({"newsfacts.minhash": _scheme()})


def signature_path(out: Path, shard_id: str) -> Path:
    """Where a shard's signatures live: beside its parts, named like them."""
    from pipeline.tables import part_name

    return Path(out) / SIGNATURES_DIR / part_name(shard_id)


def write_signatures(results: Iterable[Extraction | ErrorRecord], out: str | Path, shard_id: str) -> float:
    """Write one shard's signature sidecar atomically; returns the seconds it took."""
    from pipeline.tables import write_atomic

    started = time.perf_counter()
    write_atomic(signature_table(results), signature_path(Path(out), shard_id))
    return time.perf_counter() - started


class SignatureWriter:
    """A shard's signatures, computed as its records stream past and written on commit.

    Used inside :func:`pipeline.runner.process_shard` next to the part writer, so the sidecar
    is in place before the shard's manifest entry says it is done.
    """

    def __init__(self, out: str | Path, shard_id: str) -> None:
        self.path = signature_path(Path(out), shard_id)
        self.rows: list[dict] = []
        self.seconds = 0.0

    def add(self, record: Extraction | ErrorRecord) -> None:
        """Sign one processed document (error rows have nothing to sign)."""
        if isinstance(record, Extraction):
            started = time.perf_counter()
            self.rows.append(_row(record.article))
            self.seconds += time.perf_counter() - started

    def commit(self) -> None:
        """Write the sidecar atomically."""
        from pipeline.tables import write_atomic

        started = time.perf_counter()
        write_atomic(_to_table(self.rows), self.path)
        self.seconds += time.perf_counter() - started


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """What :func:`assign_clusters` found and did."""

    documents: int
    clusters: int
    duplicates: int
    parts_rewritten: int
    seconds: float


def _read_signatures(out: Path, part: Path) -> pa.Table:
    """A part's signatures: its sidecar, or (missing, torn or from another scheme) computed from its text."""
    from pipeline.tables import write_atomic

    sidecar = out / SIGNATURES_DIR / part.name
    if sidecar.is_file():
        try:
            table = pq.read_table(sidecar)
            if (table.schema.metadata or {}).get(b"newsfacts.minhash", b"").decode() == _scheme():
                return table
        except (OSError, pa.ArrowInvalid):
            pass  # a torn sidecar is recomputed below
    articles = pq.read_table(part, columns=["doc_id", "published", "origin", "title", "text"]).to_pylist()
    rows = []
    for row in articles:
        # ``text`` is the title, a blank line, then the body (pipeline.clean.compose_text); the
        # worker signs the body, so this does too.
        text, title = row["text"] or "", row["title"]
        body = text[len(title) + 2 :] if title and text.startswith(f"{title}\n\n") else text
        rows.append({"doc_id": row["doc_id"], "published": row["published"], "origin": row["origin"],
                     "n_shingles": len(shingles(body)), "signature": signature(body)})
    table = _to_table(rows)
    write_atomic(table, sidecar)
    return table


class _Components:
    """Union-find over document indexes; each component's root is its smallest index."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _lean(hashvalues: np.ndarray):
    from datasketch import LeanMinHash

    scheme = _scheme().split("/")[0]
    try:
        return LeanMinHash(seed=SEED, hashvalues=hashvalues, scheme=scheme)
    except TypeError:  # datasketch before 2.0 has one scheme and no argument for it
        return LeanMinHash(seed=SEED, hashvalues=hashvalues)


def cluster_signatures(
    doc_ids: Sequence[str],
    signatures: np.ndarray,
    order_keys: Sequence[tuple],
    *,
    sizes: Sequence[int] | None = None,
    threshold: float = THRESHOLD,
) -> dict[str, tuple[str, str | None]]:
    """doc_id → (cluster_id, duplicate_of) for documents with the given signatures.

    Two documents are copies when their estimated Jaccard similarity reaches ``threshold``,
    or, given their shingle counts (``sizes``), when the shorter lies almost wholly inside
    the longer (containment ``CONTAINMENT``, Jaccard at least ``CONTAINED_JACCARD``): a
    short release re-published under a long lead paragraph.

    Args:
        doc_ids: one id per row of ``signatures``.
        signatures: ``(n, NUM_PERM)`` uint32 MinHash values.
        order_keys: one sortable key per document; the smallest of a cluster is its head.
        sizes: distinct shingles per document (``n_shingles``), for the containment test.
        threshold: the estimated Jaccard similarity two copies reach.
    """
    from datasketch import MinHashLSH

    order = sorted(range(len(doc_ids)), key=lambda i: (order_keys[i], doc_ids[i]))
    ids = [doc_ids[i] for i in order]
    sigs = signatures[order]
    counts = [sizes[i] for i in order] if sizes is not None else None
    components = _Components(len(ids))
    lsh = MinHashLSH(threshold=min(threshold, CANDIDATE_THRESHOLD, CONTAINED_JACCARD), num_perm=NUM_PERM)
    seen: dict[str, int] = {}
    with lsh.insertion_session() as session:
        for index, doc_id in enumerate(ids):
            if doc_id in seen:  # the same input twice: one document
                components.union(seen[doc_id], index)
                continue
            seen[doc_id] = index
            session.insert(index, _lean(sigs[index]))
    for first in seen.values():
        for other in lsh.query(_lean(sigs[first])):
            # LSH proposes; the signature estimate decides (LSH alone lets through pairs below it).
            if other != first and _copies(float(np.mean(sigs[first] == sigs[other])), counts, first, other, threshold):
                components.union(first, other)
    assignment: dict[str, tuple[str, str | None]] = {}
    for index, doc_id in enumerate(ids):
        head = ids[components.find(index)]
        assignment.setdefault(doc_id, (head, None if head == doc_id else head))
    return assignment


def _copies(jaccard: float, counts: Sequence[int] | None, a: int, b: int, threshold: float) -> bool:
    if jaccard >= threshold:
        return True
    if counts is None or jaccard < CONTAINED_JACCARD or min(counts[a], counts[b]) == 0:
        return False
    # |A ∩ B| from J and the set sizes, over the smaller set.
    shared = jaccard * (counts[a] + counts[b]) / (1 + jaccard)
    return shared / min(counts[a], counts[b]) >= CONTAINMENT


def cluster_order_key(published: dt.date | None, origin: str | None) -> tuple:
    """Where a document sorts in its cluster: earliest ``published`` first (unknown last), then one
    without an ``origin`` (the issuer's own) before re-publications; the smallest key heads it."""
    return (published is None, published or dt.date.max, origin is not None)


def assign_clusters(out: str | Path, *, threshold: float = THRESHOLD) -> ClusterSummary:
    """Cluster every article of a run folder and write ``cluster_id``/``duplicate_of``.

    Reads the signature sidecars (computing missing ones), clusters near-duplicates and
    rewrites each ``articles`` part whose values change, atomically.
    """
    from pipeline.schema import SCHEMAS
    from pipeline.tables import write_atomic

    started = time.perf_counter()
    out = Path(out)
    parts = sorted((out / "articles").glob("part-*.parquet")) if (out / "articles").is_dir() else []
    tables = [_read_signatures(out, part) for part in parts]
    doc_ids: list[str] = []
    keys: list[tuple] = []
    sizes: list[int] = []
    blocks = []
    for table in tables:
        columns = table.select(["doc_id", "published", "origin", "n_shingles"]).to_pydict()
        doc_ids.extend(columns["doc_id"])
        sizes.extend(columns["n_shingles"])
        keys.extend(cluster_order_key(p, o) for p, o in zip(columns["published"], columns["origin"]))
        values = table.column("signature").combine_chunks().flatten().to_numpy(zero_copy_only=False)
        blocks.append(values.reshape(-1, NUM_PERM).astype(np.uint32))
    signatures = np.concatenate(blocks) if blocks else np.empty((0, NUM_PERM), dtype=np.uint32)
    assignment = cluster_signatures(doc_ids, signatures, keys, sizes=sizes, threshold=threshold) if doc_ids else {}

    rewritten = 0
    schema = SCHEMAS["articles"]
    for part in parts:
        articles = pq.read_table(part)
        ids = articles.column("doc_id").to_pylist()
        cluster = [assignment.get(doc_id, (doc_id, None))[0] for doc_id in ids]
        duplicate = [assignment.get(doc_id, (doc_id, None))[1] for doc_id in ids]
        if articles.column("cluster_id").to_pylist() == cluster and articles.column("duplicate_of").to_pylist() == duplicate:
            continue  # already right: an idempotent rerun rewrites nothing
        articles = articles.set_column(schema.get_field_index("cluster_id"), schema.field("cluster_id"), pa.array(cluster, pa.string()))
        articles = articles.set_column(schema.get_field_index("duplicate_of"), schema.field("duplicate_of"), pa.array(duplicate, pa.string()))
        write_atomic(articles.cast(schema), part)
        rewritten += 1
    heads = {head for head, _ in assignment.values()}
    duplicates = sum(1 for _, of in assignment.values() if of is not None)
    return ClusterSummary(documents=len(assignment), clusters=len(heads), duplicates=duplicates,
                          parts_rewritten=rewritten, seconds=time.perf_counter() - started)
