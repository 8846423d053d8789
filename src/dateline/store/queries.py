"""Reading records back: the queries the CLI, the API and the exports share.

Every function takes an open connection and returns model records (or the
small result types below), never rows, so callers do not depend on the
table layout. Statements are built with SQLAlchemy Core from validated
filters (:mod:`.filters`); user values only ever travel as bound parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from dateline.errors import InvalidQuery
from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Event,
    Extraction,
    Place,
    PlaceMention,
    Reuse,
    Story,
    TimeMention,
)
from dateline.store.filters import EventFilters, Sort, parse_day
from dateline.store.rows import article_from_row, event_from_json, from_record
from dateline.store.schema import (
    actor_mentions,
    actors,
    articles,
    event_actors,
    events,
    place_mentions,
    places,
    reuse,
    stories,
    time_mentions,
)
from dateline.store.search import article_text_match


@dataclass(frozen=True)
class EventPage:
    """One page of events and the cursor of the next page (None on the last page)."""

    events: list[Event]
    next_cursor: str | None


@dataclass(frozen=True)
class ActorCount:
    """An actor with the number of events it takes part in and of its mentions."""

    actor: Actor
    events: int
    mentions: int


@dataclass(frozen=True)
class PlaceCount:
    """A gazetteer place with the number of events located there and of its mentions."""

    place: Place
    events: int
    mentions: int


class StoreStats(TypedDict):
    """What :meth:`Store.stats` returns (JSON-ready: days are ``YYYY-MM-DD`` strings)."""

    articles: int
    events: int
    stories: int
    undated_events: int
    by_day: dict[str, int]
    by_type: dict[str, int]
    by_country: dict[str, int]


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------


def article_conditions(
    dialect: str, *, source: str | None, kind: str | None, q: str | None
) -> list[ColumnElement[bool]]:
    """Conditions on ``articles`` for the article listing's filters."""
    out: list[ColumnElement[bool]] = []
    for name, value in (("source", source), ("kind", kind), ("q", q)):
        if value is not None and (not isinstance(value, str) or "\x00" in value):
            raise InvalidQuery(f"article filter {name} takes text without NUL characters, got {value!r}")
    if source:
        out.append(sa.func.lower(articles.c.source) == source.strip().lower())
    if kind:
        out.append(articles.c.kind == kind.strip().lower())
    if q:
        out.append(article_text_match(dialect, q))
    return out


def article_select(conditions: Sequence[ColumnElement[bool]]) -> sa.Select[Any]:
    return sa.select(articles.c.record, articles.c.text).where(*conditions).order_by(articles.c.seq)


def to_articles(rows: sa.Result[Any]) -> list[Article]:
    return [article_from_row(r.record, r.text) for r in rows]


def get_extraction(conn: sa.Connection, article_id: str) -> Extraction | None:
    """The extraction stored with an article; None if it was stored without one (or is absent)."""
    extracted = conn.execute(sa.select(articles.c.extracted_at).where(articles.c.id == article_id)).first()
    if extracted is None or extracted.extracted_at is None:
        return None

    def records(table: sa.Table) -> list[dict[str, Any]]:
        stmt = sa.select(table.c.record).where(table.c.article_id == article_id).order_by(table.c.position)
        return list(conn.execute(stmt).scalars())

    return Extraction(
        article_id=article_id,
        places=[from_record(PlaceMention, r) for r in records(place_mentions)],
        actors=[from_record(ActorMention, r) for r in records(actor_mentions)],
        times=[from_record(TimeMention, r) for r in records(time_mentions)],
        events=get_article_events(conn, article_id),
    )


def get_article_events(conn: sa.Connection, article_id: str) -> list[Event]:
    """An article's events in text order, without the rest of its extraction."""
    rows = conn.execute(
        sa.select(*EVENT_COLUMNS)
        .where(events.c.article_id == article_id)
        .order_by(events.c.position)
    )
    return [to_event(r) for r in rows]


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

EVENT_COLUMNS = (sa.cast(events.c.record, sa.Text()).label("record"), events.c.story_id)
"""What an event is read back from: its record as JSON text (validated straight from the
text, about twice as fast as decoding it first) and its story."""


def event_select(
    dialect: str,
    filters: EventFilters,
    sort: Sort,
    *,
    limit: int | None,
    offset: int,
    after: tuple[Any, str] | None = None,
) -> sa.Select[Any]:
    """The events matching ``filters`` in ``sort`` order, from ``offset`` or after a cursor position.

    A page (``limit`` given) is chosen first by its keys alone (sort key and
    id, which the list indexes hold) and only then joined to the rows'
    ``record``: finding, ordering and skipping matches reads indexes, and only
    the page's few records are read.
    """
    conditions = list(filters.conditions(dialect))
    if after is not None:
        conditions.append(sort.after(*after))
    if limit is None:
        stmt = sa.select(*EVENT_COLUMNS).where(*conditions).order_by(*sort.order_by())
        return stmt.offset(offset) if offset else stmt
    page = (
        sa.select(sort.key.label("sort_key"), events.c.id.label("event_id"))
        .where(*conditions)
        .order_by(*sort.order_by())
        .offset(offset or None)
        .limit(limit)
        .subquery("page")
    )
    return (
        sa.select(*EVENT_COLUMNS)
        .join_from(page, events, events.c.id == page.c.event_id)
        .order_by(*sort.order_by(page.c.sort_key, page.c.event_id))
    )


def to_event(row: sa.Row[Any]) -> Event:
    return event_from_json(row.record, row.story_id)


def count_events(conn: sa.Connection, filters: EventFilters) -> int:
    matches = filters.text_search_rows(conn.dialect.name)
    if matches is not None:
        stmt = sa.select(sa.func.count()).select_from(matches.subquery())
    else:
        stmt = sa.select(sa.func.count()).select_from(events).where(*filters.conditions(conn.dialect.name))
    return int(conn.execute(stmt).scalar_one())


def get_event(conn: sa.Connection, event_id: str) -> Event | None:
    row = conn.execute(sa.select(*EVENT_COLUMNS).where(events.c.id == event_id)).first()
    return to_event(row) if row is not None else None


# ---------------------------------------------------------------------------
# Stories and reuse
# ---------------------------------------------------------------------------


def story_conditions(
    *,
    date_from: date | str | None,
    date_to: date | str | None,
    type: str | None,  # noqa: A002 - the filter's public name
    country: str | None,
    min_sources: int | None,
) -> list[ColumnElement[bool]]:
    s = stories.c
    out: list[ColumnElement[bool]] = []
    if date_from is not None:
        out.append(sa.func.coalesce(s.date_end, s.date_start) >= parse_day("date_from", date_from))
    if date_to is not None:
        out.append(s.date_start <= parse_day("date_to", date_to))
    for name, value in (("type", type), ("country", country)):
        if value is not None and (not isinstance(value, str) or "\x00" in value):
            raise InvalidQuery(f"story filter {name} takes text without NUL characters, got {value!r}")
    if type:
        out.append(s.type == type.strip().upper())
    if country:
        out.append(s.country == country.strip().upper())
    if min_sources is not None:
        if not isinstance(min_sources, int) or isinstance(min_sources, bool):
            raise InvalidQuery(f"story filter min_sources takes a whole number, got {min_sources!r}")
        out.append(s.independent_sources >= min_sources)
    return out


def story_select(conditions: Sequence[ColumnElement[bool]]) -> sa.Select[Any]:
    undated_last = sa.func.coalesce(stories.c.date_start, sa.literal(date(9999, 12, 31), sa.Date()))
    return sa.select(stories.c.record).where(*conditions).order_by(undated_last, stories.c.id)


def reuse_for(conn: sa.Connection, article_id: str) -> list[Reuse]:
    stmt = (
        sa.select(reuse.c.record)
        .where(sa.or_(reuse.c.source_article_id == article_id, reuse.c.target_article_id == article_id))
        .order_by(reuse.c.source_article_id, reuse.c.target_article_id)
    )
    return [from_record(Reuse, r) for r in conn.execute(stmt).scalars()]


def to_stories(records: Sequence[dict[str, Any]]) -> list[Story]:
    return [from_record(Story, r) for r in records]


# ---------------------------------------------------------------------------
# Actors, places, statistics
# ---------------------------------------------------------------------------


def actor_counts(conn: sa.Connection, *, limit: int | None, offset: int) -> list[ActorCount]:
    """Every stored actor with its event and mention counts, most events first."""
    n_events = (
        sa.select(sa.func.count(sa.distinct(event_actors.c.event_id)))
        .where(event_actors.c.actor_id == actors.c.actor_id)
        .scalar_subquery()
    )
    n_mentions = (
        sa.select(sa.func.count()).where(actor_mentions.c.actor_id == actors.c.actor_id).scalar_subquery()
    )
    stmt = sa.select(actors.c.record, n_events.label("n_events"), n_mentions.label("n_mentions"))
    stmt = stmt.order_by(sa.desc("n_events"), actors.c.actor_id).offset(offset).limit(limit)
    return [
        ActorCount(actor=from_record(Actor, r.record), events=int(r.n_events), mentions=int(r.n_mentions))
        for r in conn.execute(stmt)
    ]


def place_counts(conn: sa.Connection, *, limit: int | None, offset: int) -> list[PlaceCount]:
    """Every stored place with its event and mention counts, most events first."""
    n_events = sa.select(sa.func.count()).where(events.c.place_id == places.c.place_id).scalar_subquery()
    n_mentions = (
        sa.select(sa.func.count()).where(place_mentions.c.place_id == places.c.place_id).scalar_subquery()
    )
    stmt = sa.select(places.c.record, n_events.label("n_events"), n_mentions.label("n_mentions"))
    stmt = stmt.order_by(sa.desc("n_events"), places.c.place_id).offset(offset).limit(limit)
    return [
        PlaceCount(place=from_record(Place, r.record), events=int(r.n_events), mentions=int(r.n_mentions))
        for r in conn.execute(stmt)
    ]


def stats(conn: sa.Connection, filters: EventFilters) -> StoreStats:
    """Totals, and the events matching ``filters`` counted by start day, type and country."""
    conditions = filters.conditions(conn.dialect.name)

    def total(table: sa.Table) -> int:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())

    def breakdown(column: sa.Column[Any], order_by_key: bool) -> dict[str, int]:
        n = sa.func.count().label("n")
        stmt = sa.select(column, n).where(*conditions, column.is_not(None)).group_by(column)
        stmt = stmt.order_by(column) if order_by_key else stmt.order_by(n.desc(), column)
        return {_key(k): int(v) for k, v in conn.execute(stmt).all()}

    undated = sa.select(sa.func.count()).select_from(events).where(*conditions, events.c.date_start.is_(None))
    return StoreStats(
        articles=total(articles),
        events=count_events(conn, filters),
        stories=total(stories),
        undated_events=int(conn.execute(undated).scalar_one()),
        by_day=breakdown(events.c.date_start, True),
        by_type=breakdown(events.c.type, False),
        by_country=breakdown(events.c.country, False),
    )


def _key(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
