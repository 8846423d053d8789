"""The text-reuse candidate index in flat arrays: the same candidates as :class:`ReuseIndex`, in a fraction of the memory.

:class:`~dateline.resolve.reuse.ReuseIndex` keeps a Python list of article
slots per shingle: about 30 KB per 500-word article, 3 GB for 100k articles.
A store-wide resolution pass indexes every stored article and then asks for
the candidates of each, so it uses this index instead. Each article's
shingles wait on disk, in one temporary file per sixteenth of the 64-bit
shingle range (12 bytes a shingle, about 5 KB per 500-word article; in
memory, as they were once kept, they took 3.6 KB an article, 360 MB at
100k), until :meth:`freeze` reads the files back one at a time and keeps
only the shingles that can link two indexed articles — found in at least
two, and in no more than ``max_postings`` — as (shingle, article) pairs in
two sorted arrays. The rules are ReuseIndex's: a candidate shares at least
``min_shared`` shingles with the query; the ``max_candidates`` sharing most
(then smallest id) are returned. An indexed article's kept shingles are
found again by its slot (one more array, 4 bytes a kept posting), so asking
for its candidates needs neither its text nor its shingles worked out a
second time.
"""

from __future__ import annotations

import tempfile
from typing import BinaryIO

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


PART_BITS = 4
PARTS = 1 << PART_BITS
"""Slices of the 64-bit shingle range (by its top bits), each waiting in a file of its own and sorted on its own by :meth:`CompactReuseIndex.freeze`."""
_POSTING = np.dtype([("key", "<u8"), ("slot", "<u4")])
WRITE_AT = 1 << 22
"""Bytes of postings gathered in memory before they are shared out to the parts' files."""


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
        self._files: list[BinaryIO] = []
        """One temporary file of waiting (shingle, slot) postings per part, opened with the first article."""
        self._unwritten: list[np.ndarray] = []
        self._unwritten_bytes = 0
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
        slot = len(self._ids)
        self._slot[signature.article_id] = slot
        self._ids.append(signature.article_id)
        postings = np.empty(len(signature.shingles), dtype=_POSTING)
        postings["key"] = np.fromiter(signature.shingles, dtype=np.uint64, count=len(signature.shingles))
        postings["slot"] = slot
        self._unwritten.append(postings)
        self._unwritten_bytes += postings.nbytes
        if self._unwritten_bytes >= WRITE_AT:
            self._write()

    def _write(self) -> None:
        """Share the postings gathered so far out to their parts' files, in the order they were added."""
        if not self._files:  # each is closed (and so deleted) when freeze reads it back
            self._files = [tempfile.TemporaryFile(prefix="dateline-shingles-") for _ in range(PARTS)]  # noqa: SIM115
        postings = np.concatenate(self._unwritten) if self._unwritten else np.empty(0, dtype=_POSTING)
        self._unwritten, self._unwritten_bytes = [], 0
        parts = postings["key"] >> np.uint64(64 - PART_BITS)
        order = np.argsort(parts, kind="stable")
        postings, parts = postings[order], parts[order]
        edges = np.searchsorted(parts, np.arange(PARTS + 1, dtype=np.uint64))
        for part, file in enumerate(self._files):
            file.write(postings[edges[part]:edges[part + 1]].tobytes())

    def freeze(self) -> None:
        """Sort the postings that can link two articles; after this, :meth:`candidates` works and :meth:`add` does not.

        One part's waiting postings are in memory at a time, besides what is kept.
        A second call does nothing.
        """
        if self._frozen:
            return
        self._write()
        keys_parts, slots_parts = [], []
        for part in range(PARTS):
            postings = self._read_part(part)
            # Stable: a shingle's slots stay in the order the articles were added, as they were written.
            order = np.argsort(postings["key"], kind="stable")
            keys, slots = postings["key"][order], postings["slot"][order]
            del postings, order
            _, counts = np.unique(keys, return_counts=True)
            useful = np.repeat((counts >= 2) & (counts <= self._max_postings), counts)
            keys_parts.append(keys[useful])
            slots_parts.append(slots[useful])
        self._files = []
        self._keys = np.concatenate(keys_parts)
        del keys_parts  # before the slots are joined: the build's peak stays one part plus what is kept
        self._slots = np.concatenate(slots_parts)
        del slots_parts
        self._by_slot = np.argsort(self._slots, kind="stable").astype(np.uint32)
        self._slot_starts = np.concatenate(([0], np.cumsum(np.bincount(self._slots, minlength=len(self._ids)))))
        self._frozen = True

    def _read_part(self, part: int) -> np.ndarray:
        """A part's waiting postings, read back and its file closed (and so deleted)."""
        with self._files[part] as file:
            file.seek(0)
            return np.frombuffer(file.read(), dtype=_POSTING)

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
        lengths = np.searchsorted(self._keys, query, side="right") - lo
        # Every posting of the query's shingles at once: position k of the joined runs is run i's
        # (lo[i] + k - start of run i), with no Python loop over the shingles.
        ends = np.cumsum(lengths)
        hits = self._slots[np.arange(ends[-1]) + np.repeat(lo - (ends - lengths), lengths)]
        slots, counts = _counted(hits, len(self._ids))
        chosen = (counts >= self._min_shared) & (slots != slot)
        slots, counts = slots[chosen], counts[chosen]
        if len(slots) > self._max_candidates:
            # Only the best max_candidates matter: keep those sharing at least as many shingles as the
            # max_candidates-th best (ties at that count included, so the id order below decides them).
            floor = np.partition(counts, len(counts) - self._max_candidates)[len(counts) - self._max_candidates]
            slots, counts = slots[counts >= floor], counts[counts >= floor]
        shared = ((self._ids[s], n) for s, n in zip(slots.tolist(), counts.tolist(), strict=True))
        return rank_candidates(shared, self._max_candidates)


DENSE_COUNT_RATIO = 8
"""Hits are counted in an array over every slot while there are at most this many slots a hit."""


def _counted(hits: np.ndarray, slots: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct slots among ``hits``, in order, and how often each occurs.

    Counting into an array with a cell per indexed article costs time in
    proportion to the articles; sorting the hits (``np.unique``), in
    proportion to the hits times their logarithm. A query's shingles hit tens
    of thousands of postings in a corpus of template-heavy text, where the
    array is ten times quicker; in a very large store, where most articles
    are strangers to the query, sorting is.
    """
    if slots > DENSE_COUNT_RATIO * len(hits):
        return np.unique(hits, return_counts=True)
    counts = np.bincount(hits, minlength=slots)
    found = np.flatnonzero(counts)
    return found.astype(hits.dtype), counts[found]
