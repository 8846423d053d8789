"""What runs on a Dask worker: one pipeline per worker process, loaded on its first batch.

Dask imports this module on each worker and calls :func:`extract_on_worker`
for every batch. The pipeline (spaCy model, gazetteer, actor knowledge base)
is built once per worker process and per settings, then reused, so a worker
pays the loading cost once however many batches it runs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.model import Article
    from dateline.pipeline import ArticleResult, Pipeline


@lru_cache(maxsize=2)
def worker_pipeline(settings_json: str) -> Pipeline:
    """This process's pipeline for these settings (built on first use, then cached)."""
    from dateline.config import Settings
    from dateline.pipeline import Pipeline

    pipeline = Pipeline(Settings.model_validate_json(settings_json))
    pipeline.resources  # noqa: B018 - load now, so the first batch's timing is not the loading time
    return pipeline


def extract_on_worker(settings_json: str, articles: list[Article]) -> list[ArticleResult]:
    """Parse and extract one batch with this worker's pipeline (see :func:`dateline.pipeline.extract_batch`)."""
    from dateline.gc_tuning import fewer_collections
    from dateline.pipeline import extract_batch

    with fewer_collections():
        return extract_batch(articles, worker_pipeline(settings_json).resources)
