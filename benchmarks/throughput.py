"""End-to-end throughput and memory: dateline ingest vs. bare spaCy on the same texts.

Measures, in one run and on one generated corpus:
  (a) bare spaCy ``nlp.pipe`` with the same model and components (tagger, parser, ner),
      in one process and, with ``--workers N``, also with ``n_process=N``;
  (b) ``dateline ingest`` end to end into a fresh SQLite store (read, parse, extract,
      store, resolve), in a child process so its peak RSS is its own; with
      ``--workers N`` extraction runs on N local Dask worker processes and the
      memory reported is that of the whole process tree.
The throughput ratio is taken against bare spaCy with as many processes as
dateline used, so using more cores never flatters it; the ratio against
one-process spaCy is printed beside it. Bare spaCy also parses the first
few hundred texts again right after its own run and once more after
dateline's: how far those two times differ is how far the machine's own
speed drifted while dateline ran (printed as ``machine drift``). Prints a
table with the targets and whether each holds; the last line is a JSON
object.

    python benchmarks/throughput.py --articles 1000
    python benchmarks/throughput.py --articles 10000 --workers 2 --record   # appends to benchmarks/RESULTS.md
    python benchmarks/throughput.py --corpus ../shared/eval/*.jsonl          # real news texts instead

With ``--corpus``, the texts are those of the given JSON-lines files (each
line's ``text``, with its ``id``, ``title``, ``source`` and publication date
where given, as ``published``, ``date`` or ``dct``) instead of generated
ones: generated text has the length and density wanted, real text the
reuse and phrasing of real news.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402
from report import machine_line, report, write_jsonl  # noqa: E402
from ingest_child import run_ingest  # noqa: E402

TARGET_RATIO = 0.60
TARGET_ARTICLES_PER_S = 6.0
TARGET_RSS_MB = 1500.0


def bare_spacy(texts: list[str], batch_size: int, processes: int = 1) -> float:
    """Seconds for bare spaCy over ``texts`` with tagger, parser and ner (no lemmatizer/attribute_ruler)."""
    from dateline.nlp import load_pipeline

    nlp = load_pipeline(disable=("lemmatizer", "attribute_ruler"))
    nlp("warm up")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - start


DRIFT_SAMPLE = 300
"""Texts bare spaCy parses again after its run and after dateline's, to show how far the machine's speed moved."""


def drift_probe(texts: list[str], batch_size: int) -> float:
    """Seconds for bare spaCy (one process) over the first :data:`DRIFT_SAMPLE` texts.

    This machine's speed drifts by tens of per cent from one half hour to the
    next; bare spaCy runs first and dateline after it, so a drift between
    them moves the ratio. The same probe right after bare spaCy (warm, as
    dateline's parser is) and right after dateline makes that visible in the
    run itself.
    """
    return bare_spacy(texts[:DRIFT_SAMPLE], batch_size)


def read_corpus(paths: list[Path]) -> list[dict[str, str]]:
    """The articles of JSON-lines files, as ``dateline ingest`` reads them.

    Lines without text are left out, and so is a text given twice (in two
    evaluation sets, say), so that bare spaCy and dateline see the same texts.
    """
    records, seen = [], set()
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if not str(row.get("text") or "").strip() or row["text"] in seen:
                    continue
                seen.add(row["text"])
                published = row.get("published") or row.get("date") or row.get("dct")
                record = {"id": f"{path.stem}:{row.get('id', len(records))}", "text": row["text"]}
                record |= {k: str(row[k]) for k in ("title", "source") if row.get(k)}
                records.append(record | ({"published": str(published)} if published else {}))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=32,
                        help="docs per batch for bare spaCy (32: its fastest here, parse_batches.py)")
    parser.add_argument("--workers", type=int, default=1,
                        help="dateline ingest --workers N (Dask) against spaCy n_process=N; 1: one process each")
    parser.add_argument("--corpus", type=Path, nargs="+", default=None,
                        help="JSON-lines files of real articles to use instead of generated ones")
    parser.add_argument("--record", action="store_true", help="append the result to benchmarks/RESULTS.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        records = read_corpus(args.corpus) if args.corpus else list(generate(args.articles, words=args.words))
        write_jsonl(corpus, records)
        texts = [r["text"] for r in records]
        words = sum(len(t.split()) for t in texts)
        del records

        spacy_one_s = bare_spacy(texts, args.batch_size)
        spacy_s = bare_spacy(texts, args.batch_size, args.workers) if args.workers > 1 else spacy_one_s
        probe_before_s = drift_probe(texts, args.batch_size)
        extra = ("--workers", str(args.workers)) if args.workers > 1 else ()
        run = run_ingest(corpus, Path(tmp) / "bench.db", *extra)
        ours_s, loop_s, anon_mb, statuses = run.seconds, run.loop_seconds, run.anon_peak_mb, run.outcomes
        # One process: the exact peak. Several: the sampled peak of the whole tree (RUSAGE_CHILDREN gives the largest one).
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if args.workers == 1 else run.peak_mb
        store_mb = (Path(tmp) / "bench.db").stat().st_size / 2**20
        probe_after_s = drift_probe(texts, args.batch_size)

    n = len(texts)
    procs = "1 process" if args.workers == 1 else f"{args.workers} processes"
    result = {
        "articles": n,
        "words": words,
        "workers": args.workers,
        "spacy_batch_size": args.batch_size,
        "spacy_s": round(spacy_s, 1),
        "spacy_one_process_s": round(spacy_one_s, 1),
        "dateline_s": round(ours_s, 1),
        "ingest_loop_s": round(loop_s, 1),
        "resolve_s": round(ours_s - loop_s, 1),
        "articles_per_s": round(n / ours_s, 2),
        "words_per_s": round(words / ours_s),
        "spacy_words_per_s": round(words / spacy_s),
        "ratio": round(spacy_s / ours_s, 3),
        "ratio_vs_one_process_spacy": round(spacy_one_s / ours_s, 3),
        "peak_rss_mb": round(rss_mb),
        "peak_anon_mb": round(anon_mb),
        "ingest_loop_peak_mb": round(run.ingest_peak_mb),
        "resolve_peak_mb": round(run.resolve_peak_mb),
        "store_mb_per_1k": round(store_mb * 1000 / n, 2),
        "outcomes": statuses,
        "probe_texts": min(n, DRIFT_SAMPLE),
        "probe_before_s": round(probe_before_s, 1),
        "probe_after_s": round(probe_after_s, 1),
        "drift": round(probe_after_s / probe_before_s, 3),
    }
    checks = [
        (f"ratio vs bare spaCy ({procs})", f"{result['ratio']:.2f}", f">= {TARGET_RATIO}", result["ratio"] >= TARGET_RATIO),
        ("articles/s", f"{result['articles_per_s']:.2f}", f">= {TARGET_ARTICLES_PER_S}",
         result["articles_per_s"] >= TARGET_ARTICLES_PER_S),
        ("peak RSS (MB)", f"{result['peak_rss_mb']}", f"< {TARGET_RSS_MB:.0f}", result["peak_rss_mb"] < TARGET_RSS_MB),
    ]
    result["targets_held"] = all(ok for *_, ok in checks)
    machine = machine_line()
    lines = [
        f"articles {n}, words {words}, machine: {machine}",
        f"bare spaCy (tagger+parser+ner, {args.batch_size} docs a batch), 1 process: {spacy_one_s:.1f} s, "
        f"{round(words / spacy_one_s)} words/s",
    ]
    if args.workers > 1:
        lines.append(f"bare spaCy (tagger+parser+ner), {procs} (n_process): {spacy_s:.1f} s, "
                     f"{result['spacy_words_per_s']} words/s")
    lines += [
        f"dateline ingest end to end, {procs}: {ours_s:.1f} s, {result['words_per_s']} words/s, "
        f"{result['articles_per_s']} articles/s, store {result['store_mb_per_1k']} MB per 1k articles",
        f"  of which the ingest loop (read, parse, extract, store) {loop_s:.1f} s "
        f"({n / loop_s:.2f} articles/s, {spacy_s / loop_s:.2f} of bare spaCy's speed), "
        f"cross-source resolution {ours_s - loop_s:.1f} s",
        f"peak RSS {result['peak_rss_mb']} MB, of which own (anonymous) memory {result['peak_anon_mb']} MB"
        + ("" if args.workers == 1 else " (summed over the process tree: shared pages count once per process)"),
        f"  sampled peaks: ingest loop {result['ingest_loop_peak_mb']} MB, resolution {result['resolve_peak_mb']} MB",
        f"throughput ratio against one-process bare spaCy: {result['ratio_vs_one_process_spacy']:.2f}",
        f"machine drift: bare spaCy over the first {result['probe_texts']} texts took {probe_before_s:.1f} s "
        f"after its run and {probe_after_s:.1f} s after dateline's (x{result['drift']:.2f}; over 1, the machine "
        "slowed down, which lowers the ratio)",
        "",
        f"{'target':<36} {'measured':>10} {'wanted':>10}  held",
    ]
    lines += [f"{name:<36} {got:>10} {want:>10}  {'yes' if ok else 'NO'}" for name, got, want, ok in checks]
    workers = f" --workers {args.workers}" if args.workers > 1 else ""
    source = f"--corpus {' '.join(p.name for p in args.corpus)}" if args.corpus else f"--articles {n}"
    report(f"throughput.py {source}{workers}", lines, result, record=args.record)


if __name__ == "__main__":
    main()
