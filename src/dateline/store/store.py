"""``Store``: the one object the pipeline, CLI, API and exports use to reach the database.

It owns the engine and the transaction boundaries; what a write or a query
does is in :mod:`.writes` and :mod:`.queries`. Every write method is one
transaction (all of it lands, or none of it), every read method one
consistent snapshot.

Example::

    store = Store("events.db")                  # or postgresql+psycopg://user@host/db
    store.save_article(article, extraction)
    for event in store.events(type="ASSAULT", country="IQ", sort="-date", limit=20):
        print(event.date.start, event.evidence.text)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Unpack

import sqlalchemy as sa

from dateline.errors import InvalidQuery, ResourceMissing, StoreError
from dateline.model import Article, Event, Extraction, Reuse, Story
from dateline.store import near_index, overview, queries, writes
from dateline.store.engine import DEFAULT_URL, WRITE_OPTION, create_store_engine, migrate, normalise_url
from dateline.store.filters import EventFilterArgs, EventFilters, decode_cursor, encode_cursor, get_sort
from dateline.store.integrity import integrity_problems
from dateline.store.queries import ActorCount, EventPage, PlaceCount, StoreStats
from dateline.store.schema import articles
from dateline.store.schema import stories as story_table

log = logging.getLogger(__name__)

STREAM_BATCH = 500
"""Rows fetched at a time by the streaming iterators."""


class Store:
    """Articles, extractions, events and stories in SQLite (default) or PostgreSQL.

    ``url`` is a SQLAlchemy URL (``sqlite:///dateline.db``,
    ``postgresql+psycopg://user@host/db``) or a plain file path. Opening
    migrates the database to the current schema, creating it if needed.
    ``mapped_reads=False`` turns off SQLite's memory-mapped reads, for a
    process that mostly writes (see ``dateline.store.engine.SQLITE_MMAP_BYTES``).

    Raises :class:`ResourceMissing` when the database cannot be reached and
    :class:`StoreError` when it cannot be migrated.
    """

    def __init__(self, url: str | Path = DEFAULT_URL, *, mapped_reads: bool = True) -> None:
        self.url = normalise_url(url)
        self._engine = create_store_engine(self.url, mapped_reads=mapped_reads)
        self._writer = self._engine.execution_options(**{WRITE_OPTION: True})
        self.dialect = self._engine.dialect.name
        try:
            migrate(self._engine)
        except sa.exc.OperationalError as exc:
            self._engine.dispose()
            raise ResourceMissing(f"cannot open the store {self._safe_url}: {exc.orig}") from exc

    @property
    def _safe_url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self._safe_url!r})"

    def close(self) -> None:
        """Close every pooled connection (the object can still be used; it reconnects)."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _write(self, what: str) -> Iterator[sa.Connection]:
        """One write transaction; database errors become :class:`StoreError` naming ``what``."""
        with _refusals_named(what), self._writer.begin() as conn:
            yield conn

    def _read(self) -> sa.engine.Connection:
        return self._engine.connect()

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        with self._read() as conn:
            return writes.has_article(conn, article_id)

    def near_duplicate_candidates(self, keys: list[int]) -> list[tuple[str, bytes]]:
        """(id, MinHash bytes) of the stored articles filed under any of these band keys, in storage order."""
        with self._read() as conn:
            return near_index.candidates(conn, keys)

    def index_near_duplicates(self, banding: str, keys_of: Callable[[bytes], list[int]]) -> int:
        """Make the stored band keys those of ``banding`` (``keys_of`` turns a signature into them).

        Does nothing when they already are; otherwise rebuilds them from every
        stored signature in one transaction, and returns how many articles it keyed.
        """
        with self._write("cannot index near-duplicate keys") as conn:
            return near_index.reindex(conn, banding, keys_of)

    def save_article(
        self, article: Article, extraction: Extraction | None = None, *, minhash: bytes | None = None,
        near_keys: Sequence[int] | None = None,
    ) -> None:
        """Store an article and everything extracted from it, in one transaction.

        Idempotent: saving a stored article again changes nothing, except
        that an extraction or MinHash signature it was first stored without is
        added. ``near_keys`` are the signature's band keys under the banding
        of :meth:`index_near_duplicates`; a signature saved without them is
        found as a near-duplicate only once the next ingest has rebuilt the
        keys. To change a stored article use :meth:`update_article`; to change
        its extraction, :meth:`replace_extraction`. If anything fails, nothing
        of the article is stored.

        Raises :class:`StoreError` when the extraction is of another article,
        two events share an id, or a referenced article or story is not stored.
        """
        with self._write(f"cannot save article {article.id}") as conn:
            if writes.save_article(conn, article, extraction, minhash, near_keys):
                log.debug("stored article %s (%d events)", article.id, len(extraction.events) if extraction else 0)

    @contextmanager
    def saving(self) -> Iterator[ArticleBatch]:
        """A batch of :meth:`save_article` calls that lands when the ``with`` block ends.

        Each article is still whole or absent, and one that fails raises at
        its own ``save_article`` without taking the others with it. On SQLite
        the batch is one transaction with a savepoint per article: a commit
        writes every page the transaction changed to the log, consecutive
        articles change many of the same index pages, and committing once per
        batch writes each of those once (with the writer's larger page cache,
        :data:`~dateline.store.engine.SQLITE_WRITER_CACHE_KIB`, saving took
        12.7 ms an article at 10,000 stored against 16.8 one by one). If the
        block raises, nothing of the batch is stored. On PostgreSQL each
        article commits on its own, as concurrent writers take row locks
        in key order only within one article: a transaction spanning several
        could deadlock against another writer's.
        """
        if self.dialect != "sqlite":
            yield ArticleBatch(self, None)
            return
        with self._write("cannot save a batch of articles") as conn:
            yield ArticleBatch(self, conn)

    def update_article(self, article: Article) -> None:
        """Rewrite a stored article's fields (e.g. ``kind`` or an inferred date); raises if it is not stored."""
        with self._write(f"cannot update article {article.id}") as conn:
            writes.update_article(conn, article)

    def replace_extraction(self, article_id: str, extraction: Extraction) -> None:
        """Replace a stored article's extraction (e.g. events re-dated), keeping story membership."""
        with self._write(f"cannot replace the extraction of article {article_id}") as conn:
            writes.replace_extraction(conn, article_id, extraction)

    def save_stories(self, stories: Iterable[Story], reuse: Iterable[Reuse]) -> None:
        """Replace all stories and text reuse with these, and point each event at its story.

        One transaction: readers see the old stories or the new, never a mix.
        """
        with self._write("cannot save stories") as conn:
            writes.replace_stories(conn, stories, reuse)

    def save_resolution(
        self,
        *,
        resolved: Sequence[str],
        updated_articles: Sequence[Article] = (),
        extractions: Mapping[str, Extraction] | None = None,
        provenance: Iterable[Event] = (),
        stories: Iterable[Story] = (),
        reuse: Iterable[Reuse] = (),
    ) -> None:
        """Write everything one resolution pass decided, in one transaction.

        ``updated_articles`` are rewritten (:meth:`update_article`), ``extractions``
        replace the stored ones (:meth:`replace_extraction`), ``provenance``
        events (stored events whose ``attributed_to`` or ``confidence`` changed)
        are updated in place, the story and reuse tables are replaced
        (:meth:`save_stories`) — ``provenance`` and ``stories`` may be
        generators, read as they are written, so a pass over many articles
        never holds them all — and the ``resolved``
        article ids (every article the pass read) are stamped. A pass killed
        before the commit leaves the store as it was, still pending.
        """
        with self._write("cannot save the resolution") as conn:
            for article in updated_articles:
                writes.update_article(conn, article)
            for article_id, extraction in sorted((extractions or {}).items()):
                writes.replace_extraction(conn, article_id, extraction)
            writes.update_event_provenance(conn, provenance)
            writes.replace_stories(conn, stories, reuse)
            writes.mark_resolved(conn, resolved)

    def resolution_pending(self) -> bool:
        """Whether some stored article is not covered by a committed resolution pass."""
        with self._read() as conn:
            stmt = sa.select(articles.c.seq).where(articles.c.resolved_at.is_(None)).limit(1)
            return conn.execute(stmt).first() is not None

    # ------------------------------------------------------------------
    # Articles
    # ------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        if not _is_storable(article_id):
            return None
        with self._read() as conn:
            rows = queries.to_articles(conn.execute(queries.article_select([articles.c.id == article_id])))
        return rows[0] if rows else None

    def get_articles(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among ``article_ids``, by id, read in one query (ids not stored are left out)."""
        wanted = _storable_ids(article_ids)
        if not wanted:
            return {}
        with self._read() as conn:
            found = queries.to_articles(conn.execute(queries.article_select([articles.c.id.in_(wanted)])))
        return {a.id: a for a in found}

    def article_texts(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The texts of the stored articles among ``article_ids``, by id, in one query.

        For passes that need only the words (text reuse): no article record is parsed.
        """
        wanted = _storable_ids(article_ids)
        if not wanted:
            return {}
        with self._read() as conn:
            rows = conn.execute(sa.select(articles.c.id, articles.c.text).where(articles.c.id.in_(wanted)))
            return {article_id: text for article_id, text in rows}

    def articles(
        self,
        *,
        limit: int | None = 100,
        offset: int = 0,
        source: str | None = None,
        kind: str | None = None,
        q: str | None = None,
    ) -> list[Article]:
        """Stored articles in storage order; ``source`` is the outlet, ``q`` words in title or text."""
        conditions = queries.article_conditions(self.dialect, source=source, kind=kind, q=q)
        stmt = queries.article_select(conditions).offset(_offset(offset)).limit(_limit(limit))
        with self._read() as conn:
            return queries.to_articles(conn.execute(stmt))

    def count_articles(self, *, source: str | None = None, kind: str | None = None, q: str | None = None) -> int:
        conditions = queries.article_conditions(self.dialect, source=source, kind=kind, q=q)
        stmt = sa.select(sa.func.count()).select_from(articles).where(*conditions)
        with self._read() as conn:
            return int(conn.execute(stmt).scalar_one())

    def get_extraction(self, article_id: str) -> Extraction | None:
        """What was extracted from an article, exactly as saved; None if stored without an extraction."""
        if not _is_storable(article_id):
            return None
        with self._read() as conn:
            return queries.get_extraction(conn, article_id)

    def article_events(self, article_id: str) -> list[Event]:
        """An article's stored events in text order (empty if it has none): cheaper than its whole extraction."""
        if not _is_storable(article_id):
            return []
        with self._read() as conn:
            return queries.get_article_events(conn, article_id)

    # ------------------------------------------------------------------
    # Events
    # ------------------------------------------------------------------

    def events(
        self,
        *,
        sort: str = "date",
        limit: int | None = 100,
        offset: int = 0,
        cursor: str | None = None,
        **filters: Unpack[EventFilterArgs],
    ) -> list[Event]:
        """Events matching every filter given (see :class:`EventFilterArgs`), in ``sort`` order.

        ``sort`` is one of ``date``, ``-date``, ``confidence``, ``-confidence``,
        ``type``, ``-type`` (undated events last); ties are broken by event id.
        Page with ``offset``, or with ``cursor`` from :meth:`events_page`.
        Raises :class:`InvalidQuery` for an unknown filter, sort or cursor.

        >>> store.events(type="ASSAULT", country="IQ", date_from="2017-10-16")  # doctest: +SKIP
        """
        return self.events_page(sort=sort, limit=limit, offset=offset, cursor=cursor, **filters).events

    def events_page(
        self,
        *,
        sort: str = "date",
        limit: int | None = 100,
        offset: int = 0,
        cursor: str | None = None,
        **filters: Unpack[EventFilterArgs],
    ) -> EventPage:
        """Like :meth:`events`, plus ``next_cursor`` for keyset paging (stable under concurrent inserts)."""
        order = get_sort(sort)
        parsed = EventFilters.parse(filters)
        if cursor is not None and offset:
            raise InvalidQuery("give either cursor or offset, not both")
        after = decode_cursor(order, cursor) if cursor else None
        limit = _limit(limit)
        stmt = queries.event_select(
            self.dialect, parsed, order, limit=None if limit is None else limit + 1,
            offset=_offset(offset), after=after,
        )
        with self._read() as conn:
            found = [queries.to_event(r) for r in conn.execute(stmt)]
        if limit is None or len(found) <= limit:
            return EventPage(events=found, next_cursor=None)
        page = found[:limit]
        return EventPage(events=page, next_cursor=encode_cursor(order, page[-1]) if page else None)

    def count_events(self, **filters: Unpack[EventFilterArgs]) -> int:
        """How many events match the filters (same filters as :meth:`events`)."""
        parsed = EventFilters.parse(filters)
        with self._read() as conn:
            return queries.count_events(conn, parsed)

    def all_events(
        self, *, sort: str = "date", limit: int | None = None, **filters: Unpack[EventFilterArgs]
    ) -> Iterator[Event]:
        """Stream matching events (all of them by default) without holding them in memory.

        For exports at any scale: rows are fetched in batches through a
        server-side cursor on PostgreSQL. Filters are checked at once, before
        the first event is read.
        """
        stmt = queries.event_select(
            self.dialect, EventFilters.parse(filters), get_sort(sort), limit=_limit(limit), offset=0
        )
        return self._stream_events(stmt)

    def _stream_events(self, stmt: sa.Select[Any]) -> Iterator[Event]:
        with self._read() as conn:
            for row in conn.execution_options(yield_per=STREAM_BATCH).execute(stmt):
                yield queries.to_event(row)

    def get_event(self, event_id: str) -> Event | None:
        if not _is_storable(event_id):
            return None
        with self._read() as conn:
            return queries.get_event(conn, event_id)

    # ------------------------------------------------------------------
    # Stories, reuse, actors, places, statistics
    # ------------------------------------------------------------------

    def stories(
        self,
        *,
        limit: int | None = 100,
        offset: int = 0,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        type: str | None = None,  # noqa: A002 - the filter's public name
        country: str | None = None,
        min_sources: int | None = None,
    ) -> list[Story]:
        """Stories by start date (undated last); ``min_sources`` counts independent sources."""
        conditions = queries.story_conditions(
            date_from=date_from, date_to=date_to, type=type, country=country, min_sources=min_sources
        )
        stmt = queries.story_select(conditions).offset(_offset(offset)).limit(_limit(limit))
        with self._read() as conn:
            return queries.to_stories(list(conn.execute(stmt).scalars()))

    def count_stories(
        self,
        *,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        type: str | None = None,  # noqa: A002
        country: str | None = None,
        min_sources: int | None = None,
    ) -> int:
        conditions = queries.story_conditions(
            date_from=date_from, date_to=date_to, type=type, country=country, min_sources=min_sources
        )
        stmt = sa.select(sa.func.count()).select_from(story_table).where(*conditions)
        with self._read() as conn:
            return int(conn.execute(stmt).scalar_one())

    def get_story(self, story_id: str) -> Story | None:
        if not _is_storable(story_id):
            return None
        with self._read() as conn:
            found = list(conn.execute(queries.story_select([story_table.c.id == story_id])).scalars())
        return queries.to_stories(found)[0] if found else None

    def reuse_for(self, article_id: str) -> list[Reuse]:
        """Text reuse where the article is the source or the target."""
        if not _is_storable(article_id):
            return []
        with self._read() as conn:
            return queries.reuse_for(conn, article_id)

    def actors(self, *, limit: int | None = None, offset: int = 0) -> list[ActorCount]:
        """Distinct stored actors with how many events they take part in, most first."""
        with self._read() as conn:
            return queries.actor_counts(conn, limit=_limit(limit), offset=_offset(offset))

    def places(self, *, limit: int | None = None, offset: int = 0) -> list[PlaceCount]:
        """Referenced gazetteer places with how many events are located there, most first."""
        with self._read() as conn:
            return queries.place_counts(conn, limit=_limit(limit), offset=_offset(offset))

    def stats(self, **filters: Unpack[EventFilterArgs]) -> StoreStats:
        """Counts: articles, events, stories; events by start day, type and country.

        Event counts cover the events matching ``filters`` (all by default).
        """
        parsed = EventFilters.parse(filters)
        with self._read() as conn:
            return queries.stats(conn, parsed)

    def event_points(
        self, *, limit: int | None = 5000, **filters: Unpack[EventFilterArgs]
    ) -> tuple[list[overview.EventPoint], int]:
        """Located events matching ``filters`` as flat map points (newest first), and how many there are.

        The count is of every located match, so a caller can say "showing 5000 of 81234".
        """
        parsed = EventFilters.parse(filters)
        with self._read() as conn:
            return overview.event_points(conn, parsed, limit=_limit(limit)), overview.count_points(conn, parsed)

    def day_type_counts(self, **filters: Unpack[EventFilterArgs]) -> dict[str, dict[str, int]]:
        """Events matching ``filters`` by start day and type (for a stacked timeline); undated left out."""
        parsed = EventFilters.parse(filters)
        with self._read() as conn:
            return overview.day_type_counts(conn, parsed)

    def integrity_check(self) -> list[str]:
        """Problems with the database, one sentence each (empty when sound).

        SQLite's own integrity check and full-text index checks, then
        references that lead nowhere and half-recorded extractions, on both
        backends.
        """
        with self._writer.begin() as conn:
            return integrity_problems(conn)


def _is_storable(key: str) -> bool:
    """Whether an id a caller asks for could be stored at all: PostgreSQL refuses text with NUL in it."""
    return "\x00" not in key


def _storable_ids(keys: Iterable[str]) -> list[str]:
    """The distinct keys that could be stored ids, sorted: what a query by many ids asks for."""
    return sorted({key for key in keys if _is_storable(key)})


def _limit(limit: int | None) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InvalidQuery(f"limit takes a whole number >= 0 (or None for no limit), got {limit!r}")
    return limit


def _offset(offset: int) -> int:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidQuery(f"offset takes a whole number >= 0, got {offset!r}")
    return offset


class ArticleBatch:
    """Saves articles inside :meth:`Store.saving`: in the batch's transaction, or one by one."""

    def __init__(self, store: Store, conn: sa.Connection | None) -> None:
        self._store = store
        self._conn = conn

    def has_article(self, article_id: str) -> bool:
        """Whether the article is stored, counting those saved earlier in this batch."""
        if self._conn is None:
            return self._store.has_article(article_id)
        return writes.has_article(self._conn, article_id)

    def save_article(
        self, article: Article, extraction: Extraction | None = None, *, minhash: bytes | None = None,
        near_keys: Sequence[int] | None = None,
    ) -> None:
        """As :meth:`Store.save_article`; on failure nothing of this article is kept, and the batch goes on."""
        if self._conn is None:
            self._store.save_article(article, extraction, minhash=minhash, near_keys=near_keys)
            return
        with _refusals_named(f"cannot save article {article.id}"), self._conn.begin_nested():
            writes.save_article(self._conn, article, extraction, minhash, near_keys)


@contextmanager
def _refusals_named(what: str) -> Iterator[None]:
    """Turn the database refusing a write (a constraint) into a :class:`StoreError` that names ``what``."""
    try:
        yield
    except sa.exc.IntegrityError as exc:
        raise StoreError(f"{what}: the database refused it ({exc.orig})") from exc
