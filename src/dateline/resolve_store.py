"""Cross-source resolution over the store: text reuse, provenance, stories and dating the undated.

Runs after ingest. It reads articles and events back from the store, so its
result depends only on what is stored, never on the order articles arrived in:
reuse is searched for every article against every other, stories are resolved
over all events, and an undated article that shares a story with a dated one
is re-dated (marked inferred, never observed) and its times re-resolved.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from dateline.extract import extract_article
from dateline.model import Article, Event, EventDate, Extraction, Reuse, Story
from dateline.resolve.dating import infer_publication_window, mark_inferred
from dateline.resolve.passages import apply_provenance
from dateline.resolve.reuse import ReuseIndex
from dateline.resolve.stories import StoryResolver

log = logging.getLogger(__name__)


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


def find_all_reuse(articles: dict[str, Article]) -> list[Reuse]:
    """Text reuse between every pair of stored articles that share passages (candidates only, never all pairs)."""
    index = ReuseIndex(fetch=articles.get)
    for article_id in sorted(articles):
        index.add(articles[article_id])
    found: dict[tuple[str, str], Reuse] = {}
    for article_id in sorted(articles):
        for reuse in index.find_reuse(articles[article_id]):
            first, second = sorted((reuse.source_article_id, reuse.target_article_id))
            found.setdefault((first, second), reuse)
    return [found[k] for k in sorted(found)]


def _stories(events: dict[str, list[Event]], articles: dict[str, Article], reuse: list[Reuse]) -> list[Story]:
    resolver = StoryResolver()
    resolver.add([e for aid in sorted(events) for e in events[aid]], articles, reuse)
    return resolver.stories()


def _with_provenance(extraction: Extraction, article: Article, reuse: list[Reuse]) -> Extraction:
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


def resolve_store(store, pipeline) -> ResolveReport:  # noqa: ANN001 - Store and Pipeline sit above resolve
    """Find reuse, attribute copied passages, resolve stories and date the undated; write it all back.

    Everything is decided first and written in one transaction at the end
    (:meth:`Store.save_resolution`), so a pass killed half-way leaves the
    store as it was and marked as still needing resolution.
    """
    articles = {a.id: a for a in store.articles(limit=None)}
    reuse = find_all_reuse(articles)
    extractions: dict[str, Extraction] = {}
    changed: dict[str, Extraction] = {}
    for article_id, article in articles.items():
        extraction = store.get_extraction(article_id)
        if extraction is None:
            continue
        updated = _with_provenance(extraction, article, reuse)
        if updated != extraction:
            changed[article_id] = updated
        extractions[article_id] = updated
    events = {aid: x.events for aid, x in extractions.items()}
    stories = _stories(events, articles, reuse)

    redated: set[str] = set()
    for article_id in sorted(articles):
        article = articles[article_id]
        window = infer_publication_window(article, stories, articles)
        if window is None or article.published_window == (window[0], window[1]):
            continue
        dated = mark_inferred(article, window)
        anchor = articles[window[2]].published
        assert anchor is not None  # windows are lent only by articles with an observed date
        doc = pipeline.resources.nlp(article.text)
        extraction = extract_article(doc, dated, pipeline.resources, anchor=anchor,
                                     anchor_label=f"inferred:{window[2]}")
        extraction = _with_provenance(_date_from_window(extraction, window, anchor), dated, reuse)
        redated.add(article_id)
        changed[article_id] = extraction
        articles[article_id] = dated
        events[article_id] = extraction.events
        log.info("article %s dated from %s: window %s..%s", article_id, window[2], window[0], window[1])
    if redated:
        stories = _stories(events, articles, reuse)
    store.save_resolution(resolved=list(articles), updated_articles=[articles[aid] for aid in sorted(redated)],
                          extractions=changed, stories=stories, reuse=reuse)
    return ResolveReport(stories=len(stories), multi_source=sum(len(s.article_ids) > 1 for s in stories),
                         reuse_pairs=len(reuse), redated=len(redated))
