"""Text-reuse records held compactly, for a pass that keeps every one of them at once.

A store-wide resolution pass holds every reuse pair it found until it writes
them, and generated or real corpora with much wire copy have several pairs an
article (200k on 40,000 generated articles). As :class:`~dateline.model.Reuse`
records they take about 1.7 KB each; as the named tuples here, about 0.4 KB.
The tuples carry the same attribute names (spans too), so the functions that
read reuse records — provenance, passage links, story matching — take either;
:class:`ReuseRecords` hands them back as ``Reuse`` records where a record is
written or shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

from dateline.model import Reuse, ReuseSpan


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


class ReuseRecords(Sequence[Reuse]):
    """Packed records seen as a sequence of :class:`~dateline.model.Reuse`, each unpacked when read."""

    def __init__(self, packed: Sequence[PackedReuse]) -> None:
        self._packed = packed

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, index: int) -> Reuse: ...
    @overload
    def __getitem__(self, index: slice) -> list[Reuse]: ...
    def __getitem__(self, index: int | slice) -> Reuse | list[Reuse]:
        if isinstance(index, slice):
            return [p.unpack() for p in self._packed[index]]
        return self._packed[index].unpack()

    def __iter__(self) -> Iterator[Reuse]:
        return (p.unpack() for p in self._packed)
