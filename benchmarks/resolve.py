"""Story resolution time for 10k, 100k and 1M synthetic events: does it grow near-linearly?

The events are generated with a fixed seed at a fixed *density* (events per day
spread over a fixed set of countries), so a bigger collection covers a longer
period — which is how a real event collection grows. ``--per-day`` sets that
density: 200 by default, as a curated collection grows; a day of world news
(100k articles, some ten events each) is a million, and then a bigger
collection means fuller blocks, which is what blocking by place is for. Each
synthetic happening is reported by one to several articles: same PLOVER type
(or an agreed compatible one), actors sometimes coded only at the parent level
(IRQ for IRQMIL), places jittered by a few km, dates off by a day now and then,
some re-publications undated but printing the original's sentence. Unrelated
happenings share the same countries, weeks and actors, so the blocks are
realistically full.

Only ``StoryResolver.add`` and ``stories()`` are timed, as process CPU time
(the machine is shared, so wall time is shown too but depends on the load);
generating the ``Event`` records is not timed. Each size runs in its own child process so its
peak RSS is its own. The synthetic ground truth also gives B³ and pairwise
scores, a check that the speed is not bought with wrong merges.

    python benchmarks/resolve.py                      # 10k and 100k
    python benchmarks/resolve.py --events 10000 100000 1000000 --record
    python benchmarks/resolve.py --events 10000 100000 --per-day 50000   # a few dense days
    python benchmarks/resolve.py --events 100000 1000000 --store-pass     # the store pass's StoryPass

``--store-pass`` measures :class:`~dateline.resolve.story_pass.StoryPass`,
what ``dateline ingest`` and ``POST /resolve`` run over a store: units on
disk in a scratch file, only links in memory. "add" is then writing the
units, and "stories" linking them and building every story.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "resolve.md"

EVENTS_PER_DAY = 200
COUNTRIES = 60
TOWNS_PER_COUNTRY = 40
BATCH = 5000
START = date(2000, 1, 1)
TYPES = [("ASSAULT", 40), ("PROTEST", 15), ("COERCE", 10), ("MOBILIZE", 10), ("ACCUSE", 6), ("THREATEN", 5),
         ("CONSULT", 5), ("AGREE", 3), ("REQUEST", 3), ("AID", 3)]
SECTORS = ["MIL", "GOV", "REB", "COP", "CVL", "OPP", "PTY"]


def _world(rng: random.Random) -> list[tuple[str, str, list[tuple[float, float]]]]:
    """Countries: (ISO-like alpha-2, CAMEO-like alpha-3, town points)."""
    out = []
    for i in range(COUNTRIES):
        lat0, lon0 = rng.uniform(-30, 50), rng.uniform(-20, 120)
        towns = [(lat0 + rng.uniform(-3, 3), lon0 + rng.uniform(-3, 3)) for _ in range(TOWNS_PER_COUNTRY)]
        out.append((f"{chr(65 + i // 26)}{chr(65 + i % 26)}", f"Q{chr(65 + i // 26)}{chr(65 + i % 26)}", towns))
    return out


def generate(n_events: int, seed: int, per_day: int = EVENTS_PER_DAY) -> Iterator[tuple[list, dict, dict[str, int]]]:
    """Yield batches ``(events, articles, truth)``: truth maps event id -> happening number."""
    from dateline.model import (
        Actor,
        ActorMention,
        Article,
        Event,
        EventDate,
        EventPlace,
        Evidence,
        Mention,
        PlaceMention,
    )

    rng = random.Random(seed)
    world = _world(rng)
    types, weights = zip(*TYPES)
    days = max(1, n_events // per_day)
    made = 0
    happening = 0
    events, articles, truth = [], {}, {}

    def actor(code: str) -> ActorMention:
        return ActorMention(mention=Mention(article_id="-", start=0, end=len(code), text=code),
                            actor=Actor(name=code, code=code), coded=True)

    while made < n_events:
        happening += 1
        country, root, towns = world[rng.randrange(COUNTRIES)]
        kind = rng.choices(types, weights)[0]
        src, tgt = rng.sample(SECTORS, 2)
        src_code, tgt_code = root + src, root + tgt
        lat, lon = towns[rng.randrange(TOWNS_PER_COUNTRY)]
        when = START + timedelta(days=int(made / n_events * days))
        sentence = f"Happening {happening}: {src_code} against {tgt_code} near town {lat:.3f},{lon:.3f}, officials said."
        reports = 1 + min(int(rng.expovariate(0.7)), 6)
        original = None
        for r in range(reports):
            aid = f"a{happening}-{r}"
            republished = original is not None and rng.random() < 0.2
            undated = republished and rng.random() < 0.5
            plat, plon = lat + rng.gauss(0, 0.02), lon + rng.gauss(0, 0.02)
            day = when + timedelta(days=rng.choice((0, 0, 0, 0, 1, -1))) if not undated else None
            pm = PlaceMention(mention=Mention(article_id=aid, start=0, end=4, text="town"),
                              lat=plat, lon=plon, precision="exact")
            event = Event(
                id=f"e{happening}-{r}",
                article_id=aid,
                type=kind,
                sources=[actor(src_code if rng.random() > 0.2 else root)],
                targets=[actor(tgt_code)],
                place=EventPlace(place=pm, lat=plat, lon=plon, precision="exact", country=country),
                date=EventDate(start=day, end=day, granularity="day" if day else "unknown"),
                trigger=Mention(article_id=aid, start=0, end=9, text="Happening"),
                evidence=Evidence(text=sentence if republished or r == 0 else f"Report {r}. {sentence}",
                                  start=0, end=len(sentence)),
            )
            articles[aid] = Article(id=aid, text="-", source=f"outlet{rng.randrange(500)}", published=day,
                                    published_found_in="header" if day else "unknown",
                                    near_duplicate_of=original if republished else None)
            original = original or aid
            events.append(event)
            truth[event.id] = happening
            made += 1
            if len(events) >= BATCH:
                yield events, articles, truth
                events, articles, truth = [], {}, {}
    if events:
        yield events, articles, truth


class _InMemory:
    """The resolver as a feed uses it: every unit's features in memory."""

    def __init__(self) -> None:
        from dateline.resolve.stories import StoryResolver

        self.resolver = StoryResolver()

    def add(self, events: list, articles: dict) -> None:
        self.resolver.add(events, articles)

    def stories(self) -> Iterator:
        return iter(self.resolver.stories())

    @property
    def comparisons(self) -> int:
        return self.resolver.comparisons


class _OnDisk:
    """The store pass: units in a scratch file, links in memory (``StoryPass``)."""

    def __init__(self, scratch) -> None:  # a ReuseScratch
        from dateline.resolve.story_pass import StoryPass

        self.stories_pass = StoryPass(scratch.folder, scratch)

    def add(self, events: list, articles: dict) -> None:
        by_article: dict[str, list] = {aid: [] for aid in articles}
        for e in events:
            by_article[e.article_id].append(e)
        for aid, article in articles.items():
            self.stories_pass.add(article, by_article[aid])

    def stories(self) -> Iterator:
        self.stories_pass.link()
        return self.stories_pass.iter_stories()

    @property
    def comparisons(self) -> int:
        return self.stories_pass.comparisons


def measure(n_events: int, seed: int, per_day: int, store_pass: bool = False) -> dict:
    """Resolve ``n_events`` synthetic events in this process; seconds, RSS and quality."""
    from dateline.evaluate.clustering import b_cubed, pairwise
    from dateline.resolve.reuse_scratch import ReuseScratch

    with ReuseScratch() as scratch:
        resolver = _OnDisk(scratch) if store_pass else _InMemory()
        add_s = add_wall = 0.0
        truth: dict[str, int] = {}
        for events, articles, batch_truth in generate(n_events, seed, per_day):
            truth.update(batch_truth)
            cpu, wall = time.process_time(), time.perf_counter()
            resolver.add(events, articles)
            add_s += time.process_time() - cpu
            add_wall += time.perf_counter() - wall
        cpu, wall = time.process_time(), time.perf_counter()
        predicted = {eid: s.id for s in resolver.stories() for eid in s.event_ids}
        stories_s = time.process_time() - cpu
        stories_wall = time.perf_counter() - wall
    b3, pw = b_cubed(truth, predicted), pairwise(truth, predicted)
    return {
        "events": n_events,
        "resolver": "StoryPass" if store_pass else "StoryResolver",
        "add_s": round(add_s, 2),
        "stories_s": round(stories_s, 2),
        "total_s": round(add_s + stories_s, 2),
        "wall_s": round(add_wall + stories_wall, 2),
        "us_per_event": round((add_s + stories_s) / n_events * 1e6, 1),
        "comparisons": resolver.comparisons,
        "comparisons_per_event": round(resolver.comparisons / n_events, 2),
        "stories": len(set(predicted.values())),
        "happenings": len(set(truth.values())),
        "b3_f1": round(b3.f1, 4),
        "pairwise_p": round(pw.precision, 4),
        "pairwise_r": round(pw.recall, 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _child(n_events: int, seed: int, per_day: int, store_pass: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", str(n_events), "--seed", str(seed), "--per-day", str(per_day)]
    cmd += ["--store-pass"] if store_pass else []
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _table(rows: list[dict]) -> str:
    head = ("| events | add CPU s | stories CPU s | total CPU s | µs/event (CPU) | wall s | comparisons/event "
            "| stories | happenings | B³ F1 | pairwise P | pairwise R | peak RSS MB |")
    lines = [head, "|" + "---|" * 13]
    for r in rows:
        lines.append(
            f"| {r['events']:,} | {r['add_s']} | {r['stories_s']} | {r['total_s']} | {r['us_per_event']} "
            f"| {r['wall_s']} | {r['comparisons_per_event']} | {r['stories']:,} | {r['happenings']:,} | {r['b3_f1']} "
            f"| {r['pairwise_p']} | {r['pairwise_r']} | {r['peak_rss_mb']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-day", type=int, default=EVENTS_PER_DAY, help="events per day (default %(default)s)")
    parser.add_argument("--store-pass", action="store_true", help="measure StoryPass (units on disk), not StoryResolver")
    parser.add_argument("--record", action="store_true", help=f"append the table to {RESULTS.relative_to(HERE.parent)}")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.seed, args.per_day, args.store_pass)))
        return
    rows = []
    for n in args.events:
        rows.append(_child(n, args.seed, args.per_day, args.store_pass))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    table = _table(rows)
    print(table)
    if len(rows) > 1:
        base = rows[0]
        for r in rows[1:]:
            growth = r["total_s"] / base["total_s"] / (r["events"] / base["events"])
            print(f"time per event at {r['events']:,} vs {base['events']:,}: x{growth:.2f}")
    if args.record:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(f"\n## {stamp} — `python benchmarks/resolve.py --events {' '.join(map(str, args.events))} "
                     f"--per-day {args.per_day}{' --store-pass' if args.store_pass else ''}` "
                     f"(seed {args.seed}, {platform.python_version()}, {platform.machine()})\n\n{table}\n")


if __name__ == "__main__":
    main()
