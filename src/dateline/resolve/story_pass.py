"""Stories over a whole store in a few bytes of memory a unit: units, links and article facts on disk.

:class:`~dateline.resolve.stories.StoryResolver` keeps every unit's
features in memory, about 2.3 KB an event: fine for a feed, but a store of
a day of world news (a million events and more) would need gigabytes. The
store pass has every event before it starts, so it works in three sweeps
over a scratch SQLite file instead:

1. **Units.** Each article's events are grouped into units as the resolver
   groups them, and each unit is written with its features (pickled), its
   article's outlet, date and near-duplicate, the block keys it is filed and
   looked up under (:func:`~dateline.resolve.blocking.placement`) and its
   evidence keys.
2. **Links.** Units are compared block by block (in key order, so a block's
   units are read together), then within each evidence sentence, then across
   each pair of articles that share text or are near-duplicates: the same
   pairs the resolver compares, scored by the same functions. A pair met in
   several blocks is scored only in the first. The pairs that match are
   written down, and joined into linked groups in an array of unit numbers.
3. **Stories.** Units are read back in id order; one without a link is a
   story of its own, and a linked group is read back whole, clustered and
   built as the resolver does it (:func:`~dateline.resolve.stories.cluster`,
   :func:`~dateline.resolve.stories.build_story`).

So the stories are the resolver's, in the resolver's order. In memory: a
bounded cache of units read back, and about ten bytes a unit for the groups.
"""

from __future__ import annotations

import pickle
import sqlite3
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain, combinations, groupby, product
from operator import itemgetter
from pathlib import Path
from typing import Any

from dateline.model import Article, Event, Story
from dateline.resolve.blocking import BlockKey, placement
from dateline.resolve.compact_records import ArticleMeta, pair_of
from dateline.resolve.coreference import group_mentions, merge_mentions, root_of
from dateline.resolve.matching import EventFeatures, features, type_family
from dateline.resolve.reuse import observed_date
from dateline.resolve.reuse_scratch import ReuseScratch
from dateline.resolve.stories import (
    MAX_BLOCKED_SPAN_DAYS,
    WINDOW_DAYS,
    ArticleInfo,
    build_story,
    cluster,
    link_of,
    match_points,
)

_SCHEMA = """
CREATE TABLE units (
    n INTEGER PRIMARY KEY, uid TEXT NOT NULL, article TEXT NOT NULL, unit BLOB NOT NULL, mentions BLOB,
    source TEXT, published INTEGER, near TEXT
);
CREATE TABLE keys (key TEXT NOT NULL, n INTEGER NOT NULL, role INTEGER NOT NULL);
CREATE TABLE evidence (key INTEGER NOT NULL, n INTEGER NOT NULL);
CREATE TABLE near (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE edges (u INTEGER NOT NULL, v INTEGER NOT NULL, points REAL NOT NULL, PRIMARY KEY (u, v)) WITHOUT ROWID;
CREATE TABLE members (root INTEGER NOT NULL, n INTEGER NOT NULL);
"""
_INDEXES = """
CREATE INDEX units_by_uid ON units (uid);
CREATE INDEX units_by_article ON units (article);
CREATE INDEX keys_by_key ON keys (key, n, role);
CREATE INDEX evidence_by_key ON evidence (key, n);
"""
_FILES, _LOOKS = 1, 2
_FACTS = "article, source, published, near"
_ROW = f"n, uid, unit, mentions, {_FACTS}"
CACHED_UNITS = 8_000
"""Units kept read back (about 5 KB each once unpickled): a block's units are read together, and a unit sits in
a few blocks."""
CACHED_ARTICLES = 4096
"""Articles whose linked articles are kept: a pair of units that agree asks for the first one's."""
_AT_ONCE = 500
"""Rows read or written in one statement."""


@dataclass(frozen=True, slots=True)
class _Held:
    """One unit as read back for matching: its merged features and its block keys (not its mentions)."""

    n: int
    features: EventFeatures
    files: frozenset[str]
    looks: frozenset[str]
    kind: tuple[str, str]
    article_id: str


_Member = tuple[_Held, frozenset[str], frozenset[str]]
"""A unit in a block, with the keys it looks under and is filed under that come before the block's."""
_Facts = tuple[str, str | None, int | None, str | None]
"""A unit's article as stored with it: id, outlet, observed date (ordinal) and the original it near-duplicates."""
_Row = tuple[int, str, bytes, bytes | None, str, str | None, int | None, str | None]
"""A unit as stored: number, id, pickled unit, pickled mentions, and its article's facts."""


def _key(key: BlockKey) -> str:
    return "\x1f".join(map(str, key))


def _signed(key: int) -> int:
    """An evidence key (64 bits, unsigned) as SQLite's signed INTEGER."""
    return key - (1 << 64) if key >= 1 << 63 else key


class StoryPass:
    """The stories of every unit added, worked out on disk (see the module docstring).

    Args:
        folder: where the scratch file goes (the store pass's scratch folder).
        reuse: the pass's reuse records.

    Example:
        >>> with closing(StoryPass(folder, reuse)) as stories:
        ...     for article in articles:
        ...         stories.add(article, events_of(article))
        ...     stories.link()
        ...     for story in stories.iter_stories(): ...
    """

    def __init__(self, folder: Path, reuse: ReuseScratch, *,
                 window_days: int = WINDOW_DAYS, max_blocked_span_days: int = MAX_BLOCKED_SPAN_DAYS) -> None:
        self._path = folder / "units.sqlite"
        self._db = sqlite3.connect(self._path)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.executescript(_SCHEMA)
        self._window = window_days
        self._max_span = max_blocked_span_days
        self._reuse = reuse
        self._cache: OrderedDict[int, _Held] = OrderedDict()
        self._near: OrderedDict[str, set[str]] = OrderedDict()
        self._links: OrderedDict[str, set[str]] = OrderedDict()
        self._edges: list[tuple[int, int, float]] = []
        self._parent = array("q")
        self._linked = bytearray()
        """1 for each unit with a link (by unit number), once :meth:`link` has run."""
        self.comparisons = 0
        """Unit pairs scored (the resolver's count for the same units, or a few more)."""

    def close(self) -> None:
        """Delete the scratch file (``contextlib.closing`` does it at the end of a ``with`` block)."""
        self._db.close()
        self._path.unlink(missing_ok=True)

    # -- 1. units ----------------------------------------------------------------

    def add(self, article: Article | ArticleMeta, events: Iterable[Event]) -> None:
        """Add an article and all its events (in stored order): they are grouped into units and written down.

        Every article of the pass is added once, with or without events, before :meth:`link`.
        """
        if self._parent:
            raise RuntimeError("StoryPass.add after link(): add every article first")
        original = article.near_duplicate_of if article.near_duplicate_of != article.id else None
        if original:
            self._db.executemany("INSERT OR IGNORE INTO near VALUES (?, ?)",
                                 [(article.id, original), (original, article.id)])
        published = observed_date(article)
        facts = (article.id, article.source, published.toordinal() if published else None, original)
        pool: dict = {}  # actor sides shared within the article; pickled per unit anyway
        mentions = [features(e, interned=pool) for e in events]
        for group in group_mentions(mentions):
            f = merge_mentions(group)
            filed, looked = placement(f, type_family(f.type), window_days=self._window, max_span_days=self._max_span)
            files, looks = frozenset(map(_key, filed)), frozenset(map(_key, looked))
            # Mentions apart: matching never reads them, and most units are one mention, the unit itself.
            n = self._db.execute(f"INSERT INTO units ({_ROW.removeprefix('n, ')}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (f.id, _dump((f, files, looks)), _dump(tuple(group)) if len(group) > 1 else None,
                                  *facts)).lastrowid
            self._db.executemany("INSERT INTO keys VALUES (?, ?, ?)",
                                 [(k, n, (_FILES if k in files else 0) | (_LOOKS if k in looks else 0))
                                  for k in files | looks])
            self._db.executemany("INSERT INTO evidence VALUES (?, ?)", [(_signed(k), n) for k in set(f.evidence_keys)])

    # -- 2. links ----------------------------------------------------------------

    def link(self) -> None:
        """Compare the units that the resolver would compare; write down the pairs that match, and join them."""
        if self._parent:
            raise RuntimeError("StoryPass.link runs once")
        self._db.executescript(_INDEXES)
        size = (self._db.execute("SELECT max(n) FROM units").fetchone()[0] or 0) + 1
        self._parent = array("q", range(size))
        self._linked = bytearray(size)
        for key, rows in groupby(self._db.execute("SELECT key, n, role FROM keys ORDER BY key, n"), itemgetter(0)):
            members = [(n, role) for _, n, role in rows]
            if len(members) > 1:
                self._link_block(key, members)
        for _, rows in groupby(self._db.execute("SELECT key, n FROM evidence ORDER BY key, n"), itemgetter(0)):
            ns = [n for _, n in rows]
            if len(ns) > 1:
                held = self._read(ns)
                for u, v in combinations(ns, 2):
                    self._score(held[u], held[v])
        x_now, xs = None, []
        for x, y in self._linked_articles():  # in pair order: one article's pairs come one after the other
            if x != x_now:
                x_now, xs = x, self._held_of(x)
            ys = self._held_of(y)
            for a in xs:
                for b in ys:
                    self._score(a, b)
        self._write_edges()
        self._db.executemany("INSERT INTO members VALUES (?, ?)",
                             ((root_of(self._parent, n), n) for n in range(size) if self._linked[n]))
        self._db.execute("CREATE INDEX members_by_root ON members (root)")

    def _link_block(self, key: str, members: list[tuple[int, int]]) -> None:
        """Score the pairs of one block: each unit looking here against each unit filed here.

        A pair that also shares a block earlier in key order was scored there,
        so each member's earlier keys are worked out once for the block.
        """
        held = self._read([n for n, _ in members])
        both: list[_Member] = []
        looks: list[_Member] = []
        files: list[_Member] = []
        for n, role in members:
            h = held[n]
            member = (h, frozenset(k for k in h.looks if k < key), frozenset(k for k in h.files if k < key))
            (both if role == _FILES | _LOOKS else looks if role == _LOOKS else files).append(member)
        for (a, a_looks, a_files), (b, b_looks, b_files) in chain(
                combinations(both, 2), product(both, files), product(looks, both), product(looks, files)):
            if a_looks.isdisjoint(b_files) and b_looks.isdisjoint(a_files):
                self._score(a, b)

    def _linked_articles(self) -> Iterator[tuple[str, str]]:
        """Each pair of articles that share text (in pair order), then each near-duplicate pair not among them."""
        previous = None
        for record in self._reuse:
            pair = pair_of(record.source_article_id, record.target_article_id)
            if pair != previous:
                previous = pair
                yield pair
        for x, y in self._db.execute("SELECT a, b FROM near WHERE a < b ORDER BY a, b").fetchall():
            if not self._reuse.get((x, y)):
                yield x, y

    def _score(self, a: _Held, b: _Held) -> None:
        f, g = a.features, b.features
        if f.article_id == g.article_id or a.kind != b.kind:
            return
        self.comparisons += 1
        points = match_points(f, g, lambda: link_of(f, g, self._reuse, {f.article_id: self._near_of(f.article_id)},
                                                      self._linked_to(f.article_id)))
        if points is None:
            return
        self._edges += [(a.n, b.n, points), (b.n, a.n, points)]
        if len(self._edges) >= _AT_ONCE:
            self._write_edges()
        self._linked[a.n] = self._linked[b.n] = 1
        self._parent[root_of(self._parent, a.n)] = root_of(self._parent, b.n)

    def _write_edges(self) -> None:
        # A pair met twice (a block and a shared sentence) scores the same both times.
        self._db.executemany("INSERT OR REPLACE INTO edges VALUES (?, ?, ?)", self._edges)
        self._edges = []

    def _near_of(self, article_id: str) -> set[str]:
        """The articles this one is a near-duplicate of, or that are near-duplicates of it (a few kept)."""
        return _remembered(self._near, article_id, lambda: {b for (b,) in self._db.execute(
            "SELECT b FROM near WHERE a = ?", (article_id,))})

    def _linked_to(self, article_id: str) -> set[str]:
        """The articles this one shares text with or is a near-duplicate of (a few kept)."""
        return _remembered(self._links, article_id,
                           lambda: self._near_of(article_id).union(self._reuse.linked(article_id)))

    # -- 3. stories --------------------------------------------------------------

    def iter_stories(self, article_ids: Iterable[str] | None = None) -> Iterator[Story]:
        """Every story (or every story holding one of ``article_ids``' events), built as it is yielded.

        The order is the resolver's :meth:`~dateline.resolve.stories.StoryResolver.iter_stories`.
        """
        if not self._parent:
            raise RuntimeError("StoryPass.iter_stories before link()")
        if article_ids is None:
            starts: Iterable[_Row] = self._db.execute(f"SELECT {_ROW} FROM units ORDER BY uid")
        else:
            starts = sorted(self._units_of(sorted(set(article_ids))), key=itemgetter(1))
        done = bytearray(len(self._linked))
        for row in starts:
            n = row[0]
            if not self._linked[n]:
                yield self._build([(_mentions(row[2], row[3]), row[4:])])
                continue
            root = root_of(self._parent, n)
            if done[root]:
                continue
            done[root] = 1
            group = [m for (m,) in self._db.execute("SELECT n FROM members WHERE root = ?", (root,))]
            held = self._read(group)
            ordered = sorted(group, key=lambda m: held[m].features.id)
            edges: dict[int, dict[int, float]] = defaultdict(dict)
            for u, v, points in self._rows_in("SELECT u, v, points FROM edges WHERE u IN ({})", group):
                edges[u][v] = points
            for units in cluster(ordered, [held[m].features for m in ordered], edges):
                # A unit of one mention is its own mention: its features are read already.
                rows = self._rows_in(f"SELECT n, mentions, {_FACTS} FROM units WHERE n IN ({{}})", units)
                yield self._build([((held[m].features,) if mentions is None else _loads(mentions), tuple(facts))
                                   for m, mentions, *facts in rows])

    def _build(self, units: list[tuple[tuple[EventFeatures, ...], _Facts]]) -> Story:
        """The story of these units, from their mentions and their articles' facts."""
        feats = sorted((m for mentions, _ in units for m in mentions), key=lambda m: m.id)
        infos = {article: ArticleInfo(source, date.fromordinal(published) if published else None, near)
                 for _, (article, source, published, near) in units}
        return build_story(feats, infos, self._reuse)

    # -- reading units back ------------------------------------------------------

    def _rows_in(self, query: str, values: Sequence[int | str]) -> Iterator[tuple]:
        """The rows of ``query`` (``{}`` standing for the placeholders) for ``values``, a batch at a time."""
        for i in range(0, len(values), _AT_ONCE):
            chunk = values[i:i + _AT_ONCE]
            yield from self._db.execute(query.format(", ".join("?" * len(chunk))), chunk)

    def _units_of(self, article_ids: list[str]) -> list[_Row]:
        return list(self._rows_in(f"SELECT {_ROW} FROM units WHERE article IN ({{}})", article_ids))

    def _held_of(self, article_id: str) -> list[_Held]:
        """The units of one article, for matching (from the cache when there)."""
        ns = [n for (n,) in self._db.execute("SELECT n FROM units WHERE article = ?", (article_id,))]
        return list(self._read(ns).values())

    def _read(self, ns: Iterable[int]) -> dict[int, _Held]:
        """The units numbered ``ns``, from the cache or read in batches."""
        out: dict[int, _Held] = {}
        missing = []
        for n in ns:
            held = self._cache.get(n)
            if held is None:
                missing.append(n)
            else:
                self._cache.move_to_end(n)
                out[n] = held
        for n, blob in self._rows_in("SELECT n, unit FROM units WHERE n IN ({})", missing):
            out[n] = self._cache[n] = _load(n, blob)
        self._trim()
        return out

    def _trim(self) -> None:
        while len(self._cache) > CACHED_UNITS:
            self._cache.popitem(last=False)


def _remembered(kept: OrderedDict[str, set[str]], key: str, work_out: Callable[[], set[str]]) -> set[str]:
    """``kept[key]``, worked out and kept (the oldest let go past :data:`CACHED_ARTICLES`) when missing."""
    value = kept.get(key)
    if value is None:
        value = kept[key] = work_out()
        if len(kept) > CACHED_ARTICLES:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    return value


def _dump(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(blob: bytes) -> Any:
    return pickle.loads(blob)  # our own scratch file, written by this pass


def _load(n: int, blob: bytes) -> _Held:
    f, files, looks = _loads(blob)
    return _Held(n, f, files, looks, (type_family(f.type), f.modality), f.article_id)


def _mentions(unit: bytes, mentions: bytes | None) -> tuple[EventFeatures, ...]:
    """A unit's mentions: kept apart when there are several, else the unit itself."""
    return (_loads(unit)[0],) if mentions is None else _loads(mentions)
