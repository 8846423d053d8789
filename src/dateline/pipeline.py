"""The streaming pipeline: items -> articles -> Docs -> extractions -> store -> stories.

Memory stays flat with corpus size: articles move through in batches of
``settings.batch_size``, and nothing keeps a whole-corpus list: the
near-duplicate index is looked up in the store (its band keys are written
with each article), so only this run's articles not stored yet are held.

Where a batch is parsed and extracted is up to a :class:`BatchRunner`: this
process by default, or worker processes (``dateline.scale`` runs batches on a
Dask cluster). Reading, de-duplication and writing always happen here, in
input order, so every runner leaves the same store behind.
"""

from __future__ import annotations

import gc
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, TypeAlias

from dateline.config import Settings
from dateline.errors import StoreError
from dateline.extract import Resources, extract_article, load_resources
from dateline.gc_tuning import fewer_collections
from dateline.ingest import (
    ColumnMap,
    RawItem,
    StoredNearDuplicates,
    prepare_article,
    read_items,
)
from dateline.iterables import batched
from dateline.model import Article, Extraction, Outcome
from dateline.nlp import MAX_LENGTH, parse
from dateline.resolve.kind import classify_article
from dateline.store import Store
from dateline.store.store import ArticleBatch
from dateline.texts import ArticleLike, to_article

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    """Counts of outcomes in one ingest run; the CLI prints it at the end."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1

    @property
    def failed(self) -> int:
        return self.counts.get("error", 0) + self.counts.get("skipped", 0)

    def line(self) -> str:
        order = ("ingested", "near_duplicate", "duplicate", "skipped", "error")
        parts = [f"{self.counts.get(k, 0)} {k.replace('_', '-')}" for k in order]
        return ", ".join(parts)


ArticleResult: TypeAlias = Extraction | str
"""A batch runner's answer for one article: its extraction, or why extraction failed."""


class BatchRunner(Protocol):
    """Parses and extracts batches of articles somewhere: this process, or a cluster's workers.

    ``submit`` returns at once with a handle; the handle's ``result()`` gives
    one :data:`ArticleResult` per article, in order, blocking until it is ready.
    Runners must give the same results as :func:`extract_batch`.
    """

    in_flight: int
    """How many submitted batches may be pending before the oldest is waited for."""

    def submit(self, articles: list[Article]) -> _Handle: ...


class _Handle(Protocol):
    def result(self) -> list[ArticleResult]: ...


def extract_batch(articles: list[Article], resources: Resources) -> list[ArticleResult]:
    """Parse ``articles`` (in size-bounded ``nlp.pipe`` batches) and extract each; a failing article gives its reason.

    The one place extraction runs for ingest, in this process or on a worker.
    """
    docs = parse(resources.nlp, [a.text for a in articles])
    out: list[ArticleResult] = []
    for article, doc in zip(articles, docs, strict=True):
        try:
            out.append(extract_article(doc, article, resources))
        except Exception as exc:  # one bad article must not stop the batch
            log.exception("extraction failed for article %s", article.id)
            out.append(f"extraction failed: {type(exc).__name__}: {exc}")
    return out


@dataclass
class _Later:
    """A batch to run when its result is asked for (the in-process runner's handle)."""

    run: Callable[[], list[ArticleResult]]

    def result(self) -> list[ArticleResult]:
        return self.run()


class InProcessRunner:
    """Runs each batch in this process, when its result is asked for."""

    in_flight = 0

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline

    def submit(self, articles: list[Article]) -> _Later:
        return _Later(lambda: extract_batch(articles, self._pipeline.resources))


class Pipeline:
    """Turns articles into extractions, and (with a store) items into stored events.

    The spaCy pipeline and knowledge bases load on first use, once.

    Example:
        >>> pipeline = Pipeline()
        >>> for article, extraction in pipeline.process([article]):
        ...     print(len(extraction.events))
    """

    def __init__(self, settings: Settings | None = None, *, resources: Resources | None = None) -> None:
        self.settings = settings or Settings()
        self._resources = resources
        self._loads_resources = resources is None

    @property
    def resources(self) -> Resources:
        if self._resources is None:
            self._resources = load_resources(
                actors_file=self.settings.actors_file, places_file=self.settings.places_file,
                event_classifier=self.settings.event_classifier,
            )
        return self._resources

    def release(self) -> None:
        """Let the language model and knowledge bases go; they load again when next needed.

        ``dateline ingest`` calls this between its ingest loop and the
        store-wide resolution pass, which needs the model only to re-extract an
        undated article it dates: without the model, and what parsing left
        allocated, the pass starts some 150 MB lower, and the memory it grows
        into is what the model gave back. Resources handed to the constructor
        are kept: the pipeline could not load them again.
        """
        if self._loads_resources:
            self._resources = None
            gc.collect()

    def process(self, articles: Iterable[ArticleLike]) -> Iterator[tuple[Article, Extraction]]:
        """Parse and extract articles in batches, yielding each with its extraction.

        Besides Articles it takes plain texts and dicts with a ``text`` field
        (and optionally ``title``, ``published``, ``source``, ``url``), read
        as ingest reads them (:func:`dateline.texts.to_article`); an empty
        one raises :class:`~dateline.errors.InputError` naming its position.
        """
        prepared = (to_article(item, origin=f"<item {i}>") for i, item in enumerate(articles))
        for batch in batched(prepared, self.settings.batch_size):
            yield from self._extract_batch(batch)

    def _extract_batch(self, batch: list[Article]) -> Iterator[tuple[Article, Extraction]]:
        res = self.resources
        docs = parse(res.nlp, [a.text for a in batch])
        for article, doc in zip(batch, docs, strict=True):
            yield article, extract_article(doc, article, res)

    def ingest(
        self,
        paths: Iterable[str],
        store: Store,
        *,
        columns: ColumnMap | None = None,
        runner: BatchRunner | None = None,
    ) -> Iterator[Outcome]:
        """Read, de-duplicate, extract and store every item; yield one Outcome per item.

        Each article is written whole or not at all once its extraction
        succeeded (a batch's articles in one transaction on SQLite, each in its
        own savepoint; see :meth:`Store.saving`), and an outcome is given only
        once the article has landed. So an interrupted run leaves only whole
        articles behind, and a rerun picks up where it stopped (stored ids are
        skipped as duplicates).
        ``runner`` says where batches are parsed and extracted (default: here).
        """
        items = read_items(paths, columns=columns, max_chars=self.settings.max_chars)
        return self.ingest_items(items, store, runner=runner)

    def ingest_items(
        self, items: Iterable[RawItem | Outcome], store: Store, *, runner: BatchRunner | None = None
    ) -> Iterator[Outcome]:
        """Like :meth:`ingest`, for items already read (e.g. an article posted to the API).

        Batches are submitted to ``runner`` as they fill; at most
        ``runner.in_flight`` of them wait for their results while later items
        are read, and results are stored in input order.
        """
        runner = runner or InProcessRunner(self)
        near = StoredNearDuplicates(store, threshold=self.settings.near_duplicate_threshold)
        store.index_near_duplicates(near.banding, near.keys)
        pending: list[tuple[Article, bytes, str]] = []
        submitted: deque[tuple[list[tuple[Article, bytes, str]], _Handle]] = deque()
        with fewer_collections():
            for item in items:
                outcome = self._admit(item, store, near, pending)
                if outcome is not None:
                    yield outcome
                if len(pending) >= self.settings.batch_size:
                    submitted.append((pending, runner.submit([a for a, _, _ in pending])))
                    pending = []
                    while len(submitted) > runner.in_flight:
                        yield from self._store_batch(*submitted.popleft(), store, near)
            if pending:
                submitted.append((pending, runner.submit([a for a, _, _ in pending])))
            while submitted:
                yield from self._store_batch(*submitted.popleft(), store, near)

    def _admit(
        self,
        item: RawItem | Outcome,
        store: Store,
        near: StoredNearDuplicates,
        pending: list[tuple[Article, bytes, str]],
    ) -> Outcome | None:
        """Turn one read item into a pending article, or into its final outcome."""
        if isinstance(item, Outcome):
            return item
        article = prepare_article(item)
        if isinstance(article, Outcome):
            return article
        if len(article.text) > MAX_LENGTH:
            # The parser would raise on it mid-batch and take the batch's other articles down too.
            return Outcome(origin=article.origin or "", status="skipped", article_id=article.id,
                           reason=f"too long for the language pipeline: {len(article.text):,} characters "
                           f"(limit {MAX_LENGTH:,}); split it into articles")
        if article.id in near or store.has_article(article.id):  # admitted earlier in this run, or stored
            return Outcome(origin=article.origin or "", status="duplicate", article_id=article.id,
                           reason="already ingested (same normalised text)")
        signature = near.signature(article.text)
        status = "ingested"
        hit = near.query(signature)
        if hit is not None:
            article.near_duplicate_of, article.near_duplicate_score = hit[0], round(hit[1], 3)
            status = "near_duplicate"
        near.add(article.id, signature)
        article.kind, article.kind_cues = classify_article(article)
        article.ingested_at = datetime.now(UTC).replace(microsecond=0)
        pending.append((article, signature, status))
        return None

    def _store_batch(
        self, pending: list[tuple[Article, bytes, str]], handle: _Handle, store: Store, near: StoredNearDuplicates
    ) -> Iterator[Outcome]:
        """Store a batch's extractions together (see :meth:`Store.saving`); outcomes follow once it has landed."""
        results = handle.result()
        outcomes: list[Outcome] = []
        with store.saving() as batch:
            for (article, signature, status), extraction in zip(pending, results, strict=True):
                outcomes.append(self._save(article, signature, status, extraction, batch, near))
        for (article, _, _), outcome in zip(pending, outcomes, strict=True):
            if outcome.status != "error":
                near.stored(article.id)
            yield outcome

    @staticmethod
    def _save(
        article: Article, signature: bytes, status: str, extraction: ArticleResult, batch: ArticleBatch,
        near: StoredNearDuplicates,
    ) -> Outcome:
        if isinstance(extraction, str):
            return Outcome(origin=article.origin or "", status="error", article_id=article.id, reason=extraction)
        if article.near_duplicate_of and not batch.has_article(article.near_duplicate_of):
            # Its near-twin failed earlier in this run: this one stands alone.
            article.near_duplicate_of = article.near_duplicate_score = None
            status = "ingested"
        try:
            batch.save_article(article, extraction, minhash=signature, near_keys=near.keys(signature))
        except StoreError as exc:
            log.error("article %s could not be stored: %s", article.id, exc)
            return Outcome(origin=article.origin or "", status="error", article_id=article.id,
                           reason=f"store rejected the article: {exc}")
        reason = None
        if status == "near_duplicate":
            reason = f"near-duplicate of {article.near_duplicate_of} (Jaccard ~ {article.near_duplicate_score})"
        return Outcome(origin=article.origin or "", status=status, article_id=article.id, reason=reason)
