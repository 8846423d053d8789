"""Distributed ingest: a Dask run leaves the store a single-process run leaves.

Each test starts real Dask worker processes (each loads the spaCy pipeline
once), so the module takes about a minute on a 2-core machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.errors import ConfigError
from dateline.pipeline import Pipeline
from dateline.resolve_store import resolve_store
from dateline.scale import WORKER_ENVIRONMENT, DaskRunner, dask_client, ingest_distributed
from dateline.scale.compare import store_digest
from dateline.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"


def _cli_ingest(db: Path, *extra: str) -> list[dict]:
    cmd = [sys.executable, "-m", "dateline.cli", "--db", f"sqlite:///{db}", "-q", "ingest", str(EXAMPLES), "--json",
           *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _generated_corpus(path: Path, n: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
    finally:
        sys.path.pop(0)
    with path.open("w", encoding="utf-8") as fh:
        for record in generate(n, words=250, seed=11, quote_share=0.2, republish_share=0.1):
            fh.write(json.dumps(record) + "\n")
    return path


def test_workers_cli_leaves_the_same_store_as_a_single_process(tmp_path: Path) -> None:
    single = _cli_ingest(tmp_path / "single.db")
    dask = _cli_ingest(tmp_path / "dask.db", "--workers", "2")
    assert sorted(map(json.dumps, single)) == sorted(map(json.dumps, dask))
    a, b = store_digest(Store(tmp_path / "single.db")), store_digest(Store(tmp_path / "dask.db"))
    assert a.counts["articles"] == 16 and a.counts["events"] > 0 and a.counts["stories"] > 0
    assert a.counts["reuse"] > 0  # the blog quotes the wire story
    assert a == b, a.differences(b)


def test_existing_scheduler_gives_the_same_store_on_a_generated_corpus(tmp_path: Path) -> None:
    from distributed import LocalCluster

    corpus = _generated_corpus(tmp_path / "corpus.jsonl", 48)
    pipeline = Pipeline(Pipeline().settings.model_copy(update={"batch_size": 8}))
    single = Store(tmp_path / "single.db")
    single_outcomes = [o.to_json() for o in pipeline.ingest([str(corpus)], single)]
    resolve_store(single, pipeline)

    distributed = Store(tmp_path / "dask.db")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster:
        dask_outcomes = [o.to_json() for o in ingest_distributed(pipeline, [str(corpus)], distributed,
                                                                  scheduler=cluster.scheduler_address)]
    resolve_store(distributed, pipeline)

    statuses = {json.loads(o)["status"] for o in single_outcomes}
    assert "near_duplicate" in statuses  # the corpus re-publishes some articles
    assert sorted(single_outcomes) == sorted(dask_outcomes)
    a, b = store_digest(single), store_digest(distributed)
    assert a.counts["articles"] == 48 and a.counts["events"] > 100 and a.counts["reuse"] > 0
    assert a == b, a.differences(b)


def test_runner_keeps_two_batches_per_worker_in_flight() -> None:
    with dask_client(workers=1) as client:
        runner = DaskRunner(client, Pipeline().settings)
        assert runner.in_flight == 2
        assert runner.submit([]).result() == []
        # Local workers start with few malloc arenas (set before the process starts, as glibc requires).
        assert list(client.run(os.environ.get, "MALLOC_ARENA_MAX").values()) == [WORKER_ENVIRONMENT["MALLOC_ARENA_MAX"]]


@pytest.mark.parametrize(("workers", "scheduler"), [(None, None), (2, "tcp://127.0.0.1:8786"), (0, None)])
def test_cluster_options_must_name_one_cluster(workers: int | None, scheduler: str | None) -> None:
    with pytest.raises(ConfigError, match="--workers|--scheduler"), dask_client(workers=workers, scheduler=scheduler):
        pass


def test_digest_tells_stores_apart(tmp_path: Path) -> None:
    _cli_ingest(tmp_path / "one.db", "--no-resolve")
    store = Store(tmp_path / "one.db")
    before = store_digest(store)
    assert before == store_digest(store)
    article = store.articles(limit=1)[0]
    store.update_article(article.model_copy(update={"kind": "opinion" if article.kind != "opinion" else "report"}))
    after = store_digest(store)
    assert after.differences(before) == ["articles: 16 vs 16 records, contents differ"]
