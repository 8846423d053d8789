"""Stories: one resolved event per happening, however many articles report it.

:class:`StoryResolver` takes events as they are extracted and keeps their
grouping up to date without recomputing everything:

* **Mentions of one article first.** An article's events are grouped into
  the happenings it reports (:mod:`dateline.resolve.coreference`); each group
  is compared with other articles' groups as one unit, with its pooled
  actors, most precise place and date.
* **Blocking.** A unit is compared with the units filed under the same
  keys (:mod:`dateline.resolve.blocking`): the week its date (plus a day of
  slack) touches, its country and type family, and the grid cells its
  place's reach touches (or the first-level area it names). So the cost per
  unit depends on how many units lie near it in place and time, not on the
  size of the collection nor on how many a country has in a week. Only
  units that could match without shared text are filed — dated, placed on
  a point, naming an actor — and the keys are only as narrow as
  :func:`~dateline.resolve.matching.compare` allows, so blocking never
  keeps a match from being found. Other units (undated, or dated looser
  than ``max_blocked_span_days``, or with a country alone) are compared
  only with the units of articles they share text with (reuse or
  near-duplicate links) and with units sharing an identical evidence
  sentence. Units with no country are filed under an empty country and
  meet only each other there.
* **Decision.** Each compared pair goes through
  :func:`dateline.resolve.matching.compare`; pairs reaching the threshold are
  kept as weighted links. A story is built from the linked units strongest
  link first, and two groups are never joined when any of their units
  conflict (another town, another day, another enemy), so a chain of
  pairwise matches cannot carry one clash into another. The result depends
  only on the links and the units, never on the order in which events,
  articles or reuse records arrive: a pair is (re)compared whenever the last
  piece of its evidence shows up.
* **Stories.** Rebuilt lazily, only for the linked groups that changed. A
  story's id is ``stable_id("story", <smallest member event id>)``.

Independent sources: the articles of a story, where two articles count once
when one's member event sits in a passage shared with the other, when they
share an evidence sentence, when one is a near-duplicate of the other, or when
they come from the same outlet. Disagreements between articles on fatalities,
day and named place are kept, never resolved by picking one.

The resolver holds every unit's features in memory (about 2.3 KB an event),
which suits a feed. A pass over a whole store uses
:class:`~dateline.resolve.story_pass.StoryPass` instead: the same stories,
from the scoring, clustering and story-building functions here, with the
units on disk.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from dateline.model import Article, Disagreement, Event, Reuse, Story, stable_id
from dateline.resolve.blocking import BlockKey, placement
from dateline.resolve.compact_records import ArticleMeta, PackedReuse, pair_of, same_record
from dateline.resolve.coreference import (
    group_mentions,
    join_without_conflict,
    merge_mentions,
    root_of,
)
from dateline.resolve.matching import (
    MERGE_THRESHOLD,
    EventFeatures,
    Link,
    compare,
    day,
    features,
    link_points,
    type_family,
)
from dateline.resolve.passages import passage_links
from dateline.resolve.reuse import observed_date

log = logging.getLogger(__name__)
_K = TypeVar("_K", str, int)

WINDOW_DAYS = 7
MAX_BLOCKED_SPAN_DAYS = 62


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What a story reads of one of its articles: the outlet, the observed date and the original it copies."""

    source: str | None
    published: date | None
    near_duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class _Unit:
    """The mentions of one article that report one happening, and where the unit is filed."""

    features: EventFeatures
    event_ids: tuple[str, ...]
    block_keys: tuple[BlockKey, ...]
    """Where the unit is filed (see :func:`~dateline.resolve.blocking.placement`)."""
    kind: tuple[str, str]
    """Type family and modality: units of different kinds never match (:func:`compare` refuses them at once),
    so they are not compared. Most pairs met through shared text differ in kind."""


class ReuseKeeper(Protocol):
    """Where a :class:`StoryResolver` keeps reuse records, by article pair (ids sorted).

    In memory by default (:class:`PairRecords`); a store-wide pass gives it a
    :class:`~dateline.resolve.reuse_scratch.ReuseScratch` on disk.
    """

    def get(self, pair: tuple[str, str]) -> Sequence[PackedReuse]: ...

    def add(self, pair: tuple[str, str], record: PackedReuse) -> bool:
        """Keep ``record`` unless the same record is kept already; whether it was new."""
        ...

    def linked(self, article_id: str) -> Iterable[str]:
        """The articles that share a record with ``article_id``."""
        ...


class PairRecords:
    """Reuse records by article pair, in a dictionary: the resolver's default keeper."""

    def __init__(self) -> None:
        self._by_pair: dict[tuple[str, str], list[PackedReuse]] = {}
        self._partners: dict[str, set[str]] = defaultdict(set)

    def get(self, pair: tuple[str, str]) -> Sequence[PackedReuse]:
        return self._by_pair.get(pair, ())

    def add(self, pair: tuple[str, str], record: PackedReuse) -> bool:
        known = self._by_pair.setdefault(pair, [])
        if any(same_record(k, record) for k in known):
            return False
        known.append(record)
        x, y = pair
        self._partners[x].add(y)
        self._partners[y].add(x)
        return True

    def linked(self, article_id: str) -> Iterable[str]:
        return self._partners.get(article_id, ())


class StoryResolver:
    """Groups event mentions from many articles into stories, incrementally.

    Args:
        window_days: width of the date blocks.
        max_blocked_span_days: units whose date range is wider than this are
            matched only through shared text, like undated ones.
        reuse: where reuse records are kept (default: in memory). The
            resolver asks it which articles share text, so it may hold
            records already when the resolver is made (a store pass finds
            reuse first): events added after meet the units of the articles
            they share text with, with no record handed in again.

    An article's events are expected together (one :meth:`add` call); events
    of an article arriving later regroup that article's mentions, with the
    same result as if they had come at once.

    Example:
        >>> resolver = StoryResolver()
        >>> resolver.add(ap_events, {ap.id: ap}, [])
        >>> resolver.add(blog_events, {blog.id: blog}, index.find_reuse(blog))
        >>> [(s.id, s.article_ids, s.independent_sources) for s in resolver.stories()]
    """

    def __init__(self, *, window_days: int = WINDOW_DAYS, max_blocked_span_days: int = MAX_BLOCKED_SPAN_DAYS,
                 reuse: ReuseKeeper | None = None) -> None:
        self._window = window_days
        self._max_span = max_blocked_span_days
        self._events: dict[str, EventFeatures] = {}
        self._article_events: dict[str, list[str]] = defaultdict(list)
        self._units: dict[str, _Unit] = {}
        self._article_units: dict[str, list[str]] = defaultdict(list)
        self._buckets: dict[BlockKey, list[str]] = defaultdict(list)
        self._key_pool: dict[BlockKey, BlockKey] = {}
        """Each block key once: a unit's keys are shared with every other unit filed there."""
        self._by_evidence: dict[int, list[str]] = defaultdict(list)
        self._edges: dict[str, dict[str, float]] = defaultdict(dict)
        self._articles: dict[str, ArticleInfo] = {}
        self._near: dict[str, set[str]] = defaultdict(set)
        """Articles linked as near-duplicates; those sharing text are asked of the reuse keeper."""
        self._reuse: ReuseKeeper = reuse if reuse is not None else PairRecords()
        self._interned: dict = {}
        self._kinds: dict[tuple[str, str], tuple[str, str]] = {}
        """Each unit kind once: a million units share a few dozen."""
        self._story_of: dict[str, str] = {}
        self._stories: dict[str, tuple[Story, tuple[str, ...]]] = {}
        self._dirty: set[str] = set()
        self.comparisons = 0
        """Unit pairs scored so far (what blocking keeps near-linear)."""

    def __len__(self) -> int:
        return len(self._events)

    # -- input ---------------------------------------------------------------

    def add(self, events: Iterable[Event], articles: Mapping[str, Article | ArticleMeta],
            reuse: Iterable[Reuse | PackedReuse] = ()) -> None:
        """Add events, the articles they (or earlier events) come from, and reuse records.

        Adding an event id, an article or a reuse record a second time changes
        nothing. Articles may arrive before, with or after their events. Reuse
        records are kept packed (:class:`PackedReuse`), a quarter of their size.
        """
        self._consider_links(self._add_articles(articles.values()) + self._add_reuse(reuse))
        changed: set[str] = set()
        for event in events:
            if event.id not in self._events:
                self._events[event.id] = features(event, interned=self._interned)
                self._article_events[event.article_id].append(event.id)
                changed.add(event.article_id)
        for article_id in sorted(changed):
            self._regroup(article_id)

    def _consider_links(self, links: list[tuple[str, str]]) -> None:
        """Score the units of newly linked (or newly reused) article pairs against each other."""
        for x, y in links:
            for u in self._article_units.get(x, ()):
                for v in self._article_units.get(y, ()):
                    self._consider(u, v)

    def _add_articles(self, articles: Iterable[Article | ArticleMeta]) -> list[tuple[str, str]]:
        links = []
        for a in articles:
            info = ArticleInfo(a.source, observed_date(a), a.near_duplicate_of)
            if self._articles.get(a.id) == info:
                continue
            self._articles[a.id] = info
            self._touch_article(a.id)
            if a.near_duplicate_of and a.near_duplicate_of != a.id:
                links += self._link_near(a.id, a.near_duplicate_of)
        return links

    def _add_reuse(self, reuse: Iterable[Reuse | PackedReuse]) -> list[tuple[str, str]]:
        links = []
        for r in reuse:
            if r.source_article_id == r.target_article_id:
                continue
            if self._reuse.add(pair_of(r.source_article_id, r.target_article_id), PackedReuse.of(r)):
                # Scored again even when the two shared text already: a new record may carry the passage
                # that links two of their events.
                self._touch_article(r.source_article_id)
                self._touch_article(r.target_article_id)
                links.append((r.source_article_id, r.target_article_id))
        return list(dict.fromkeys(links))

    def _link_near(self, x: str, y: str) -> list[tuple[str, str]]:
        if y in self._near[x]:
            return []
        self._near[x].add(y)
        self._near[y].add(x)
        return [(x, y)]

    def _linked(self, article_id: str) -> set[str]:
        """The articles linked to this one: near-duplicates, and those it shares text with (the keeper knows)."""
        return self._near.get(article_id, set()).union(self._reuse.linked(article_id))

    def _touch_article(self, article_id: str) -> None:
        """Stories holding this article must be rebuilt (its outlet, date or links changed)."""
        self._dirty.update(self._article_units.get(article_id, ()))

    def _regroup(self, article_id: str) -> None:
        """(Re)build the units of one article from all its events and file them."""
        for uid in self._article_units.pop(article_id, []):
            self._remove_unit(uid)
        mentions = [self._events[e] for e in self._article_events[article_id]]
        linked = self._linked(article_id)  # asked once for all the article's units: the keeper may read a file
        for group in group_mentions(mentions):
            self._insert_unit(merge_mentions(group), tuple(sorted(f.id for f in group)), linked)

    def _insert_unit(self, f: EventFeatures, event_ids: tuple[str, ...], linked_articles: set[str]) -> None:
        kind = (type_family(f.type), f.modality)
        filed, looked = placement(f, kind[0], window_days=self._window, max_span_days=self._max_span)
        unit = _Unit(f, event_ids, tuple(self._key_pool.setdefault(k, k) for k in filed),
                     self._kinds.setdefault(kind, kind))
        self._units[f.id] = unit
        self._article_units[f.article_id].append(f.id)
        self._dirty.add(f.id)
        seen: set[str] = set()
        for evidence in f.evidence_keys:
            for other in self._by_evidence[evidence]:
                self._consider(f.id, other, seen, linked_articles)
            self._by_evidence[evidence].append(f.id)
        for linked in linked_articles:
            for other in self._article_units.get(linked, ()):
                self._consider(f.id, other, seen, linked_articles)
        for key in looked:
            for other in self._buckets.get(key, ()):
                self._consider(f.id, other, seen, linked_articles)
        for key in unit.block_keys:
            self._buckets[key].append(f.id)

    def _remove_unit(self, uid: str) -> None:
        unit = self._units.pop(uid)
        for key in unit.block_keys:
            self._buckets[key].remove(uid)
        for evidence in unit.features.evidence_keys:
            self._by_evidence[evidence].remove(uid)
        for other in self._edges.pop(uid, {}):
            del self._edges[other][uid]
            self._dirty.add(other)
        self._dirty.discard(uid)
        self._drop_story(uid, mark_dirty=True)

    # -- decision --------------------------------------------------------------

    def _consider(self, u: str, v: str, seen: set[str] | None = None, linked: set[str] | None = None) -> None:
        """Score units ``u`` and ``v``; keep or update their link when they match.

        ``linked``, when given, holds every article ``u``'s article shares text
        with: the reuse records of any other pair need not be looked up.
        """
        if seen is not None:
            if v in seen:
                return
            seen.add(v)
        unit_u, unit_v = self._units[u], self._units[v]
        a, b = unit_u.features, unit_v.features
        if a.article_id == b.article_id or unit_u.kind != unit_v.kind:
            return
        self.comparisons += 1
        points = match_points(a, b, lambda: self._link(a, b, linked))
        if points is None or self._edges.get(u, {}).get(v) == points:
            return
        self._edges[u][v] = self._edges[v][u] = points
        self._dirty.update((u, v))

    def _link(self, a: EventFeatures, b: EventFeatures, linked: set[str] | None = None) -> Link:
        return link_of(a, b, self._reuse, self._near, linked)

    # -- output ------------------------------------------------------------------

    def stories(self) -> list[Story]:
        """Every story, sorted by id; only the linked groups changed since the last call are rebuilt."""
        components = self._components(sorted(self._dirty))
        for component in components:
            for uid in component:
                self._drop_story(uid, mark_dirty=False)
        for component in components:
            for units in self._cluster(component):
                story = self._build(units)
                self._stories[story.id] = (story, units)
                for uid in units:
                    self._story_of[uid] = story.id
        self._dirty.clear()
        return [self._stories[sid][0] for sid in sorted(self._stories)]

    def iter_stories(self, article_ids: Iterable[str] | None = None) -> Iterator[Story]:
        """Every story, built afresh and let go as it is yielded (linked group by group, not sorted).

        For a one-off pass over many events: the same stories as :meth:`stories`,
        without keeping them all (nor the record of what changed) in memory.
        With ``article_ids``, only the linked groups holding those articles'
        events are built (every story with one of them is among what is yielded).
        """
        if article_ids is None:
            starts = sorted(self._units)
        else:
            starts = sorted(uid for aid in set(article_ids) for uid in self._article_units.get(aid, ()))
        for component in self._components(starts):
            for units in self._cluster(component):
                yield self._build(units)

    def _components(self, starts: Iterable[str]) -> list[list[str]]:
        """The linked groups holding these units, each once."""
        components: list[list[str]] = []
        done: set[str] = set()
        for uid in starts:
            if uid in done or uid not in self._units:
                continue
            component = self._component(uid)
            done.update(component)
            components.append(component)
        return components

    def story_ids(self) -> dict[str, str]:
        """``event id -> story id`` for every event added (to fill ``Event.story_id``)."""
        out = {}
        for story in self.stories():
            for event_id in story.event_ids:
                out[event_id] = story.id
        return out

    def _drop_story(self, uid: str, *, mark_dirty: bool) -> None:
        sid = self._story_of.pop(uid, None)
        if sid is None or sid not in self._stories:
            return
        _, units = self._stories.pop(sid)
        for other in units:
            self._story_of.pop(other, None)
            if mark_dirty and other in self._units:
                self._dirty.add(other)

    def _component(self, start: str) -> list[str]:
        seen = {start}
        stack = [start]
        while stack:
            for other in self._edges.get(stack.pop(), {}):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return sorted(seen)

    def _cluster(self, component: list[str]) -> list[tuple[str, ...]]:
        return cluster(component, [self._units[u].features for u in component], self._edges)

    def _build(self, units: tuple[str, ...]) -> Story:
        feats = sorted((self._events[e] for u in units for e in self._units[u].event_ids), key=lambda f: f.id)
        return build_story(feats, self._articles, self._reuse)


def match_points(a: EventFeatures, b: EventFeatures, link: Callable[[], Link]) -> float | None:
    """The points of two units of different articles when they match, else None.

    ``link`` is asked only when the fields agree: it may read reuse records.
    """
    points = compare(a, b)
    if points is None:
        return None
    points += link_points(link())
    return points if points >= MERGE_THRESHOLD else None


def link_of(a: EventFeatures, b: EventFeatures, reuse: ReuseKeeper, near: Mapping[str, set[str]],
            linked: set[str] | None = None) -> Link:
    """What ties two units of different articles: a shared passage, shared text elsewhere, or nothing.

    ``linked``, when given, holds every article ``a``'s article shares text
    with, so the records of any other pair need not be looked up.
    """
    if any(key in b.evidence_keys for key in a.evidence_keys):
        return Link.PASSAGE
    if linked is not None and b.article_id not in linked:
        return Link.NONE  # no records, no near-duplicate: most pairs met in a block
    records = reuse.get(pair_of(a.article_id, b.article_id))
    if any(_same_passage(r, a, b) for r in records):
        return Link.PASSAGE
    return Link.ARTICLES if records or b.article_id in near.get(a.article_id, ()) else Link.NONE


def cluster(component: Sequence[_K], feats: Sequence[EventFeatures],
            edges: Mapping[_K, Mapping[_K, float]]) -> list[tuple[_K, ...]]:
    """The stories of one linked group: strongest link first, never joining conflicting units.

    ``component`` is the group's units in id order, ``feats`` their features
    in the same order; ties between links go to the units earlier in it.
    """
    if len(component) == 1:
        return [(component[0],)]
    index = {uid: i for i, uid in enumerate(component)}
    links = sorted((-points, index[u], index[v]) for u in component
                   for v, points in edges[u].items() if index[u] < index[v])
    groups = join_without_conflict(feats, [(i, j) for _, i, j in links])
    return [tuple(component[i] for i in group) for group in groups]


def build_story(feats: list[EventFeatures], articles: Mapping[str, ArticleInfo], reuse: ReuseKeeper) -> Story:
    """The story of these member mentions (sorted by id), with what is known of their articles."""
    article_ids = sorted({f.article_id for f in feats})
    infos = {aid: articles.get(aid, ArticleInfo(None, None, None)) for aid in article_ids}
    dated = [(info.published, aid) for aid, info in infos.items() if info.published is not None]
    start, end = _own_dates(feats)
    anchor = _best_place(feats)
    countries = Counter(f.country for f in feats if f.country)
    story = Story(
        id=stable_id("story", feats[0].id),
        type=_most_common(f.type for f in feats),
        event_ids=[f.id for f in feats],
        article_ids=article_ids,
        sources=sorted({info.source or aid for aid, info in infos.items()}),
        independent_sources=_independent(feats, infos, reuse),
        earliest_article_id=min(dated)[1] if dated else None,
        start=day(start),
        end=day(end),
        lat=anchor.lat if anchor else None,
        lon=anchor.lon if anchor else None,
        country=_most_common(countries.elements()) if countries else None,
        disagreements=_disagreements(feats),
    )
    story.summary = _summary(story, feats, anchor)
    return story


def _independent(feats: list[EventFeatures], infos: dict[str, ArticleInfo], reuse: ReuseKeeper) -> int:
    """Number of groups of story articles that do not share text (or outlet) with each other."""
    group = {aid: aid for aid in infos}

    def join(x: str, y: str) -> None:
        if x in group and y in group:
            group[root_of(group, x)] = root_of(group, y)

    by_outlet: dict[str, str] = {}
    for aid, info in infos.items():
        if info.near_duplicate_of:
            join(aid, info.near_duplicate_of)
        if info.source:
            join(aid, by_outlet.setdefault(info.source, aid))
    by_evidence: dict[int, str] = {}
    # Each article's records with the story's other articles, read once per article (a store pass reads
    # them from disk); an article alone in its story has none to read.
    shared: dict[str, list[PackedReuse]] = {}
    if len(infos) > 1:
        shared = {aid: [r for other in reuse.linked(aid) if other in group
                        for r in reuse.get(pair_of(aid, other))] for aid in infos}
    for f in feats:
        for key in f.evidence_keys:
            join(f.article_id, by_evidence.setdefault(key, f.article_id))
        for other in passage_links(f.article_id, f.trigger_start, f.trigger_end, shared.get(f.article_id, [])):
            join(f.article_id, other)
    return len({root_of(group, aid) for aid in infos})


def resolve_stories(events: Iterable[Event], articles: Mapping[str, Article],
                    reuse: Iterable[Reuse | PackedReuse] = ()) -> list[Story]:
    """One-shot resolution: the stories of ``events`` (see :class:`StoryResolver`)."""
    resolver = StoryResolver()
    resolver.add(events, articles, reuse)
    return resolver.stories()


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


PASSAGE_DRIFT_CHARS = 40
PASSAGE_DRIFT_SHARE = 0.1
"""How far a copied word may sit from where its original's offset puts it (light edits shift the text)."""


def _same_passage(r: PackedReuse, a: EventFeatures, b: EventFeatures) -> bool:
    """A trigger of each at corresponding places of one aligned span: the same copied words.

    A whole re-published article is one aligned span; two different events of
    it are still two events, so the trigger positions inside the span must agree.
    """
    if a.article_id == r.target_article_id:
        a, b = b, a
    for s in r.spans:
        for x0, x1 in a.triggers:
            if not (s.source_start <= x0 and x1 <= s.source_end):
                continue
            into = x0 - s.source_start
            for y0, y1 in b.triggers:
                if s.target_start <= y0 and y1 <= s.target_end and \
                        abs((y0 - s.target_start) - into) <= PASSAGE_DRIFT_CHARS + PASSAGE_DRIFT_SHARE * into:
                    return True
    return False


def _own_dates(feats: list[EventFeatures]) -> tuple[int | None, int | None]:
    """The story's days from its members' own dates: the span of the day-level ones, else the narrowest.

    Dates resting on a publication date or an inferred window are left out; a
    coarse mention ("the third attack this year") does not widen a story
    other reports date to the day.
    """
    own = [f for f in feats if f.start is not None and f.end is not None and not f.date_inferred]
    days = [f for f in own if f.day_level]
    if days:
        return min(f.start for f in days), max(f.end for f in days)  # type: ignore[type-var]
    if own:
        best = min(own, key=lambda f: (f.end - f.start, f.start))  # type: ignore[operator]
        return best.start, best.end
    return None, None


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _best_place(feats: list[EventFeatures]) -> EventFeatures | None:
    located = [f for f in feats if f.lat is not None]
    return min(located, key=lambda f: (f.tolerance_km, f.id)) if located else None


def _disagreements(feats: list[EventFeatures]) -> list[Disagreement]:
    """Fields on which the story's articles report different values."""
    fatalities: dict[str, tuple[int, int]] = {}
    days: dict[str, set[int]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    for f in feats:
        if f.fatalities is not None:
            known = fatalities.get(f.article_id)
            if known is None or (f.fatalities[1], f.fatalities[0]) > (known[1], known[0]):
                fatalities[f.article_id] = f.fatalities
        if f.start is not None and f.day_level:
            days[f.article_id].add(f.start)
        if f.place_name and f.precision in ("exact", "near"):
            places[f.article_id].add(f.place_name.strip().lower())
    out = []
    if len(set(fatalities.values())) > 1:
        out.append(Disagreement(field="fatalities", values={a: _toll(v) for a, v in sorted(fatalities.items())}))
    if _disjoint_pair(days):
        out.append(Disagreement(field="date", values={
            a: ", ".join(date.fromordinal(d).isoformat() for d in sorted(v)) for a, v in sorted(days.items())}))
    if _disjoint_pair(places):
        out.append(Disagreement(field="place", values={a: ", ".join(sorted(v)) for a, v in sorted(places.items())}))
    return out


def _toll(toll: tuple[int, int]) -> str:
    low, high = toll
    return str(low) if low == high else f"{low}-{high}"


def _disjoint_pair(values: dict[str, set]) -> bool:
    sets = list(values.values())
    return any(not sets[i] & sets[j] for i in range(len(sets)) for j in range(i + 1, len(sets)))


def _summary(story: Story, feats: list[EventFeatures], anchor: EventFeatures | None) -> str:
    """One line: type, the two most named parties, place, days, and how many (independent) articles."""
    src = Counter(k for f in feats for k in f.sources.keys)
    tgt = Counter(k for f in feats for k in f.targets.keys)
    first = _top(src) or _top(tgt)
    second = _top(tgt, skip=first) or _top(src, skip=first)
    who = " vs ".join(x.removeprefix("name:") for x in (first, second) if x) or "unknown actors"
    where = f" near {anchor.place_name}" if anchor is not None and anchor.place_name else ""
    if story.country:
        where += f" ({story.country})"
    when = ""
    if story.start is not None:
        until = f"..{story.end.isoformat()}" if story.end is not None and story.end != story.start else ""
        when = f", {story.start.isoformat()}{until}"
    n = len(story.article_ids)
    return (f"{story.type}: {who}{where}{when}; {n} article{'s' if n != 1 else ''}, "
            f"{story.independent_sources} independent")


def _top(counts: Counter, *, skip: str | None = None) -> str | None:
    keys = [k for k in counts if k != skip]
    return min(keys, key=lambda k: (-counts[k], k)) if keys else None
