"""Full-text search over event evidence and article title/text, and the ``events_flat`` view.

SQLite: FTS5 tables ``events_fts`` and ``articles_fts`` that index the text
in place (external content keyed on ``seq``) and triggers that keep them in
step with every insert, update and delete. PostgreSQL: GIN indexes over the
same text's ``tsvector``. Both: ``events_flat``, one row per event with its
actors' names and codes, its place and its article's outlet, for people
reading the database with their own tools.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = {
    # fts table: (content table, indexed columns)
    "events_fts": ("events", ("evidence",)),
    "articles_fts": ("articles", ("title", "text")),
}

POSTGRES_FTS_INDEXES = {
    "ix_events_evidence_fts": "events USING gin (to_tsvector('english'::regconfig, evidence))",
    "ix_articles_text_fts": (
        "articles USING gin (to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || text))"
    ),
}

ACTOR_LIST = {
    # How each backend joins one event's actor names in role order.
    "sqlite": "(SELECT group_concat({col}, '; ') FROM event_actors ea "
    "WHERE ea.event_id = e.id AND ea.role = '{role}')",
    "postgresql": "(SELECT string_agg({col}, '; ' ORDER BY ea.position) FROM event_actors ea "
    "WHERE ea.event_id = e.id AND ea.role = '{role}')",
}
"""SQLite visits ``event_actors`` in primary-key order (event_id, role, position), so its
``group_concat`` already comes out in position order; PostgreSQL is told explicitly."""

EVENTS_FLAT = """
CREATE VIEW events_flat AS
SELECT
    e.id AS event_id,
    e.article_id,
    e.type,
    e.mode,
    e.quad,
    e.acled_type,
    e.acled_subtype,
    e.cameo_root,
    e.modality,
    e.date_start,
    e.date_end,
    e.date_granularity,
    e.date_inferred,
    {source_actors} AS source_actors,
    {source_codes} AS source_codes,
    {target_actors} AS target_actors,
    {target_codes} AS target_codes,
    e.place_id,
    p.name AS place_name,
    p.admin1 AS place_admin1,
    e.place_text,
    e.country,
    e.lat,
    e.lon,
    e.precision,
    e.confidence,
    e.evidence,
    e.trigger_text,
    e.story_id,
    e.attributed_to,
    a.source AS article_source,
    a.url AS article_url,
    a.title AS article_title,
    a.published AS article_published
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN places p ON p.place_id = e.place_id
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for fts, (table, columns) in SQLITE_FTS.items():
            _create_sqlite_fts(fts, table, columns)
    elif dialect == "postgresql":
        for name, target in POSTGRES_FTS_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {target}")
    actor_list = ACTOR_LIST[dialect]
    op.execute(
        EVENTS_FLAT.format(
            **{
                f"{role}_{what}": actor_list.format(col=col, role=role)
                for role in ("source", "target")
                for what, col in (("actors", "ea.actor_name"), ("codes", "ea.actor_code"))
            }
        )
    )


def _create_sqlite_fts(fts: str, table: str, columns: tuple[str, ...]) -> None:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='seq', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    remove = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.seq, {old});"
    add = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.seq, {new});"
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {add} END")
    op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END")
    op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN {remove} {add} END")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # index rows stored before this revision


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW events_flat")
    if dialect == "sqlite":
        for fts in SQLITE_FTS:
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {fts}_{trigger}")
            op.execute(f"DROP TABLE {fts}")
    elif dialect == "postgresql":
        for name in POSTGRES_FTS_INDEXES:
            op.execute(f"DROP INDEX {name}")
