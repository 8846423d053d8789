"""Geoparsing cost: gazetteer index build/open time and size, and what geoparsing adds to spaCy.

Measures, in one process:
  (a) building the gazetteer index (only when this data version has none yet) and opening it;
  (b) adding the gazetteer matcher to the pipeline;
  (c) per ~500-word article, in CPU time and interleaved: the plain spaCy pipeline, the
      pipeline with the matcher, and ``extract_places`` on top; the overhead is
      (with matcher + extract) / plain - 1.
Articles are the first documents of ../shared/eval/geo_geowebnews.jsonl cut to 500 words
(the AP seed article repeated when ../shared is absent).

    python benchmarks/geoparse.py                 # prints the table
    python benchmarks/geoparse.py --record        # also writes benchmarks/results/geoparse.md
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import time
from pathlib import Path

from dateline.extract.places import MATCHER_NAME, add_gazetteer_ruler, extract_places
from dateline.knowledge import gazetteer as gazetteer_module
from dateline.model import Article, article_id
from dateline.nlp import load_pipeline

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
WORDS = 500


def _articles(n: int) -> list[str]:
    gold = SHARED / "eval" / "geo_geowebnews.jsonl"
    texts: list[str] = []
    if gold.exists():
        for line in gold.read_text(encoding="utf-8").splitlines():
            words = json.loads(line)["text"].split()
            if len(words) >= WORDS:
                texts.append(" ".join(words[:WORDS]))
            if len(texts) == n:
                return texts
    seed = next((SHARED / "seeds").glob("002_*.txt"), None) if (SHARED / "seeds").exists() else None
    base = seed.read_text(encoding="utf-8").split() if seed else ["Clashes", "near", "Kirkuk", "and", "Erbil", "in", "Iraq", "."]
    while len(texts) < n:
        texts.append(" ".join((base * (WORDS // len(base) + 1))[:WORDS]))
    return texts


def _timed(fn, *args):
    started = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - started


def _extract(doc, article, gaz):
    return extract_places(doc, article, gazetteer=gaz)


def _cpu(fn, *args):
    started = time.process_time()
    out = fn(*args)
    return out, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--record", action="store_true", help="write benchmarks/results/geoparse.md")
    args = parser.parse_args()

    path = gazetteer_module.index_path()
    built = 0.0
    if not path.exists():
        _, built = _timed(gazetteer_module.load_gazetteer.__wrapped__)
    gaz, opened = _timed(gazetteer_module.load_gazetteer.__wrapped__)
    stats = gaz.stats()

    nlp = load_pipeline()
    texts = _articles(args.articles)
    _, ruler = _timed(add_gazetteer_ruler, nlp, gaz)
    if MATCHER_NAME not in nlp.pipe_names:
        raise SystemExit("the gazetteer matcher was not added")
    for text in texts:
        nlp(text)  # warm-up: the first parse of a text also fills the vocabulary and tokenizer caches
    plain, with_matcher, extract = [], [], []
    for text in texts:  # interleaved, in CPU time, so other load on the machine affects both alike
        with nlp.select_pipes(disable=[MATCHER_NAME]):
            plain.append(_cpu(nlp, text)[1])
        doc, seconds = _cpu(nlp, text)
        with_matcher.append(seconds)
        article = Article(id=article_id(text), text=text)
        extract.append(_cpu(_extract, doc, article, gaz)[1])

    p, m, e = statistics.median(plain), statistics.median(with_matcher), statistics.median(extract)
    overhead = (m + e) / p - 1
    rows = [
        ("gazetteer index size", f"{stats['bytes'] / 1e6:.1f} MB", ""),
        ("gazetteer places / names", f"{sum(v for k, v in stats.items() if k not in ('names', 'extra', 'bytes')):,} / {stats['names']:,}", ""),
        ("index build (first use only)", f"{built:.1f} s" if built else "already built", ""),
        ("gazetteer open", f"{opened:.2f} s", "< 2 s: " + ("yes" if opened < 2 else "NO")),
        ("add matcher to pipeline", f"{ruler:.2f} s", ""),
        (f"spaCy, {WORDS}-word article (median CPU time)", f"{p * 1000:.0f} ms", ""),
        ("spaCy + matcher", f"{m * 1000:.0f} ms", ""),
        ("extract_places", f"{e * 1000:.1f} ms", ""),
        ("geoparsing overhead", f"{overhead:+.1%}", "<= 20 %: " + ("yes" if overhead <= 0.20 else "NO")),
        ("peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", ""),
    ]
    lines = [
        "# Geoparsing benchmark",
        "",
        (
            f"`python benchmarks/geoparse.py --articles {args.articles} --record` on {platform.machine()}, "
            f"Python {platform.python_version()}, {len(texts)} articles of {WORDS} words."
        ),
        "",
        "| measure | value | target |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
    ]
    print("\n".join(lines))
    if args.record:
        out = HERE / "results" / "geoparse.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
