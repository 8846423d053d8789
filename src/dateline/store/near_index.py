"""The near-duplicate index in the database: LSH band keys by article, and the banding they were made under.

Ingest asks which stored articles share a band key with a new one and scores
only those, on their signatures; nothing of the index is held in memory. The
keys are written with each article (``writes.save_article``) under the banding
the store records; an ingest under another banding (another threshold), or
the first ingest into a store that has signatures but no keys yet, rebuilds
them from ``articles.minhash`` first (:func:`reindex`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import sqlalchemy as sa

from dateline.store.schema import articles, near_duplicate_keys, store_settings

log = logging.getLogger(__name__)

BANDING = "near_duplicate_banding"
"""``store_settings`` name of the banding the stored keys were made under."""
PAGE = 2000
"""Signatures read at a time while rebuilding."""
_REINDEX_LOCK_KEY = 0x6E6561726B6579  # PostgreSQL advisory lock id: b"nearkey"


def banding(conn: sa.Connection) -> str | None:
    """The banding the stored keys were made under; None when none is recorded (keys may be incomplete)."""
    return conn.execute(sa.select(store_settings.c.value).where(store_settings.c.name == BANDING)).scalar()


def forget_banding(conn: sa.Connection) -> None:
    """Record that the stored keys are incomplete: the next ingest rebuilds them."""
    conn.execute(sa.delete(store_settings).where(store_settings.c.name == BANDING))


def write_keys(conn: sa.Connection, article_id: str, keys: Iterable[int]) -> None:
    """File an article under its band keys."""
    rows = _rows(article_id, keys)
    if rows:
        conn.execute(sa.insert(near_duplicate_keys), rows)


def _rows(article_id: str, keys: Iterable[int]) -> list[dict[str, object]]:
    return [{"key": key, "article_id": article_id} for key in sorted(set(keys))]


def reindex(conn: sa.Connection, new_banding: str, keys_of: Callable[[bytes], list[int]]) -> int:
    """Make the stored keys those of ``new_banding`` unless they are already; how many articles were keyed.

    Keys are rebuilt from every stored signature, a page at a time, inside
    the caller's transaction: a rebuild that fails leaves the old keys and
    the old banding in place. Two writers starting together rebuild once:
    SQLite lets one write transaction in at a time, and on PostgreSQL the
    second waits on a lock, then finds the banding recorded.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REINDEX_LOCK_KEY})
    if banding(conn) == new_banding:
        return 0
    conn.execute(sa.delete(near_duplicate_keys))
    keyed, last = 0, 0
    while True:
        page = conn.execute(
            sa.select(articles.c.seq, articles.c.id, articles.c.minhash)
            .where(articles.c.seq > last, articles.c.minhash.is_not(None))
            .order_by(articles.c.seq)
            .limit(PAGE)
        ).all()
        if not page:
            break
        rows = [row for _, article_id, sig in page for row in _rows(article_id, keys_of(bytes(sig)))]
        if rows:
            conn.execute(sa.insert(near_duplicate_keys), rows)
        keyed += len(page)
        last = page[-1].seq
    forget_banding(conn)
    conn.execute(sa.insert(store_settings), {"name": BANDING, "value": new_banding})
    log.info("near-duplicate keys of %d stored articles made under %s", keyed, new_banding)
    return keyed


def candidates(conn: sa.Connection, keys: list[int]) -> list[tuple[str, bytes]]:
    """(id, signature) of the stored articles filed under any of ``keys``, in storage order."""
    if not keys:
        return []
    filed = sa.select(near_duplicate_keys.c.article_id).where(near_duplicate_keys.c.key.in_(keys)).distinct()
    rows = conn.execute(
        sa.select(articles.c.id, articles.c.minhash)
        .where(articles.c.id.in_(filed.scalar_subquery()), articles.c.minhash.is_not(None))
        .order_by(articles.c.seq)
    )
    return [(article_id, bytes(sig)) for article_id, sig in rows]
