"""``prepare_article``: a raw item becomes an :class:`Article` with an id, a date and a dateline.

The publication date is the anchor for every relative time in the article ("on
Monday", "a day after"), so how it was found matters as much as its value.
Sources are tried from most to least reliable — the source's own metadata, a
date header line, a dated dateline, a complete date in the lead — and when
none holds a complete date the article says so (``published=None``,
``published_found_in="unknown"`` and a note). The current date is never used
as a value: an undated article stays undated.
"""

from __future__ import annotations

import logging
from datetime import date

from dateline.ingest.dates import find_full_date, parse_metadata_date
from dateline.ingest.items import RawItem
from dateline.ingest.language import guess_language
from dateline.ingest.opening import Opening, dateline_date, read_opening
from dateline.model import Article, DateFoundIn, Outcome, article_id

log = logging.getLogger(__name__)

LEAD_CHARS = 300
"""How far into the body a complete date still counts as the article's own date."""
_NO_DATE = "no date metadata, header, dateline or lead date found"


def prepare_article(item: RawItem, *, check_language: bool = True) -> Article | Outcome:
    """Turn a :class:`RawItem` into an :class:`Article`, or say why it is not one.

    The text is never changed, so offsets computed on ``Article.text`` (the
    dateline's, and every later extractor's) point into the text as read.
    ``check_language=False`` drops the English check, for callers that hand
    one text to the extractors themselves (``dateline.extract``).

    Returns:
        An ``Article`` (``kind`` and near-duplicate fields are left for later
        stages), or ``Outcome(status="skipped")`` for an empty or non-English
        item.

    Example (the opening of an AP wire report):
        >>> article = prepare_article(RawItem(
        ...     text=" date 2017-10-20 ALTUN KUPRI, Iraq - Iraqi federal and Kurdish forces "
        ...     "exchanged fire at their shared border on Friday.", origin="ap.txt"))
        >>> article.published.isoformat(), article.published_found_in, article.dateline.place_text
        ('2017-10-20', 'header', 'ALTUN KUPRI, Iraq')
    """
    text = item.text
    if not text.strip():
        return Outcome(origin=item.origin, status="skipped", reason="empty article")
    broken = _not_text(item)
    if broken is not None:
        return Outcome(origin=item.origin, status="error", reason=broken)
    refusal = _language_refusal(item) if check_language else None
    if refusal is not None:
        return Outcome(origin=item.origin, status="skipped", reason=f"not English ({refusal})")
    opening = read_opening(text)
    published, found_in, note = find_publication_date(item, opening)
    identifier = article_id(text)
    log.debug("prepared %s from %s: published %s (%s)", identifier, item.origin, published, found_in)
    return Article(
        id=identifier,
        text=text,
        title=item.title or opening.title,
        url=item.url,
        source=item.source,
        published=published,
        published_found_in=found_in,
        published_note=note,
        dateline=opening.dateline,
        language="en",
        origin=item.origin,
    )


def _not_text(item: RawItem) -> str | None:
    """Why the item cannot be stored as text: a NUL or a lone UTF-16 surrogate, as broken JSON escapes leave.

    Neither occurs in real text; a lone surrogate cannot even be encoded (not
    for the article id, not for the database) and PostgreSQL refuses NUL, so
    both are refused here, the same on every backend, with field and position.
    """
    for name in ("text", "title", "url", "source", "language", "published"):
        value = getattr(item, name)
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            return (f"{name} holds a NUL character at character {value.index(chr(0))}, which text never "
                    "contains; the source is binary or has a broken \\u0000 escape: fix or drop that record")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            return (f"{name} holds an unpaired surrogate (U+{ord(value[err.start]):04X}) at character {err.start}, "
                    "which is not text; the source has a broken \\uXXXX escape: fix or drop that record")
    return None


def _language_refusal(item: RawItem) -> str | None:
    """Why the item is not English, or None. The text decides; metadata only when the text is too short."""
    guess = guess_language(item.text)
    if not guess.is_english:
        return guess.reason
    declared = (item.language or "").strip().lower()
    if declared and not declared.startswith("en") and guess.reason.startswith("too short"):
        return f"metadata language {item.language!r}"
    return None


def find_publication_date(item: RawItem, opening: Opening) -> tuple[date | None, DateFoundIn, str | None]:
    """The publication date, where it was found, and a note explaining an absent or weak date.

    Order: metadata > header > dateline > lead > unknown. A metadata value
    that is not a complete date, or a dateline date without a year, is
    mentioned in the note rather than guessed at.
    """
    notes: list[str] = []
    if item.published is not None:
        value = parse_metadata_date(item.published)
        if value is not None:
            return value, "metadata", None
        notes.append(f"metadata date {str(item.published)!r} is not a complete date")
    if opening.header is not None:
        return opening.header.date.value, "header", None
    if opening.dateline is not None and opening.dateline.date_text:
        value = dateline_date(opening.dateline)
        if value is not None:
            return value, "dateline", None
        notes.append(f"dateline date {opening.dateline.date_text!r} has no year")
    lead = find_full_date(item.text, opening.body_start, opening.body_start + LEAD_CHARS)
    if lead is not None:
        note = f"taken from the lead ({lead.text!r}); it may be the date of the events rather than of publication"
        return lead.value, "lead", note
    return None, "unknown", "; ".join([_NO_DATE, *notes])
