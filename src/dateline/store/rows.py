"""Model records to table rows and back: the one place that knows both shapes.

Writing flattens a record into its table's columns and keeps the whole record
as JSON in ``record``; reading validates ``record`` back into the model, so
what comes out is exactly what went in. Values that change after extraction
(``Event.story_id``) and bulky ones stored in their own column
(``Article.text``) are left out of ``record`` and put back from their column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from dateline.errors import StoreError
from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Event,
    Extraction,
    Place,
    PlaceMention,
    Record,
    Reuse,
    Story,
    TimeMention,
)
from dateline.store.engine import JSONText
from dateline.store.schema import UNDATED_FIRST, UNDATED_LAST
from dateline.store.search import actor_term

R = TypeVar("R", bound=Record)

ARTICLE_OWN_COLUMNS = frozenset({"text"})
EVENT_OWN_COLUMNS = frozenset({"story_id"})
ROLES = ("source", "target", "coactor", "claimant")
"""The ``event_actors.role`` values, in the order an event lists them."""


def record_json(record: Record, *, exclude: frozenset[str] = frozenset()) -> JSONText:
    """The JSON text of ``record`` stored in a ``record`` column (written as it is: see :class:`JSONText`)."""
    return JSONText(record.model_dump_json(exclude=set(exclude) or None))


def from_record(model: type[R], data: dict[str, Any], **columns: Any) -> R:
    """Rebuild a model from its stored JSON plus the values kept in their own columns."""
    return model.model_validate({**data, **columns})


def utc(moment: datetime | None) -> datetime | None:
    """Aware datetimes in UTC, so SQLite's offset-less text still means one instant."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC)


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------


def article_row(article: Article) -> dict[str, Any]:
    """The ``articles`` columns of ``article`` (without ``minhash``, ``seq`` and ``extracted_at``)."""
    window = article.published_window
    dateline = article.dateline
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": article.published,
        "published_found_in": article.published_found_in,
        "published_note": article.published_note,
        "published_window_start": window[0] if window else None,
        "published_window_end": window[1] if window else None,
        "dateline_place": dateline.place_text if dateline else None,
        "dateline_agency": dateline.agency if dateline else None,
        "language": article.language,
        "kind": article.kind,
        "kind_cues": list(article.kind_cues),
        "near_duplicate_of": article.near_duplicate_of,
        "near_duplicate_score": article.near_duplicate_score,
        "origin": article.origin,
        "ingested_at": utc(article.ingested_at),
        "text": article.text,
        "record": record_json(article, exclude=ARTICLE_OWN_COLUMNS),
    }


def article_from_row(record: dict[str, Any], text: str) -> Article:
    return from_record(Article, record, text=text)


# ---------------------------------------------------------------------------
# Gazetteer places and actors (shared by every article that mentions them)
# ---------------------------------------------------------------------------


def place_row(place: Place) -> dict[str, Any]:
    return {
        "place_id": place.place_id,
        "name": place.name,
        "geonames_id": place.geonames_id,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "feature_class": place.feature_class,
        "feature_code": place.feature_code,
        "population": place.population,
        "record": record_json(place),
    }


def actor_key(actor: Actor) -> str:
    """The ``actors.actor_id`` of an actor: its code, or ``name:<name>`` when it has none."""
    return actor.code or f"name:{actor.name}"


def actor_row(actor: Actor) -> dict[str, Any]:
    return {
        "actor_id": actor_key(actor),
        "code": actor.code,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "sector": actor.sector,
        "record": record_json(actor),
    }


# ---------------------------------------------------------------------------
# One article's extraction
# ---------------------------------------------------------------------------


@dataclass
class ExtractionRows:
    """Every row one article's extraction writes, per table, in insert order."""

    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    place_mentions: list[dict[str, Any]] = field(default_factory=list)
    actor_mentions: list[dict[str, Any]] = field(default_factory=list)
    time_mentions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    event_actors: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    actor_terms: dict[str, set[str]] = field(default_factory=dict)
    """Event id -> the ``actor_terms`` of its actors (their ids are only known once stored)."""

    def add_place(self, place: Place | None) -> str | None:
        if place is None:
            return None
        self.places[place.place_id] = place_row(place)
        return place.place_id

    def add_actor(self, actor: Actor) -> str:
        row = actor_row(actor)
        self.actors[row["actor_id"]] = row
        return row["actor_id"]


def mention_id(article_id: str, kind: str, position: int) -> str:
    """Stable id of the ``position``-th mention of a kind: ``<article id>:p3`` (p, a or t)."""
    return f"{article_id}:{kind}{position}"


def extraction_rows(extraction: Extraction, source: str | None) -> ExtractionRows:
    """Flatten an extraction into rows; raises :class:`StoreError` if it mixes articles.

    ``source`` is the outlet of the extraction's article (``events.source_lc``).
    """
    _check_one_article(extraction)
    aid = extraction.article_id
    rows = ExtractionRows()
    for i, pm in enumerate(extraction.places):
        rows.place_mentions.append(_place_mention_row(rows, aid, i, pm))
    actor_mention_ids: dict[tuple[int, int, str], str] = {}
    for i, am in enumerate(extraction.actors):
        row = _actor_mention_row(rows, aid, i, am)
        actor_mention_ids.setdefault((am.mention.start, am.mention.end, row["actor_id"]), row["id"])
        rows.actor_mentions.append(row)
    for i, tm in enumerate(extraction.times):
        rows.time_mentions.append(_time_mention_row(aid, i, tm))
    for i, event in enumerate(extraction.events):
        rows.events.append(_event_row(rows, i, event) | {"source_lc": source_key(source)})
        terms = rows.actor_terms.setdefault(event.id, set())
        for role, mentions in _event_actor_roles(event):
            for j, am in enumerate(mentions):
                terms.update(actor_term(v) for v in (am.actor.code, am.actor.name, am.mention.text) if v is not None)
                actor_id = rows.add_actor(am.actor)
                rows.event_actors.append(
                    {
                        "event_id": event.id,
                        "role": role,
                        "position": j,
                        "actor_mention_id": actor_mention_ids.get((am.mention.start, am.mention.end, actor_id)),
                        "actor_id": actor_id,
                        "actor_code": am.actor.code,
                        "actor_name": am.actor.name,
                        "text": am.mention.text,
                        "char_start": am.mention.start,
                        "char_end": am.mention.end,
                    }
                )
        for j, q in enumerate(event.quantities):
            rows.quantities.append(
                {
                    "event_id": event.id,
                    "position": j,
                    "kind": q.kind,
                    "text": q.text,
                    "value": q.value,
                    "low": q.low,
                    "high": q.high,
                    "char_start": q.mention.start if q.mention else None,
                    "char_end": q.mention.end if q.mention else None,
                }
            )
    return rows


def _check_one_article(extraction: Extraction) -> None:
    aid = extraction.article_id
    strays = [
        f"{kind} at {m.start}-{m.end}"
        for kind, mentions in (
            ("place", [p.mention for p in extraction.places]),
            ("actor", [a.mention for a in extraction.actors]),
            ("time", [t.mention for t in extraction.times]),
        )
        for m in mentions
        if m.article_id != aid
    ]
    strays += [f"event {e.id}" for e in extraction.events if e.article_id != aid]
    if strays:
        raise StoreError(
            f"extraction of article {aid} holds records of another article ({', '.join(strays[:3])}); "
            "store each article's extraction separately"
        )


def _event_actor_roles(event: Event) -> list[tuple[str, list[ActorMention]]]:
    claimant = [event.claimant] if event.claimant else []
    return list(zip(ROLES, (event.sources, event.targets, event.coactors, claimant), strict=True))


def _place_mention_row(rows: ExtractionRows, article_id: str, i: int, pm: PlaceMention) -> dict[str, Any]:
    return {
        "id": mention_id(article_id, "p", i),
        "article_id": article_id,
        "position": i,
        "char_start": pm.mention.start,
        "char_end": pm.mention.end,
        "text": pm.mention.text,
        "role": pm.role,
        "place_id": rows.add_place(pm.place),
        "anchor_place_id": rows.add_place(pm.anchor),
        "lat": pm.lat,
        "lon": pm.lon,
        "precision": pm.precision,
        "radius_km": pm.radius_km,
        "confidence": pm.confidence,
        "rule": pm.rule,
        "record": record_json(pm),
    }


def _actor_mention_row(rows: ExtractionRows, article_id: str, i: int, am: ActorMention) -> dict[str, Any]:
    return {
        "id": mention_id(article_id, "a", i),
        "article_id": article_id,
        "position": i,
        "char_start": am.mention.start,
        "char_end": am.mention.end,
        "text": am.mention.text,
        "actor_id": rows.add_actor(am.actor),
        "actor_code": am.actor.code,
        "coded": am.coded,
        "role": am.role,
        "rule": am.rule,
        "record": record_json(am),
    }


def _time_mention_row(article_id: str, i: int, tm: TimeMention) -> dict[str, Any]:
    return {
        "id": mention_id(article_id, "t", i),
        "article_id": article_id,
        "position": i,
        "char_start": tm.mention.start,
        "char_end": tm.mention.end,
        "text": tm.mention.text,
        "value": tm.value,
        "date_start": tm.start,
        "date_end": tm.end,
        "granularity": tm.granularity,
        "anchor": tm.anchor,
        "rule": tm.rule,
        "reason": tm.reason,
        "record": record_json(tm),
    }


def _event_row(rows: ExtractionRows, i: int, event: Event) -> dict[str, Any]:
    place = event.place
    place_mention = place.place
    return {
        "id": event.id,
        "article_id": event.article_id,
        "position": i,
        "type": event.type,
        "mode": event.mode,
        "context": list(event.context),
        "quad": event.quad,
        "acled_type": event.acled_type,
        "acled_subtype": event.acled_subtype,
        "cameo_root": event.cameo_root,
        "modality": event.modality,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "date_granularity": event.date.granularity,
        "date_rule": event.date.rule,
        "date_inferred": event.date.inferred,
        "place_id": rows.add_place(place_mention.place if place_mention else None),
        "place_text": place_mention.mention.text if place_mention else None,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
        "radius_km": place.radius_km,
        "country": place.country,
        "place_rule": place.rule,
        "confidence": event.confidence,
        "evidence": event.evidence.text,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "trigger_text": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "attributed_to": event.attributed_to,
        "story_id": event.story_id,
        "record": record_json(event, exclude=EVENT_OWN_COLUMNS),
        "date_sort": event.date.start or UNDATED_LAST,
        "date_sort_desc": event.date.start or UNDATED_FIRST,
        "date_last": event.date.end or event.date.start,
        "date_span": max(0, (event.date.end - event.date.start).days) if event.date.start and event.date.end else 0,
    }


def source_key(source: str | None) -> str | None:
    """``events.source_lc``: the article's outlet as the ``source`` filter compares it (lower case)."""
    return source.lower() if source is not None else None


def event_from_json(record: str, story_id: str | None) -> Event:
    """An event from its ``record`` as JSON text and its ``story_id`` column."""
    return Event.model_validate_json(record).model_copy(update={"story_id": story_id})


# ---------------------------------------------------------------------------
# Stories and reuse
# ---------------------------------------------------------------------------


def story_row(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "type": story.type,
        "date_start": story.start,
        "date_end": story.end,
        "lat": story.lat,
        "lon": story.lon,
        "country": story.country,
        "independent_sources": story.independent_sources,
        "earliest_article_id": story.earliest_article_id,
        "event_count": len(story.event_ids),
        "article_count": len(story.article_ids),
        "sources": list(story.sources),
        "summary": story.summary,
        "record": record_json(story),
    }


def reuse_row(item: Reuse) -> dict[str, Any]:
    return {
        "source_article_id": item.source_article_id,
        "target_article_id": item.target_article_id,
        "direction": item.direction,
        "source_share": item.source_share,
        "target_share": item.target_share,
        "spans": [s.model_dump(mode="json") for s in item.spans],
        "record": record_json(item),
    }
