"""Query-string parameters of the API: event filters, sorting and paging, with their limits.

The parameters carry the store's filter names unchanged (``date_from``,
``type``, ``bbox`` ...), so a URL of the API, of the web app and a
``Store.events(**filters)`` call read the same. FastAPI only checks shapes
and sizes here; what a value means is checked once, by the store's filter
parser, whose :class:`~dateline.errors.InvalidQuery` becomes an HTTP 400.
Multi-valued filters are repeated: ``?type=ASSAULT&type=PROTEST``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import StringConstraints

from dateline.model import Modality

MAX_LIMIT = 1000
"""Largest page of events, stories, articles, actors or places one request returns."""
DEFAULT_LIMIT = 50
MAX_MAP_POINTS = 20000
"""Largest number of map points one request returns (each is a few flat fields)."""
DEFAULT_MAP_POINTS = 5000
MAX_OFFSET = 10**9
MAX_TEXT = 500
"""Longest text filter value (search words, actor, outlet ...)."""
MAX_VALUES = 50
"""Most values one multi-valued filter takes."""

SortKey = Literal["date", "-date", "confidence", "-confidence", "type", "-type"]
"""The store's sort orders (:data:`dateline.store.SORTS`; a test keeps the two equal)."""
Format = Literal["json", "csv", "acled", "geojson"]

NO_NUL = r"^[^\x00]*$"
"""Text values may hold anything but NUL (which no stored text contains and SQLite would cut at)."""
BBOX = r"^\s*-?[0-9.]+\s*(,\s*-?[0-9.]+\s*){3}$"

Item = Annotated[str, StringConstraints(max_length=MAX_TEXT, pattern=NO_NUL)]
"""One value of a multi-valued filter."""


def text_query(description: str) -> Any:
    """A single-valued text parameter: at most :data:`MAX_TEXT` characters, no NUL."""
    return Query(max_length=MAX_TEXT, pattern=NO_NUL, description=description)


@dataclass(frozen=True)
class Page:
    """Offset paging shared by every listing."""

    limit: int
    offset: int


def page(
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


def event_filters(
    date_from: Annotated[date | None, Query(description="Events whose dates end on or after this day (YYYY-MM-DD).")] = None,
    date_to: Annotated[date | None, Query(description="Events whose dates start on or before this day.")] = None,
    type: Annotated[list[Item] | None, Query(max_length=MAX_VALUES, description="PLOVER event type, e.g. ASSAULT; repeat for any of several.")] = None,
    mode: Annotated[list[Item] | None, Query(max_length=MAX_VALUES, description="PLOVER mode.")] = None,
    acled_type: Annotated[list[Item] | None, Query(max_length=MAX_VALUES, description="ACLED event type, e.g. Battles.")] = None,
    actor: Annotated[str | None, text_query("Actor code, name or mention text (substring).")] = None,
    country: Annotated[list[Item] | None, Query(max_length=MAX_VALUES, description="ISO 3166-1 alpha-2 country of the event place.")] = None,
    bbox: Annotated[str | None, Query(max_length=200, pattern=BBOX, description="min_lon,min_lat,max_lon,max_lat")] = None,
    place_id: Annotated[str | None, text_query("Gazetteer place id, e.g. gn:99072.")] = None,
    story_id: Annotated[str | None, text_query("Story (resolved event) id.")] = None,
    source: Annotated[list[Item] | None, Query(max_length=MAX_VALUES, description="Outlet of the reporting article.")] = None,
    modality: Annotated[list[Modality] | None, Query(max_length=MAX_VALUES, description="How the source states it.")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Lowest confidence, 0..1.")] = None,
    q: Annotated[str | None, text_query("Words that must all occur in the evidence sentence.")] = None,
    article_id: Annotated[str | None, text_query("Only this article's events.")] = None,
) -> dict[str, Any]:
    """The event filters given in the query string, as ``Store.events`` keyword arguments."""
    values = {
        "date_from": date_from, "date_to": date_to, "type": type, "mode": mode, "acled_type": acled_type,
        "actor": actor, "country": country, "bbox": bbox, "place_id": place_id, "story_id": story_id,
        "source": source, "modality": modality, "min_confidence": min_confidence, "q": q, "article_id": article_id,
    }
    return {k: v for k, v in values.items() if v is not None and v != []}
