"""Near-duplicate clusters across a run: signatures beside the parts, one final pass."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.syndication import (
    NUM_PERM,
    SIGNATURES_DIR,
    assign_clusters,
    cluster_signatures,
    shingles,
    signature,
)

RELEASE = (
    "The Korean National Police Agency has announced additional funding for INTERPOL to support global law "
    "enforcement efforts against online child exploitation and cyber-enabled financial crimes. Some EUR 2.1 "
    "million will be provided for a three-year initiative as part of the Fight Against Child Exploitation "
    "project which was launched in 2015. The element supported by the agency will focus on the Asian region "
    "and on greater connectivity to the International Child Sexual Exploitation database. To date the "
    "database has helped member countries identify numerous victims and holds information on more than "
    "21,000 child victims and nearly 10,000 offenders. An additional EUR 1.3 million will support a second "
    "three-year project targeting cyber-enabled financial crimes, with an expert network of officials who "
    "specialise in combating white-collar crime. Activities will include joint operations to identify and "
    "arrest those involved and the confiscation of related crime proceeds. The contribution comes as the role "
    "of INTERPOL President is currently held by a senior Korean police official. The Secretary General said the "
    "support underlined the country's commitment to global law enforcement, particularly in combating online "
    "crimes. Member countries will be able to request training and analytical support from the new network "
    "from next year onwards."
)
OTHER = (
    "A former hospital administrator was sentenced today to 57 months in prison for a scheme to defraud "
    "Medicare of more than four million dollars through false claims for services never provided. The "
    "defendant admitted that she paid kickbacks to recruiters who brought patients to the clinic and that "
    "she directed staff to sign notes for therapy sessions that did not happen. The judge also ordered her "
    "to pay restitution and to serve three years of supervised release after her prison term. The case was "
    "investigated by the FBI and the Office of Inspector General of the Department of Health and Human "
    "Services and was prosecuted by trial attorneys of the Fraud Section."
)


def republished(text: str) -> str:
    """A re-published copy: a lead paragraph added, one sentence removed."""
    sentences = text.split(". ")
    del sentences[3]
    return "Editor's note: this release was first published by the agency this week.\n\n" + ". ".join(sentences)


def test_shingles_fold_case_and_punctuation():
    assert shingles("The FBI, today; said") == [b"the fbi today said"]
    assert shingles("One two three four five six") == [b"one two three four five", b"two three four five six"]
    assert shingles("") == []


def test_signature_estimates_similarity():
    a, b, c = signature(RELEASE), signature(republished(RELEASE)), signature(OTHER)
    assert a.dtype == np.uint32 and a.shape == (NUM_PERM,)
    assert np.array_equal(a, signature(RELEASE))  # deterministic: same text, same signature
    assert np.mean(a == b) > 0.5
    assert np.mean(a == c) < 0.1


def test_cluster_head_is_the_earliest_then_originals_then_doc_id():
    sigs = np.stack([signature(RELEASE), signature(republished(RELEASE)), signature(OTHER), signature(RELEASE)])
    keys = [(False, dt.date(2024, 4, 22), True), (False, dt.date(2024, 4, 20), False), (True, dt.date.max, False),
            (True, dt.date.max, False)]
    result = cluster_signatures(["copy", "first", "other", "undated"], sigs, keys)
    assert result["first"] == ("first", None)
    assert result["copy"] == ("first", "first")
    assert result["undated"] == ("first", "first")
    assert result["other"] == ("other", None)
    # The order the documents come in does not matter.
    again = cluster_signatures(["undated", "other", "first", "copy"], sigs[[3, 2, 1, 0]], [keys[3], keys[2], keys[1], keys[0]])
    assert again == result


def page(title: str, body: str, chrome: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<html><head><title>{title}</title></head><body><nav>{chrome} Home | World | Sport | Contact</nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>{chrome} © 2024 All rights reserved.</footer>"
        "</body></html>"
    )


@pytest.mark.model
def test_run_clusters_copies_and_reruns_give_the_same_result(tmp_path):
    import pipeline

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a-original.html").write_text(page("Korea to fund INTERPOL projects", RELEASE, "INTERPOL"))
    (inputs / "b-copy.html").write_text(page("Korea to Fund INTERPOL Projects", republished(RELEASE), "HSToday"))
    (inputs / "c-other.html").write_text(page("Administrator sentenced", OTHER, "Justice News"))
    out = tmp_path / "out"
    summary = pipeline.run([inputs], out, engine="serial")
    assert "cluster" in summary.timings and "signature" in summary.timings
    assert list((out / SIGNATURES_DIR).glob("part-*.parquet"))
    articles = pipeline.load_tables(out, ["articles"])["articles"]
    by_source = {row.source.rsplit("/", 1)[-1]: row for row in articles.itertuples()}
    original, copy, other = by_source["a-original.html"], by_source["b-copy.html"], by_source["c-other.html"]
    assert original.cluster_id == copy.cluster_id
    assert other.cluster_id == other.doc_id and pd.isna(other.duplicate_of)
    head, member = (original, copy) if original.cluster_id == original.doc_id else (copy, original)
    assert pd.isna(head.duplicate_of) and member.duplicate_of == head.doc_id
    # A rerun (everything resumed) and the final pass alone rewrite nothing and agree.
    parts = sorted((out / "articles").glob("part-*.parquet"))
    stamps = [p.stat().st_mtime_ns for p in parts]
    pipeline.run([inputs], out, engine="serial")
    assert assign_clusters(out).parts_rewritten == 0
    assert [p.stat().st_mtime_ns for p in parts] == stamps
    # Without its sidecar (a run folder from before this step) a part is signed from its text.
    for sidecar in (out / SIGNATURES_DIR).glob("*.parquet"):
        sidecar.unlink()
    result = assign_clusters(out)
    assert (result.documents, result.clusters, result.duplicates, result.parts_rewritten) == (3, 2, 1, 0)
    assert sum(pq.read_table(f).num_rows for f in (out / SIGNATURES_DIR).glob("*.parquet")) == 3


def test_short_release_under_a_long_lead_is_a_copy_by_containment():
    short = ". ".join(RELEASE.split(". ")[:4]) + "."
    lead = ("Our newsroom follows international police cooperation closely and brings readers the statements of the "
            "agencies involved as soon as they are published, together with background on the programmes concerned "
            "and links to earlier coverage of the same topic on this site. ")
    sigs = np.stack([signature(short), signature(lead + short)])
    sizes = [len(shingles(short)), len(shingles(lead + short))]
    assert np.mean(sigs[0] == sigs[1]) < 0.75  # too little overlap for the Jaccard test alone
    keys = [(False,), (False,)]
    # Same order keys: the head is the smaller doc_id ("long").
    assert cluster_signatures(["short", "long"], sigs, keys, sizes=sizes)["short"] == ("long", "long")
    assert cluster_signatures(["short", "long"], sigs, keys)["short"] == ("short", None)


@pytest.mark.model
def test_origin_of_a_republished_page_and_it_sorts_after_the_original():
    import pipeline

    body = republished(RELEASE).replace("\n\n", "</p><p>")
    html = (
        "<html><head><title>Korea to Fund INTERPOL Projects</title>"
        "<meta property='og:site_name' content='Homeland Security Today'></head><body><nav>Home | News</nav>"
        f"<article><h1>Korea to Fund INTERPOL Projects</h1><p>{body}</p><p>Read more at INTERPOL</p></article>"
        "<footer>Related Articles</footer></body></html>"
    )
    copy = pipeline.extract_html(html, url="https://www.hstoday.us/korea", published="2024-04-20")
    assert copy.article.origin == "INTERPOL"
    original = pipeline.extract_text(RELEASE, title="Korea to fund INTERPOL projects", published="2024-04-20")
    assert original.article.origin is None
    # Same day: the page without an origin (the issuer's own) heads the cluster.
    from pipeline.syndication import cluster_order_key

    sigs = np.stack([signature(copy.article.body), signature(original.article.body)])
    keys = [cluster_order_key(copy.article.published, copy.article.origin), cluster_order_key(original.article.published, None)]
    result = cluster_signatures(["a-copy", "z-original"], sigs, keys)
    assert result["a-copy"] == ("z-original", "z-original")
