"""The text-reuse candidate index in flat arrays: the same candidates as :class:`ReuseIndex`, in a fifth of the memory.

:class:`~dateline.resolve.reuse.ReuseIndex` keeps a Python list of article
slots per shingle: about 30 KB per 500-word article, 3 GB for 100k articles.
A store-wide resolution pass indexes every stored article, so it uses this
index instead: all (shingle, article) pairs in two sorted NumPy arrays
(12 bytes a pair, about 5 KB per article), built once with :meth:`freeze`
after every article was added, then queried. The rules are ReuseIndex's:
a shingle found in more than ``max_postings`` articles is boilerplate and
ignored; a candidate shares at least ``min_shared`` shingles with the query;
the ``max_candidates`` sharing most (then smallest id) are returned.
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


class CompactReuseIndex:
    """Candidates for text reuse among many articles, held in flat arrays.

    Example:
        >>> index = CompactReuseIndex()
        >>> for article in articles:
        ...     index.add(article)
        >>> index.freeze()
        >>> index.candidates(blog_post)   # [(ap_report_id, 57), ...]
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
        self._pending.append(np.fromiter(signature.shingles, dtype=np.uint64, count=len(signature.shingles)))

    def freeze(self) -> None:
        """Sort the postings; after this, :meth:`candidates` works and :meth:`add` does not."""
        lengths = np.fromiter((len(p) for p in self._pending), dtype=np.int64, count=len(self._pending))
        keys = np.concatenate(self._pending) if self._pending else np.empty(0, dtype=np.uint64)
        slots = np.repeat(np.arange(len(self._pending), dtype=np.uint32), lengths)
        self._pending = []
        order = np.argsort(keys, kind="stable")
        self._keys, self._slots = keys[order], slots[order]
        self._frozen = True

    def candidates(self, article: Article) -> list[tuple[str, int]]:
        """Indexed articles sharing at least ``min_shared`` shingles with ``article``, most first."""
        if not self._frozen:
            raise RuntimeError("call freeze() before asking for candidates")
        shingles = reuse_signature(article).shingles
        query = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
        lo = np.searchsorted(self._keys, query, side="left")
        hi = np.searchsorted(self._keys, query, side="right")
        df = hi - lo
        keep = (df > 0) & (df <= self._max_postings)
        if not keep.any():
            return []
        hits = np.concatenate([self._slots[a:b] for a, b in zip(lo[keep], hi[keep], strict=True)])
        slots, counts = np.unique(hits, return_counts=True)
        own = self._slot.get(article.id)
        chosen = counts >= self._min_shared
        if own is not None:
            chosen &= slots != own
        slots, counts = slots[chosen], counts[chosen]
        if len(slots) > self._max_candidates:
            # Only the best max_candidates matter: keep those sharing at least as many shingles as the
            # max_candidates-th best (ties at that count included, so the id order below decides them).
            floor = np.partition(counts, len(counts) - self._max_candidates)[len(counts) - self._max_candidates]
            slots, counts = slots[counts >= floor], counts[counts >= floor]
        shared = ((self._ids[s], n) for s, n in zip(slots.tolist(), counts.tolist(), strict=True))
        return rank_candidates(shared, self._max_candidates)
