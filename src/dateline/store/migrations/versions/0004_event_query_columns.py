"""Fast filtered event lists: stored sort keys and outlet on ``events``, composite indexes, actor terms.

A page of a filtered, date-ordered list should come from an index in order,
and a count from an index alone. That needs the values the queries compare
stored as plain columns on ``events``: the two date sort keys (undated events
last in either direction), the last day of the date range and the article's
outlet in lower case (so the ``source`` filter reads no other table). Indexes
pair the broad filters (type, country, outlet) with the oldest-first order;
the single-column indexes they start with are dropped.

The ``actor`` filter (a substring of any actor's code, name or mention text)
gets ``actor_terms``, each distinct such text once in lower case, and
``event_actor_terms``, which events each term belongs to: the substring is
looked for among a few thousand terms instead of in every event's actors. On
SQLite a trigram FTS5 index over the terms finds them without reading them all.

Existing rows are filled in here. Outlets and terms are lower-cased in
Python, exactly as dateline writes them (SQLite's ``lower()`` only knows
ASCII); that one line is written out below rather than imported so this
revision keeps doing what it did on the day it was written.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000

NEW_INDEXES = {
    "ix_events_date_sort": ["date_sort", "id", "date_last"],
    "ix_events_date_sort_desc": ["date_sort_desc", "id"],
    "ix_events_confidence_id": ["confidence", "id"],
    "ix_events_type_date_sort": ["type", "date_sort", "id", "date_last", "country", "modality", "date_sort_desc"],
    "ix_events_country_date_sort": ["country", "date_sort", "id", "date_last", "type", "modality", "date_sort_desc"],
    "ix_events_source_lc_date_sort": ["source_lc", "date_sort", "id", "date_sort_desc"],
    "ix_events_lat_lon_date_sort": ["lat", "lon", "date_sort", "id", "date_sort_desc"],
    "ix_events_date_span": ["date_span"],
}
OLD_INDEXES = {
    "ix_events_lat_lon": ["lat", "lon"],
    "ix_events_type": ["type"],
    "ix_events_country": ["country"],
    "ix_events_confidence": ["confidence"],
    "ix_events_date_start": ["date_start"],
}
"""Indexes of 0001 that a new one starts with (or, for date_start, replaces)."""

TERMS_FTS = "actor_terms_fts"
SPAN = {
    "sqlite": "CAST(julianday(date_end) - julianday(date_start) AS INTEGER)",
    "postgresql": "date_end - date_start",
}
"""Days from ``date_start`` to ``date_end``, per backend."""


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("events", sa.Column("date_sort", sa.Date(), nullable=False, server_default=sa.text("'9999-12-31'")))
    op.add_column(
        "events", sa.Column("date_sort_desc", sa.Date(), nullable=False, server_default=sa.text("'0001-01-01'"))
    )
    op.add_column("events", sa.Column("date_last", sa.Date(), nullable=True))
    op.add_column("events", sa.Column("date_span", sa.Integer(), nullable=False, server_default=sa.text("0")))
    op.add_column("events", sa.Column("source_lc", sa.String(), nullable=True))
    _fill_event_columns(bind)
    for name in OLD_INDEXES:
        op.drop_index(name, table_name="events")
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "events", columns)

    op.create_table(
        "actor_terms",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_terms")),
        sa.UniqueConstraint("term", name=op.f("uq_actor_terms_term")),
    )
    op.create_table(
        "event_actor_terms",
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["term_id"], ["actor_terms.id"], name=op.f("fk_event_actor_terms_term_id")),
        sa.ForeignKeyConstraint(
            ["event_seq"], ["events.seq"], name=op.f("fk_event_actor_terms_event_seq"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("term_id", "event_seq", name=op.f("pk_event_actor_terms")),
    )
    op.create_index(op.f("ix_event_actor_terms_event_seq"), "event_actor_terms", ["event_seq"])
    _fill_actor_terms(bind)
    if bind.dialect.name == "sqlite":
        _create_sqlite_terms_fts()
    else:
        # Fresh statistics, so the planner knows the new columns and indexes from the first query.
        op.execute("ANALYZE events, actor_terms, event_actor_terms")


def _fill_event_columns(bind: sa.Connection) -> None:
    """The new columns of every stored event, one article at a time, each row written once.

    (One pass, not one per column: on PostgreSQL every UPDATE of a row leaves
    a dead copy of it behind until the table is vacuumed.)
    """
    update = sa.text(
        "UPDATE events SET date_sort = coalesce(date_start, '9999-12-31'), "
        "date_sort_desc = coalesce(date_start, '0001-01-01'), date_last = coalesce(date_end, date_start), "
        f"date_span = CASE WHEN date_end > date_start THEN {SPAN[bind.dialect.name]} ELSE 0 END, "
        "source_lc = :lc WHERE article_id = :aid"
    )
    articles = bind.execute(sa.text("SELECT id, source FROM articles")).all()
    rows = ({"aid": aid, "lc": source.lower() if source is not None else None} for aid, source in articles)
    for batch in _batches(rows):
        bind.execute(update, batch)


def _fill_actor_terms(bind: sa.Connection) -> None:
    """Every stored event actor's code, name and mention text as terms, and which events they belong to."""
    ea = sa.table("event_actors", sa.column("event_id"), sa.column("actor_code"), sa.column("actor_name"),
                  sa.column("text"))
    events = sa.table("events", sa.column("id"), sa.column("seq"))
    actor_terms = sa.table("actor_terms", sa.column("id"), sa.column("term"))
    postings = sa.table("event_actor_terms", sa.column("term_id"), sa.column("event_seq"))
    rows = (
        sa.select(events.c.seq, ea.c.actor_code, ea.c.actor_name, ea.c.text)
        .join_from(ea, events, events.c.id == ea.c.event_id)
        .order_by(events.c.seq)
    )

    def event_terms() -> Iterator[tuple[int, set[str]]]:
        for seq, group in groupby(bind.execute(rows.execution_options(yield_per=BATCH)), key=lambda r: r.seq):
            yield seq, {v.lower() for r in group for v in (r.actor_code, r.actor_name, r.text) if v is not None}

    terms = sorted({term for _, found in event_terms() for term in found})
    for batch in _batches({"term": term} for term in terms):
        bind.execute(sa.insert(actor_terms), batch)
    term_ids = {term: term_id for term, term_id in bind.execute(sa.select(actor_terms.c.term, actor_terms.c.id))}
    pairs = ({"term_id": term_ids[term], "event_seq": seq} for seq, found in event_terms() for term in found)
    for batch in _batches(pairs):
        bind.execute(sa.insert(postings), batch)


def _batches(items: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _create_sqlite_terms_fts() -> None:
    fts = TERMS_FTS
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(term, content='actor_terms', content_rowid='id', "
               "tokenize='trigram')")
    remove = f"INSERT INTO {fts}({fts}, rowid, term) VALUES ('delete', old.id, old.term);"
    add = f"INSERT INTO {fts}(rowid, term) VALUES (new.id, new.term);"
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON actor_terms BEGIN {add} END")
    op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON actor_terms BEGIN {remove} END")
    op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE OF term ON actor_terms BEGIN {remove} {add} END")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER {TERMS_FTS}_{trigger}")
        op.execute(f"DROP TABLE {TERMS_FTS}")
    op.drop_table("event_actor_terms")
    op.drop_table("actor_terms")
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="events")
    for name, columns in OLD_INDEXES.items():
        op.create_index(name, "events", columns)
    for column in ("source_lc", "date_span", "date_last", "date_sort_desc", "date_sort"):
        op.drop_column("events", column)
