"""The tables: one per record kind, with readable names, for people who open the file directly.

The database is meant to be read without dateline (sqlite3, Datasette,
pandas, DuckDB), so every table and column is named for what it holds and the
values people filter on are real columns. Each row that stores a model record
also keeps the whole record as JSON in ``record``: reading back returns
exactly the object that was saved, while the columns stay free to be flat and
convenient. The columns are derived from ``record`` on every write, so the two
never disagree — except the few values that change after extraction
(``events.story_id``), which live only in their column.

``articles`` and ``events`` have an integer ``seq`` primary key next to their
text ``id`` (unique, the id every other table refers to): SQLite's full-text
index needs a stable integer row key, and ``seq`` also records storage order.

``events`` also keeps a few columns only for fast queries, written with every
event: the sort keys of the two date orders (``date_sort``,
``date_sort_desc``: undated events last either way, as a plain value an index
can hold), the last day of the date range (``date_last``) and its length in
days (``date_span``: the longest one bounds how far before a window an
overlapping event can start) and the article's outlet in lower case
(``source_lc``). The composite indexes pair each common
filter with the date order, so a page of a filtered list is read from an
index in order instead of sorting every match. The actor filter (a substring
of any actor's code, name or mention text) searches ``actor_terms``, every
distinct such text once, and reaches the events through ``event_actor_terms``.

This module is the schema as the code sees it today; the migrations under
``migrations/versions`` are how a database gets there, and a test checks that
the two agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JSON_DATA = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
"""JSON text on SQLite (readable, ``json_extract`` works), JSONB on PostgreSQL."""

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}
"""Deterministic constraint names, so migrations can name what they alter on both backends."""

UNDATED_LAST: Final = date(9999, 12, 31)
"""``events.date_sort`` of an undated event: after every date, so oldest-first lists end with them."""
UNDATED_FIRST: Final = date(1, 1, 1)
"""``events.date_sort_desc`` of an undated event: before every date, so newest-first lists end with them."""


class Base(DeclarativeBase):
    """Declarative base carrying the shared metadata and the Python → SQL type map."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: sa.String(),
        int: sa.Integer(),
        float: sa.Float(),
        bool: sa.Boolean(),
        date: sa.Date(),
        datetime: sa.DateTime(timezone=True),
        bytes: sa.LargeBinary(),
        dict[str, Any]: JSON_DATA,
        list[Any]: JSON_DATA,
    }


def _article_fk() -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE")


class ArticleRow(Base):
    """``articles``: one ingested article, its text and its provenance."""

    __tablename__ = "articles"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(unique=True)
    title: Mapped[str | None]
    url: Mapped[str | None]
    source: Mapped[str | None] = mapped_column(index=True)
    published: Mapped[date | None] = mapped_column(index=True)
    published_found_in: Mapped[str]
    published_note: Mapped[str | None]
    published_window_start: Mapped[date | None]
    published_window_end: Mapped[date | None]
    dateline_place: Mapped[str | None]
    dateline_agency: Mapped[str | None]
    language: Mapped[str]
    kind: Mapped[str] = mapped_column(index=True)
    kind_cues: Mapped[list[Any]]
    near_duplicate_of: Mapped[str | None] = mapped_column(
        sa.ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    near_duplicate_score: Mapped[float | None]
    origin: Mapped[str | None]
    ingested_at: Mapped[datetime | None]
    extracted_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    text: Mapped[str] = mapped_column(sa.Text())
    minhash: Mapped[bytes | None]
    record: Mapped[dict[str, Any]]


class PlaceRow(Base):
    """``places``: the gazetteer entries that some mention or event refers to."""

    __tablename__ = "places"

    place_id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    geonames_id: Mapped[int | None] = mapped_column(index=True)
    country: Mapped[str | None] = mapped_column(index=True)
    admin1: Mapped[str | None]
    lat: Mapped[float]
    lon: Mapped[float]
    feature_class: Mapped[str | None]
    feature_code: Mapped[str | None]
    population: Mapped[int | None] = mapped_column(sa.BigInteger())
    record: Mapped[dict[str, Any]]


class PlaceMentionRow(Base):
    """``place_mentions``: a toponym in an article and where it was resolved to."""

    __tablename__ = "place_mentions"

    id: Mapped[str] = mapped_column(primary_key=True)
    article_id: Mapped[str] = mapped_column(_article_fk(), index=True)
    position: Mapped[int]
    char_start: Mapped[int]
    char_end: Mapped[int]
    text: Mapped[str]
    role: Mapped[str]
    place_id: Mapped[str | None] = mapped_column(sa.ForeignKey("places.place_id"), index=True)
    anchor_place_id: Mapped[str | None] = mapped_column(sa.ForeignKey("places.place_id"))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    precision: Mapped[str]
    radius_km: Mapped[float | None]
    confidence: Mapped[float]
    rule: Mapped[str]
    record: Mapped[dict[str, Any]]


class ActorRow(Base):
    """``actors``: every actor some mention was coded to (or, uncoded, named as)."""

    __tablename__ = "actors"

    actor_id: Mapped[str] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(index=True)
    name: Mapped[str]
    kind: Mapped[str]
    country: Mapped[str | None]
    sector: Mapped[str | None]
    record: Mapped[dict[str, Any]]


class ActorMentionRow(Base):
    """``actor_mentions``: an actor phrase in an article and the actor it was coded to."""

    __tablename__ = "actor_mentions"

    id: Mapped[str] = mapped_column(primary_key=True)
    article_id: Mapped[str] = mapped_column(_article_fk(), index=True)
    position: Mapped[int]
    char_start: Mapped[int]
    char_end: Mapped[int]
    text: Mapped[str]
    actor_id: Mapped[str] = mapped_column(sa.ForeignKey("actors.actor_id"), index=True)
    actor_code: Mapped[str | None]
    coded: Mapped[bool]
    role: Mapped[str | None]
    rule: Mapped[str]
    record: Mapped[dict[str, Any]]


class TimeMentionRow(Base):
    """``time_mentions``: a time expression and the date it was resolved to, if any."""

    __tablename__ = "time_mentions"

    id: Mapped[str] = mapped_column(primary_key=True)
    article_id: Mapped[str] = mapped_column(_article_fk(), index=True)
    position: Mapped[int]
    char_start: Mapped[int]
    char_end: Mapped[int]
    text: Mapped[str]
    value: Mapped[str | None]
    date_start: Mapped[date | None]
    date_end: Mapped[date | None]
    granularity: Mapped[str]
    anchor: Mapped[str | None]
    rule: Mapped[str]
    reason: Mapped[str | None]
    record: Mapped[dict[str, Any]]


class StoryRow(Base):
    """``stories``: one happening as reported by one or more articles."""

    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(index=True)
    date_start: Mapped[date | None] = mapped_column(index=True)
    date_end: Mapped[date | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    country: Mapped[str | None] = mapped_column(index=True)
    independent_sources: Mapped[int]
    earliest_article_id: Mapped[str | None]
    event_count: Mapped[int]
    article_count: Mapped[int]
    sources: Mapped[list[Any]]
    summary: Mapped[str]
    record: Mapped[dict[str, Any]]


class EventRow(Base):
    """``events``: one event mention in one article, with its evidence sentence."""

    __tablename__ = "events"
    __table_args__ = (
        # Each list order with the date bounds beside it: a date window is checked in the index.
        sa.Index("ix_events_date_sort", "date_sort", "id", "date_last"),
        sa.Index("ix_events_date_sort_desc", "date_sort_desc", "id"),
        sa.Index("ix_events_confidence_id", "confidence", "id"),
        # The broad filters, each followed by the oldest-first order, then the values most often
        # filtered on with it, so a combination is checked (and counted) in the index alone, and
        # the newest-first key, so that order is sorted from the index without reading rows.
        sa.Index(
            "ix_events_type_date_sort",
            "type", "date_sort", "id", "date_last", "country", "modality", "date_sort_desc",
        ),
        sa.Index(
            "ix_events_country_date_sort",
            "country", "date_sort", "id", "date_last", "type", "modality", "date_sort_desc",
        ),
        sa.Index("ix_events_source_lc_date_sort", "source_lc", "date_sort", "id", "date_sort_desc"),
        sa.Index("ix_events_lat_lon_date_sort", "lat", "lon", "date_sort", "id", "date_sort_desc"),
    )

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(unique=True)
    article_id: Mapped[str] = mapped_column(_article_fk(), index=True)
    position: Mapped[int]
    type: Mapped[str]
    mode: Mapped[str | None]
    context: Mapped[list[Any]]
    quad: Mapped[str | None]
    acled_type: Mapped[str | None] = mapped_column(index=True)
    acled_subtype: Mapped[str | None]
    cameo_root: Mapped[str | None]
    modality: Mapped[str] = mapped_column(index=True)
    date_start: Mapped[date | None]
    date_end: Mapped[date | None]
    date_granularity: Mapped[str]
    date_rule: Mapped[str]
    date_inferred: Mapped[bool]
    place_id: Mapped[str | None] = mapped_column(sa.ForeignKey("places.place_id"), index=True)
    place_text: Mapped[str | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    precision: Mapped[str]
    radius_km: Mapped[float | None]
    country: Mapped[str | None]
    place_rule: Mapped[str]
    confidence: Mapped[float]
    evidence: Mapped[str] = mapped_column(sa.Text())
    evidence_start: Mapped[int]
    evidence_end: Mapped[int]
    trigger_text: Mapped[str]
    trigger_start: Mapped[int]
    trigger_end: Mapped[int]
    attributed_to: Mapped[str | None] = mapped_column(index=True)
    story_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("stories.id", ondelete="SET NULL"), index=True
    )
    record: Mapped[dict[str, Any]]
    date_sort: Mapped[date] = mapped_column(server_default=sa.text(f"'{UNDATED_LAST.isoformat()}'"))
    date_sort_desc: Mapped[date] = mapped_column(server_default=sa.text(f"'{UNDATED_FIRST.isoformat()}'"))
    date_last: Mapped[date | None]
    date_span: Mapped[int] = mapped_column(server_default=sa.text("0"), index=True)
    source_lc: Mapped[str | None]


class EventActorRow(Base):
    """``event_actors``: who did what to whom — one row per actor role of an event."""

    __tablename__ = "event_actors"

    event_id: Mapped[str] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    actor_mention_id: Mapped[str | None] = mapped_column(sa.ForeignKey("actor_mentions.id"))
    actor_id: Mapped[str] = mapped_column(sa.ForeignKey("actors.actor_id"), index=True)
    actor_code: Mapped[str | None] = mapped_column(index=True)
    actor_name: Mapped[str]
    text: Mapped[str]
    char_start: Mapped[int]
    char_end: Mapped[int]


class ActorTermRow(Base):
    """``actor_terms``: every distinct actor code, name and mention text, in lower case.

    The ``actor`` filter looks for its text inside these (a few thousand
    values, not one per event), then follows ``event_actor_terms`` to the events.
    """

    __tablename__ = "actor_terms"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(sa.Text(), unique=True)


class EventActorTermRow(Base):
    """``event_actor_terms``: which events each actor term belongs to (any role)."""

    __tablename__ = "event_actor_terms"

    term_id: Mapped[int] = mapped_column(sa.ForeignKey("actor_terms.id"), primary_key=True)
    event_seq: Mapped[int] = mapped_column(
        sa.ForeignKey("events.seq", ondelete="CASCADE"), primary_key=True, index=True
    )


class QuantityRow(Base):
    """``quantities``: counts an event reports (fatalities, vehicles, aircraft ...)."""

    __tablename__ = "quantities"

    event_id: Mapped[str] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(index=True)
    text: Mapped[str]
    value: Mapped[int | None] = mapped_column(sa.BigInteger())
    low: Mapped[int | None] = mapped_column(sa.BigInteger())
    high: Mapped[int | None] = mapped_column(sa.BigInteger())
    char_start: Mapped[int | None]
    char_end: Mapped[int | None]


class StoryEventRow(Base):
    """``story_events``: which events make up which story."""

    __tablename__ = "story_events"

    story_id: Mapped[str] = mapped_column(
        sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    article_id: Mapped[str] = mapped_column(_article_fk(), index=True)


class ReuseRow(Base):
    """``reuse``: text one article shares with another, with the aligned spans."""

    __tablename__ = "reuse"

    source_article_id: Mapped[str] = mapped_column(_article_fk(), primary_key=True)
    target_article_id: Mapped[str] = mapped_column(_article_fk(), primary_key=True, index=True)
    direction: Mapped[str]
    source_share: Mapped[float]
    target_share: Mapped[float]
    spans: Mapped[list[Any]]
    record: Mapped[dict[str, Any]]


class NearDuplicateKeyRow(Base):
    """``near_duplicate_keys``: the LSH band keys of each article's MinHash signature (``articles.minhash``).

    A new article whose signature shares a key with a stored one has that one
    for a near-duplicate candidate. Looking keys up here instead of in memory
    keeps a writer's memory flat however large the store grows. Keys depend on
    the banding, named in ``store_settings`` (``near_duplicate_banding``);
    under another one they are rebuilt from the signatures.
    """

    __tablename__ = "near_duplicate_keys"

    key: Mapped[int] = mapped_column(sa.BigInteger(), primary_key=True)
    article_id: Mapped[str] = mapped_column(_article_fk(), primary_key=True)


class StoreSettingRow(Base):
    """``store_settings``: facts about the store's own indexes, by name."""

    __tablename__ = "store_settings"

    name: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


metadata = Base.metadata


def _table(row_class: type[Base]) -> sa.Table:
    return cast(sa.Table, row_class.__table__)


articles = _table(ArticleRow)
places = _table(PlaceRow)
place_mentions = _table(PlaceMentionRow)
actors = _table(ActorRow)
actor_mentions = _table(ActorMentionRow)
time_mentions = _table(TimeMentionRow)
events = _table(EventRow)
event_actors = _table(EventActorRow)
actor_terms = _table(ActorTermRow)
event_actor_terms = _table(EventActorTermRow)
quantities = _table(QuantityRow)
stories = _table(StoryRow)
story_events = _table(StoryEventRow)
reuse = _table(ReuseRow)
near_duplicate_keys = _table(NearDuplicateKeyRow)
store_settings = _table(StoreSettingRow)

EXTRACTION_TABLES = (
    quantities, event_actors, event_actor_terms, events, time_mentions, actor_mentions, place_mentions
)
"""The rows one article's extraction owns, children first (the order to delete them in)."""
