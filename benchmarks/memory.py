"""Does memory stay flat as the corpus grows? Peak RSS of ``dateline ingest`` at several corpus sizes.

For each size, generates a corpus (``corpus.py``) of short articles, so a
large size runs in reasonable time, and runs ``dateline ingest`` into a fresh
SQLite store in a child process, sampling its resident memory (from
``/proc/PID/status``) every half second. Prints, per size, the peak RSS
during the ingest loop and during cross-source resolution, the peak of the
process's own (anonymous) memory, the store size and the time taken; then the growth from the smallest to
the largest size. The last line is a JSON object.

    python benchmarks/memory.py --articles 1000 10000
    python benchmarks/memory.py --articles 10000 100000 --words 60 --record   # appends to benchmarks/RESULTS.md

Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402
from ingest_child import run_ingest  # noqa: E402
from report import machine_line, report, write_jsonl  # noqa: E402

TARGET_RSS_MB = 1500.0
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--words", type=int, default=60)
    parser.add_argument("--record", action="store_true", help="append the result to benchmarks/RESULTS.md")
    args = parser.parse_args()

    rows = []
    for n in sorted(args.articles):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            write_jsonl(corpus, generate(n, words=args.words))
            run = run_ingest(corpus, Path(tmp) / "memory.db")
            result = {"seconds": run.seconds, "ingest_peak_mb": run.ingest_peak_mb,
                      "resolve_peak_mb": run.resolve_peak_mb, "peak_mb": run.peak_mb,
                      "anon_peak_mb": run.anon_peak_mb, "store_mb": (Path(tmp) / "memory.db").stat().st_size / 2**20}
        rows.append({"articles": n, **{k: round(v, 1) for k, v in result.items()}})
        print(f"{n} articles done in {result['seconds']:.0f} s", file=sys.stderr)

    small, large = rows[0], rows[-1]
    growth = round(large["peak_mb"] / small["peak_mb"], 2) if small["peak_mb"] else None
    machine = machine_line()
    lines = [f"articles of ~{args.words} words, machine: {machine}", "",
             f"{'articles':>9} {'seconds':>8} {'peak RSS MB':>12} {'ingest loop':>12} {'resolution':>11} "
             f"{'own (anon) MB':>14} {'store MB':>9}"]
    lines += [f"{r['articles']:>9} {r['seconds']:>8.0f} {r['peak_mb']:>12.0f} {r['ingest_peak_mb']:>12.0f} "
              f"{r['resolve_peak_mb']:>11.0f} {r['anon_peak_mb']:>14.0f} {r['store_mb']:>9.0f}" for r in rows]
    held = large["peak_mb"] < TARGET_RSS_MB
    lines += ["", f"peak RSS x{growth} from {small['articles']} to {large['articles']} articles; "
                  f"largest run {large['peak_mb']:.0f} MB (target < {TARGET_RSS_MB:.0f}: {'held' if held else 'NOT held'})"]
    result = {"words": args.words, "runs": rows, "peak_growth": growth, "target_held": held}
    sizes = " ".join(str(r["articles"]) for r in rows)
    report(f"memory.py --articles {sizes} --words {args.words}", lines, result, record=args.record)


if __name__ == "__main__":
    main()
