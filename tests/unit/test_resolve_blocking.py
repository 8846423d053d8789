"""Blocking never keeps a match apart, and keeps many non-matches from being scored at all."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from dateline.resolve.blocking import (
    CELL_DEGREES,
    may_match_unlinked,
    placement,
    reach_cells,
)
from dateline.resolve.matching import MERGE_THRESHOLD, compare, features, type_family
from dateline.resolve.stories import (
    MAX_BLOCKED_SPAN_DAYS,
    WINDOW_DAYS,
    StoryResolver,
    resolve_stories,
)
from tests.unit.test_resolve_support import FRIDAY, article, event

ANCHORS = [(35.5, 44.4), (10.0, 179.9), (-12.0, -179.95), (71.0, 25.0), (0.0, 0.0), (-33.9, 18.4)]
ACTORS = [(), ("IRQMIL",), ("IRQ",), ("KURMIL",), ("IRQMIL", "KURMIL")]


def _offset(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    lat2 = max(-89.9, min(89.9, lat + km / 111.2 * math.cos(bearing)))
    lon2 = lon + km / (111.2 * max(0.05, math.cos(math.radians(lat)))) * math.sin(bearing)
    return lat2, (lon2 + 180) % 360 - 180


def _random_event(rng: random.Random, n: int, at: tuple[float, float]):
    precision, rule = rng.choice([("exact", ""), ("near", ""), ("admin1", ""), ("region", ""), ("exact", "dateline")])
    when = rng.choice(["day", "day", "day", "month", "none"])
    dated = {"day": {"on": FRIDAY + timedelta(days=rng.randrange(-3, 4))},
             "month": {"on": date(2017, 10, 1), "until": date(2017, 10, 31), "granularity": "month"},
             "none": {"on": None}}[when]
    return event(f"a{n}", f"e{n}", type=rng.choice(["ASSAULT", "ASSAULT", "COERCE"]),
                 sources=rng.choice(ACTORS), targets=rng.choice(ACTORS), at=at if rng.random() < 0.9 else None,
                 precision=precision, place_rule=rule, admin1=rng.choice([None, "Kirkuk", "Erbil"]),
                 evidence=f"Report {n} of a clash somewhere in the north, officials said.", **dated)


def _keys(f):
    return placement(f, type_family(f.type), window_days=WINDOW_DAYS, max_span_days=MAX_BLOCKED_SPAN_DAYS)


def test_every_pair_that_matches_without_shared_text_shares_a_block():
    rng = random.Random(11)
    matched = kept_apart = 0
    for n in range(6000):
        lat, lon = rng.choice(ANCHORS)
        here = _offset(lat, lon, rng.uniform(0, 60), rng.uniform(0, 2 * math.pi))
        there = _offset(*here, rng.uniform(0, 450), rng.uniform(0, 2 * math.pi))
        a, b = features(_random_event(rng, 2 * n, here)), features(_random_event(rng, 2 * n + 1, there))
        (filed_a, looked_a), (filed_b, looked_b) = _keys(a), _keys(b)
        meet = bool(set(looked_a) & set(filed_b)) or bool(set(looked_b) & set(filed_a))
        points = compare(a, b)
        if points is not None and points >= MERGE_THRESHOLD:
            matched += 1
            assert set(looked_a) & set(filed_b) and set(looked_b) & set(filed_a), (a, b)
        elif not meet:
            kept_apart += 1
    assert matched > 150  # the property was tested on many matches, not a few
    assert kept_apart > 2000  # and blocking spared many pairs a comparison


def test_what_can_only_match_through_shared_text_is_not_filed():
    assert may_match_unlinked(features(event("a", "e")))
    for unfiled in (event("a", "e", sources=(), targets=()), event("a", "e", at=None), event("a", "e", on=None)):
        f = features(unfiled)
        assert not may_match_unlinked(f)
        assert _keys(f) == ([], [])


def test_areas_meet_points_and_areas_in_them_points_meet_only_areas():
    town = features(event("a", "e1", admin1="Kirkuk"))
    province = features(event("b", "e2", admin1="Kirkuk", precision="admin1", at=(35.4, 44.3)))
    (town_filed, town_looked), (province_filed, province_looked) = _keys(town), _keys(province)
    assert {k[3] for k in town_filed if isinstance(k[3], str)} == {"point:kirkuk"}
    assert {k[3] for k in town_looked if isinstance(k[3], str)} == {"area:kirkuk"}
    assert {k[3] for k in province_looked if isinstance(k[3], str)} == {"area:kirkuk", "point:kirkuk"}
    assert set(province_looked) & set(town_filed) and set(town_looked) & set(province_filed)


def test_reach_cells_wrap_the_antimeridian_and_cover_a_pole():
    west, east = reach_cells(0.0, 179.95, 20.0), reach_cells(0.0, -179.95, 20.0)
    assert set(west) & set(east)  # 11 km apart across the date line
    columns = round(360 / CELL_DEGREES)
    assert len(reach_cells(89.5, 10.0, 100.0)) >= columns  # every longitude around the pole
    assert len(reach_cells(35.5, 44.4, 10.0)) <= 4


def _dense_world(seed: int):
    """One week of many reports in one country: towns 100-150 km apart in four provinces, most happenings reported more than once."""
    rng = random.Random(seed)
    towns = [(33.0 + 1.1 * (i % 4), 42.0 + 1.3 * (i // 4)) for i in range(12)]
    events, articles = [], {}
    for h in range(150):
        town = rng.randrange(len(towns))
        src, tgt = rng.sample(ACTORS[1:4], 2)
        when = FRIDAY + timedelta(days=rng.randrange(-3, 4))
        for r in range(rng.randint(1, 3)):
            aid = f"h{h}r{r}"
            articles[aid] = article(aid, source=f"outlet{rng.randrange(8)}", published=when)
            events.append(event(aid, f"e{h}-{r}", sources=src, targets=tgt,
                                at=_offset(*towns[town], rng.uniform(0, 8), rng.uniform(0, 6.3)), on=when,
                                precision=rng.choice(["exact"] * 5 + ["admin1"]), admin1=f"province {town // 3}",
                                evidence=f"Report {h}/{r}: {src} attacked {tgt} near a town, officials said."))
    return events, articles


def test_stories_are_those_of_week_and_country_blocks_with_half_the_comparisons(monkeypatch):
    """The same stories as filing every dated unit by week, country and type family alone."""
    from dateline.resolve import stories as module

    events, articles = _dense_world(4)
    narrow = StoryResolver()
    narrow.add(events, articles)
    expected = [s.model_dump() for s in narrow.stories()]
    assert len(expected) < len(events)  # reports of one happening merged

    def week_country_family(f, family, *, window_days, max_span_days):
        if f.start is None or f.end is None or f.end - f.start > max_span_days:
            return [], []
        keys = [(w, f.country or "", family, 0) for w in range((f.start - 1) // window_days,
                                                               (f.end + 1) // window_days + 1)]
        return keys, keys

    monkeypatch.setattr(module, "placement", week_country_family)
    wide = StoryResolver()
    wide.add(events, articles)
    assert [s.model_dump() for s in wide.stories()] == expected
    assert [s.model_dump() for s in resolve_stories(events, articles)] == expected
    assert narrow.comparisons * 2 < wide.comparisons
