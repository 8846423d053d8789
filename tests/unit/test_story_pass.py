"""The store pass's stories on disk are exactly the in-memory resolver's, whatever its cache holds."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from contextlib import closing
from datetime import timedelta

import pytest

from dateline.model import Reuse, ReuseSpan
from dateline.resolve import story_pass as story_pass_module
from dateline.resolve.compact_records import PackedReuse, pair_of
from dateline.resolve.reuse_scratch import ReuseScratch
from dateline.resolve.stories import StoryResolver
from dateline.resolve.story_pass import StoryPass
from tests.unit.test_resolve_support import FRIDAY, article, event

ACTORS = [("IRQMIL",), ("IRQ",), ("KURMIL",), ("IRQMIL", "KURMIL"), ("IRQCOP",)]
TOWNS = [(33.0 + 1.1 * (i % 4), 42.0 + 1.3 * (i // 4)) for i in range(12)]


def _near(lat: float, lon: float, rng: random.Random) -> tuple[float, float]:
    km, bearing = rng.uniform(0, 8), rng.uniform(0, 2 * math.pi)
    return lat + km / 111.2 * math.cos(bearing), lon + km / 92.0 * math.sin(bearing)


def _world(seed: int):
    """Happenings reported by one to four articles, with every way two units can meet.

    Several events an article (so units group mentions), blocks shared in
    place and week, undated and month-dated reports, areas and points in
    named provinces, shared evidence sentences, near-duplicates, and reuse
    records whose spans hold the triggers.
    """
    rng = random.Random(seed)
    events, articles, reuse = [], {}, []
    for h in range(120):
        town = rng.randrange(len(TOWNS))
        src, tgt = rng.sample(ACTORS, 2)
        when = FRIDAY + timedelta(days=rng.randrange(-4, 5))
        sentence = f"Report {h}: {src[0]} attacked {tgt[0]} near a town, officials said."
        first = None
        for r in range(rng.randint(1, 4)):
            aid = f"h{h}r{r}"
            undated = rng.random() < 0.15
            near_dup = first if first and rng.random() < 0.2 else None
            articles[aid] = article(aid, source=f"outlet{rng.randrange(6)}", published=None if undated else when,
                                    near_duplicate_of=near_dup)
            for m in range(rng.randint(1, 3)):
                dated = {"on": None} if rng.random() < 0.1 else (
                    {"on": when.replace(day=1), "until": when.replace(day=28), "granularity": "month"}
                    if rng.random() < 0.1 else {"on": when + timedelta(days=rng.choice([0, 0, 0, 1]))})
                events.append(event(
                    aid, f"e{h}-{r}-{m}", type=rng.choice(["ASSAULT", "ASSAULT", "COERCE", "PROTEST"]),
                    sources=src, targets=tgt if m == 0 else rng.choice(ACTORS),
                    at=_near(*TOWNS[town], rng) if rng.random() < 0.9 else None,
                    precision=rng.choice(["exact"] * 4 + ["admin1", "region"]), admin1=f"province {town // 3}",
                    evidence=sentence if rng.random() < 0.3 else f"Report {h}/{r}/{m} of a clash, officials said.",
                    evidence_start=40 * m, trigger=(40 * m, 40 * m + 6), **dated))
            if first and rng.random() < 0.4:
                reuse.append(Reuse(source_article_id=first, target_article_id=aid, direction="unknown",
                                   spans=[ReuseSpan(source_start=0, source_end=rng.choice([50, 200]),
                                                    target_start=0, target_end=200)],
                                   source_share=0.5, target_share=0.5))
            first = first or aid
    return events, articles, reuse


def _filled(reuse: list[Reuse]) -> ReuseScratch:
    scratch = ReuseScratch()
    for r in reuse:
        scratch.add(pair_of(r.source_article_id, r.target_article_id), PackedReuse.of(r))
    return scratch


def _by_article(events) -> dict[str, list]:
    out = defaultdict(list)
    for e in events:
        out[e.article_id].append(e)
    return out


@pytest.mark.parametrize(("seed", "cached"), [(3, 20_000), (5, 20_000), (5, 3)])
def test_the_pass_finds_the_resolvers_stories_in_its_order(monkeypatch, seed, cached):
    monkeypatch.setattr(story_pass_module, "CACHED_UNITS", cached)  # a tiny cache reads units back again and again
    events, articles, reuse = _world(seed)
    by_article = _by_article(events)
    with _filled(reuse) as scratch:
        resolver = StoryResolver(reuse=scratch)
        resolver.add([], articles)
        for aid in sorted(articles):
            resolver.add(by_article[aid], {})
        expected = [s.model_dump() for s in resolver.iter_stories()]
        some = sorted(articles)[::7]
        expected_some = [s.model_dump() for s in resolver.iter_stories(some)]
        with closing(StoryPass(scratch.folder, scratch)) as stories:
            for aid in sorted(articles):
                stories.add(articles[aid], by_article[aid])
            stories.link()
            assert [s.model_dump() for s in stories.iter_stories()] == expected
            assert [s.model_dump() for s in stories.iter_stories(some)] == expected_some
            assert stories.comparisons >= resolver.comparisons > 0
    multi = [s for s in expected if len(s["article_ids"]) > 1]
    assert multi and any(s["independent_sources"] < len(s["article_ids"]) for s in multi)  # links did count


def test_every_pair_is_scored_once_however_many_blocks_it_shares():
    """Units dated across a week boundary and with reaches over several cells meet in more than one block."""
    events, articles, _ = _world(7)
    by_article = _by_article(events)
    with _filled([]) as scratch:
        resolver = StoryResolver(reuse=scratch)
        resolver.add([], articles)
        for aid in sorted(articles):
            resolver.add(by_article[aid], {})
        with closing(StoryPass(scratch.folder, scratch)) as stories:
            for aid in sorted(articles):
                stories.add(articles[aid], by_article[aid])
            stories.link()
            # Without links, only blocks (and shared evidence sentences) bring pairs together, as in the resolver.
            assert stories.comparisons <= resolver.comparisons + sum(
                len(v) * (len(v) - 1) // 2 for v in _evidence_groups(events).values())


def _evidence_groups(events) -> dict[str, list]:
    groups = defaultdict(list)
    for e in events:
        groups[e.evidence.text].append(e)
    return groups


def test_the_pass_keeps_its_order_of_steps_and_leaves_no_file():
    events, articles, _ = _world(2)
    with ReuseScratch() as scratch:
        stories = StoryPass(scratch.folder, scratch)
        first = min(articles)
        stories.add(articles[first], [e for e in events if e.article_id == first])
        with pytest.raises(RuntimeError, match="before link"):
            next(stories.iter_stories())
        stories.link()
        with pytest.raises(RuntimeError, match="add every article first"):
            stories.add(articles[first], [])
        assert list(stories.iter_stories())
        assert (scratch.folder / "units.sqlite").exists()
        stories.close()
        assert not (scratch.folder / "units.sqlite").exists()
