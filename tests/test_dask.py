"""The Dask engine on a small LocalCluster: the same shard function, the same rows.

Needs the ``dask`` extra (skipped without it). Two worker processes each load the spaCy
model once; the cluster is shared by the tests of this module to pay for that once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.runner import read_manifest, run, run_fingerprint
from pipeline.tables import read_table
from test_runner import make_inputs, table_rows

pytest.importorskip("distributed")

pytestmark = [pytest.mark.dask, pytest.mark.model]


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as connected:
            yield connected


def test_dask_engine_writes_the_rows_of_a_serial_run_and_resumes(client, settings, nlp, tmp_path: Path):
    folder = tmp_path / "in"
    documents = make_inputs(folder, html=2, text=4, jsonl=2)
    run([folder], tmp_path / "serial", settings=settings.replace(shard_size=2), engine="serial")
    shards: list[str] = []
    summary = run(
        [folder], tmp_path / "dask", settings=settings.replace(shard_size=2), engine="dask", client=client,
        on_shard=lambda r: shards.append(r.shard_id),
    )
    assert summary.documents == documents and summary.shards == len(shards) >= 3
    assert table_rows(tmp_path / "dask") == table_rows(tmp_path / "serial")
    entities = [sorted(read_table(tmp_path / f, "entities").column("entity_id").to_pylist()) for f in ("dask", "serial")]
    assert entities[0] == entities[1] and entities[0]  # the entities pass runs on the client, as the near-duplicate one
    if {e["fingerprint"] for e in read_manifest(tmp_path / "dask").values()} != {run_fingerprint(settings)}:
        pytest.skip("the package's code changed while the test ran (a shared working tree): nothing to resume")
    again = run([folder], tmp_path / "dask", settings=settings.replace(shard_size=2), engine="dask", client=client)
    assert again.shards_skipped == again.shards


def test_time_limit_works_in_a_dask_worker_thread(client, settings, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("Long release\n\n" + ("The agency paid $5 million to the court. " * 4700))
    run([folder], tmp_path / "out", settings=settings.replace(doc_timeout=2), engine="dask", client=client)
    (error,) = read_table(tmp_path / "out", "errors").to_pylist()
    # The limit fires in whichever stage the 2 s run out: spaCy reads this text in about 2 s,
    # so on a loaded machine it may be spaCy or the extractors after it.
    assert error["error"] == "timeout" and error["stage"] in ("nlp", "extract")
