"""Dating the undated: a publication window borrowed from a dated article reporting the same events.

A blog post with no date that re-reports a wire story's clash was published
after the clash happened and, in all likelihood, within days of the wire
story. That window is what lets "last night" in the blog be resolved at all —
at a precision the window states, and always marked ``inferred from <id>``:
nothing here is ever presented as an observed date.

The window for an undated article U, given the stories its events resolved to:

* the dated article D is the one sharing most stories with U (ties: the
  earliest published, then the smallest id);
* **start**: the latest start date among the stories U shares with D (U cannot
  report a happening before it began); without story dates, D's date minus
  :data:`REPORTING_LAG_DAYS`;
* **end**: D's date plus :data:`REPORTING_LAG_DAYS`.

Only observed dates count: an article whose own date was inferred never lends
it to another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from dateline.model import Article, Story
from dateline.resolve.compact_records import ArticleMeta
from dateline.resolve.reuse import observed_date

REPORTING_LAG_DAYS = 7
"""How long after a dated report another report of the same events is assumed to appear."""


def infer_publication_window(
    article: Article | ArticleMeta, stories: Iterable[Story], articles: Mapping[str, Article | ArticleMeta]
) -> tuple[date, date, str] | None:
    """The window an undated article was probably published in, and the article it is inferred from.

    Args:
        article: the article to date; nothing is inferred when it has an observed date.
        stories: resolved stories (those not containing ``article`` are ignored).
        articles: the articles the stories refer to, by id.

    Returns:
        ``(start, end, from_article_id)``, or None when no story links the
        article to a dated one.

    Example:
        The undated blog seed shares the Altun Kupri shelling story with the AP
        report dated 2017-10-20, so it gets ``(2017-10-20, 2017-10-27, <AP id>)``.
    """
    if observed_date(article) is not None:
        return None
    shared = [s for s in stories if article.id in s.article_ids]
    dated = {aid: d for aid in {a for s in shared for a in s.article_ids} - {article.id}
             if aid in articles and (d := observed_date(articles[aid])) is not None}
    counts = Counter(aid for s in shared for aid in s.article_ids if aid in dated)
    if not counts:
        return None
    source_id = min(counts, key=lambda aid: (-counts[aid], dated[aid], aid))
    published = dated[source_id]
    lag = timedelta(days=REPORTING_LAG_DAYS)
    starts = [s.start for s in shared if source_id in s.article_ids and s.start is not None]
    start = max(starts) if starts else published - lag
    end = published + lag
    return min(start, end), end, source_id


def mark_inferred(article: Article, window: tuple[date, date, str]) -> Article:
    """A copy of ``article`` carrying the inferred window; ``published`` stays None (it was not observed)."""
    start, end, source_id = window
    return article.model_copy(
        update={
            "published": None,
            "published_found_in": "inferred",
            "published_window": (start, end),
            "published_note": f"inferred from {source_id}",
        }
    )
