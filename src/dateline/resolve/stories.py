"""Stories: one resolved event per happening, however many articles report it.

:class:`StoryResolver` takes events as they are extracted and keeps their
grouping up to date without recomputing everything:

* **Blocking.** A dated event is filed under ``(week, country, type family)``
  for every week its date (plus a day of slack) touches; it is compared only
  with the events already filed under the same keys, so the cost per event
  depends on how many events a country has in a week, not on the size of the
  collection. Events with no date, or a date looser than
  ``max_blocked_span_days``, are not filed: they are compared only with the
  events of articles they share text with (reuse or near-duplicate links) and
  with events whose evidence sentence is identical. Events with no country
  are filed under an empty country and meet only each other there.
* **Decision.** Each compared pair goes through
  :func:`dateline.resolve.matching.compare`; matches are joined with
  union-find. The stories are the connected components, so the result does
  not depend on the order in which events, articles or reuse records arrive:
  a pair is (re)compared whenever the last piece of its evidence shows up.
* **Stories.** Built lazily for the components that changed. A story's id is
  ``stable_id("story", <smallest member event id>)``.

Independent sources: the articles of a story, where two articles count once
when one's member event sits in a passage shared with the other, when they
share an evidence sentence, when one is a near-duplicate of the other, or when
they come from the same outlet. Disagreements between articles on fatalities,
day and named place are kept, never resolved by picking one.

Known limit: joining is single-link, so a chain of pairwise matches can join
two mentions that would not match directly.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from dateline.model import Article, Disagreement, Event, Reuse, Story, stable_id
from dateline.resolve.matching import DAY_SLACK, EventFeatures, Link, day, features, is_match, type_family
from dateline.resolve.passages import passage_links
from dateline.resolve.reuse import observed_date

log = logging.getLogger(__name__)

WINDOW_DAYS = 7
MAX_BLOCKED_SPAN_DAYS = 62


@dataclass(frozen=True, slots=True)
class _ArticleInfo:
    source: str | None
    published: date | None
    near_duplicate_of: str | None


class StoryResolver:
    """Groups event mentions from many articles into stories, incrementally.

    Args:
        window_days: width of the date blocks.
        max_blocked_span_days: events whose date range is wider than this are
            matched only through shared text, like undated ones.

    Example:
        >>> resolver = StoryResolver()
        >>> resolver.add(ap_events, {ap.id: ap}, [])
        >>> resolver.add(blog_events, {blog.id: blog}, index.find_reuse(blog))
        >>> [(s.id, s.article_ids, s.independent_sources) for s in resolver.stories()]
    """

    def __init__(self, *, window_days: int = WINDOW_DAYS, max_blocked_span_days: int = MAX_BLOCKED_SPAN_DAYS) -> None:
        self._window = window_days
        self._max_span = max_blocked_span_days
        self._feats: list[EventFeatures] = []
        self._slot: dict[str, int] = {}
        self._parent: list[int] = []
        self._members: dict[int, list[int]] = {}
        self._by_article: dict[str, list[int]] = defaultdict(list)
        self._buckets: dict[tuple[int, str, str], list[int]] = defaultdict(list)
        self._by_evidence: dict[int, list[int]] = defaultdict(list)
        self._articles: dict[str, _ArticleInfo] = {}
        self._links: dict[str, set[str]] = defaultdict(set)
        self._reuse: dict[frozenset[str], list[Reuse]] = defaultdict(list)
        self._reuse_seen: set[tuple] = set()
        self._interned: dict = {}
        self._cache: dict[int, Story] = {}
        self._dirty: set[int] = set()
        self.comparisons = 0
        """Event pairs scored so far (what blocking keeps near-linear)."""

    def __len__(self) -> int:
        return len(self._feats)

    # -- input ---------------------------------------------------------------

    def add(self, events: Iterable[Event], articles: Mapping[str, Article], reuse: Iterable[Reuse] = ()) -> None:
        """Add events, the articles they (or earlier events) come from, and reuse records.

        Adding an event id, an article or a reuse record a second time changes
        nothing. Articles may arrive before, with or after their events.
        """
        new_links = self._add_articles(articles.values()) + self._add_reuse(reuse)
        for x, y in new_links:
            for i in self._by_article.get(x, ()):
                for j in self._by_article.get(y, ()):
                    self._consider(i, j)
        for event in events:
            if event.id not in self._slot:
                self._add_event(event)

    def _add_articles(self, articles: Iterable[Article]) -> list[tuple[str, str]]:
        links = []
        for a in articles:
            info = _ArticleInfo(a.source, observed_date(a), a.near_duplicate_of)
            if self._articles.get(a.id) == info:
                continue
            self._articles[a.id] = info
            self._touch_article(a.id)
            if a.near_duplicate_of and a.near_duplicate_of != a.id:
                links += self._link_articles(a.id, a.near_duplicate_of)
        return links

    def _add_reuse(self, reuse: Iterable[Reuse]) -> list[tuple[str, str]]:
        links = []
        for r in reuse:
            key = (r.source_article_id, r.target_article_id, tuple((s.source_start, s.target_start) for s in r.spans))
            if key in self._reuse_seen or r.source_article_id == r.target_article_id:
                continue
            self._reuse_seen.add(key)
            self._reuse[frozenset((r.source_article_id, r.target_article_id))].append(r)
            for aid in (r.source_article_id, r.target_article_id):
                self._touch_article(aid)
            links += self._link_articles(r.source_article_id, r.target_article_id)
            links.append((r.source_article_id, r.target_article_id))
        return list(dict.fromkeys(links))

    def _link_articles(self, x: str, y: str) -> list[tuple[str, str]]:
        if y in self._links[x]:
            return []
        self._links[x].add(y)
        self._links[y].add(x)
        return [(x, y)]

    def _touch_article(self, article_id: str) -> None:
        """Stories holding this article must be rebuilt (its outlet, date or links changed)."""
        for slot in self._by_article.get(article_id, ()):
            root = self._find(slot)
            self._cache.pop(root, None)
            self._dirty.add(root)

    def _add_event(self, event: Event) -> None:
        f = features(event, interned=self._interned)
        slot = len(self._feats)
        self._feats.append(f)
        self._slot[f.id] = slot
        self._parent.append(slot)
        self._members[slot] = [slot]
        self._dirty.add(slot)
        if f.evidence_key is not None:
            for other in self._by_evidence[f.evidence_key]:
                self._consider(slot, other)
            self._by_evidence[f.evidence_key].append(slot)
        for linked in self._links.get(f.article_id, ()):
            for other in self._by_article.get(linked, ()):
                self._consider(slot, other)
        self._by_article[f.article_id].append(slot)
        for key in self._block_keys(f):
            bucket = self._buckets[key]
            for other in bucket:
                if self._canonical_window(f, self._feats[other]) == key[0]:
                    self._consider(slot, other)
            bucket.append(slot)

    def _block_keys(self, f: EventFeatures) -> list[tuple[int, str, str]]:
        if f.start is None or f.end is None or f.end - f.start > self._max_span:
            return []
        first, last = self._windows(f)
        family = type_family(f.type)
        return [(w, f.country or "", family) for w in range(first, last + 1)]

    def _windows(self, f: EventFeatures) -> tuple[int, int]:
        """First and last week a dated event's date (with slack) touches; only called for filed events."""
        assert f.start is not None and f.end is not None
        slack = DAY_SLACK if f.day_level else 0
        return (f.start - slack) // self._window, (f.end + slack) // self._window

    def _canonical_window(self, a: EventFeatures, b: EventFeatures) -> int:
        """The one shared block a pair is compared in (the first week both touch)."""
        return max(self._windows(a)[0], self._windows(b)[0])

    # -- decision --------------------------------------------------------------

    def _consider(self, i: int, j: int) -> None:
        a, b = self._feats[i], self._feats[j]
        if a.article_id == b.article_id:
            return
        ri, rj = self._find(i), self._find(j)
        if ri == rj:
            return
        self.comparisons += 1
        if is_match(a, b, link=self._link(a, b)):
            self._union(ri, rj)

    def _link(self, a: EventFeatures, b: EventFeatures) -> Link:
        if a.evidence_key is not None and a.evidence_key == b.evidence_key:
            return Link.PASSAGE
        if b.article_id not in self._links.get(a.article_id, ()):
            return Link.NONE
        for r in self._reuse.get(frozenset((a.article_id, b.article_id)), ()):
            if _same_passage(r, a, b):
                return Link.PASSAGE
        return Link.ARTICLES

    def _find(self, i: int) -> int:
        parent = self._parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def _union(self, ri: int, rj: int) -> None:
        if len(self._members[ri]) < len(self._members[rj]):
            ri, rj = rj, ri
        self._parent[rj] = ri
        self._members[ri].extend(self._members.pop(rj))
        for root in (ri, rj):
            self._cache.pop(root, None)
            self._dirty.discard(root)
        self._dirty.add(ri)

    # -- output ------------------------------------------------------------------

    def stories(self) -> list[Story]:
        """Every story, sorted by id; only the ones changed since the last call are rebuilt."""
        for root in self._dirty:
            if self._find(root) == root:
                self._cache[root] = self._build(self._members[root])
        self._dirty.clear()
        return sorted(self._cache.values(), key=lambda s: s.id)

    def story_ids(self) -> dict[str, str]:
        """``event id -> story id`` for every event added (to fill ``Event.story_id``)."""
        out = {}
        for story in self.stories():
            for event_id in story.event_ids:
                out[event_id] = story.id
        return out

    def _build(self, members: list[int]) -> Story:
        feats = sorted((self._feats[i] for i in members), key=lambda f: f.id)
        article_ids = sorted({f.article_id for f in feats})
        infos = {aid: self._articles.get(aid, _ArticleInfo(None, None, None)) for aid in article_ids}
        dated = [(info.published, aid) for aid, info in infos.items() if info.published is not None]
        starts = [f.start for f in feats if f.start is not None and not f.date_inferred]
        ends = [f.end for f in feats if f.end is not None and not f.date_inferred]
        anchor = _best_place(feats)
        countries = Counter(f.country for f in feats if f.country)
        independent = self._independent(feats, infos)
        sources = sorted({info.source or aid for aid, info in infos.items()})
        story = Story(
            id=stable_id("story", feats[0].id),
            type=_most_common(f.type for f in feats),
            event_ids=[f.id for f in feats],
            article_ids=article_ids,
            sources=sources,
            independent_sources=independent,
            earliest_article_id=min(dated)[1] if dated else None,
            start=day(min(starts)) if starts else None,
            end=day(max(ends)) if ends else None,
            lat=anchor.lat if anchor else None,
            lon=anchor.lon if anchor else None,
            country=_most_common(countries.elements()) if countries else None,
            disagreements=_disagreements(feats),
        )
        story.summary = _summary(story, feats, anchor)
        return story

    def _independent(self, feats: list[EventFeatures], infos: dict[str, _ArticleInfo]) -> int:
        """Number of groups of story articles that do not share text (or outlet) with each other."""
        group = {aid: aid for aid in infos}

        def find(x: str) -> str:
            while group[x] != x:
                group[x] = group[group[x]]
                x = group[x]
            return x

        def join(x: str, y: str) -> None:
            if x in group and y in group:
                group[find(x)] = find(y)

        by_outlet: dict[str, str] = {}
        for aid, info in infos.items():
            if info.near_duplicate_of:
                join(aid, info.near_duplicate_of)
            if info.source:
                join(aid, by_outlet.setdefault(info.source, aid))
        by_evidence: dict[int, str] = {}
        for f in feats:
            if f.evidence_key is not None:
                join(f.article_id, by_evidence.setdefault(f.evidence_key, f.article_id))
            records = [r for other in self._links.get(f.article_id, ()) if other in group
                       for r in self._reuse.get(frozenset((f.article_id, other)), ())]
            for other in passage_links(f.article_id, f.trigger_start, f.trigger_end, records):
                join(f.article_id, other)
        return len({find(aid) for aid in infos})


def resolve_stories(events: Iterable[Event], articles: Mapping[str, Article], reuse: Iterable[Reuse] = ()) -> list[Story]:
    """One-shot resolution: the stories of ``events`` (see :class:`StoryResolver`)."""
    resolver = StoryResolver()
    resolver.add(events, articles, reuse)
    return resolver.stories()


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _same_passage(r: Reuse, a: EventFeatures, b: EventFeatures) -> bool:
    """Both triggers inside one aligned span, each on its own article's side."""
    if a.article_id == r.target_article_id:
        a, b = b, a
    return any(
        s.source_start <= a.trigger_start and a.trigger_end <= s.source_end
        and s.target_start <= b.trigger_start and b.trigger_end <= s.target_end
        for s in r.spans
    )


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _best_place(feats: list[EventFeatures]) -> EventFeatures | None:
    located = [f for f in feats if f.lat is not None]
    return min(located, key=lambda f: (f.tolerance_km, f.id)) if located else None


def _disagreements(feats: list[EventFeatures]) -> list[Disagreement]:
    """Fields on which the story's articles report different values."""
    fatalities: dict[str, int] = {}
    days: dict[str, set[int]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    for f in feats:
        if f.fatalities is not None:
            fatalities[f.article_id] = max(f.fatalities, fatalities.get(f.article_id, 0))
        if f.start is not None and f.day_level:
            days[f.article_id].add(f.start)
        if f.place_name and f.precision in ("exact", "near"):
            places[f.article_id].add(f.place_name.strip().lower())
    out = []
    if len(set(fatalities.values())) > 1:
        out.append(Disagreement(field="fatalities", values={a: str(v) for a, v in sorted(fatalities.items())}))
    if _disjoint_pair(days):
        out.append(Disagreement(field="date", values={
            a: ", ".join(date.fromordinal(d).isoformat() for d in sorted(v)) for a, v in sorted(days.items())}))
    if _disjoint_pair(places):
        out.append(Disagreement(field="place", values={a: ", ".join(sorted(v)) for a, v in sorted(places.items())}))
    return out


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
