"""How much of parsing, ingest and resolution goes to CPython's cyclic garbage collector.

Times every collection (``gc.callbacks``) while, on one generated corpus and
in one process: (a) bare spaCy parses the texts, (b) ``Pipeline.ingest_items``
stores them in a fresh SQLite store, (c) the resolution pass runs over that
store; (b) and (c) twice, once with the collector at CPython's default
thresholds and once as dateline runs them (:mod:`dateline.gc_tuning`).
Prints each phase's wall time and the share spent collecting; the last line
is a JSON object.

    python benchmarks/gc_share.py --articles 300
    python benchmarks/gc_share.py --articles 1000 --record   # appends to benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate
from report import machine_line, report

DEFAULT_YOUNG = 700
"""CPython's default threshold for the youngest generation."""


class CollectorClock:
    """Seconds spent in collections while it is on (one timing per collection)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = 0
        self._start = 0.0

    def __call__(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections += 1

    def measure(self, job: Callable[[], object]) -> tuple[float, float, int]:
        """Run ``job``; its wall seconds, the seconds collecting and the number of collections."""
        self.seconds, self.collections = 0.0, 0
        gc.collect()
        gc.callbacks.append(self)
        try:
            start = time.perf_counter()
            job()
            wall = time.perf_counter() - start
        finally:
            gc.callbacks.remove(self)
        return wall, self.seconds, self.collections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--record", action="store_true", help="append the result to benchmarks/RESULTS.md")
    args = parser.parse_args()

    from dateline import gc_tuning
    from dateline.ingest.items import RawItem
    from dateline.nlp import load_pipeline
    from dateline.pipeline import Pipeline
    from dateline.resolve_store import resolve_store
    from dateline.store import Store

    records = list(generate(args.articles, words=args.words))
    items = [RawItem(text=r["text"], origin=r["id"], title=r["title"], source=r["source"], published=r["published"])
             for r in records]
    clock = CollectorClock()
    pipeline = Pipeline()
    pipeline.resources.nlp("warm up")
    bare = load_pipeline(disable=("lemmatizer", "attribute_ruler"))
    rows: dict[str, tuple[float, float, int]] = {
        "bare spaCy nlp.pipe": clock.measure(lambda: list(bare.pipe([i.text for i in items], batch_size=32))),
    }
    tuned = gc_tuning.YOUNG_THRESHOLD
    with tempfile.TemporaryDirectory() as tmp:
        list(pipeline.ingest_items(items[:5], Store(f"sqlite:///{Path(tmp) / 'warm-up'}.db")))  # loads what extraction reads
        # dateline's setting first: whatever the first run warms up (caches, the page cache) favours the second.
        for label, young in (("dateline", tuned), ("default", DEFAULT_YOUNG)):
            gc_tuning.YOUNG_THRESHOLD = young
            store = Store(f"sqlite:///{Path(tmp) / label}.db")
            rows[f"ingest loop, {label} ({young})"] = clock.measure(
                lambda store=store: list(pipeline.ingest_items(items, store)))
            rows[f"resolution, {label} ({young})"] = clock.measure(
                lambda store=store: resolve_store(store, pipeline))
    gc_tuning.YOUNG_THRESHOLD = tuned

    lines = [f"articles {args.articles} of ~{args.words} words, machine: {machine_line()}", "",
             f"{'phase, thresholds':38} {'seconds':>8} {'collecting':>11} {'share':>7} {'collections':>12}"]
    for name, (wall, collecting, count) in rows.items():
        lines.append(f"{name:38} {wall:8.1f} {collecting:11.2f} {collecting / wall:7.1%} {count:12d}")
    result = {"articles": args.articles, "words": args.words,
              "phases": {name: {"seconds": round(wall, 2), "collecting_s": round(collecting, 3), "collections": count}
                         for name, (wall, collecting, count) in rows.items()}}
    report(f"gc_share.py --articles {args.articles}", lines, result, record=args.record)


if __name__ == "__main__":
    main()
