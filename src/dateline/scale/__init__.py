"""Running ingest's extraction on a Dask cluster: local worker processes or an existing cluster.

Parsing and extraction are nearly all of ingest's work, and each article's
extraction depends only on the article, so batches of articles go to Dask
workers while this process keeps everything that needs the whole run in one
place: reading, exact and near-duplicate checks, and writing. Results come
back and are stored in input order by this single writer, so a distributed
run leaves exactly the store a single-process run leaves.

Each worker loads the spaCy pipeline, gazetteer and actor knowledge base once
(:mod:`dateline.scale.worker`) and keeps them for every batch it gets.

Example::

    from dateline.pipeline import Pipeline
    from dateline.scale import ingest_distributed
    from dateline.store import Store

    for outcome in ingest_distributed(Pipeline(), ["news/"], Store("news.db"), workers=2):
        print(outcome.status, outcome.origin)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dateline.errors import ConfigError, ResourceMissing

if TYPE_CHECKING:
    from distributed import Client, Future

    from dateline.config import Settings
    from dateline.ingest import ColumnMap
    from dateline.model import Article, Outcome
    from dateline.pipeline import ArticleResult, Pipeline
    from dateline.store import Store

log = logging.getLogger(__name__)

__all__ = ["DaskRunner", "dask_client", "ingest_distributed"]

BATCHES_PER_WORKER = 2
"""Batches queued per worker: one running, one waiting, so no worker idles while results are stored."""
WORKER_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2"}
"""Set in each local worker process before it starts. A Dask worker parses on a thread of its own, and
glibc gives each thread its own memory arenas, which spaCy's many short-lived arrays fragment: measured
on 500-word articles, a worker held about 700 MB with the default arenas and 300 MB with two."""


class DaskRunner:
    """A :class:`~dateline.pipeline.BatchRunner` that sends each batch to a Dask worker.

    Args:
        client: a connected ``distributed.Client``.
        settings: the run's settings; workers build their pipeline from them
            (the same actors and places files must be readable on every worker).
    """

    def __init__(self, client: Client, settings: Settings) -> None:
        self._client = client
        self._settings = settings.model_dump_json()
        workers = max(1, sum(client.nthreads().values()))
        self.in_flight = workers * BATCHES_PER_WORKER

    def submit(self, articles: list[Article]) -> _BatchFuture:
        from dateline.scale.worker import extract_on_worker

        future = self._client.submit(extract_on_worker, self._settings, articles, pure=False)
        return _BatchFuture(future)


class _BatchFuture:
    """The handle of one submitted batch: waits for it and frees it on the cluster."""

    def __init__(self, future: Future) -> None:
        self._future = future

    def result(self) -> list[ArticleResult]:
        try:
            return self._future.result()
        finally:
            self._future.release()


@contextmanager
def dask_client(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A Dask client: on a new local cluster of ``workers`` processes, or on the scheduler at ``scheduler``.

    The local cluster runs one single-threaded worker process per core asked
    for (spaCy and the extractors are CPU-bound Python, so threads would only
    contend for the interpreter lock), with :data:`WORKER_ENVIRONMENT`, listens
    on 127.0.0.1 only and starts no dashboard. It is shut down when the block
    ends; an existing cluster is left running.

    Raises:
        ConfigError: both or neither of ``workers`` and ``scheduler`` given, or ``workers < 1``.
        ResourceMissing: Dask is not installed, or the scheduler cannot be reached.
    """
    if (workers is None) == (scheduler is None):
        raise ConfigError("give either --workers N (a local cluster) or --scheduler ADDRESS (an existing one)")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ResourceMissing(f"Dask is not installed ({exc}); install it with: pip install 'dask[distributed]'") from exc
    _follow_our_log_level()
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise ResourceMissing(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    with (
        dask.config.set({f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in WORKER_ENVIRONMENT.items()}),
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                     host="127.0.0.1") as cluster,
        Client(cluster) as client,
    ):
        yield client


def _follow_our_log_level() -> None:
    """Dask sets its loggers to INFO when imported; keep them as quiet as the run's own logging (-q, -v)."""
    level = max(logging.WARNING, logging.getLogger().getEffectiveLevel())
    for name in ("distributed", "dask"):
        logging.getLogger(name).setLevel(level)


def ingest_distributed(
    pipeline: Pipeline,
    paths: Iterable[str],
    store: Store,
    *,
    columns: ColumnMap | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[Outcome]:
    """:meth:`Pipeline.ingest <dateline.pipeline.Pipeline.ingest>` with extraction on a Dask cluster.

    Yields the same outcomes, and leaves the same store, as the single-process
    run; only where batches are parsed and extracted changes. The cluster is
    started (``workers``) or joined (``scheduler``) when iteration begins and
    released when it ends.
    """
    with dask_client(workers=workers, scheduler=scheduler) as client:
        log.info("extracting on Dask: %s", client)
        runner = DaskRunner(client, pipeline.settings)
        yield from pipeline.ingest(paths, store, columns=columns, runner=runner)
