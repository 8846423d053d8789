"""Compact views over many events, for maps and timelines.

A map of 100k events cannot afford to rebuild 100k full :class:`Event`
records (each carries its mentions, candidates and evidence); it needs a
handful of flat columns per event. These queries read only those columns,
with the same validated filters as :meth:`Store.events`, so a map, a
timeline and an event list over one filter always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from dateline.store.filters import EventFilters, get_sort
from dateline.store.schema import events, stories


@dataclass(frozen=True)
class EventPoint:
    """One located event, reduced to what a map marker shows."""

    id: str
    type: str
    lat: float
    lon: float
    precision: str
    radius_km: float | None
    date_start: date | None
    date_end: date | None
    country: str | None
    place_id: str | None
    place_text: str | None
    modality: str
    confidence: float
    story_id: str | None
    sources: int
    """Articles reporting the event: its story's article count, 1 when it has no story."""


def event_points(conn: sa.Connection, filters: EventFilters, *, limit: int | None) -> list[EventPoint]:
    """Located events matching ``filters``, newest first (undated last), at most ``limit``."""
    e = events.c
    n_sources = sa.func.coalesce(stories.c.article_count, 1).label("sources")
    stmt = (
        sa.select(
            e.id, e.type, e.lat, e.lon, e.precision, e.radius_km, e.date_start, e.date_end, e.country,
            e.place_id, e.place_text, e.modality, e.confidence, e.story_id, n_sources,
        )
        .select_from(events.outerjoin(stories, stories.c.id == e.story_id))
        .where(*filters.conditions(conn.dialect.name), e.lat.is_not(None), e.lon.is_not(None))
        .order_by(*get_sort("-date").order_by())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [EventPoint(**row._asdict()) for row in conn.execute(stmt)]


def count_points(conn: sa.Connection, filters: EventFilters) -> int:
    """How many events matching ``filters`` have coordinates."""
    e = events.c
    stmt = sa.select(sa.func.count()).select_from(events).where(
        *filters.conditions(conn.dialect.name), e.lat.is_not(None), e.lon.is_not(None)
    )
    return int(conn.execute(stmt).scalar_one())


def day_type_counts(conn: sa.Connection, filters: EventFilters) -> dict[str, dict[str, int]]:
    """Events matching ``filters`` counted by start day, then by type: ``{"2017-10-16": {"ASSAULT": 3}}``.

    Undated events are left out (they have no day to stand on).
    """
    e = events.c
    n = sa.func.count().label("n")
    stmt = (
        sa.select(e.date_start, e.type, n)
        .where(*filters.conditions(conn.dialect.name), e.date_start.is_not(None))
        .group_by(e.date_start, e.type)
        .order_by(e.date_start, e.type)
    )
    out: dict[str, dict[str, int]] = {}
    for day, event_type, count in conn.execute(stmt):
        out.setdefault(_day(day), {})[event_type] = int(count)
    return out


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
