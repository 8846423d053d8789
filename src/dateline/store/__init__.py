"""dateline.store: articles, extractions, events and stories in SQLite (default) or PostgreSQL.

One :class:`Store` per database; everything else here is what its methods
return or accept. The schema is documented in docs/schema.md.
"""

from dateline.store.engine import DEFAULT_URL
from dateline.store.filters import SORTS, EventFilterArgs
from dateline.store.queries import ActorCount, EventPage, PlaceCount, StoreStats
from dateline.store.store import Store

__all__ = [
    "DEFAULT_URL",
    "SORTS",
    "ActorCount",
    "EventFilterArgs",
    "EventPage",
    "PlaceCount",
    "Store",
    "StoreStats",
]
