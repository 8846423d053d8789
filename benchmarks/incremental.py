"""Adding a few articles to a large store: the time per article and the writer's memory.

Feeds arrive a few articles at a time, and the API's ``POST /articles``
ingests one per request; each is a run of the ingest pipeline against
everything already stored. This copies a store, loads the language model in
a child process, then ingests ``--items`` generated articles into the copy
one at a time (``Pipeline.ingest_items``, as the API does; resolution is not
run), timing each. The first may carry one-off work (a store written by an
older dateline gets its near-duplicate keys built); the median of the rest is
the steady cost. Make a store to measure with::

    python benchmarks/corpus.py --articles 100000 --words 40 -o corpus.jsonl
    dateline --db sqlite:///corpus.db ingest corpus.jsonl --no-resolve

    python benchmarks/incremental.py --store corpus.db
    python benchmarks/incremental.py --store corpus.db --record   # appends to benchmarks/RESULTS.md

Linux only (it reads /proc). The last line printed is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate
from ingest_child import SAMPLE_SECONDS, memory_mb
from report import machine_line, report

SEED = 2026
"""Not the corpus generator's default, so the articles added are new to a store made from it."""


def child(db: Path, items: int) -> None:
    """Ingest ``items`` generated articles into ``db`` one at a time; print each one's seconds as JSON."""
    from dateline.ingest import RawItem
    from dateline.pipeline import Pipeline
    from dateline.store import Store

    store = Store(f"sqlite:///{db}", mapped_reads=False)  # as dateline ingest opens it
    pipeline = Pipeline()
    _ = pipeline.resources  # the model loads before the clock starts
    seconds = []
    for k, article in enumerate(generate(items, words=120, seed=SEED)):
        item = RawItem(text=article["text"], origin=f"item {k}", title=article["title"],
                       source=article["source"], published=article["published"])
        start = time.perf_counter()
        list(pipeline.ingest_items([item], store))
        seconds.append(time.perf_counter() - start)
    print(json.dumps(seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a SQLite store written by dateline ingest")
    parser.add_argument("--items", type=int, default=10, help="articles to add, one at a time")
    parser.add_argument("--record", action="store_true", help="append the result to benchmarks/RESULTS.md")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.items)
        return
    if args.store is None or not args.store.is_file():
        parser.error(f"--store must name a SQLite store file (got {args.store})")
    if args.items < 2:
        parser.error("--items must be at least 2: the first ingest may carry one-off work")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "incremental.db"
        shutil.copyfile(args.store, db)
        peak = 0.0
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(db), "--items", str(args.items)],
                                stdout=subprocess.PIPE, text=True)
        while proc.poll() is None:
            sample = memory_mb(proc.pid)
            if sample is not None:
                peak = max(peak, sample[0])
            time.sleep(SAMPLE_SECONDS)
        out = proc.stdout.read() if proc.stdout else ""
        if proc.returncode != 0:
            raise SystemExit(f"ingest failed ({proc.returncode})")
    seconds = json.loads(out.strip().splitlines()[-1])
    first, steady = seconds[0], statistics.median(seconds[1:])
    machine = machine_line()
    lines = [f"store {args.store.name} ({args.store.stat().st_size / 2**20:.0f} MB), machine: {machine}",
             f"{args.items} articles of ~120 words ingested one at a time (model loaded beforehand)",
             f"first: {first:.3f} s; the rest: median {steady:.3f} s, slowest {max(seconds[1:]):.3f} s",
             f"peak RSS {peak:.0f} MB"]
    result = {"store_mb": round(args.store.stat().st_size / 2**20), "items": args.items,
              "first_s": round(first, 3), "median_s": round(steady, 3), "peak_mb": round(peak)}
    report(f"incremental.py --store {args.store.name}", lines, result, record=args.record)


if __name__ == "__main__":
    main()
