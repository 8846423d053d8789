"""What each stage costs next to spaCy: tokenizer and pipes, then places, actors, times and events.

Measures, in one process, in CPU time (the machine may be shared; CPU time is
what other load disturbs least), on one generated corpus (``corpus.py``):

  (a) every component of the pipeline dateline runs, batch by batch, as
      ``nlp.pipe`` would run it: the tokenizer, spaCy's own pipes (tok2vec,
      tagger, parser, attribute_ruler, lemmatizer, ner) and the gazetteer
      matcher dateline adds before ``ner``;
  (b) each extractor over the parsed Docs: ``extract_places``,
      ``extract_actors``, ``extract_times``, ``extract_events``.

Each is shown as a share of "spaCy's own time" (tokenizer plus spaCy's own
pipes), and the budgets the project set are checked: geoparsing (matcher plus
``extract_places``) at most 20 % of it, actors plus times at most 25 %.

    python benchmarks/components.py --articles 200
    python benchmarks/components.py --articles 200 --record   # appends to benchmarks/RESULTS.md

The last line printed is a JSON object with every number.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate
from report import machine_line, report

GEO_BUDGET = 0.20
ACTORS_TIMES_BUDGET = 0.25


def _pipe_times(nlp, texts: list[str], batch_size: int) -> tuple[list, dict[str, float]]:
    """Run the pipeline one component at a time over all texts; CPU seconds per component."""
    seconds: dict[str, float] = {}
    started = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    seconds["tokenizer"] = time.process_time() - started
    for name, proc in nlp.pipeline:
        started = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
        seconds[name] = time.process_time() - started
    return docs, seconds


def _extract_times(docs, records, resources) -> dict[str, float]:
    """CPU seconds of each extractor over the parsed Docs, called as ``extract_article`` calls them."""
    from dateline.extract.actors import extract_actors
    from dateline.extract.events import extract_events
    from dateline.extract.places import extract_places
    from dateline.extract.times import extract_times
    from dateline.model import Article, article_id

    seconds = dict.fromkeys(("places", "actors", "times", "events"), 0.0)
    for doc, record in zip(docs, records, strict=True):
        article = Article(id=article_id(record["text"]), text=record["text"], source=record["source"],
                          published=date.fromisoformat(record["published"]), published_found_in="metadata")
        clock = time.process_time()
        places = extract_places(doc, article, gazetteer=resources.gazetteer)
        now = time.process_time()
        seconds["places"] += now - clock
        clock = now
        actors = extract_actors(doc, article, kb=resources.kb)
        now = time.process_time()
        seconds["actors"] += now - clock
        clock = now
        times = extract_times(doc, article)
        now = time.process_time()
        seconds["times"] += now - clock
        clock = now
        extract_events(doc, article, places=places, actors=actors, times=times, ontology=resources.ontology)
        seconds["events"] += time.process_time() - clock
    return seconds


def _trigger_token_share(docs, classifier) -> float:
    """Share of tokens in sentences where the trigger lexicon finds an event: all a parser would need to see."""
    flagged = total = 0
    for doc in docs:
        for sent in doc.sents:
            total += len(sent)
            if classifier.find_triggers(sent):
                flagged += len(sent)
    return flagged / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--record", action="store_true", help="append the result to benchmarks/RESULTS.md")
    args = parser.parse_args()

    from dateline.extract import load_resources
    from dateline.extract.places import MATCHER_NAME

    started = time.perf_counter()
    resources = load_resources()
    load_s = time.perf_counter() - started
    nlp = resources.nlp
    records = list(generate(args.articles, words=args.words))
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    for _ in nlp.pipe(texts[:8]):  # warm-up: fills the vocabulary and the tokenizer caches
        pass

    docs, pipes = _pipe_times(nlp, texts, args.batch_size)
    extractors = _extract_times(docs, records, resources)
    flagged = _trigger_token_share(docs, resources.classifier)
    spacy_own = sum(s for name, s in pipes.items() if name != MATCHER_NAME)
    geo = pipes.get(MATCHER_NAME, 0.0) + extractors["places"]
    actors_times = extractors["actors"] + extractors["times"]
    total = sum(pipes.values()) + sum(extractors.values())

    rows = [(name, s) for name, s in pipes.items()] + [(f"extract_{k}", s) for k, s in extractors.items()]
    machine = machine_line()
    lines = [
        f"articles {len(texts)}, words {words}, machine: {machine}; resources loaded in {load_s:.1f} s",
        f"spaCy's own time (tokenizer + its pipes): {spacy_own:.1f} s CPU, {words / spacy_own:.0f} words/s",
        "",
        f"{'component':<28} {'CPU s':>8} {'ms/article':>11} {'vs spaCy':>9}",
    ]
    for name, s in rows:
        lines.append(f"{name:<28} {s:>8.2f} {1000 * s / len(texts):>11.1f} {s / spacy_own:>9.1%}")
    lines.append(f"{'total':<28} {total:>8.2f} {1000 * total / len(texts):>11.1f} {total / spacy_own:>9.1%}")
    lines.append(f"tokens in sentences with an event trigger: {flagged:.0%} (parsing only those would spare the "
                 f"parser {1 - flagged:.0%} of its work, {(1 - flagged) * pipes.get('parser', 0.0) / spacy_own:.1%} "
                 "of spaCy's time)")
    checks = [
        ("geoparsing (matcher + places)", geo / spacy_own, GEO_BUDGET),
        ("actors + times", actors_times / spacy_own, ACTORS_TIMES_BUDGET),
    ]
    lines += ["", f"{'budget':<32} {'measured':>9} {'wanted':>8}  held"]
    lines += [f"{name:<32} {got:>9.1%} {'<= ' + format(want, '.0%'):>8}  {'yes' if got <= want else 'NO'}"
              for name, got, want in checks]
    result = {
        "articles": len(texts),
        "words": words,
        "spacy_own_s": round(spacy_own, 2),
        "components_s": {name: round(s, 3) for name, s in rows},
        "geo_share": round(geo / spacy_own, 3),
        "actors_times_share": round(actors_times / spacy_own, 3),
        "events_share": round(extractors["events"] / spacy_own, 3),
        "total_vs_spacy": round(total / spacy_own, 3),
        "trigger_token_share": round(flagged, 3),
        "budgets_held": all(got <= want for _, got, want in checks),
    }
    report(f"components.py --articles {len(texts)}", lines, result, record=args.record)


if __name__ == "__main__":
    main()
