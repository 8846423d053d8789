"""Cross-source resolution alone on a stored corpus: its time and memory, in a process of its own.

``dateline ingest`` resolves in the process that parsed, so its resolution
peak includes the language model and what the ingest loop left behind. This
runs only the resolution pass (reuse, provenance, stories, dating), on a copy
of a store, in a child process whose memory is sampled every half second;
the language model is loaded only if an undated article is re-dated. Make a
store to measure with::

    python benchmarks/corpus.py --articles 40000 --words 40 -o corpus.jsonl
    dateline --db sqlite:///corpus.db ingest corpus.jsonl --no-resolve

    python benchmarks/resolve_pass.py --store corpus.db
    python benchmarks/resolve_pass.py --store corpus.db --record   # appends to benchmarks/RESULTS.md

The store is copied first, so it is left as it was. Linux only (it reads /proc).
The last line printed is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_child import SAMPLE_SECONDS, memory_mb
from report import machine_line, report


def child(db: Path) -> None:
    """Resolve the store at ``db`` and print the pass's report as JSON."""
    from dataclasses import asdict

    from dateline.pipeline import Pipeline
    from dateline.resolve_store import resolve_store
    from dateline.store import Store

    store = Store(f"sqlite:///{db}", mapped_reads=False)  # as dateline ingest opens it
    print(json.dumps(asdict(resolve_store(store, Pipeline()))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a SQLite store written by dateline ingest")
    parser.add_argument("--record", action="store_true", help="append the result to benchmarks/RESULTS.md")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if args.store is None or not args.store.is_file():
        parser.error(f"--store must name a SQLite store file (got {args.store})")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "resolve.db"
        shutil.copyfile(args.store, db)
        peak = anon = 0.0
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(db)], stdout=subprocess.PIPE, text=True)
        while proc.poll() is None:
            sample = memory_mb(proc.pid)
            if sample is not None:
                peak, anon = max(peak, sample[0]), max(anon, sample[1])
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        out = proc.stdout.read() if proc.stdout else ""
        if proc.returncode != 0:
            raise SystemExit(f"resolution failed ({proc.returncode})")
    found = json.loads(out.strip().splitlines()[-1])
    machine = machine_line()
    lines = [f"store {args.store.name} ({args.store.stat().st_size / 2**20:.0f} MB), machine: {machine}",
             f"resolution alone: {seconds:.1f} s, peak RSS {peak:.0f} MB, own (anonymous) {anon:.0f} MB",
             (f"found: {found['stories']} stories, {found['reuse_pairs']} reuse pairs, "
              f"{found['redated']} articles re-dated")]
    result = {"store_mb": round(args.store.stat().st_size / 2**20), "seconds": round(seconds, 1),
              "peak_mb": round(peak), "anon_peak_mb": round(anon), **found}
    report(f"resolve_pass.py --store {args.store.name}", lines, result, record=args.record)


if __name__ == "__main__":
    main()
