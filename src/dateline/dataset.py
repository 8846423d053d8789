"""``dateline.open(url)``: a store as a dataset — queries that become DataFrames, Arrow tables and files.

A :class:`Dataset` wraps a :class:`~dateline.store.Store` with what a notebook
wants: every CLI command as one method (``ingest``, ``events``, ``stories``,
``articles``, ``show``, ``stats``, ``export``), and results that iterate as
records or convert in one call::

    ds = dateline.open("sqlite:///events.db")
    ds.ingest(["articles/"])
    df = ds.events(type="ASSAULT", country="IQ").to_pandas()
    ds.events(date_from="2017-10-01").export("geojson", "october.geojson")

Results are lazy: nothing is read until they are iterated, counted or
converted, and iteration streams (the store is never loaded whole). Each
conversion runs the query again, so a result reflects the store as it is then.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, Unpack

from dateline.config import Settings
from dateline.errors import ResourceMissing
from dateline.model import Article, Event, Extraction, Outcome, Story
from dateline.store import DEFAULT_URL, EventFilterArgs, Store
from dateline.store.filters import EventFilters, get_sort

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from dateline.ingest import ColumnMap
    from dateline.pipeline import Pipeline, RunSummary
    from dateline.render import ArticleView, EventView, StoryView
    from dateline.resolve_store import ResolveReport
    from dateline.store import StoreStats
    from dateline.texts import ArticleLike

log = logging.getLogger(__name__)

R = TypeVar("R", Event, Story, Article)

DATASETTE_METADATA = "datasette-metadata.json"
"""The Datasette metadata file shipped in the package (tables and columns described)."""

PAGE = 500
"""Articles and stories read per query while iterating."""


# ---------------------------------------------------------------------------
# Flat rows for stories and articles (events use dateline.export.flat_row)
# ---------------------------------------------------------------------------

STORY_COLUMNS: dict[str, str] = {
    "story_id": "string", "type": "string", "date_start": "date", "date_end": "date", "country": "string",
    "lat": "float", "lon": "float", "sources": "string", "independent_sources": "int", "event_count": "int",
    "article_count": "int", "earliest_article_id": "string", "disagreements": "string", "summary": "string",
}
"""One row per story; ``sources`` and ``disagreements`` (the fields sources disagree on) are joined with ``; ``."""

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "string", "title": "string", "url": "string", "source": "string", "published": "date",
    "published_found_in": "string", "published_note": "string", "dateline_place": "string",
    "dateline_agency": "string", "language": "string", "kind": "string", "near_duplicate_of": "string",
    "near_duplicate_score": "float", "origin": "string", "ingested_at": "timestamp", "text": "string",
}
"""One row per article, with its full text last."""


def story_row(story: Story) -> dict[str, Any]:
    """A story as a row of :data:`STORY_COLUMNS`."""
    return {
        "story_id": story.id, "type": story.type, "date_start": story.start, "date_end": story.end,
        "country": story.country, "lat": story.lat, "lon": story.lon,
        "sources": "; ".join(story.sources) or None, "independent_sources": story.independent_sources,
        "event_count": len(story.event_ids), "article_count": len(story.article_ids),
        "earliest_article_id": story.earliest_article_id,
        "disagreements": "; ".join(d.field for d in story.disagreements) or None,
        "summary": story.summary or None,
    }


def article_row(article: Article) -> dict[str, Any]:
    """An article as a row of :data:`ARTICLE_COLUMNS`."""
    dateline = article.dateline
    return {
        "article_id": article.id, "title": article.title, "url": article.url, "source": article.source,
        "published": article.published, "published_found_in": article.published_found_in,
        "published_note": article.published_note, "dateline_place": dateline.place_text if dateline else None,
        "dateline_agency": dateline.agency if dateline else None, "language": article.language,
        "kind": article.kind, "near_duplicate_of": article.near_duplicate_of,
        "near_duplicate_score": article.near_duplicate_score, "origin": article.origin,
        "ingested_at": article.ingested_at, "text": article.text,
    }


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


class Results(ABC, Generic[R]):
    """The records a query matches: iterate them, count them, or take them as a table.

    ``to_arrow()`` and ``to_pandas()`` give one row per record with the
    columns of the record kind's flat table (dates as dates, coordinates as
    floats); ``to_list()`` gives the full records.
    """

    kind: ClassVar[str] = "records"
    columns: dict[str, str]
    """The flat table's columns and their types (see :func:`dateline.export.arrow_schema`)."""

    def __init__(self, fetch: Callable[[], Iterator[R]], count: Callable[[], int], description: str) -> None:
        self._fetch: Callable[[], Iterator[R]] = fetch
        self._count: Callable[[], int] = count
        self._description = description

    def __iter__(self) -> Iterator[R]:
        return self._fetch()

    def __len__(self) -> int:
        return self._count()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self._description}>"

    def to_list(self) -> list[R]:
        """Every matching record, in a list."""
        return list(self)

    @abstractmethod
    def rows(self) -> Iterator[dict[str, Any]]:
        """The records as flat rows (dicts keyed by column), streamed."""

    def to_arrow(self) -> pa.Table:
        """The records as a ``pyarrow.Table`` with typed columns (read in batches)."""
        import pyarrow as pa

        from dateline.export import arrow_schema, rows_to_arrow

        schema = arrow_schema(self.columns, description=f"{self.kind}: {self._description}")
        return pa.Table.from_batches(list(rows_to_arrow(self.rows(), schema)), schema=schema)

    def to_pandas(self) -> pd.DataFrame:
        """The records as a ``pandas.DataFrame``.

        Date columns are ``datetime64`` (use ``.dt``); whole numbers and
        booleans use pandas' nullable types, so an unknown count is ``<NA>``, not 0.

        Raises :class:`ResourceMissing` when pandas is not installed.
        """
        try:
            import pandas as pd
        except ImportError as exc:
            raise ResourceMissing("to_pandas() needs pandas: pip install pandas (or use to_arrow())") from exc
        import pyarrow as pa

        nullable = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
        return self.to_arrow().to_pandas(date_as_object=False, types_mapper=nullable.get)


class EventResults(Results[Event]):
    """Events matching a query (see :meth:`Dataset.events`)."""

    kind: ClassVar[str] = "events"

    def __init__(self, store: Store, *, sort: str, limit: int | None, filters: dict[str, Any]) -> None:
        from dateline.export import FLAT_COLUMNS

        self.columns = FLAT_COLUMNS
        self._store = store

        def count() -> int:
            n = store.count_events(**filters)
            return n if limit is None else min(n, limit)

        super().__init__(lambda: store.all_events(sort=sort, limit=limit, **filters), count,
                         _describe("events", filters, limit))

    def pairs(self) -> Iterator[tuple[Event, Article | None]]:
        """Each event with its article (the article is fetched once per run of its events)."""
        from dateline.export import events_with_articles

        return events_with_articles(iter(self), self._store.get_article)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Rows of the flat event table (the ``events_flat`` view's columns and four more)."""
        from dateline.export import flat_row

        return (flat_row(event, article) for event, article in self.pairs())

    def export(self, fmt: str, output: str | Path | IO[Any]) -> int:
        """Write these events in ``fmt`` (jsonl, csv, parquet, geojson, acled, plover, cameo); returns the count.

        ``output`` is a path, or an open stream (binary for parquet, text for the others).
        """
        from dateline.export import write_events

        return write_events(self.pairs(), fmt, str(output) if isinstance(output, Path) else output)


class StoryResults(Results[Story]):
    """Stories matching a query (see :meth:`Dataset.stories`)."""

    kind: ClassVar[str] = "stories"
    columns = STORY_COLUMNS

    def rows(self) -> Iterator[dict[str, Any]]:
        return (story_row(s) for s in self)


class ArticleResults(Results[Article]):
    """Articles matching a query (see :meth:`Dataset.articles`)."""

    kind: ClassVar[str] = "articles"
    columns = ARTICLE_COLUMNS

    def rows(self) -> Iterator[dict[str, Any]]:
        return (article_row(a) for a in self)


def _describe(kind: str, filters: dict[str, Any], limit: int | None) -> str:
    given = ", ".join(f"{k}={v!r}" for k, v in filters.items() if v is not None)
    return f"{kind}" + (f" where {given}" if given else "") + (f", at most {limit}" if limit is not None else "")


def _paged(page: Callable[[int, int], list[R]], limit: int | None) -> Iterator[R]:
    """Records from ``page(offset, size)`` calls until a short page, stopping at ``limit``."""
    offset = 0
    while limit is None or offset < limit:
        size = PAGE if limit is None else min(PAGE, limit - offset)
        found = page(offset, size)
        yield from found
        if len(found) < size:
            return
        offset += size


# ---------------------------------------------------------------------------
# Ingest report
# ---------------------------------------------------------------------------


@dataclass
class IngestReport:
    """What :meth:`Dataset.ingest` did: one outcome per input item, and the resolution pass."""

    outcomes: list[Outcome] = field(default_factory=list)
    resolved: ResolveReport | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Outcomes by status: ``ingested``, ``near_duplicate``, ``duplicate``, ``skipped``, ``error``."""
        return self._summary().counts

    @property
    def failed(self) -> list[Outcome]:
        """The items that were skipped or failed, each with its origin and reason."""
        return [o for o in self.outcomes if o.status in ("skipped", "error")]

    @property
    def article_ids(self) -> list[str]:
        """Ids of the articles stored by this run (ingested or near-duplicate)."""
        return [o.article_id for o in self.outcomes if o.status in ("ingested", "near_duplicate") and o.article_id]

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        return self._summary().line()

    def _summary(self) -> RunSummary:
        from dateline.pipeline import RunSummary

        summary = RunSummary()
        for outcome in self.outcomes:
            summary.add(outcome)
        return summary

    def __repr__(self) -> str:
        return f"<IngestReport: {self.line()}>"


# ---------------------------------------------------------------------------
# Dataset
# ---------------------------------------------------------------------------


class Dataset:
    """A dateline store, for analysis: query results as records, DataFrames, Arrow tables or files.

    Open with :func:`open`. ``store`` is the underlying
    :class:`~dateline.store.Store` for anything not covered here.
    """

    def __init__(self, url: str | Path = DEFAULT_URL, *, settings: Settings | None = None,
                 pipeline: Pipeline | None = None) -> None:
        self.store = Store(url)
        self.settings = settings or Settings.model_validate({"db": self.store.url})
        self._pipeline = pipeline

    def __repr__(self) -> str:
        return f"<Dataset {self.store!r}>"

    def close(self) -> None:
        """Close the database connections."""
        self.store.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pipeline(self) -> Pipeline:
        """The extraction pipeline ``ingest`` uses (created on first use; its models load once)."""
        if self._pipeline is None:
            from dateline.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    # -- queries ------------------------------------------------------------

    def events(self, *, sort: str = "date", limit: int | None = None,
               **filters: Unpack[EventFilterArgs]) -> EventResults:
        """Events matching every filter given (all events by default), in ``sort`` order.

        Filters are those of ``dateline events``: ``date_from``, ``date_to``,
        ``type``, ``mode``, ``acled_type``, ``actor``, ``country``, ``bbox``,
        ``place_id``, ``story_id``, ``source``, ``modality``,
        ``min_confidence``, ``q`` (full-text search over the evidence) and
        ``article_id`` (see :class:`~dateline.store.EventFilterArgs`). ``sort``
        is ``date``, ``-date``, ``confidence``, ``-confidence``, ``type`` or ``-type``.

        Raises:
            InvalidQuery: an unknown filter or sort, or a malformed value, at once.

        Example:
            >>> ds.events(type="ASSAULT", country="NG", date_from="2021-06-01").to_pandas()  # doctest: +SKIP
        """
        EventFilters.parse(filters)
        get_sort(sort)
        return EventResults(self.store, sort=sort, limit=limit, filters=dict(filters))

    def stories(self, *, limit: int | None = None, date_from: date | str | None = None,
                date_to: date | str | None = None,
                type: str | None = None, country: str | None = None,  # noqa: A002 - the filter's public name
                min_sources: int | None = None) -> StoryResults:
        """Stories (one happening, every article that reported it), by start date; undated last.

        ``min_sources`` counts independent sources (outlets that did not copy each other).
        """
        filters = {"date_from": date_from, "date_to": date_to, "type": type, "country": country,
                   "min_sources": min_sources}

        def page(offset: int, size: int) -> list[Story]:
            return self.store.stories(limit=size, offset=offset, date_from=date_from, date_to=date_to, type=type,
                                      country=country, min_sources=min_sources)

        def count() -> int:
            n = self.store.count_stories(date_from=date_from, date_to=date_to, type=type, country=country,
                                         min_sources=min_sources)
            return n if limit is None else min(n, limit)

        return StoryResults(lambda: _paged(page, limit), count, _describe("stories", filters, limit))

    def articles(self, *, limit: int | None = None, source: str | None = None, kind: str | None = None,
                 q: str | None = None) -> ArticleResults:
        """Articles in storage order; ``source`` is the outlet, ``kind`` report/opinion/analysis, ``q`` words.

        Iterating pages through the store (500 articles a query), so each article's text is held only while used.
        """

        def page(offset: int, size: int) -> list[Article]:
            return self.store.articles(limit=size, offset=offset, source=source, kind=kind, q=q)

        def count() -> int:
            n = self.store.count_articles(source=source, kind=kind, q=q)
            return n if limit is None else min(n, limit)

        description = _describe("articles", {"source": source, "kind": kind, "q": q}, limit)
        return ArticleResults(lambda: _paged(page, limit), count, description)

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    def event(self, event_id: str) -> Event | None:
        return self.store.get_event(event_id)

    def story(self, story_id: str) -> Story | None:
        return self.store.get_story(story_id)

    def extraction(self, article_id: str) -> Extraction | None:
        """Everything extracted from one article: places, actors, times and events, with their spans."""
        return self.store.get_extraction(article_id)

    def show(self, item_id: str) -> ArticleView | EventView | StoryView | None:
        """An article, event or story by id with its context (``dateline show``); None when no such id."""
        from dateline.render import gather

        return gather(self.store, item_id)

    def stats(self, **filters: Unpack[EventFilterArgs]) -> StoreStats:
        """Counts of articles, events and stories; events by day, type and country (``dateline stats``)."""
        return self.store.stats(**filters)

    # -- writing ------------------------------------------------------------

    def ingest(self, paths: str | Path | Iterable[str | Path], *, columns: ColumnMap | None = None,
               resolve: bool = True) -> IngestReport:
        """Read, extract and store articles from files and folders (``dateline ingest``).

        Every item gets one outcome (ingested, duplicate, near-duplicate,
        skipped or error, with the reason); nothing raises for a bad file.
        With ``resolve`` (default) the cross-source pass runs afterwards when
        anything new was stored: stories, text reuse, inferred dates.

        Example:
            >>> report = ds.ingest("examples/articles")  # doctest: +SKIP
            >>> report.line()                            # doctest: +SKIP
            '15 ingested, 1 near-duplicate, 0 duplicate, 0 skipped, 0 error'
        """
        given = [paths] if isinstance(paths, str | Path) else list(paths)
        outcomes = list(self.pipeline.ingest([str(p) for p in given], self.store, columns=columns))
        return self._finish(outcomes, resolve)

    def add(self, articles: Iterable[ArticleLike], *, resolve: bool = True) -> IngestReport:
        """Ingest articles given as strings, dicts (with a ``text`` field) or Articles, like :meth:`ingest`.

        An item that is not an article (no text field, not a string) gets an
        ``error`` outcome; the others go in.

        Example:
            >>> ds.add([{"text": wire_text, "published": "2017-10-20", "source": "AP"}])  # doctest: +SKIP
        """
        from dateline.errors import InputError
        from dateline.ingest import RawItem
        from dateline.texts import to_raw_item

        def items() -> Iterator[RawItem | Outcome]:
            for i, item in enumerate(articles):
                try:
                    yield to_raw_item(item, origin=f"<item {i}>")
                except InputError as exc:
                    yield Outcome(origin=f"<item {i}>", status="error", reason=str(exc))

        outcomes = list(self.pipeline.ingest_items(items(), self.store))
        return self._finish(outcomes, resolve)

    def _finish(self, outcomes: list[Outcome], resolve: bool) -> IngestReport:
        report = IngestReport(outcomes=outcomes)
        if resolve and (report.article_ids or self.store.resolution_pending()):  # or an earlier pass was cut short
            report.resolved = self.resolve()
        log.info("ingest: %s", report.line())
        return report

    def resolve(self) -> ResolveReport:
        """Run cross-source resolution over the whole store: text reuse, stories, inferred dates."""
        from dateline.resolve_store import resolve_store

        return resolve_store(self.store, self.pipeline)

    def export(self, fmt: str, output: str | Path | IO[Any], *, sort: str = "date", limit: int | None = None,
               **filters: Unpack[EventFilterArgs]) -> int:
        """Export matching events (all by default) in ``fmt`` to ``output``; returns the count (``dateline export``).

        Formats: ``jsonl``, ``csv``, ``parquet``, ``geojson``, ``acled``,
        ``plover``, ``cameo`` (see docs/exports.md).
        """
        return self.events(sort=sort, limit=limit, **filters).export(fmt, output)

    # -- Datasette ----------------------------------------------------------

    def datasette_metadata(self) -> dict[str, Any]:
        """Datasette metadata describing this store's tables and columns, keyed by its database name.

        Datasette names a database after its file (``events.db`` -> ``events``).
        Raises :class:`ValueError` for a store that is not a SQLite file.
        """
        from sqlalchemy.engine import make_url

        database = make_url(self.store.url).database
        if self.store.dialect != "sqlite" or not database or database == ":memory:":
            raise ValueError(f"Datasette serves SQLite files; {self.store!r} is not one")
        return datasette_metadata(Path(database).stem)


def datasette_metadata(database: str = "dateline") -> dict[str, Any]:
    """The shipped Datasette metadata, with its table descriptions under database name ``database``.

    Example (the store ``events.db``)::

        python -c "import dateline.dataset as d, json; print(json.dumps(d.datasette_metadata('events')))" > meta.json
        datasette events.db --metadata meta.json
    """
    text = resources.files("dateline").joinpath(DATASETTE_METADATA).read_text(encoding="utf-8")
    metadata = json.loads(text)
    (shipped,) = metadata["databases"].values()
    metadata["databases"] = {database: shipped}
    return metadata


def open(url: str | Path = DEFAULT_URL, *, settings: Settings | None = None) -> Dataset:  # noqa: A001
    """Open (creating and migrating if needed) a dateline store as a :class:`Dataset`.

    Args:
        url: ``sqlite:///events.db``, a plain path to a SQLite file, or
            ``postgresql+psycopg://user@host/db``.
        settings: extraction settings for :meth:`Dataset.ingest` (extra actors
            or places files, batch size ...); defaults otherwise.

    Raises:
        ResourceMissing: the database cannot be reached.

    Example:
        >>> ds = dateline.open("examples.db")              # doctest: +SKIP
        >>> ds.events(country="NG").to_pandas().shape      # doctest: +SKIP
    """
    return Dataset(url, settings=settings)
