"""The text-reuse candidate index in flat arrays: the same candidates as :class:`ReuseIndex`, in a fraction of the memory.

:class:`~dateline.resolve.reuse.ReuseIndex` keeps a Python list of article
slots per shingle: about 30 KB per 500-word article, 3 GB for 100k articles.
A store-wide resolution pass indexes every stored article and then asks for
the candidates of each, so it uses this index instead. Each article's
shingles wait in a sorted array (8 bytes a shingle, about 3 KB per 500-word
article) until :meth:`freeze`, which keeps only the shingles that can link
two indexed articles — found in at least two, and in no more than
``max_postings`` — as (shingle, article) pairs in two sorted arrays. It sorts
one sixteenth of the shingle range at a time, so the build never holds a
second copy of every shingle. The rules are ReuseIndex's: a candidate shares
at least ``min_shared`` shingles with the query; the ``max_candidates``
sharing most (then smallest id) are returned. An indexed article's kept
shingles are found again by its slot (one more array, 4 bytes a kept
posting), so asking for its candidates needs neither its text nor its
shingles worked out a second time.
"""

from __future__ import annotations

import numpy as np

from dateline.model import Article
from dateline.resolve.reuse import (
    MAX_CANDIDATES,
    MAX_POSTINGS,
    MIN_SHARED,
    ReuseSignature,
    rank_candidates,
    reuse_signature,
)


PARTS = 16
"""Slices of the 64-bit shingle range that :meth:`CompactReuseIndex.freeze` sorts one at a time."""
_PART_BOUNDS = np.array([(p << 64) // PARTS for p in range(1, PARTS)], dtype=np.uint64)


class CompactReuseIndex:
    """Candidates for text reuse among many articles, held in flat arrays.

    Example:
        >>> index = CompactReuseIndex()
        >>> for article in articles:
        ...     index.add(article)
        >>> index.freeze()
        >>> index.candidates(blog_post.id)   # [(ap_report_id, 57), ...]
    """

    def __init__(
        self,
        *,
        min_shared: int = MIN_SHARED,
        max_postings: int = MAX_POSTINGS,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        self._min_shared = min_shared
        self._max_postings = max_postings
        self._max_candidates = max_candidates
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._pending: list[np.ndarray] = []
        self._keys = np.empty(0, dtype=np.uint64)
        self._slots = np.empty(0, dtype=np.uint32)
        self._by_slot = np.empty(0, dtype=np.uint32)
        """Positions in ``_keys`` grouped by slot (each group in key order), from ``_slot_starts[s]``."""
        self._slot_starts = np.zeros(1, dtype=np.int64)
        self._frozen = False

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, article: Article) -> None:
        """Index an article's shingles (a second add of the same id does nothing)."""
        self.add_signature(reuse_signature(article))

    def add_signature(self, signature: ReuseSignature) -> None:
        if self._frozen:
            raise RuntimeError("the index is frozen; add every article before freeze()")
        if signature.article_id in self._slot:
            return
        self._slot[signature.article_id] = len(self._ids)
        self._ids.append(signature.article_id)
        self._pending.append(np.sort(np.fromiter(signature.shingles, dtype=np.uint64, count=len(signature.shingles))))

    def freeze(self) -> None:
        """Sort the postings that can link two articles; after this, :meth:`candidates` works and :meth:`add` does not."""
        edges = [np.concatenate(([0], np.searchsorted(p, _PART_BOUNDS), [len(p)])) for p in self._pending]
        keys_parts, slots_parts = [], []
        for part in range(PARTS):
            pieces = [p[e[part]:e[part + 1]] for p, e in zip(self._pending, edges, strict=True)]
            lengths = np.fromiter((len(x) for x in pieces), dtype=np.int64, count=len(pieces))
            keys = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.uint64)
            slots = np.repeat(np.arange(len(pieces), dtype=np.uint32), lengths)
            order = np.argsort(keys, kind="stable")
            keys, slots = keys[order], slots[order]
            _, counts = np.unique(keys, return_counts=True)
            useful = np.repeat((counts >= 2) & (counts <= self._max_postings), counts)
            keys_parts.append(keys[useful])
            slots_parts.append(slots[useful])
        self._pending = []
        self._keys = np.concatenate(keys_parts)
        del keys_parts  # before the slots are joined: the build's peak stays the waiting shingles plus what is kept
        self._slots = np.concatenate(slots_parts)
        del slots_parts
        self._by_slot = np.argsort(self._slots, kind="stable").astype(np.uint32)
        self._slot_starts = np.concatenate(([0], np.cumsum(np.bincount(self._slots, minlength=len(self._ids)))))
        self._frozen = True

    def candidates(self, article_id: str) -> list[tuple[str, int]]:
        """Indexed articles sharing at least ``min_shared`` shingles with indexed article ``article_id``, most first.

        Only indexed articles can be asked about: the index kept no shingle
        found in one article alone, which another article's shingles would need.
        """
        if not self._frozen:
            raise RuntimeError("call freeze() before asking for candidates")
        slot = self._slot.get(article_id)
        if slot is None:
            raise KeyError(f"article {article_id} is not in the index; add it before freeze() to ask for its candidates")
        query = self._keys[self._by_slot[self._slot_starts[slot]:self._slot_starts[slot + 1]]]
        if not len(query):
            return []
        lo = np.searchsorted(self._keys, query, side="left")
        hi = np.searchsorted(self._keys, query, side="right")
        hits = np.concatenate([self._slots[a:b] for a, b in zip(lo, hi, strict=True)])
        slots, counts = np.unique(hits, return_counts=True)
        chosen = (counts >= self._min_shared) & (slots != slot)
        slots, counts = slots[chosen], counts[chosen]
        if len(slots) > self._max_candidates:
            # Only the best max_candidates matter: keep those sharing at least as many shingles as the
            # max_candidates-th best (ties at that count included, so the id order below decides them).
            floor = np.partition(counts, len(counts) - self._max_candidates)[len(counts) - self._max_candidates]
            slots, counts = slots[counts >= floor], counts[counts >= floor]
        shared = ((self._ids[s], n) for s, n in zip(slots.tolist(), counts.tolist(), strict=True))
        return rank_candidates(shared, self._max_candidates)
