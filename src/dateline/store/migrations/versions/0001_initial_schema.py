"""Initial schema: articles, the gazetteer places and actors they mention, events, stories, reuse.

The tables are written out here rather than taken from ``schema.py`` so this
revision keeps creating exactly the schema it created on the day it was
written; later changes are later revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DATA = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TABLES = (
    "actors",
    "articles",
    "places",
    "stories",
    "actor_mentions",
    "events",
    "place_mentions",
    "reuse",
    "time_mentions",
    "event_actors",
    "quantities",
    "story_events",
)
"""Every table this revision creates, parents before children."""


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("actor_id", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("sector", sa.String(), nullable=True),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.PrimaryKeyConstraint("actor_id", name=op.f("pk_actors")),
    )
    op.create_index(op.f("ix_actors_code"), "actors", ["code"])

    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_found_in", sa.String(), nullable=False),
        sa.Column("published_note", sa.String(), nullable=True),
        sa.Column("published_window_start", sa.Date(), nullable=True),
        sa.Column("published_window_end", sa.Date(), nullable=True),
        sa.Column("dateline_place", sa.String(), nullable=True),
        sa.Column("dateline_agency", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("kind_cues", JSON_DATA, nullable=False),
        sa.Column("near_duplicate_of", sa.String(), nullable=True),
        sa.Column("near_duplicate_score", sa.Float(), nullable=True),
        sa.Column("origin", sa.String(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.ForeignKeyConstraint(
            ["near_duplicate_of"],
            ["articles.id"],
            name=op.f("fk_articles_near_duplicate_of"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_articles")),
        sa.UniqueConstraint("id", name=op.f("uq_articles_id")),
    )
    op.create_index(op.f("ix_articles_kind"), "articles", ["kind"])
    op.create_index(op.f("ix_articles_near_duplicate_of"), "articles", ["near_duplicate_of"])
    op.create_index(op.f("ix_articles_published"), "articles", ["published"])
    op.create_index(op.f("ix_articles_source"), "articles", ["source"])

    op.create_table(
        "places",
        sa.Column("place_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("admin1", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("feature_class", sa.String(), nullable=True),
        sa.Column("feature_code", sa.String(), nullable=True),
        sa.Column("population", sa.BigInteger(), nullable=True),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.PrimaryKeyConstraint("place_id", name=op.f("pk_places")),
    )
    op.create_index(op.f("ix_places_country"), "places", ["country"])
    op.create_index(op.f("ix_places_geonames_id"), "places", ["geonames_id"])

    op.create_table(
        "stories",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("earliest_article_id", sa.String(), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("sources", JSON_DATA, nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    op.create_index(op.f("ix_stories_country"), "stories", ["country"])
    op.create_index(op.f("ix_stories_date_start"), "stories", ["date_start"])
    op.create_index(op.f("ix_stories_type"), "stories", ["type"])

    op.create_table(
        "actor_mentions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("actor_id", sa.String(), nullable=False),
        sa.Column("actor_code", sa.String(), nullable=True),
        sa.Column("coded", sa.Boolean(), nullable=False),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("rule", sa.String(), nullable=False),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.actor_id"], name=op.f("fk_actor_mentions_actor_id")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_actor_mentions_article_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_mentions")),
    )
    op.create_index(op.f("ix_actor_mentions_actor_id"), "actor_mentions", ["actor_id"])
    op.create_index(op.f("ix_actor_mentions_article_id"), "actor_mentions", ["article_id"])

    op.create_table(
        "events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("mode", sa.String(), nullable=True),
        sa.Column("context", JSON_DATA, nullable=False),
        sa.Column("quad", sa.String(), nullable=True),
        sa.Column("acled_type", sa.String(), nullable=True),
        sa.Column("acled_subtype", sa.String(), nullable=True),
        sa.Column("cameo_root", sa.String(), nullable=True),
        sa.Column("modality", sa.String(), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_granularity", sa.String(), nullable=False),
        sa.Column("date_rule", sa.String(), nullable=False),
        sa.Column("date_inferred", sa.Boolean(), nullable=False),
        sa.Column("place_id", sa.String(), nullable=True),
        sa.Column("place_text", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("precision", sa.String(), nullable=False),
        sa.Column("radius_km", sa.Float(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("place_rule", sa.String(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("trigger_text", sa.String(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("attributed_to", sa.String(), nullable=True),
        sa.Column("story_id", sa.String(), nullable=True),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_events_article_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.place_id"], name=op.f("fk_events_place_id")),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_events_story_id"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_events")),
        sa.UniqueConstraint("id", name=op.f("uq_events_id")),
    )
    op.create_index(op.f("ix_events_acled_type"), "events", ["acled_type"])
    op.create_index(op.f("ix_events_article_id"), "events", ["article_id"])
    op.create_index(op.f("ix_events_attributed_to"), "events", ["attributed_to"])
    op.create_index(op.f("ix_events_confidence"), "events", ["confidence"])
    op.create_index(op.f("ix_events_country"), "events", ["country"])
    op.create_index(op.f("ix_events_date_start"), "events", ["date_start"])
    op.create_index(op.f("ix_events_lat_lon"), "events", ["lat", "lon"])
    op.create_index(op.f("ix_events_modality"), "events", ["modality"])
    op.create_index(op.f("ix_events_place_id"), "events", ["place_id"])
    op.create_index(op.f("ix_events_story_id"), "events", ["story_id"])
    op.create_index(op.f("ix_events_type"), "events", ["type"])

    op.create_table(
        "place_mentions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("place_id", sa.String(), nullable=True),
        sa.Column("anchor_place_id", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("precision", sa.String(), nullable=False),
        sa.Column("radius_km", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rule", sa.String(), nullable=False),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.ForeignKeyConstraint(
            ["anchor_place_id"],
            ["places.place_id"],
            name=op.f("fk_place_mentions_anchor_place_id"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_place_mentions_article_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.place_id"], name=op.f("fk_place_mentions_place_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place_mentions")),
    )
    op.create_index(op.f("ix_place_mentions_article_id"), "place_mentions", ["article_id"])
    op.create_index(op.f("ix_place_mentions_place_id"), "place_mentions", ["place_id"])

    op.create_table(
        "reuse",
        sa.Column("source_article_id", sa.String(), nullable=False),
        sa.Column("target_article_id", sa.String(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("source_share", sa.Float(), nullable=False),
        sa.Column("target_share", sa.Float(), nullable=False),
        sa.Column("spans", JSON_DATA, nullable=False),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.ForeignKeyConstraint(
            ["source_article_id"],
            ["articles.id"],
            name=op.f("fk_reuse_source_article_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_article_id"],
            ["articles.id"],
            name=op.f("fk_reuse_target_article_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_article_id", "target_article_id", name=op.f("pk_reuse")),
    )
    op.create_index(op.f("ix_reuse_target_article_id"), "reuse", ["target_article_id"])

    op.create_table(
        "time_mentions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("granularity", sa.String(), nullable=False),
        sa.Column("anchor", sa.String(), nullable=True),
        sa.Column("rule", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("record", JSON_DATA, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_time_mentions_article_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_mentions")),
    )
    op.create_index(op.f("ix_time_mentions_article_id"), "time_mentions", ["article_id"])

    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor_mention_id", sa.String(), nullable=True),
        sa.Column("actor_id", sa.String(), nullable=False),
        sa.Column("actor_code", sa.String(), nullable=True),
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.actor_id"], name=op.f("fk_event_actors_actor_id")),
        sa.ForeignKeyConstraint(
            ["actor_mention_id"],
            ["actor_mentions.id"],
            name=op.f("fk_event_actors_actor_mention_id"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_actors_event_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "role", "position", name=op.f("pk_event_actors")),
    )
    op.create_index(op.f("ix_event_actors_actor_code"), "event_actors", ["actor_code"])
    op.create_index(op.f("ix_event_actors_actor_id"), "event_actors", ["actor_id"])

    op.create_table(
        "quantities",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("low", sa.BigInteger(), nullable=True),
        sa.Column("high", sa.BigInteger(), nullable=True),
        sa.Column("char_start", sa.Integer(), nullable=True),
        sa.Column("char_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_quantities_event_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "position", name=op.f("pk_quantities")),
    )
    op.create_index(op.f("ix_quantities_kind"), "quantities", ["kind"])

    op.create_table(
        "story_events",
        sa.Column("story_id", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_events_article_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_story_events_event_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_events_story_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", "event_id", name=op.f("pk_story_events")),
    )
    op.create_index(op.f("ix_story_events_article_id"), "story_events", ["article_id"])
    op.create_index(op.f("ix_story_events_event_id"), "story_events", ["event_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
