"""One reader per format: bytes in, :class:`RawItem` or :class:`Outcome` out.

Each reader yields one result per article it finds and turns every problem
into an ``Outcome(status="error")`` that names the item (``path``,
``path:row N``, ``path:item N``) and the fix, instead of raising: one broken
row must not cost the rest of the file. Readers do not interpret dates or
language — :func:`dateline.ingest.prepare.prepare_article` does that, the same
way for every format.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from dateline.ingest.decoding import decode
from dateline.ingest.formats import SNIFF_BYTES
from dateline.ingest.html_text import html_fragment_to_text
from dateline.ingest.items import ColumnMap, RawItem
from dateline.ingest.records import find_column, item_from_record, missing_text_reason
from dateline.model import Outcome

log = logging.getLogger(__name__)

Result = RawItem | Outcome

CSV_FIELD_LIMIT = 2**31 - 1
"""Article bodies are long; the csv module's default 128 KiB field limit would reject them."""
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
"""Dates from page markup only: htmldate's extensive search guesses from copyright lines and URLs."""
_TOO_DEEP = "JSON nested too deeply to read (thousands of levels); an article is one flat object of fields"


def read_text(data: bytes, origin: str, *, encoding: str | None = None) -> Iterator[Result]:
    """A plain-text file is one article; its text is kept exactly as decoded."""
    text = decode(data, origin, encoding=encoding)
    yield text if isinstance(text, Outcome) else RawItem(text=text, origin=origin)


def read_json(
    data: bytes, origin: str, *, columns: ColumnMap, encoding: str | None = None
) -> Iterator[Result]:
    """A JSON document: one article object, a list of them, or an object wrapping one such list.

    List entries get origins ``path:item N`` (1-based). A wrapper such as
    ``{"articles": [...]}`` is recognised when exactly one of its values is a
    list of objects.
    """
    text = decode(data, origin, encoding=encoding)
    if isinstance(text, Outcome):
        yield text
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        yield Outcome(
            origin=origin,
            status="error",
            reason=f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}; "
            "for one object per line name the file .jsonl",
        )
        return
    except RecursionError:
        yield Outcome(origin=origin, status="error", reason=_TOO_DEEP)
        return
    if isinstance(document, dict):
        if find_column(list(document), columns.text) is not None:
            yield item_from_record(document, origin, columns, what="JSON object")
            return
        lists = [value for value in document.values() if _is_record_list(value)]
        if len(lists) != 1:
            yield Outcome(
                origin=origin,
                status="error",
                reason=missing_text_reason(list(document), columns, what="JSON object"),
            )
            return
        document = lists[0]
    if not isinstance(document, list):
        yield Outcome(
            origin=origin,
            status="error",
            reason=f"JSON holds a {type(document).__name__}; expected an article object or a list of them",
        )
        return
    for number, entry in enumerate(document, start=1):
        item_origin = f"{origin}:item {number}"
        if isinstance(entry, dict):
            yield item_from_record(entry, item_origin, columns, what="JSON object")
        else:
            yield Outcome(
                origin=item_origin,
                status="error",
                reason=f"list entry is a {type(entry).__name__}, not an article object",
            )


def _is_record_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(entry, dict) for entry in value)


def read_jsonl(
    lines: Iterable[bytes], origin: str, *, columns: ColumnMap, encoding: str | None = None
) -> Iterator[Result]:
    """JSON Lines, streamed: one object per line, origin ``path:row N`` (N = line number).

    Streaming keeps memory flat on multi-gigabyte exports, and a bad line —
    invalid JSON, invalid UTF-8, not an object — becomes an error for that row
    alone while the other rows are still read.
    """
    offset = 0
    for number, raw in enumerate(lines, start=1):
        row_origin = f"{origin}:row {number}"
        line_offset, offset = offset, offset + len(raw)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw, line_offset = raw[3:], 3
        if not raw.strip():
            continue
        line = decode(raw, row_origin, encoding=encoding, offset=line_offset)
        if isinstance(line, Outcome):
            yield line
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Outcome(
                origin=row_origin,
                status="error",
                reason=f"invalid JSON at column {err.colno}: {err.msg}; each line must be one complete JSON object",
            )
            continue
        except RecursionError:  # json's C decoder recurses per nesting level
            yield Outcome(origin=row_origin, status="error", reason=_TOO_DEEP)
            continue
        if not isinstance(record, dict):
            yield Outcome(
                origin=row_origin,
                status="error",
                reason=f"line holds a JSON {type(record).__name__}, not an article object",
            )
            continue
        yield item_from_record(record, row_origin, columns, what="JSON line")


def read_csv(
    data: bytes,
    origin: str,
    *,
    columns: ColumnMap,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Result]:
    """A CSV (or TSV) file with a header row; each data row is one article.

    Origins are ``path:row N`` with N the file line the row starts on (the
    header is line 1), so quoted multi-line fields still point at the right
    place. A file without a text column fails once, naming the columns found.
    """
    text = decode(data, origin, encoding=encoding)
    if isinstance(text, Outcome):
        yield text
        return
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or _sniff_delimiter(text))
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
    except csv.Error as err:
        yield Outcome(origin=origin, status="error", reason=f"cannot parse the CSV header: {err}")
        return
    if header is None:
        yield Outcome(origin=origin, status="skipped", reason="empty CSV file (no header row)")
        return
    header = [cell.strip() for cell in header]
    if find_column(header, columns.text) is None:
        yield Outcome(
            origin=origin, status="error", reason=missing_text_reason(header, columns, what="CSV file")
        )
        return
    while True:
        row_start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as err:
            yield Outcome(
                origin=f"{origin}:row {row_start}",
                status="error",
                reason=f"CSV parse error: {err}; rows after this one were not read",
            )
            return
        if row is None:
            return
        if not any(cell.strip() for cell in row):
            continue
        record: dict[str, Any] = dict(zip(header, row, strict=False))
        for index, value in enumerate(row[len(header) :], start=len(header) + 1):
            record[f"column {index}"] = value
        yield item_from_record(record, f"{origin}:row {row_start}", columns, what="CSV row")


def _sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:SNIFF_BYTES], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_html(data: bytes, origin: str, *, encoding: str | None = None) -> Iterator[Result]:
    """An HTML page is one article: trafilatura's main text plus its title, date, site name and URL.

    The page's declared ``<meta charset>`` is honoured when no encoding is
    given. A page with no main text (an index page, a cookie wall) is skipped
    with that reason.
    """
    declared = _DECLARED_CHARSET.search(data[:4096])
    text = decode(data, origin, encoding=encoding or (declared.group(1).decode() if declared else None))
    if isinstance(text, Outcome):
        yield text
        return
    import trafilatura.settings  # imported lazily: ~1 s, and most runs read no HTML

    document = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    fields: dict[str, Any] = document.as_dict() if isinstance(document, trafilatura.settings.Document) else {}
    body = (fields.get("text") or "").strip()
    if not body:
        yield Outcome(origin=origin, status="skipped", reason="no main text found in the HTML page")
        return
    title = fields.get("title") or None
    first_line, _, rest = body.partition("\n")
    if title and first_line.strip() == title.strip() and rest.strip():
        body = rest.lstrip("\n")
    yield RawItem(
        text=body,
        origin=origin,
        title=title,
        url=fields.get("url") or None,
        source=fields.get("sitename") or None,
        published=fields.get("date") or None,
        language=fields.get("language") or None,
    )


def read_feed(data: bytes, origin: str) -> Iterator[Result]:
    """An RSS or Atom feed: each entry is an article, origin ``path:item N``.

    The entry's full content is preferred over its summary; both are HTML
    fragments and are reduced to text. The feed's title becomes the source.
    Feeds are decoded by feedparser from their XML declaration.
    """
    import feedparser  # imported lazily: most runs read no feeds

    try:
        parsed = feedparser.parse(data)
    except UnicodeDecodeError as err:  # feedparser decodes the XML declaration's bytes as UTF-8 unguarded
        yield Outcome(origin=origin, status="error",
                      reason=f"not a readable feed: its XML declaration is not valid UTF-8 ({err.reason} "
                      f"at byte {err.start}); re-save the feed as UTF-8")
        return
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield Outcome(origin=origin, status="error", reason=f"not an RSS/Atom feed with entries{problem}")
        return
    feed = parsed.get("feed", {})
    for number, entry in enumerate(parsed.entries, start=1):
        contents = entry.get("content") or []
        fragment = contents[0].get("value", "") if contents else entry.get("summary", "")
        yield RawItem(
            text=html_fragment_to_text(fragment or ""),
            origin=f"{origin}:item {number}",
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            source=feed.get("title") or None,
            published=entry.get("published") or entry.get("updated") or None,
            language=entry.get("language") or feed.get("language") or None,
            extra={key: entry[key] for key in ("id", "author") if entry.get(key)},
        )
