"""Plain inputs to Articles, and one text to its events: what ``dateline.extract(text)`` runs.

The Python API and the spaCy components take what people have at hand — a
string, a dict from a JSON file, an :class:`~dateline.model.Article` — so this
module turns each into an Article exactly as ``dateline ingest`` would (same
date, dateline and kind rules; the text is never changed), and raises when
ingest would have skipped the item instead of quietly returning nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

from dateline.errors import InputError
from dateline.model import Article, Event, Outcome

if TYPE_CHECKING:
    from dateline.extract import Resources
    from dateline.ingest import RawItem

log = logging.getLogger(__name__)

ArticleLike: TypeAlias = Article | str | Mapping[str, Any]
"""What the Python API accepts as an article: an Article, its text, or a record with a ``text`` field."""

DateLike: TypeAlias = date | datetime | str


def to_raw_item(
    item: ArticleLike,
    *,
    origin: str,
    published: DateLike | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> RawItem:
    """What a reader would have made of ``item``: its text and metadata, not yet interpreted.

    Keyword values override the item's own. An Article gives its text and
    metadata back (its date only when it came from metadata: header, dateline
    and lead dates are found again in the text).

    Raises:
        InputError: ``item`` is not a string, mapping or Article, or a mapping has no text field.
    """
    from dateline.ingest import ColumnMap, RawItem
    from dateline.ingest.records import item_from_record

    if isinstance(item, Article):
        own_date = item.published if item.published_found_in == "metadata" else None
        raw = RawItem(text=item.text, origin=item.origin or origin, title=item.title, url=item.url,
                      source=item.source, published=own_date, language=item.language)
    elif isinstance(item, str):
        raw = RawItem(text=item, origin=origin)
    elif isinstance(item, Mapping):
        read = item_from_record(item, origin, ColumnMap(), what="the record")
        if isinstance(read, Outcome):
            raise InputError(read.reason or "the record has no article text")
        raw = read
    else:
        raise InputError(
            f"{origin}: cannot make an article from a {type(item).__name__}; give its text (str), "
            "a dict with a 'text' field, or a dateline.Article"
        )
    return replace(raw, published=raw.published if published is None else published, source=source or raw.source,
                   title=title or raw.title, url=url or raw.url)


def to_article(
    item: ArticleLike,
    *,
    published: DateLike | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    origin: str = "<text>",
) -> Article:
    """Make an :class:`Article` from a string, a dict or an Article, as ingest would.

    Args:
        item: the article text; or a record whose fields are named as in a
            JSONL or CSV input (``text``/``body``/``content``, ``title``,
            ``published``/``date``, ``source``/``outlet``, ``url``/``link``;
            other fields are ignored); or an Article, returned unchanged.
        published: the publication date (``date``, ``datetime`` or a string
            such as ``"2017-10-20"``). It overrides the record's and is the
            anchor for relative times ("on Monday"); without it the date is
            read from a date header, the dateline or the lead, or stays unknown.
        source: the outlet's name; overrides the record's.
        title: the title; overrides the record's.
        url: the URL; overrides the record's.
        origin: what to call the item in error messages.

    Unlike ingest, it does not skip text that looks non-English (the caller
    chose to extract it; one short sentence is too little to judge); it logs
    that at INFO level, since the extractors read English only.

    Raises:
        InputError: the item is not a string, mapping or Article, has no text
            field, or is empty — the message says which.

    Example:
        >>> a = to_article(" date 2017-10-20 ALTUN KUPRI, Iraq - Iraqi forces shelled peshmerga positions.")
        >>> a.published.isoformat(), a.published_found_in, a.dateline.place_text
        ('2017-10-20', 'header', 'ALTUN KUPRI, Iraq')
    """
    if isinstance(item, Article):
        return item
    from dateline.ingest import prepare_article
    from dateline.ingest.language import guess_language
    from dateline.resolve.kind import classify_article

    raw = to_raw_item(item, origin=origin, published=published, source=source, title=title, url=url)
    article = prepare_article(raw, check_language=False)
    if isinstance(article, Outcome):
        raise InputError(f"{article.origin}: {article.reason}; give the article's text")
    guess = guess_language(article.text)
    if not guess.is_english:
        log.info("%s (article %s) may not be English (%s): dateline's extractors read English only",
                    origin, article.id, guess.reason)
    article.kind, article.kind_cues = classify_article(article)
    return article


@lru_cache(maxsize=1)
def shared_resources() -> Resources:
    """The spaCy pipeline and knowledge bases behind ``dateline.extract``, loaded on first use, once.

    Tests that want other resources call ``shared_resources.cache_clear()``;
    a :class:`~dateline.pipeline.Pipeline` loads its own.
    """
    from dateline.extract import load_resources

    return load_resources()


def events_from_text(
    text: ArticleLike,
    published: DateLike | None = None,
    *,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> list[Event]:
    """The events of one article: the body of ``dateline.extract(text, published, source=...)``.

    Same extraction as ``dateline ingest`` (see :func:`to_article` for how the
    inputs are read), without the store: no near-duplicate check and no
    cross-source resolution, so ``story_id`` and ``attributed_to`` stay empty
    and an undated article's relative times stay unresolved.

    Raises:
        InputError: the text is empty or not English (see :func:`to_article`).
        ResourceMissing: the spaCy model is not installed.
    """
    from dateline.extract import extract_article

    article = to_article(text, published=published, source=source, title=title, url=url)
    resources = shared_resources()
    extraction = extract_article(resources.nlp(article.text), article, resources)
    log.debug("article %s: %d events", article.id, len(extraction.events))
    return extraction.events
