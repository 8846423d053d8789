"""Integrity checks: is the database file sound, and does every reference lead somewhere?

Foreign keys stop dateline itself from writing dangling references, but the
database is also written by people (sqlite3 without ``PRAGMA foreign_keys``,
hand edits, a restored backup), so the checks look at the data, not at the
constraints.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from dateline.store.schema import (
    actor_mentions,
    actor_terms,
    actors,
    articles,
    event_actor_terms,
    event_actors,
    events,
    place_mentions,
    places,
    quantities,
    reuse,
    stories,
    story_events,
    time_mentions,
)

REFERENCES: tuple[tuple[sa.Column[Any], sa.Column[Any]], ...] = (
    (articles.c.near_duplicate_of, articles.c.id),
    (place_mentions.c.article_id, articles.c.id),
    (place_mentions.c.place_id, places.c.place_id),
    (place_mentions.c.anchor_place_id, places.c.place_id),
    (actor_mentions.c.article_id, articles.c.id),
    (actor_mentions.c.actor_id, actors.c.actor_id),
    (time_mentions.c.article_id, articles.c.id),
    (events.c.article_id, articles.c.id),
    (events.c.place_id, places.c.place_id),
    (events.c.story_id, stories.c.id),
    (event_actors.c.event_id, events.c.id),
    (event_actors.c.actor_id, actors.c.actor_id),
    (event_actors.c.actor_mention_id, actor_mentions.c.id),
    (event_actor_terms.c.term_id, actor_terms.c.id),
    (event_actor_terms.c.event_seq, events.c.seq),
    (quantities.c.event_id, events.c.id),
    (story_events.c.story_id, stories.c.id),
    (story_events.c.event_id, events.c.id),
    (story_events.c.article_id, articles.c.id),
    (reuse.c.source_article_id, articles.c.id),
    (reuse.c.target_article_id, articles.c.id),
)
"""(child column, parent column): every reference the schema makes."""

FTS_TABLES = {
    "events_fts": ("events", "seq"),
    "articles_fts": ("articles", "seq"),
    "actor_terms_fts": ("actor_terms", "id"),
}
"""SQLite full-text index -> the table it indexes and the integer key it is keyed on."""


def integrity_problems(conn: sa.Connection) -> list[str]:
    """Every problem found, one sentence each; an empty list means the database is sound."""
    problems = _sqlite_checks(conn) if conn.dialect.name == "sqlite" else []
    problems += [p for child, parent in REFERENCES if (p := _dangling(conn, child, parent))]
    problems += _extraction_checks(conn)
    return problems


def _sqlite_checks(conn: sa.Connection) -> list[str]:
    problems = [
        f"sqlite integrity_check: {msg}"
        for msg in conn.exec_driver_sql("PRAGMA integrity_check").scalars()
        if msg != "ok"
    ]
    for fts, (table, key) in FTS_TABLES.items():
        rebuild = f"rebuild it: INSERT INTO {fts}({fts}) VALUES ('rebuild')"
        try:
            with conn.begin_nested():
                conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        except sa.exc.DatabaseError as exc:
            problems.append(f"full-text index {fts} is damaged ({exc.orig}); {rebuild}")
            continue
        # The index's per-row table (docsize) must hold exactly the table's rows.
        unindexed, stale = conn.exec_driver_sql(
            f"SELECT (SELECT count(*) FROM {table} WHERE {key} NOT IN (SELECT id FROM {fts}_docsize)), "
            f"(SELECT count(*) FROM {fts}_docsize WHERE id NOT IN (SELECT {key} FROM {table}))"
        ).one()
        if unindexed or stale:
            problems.append(
                f"full-text index {fts} is out of step with {table}: {unindexed} row(s) not indexed, "
                f"{stale} index entries for rows that are gone; {rebuild}"
            )
    return problems


def _dangling(conn: sa.Connection, child: sa.Column[Any], parent: sa.Column[Any]) -> str | None:
    target = parent.table.alias("target")
    stmt = (
        sa.select(sa.func.count(), sa.func.min(child))
        .select_from(child.table.outerjoin(target, target.c[parent.name] == child))
        .where(child.is_not(None), target.c[parent.name].is_(None))
    )
    count, example = conn.execute(stmt).one()
    if not count:
        return None
    return (
        f"{child.table.name}.{child.name}: {count} row(s) refer to no {parent.table.name}.{parent.name} "
        f"(e.g. {example!r})"
    )


def _extraction_checks(conn: sa.Connection) -> list[str]:
    """Rows an extraction wrote, for articles not marked as having one: a half-finished write."""
    problems = []
    for table in (place_mentions, actor_mentions, time_mentions, events):
        stmt = (
            sa.select(sa.func.count(sa.distinct(table.c.article_id)), sa.func.min(table.c.article_id))
            .select_from(table.join(articles, articles.c.id == table.c.article_id))
            .where(articles.c.extracted_at.is_(None))
        )
        count, example = conn.execute(stmt).one()
        if count:
            problems.append(
                f"{table.name}: {count} article(s) have rows here but no extraction recorded "
                f"(articles.extracted_at is empty, e.g. {example!r}); re-save them with replace_extraction"
            )
    mismatched = (
        sa.select(sa.func.count(), sa.func.min(events.c.id))
        .select_from(events.outerjoin(story_events, story_events.c.event_id == events.c.id))
        .where(sa.func.coalesce(events.c.story_id, "") != sa.func.coalesce(story_events.c.story_id, ""))
    )
    count, example = conn.execute(mismatched).one()
    if count:
        problems.append(
            f"events.story_id: {count} event(s) disagree with story_events (e.g. {example!r}); "
            "re-run story resolution (save_stories)"
        )
    return problems
