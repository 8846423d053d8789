"""Fingerprints of a store's contents: do two runs (single-process, Dask, another backend) agree?

A distributed or PostgreSQL run must leave exactly the records a
single-process SQLite run leaves. :func:`store_digest` reads a store back
through its public API, one part at a time, and hashes each part as a
multiset (the sum of its records' SHA-256 values), so records can be streamed
in any order and two stores compared by a few numbers however big they are.
Only the moment of ingestion (``Article.ingested_at``) is left out: it is the
one field that differs between two runs by design.

Example::

    a, b = store_digest(Store("single.db")), store_digest(Store("dask.db"))
    assert a == b, a.differences(b)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.store import Store

VOLATILE_ARTICLE_FIELDS = frozenset({"ingested_at"})


@dataclass(frozen=True)
class StoreDigest:
    """Record counts and an order-free hash per part of the store."""

    counts: dict[str, int] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)

    def differences(self, other: StoreDigest) -> list[str]:
        """One line per part on which the two stores differ (empty when they agree)."""
        out = []
        for part in sorted(set(self.hashes) | set(other.hashes)):
            if self.hashes.get(part) != other.hashes.get(part):
                out.append(f"{part}: {self.counts.get(part, 0)} vs {other.counts.get(part, 0)} records, contents differ")
        return out


class _Part:
    """A multiset hash: the same records in any order give the same value."""

    def __init__(self) -> None:
        self.total = 0
        self.count = 0

    def add(self, record: str) -> None:
        self.total = (self.total + int.from_bytes(hashlib.sha256(record.encode("utf-8")).digest(), "big")) % 2**256
        self.count += 1


def store_digest(store: Store) -> StoreDigest:
    """Hash the articles, events, stories and text reuse of ``store``.

    Events are streamed; articles and stories are read as lists (their
    records are small next to the events).
    """
    parts = {name: _Part() for name in ("articles", "events", "stories", "reuse")}
    for article in store.articles(limit=None):
        record = article.model_dump(mode="json", exclude=set(VOLATILE_ARTICLE_FIELDS))
        parts["articles"].add(repr(sorted(record.items())))
        for reuse in store.reuse_for(article.id):
            if reuse.source_article_id == article.id:  # each pair once
                parts["reuse"].add(reuse.to_json())
    for event in store.all_events():
        parts["events"].add(event.to_json())
    for story in store.stories(limit=None):
        parts["stories"].add(story.to_json())
    return StoreDigest(counts={k: p.count for k, p in parts.items()},
                       hashes={k: f"{p.total:064x}" for k, p in parts.items()})
