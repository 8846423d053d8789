"""Ingest: read articles from files, folders and stdin, and prepare them for extraction.

Public API::

    read_items(paths, *, columns=None, max_chars=5_000_000, encoding=None) -> Iterator[RawItem | Outcome]
    prepare_article(item) -> Article | Outcome
    NearDuplicateIndex(threshold=0.8).signature(text) / .add(id, sig) / .query(sig)   # in memory
    StoredNearDuplicates(store, threshold=0.8)   # the same answers, the stored keys looked up in the store

Readers (``readers``) only know formats; ``prepare`` finds the publication
date, dateline, title and language the same way for every format; nothing in
ingest changes an article's text, so every offset computed later points into
the text as read.
"""

from dateline.ingest.items import ColumnMap, RawItem
from dateline.ingest.neardup import NearDuplicateIndex, StoredNearDuplicates
from dateline.ingest.prepare import prepare_article
from dateline.ingest.sources import read_items

__all__ = ["ColumnMap", "NearDuplicateIndex", "RawItem", "StoredNearDuplicates", "prepare_article", "read_items"]
