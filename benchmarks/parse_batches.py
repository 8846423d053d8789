"""How spaCy's batch size sets its speed and memory: docs per ``nlp.pipe`` batch vs. a character budget.

spaCy allocates its activations for a whole batch at once, so the memory a
batch takes grows with the tokens in it. This measures, on one generated
corpus (``corpus.py``), each batching in its own child process (so each peak
RSS is its own): the CPU seconds to parse every text, words/s, and the peak
RSS above the loaded pipeline. The batchings are ``nlp.pipe`` with N docs per
batch, and :func:`dateline.nlp.parse` (batches of at most
:data:`~dateline.nlp.PARSE_BATCH_CHARS` characters), which ingest uses.
The pipeline is dateline's (``load_resources``: the model plus the gazetteer
ruler and attribute lookup).

    python benchmarks/parse_batches.py --articles 400
    python benchmarks/parse_batches.py --articles 400 --words 40 --record   # appends to benchmarks/RESULTS.md

Linux only (it reads /proc). The last line printed is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate
from report import machine_line, report, write_jsonl

DOCS_PER_BATCH = (8, 16, 32, 64)
BUDGET = "chars"
"""The batching named for :func:`dateline.nlp.parse`'s character budget."""


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def child(corpus: Path, batching: str) -> dict:
    """Parse every text of ``corpus`` with one batching; CPU seconds and memory in this process."""
    from dateline.extract import load_resources
    from dateline.nlp import parse

    nlp = load_resources().nlp
    nlp("warm up")
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    loaded = _rss_mb()
    started = time.process_time()
    docs = parse(nlp, texts) if batching == BUDGET else nlp.pipe(texts, batch_size=int(batching))
    for _ in docs:
        pass
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"cpu_s": seconds, "loaded_mb": loaded, "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--record", action="store_true", help="append the result to benchmarks/RESULTS.md")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "BATCHING"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1])))
        return

    from dateline.nlp import PARSE_BATCH_CHARS

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        records = list(generate(args.articles, words=args.words))
        write_jsonl(corpus, records)
        words = sum(len(r["text"].split()) for r in records)
        del records
        rows = {}
        for batching in [*map(str, DOCS_PER_BATCH), BUDGET]:
            out = subprocess.run([sys.executable, __file__, "--child", str(corpus), batching],
                                 check=True, capture_output=True, text=True).stdout
            rows[batching] = json.loads(out.strip().splitlines()[-1])

    machine = machine_line()
    lines = [f"articles {args.articles} of ~{args.words} words ({words} words), machine: {machine}", "",
             f"{'batching':<28} {'CPU s':>7} {'words/s':>8} {'peak RSS MB':>12} {'above model MB':>15}"]
    result: dict = {"articles": args.articles, "words": words, "batch_chars": PARSE_BATCH_CHARS, "runs": {}}
    for batching, row in rows.items():
        name = f"parse(), <= {PARSE_BATCH_CHARS} chars" if batching == BUDGET else f"nlp.pipe, {batching} docs"
        above = row["peak_mb"] - row["loaded_mb"]
        lines.append(f"{name:<28} {row['cpu_s']:>7.1f} {words / row['cpu_s']:>8.0f} {row['peak_mb']:>12.0f} "
                     f"{above:>15.0f}")
        result["runs"][batching] = {"cpu_s": round(row["cpu_s"], 1), "words_per_s": round(words / row["cpu_s"]),
                                    "peak_mb": round(row["peak_mb"]), "above_model_mb": round(above)}
    report(f"parse_batches.py --articles {args.articles} --words {args.words}", lines, result, record=args.record)


if __name__ == "__main__":
    main()
