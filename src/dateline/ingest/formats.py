"""Which reader a file needs: by extension first, by sniffing its first bytes otherwise.

Extensions are what users control and expect to be honoured; content sniffing
covers stdin and files named ``article`` or ``dump.dat``. The sniffing looks
only at the first kilobytes, so choosing a reader never costs a full read.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Literal

from dateline.ingest.items import ColumnMap

Format = Literal["text", "json", "jsonl", "csv", "tsv", "html", "feed"]

EXTENSIONS: dict[str, Format] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}  # fmt: skip
SNIFF_BYTES = 65536
_FEED_MARKERS = ("<rss", "<feed", "<rdf:rdf")
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<p ")


def format_from_extension(path: str) -> Format | None:
    """The format a file's extension names, or None when it names none we know."""
    return EXTENSIONS.get(PurePath(path).suffix.lower())


def sniff_format(head: str, columns: ColumnMap) -> Format:
    """Guess the format from the start of the content.

    JSON Lines is told from a JSON document by whether the first line parses
    on its own; CSV is recognised only when its header names a text column,
    because commas alone are no evidence in news prose. Everything else is
    plain text.
    """
    stripped = head.lstrip("\ufeff \t\r\n")
    lowered = stripped[:2048].lower()
    if stripped.startswith("<"):
        if any(marker in lowered for marker in _FEED_MARKERS):
            return "feed"
        if any(marker in lowered for marker in _HTML_MARKERS) or lowered.startswith("<?xml"):
            return "html"
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        first_line, newline, _ = stripped.partition("\n")
        try:
            json.loads(first_line)
        except ValueError:
            return "jsonl" if not newline else "json"
        return "jsonl"
    first_line = stripped.partition("\n")[0]
    wanted = {name.lower() for name in columns.text}
    candidates: tuple[tuple[str, Format], ...] = (("\t", "tsv"), (",", "csv"), (";", "csv"))
    for delimiter, fmt in candidates:
        fields = {field.strip().strip('"').lower() for field in first_line.split(delimiter)}
        if len(fields) >= 2 and wanted & fields:
            return fmt
    return "text"
