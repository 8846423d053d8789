"""Model records held compactly, for a store-wide pass that keeps one of them per article or pair.

A resolution pass over a store holds every article's metadata and every
text-reuse pair it found until it writes its result; a corpus with much wire
copy has several reuse pairs an article (200k on 40,000 generated articles).
As pydantic records an article without its text takes about 3 KB and a reuse
record 1.7; as the named tuples here, a tenth and a quarter of that. The
tuples carry the attribute names of the records they stand for (a reuse
record's spans too), so the functions that read them — provenance, dating,
passage links, story matching — take either form; :func:`unpacked`
hands reuse back as :class:`~dateline.model.Reuse` where a record is written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple

from dateline.model import Article, Reuse, ReuseSpan


class ArticleMeta(NamedTuple):
    """What resolution reads of an :class:`~dateline.model.Article`: its metadata without the text."""

    id: str
    source: str | None
    published: date | None
    published_found_in: str
    published_window: tuple[date, date] | None
    kind: str
    near_duplicate_of: str | None

    @classmethod
    def of(cls, article: Article) -> ArticleMeta:
        # Outlets, date sources and kinds repeat across a store: interned, each is held once, not once an article.
        source = sys.intern(article.source) if article.source else article.source
        return cls(article.id, source, article.published, sys.intern(article.published_found_in),
                   article.published_window, sys.intern(article.kind), article.near_duplicate_of)


class PackedSpan(NamedTuple):
    """A :class:`~dateline.model.ReuseSpan` as a tuple."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int


class PackedReuse(NamedTuple):
    """A :class:`~dateline.model.Reuse` as a tuple, with the same attribute names."""

    source_article_id: str
    target_article_id: str
    direction: str
    spans: tuple[PackedSpan, ...]
    source_share: float
    target_share: float

    @classmethod
    def of(cls, record: Reuse | PackedReuse) -> PackedReuse:
        if isinstance(record, PackedReuse):
            return record
        spans = tuple(PackedSpan(s.source_start, s.source_end, s.target_start, s.target_end) for s in record.spans)
        return cls(record.source_article_id, record.target_article_id, record.direction, spans,
                   record.source_share, record.target_share)

    def unpack(self) -> Reuse:
        return Reuse(source_article_id=self.source_article_id, target_article_id=self.target_article_id,
                     direction=self.direction,  # type: ignore[arg-type]  # packed from a Reuse
                     spans=[ReuseSpan(**s._asdict()) for s in self.spans],
                     source_share=self.source_share, target_share=self.target_share)


def pair_of(x: str, y: str) -> tuple[str, str]:
    """The key of an article pair: the two ids sorted."""
    return (x, y) if x < y else (y, x)


def same_record(x: PackedReuse, y: PackedReuse) -> bool:
    """The same reuse record given twice: same direction between the same articles, spans starting alike."""
    return (x.source_article_id, x.target_article_id, [(s.source_start, s.target_start) for s in x.spans]) == \
        (y.source_article_id, y.target_article_id, [(s.source_start, s.target_start) for s in y.spans])


def unpacked(records: Iterable[PackedReuse]) -> Iterator[Reuse]:
    """Packed records as :class:`~dateline.model.Reuse` records, each unpacked as it is read (for writing)."""
    return (r.unpack() for r in records)
