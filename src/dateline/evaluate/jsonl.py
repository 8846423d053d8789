"""Line-by-line reading and checking of the gold JSONL files.

Gold files are written by hand-run converters and by other people, so every
reader checks what it relies on (types, offsets, that ``text[start:end]`` is
the span's text) and stops at the first problem with the file and line number.
A scorer that silently skips malformed gold produces numbers nobody can trust.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.errors import InputError


@dataclass(frozen=True)
class Where:
    """A position in a gold file, used to build error messages."""

    path: Path
    line: int

    def error(self, message: str) -> InputError:
        """An :class:`InputError` that starts with ``path:line``."""
        return InputError(f"{self.path}:{self.line}: {message}")


def iter_records(path: Path, *, limit: int | None = None, expect: str) -> Iterator[tuple[Where, dict[str, Any]]]:
    """Yield ``(where, record)`` for each JSON object in ``path``, at most ``limit`` of them.

    ``expect`` names the format in error messages ("a geo gold file
    (geo_*.jsonl)"), so a user who passes the wrong file learns which one fits.
    Blank lines are skipped; duplicate ``id`` values are an error because
    scores would count the document twice.
    """
    path = Path(path)
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot open gold file ({exc.strerror}); expected {expect}") from exc
    seen: set[str] = set()
    count = 0
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = Where(path, number)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise where.error(f"not valid JSON ({exc.msg}); expected {expect}") from exc
            if not isinstance(record, dict):
                raise where.error(f"expected a JSON object per line ({expect})")
            record_id = need(record, "id", str, where)
            if record_id in seen:
                raise where.error(f"duplicate id {record_id!r}")
            seen.add(record_id)
            yield where, record
            count += 1
            if limit is not None and count >= limit:
                return
    if count == 0:
        raise InputError(f"{path}: no records found; expected {expect}")


def need(
    record: dict[str, Any], key: str, kind: type | tuple[type, ...], where: Where, *, optional: bool = False
) -> Any:
    """Return ``record[key]`` after checking its type; ``None`` if optional and absent.

    ``bool`` is refused where ``int`` is asked for, because JSON ``true``
    passing as offset 1 would hide a broken converter.
    """
    if key not in record or record[key] is None:
        if optional:
            return None
        raise where.error(f"missing field {key!r}")
    value = record[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        raise where.error(f"field {key!r} must be {_names(kinds)}, got a boolean")
    if not isinstance(value, kinds):
        raise where.error(f"field {key!r} must be {_names(kinds)}, got {type(value).__name__}")
    if kinds == (str,) and not value and not optional:
        raise where.error(f"field {key!r} must not be empty")
    return value


def need_list(record: dict[str, Any], key: str, where: Where, *, optional: bool = False) -> list[Any]:
    """Return the list at ``record[key]`` (empty if optional and absent)."""
    value = need(record, key, list, where, optional=optional)
    return [] if value is None else value


def need_span(item: Any, text: str, where: Where, what: str, *, surface_key: str | None = None) -> tuple[int, int]:
    """Check a ``{"start", "end"}`` object against ``text`` and return ``(start, end)``.

    When ``surface_key`` is given, ``text[start:end]`` must equal that field:
    offsets that drifted by one character would otherwise silently turn every
    exact-match score into a partial one.
    """
    if not isinstance(item, dict):
        raise where.error(f"{what} must be an object with start/end")
    inner = Where(where.path, where.line)
    start = need(item, "start", int, inner)
    end = need(item, "end", int, inner)
    if not 0 <= start < end <= len(text):
        raise where.error(f"{what} has offsets {start}-{end} outside the text (length {len(text)})")
    if surface_key is not None:
        surface = need(item, surface_key, str, inner)
        if text[start:end] != surface:
            raise where.error(f"{what}: text[{start}:{end}] is {text[start:end]!r}, not {surface!r}")
    return start, end


def need_date(record: dict[str, Any], key: str, where: Where, *, optional: bool = False) -> date | None:
    """Parse a ``YYYY-MM-DD`` field."""
    value = need(record, key, str, where, optional=optional)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise where.error(f"field {key!r} is {value!r}, expected YYYY-MM-DD") from exc


def _names(kinds: tuple[type, ...]) -> str:
    return " or ".join(k.__name__ for k in kinds)
