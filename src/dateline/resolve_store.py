"""Cross-source resolution over the store: text reuse, provenance, stories and dating the undated.

Runs after ingest. It reads articles and events back from the store, so its
result depends only on what is stored, never on the order articles arrived in:
reuse is searched for every article against every other, stories are resolved
over all events, and an undated article that shares a story with a dated one
is re-dated (marked inferred, never observed) and its times re-resolved.

The pass streams: article texts and extractions are read from the store one
at a time and let go, so what it holds grows only with what resolution
itself needs — the reuse candidate index (flat arrays of the shingles two
articles share, 16 bytes each; the rest wait in temporary files while it is
built), each article's metadata (packed:
:mod:`dateline.resolve.compact_records`), and about ten bytes a story unit.
The reuse records, which grow faster than the corpus where wire copy is
reprinted widely, wait on disk in a scratch file
(:mod:`dateline.resolve.reuse_scratch`), which also answers which articles
share text with which; they are read back a pair or an article at a time.
The story units wait in a second scratch file in the same folder
(:mod:`dateline.resolve.story_pass`), read back a block or a linked group at
a time. Changed provenance and the stories
are written back as streams inside the final transaction, stories as they
are built.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from dateline.extract import extract_article
from dateline.gc_tuning import fewer_collections
from dateline.model import Article, Event, EventDate, Extraction, Story
from dateline.resolve.compact_index import CompactReuseIndex
from dateline.resolve.compact_records import ArticleMeta, PackedReuse, pair_of, unpacked
from dateline.resolve.dating import infer_publication_window, mark_inferred
from dateline.resolve.passages import apply_provenance
from dateline.resolve.reuse import StoredTexts, forget_cut_texts, observed_date
from dateline.resolve.reuse_scratch import ReuseScratch
from dateline.resolve.story_pass import StoryPass

log = logging.getLogger(__name__)

PAGE = 500
"""Articles read from the store at a time."""


@dataclass
class ResolveReport:
    """What one resolution pass found; the CLI prints :meth:`line`."""

    stories: int = 0
    multi_source: int = 0
    reuse_pairs: int = 0
    redated: int = 0

    def line(self) -> str:
        return (f"resolved {self.stories} stories ({self.multi_source} reported by more than one article), "
                f"{self.reuse_pairs} text-reuse pairs, {self.redated} undated articles given an inferred window")


def _stored_articles(store) -> Iterator[Article]:
    """Every stored article, a page at a time, in storage order."""
    offset = 0
    while page := store.articles(limit=PAGE, offset=offset):
        yield from page
        offset += len(page)


def find_store_reuse(store, index: CompactReuseIndex, articles: dict[str, ArticleMeta], found: ReuseScratch) -> None:
    """Text reuse between every pair of stored articles that share passages (candidates only, never all pairs).

    ``index`` holds every stored article (a :class:`CompactReuseIndex`: the
    same candidates as :class:`~dateline.resolve.reuse.ReuseIndex`, in flat
    arrays). Each article of ``articles`` is aligned with its candidates,
    their texts read from the store only when not already cut for alignment
    (:class:`~dateline.resolve.reuse.StoredTexts`). Each pair's record goes
    into ``found`` (on disk: a store with much wire copy has many more pairs
    than articles).
    """
    texts = StoredTexts(store.article_texts)
    for article_id in sorted(articles):
        pairs = {o: pair_of(article_id, o) for o, _ in index.candidates(article_id)}
        if not pairs:
            continue
        # A pair aligned from the other side already is not aligned again: the first record found stands.
        known = found.pairs_of(article_id)
        todo = [articles[o] for o, pair in pairs.items() if pair not in known]
        if not todo:
            continue  # its text is not needed
        for other, reuse in texts.align(articles[article_id], todo):
            if reuse is not None:
                found.add_first(pairs[other.id], PackedReuse.of(reuse))
    forget_cut_texts()


def _with_provenance(extraction: Extraction, article: Article, reuse: list[PackedReuse]) -> Extraction:
    events = apply_provenance(extraction.events, article, reuse)
    return extraction.model_copy(update={"events": events})


_UNHAPPENED = ("threatened", "hypothetical", "negated")


def _date_from_window(extraction: Extraction, window: tuple[date, date, str], anchor: date) -> Extraction:
    """Date a re-dated article's events from its inferred window, every such date marked inferred.

    Undated events get the window itself. Events whose time expression was
    resolved against the linked report's date (``anchor``) are widened by how
    far the article's real publication date may lie from it within the
    window ("on Monday" in a post published some day of that week), since
    that expression counted from a date the article does not state. Threats,
    plans and negated events get no date; absolute dates are left as read.
    """
    start, end, source_id = window
    events = []
    for event in extraction.events:
        when = event.date
        if when.start is None and event.modality not in _UNHAPPENED:
            when = EventDate(start=start, end=end, granularity="interval", inferred=True,
                             rule=f"inferred from {source_id}: publication window of a linked dated report")
        elif when.start is not None and when.time is not None and (when.time.anchor or "").startswith("inferred:"):
            when = EventDate(
                start=when.start + (start - anchor), end=(when.end or when.start) + (end - anchor),
                granularity="interval", time=when.time, inferred=True,
                rule=f"{when.rule}, counted from a publication window inferred from {source_id} "
                     f"({start.isoformat()}..{end.isoformat()})",
            )
        events.append(event.model_copy(update={"date": when}) if when is not event.date else event)
    return extraction.model_copy(update={"events": events})


@dataclass
class _Pass:
    """What one resolution pass has read and decided so far."""

    ids: list[str]
    articles: dict[str, ArticleMeta]
    """Every stored article's metadata (no text)."""
    reuse: ReuseScratch
    provenance_changed: set[str]
    redated: dict[str, tuple[Article, Extraction]]
    """Re-dated articles (full, with text) and their new extractions."""


def _reuse_around(p: _Pass, article_id: str) -> list[PackedReuse]:
    """The reuse records provenance reads for an article: its own, and those between the articles it copies from.

    The second kind tells a wire original from an outlet that re-published
    it, when the article's passage is found in both.
    """
    own = p.reuse.of(article_id)
    sources = {r.source_article_id for r in own if r.target_article_id == article_id}
    return own + p.reuse.between(sources) if sources else own


def _story_pass(store, p: _Pass) -> StoryPass:
    """The stories of every stored event (re-dated articles' new events instead of their stored ones), linked."""
    stories = StoryPass(p.reuse.folder, p.reuse)
    try:
        for article_id in p.ids:
            if article_id in p.redated:
                stories.add(p.articles[article_id], p.redated[article_id][1].events)
                continue
            stored = store.article_events(article_id)
            events = apply_provenance(stored, p.articles[article_id], _reuse_around(p, article_id))
            if events != stored:
                p.provenance_changed.add(article_id)
            stories.add(p.articles[article_id], events)
        stories.link()
    except BaseException:
        stories.close()
        raise
    return stories


def _stories_of_undated(stories: StoryPass, articles: dict[str, ArticleMeta]) -> dict[str, list[Story]]:
    """The stories each article without an observed date is in: all that dating one needs."""
    undated = {aid for aid, a in articles.items() if observed_date(a) is None}
    out: dict[str, list[Story]] = defaultdict(list)
    for story in stories.iter_stories(undated):
        for article_id in undated.intersection(story.article_ids):
            out[article_id].append(story)
    return out


class _Counted:
    """Stories on their way to the store, counted as they pass (for the report)."""

    def __init__(self, stories: Iterator[Story]) -> None:
        self._stories = stories
        self.stories = 0
        self.multi_source = 0

    def __iter__(self) -> Iterator[Story]:
        for story in self._stories:
            self.stories += 1
            self.multi_source += len(story.article_ids) > 1
            yield story


def _changed_events(store, p: _Pass) -> Iterator[Event]:
    """Stored events whose provenance the pass changed, read again one article at a time."""
    for article_id in sorted(p.provenance_changed - set(p.redated)):
        stored = store.article_events(article_id)
        updated = apply_provenance(stored, p.articles[article_id], _reuse_around(p, article_id))
        for old, new in zip(stored, updated, strict=True):
            if (old.attributed_to, old.confidence) != (new.attributed_to, new.confidence):
                yield new


def resolve_store(store, pipeline) -> ResolveReport:  # noqa: ANN001 - Store and Pipeline sit above resolve
    """Find reuse, attribute copied passages, resolve stories and date the undated; write it all back.

    Everything is decided first and written in one transaction at the end
    (:meth:`Store.save_resolution`), so a pass killed half-way leaves the
    store as it was and marked as still needing resolution. Reuse records
    and story units wait for that in scratch files (:class:`ReuseScratch`), deleted after.
    """
    with fewer_collections(), ReuseScratch() as reuse:
        return _resolve(store, pipeline, reuse)


def _resolve(store, pipeline, reuse: ReuseScratch) -> ResolveReport:  # noqa: ANN001 - as resolve_store
    index = CompactReuseIndex()
    articles: dict[str, ArticleMeta] = {}
    for stored in _stored_articles(store):
        articles[stored.id] = ArticleMeta.of(stored)
        index.add(stored)
    index.freeze()
    ids = sorted(articles)
    log.info("resolving stories and text reuse over %d stored articles", len(ids))
    find_store_reuse(store, index, articles, reuse)
    del index
    p = _Pass(ids=ids, articles=articles, reuse=reuse, provenance_changed=set(), redated={})
    story_pass = _story_pass(store, p)
    try:
        in_stories = _stories_of_undated(story_pass, articles)
        for article_id in sorted(in_stories):
            article = articles[article_id]
            window = infer_publication_window(article, in_stories[article_id], articles)
            if window is None or article.published_window == (window[0], window[1]):
                continue
            full = store.get_article(article_id)
            dated = mark_inferred(full, window)
            anchor = articles[window[2]].published
            assert anchor is not None  # windows are lent only by articles with an observed date
            doc = pipeline.resources.nlp(full.text)
            extraction = extract_article(doc, dated, pipeline.resources, anchor=anchor,
                                         anchor_label=f"inferred:{window[2]}")
            extraction = _with_provenance(_date_from_window(extraction, window, anchor), dated,
                                          _reuse_around(p, article_id))
            p.redated[article_id] = (dated, extraction)
            articles[article_id] = ArticleMeta.of(dated)
            log.info("article %s dated from %s: window %s..%s", article_id, window[2], window[0], window[1])
        del in_stories
        if p.redated:
            story_pass.close()  # its units hold the old events; the new pass writes the same file again
            story_pass = _story_pass(store, p)
        stories = _Counted(story_pass.iter_stories())
        store.save_resolution(resolved=ids, updated_articles=[p.redated[aid][0] for aid in sorted(p.redated)],
                              extractions={aid: x for aid, (_, x) in p.redated.items()},
                              provenance=_changed_events(store, p), stories=stories, reuse=unpacked(reuse))
    finally:
        story_pass.close()
    return ResolveReport(stories=stories.stories, multi_source=stories.multi_source,
                         reuse_pairs=len(reuse), redated=len(p.redated))
