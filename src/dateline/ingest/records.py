"""Turning one JSON object or CSV row into a :class:`RawItem`, by the :class:`ColumnMap`.

JSON, JSONL and CSV differ only in how records are laid out; what a record
means is decided once, here, so the three formats accept the same column names
and fail with the same message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dateline.ingest.items import ColumnMap, RawItem
from dateline.model import Outcome


def find_column(available: Sequence[str], names: Sequence[str]) -> str | None:
    """The first of ``names`` present in ``available`` (case-insensitive), as spelled there."""
    lowered = {key.lower(): key for key in available}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def missing_text_reason(available: Sequence[str], columns: ColumnMap, *, what: str) -> str:
    """The error for a record or file with no text field: what was expected, what was found, the fix."""
    found = ", ".join(repr(key) for key in available) or "none"
    expected = ", ".join(repr(name) for name in columns.text)
    return (
        f"{what} has no text column (looked for {expected}; found {found}); "
        f"name the column that holds the article text with --text-column NAME "
        f"(ColumnMap.with_overrides(text=NAME))"
    )


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Mapping):  # e.g. {"source": {"name": "Reuters"}} from news APIs
        return _as_text(value.get("name") or value.get("title"))
    return str(value)


def item_from_record(
    record: Mapping[str, Any], origin: str, columns: ColumnMap, *, what: str = "record"
) -> RawItem | Outcome:
    """Map one record to a RawItem, or an error Outcome when it has no usable text field.

    Unmapped fields are kept in ``RawItem.extra`` (nothing the source said is
    thrown away). A text field that is present but empty still makes an item:
    :func:`prepare_article` reports it as an empty article.
    """
    keys = list(record)
    text_key = find_column(keys, columns.text)
    if text_key is None:
        return Outcome(origin=origin, status="error", reason=missing_text_reason(keys, columns, what=what))
    text = record[text_key]
    if text is None:
        text = ""
    if not isinstance(text, str):
        return Outcome(
            origin=origin,
            status="error",
            reason=f"text field {text_key!r} holds a {type(text).__name__}, not a string",
        )

    def pick(names: Sequence[str]) -> Any:
        key = find_column(keys, names)
        return record[key] if key is not None else None

    published = pick(columns.published)
    if isinstance(published, (int, float)) and not isinstance(published, bool):
        published = str(published)  # an epoch timestamp; dates.parse_metadata_date reads it
    mapped = columns.all_names()
    return RawItem(
        text=text,
        origin=origin,
        title=_as_text(pick(columns.title)),
        url=_as_text(pick(columns.url)),
        source=_as_text(pick(columns.source)),
        published=published if published not in ("", None) else None,
        language=_as_text(pick(columns.language)),
        extra={key: value for key, value in record.items() if key.lower() not in mapped},
    )
