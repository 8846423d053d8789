"""Event filters, sort orders and page cursors: user input in, SQL conditions out.

Everything a caller (CLI flag, API query string) passes is checked and
converted here, once, before it becomes a bound parameter: unknown filter
names, malformed dates, out-of-range boxes, unknown sort keys and foreign
cursors raise :class:`~dateline.errors.InvalidQuery` with a message that says
what is accepted. No user value is ever formatted into SQL text.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, TypedDict, get_args

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from dateline.errors import InvalidQuery
from dateline.model import Event, Modality
from dateline.store.schema import UNDATED_FIRST, UNDATED_LAST, events
from dateline.store.search import (
    actor_text_match,
    actor_text_rows,
    event_text_match,
    event_text_rows,
)

MODALITIES = frozenset(get_args(Modality))


class EventFilterArgs(TypedDict, total=False):
    """The filters every event query accepts (all optional, combined with AND).

    Multi-valued filters take one value or a list (any of them matches).
    """

    date_from: date | str
    """Events whose date range ends on or after this day (``YYYY-MM-DD``); undated events never match."""
    date_to: date | str
    """Events whose date range starts on or before this day."""
    type: str | Sequence[str]
    """PLOVER event type, e.g. ``ASSAULT`` (case-insensitive)."""
    mode: str | Sequence[str]
    """PLOVER mode (case-insensitive)."""
    acled_type: str | Sequence[str]
    """ACLED event type, e.g. ``Battles`` (case-insensitive)."""
    actor: str
    """Substring of an actor's code, name or mention text, any role (case-insensitive)."""
    country: str | Sequence[str]
    """ISO 3166-1 alpha-2 country of the event place."""
    bbox: str | Sequence[float]
    """``min_lon,min_lat,max_lon,max_lat``; min_lon > max_lon crosses the antimeridian."""
    place_id: str
    story_id: str
    source: str | Sequence[str]
    """Outlet of the event's article (case-insensitive, whole name)."""
    modality: str | Sequence[str]
    """asserted, negated, threatened, hypothetical, claimed, opinion."""
    min_confidence: float
    q: str
    """Words that must all occur in the evidence sentence (full-text search)."""
    article_id: str


FILTER_NAMES = frozenset(EventFilterArgs.__annotations__)


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True)
class EventFilters:
    """Validated event filters; build with :meth:`parse`."""

    date_from: date | None = None
    date_to: date | None = None
    type: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    acled_type: tuple[str, ...] = ()
    actor: str | None = None
    country: tuple[str, ...] = ()
    bbox: BBox | None = None
    place_id: str | None = None
    story_id: str | None = None
    source: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    min_confidence: float | None = None
    q: str | None = None
    article_id: str | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> EventFilters:
        """Check and convert raw filter values; ``None`` values mean "not given".

        Raises :class:`InvalidQuery` naming the filter and what it accepts.
        """
        unknown = sorted(set(raw) - FILTER_NAMES)
        if unknown:
            raise InvalidQuery(
                f"unknown event filter {', '.join(unknown)}; filters are: {', '.join(sorted(FILTER_NAMES))}"
            )
        values: dict[str, Any] = {}
        for name, value in raw.items():
            if value is None or value == "" or value == [] or value == ():
                continue
            values[name] = _PARSERS[name](name, value)
        bad = set(values.get("modality", ())) - MODALITIES
        if bad:
            raise InvalidQuery(f"modality {', '.join(sorted(bad))} is not one of {', '.join(sorted(MODALITIES))}")
        return cls(**values)

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in fields(self))

    def text_search_rows(self, dialect: str) -> sa.Select[Any] | None:
        """When a text search (``q`` or ``actor``) is the only filter and its own index answers
        it alone, the select of the matching events' ``seq`` (each once); else None.

        Counting those reads no event row at all: the SQLite full-text index
        holds one entry per event (kept in step by triggers), and
        ``event_actor_terms`` only names stored events.
        """
        given = {f.name for f in fields(self) if getattr(self, f.name) not in (None, ())}
        if given == {"q"} and self.q is not None:
            return event_text_rows(dialect, self.q)
        if given == {"actor"} and self.actor is not None:
            return actor_text_rows(dialect, self.actor).distinct()
        return None

    def conditions(self, dialect: str) -> list[ColumnElement[bool]]:
        """SQL conditions on ``events`` (and subqueries) for these filters."""
        e = events.c
        out: list[ColumnElement[bool]] = []
        if self.date_from is not None:
            out += [e.date_last >= self.date_from, e.date_sort >= _earliest_start(dialect, self.date_from)]
        if self.date_to is not None:
            # date_sort is date_start, or UNDATED_LAST for undated events: only the last day reaches them.
            out.append(e.date_sort <= self.date_to)
            if self.date_to >= UNDATED_LAST:
                out.append(e.date_start.is_not(None))
        if self.type:
            out.append(e.type.in_(self.type))
        if self.mode:
            out.append(sa.func.lower(e.mode).in_(self.mode))
        if self.acled_type:
            out.append(sa.func.lower(e.acled_type).in_(self.acled_type))
        if self.country:
            out.append(e.country.in_(self.country))
        if self.modality:
            out.append(e.modality.in_(self.modality))
        if self.place_id is not None:
            out.append(e.place_id == self.place_id)
        if self.story_id is not None:
            out.append(e.story_id == self.story_id)
        if self.article_id is not None:
            out.append(e.article_id == self.article_id)
        if self.min_confidence is not None:
            out.append(e.confidence >= self.min_confidence)
        if self.bbox is not None:
            out.append(_in_bbox(self.bbox))
        if self.actor is not None:
            out.append(actor_text_match(dialect, self.actor))
        if self.source:
            out.append(e.source_lc.in_(self.source))
        if self.q is not None:
            out.append(event_text_match(dialect, self.q))
        return out


def _earliest_start(dialect: str, day: date) -> ColumnElement[Any]:
    """The earliest ``date_sort`` an event whose date range reaches ``day`` can have.

    That is ``day`` less the longest range stored (``max(date_span)``, one
    index lookup). The condition changes no result; it gives the date index a
    lower bound, so a window is found without walking every earlier event.
    """
    longest = sa.select(sa.func.coalesce(sa.func.max(events.c.date_span), 0)).scalar_subquery()
    if dialect == "sqlite":
        # date() is NULL below year 0; dates are ISO text there, so the bound is too.
        back = sa.func.date(day.isoformat(), sa.func.printf("-%d days", longest))
        return sa.func.coalesce(back, UNDATED_FIRST.isoformat())
    return sa.literal(day, sa.Date()) - sa.func.least(longest, (day - UNDATED_FIRST).days)


def _in_bbox(box: BBox) -> ColumnElement[bool]:
    e = events.c
    lat = e.lat.between(box.min_lat, box.max_lat)
    if box.min_lon <= box.max_lon:
        return sa.and_(lat, e.lon.between(box.min_lon, box.max_lon))
    return sa.and_(lat, sa.or_(e.lon >= box.min_lon, e.lon <= box.max_lon))


# ---------------------------------------------------------------------------
# Parsing single values
# ---------------------------------------------------------------------------


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidQuery(f"filter {name} takes text, got {type(value).__name__} {value!r}")
    if "\x00" in value:
        raise InvalidQuery(f"filter {name} contains a NUL character; remove it")
    return value


def _texts(transform: Callable[[str], str]) -> Callable[[str, Any], tuple[str, ...]]:
    def parse(name: str, value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else list(value) if isinstance(value, Sequence) else [value]
        return tuple(transform(_text(name, v).strip()) for v in items)

    return parse


def parse_day(name: str, value: Any) -> date:
    """A day from a ``date``, ``datetime`` or ``YYYY-MM-DD`` string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(name, value).strip())
    except ValueError:
        raise InvalidQuery(f"filter {name} takes a day as YYYY-MM-DD, got {value!r}") from None


def _number(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidQuery(f"filter {name} takes a number, got {value!r}") from None
    if not math.isfinite(number):
        raise InvalidQuery(f"filter {name} takes a finite number, got {value!r}")
    return number


def _bbox(name: str, value: Any) -> BBox:
    parts = _text(name, value).split(",") if isinstance(value, str) else value
    try:
        numbers = [_number(name, p) for p in parts]
    except (InvalidQuery, TypeError):
        numbers = []
    if len(numbers) != 4:
        raise InvalidQuery(f"filter {name} takes four numbers min_lon,min_lat,max_lon,max_lat, got {value!r}")
    box = BBox(*numbers)
    lons_ok = all(-180 <= v <= 180 for v in (box.min_lon, box.max_lon))
    lats_ok = all(-90 <= v <= 90 for v in (box.min_lat, box.max_lat)) and box.min_lat <= box.max_lat
    if not (lons_ok and lats_ok):
        raise InvalidQuery(
            f"filter {name} {value!r} is not a box: longitudes in [-180, 180], latitudes in [-90, 90], "
            "min_lat <= max_lat"
        )
    return box


_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "date_from": parse_day,
    "date_to": parse_day,
    "type": _texts(str.upper),
    "mode": _texts(str.lower),
    "acled_type": _texts(str.lower),
    "actor": lambda n, v: _text(n, v).strip(),
    "country": _texts(str.upper),
    "bbox": _bbox,
    "place_id": _text,
    "story_id": _text,
    "source": _texts(str.lower),
    "modality": _texts(str.lower),
    "min_confidence": _number,
    "q": _text,
    "article_id": _text,
}


# ---------------------------------------------------------------------------
# Sorting and keyset cursors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sort:
    """One whitelisted sort order: the key expression, its direction, and the key of an Event."""

    name: str
    key: ColumnElement[Any]
    descending: bool
    key_of: Callable[[Event], Any]
    decode: Callable[[Any], Any]

    def order_by(
        self, key: ColumnElement[Any] | None = None, event_id: ColumnElement[Any] | None = None
    ) -> list[ColumnElement[Any]]:
        """ORDER BY clauses; ties broken by event id so pages never overlap or skip.

        ``key`` and ``event_id`` stand in for the sort key and ``events.id`` when
        ordering the rows of a subquery that selected them.
        """
        key = self.key if key is None else key
        event_id = events.c.id if event_id is None else event_id
        return [key.desc() if self.descending else key.asc(), event_id.asc()]

    def after(self, key: Any, event_id: str) -> ColumnElement[bool]:
        """Rows that come after the row with this key and id in this order.

        Written with the key bounded on its own (``key >= k AND ...``) so an
        index on the key can seek to the cursor instead of scanning from the start.
        """
        if self.descending:
            return sa.and_(self.key <= key, sa.or_(self.key < key, events.c.id > event_id))
        return sa.and_(self.key >= key, sa.or_(self.key > key, events.c.id > event_id))


def _date_sort(name: str, descending: bool) -> Sort:
    # Undated events sort last either way: each direction has its own stored key (see schema.py).
    key, missing = (events.c.date_sort_desc, UNDATED_FIRST) if descending else (events.c.date_sort, UNDATED_LAST)
    return Sort(
        name=name,
        key=key,
        descending=descending,
        key_of=lambda e: (e.date.start or missing).isoformat(),
        decode=date.fromisoformat,
    )


SORTS: dict[str, Sort] = {
    "date": _date_sort("date", False),
    "-date": _date_sort("-date", True),
    "confidence": Sort("confidence", events.c.confidence, False, lambda e: e.confidence, float),
    "-confidence": Sort("-confidence", events.c.confidence, True, lambda e: e.confidence, float),
    "type": Sort("type", events.c.type, False, lambda e: e.type, str),
    "-type": Sort("-type", events.c.type, True, lambda e: e.type, str),
}


def get_sort(name: str) -> Sort:
    try:
        return SORTS[name]
    except (KeyError, TypeError):
        raise InvalidQuery(f"unknown sort {name!r}; use one of {', '.join(SORTS)}") from None


def encode_cursor(sort: Sort, event: Event) -> str:
    """An opaque cursor pointing just after ``event`` in ``sort`` order."""
    payload = json.dumps([sort.name, sort.key_of(event), event.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(sort: Sort, cursor: str) -> tuple[Any, str]:
    """The (key, event id) a cursor points after; it must come from the same sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, key, event_id = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(event_id, str):
            raise ValueError(event_id)
        if name != sort.name:
            raise InvalidQuery(f"cursor was made for sort {name!r}, not {sort.name!r}; restart paging without it")
        return sort.decode(key), event_id
    except InvalidQuery:
        raise
    except (ValueError, TypeError, UnicodeError, binascii.Error):
        raise InvalidQuery(
            f"cursor {cursor[:40]!r} is not one this store issued; pass the next_cursor of the previous page"
        ) from None
