"""Fewer cyclic garbage collections while dateline parses, extracts and resolves.

CPython's cyclic collector scans its youngest generation every 700 net new
container objects, and moves what survives a scan to older generations that
are rescanned whole as they grow. Ingest and resolution make millions of
small objects that live for an article or a batch (tokens' attributes,
records, features) and hardly ever form cycles: at the default threshold
many of them survive a scan only because it came too early, and the oldest
generation, which holds the language model and the resolver's features, is
rescanned again and again for them. On 300 generated articles (``python
benchmarks/gc_share.py``, recorded in ``benchmarks/RESULTS.md``) collections
took 4.2 % of the ingest loop and 11.1 % of resolution at CPython's default,
0.5 % and 1.1 % at a threshold of 10,000; the wall time fell by less (3.5 %
and 4.5 %), since part of a collection's time is freeing garbage, which is
paid either way. Bare spaCy spends nothing to speak of collecting: the cost
is dateline's own objects. Memory is unchanged (peak 487 MB before and after
in the 1,000-article throughput run): reference counting frees acyclic
objects at once whatever the collector does, and 10,000 pending objects are
a few megabytes at most.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000
"""New container objects between scans of the youngest generation (CPython's default is 700)."""


@contextmanager
def fewer_collections(threshold: int | None = None) -> Iterator[None]:
    """Scan the youngest generation at most every ``threshold`` new objects inside the block.

    ``threshold`` defaults to :data:`YOUNG_THRESHOLD`, read at entry (so
    ``benchmarks/gc_share.py`` can set it back to CPython's default to compare).

    The thresholds are process-wide: the first block to enter (of any thread,
    e.g. a Dask worker's) saves them and the last to leave puts them back, so
    a host program's own setting survives. Raise, never lower: a program that
    already collects less often keeps its setting.
    """
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(threshold or YOUNG_THRESHOLD, _saved[0]), *_saved[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)


_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] = gc.get_threshold()
