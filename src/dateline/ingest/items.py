"""What the readers hand to :func:`prepare_article`: raw text plus whatever metadata the source had.

Readers know file formats; they do not interpret dates, datelines or language.
Keeping that split means a new format only has to fill a :class:`RawItem`, and
every format gets the same date and dateline rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class RawItem:
    """One article as a reader found it, before any interpretation.

    ``origin`` says where it came from so every outcome can be traced back:
    ``path`` for a one-article file, ``path:row N`` for a JSONL/CSV row (N is
    the line number in the file), ``path:item N`` for the N-th entry of a JSON
    list or a feed. ``published`` is kept raw (a string as written in the
    source, or a date the source already parsed); :func:`prepare_article`
    decides what it means.
    """

    text: str
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | date | datetime | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which field or column names hold what, for JSON, JSONL and CSV input.

    Each entry lists the accepted names in order of preference; names are
    matched case-insensitively. Outlets export with every naming convention
    there is, so the defaults accept the common ones and a caller can name its
    own (``--text-column story`` becomes ``ColumnMap.with_overrides(text="story")``).
    """

    text: tuple[str, ...] = ("text", "body", "content")
    title: tuple[str, ...] = ("title", "headline")
    url: tuple[str, ...] = ("url", "link")
    source: tuple[str, ...] = ("source", "outlet", "publisher")
    published: tuple[str, ...] = ("published", "date", "pubdate", "published_at")
    language: tuple[str, ...] = ("language", "lang")

    @classmethod
    def with_overrides(cls, **names: str | None) -> ColumnMap:
        """The default map, except that each given field is read from exactly that one column.

        ``None`` values are ignored, so CLI options can be passed straight through:
        ``ColumnMap.with_overrides(text=opts.text_column, title=None)``.
        """
        given = {key: (value,) for key, value in names.items() if value is not None}
        unknown = set(given) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(
                f"unknown column field(s) {sorted(unknown)}; "
                f"expected some of {sorted(cls.__dataclass_fields__)}"
            )
        return replace(cls(), **given)

    def all_names(self) -> frozenset[str]:
        """Every column name the map reads (lower-cased); the rest goes to ``RawItem.extra``."""
        return frozenset(
            name.lower()
            for value in (self.text, self.title, self.url, self.source, self.published, self.language)
            for name in value
        )
