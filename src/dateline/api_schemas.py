"""Response shapes of the JSON API, built from the model records so the two cannot drift.

Listings never carry article bodies (a page of 50 articles could be hundreds
of megabytes); ``GET /articles/{id}`` does.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, create_model

from dateline.model import Actor, Article, Event, Extraction, Place, Reuse, Story
from dateline.store.overview import EventPoint

ArticleSummary = create_model(  # type: ignore[call-overload]
    "ArticleSummary",
    __doc__="An article without its text: metadata plus its length in characters.",
    chars=(int, Field(description="Length of the article text in characters.")),
    **{name: (field.annotation, field) for name, field in Article.model_fields.items() if name != "text"},
)


def article_summary(article: Article) -> dict[str, Any]:
    """The :data:`ArticleSummary` of an article."""
    data = article.model_dump(mode="json", exclude={"text"})
    data["chars"] = len(article.text)
    return data


class Excerpt(BaseModel):
    """A stretch of the article around the evidence sentence, with its offsets in the article."""

    text: str
    start: int
    end: int


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters, on every page.")
    limit: int
    offset: int
    next_cursor: str | None = Field(None, description="Pass as cursor= to get the next page; null on the last.")
    events: list[Event]


class EventDetail(BaseModel):
    event: Event
    article: ArticleSummary  # type: ignore[valid-type]
    excerpt: Excerpt
    story: Story | None = None


class MapPoints(BaseModel):
    total: int = Field(description="Located events matching the filters.")
    points: list[EventPoint] = Field(
        description="The newest of them, at most limit; sources is the number of articles reporting the event."
    )


class StoryPage(BaseModel):
    total: int
    limit: int
    offset: int
    stories: list[Story]


class StoryDetail(BaseModel):
    story: Story
    events: list[Event]
    articles: list[ArticleSummary]  # type: ignore[valid-type]
    reuse: list[Reuse]


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]  # type: ignore[valid-type]


class ArticleDetail(BaseModel):
    article: Article
    extraction: Extraction | None
    reuse: list[Reuse]


class ActorEntry(BaseModel):
    actor: Actor
    events: int
    mentions: int


class ActorPage(BaseModel):
    limit: int
    offset: int
    actors: list[ActorEntry]


class PlaceEntry(BaseModel):
    place: Place
    events: int
    mentions: int


class PlacePage(BaseModel):
    limit: int
    offset: int
    places: list[PlaceEntry]


class Stats(BaseModel):
    articles: int
    events: int = Field(description="Events matching the filters.")
    stories: int
    undated_events: int
    by_day: dict[str, int]
    by_type: dict[str, int]
    by_country: dict[str, int]
    by_day_type: dict[str, dict[str, int]] = Field(description="Day -> PLOVER type -> events (for stacked timelines).")


class ArticleIn(BaseModel):
    """An article to ingest: its text and whatever metadata is known."""

    model_config = {"extra": "forbid"}

    text: str = Field(min_length=1, description="The article text, exactly as published.")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    source: str | None = Field(None, max_length=500, description="Outlet name.")
    published: str | None = Field(None, max_length=100, description="Publication date as the source gives it.")


class Resolution(BaseModel):
    """What ``POST /resolve`` did: nothing when every stored article was resolved already."""

    ran: bool = Field(description="Whether a resolution pass ran (some stored article was not yet resolved).")
    stories: int = 0
    multi_source: int = Field(default=0, description="Stories reported by more than one article.")
    reuse_pairs: int = 0
    redated: int = Field(default=0, description="Undated articles given an inferred publication window.")
