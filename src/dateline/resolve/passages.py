"""Provenance of events inside articles: copied passages and the author's own commentary.

Two questions an analyst asks of every event in a blog post that quotes a wire
report: *whose claim is this?* and *how much should I trust it?* An event whose
trigger lies in a passage copied from another article is that article's claim
(``Event.attributed_to``). An event asserted only in the author's own
commentary of an opinion piece is the author's claim, and gets a lower
confidence than a reported one.

Everything here is a pure function over model records; nothing is stored or
mutated (events are copied).
"""

from __future__ import annotations

from collections.abc import Iterable

from dateline.model import Article, Event, Reuse
from dateline.resolve.compact_records import ArticleMeta, PackedReuse

OPINION_COMMENTARY_FACTOR = 0.6
"""Confidence multiplier for events in an opinion author's own words."""
ANALYSIS_COMMENTARY_FACTOR = 0.85
"""Analysis is argued rather than reported, but less so than opinion."""
_FACTORS = {"opinion": OPINION_COMMENTARY_FACTOR, "analysis": ANALYSIS_COMMENTARY_FACTOR}


def _in_target_span(event: Event, reuse: Reuse | PackedReuse) -> bool:
    t = event.trigger
    return any(s.target_start <= t.start and t.end <= s.target_end for s in reuse.spans)


def attribute(event: Event, reuse: Iterable[Reuse | PackedReuse]) -> str | None:
    """The article a copied passage holding ``event`` came from, or None for the article's own text.

    Args:
        event: an event of some article.
        reuse: reuse records involving that article, and those between its
            sources (to tell an original from a re-publication); others are
            ignored.

    Returns:
        ``source_article_id`` of a record whose *target* spans contain the
        event's trigger. With several, an established direction beats an
        ``unknown`` one, then a source that is not itself a copy of another
        candidate (the wire report, not the outlet re-publishing it), then
        the source with the larger reused share.
        With ``direction == "unknown"`` the source is only the likelier origin
        (see :mod:`dateline.resolve.reuse`).

    Example:
        The blog seed's "Iraqi artillery forces shelled Kurdish military
        positions ..." lies in a passage aligned with the AP report, so its
        shelling event is attributed to the AP article.
    """
    records = list(reuse)
    hits = [r for r in records if r.target_article_id == event.article_id and _in_target_span(event, r)]
    if not hits:
        return None
    sources = {r.source_article_id for r in hits}
    copies = {r.target_article_id for r in records if r.source_article_id in sources and r.target_article_id in sources}
    best = min(hits, key=lambda r: (r.direction != "source_to_target", r.source_article_id in copies,
                                    -r.source_share, r.source_article_id))
    return best.source_article_id


def shared_with(event: Event, reuse: Iterable[Reuse | PackedReuse]) -> set[str]:
    """Ids of the other articles whose text shares the passage holding ``event``, in either direction.

    Used to count independent sources: two articles share the report of a
    happening when one's event sits in a passage the other also prints.
    """
    return passage_links(event.article_id, event.trigger.start, event.trigger.end, reuse)


def passage_links(article_id: str, start: int, end: int, reuse: Iterable[Reuse | PackedReuse]) -> set[str]:
    """:func:`shared_with` for a bare span ``[start, end)`` of article ``article_id``."""
    others = set()
    for r in reuse:
        if r.target_article_id == article_id and any(s.target_start <= start and end <= s.target_end for s in r.spans):
            others.add(r.source_article_id)
        elif r.source_article_id == article_id and any(s.source_start <= start and end <= s.source_end for s in r.spans):
            others.add(r.target_article_id)
    return others


def commentary_confidence(event: Event, kind: str, *, attributed_to: str | None) -> float:
    """The event's confidence, lowered when it is asserted only in an opinion or analysis author's words.

    Events attributed to a copied passage keep their confidence: they are the
    quoted source's report, not the author's commentary. Reports are unchanged.
    """
    factor = _FACTORS.get(kind)
    if factor is None or attributed_to is not None:
        return event.confidence
    return round(event.confidence * factor, 3)


def apply_provenance(events: Iterable[Event], article: Article | ArticleMeta, reuse: Iterable[Reuse | PackedReuse]) -> list[Event]:
    """Copies of ``article``'s events with ``attributed_to`` and the commentary confidence set.

    Example:
        >>> apply_provenance(extraction.events, blog, index.find_reuse(blog))
    """
    records = list(reuse)
    partners = {r.source_article_id for r in records if r.target_article_id == article.id}
    records = [r for r in records if article.id in (r.source_article_id, r.target_article_id)
               or (r.source_article_id in partners and r.target_article_id in partners)]
    out = []
    for event in events:
        source = attribute(event, records)
        confidence = commentary_confidence(event, article.kind, attributed_to=source)
        out.append(event.model_copy(update={"attributed_to": source, "confidence": confidence}))
    return out
