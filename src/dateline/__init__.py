"""dateline: news articles in, evidence-backed political and conflict events out.

The public Python API, one call per job (each name is imported on first use,
so ``import dateline`` stays fast)::

    import dateline

    events = dateline.extract(text, published="2017-10-20")     # one article -> list[Event]

    for article, extraction in dateline.Pipeline().process(texts):   # many, streaming
        ...

    ds = dateline.open("sqlite:///events.db")                  # a store as a dataset
    ds.ingest(["articles/"])                                   # = dateline ingest articles/
    df = ds.events(type="ASSAULT", country="IQ").to_pandas()   # = dateline events --type ...
    ds.export("geojson", "events.geojson")                     # = dateline export --format geojson

    dateline.evaluate.run_task("geo", "gold.jsonl")            # = dateline eval geo gold.jsonl

Everything else (:mod:`dateline.model` records, :class:`~dateline.store.Store`,
errors) is importable from here too; see ``__all__``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from dateline import evaluate, extract
    from dateline.config import Settings
    from dateline.dataset import ArticleResults, Dataset, EventResults, IngestReport, StoryResults, open
    from dateline.errors import DatelineError, InputError, InvalidQuery, ResourceMissing, StoreError
    from dateline.model import (
        Actor,
        ActorMention,
        Article,
        Event,
        EventDate,
        EventPlace,
        Evidence,
        Extraction,
        Mention,
        Outcome,
        Place,
        PlaceMention,
        Quantity,
        Story,
        TimeMention,
    )
    from dateline.pipeline import Pipeline
    from dateline.store import Store

_LAZY: dict[str, str] = {
    "Pipeline": "dateline.pipeline",
    "Settings": "dateline.config",
    "Store": "dateline.store",
    "open": "dateline.dataset",
    "Dataset": "dateline.dataset",
    "EventResults": "dateline.dataset",
    "StoryResults": "dateline.dataset",
    "ArticleResults": "dateline.dataset",
    "IngestReport": "dateline.dataset",
    **{name: "dateline.errors" for name in ("DatelineError", "InputError", "InvalidQuery", "ResourceMissing",
                                             "StoreError")},
    **{name: "dateline.model" for name in ("Actor", "ActorMention", "Article", "Event", "EventDate", "EventPlace",
                                            "Evidence", "Extraction", "Mention", "Outcome", "Place", "PlaceMention",
                                            "Quantity", "Story", "TimeMention")},
}
_SUBMODULES = frozenset({"extract", "evaluate"})

__all__ = [
    "Actor", "ActorMention", "Article", "ArticleResults", "Dataset", "DatelineError", "Event", "EventDate",
    "EventPlace", "EventResults", "Evidence", "Extraction", "IngestReport", "InputError", "InvalidQuery",
    "Mention", "Outcome", "Pipeline", "Place", "PlaceMention", "Quantity", "ResourceMissing", "Settings", "Store",
    "StoreError", "Story", "StoryResults", "TimeMention", "__version__", "evaluate", "extract", "open",
]


def __getattr__(name: str) -> Any:
    """Import public names on first use (PEP 562)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"dateline.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
