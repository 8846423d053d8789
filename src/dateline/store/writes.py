"""Writing records: an article with its extraction, re-extractions, and the story tables.

Each function here runs inside a transaction its caller opened and either
writes everything it was given or raises, leaving the transaction to roll
back: nothing half-written survives. References are checked before the first
write so a missing parent is reported as a sentence naming both ids, not as a
driver's foreign-key error.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from dateline.errors import StoreError
from dateline.iterables import batched
from dateline.model import Article, Event, Extraction, Reuse, Story
from dateline.store import near_index
from dateline.store.rows import (
    EVENT_OWN_COLUMNS,
    article_row,
    extraction_rows,
    record_json,
    reuse_row,
    source_key,
    story_row,
)
from dateline.store.schema import (
    EXTRACTION_TABLES,
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

log = logging.getLogger(__name__)

CHUNK = 900
"""Ids per ``IN (...)`` list: under every backend's bound-parameter limit."""


def has_article(conn: sa.Connection, article_id: str) -> bool:
    """Whether an article with this id is stored (as ``conn`` sees the store)."""
    return conn.execute(sa.select(articles.c.seq).where(articles.c.id == article_id)).first() is not None


def save_article(
    conn: sa.Connection, article: Article, extraction: Extraction | None, minhash: bytes | None,
    near_keys: Sequence[int] | None = None,
) -> bool:
    """Store ``article`` and its extraction unless already stored; True if anything was written.

    A stored article is left as it is (ids are content hashes: same id, same
    text), except that an extraction or signature it was stored without is
    added now. A signature comes with its band keys under the store's banding
    (``near_keys``); one without them leaves the keys incomplete, which the
    store records so that the next ingest rebuilds them.
    """
    if extraction is not None and extraction.article_id != article.id:
        raise StoreError(
            f"extraction is of article {extraction.article_id}, not {article.id}; "
            "pass the article's own extraction"
        )
    stored = conn.execute(
        sa.select(articles.c.extracted_at, articles.c.minhash).where(articles.c.id == article.id)
    ).first()
    now = datetime.now(UTC)
    if stored is None:
        if article.near_duplicate_of:
            require_existing(
                conn, articles.c.id, [article.near_duplicate_of],
                f"article {article.id} is a near-duplicate of",
                "save that article first, or clear near_duplicate_of",
            )
        row = article_row(article) | {"minhash": minhash, "extracted_at": now if extraction else None}
        # A concurrent writer may store the same article between our check and this insert
        # (PostgreSQL; SQLite's BEGIN IMMEDIATE rules it out): then theirs stands.
        insert = dialect_insert(conn)(articles).on_conflict_do_nothing(index_elements=["id"])
        if conn.execute(insert.returning(articles.c.seq), row).first() is None:
            log.info("article %s was stored by another writer meanwhile; left as it is", article.id)
            return False
        signed = minhash is not None
    else:
        changes: dict[str, Any] = {}
        if minhash is not None and stored.minhash is None:
            changes["minhash"] = minhash
        if extraction is not None and stored.extracted_at is None:
            changes["extracted_at"] = now
        else:
            extraction = None
        if not changes:
            return False
        conn.execute(sa.update(articles).where(articles.c.id == article.id).values(**changes))
        signed = "minhash" in changes
    if signed:  # the article's signature was stored just now: file it under its keys
        if near_keys is None:
            near_index.forget_banding(conn)
        else:
            near_index.write_keys(conn, article.id, near_keys)
    if extraction is not None:
        write_extraction(conn, extraction)
    return True


def update_article(conn: sa.Connection, article: Article) -> None:
    """Rewrite a stored article's metadata (kind, inferred date ...); its extraction is kept."""
    if article.near_duplicate_of:
        require_existing(
            conn, articles.c.id, [article.near_duplicate_of],
            f"article {article.id} is a near-duplicate of",
            "save that article first, or clear near_duplicate_of",
        )
    values = article_row(article)
    del values["id"]
    result = conn.execute(sa.update(articles).where(articles.c.id == article.id).values(**values))
    if result.rowcount == 0:
        raise StoreError(f"article {article.id} is not in the store; save it with save_article first")
    conn.execute(
        sa.update(events)
        .where(events.c.article_id == article.id, events.c.source_lc.is_distinct_from(source_key(article.source)))
        .values(source_lc=source_key(article.source))
    )


def replace_extraction(conn: sa.Connection, article_id: str, extraction: Extraction) -> None:
    """Swap a stored article's extraction for a new one (e.g. events re-dated).

    Story membership survives for events whose id is unchanged; an event
    carrying no ``story_id`` keeps the one it had.
    """
    if extraction.article_id != article_id:
        raise StoreError(f"extraction is of article {extraction.article_id}, not {article_id}")
    require_existing(conn, articles.c.id, [article_id], "cannot replace the extraction:", "save the article first")
    own_events = sa.select(events.c.id).where(events.c.article_id == article_id)
    kept_story: dict[str, str] = {
        event_id: story_id
        for event_id, story_id in conn.execute(
            sa.select(events.c.id, events.c.story_id).where(
                events.c.article_id == article_id, events.c.story_id.is_not(None)
            )
        )
    }
    memberships = [
        dict(row._mapping)
        for row in conn.execute(sa.select(story_events).where(story_events.c.event_id.in_(own_events)))
    ]
    delete_extraction(conn, article_id)
    write_extraction(conn, extraction, story_ids=kept_story)
    new_ids = {e.id for e in extraction.events}
    surviving = [m for m in memberships if m["event_id"] in new_ids]
    if surviving:
        conn.execute(sa.insert(story_events), surviving)
    conn.execute(
        sa.update(articles).where(articles.c.id == article_id).values(extracted_at=datetime.now(UTC))
    )


def delete_extraction(conn: sa.Connection, article_id: str) -> None:
    """Remove every row an article's extraction wrote (shared places and actors stay)."""
    own_events = sa.select(events.c.id).where(events.c.article_id == article_id)
    own_seqs = sa.select(events.c.seq).where(events.c.article_id == article_id)
    conn.execute(sa.delete(story_events).where(story_events.c.event_id.in_(own_events)))
    for table in EXTRACTION_TABLES:
        if "article_id" in table.c:
            conn.execute(sa.delete(table).where(table.c.article_id == article_id))
        elif "event_seq" in table.c:
            conn.execute(sa.delete(table).where(table.c.event_seq.in_(own_seqs)))
        else:
            conn.execute(sa.delete(table).where(table.c.event_id.in_(own_events)))


def write_extraction(
    conn: sa.Connection, extraction: Extraction, *, story_ids: Mapping[str, str] | None = None
) -> None:
    """Insert an extraction's rows; ``story_ids`` fills in events' story ids the records lack."""
    source = conn.execute(sa.select(articles.c.source).where(articles.c.id == extraction.article_id)).scalar()
    rows = extraction_rows(extraction, source)
    duplicates = [i for i, n in Counter(r["id"] for r in rows.events).items() if n > 1]
    if duplicates:
        raise StoreError(
            f"article {extraction.article_id} has two events with id {duplicates[0]}; event ids must be unique"
        )
    for row in rows.events:
        row["story_id"] = row["story_id"] or (story_ids or {}).get(row["id"])
    wanted_stories = {r["story_id"] for r in rows.events if r["story_id"]}
    require_existing(
        conn, stories.c.id, wanted_stories, f"events of article {extraction.article_id} refer to story",
        "save the stories first (save_stories) or leave story_id empty",
    )
    upsert(conn, places, places.c.place_id, rows.places.values())
    upsert(conn, actors, actors.c.actor_id, rows.actors.values())
    for table, table_rows in (
        (place_mentions, rows.place_mentions),
        (actor_mentions, rows.actor_mentions),
        (time_mentions, rows.time_mentions),
    ):
        if table_rows:
            conn.execute(sa.insert(table), table_rows)
    if not rows.events:
        return
    stored = conn.execute(sa.insert(events).returning(events.c.id, events.c.seq), rows.events)
    seqs = {event_id: seq for event_id, seq in stored}
    write_actor_terms(conn, rows.actor_terms, seqs)
    for table, table_rows in ((event_actors, rows.event_actors), (quantities, rows.quantities)):
        if table_rows:
            conn.execute(sa.insert(table), table_rows)


def write_actor_terms(conn: sa.Connection, terms: Mapping[str, set[str]], seqs: Mapping[str, int]) -> None:
    """Add each event's actor terms (event id -> terms) to ``actor_terms`` and ``event_actor_terms``.

    ``seqs`` maps the events' ids to their ``events.seq``. New terms go in
    sorted, so concurrent writers lock them in the same order.
    """
    wanted = sorted({term for event_terms in terms.values() for term in event_terms})
    if not wanted:
        return
    conn.execute(
        dialect_insert(conn)(actor_terms).on_conflict_do_nothing(index_elements=["term"]),
        [{"term": term} for term in wanted],
    )
    term_ids: dict[str, int] = {}
    for chunk in chunks(wanted):
        stmt = sa.select(actor_terms.c.term, actor_terms.c.id).where(actor_terms.c.term.in_(chunk))
        term_ids.update({term: term_id for term, term_id in conn.execute(stmt)})
    conn.execute(
        sa.insert(event_actor_terms),
        [{"term_id": term_ids[term], "event_seq": seqs[event_id]}
         for event_id, event_terms in terms.items() for term in sorted(event_terms)],
    )


def upsert(conn: sa.Connection, table: sa.Table, key: sa.Column[Any], rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows, or update the stored ones with the same key when their record changed.

    Rows go in key order so concurrent writers take row locks in the same
    order (no deadlocks on PostgreSQL).
    """
    ordered = sorted(rows, key=lambda r: r[key.name])
    if ordered:
        conn.execute(_upsert_statement(conn.dialect.name, table, key.name), ordered)


@lru_cache(maxsize=16)
def _upsert_statement(dialect: str, table: sa.Table, key: str) -> Any:
    """The upsert for ``table`` on column ``key``, built once per backend.

    Building it (``excluded`` copies every column of the table) took longer
    than running it, and ingest runs two for every article.
    """
    stmt = _insert_construct(dialect)(table)
    return stmt.on_conflict_do_update(
        index_elements=[key],
        set_={c.name: stmt.excluded[c.name] for c in table.c if c.name != key},
        where=table.c.record != stmt.excluded.record,
    )


def dialect_insert(conn: sa.Connection) -> Any:
    """The backend's INSERT construct, which adds ON CONFLICT (same API on both)."""
    return _insert_construct(conn.dialect.name)


def _insert_construct(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def replace_stories(conn: sa.Connection, new_stories: Iterable[Story], new_reuse: Iterable[Reuse]) -> None:
    """Make the story tables hold exactly ``new_stories`` and ``new_reuse``; set ``events.story_id``.

    Both may be streams, read once: stories and reuse records are written
    :data:`STORY_BATCH` at a time, so a pass over millions of events never holds
    every story, nor every reuse row, at once. What was written by earlier
    batches is checked in the tables themselves, not in sets of every id seen,
    so memory stays the same however many there are.
    Errors found part way (an unknown event, an event in two stories, a story
    or a reuse pair given twice, a reuse record naming an unknown article)
    raise inside the caller's transaction, which then leaves the store as it was.
    """
    conn.execute(sa.update(events).where(events.c.story_id.is_not(None)).values(story_id=None))
    for table in (story_events, reuse, stories):
        conn.execute(sa.delete(table))
    written = 0
    for batch in batched(new_stories, STORY_BATCH):
        _write_stories(conn, batch)
        written += len(batch)
    pairs = 0
    for reuse_batch in batched(new_reuse, STORY_BATCH):
        _refuse_repeated_pairs(conn, [(r.source_article_id, r.target_article_id) for r in reuse_batch])
        named = {aid for r in reuse_batch for aid in (r.source_article_id, r.target_article_id)}
        require_existing(conn, articles.c.id, named, "text reuse refers to article",
                         "store both articles before their reuse")
        conn.execute(sa.insert(reuse), [reuse_row(r) for r in reuse_batch])
        pairs += len(reuse_batch)
    log.info("stored %d stories and %d text reuse pairs", written, pairs)


STORY_BATCH = 2000
"""Stories written per statement batch by :func:`replace_stories`."""

_STORY_TWICE = "story {} is given twice; story ids must be unique"
_PAIR_TWICE = "text reuse {} -> {} is given twice; merge the two records"


def _write_stories(conn: sa.Connection, batch: list[Story]) -> None:
    membership = _story_membership(batch)
    _refuse_existing(conn, stories.c.id, [s.id for s in batch], _STORY_TWICE)
    event_story = _event_stories(conn, list(membership))
    missing = sorted(set(membership) - set(event_story))
    if missing:
        raise StoreError(
            f"story {membership[missing[0]]} lists event {missing[0]}, which is not in the store "
            f"({len(missing)} such events in this batch); store the events' articles first"
        )
    taken = sorted(eid for eid, (_, sid) in event_story.items() if sid is not None)
    if taken:
        eid = taken[0]
        raise StoreError(f"event {eid} is in both story {event_story[eid][1]} and story {membership[eid]}; "
                         "an event has one story")
    conn.execute(sa.insert(stories), [story_row(s) for s in batch])
    if membership:
        conn.execute(
            sa.insert(story_events),
            [{"story_id": sid, "event_id": eid, "article_id": event_story[eid][0]} for eid, sid in membership.items()],
        )
        conn.execute(
            sa.update(events).where(events.c.id == sa.bindparam("event_id")).values(story_id=sa.bindparam("sid")),
            [{"event_id": eid, "sid": sid} for eid, sid in membership.items()],
        )


def update_event_provenance(conn: sa.Connection, provenance: Iterable[Event], *, batch: int = 500) -> None:
    """Rewrite stored events' ``attributed_to`` and ``confidence`` (columns and record), in batches.

    Provenance is the one thing a resolution pass changes in most articles;
    updating those columns in place costs a fraction of replacing the whole
    extraction. Raises :class:`StoreError` for an event that is not stored.
    """
    stmt = (
        sa.update(events)
        .where(events.c.id == sa.bindparam("event_id"))
        .values(attributed_to=sa.bindparam("attributed_to"), confidence=sa.bindparam("confidence"),
                record=sa.bindparam("record"))
    )
    rows: list[dict[str, Any]] = []
    for event in provenance:
        rows.append({"event_id": event.id, "attributed_to": event.attributed_to, "confidence": event.confidence,
                     "record": record_json(event, exclude=EVENT_OWN_COLUMNS)})
        if len(rows) >= batch:
            _update_events(conn, stmt, rows)
            rows = []
    if rows:
        _update_events(conn, stmt, rows)


def _update_events(conn: sa.Connection, stmt: sa.Update, rows: list[dict[str, Any]]) -> None:
    result = conn.execute(stmt, rows)
    if result.rowcount is not None and 0 <= result.rowcount < len(rows):
        raise StoreError(f"cannot update the provenance of {len(rows) - result.rowcount} events: not in the store "
                         f"(first of the batch: {rows[0]['event_id']}); store their articles first")


def mark_resolved(conn: sa.Connection, article_ids: Sequence[str]) -> None:
    """Stamp the articles a resolution pass read; articles stored meanwhile stay unstamped (still pending)."""
    now = datetime.now(UTC)
    for chunk in chunks(sorted(article_ids)):
        conn.execute(
            sa.update(articles)
            .where(articles.c.id.in_(chunk), articles.c.resolved_at.is_(None))
            .values(resolved_at=now)
        )


def _story_membership(batch: list[Story]) -> dict[str, str]:
    """event id -> story id for a batch; each story once, each event in at most one story of the batch."""
    membership: dict[str, str] = {}
    seen: set[str] = set()
    for story in batch:
        if story.id in seen:
            raise StoreError(_STORY_TWICE.format(story.id))
        seen.add(story.id)
        for eid in story.event_ids:
            other = membership.setdefault(eid, story.id)
            if other != story.id:
                raise StoreError(
                    f"event {eid} is in both story {other} and story {story.id}; an event has one story"
                )
    return membership


def _refuse_existing(conn: sa.Connection, column: sa.Column[Any], ids: Sequence[str], message: str) -> None:
    """Raise :class:`StoreError` (``message`` formatted with the first such id) if any of ``ids`` is stored."""
    for chunk in chunks(sorted(ids)):
        found = conn.execute(sa.select(column).where(column.in_(chunk)).order_by(column).limit(1)).scalar()
        if found is not None:
            raise StoreError(message.format(found))


def _refuse_repeated_pairs(conn: sa.Connection, pairs: list[tuple[str, str]]) -> None:
    """A reuse pair may be given once: not twice in a batch, nor again after an earlier batch stored it."""
    seen: set[tuple[str, str]] = set()
    for pair in pairs:
        if pair in seen:
            raise StoreError(_PAIR_TWICE.format(*pair))
        seen.add(pair)
    for chunk in range(0, len(pairs), CHUNK // 2):  # two parameters a pair
        wanted = set(pairs[chunk:chunk + CHUNK // 2])
        stmt = sa.select(reuse.c.source_article_id, reuse.c.target_article_id).where(
            reuse.c.source_article_id.in_(sorted({x for x, _ in wanted})),
            reuse.c.target_article_id.in_(sorted({y for _, y in wanted})))
        stored = sorted(set(map(tuple, conn.execute(stmt))) & wanted)
        if stored:
            raise StoreError(_PAIR_TWICE.format(*stored[0]))


def _event_stories(conn: sa.Connection, event_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """event id -> (article id, story id or None) for the stored ones among ``event_ids``."""
    found: dict[str, tuple[str, str | None]] = {}
    for chunk in chunks(event_ids):
        stmt = sa.select(events.c.id, events.c.article_id, events.c.story_id).where(events.c.id.in_(chunk))
        found.update({event_id: (aid, sid) for event_id, aid, sid in conn.execute(stmt)})
    return found


def require_existing(
    conn: sa.Connection, column: sa.Column[Any], ids: Iterable[str], what: str, fix: str
) -> None:
    """Raise :class:`StoreError` ("<what> <id>, which is not in the store; <fix>") unless all ids exist."""
    wanted = sorted(set(ids))
    found: set[str] = set()
    for chunk in chunks(wanted):
        found.update(conn.execute(sa.select(column).where(column.in_(chunk))).scalars())
    missing = [i for i in wanted if i not in found]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise StoreError(f"{what} {missing[0]}{more}, which is not in the store; {fix}")


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]
