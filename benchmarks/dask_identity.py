"""A Dask run leaves the store a single-process run leaves, on a generated corpus of any size.

Runs ``dateline ingest`` twice on the same generated corpus — once in one
process, once with ``--workers N`` on a local Dask cluster — each into a fresh
store, then compares the two stores with :func:`dateline.scale.compare.store_digest`
(articles, events, stories and text reuse, every field but the ingestion
time). Prints both timings, the record counts and whether the stores are
identical; the last line is a JSON object. Exits 1 if the stores differ.

    python benchmarks/dask_identity.py --articles 1000
    python benchmarks/dask_identity.py --articles 10000 --words 200 --record   # appends to benchmarks/RESULTS.md

The unit tests (``tests/unit/test_scale.py``) check the same on the example
corpus and on 48 generated articles; this script is the at-scale check.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402
from ingest_child import run_ingest  # noqa: E402
from report import machine_line, report, write_jsonl  # noqa: E402



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--record", action="store_true", help="append the result to benchmarks/RESULTS.md")
    args = parser.parse_args()

    from dateline.scale.compare import store_digest
    from dateline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_jsonl(corpus, generate(args.articles, words=args.words, quote_share=0.2, republish_share=0.05))
        single = run_ingest(corpus, Path(tmp) / "single.db")
        dask = run_ingest(corpus, Path(tmp) / "dask.db", "--workers", str(args.workers))
        single_s, single_out, dask_s, dask_out = single.seconds, single.outcomes, dask.seconds, dask.outcomes
        with Store(Path(tmp) / "single.db") as a_store, Store(Path(tmp) / "dask.db") as b_store:
            a, b = store_digest(a_store), store_digest(b_store)

    identical = a == b and single_out == dask_out
    result = {
        "articles": args.articles,
        "words": args.words,
        "workers": args.workers,
        "single_s": round(single_s, 1),
        "dask_s": round(dask_s, 1),
        "speedup": round(single_s / dask_s, 2),
        "counts": a.counts,
        "outcomes": single_out,
        "identical": identical,
    }
    machine = machine_line()
    lines = [
        f"articles {args.articles} of ~{args.words} words, machine: {machine}",
        f"single process:           {single_s:.1f} s",
        f"Dask, {args.workers} local workers:   {dask_s:.1f} s  (x{result['speedup']})",
        f"records: {', '.join(f'{k} {v}' for k, v in sorted(a.counts.items()))}",
        f"outcomes: {json.dumps(single_out)}",
        "stores identical: " + ("yes" if identical else "NO: " + "; ".join(a.differences(b)) if a != b
                                else "NO: outcomes differ"),
    ]
    report(f"dask_identity.py --articles {args.articles} --words {args.words}", lines, result, record=args.record)
    sys.exit(0 if identical else 1)


if __name__ == "__main__":
    main()
