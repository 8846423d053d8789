"""The read-only JSON endpoints: events, map points, stories, articles, actors, places, stats.

Each endpoint is a thin wrapper over one :class:`~dateline.store.Store`
query (the same ones the CLI uses); the record views come from
:func:`dateline.render.gather`, the CSV and GeoJSON bodies from
:mod:`dateline.export`. Synchronous handlers: FastAPI runs them in its
thread pool, so a slow query never blocks the event loop.
"""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response

from dateline.api import get_store
from dateline.api_query import (
    DEFAULT_MAP_POINTS,
    MAX_MAP_POINTS,
    Format,
    Page,
    SortKey,
    event_filters,
    page,
    text_query,
)
from dateline.api_schemas import (
    ActorPage,
    ArticleDetail,
    ArticlePage,
    EventDetail,
    EventPage,
    Excerpt,
    MapPoints,
    PlacePage,
    Stats,
    StoryDetail,
    StoryPage,
    article_summary,
)
from dateline.export import events_with_articles, write_events
from dateline.model import Article, Event
from dateline.render import ArticleView, EventView, StoryView, gather
from dateline.store import Store

router = APIRouter()

StoreDep = Annotated[Store, Depends(get_store)]
Filters = Annotated[dict[str, Any], Depends(event_filters)]
Paging = Annotated[Page, Depends(page)]
Id = Annotated[str, Path(max_length=200)]

EXCERPT_CHARS = 400
"""Characters of context kept on each side of an event's evidence sentence."""

_MEDIA = {"csv": "text/csv; charset=utf-8", "acled": "text/csv; charset=utf-8", "geojson": "application/geo+json"}


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------


@router.get(
    "/events",
    response_model=EventPage,
    tags=["events"],
    responses={200: {"content": {media: {} for media in _MEDIA.values()}}},
)
def list_events(
    store: StoreDep,
    filters: Filters,
    paging: Paging,
    sort: Annotated[SortKey, Query(description="Order; '-' for descending. Undated events come last.")] = "date",
    cursor: Annotated[str | None, text_query("next_cursor of the previous page.")] = None,
    format: Annotated[Format, Query(description="json (default); csv (the flat event table of `dateline export`); "
                                                "acled (CSV in ACLED's columns); geojson.")] = "json",
) -> Any:
    """Events matching every filter given, one page at a time.

    Page with ``offset`` or, stable under concurrent ingest, with ``cursor``.
    With ``format=csv``, ``acled`` or ``geojson`` the page is written by the
    same code as ``dateline export`` (same paging); ``X-Total-Count`` and
    ``X-Next-Cursor`` headers carry what the JSON body would.
    """
    result = store.events_page(sort=sort, limit=paging.limit, offset=paging.offset, cursor=cursor, **filters)
    total = store.count_events(**filters)
    if format == "json":
        return EventPage(total=total, limit=paging.limit, offset=paging.offset, next_cursor=result.next_cursor,
                         events=result.events)
    body = io.StringIO()
    write_events(events_with_articles(result.events, store.get_article), format, body)
    suffix = "geojson" if format == "geojson" else "csv"
    headers = {"X-Total-Count": str(total), "Content-Disposition": f'inline; filename="events.{suffix}"'}
    if result.next_cursor:
        headers["X-Next-Cursor"] = result.next_cursor
    return Response(body.getvalue(), media_type=_MEDIA[format], headers=headers)


@router.get("/events/{event_id}", response_model=EventDetail, tags=["events"])
def get_event(store: StoreDep, event_id: Id) -> Any:
    """One event with its evidence spans, an excerpt of its article around them and its story."""
    view = gather(store, event_id)
    if not isinstance(view, EventView):
        raise HTTPException(404, f"no event with id {event_id!r}; list events with GET /events")
    return {"event": view.event, "article": article_summary(view.article),
            "excerpt": excerpt(view.article, view.event), "story": view.story}


def excerpt(article: Article, event: Event, context: int = EXCERPT_CHARS) -> Excerpt:
    """The evidence sentence with up to ``context`` characters each side, cut at whitespace."""
    text = article.text
    start = max(0, event.evidence.start - context)
    end = min(len(text), event.evidence.end + context)
    if start > 0:
        space = text.find(" ", start, event.evidence.start)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", event.evidence.end, end)
        end = space if space >= 0 else end
    return Excerpt(text=text[start:end], start=start, end=end)


@router.get("/map", response_model=MapPoints, tags=["events"])
def map_points(
    store: StoreDep,
    filters: Filters,
    limit: Annotated[int, Query(ge=0, le=MAX_MAP_POINTS, description="Most points returned.")] = DEFAULT_MAP_POINTS,
) -> Any:
    """Located events matching the filters as flat points (newest first), for maps."""
    points, total = store.event_points(limit=limit, **filters)
    return {"total": total, "points": points}


@router.get("/stats", response_model=Stats, tags=["events"])
def stats(store: StoreDep, filters: Filters) -> Any:
    """Totals, and the events matching the filters by day, type, country and day x type."""
    return {**store.stats(**filters), "by_day_type": store.day_type_counts(**filters)}


# ---------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------


@router.get("/stories", response_model=StoryPage, tags=["stories"])
def list_stories(
    store: StoreDep,
    paging: Paging,
    date_from: Annotated[date | None, Query(description="Stories whose dates end on or after this day.")] = None,
    date_to: Annotated[date | None, Query(description="Stories whose dates start on or before this day.")] = None,
    type: Annotated[str | None, text_query("PLOVER type of the story.")] = None,  # noqa: A002
    country: Annotated[str | None, text_query("ISO 3166-1 alpha-2 country.")] = None,
    min_sources: Annotated[int | None, Query(ge=0, le=10**6, description="Fewest independent sources.")] = None,
) -> Any:
    """Resolved events (one happening, every article reporting it), by start date."""
    filters: dict[str, Any] = {"date_from": date_from, "date_to": date_to, "type": type, "country": country,
                               "min_sources": min_sources}
    found = store.stories(limit=paging.limit, offset=paging.offset, **filters)
    return {"total": store.count_stories(**filters), "limit": paging.limit, "offset": paging.offset,
            "stories": found}


@router.get("/stories/{story_id}", response_model=StoryDetail, tags=["stories"])
def get_story(store: StoreDep, story_id: Id) -> Any:
    """A story with its member events, its articles (without text), text reuse and disagreements."""
    view = gather(store, story_id)
    if not isinstance(view, StoryView):
        raise HTTPException(404, f"no story with id {story_id!r}; list stories with GET /stories")
    return {"story": view.story, "events": view.events, "articles": [article_summary(a) for a in view.articles],
            "reuse": view.reuse}


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------


@router.get("/articles", response_model=ArticlePage, tags=["articles"])
def list_articles(
    store: StoreDep,
    paging: Paging,
    source: Annotated[str | None, text_query("Outlet (whole name).")] = None,
    kind: Annotated[str | None, text_query("report, opinion, analysis, unknown.")] = None,
    q: Annotated[str | None, text_query("Words in the title or text.")] = None,
) -> Any:
    """Stored articles in storage order, without their text."""
    found = store.articles(limit=paging.limit, offset=paging.offset, source=source, kind=kind, q=q)
    return {"total": store.count_articles(source=source, kind=kind, q=q), "limit": paging.limit,
            "offset": paging.offset, "articles": [article_summary(a) for a in found]}


@router.get("/articles/{article_id}", response_model=ArticleDetail, tags=["articles"])
def get_article(store: StoreDep, article_id: Id) -> Any:
    """An article's full text with everything extracted from it (every span) and its text reuse."""
    view = gather(store, article_id)
    if not isinstance(view, ArticleView):
        raise HTTPException(404, f"no article with id {article_id!r}; list articles with GET /articles")
    return view


# ---------------------------------------------------------------------------
# Actors and places
# ---------------------------------------------------------------------------


@router.get("/actors", response_model=ActorPage, tags=["actors and places"])
def list_actors(store: StoreDep, paging: Paging) -> Any:
    """Actors with the number of events they take part in, most first."""
    found = store.actors(limit=paging.limit, offset=paging.offset)
    return {"limit": paging.limit, "offset": paging.offset, "actors": [asdict(a) for a in found]}


@router.get("/places", response_model=PlacePage, tags=["actors and places"])
def list_places(store: StoreDep, paging: Paging) -> Any:
    """Gazetteer places with the number of events located there, most first."""
    found = store.places(limit=paging.limit, offset=paging.offset)
    return {"limit": paging.limit, "offset": paging.offset, "places": [asdict(p) for p in found]}
