"""Which event mentions of one article report the same happening?

A report of one clash names it several times: "troops *fought off* militants
who *attacked* a base ... *The gunfight* lasted three hours ... until *the
shooting* stopped". Each is an event mention, and each carries a different
part of the story: one the day ("on Monday"), one the town, one the parties,
one the toll. Grouping them first, inside the article, gives the cross-source
matching the whole picture (:func:`merge_mentions`) instead of fragments that
each look too thin to match another outlet's report.

Two mentions of one article are grouped when they have the same type,
:func:`~dateline.resolve.matching.compare` finds no conflict, and their
points plus two cues only an article gives reach
:data:`WITHIN_ARTICLE_THRESHOLD`:

* **same sentence** (+1.0): "troops fought off militants who attacked a base";
* **anaphora** (+1.0): the later mention is a definite description ("the
  attack", "The gunfight") and so refers back to a happening already told.

Without either cue they must share something specific: the same day, the
same town, or a party named alike.

Groups are built greedily, strongest pair first, and two groups are never
joined when any of their members conflict (another town, another day,
another enemy): a vague mention ("the fighting") cannot bridge two clashes
the article keeps apart. The result depends only on the set of mentions.
Known limit: a background mention with no own date or place joins the
article's main happening when it names one of its parties by the same code
or words ("They have been fighting each other for centuries", with "the
Kurds" named in both).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol, TypeVar

from dateline.resolve.matching import (
    FILING,
    EventFeatures,
    compare,
    merge_sides,
    shares_specifics,
)

WITHIN_ARTICLE_THRESHOLD = 1.0
SAME_SENTENCE_POINTS = 1.0
ANAPHOR_POINTS = 1.0

_N = TypeVar("_N", int, str)
_PLACE_RANK = {"exact": 0, "near": 0, "admin1": 1, FILING: 2, "region": 3, "country": 4}


def within_article_points(a: EventFeatures, b: EventFeatures) -> float | None:
    """Points for two mentions of one article (``a`` first in the text) reporting one happening.

    None when they conflict, differ in type, or share nothing specific: a
    sentence, an anaphor, a day, a town or a named party. Weak agreement alone
    (a publication date, a province or country, a class of actor) describes
    the background of many articles ("the insurgency has killed thousands"),
    not the happening they report.
    """
    if a.type != b.type:
        return None  # one writer's different verbs are different acts; the compatible pairs are for other outlets
    points = compare(a, b)
    if points is None:
        return None
    cues = 0.0
    if a.evidence_span == b.evidence_span:
        cues += SAME_SENTENCE_POINTS
    if b.anaphoric:
        cues += ANAPHOR_POINTS
    if not cues and not shares_specifics(a, b):
        return None
    return points + cues


def group_mentions(mentions: Sequence[EventFeatures]) -> list[list[EventFeatures]]:
    """Groups of one article's mentions that report the same happening, in text order.

    Args:
        mentions: the features of one article's events.

    Returns:
        Every mention in exactly one group; groups and members in text order.

    Example:
        The wire's "fought off", "attacked", "The gunfight" and "the shooting"
        form one group; "recovered 12 rifles ... on Tuesday" (troops against
        nobody armed, the next day) joins only if nothing in the group
        contradicts it.
    """
    ordered = sorted(mentions, key=lambda f: (f.trigger_start, f.id))
    n = len(ordered)
    if n < 2:
        return [ordered] if ordered else []
    edges = []
    for i in range(n):
        for j in range(i + 1, n):
            points = within_article_points(ordered[i], ordered[j])
            if points is not None and points >= WITHIN_ARTICLE_THRESHOLD:
                edges.append((-points, i, j))
    edges.sort()
    return [[ordered[i] for i in group] for group in join_without_conflict(ordered, [(i, j) for _, i, j in edges])]


class Parents(Protocol[_N]):
    """A union-find forest: each item's parent, an item its own parent at a root (a list, a dict, an array)."""

    def __getitem__(self, item: _N, /) -> _N: ...

    def __setitem__(self, item: _N, parent: _N, /) -> None: ...


def root_of(parent: Parents[_N], item: _N) -> _N:
    """The root of ``item``'s tree, halving the path on the way up (so later finds are shorter)."""
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def join_without_conflict(items: Sequence[EventFeatures], pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Join items pair by pair in the order given, never joining two groups holding a conflicting pair.

    Returns groups of indices, each sorted, groups sorted by their first
    index. Deterministic: the same items and pairs give the same groups.
    """
    parent = list(range(len(items)))
    members = {i: [i] for i in range(len(items))}
    conflicts: dict[tuple[int, int], bool] = {}

    def conflict(p: int, q: int) -> bool:
        key = (p, q) if p < q else (q, p)
        if key not in conflicts:
            conflicts[key] = compare(items[p], items[q]) is None
        return conflicts[key]

    for i, j in pairs:
        ri, rj = root_of(parent, i), root_of(parent, j)
        if ri == rj or any(conflict(p, q) for p in members[ri] for q in members[rj]):
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])


def merge_mentions(group: Sequence[EventFeatures]) -> EventFeatures:
    """One :class:`EventFeatures` for a group of one article's mentions.

    Actors are pooled; the place is the most precise member's (a town before
    a province before the dateline's filing place before a region or a
    country); the date is the span of the members' own day-level dates, else
    the narrowest own date, else the narrowest fallback. A single mention is
    returned as it is.
    """
    if len(group) == 1:
        return group[0]
    first = min(group, key=lambda f: f.id)
    place = min(group, key=lambda f: (_PLACE_RANK.get(f.precision, 5), f.tolerance_km, f.id))
    start, end, day_level, inferred = _merged_date(group)
    types = Counter(f.type for f in group)
    sources = merge_sides([f.sources for f in group])
    targets = merge_sides([f.targets for f in group])
    fatalities = [f.fatalities for f in group if f.fatalities is not None]
    return EventFeatures(
        id=first.id,
        article_id=first.article_id,
        type=min(types, key=lambda t: (-types[t], t)),
        modality=first.modality,
        sources=sources,
        targets=targets,
        participants=merge_sides([sources, targets]),
        lat=place.lat,
        lon=place.lon,
        precision=place.precision,
        tolerance_km=place.tolerance_km,
        country=place.country or next((f.country for f in group if f.country), None),
        admin1=place.admin1,
        place_name=place.place_name,
        start=start,
        end=end,
        day_level=day_level,
        date_inferred=inferred,
        triggers=tuple(sorted(t for f in group for t in f.triggers)),
        evidence_keys=tuple(sorted(set().union(*(f.evidence_keys for f in group)))),
        evidence_span=first.evidence_span,
        anaphoric=False,
        fatalities=max(fatalities, key=lambda t: (t[1], t[0])) if fatalities else None,
    )


def _merged_date(group: Sequence[EventFeatures]) -> tuple[int | None, int | None, bool, bool]:
    dated = [f for f in group if f.start is not None and f.end is not None]
    days = [f for f in dated if f.day_level]
    if days:
        return min(f.start for f in days), max(f.end for f in days), True, False  # type: ignore[type-var]
    own = [f for f in dated if not f.date_inferred] or dated
    if not own:
        return None, None, False, False
    best = min(own, key=lambda f: (f.end - f.start, f.start, f.id))  # type: ignore[operator]
    return best.start, best.end, False, best.date_inferred
