"""``read_items``: files, directories and stdin in, one result per article out.

This is the batch boundary of ingest. Whatever goes wrong with one input — a
missing file, a permission problem, a binary file, a bug in a reader — becomes
an ``Outcome`` naming that input, and the batch goes on: nothing raises out of
:func:`read_items`, and every article found ends in exactly one result.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from dateline.ingest.decoding import binary_outcome, is_binary
from dateline.ingest.formats import (
    SNIFF_BYTES,
    Format,
    format_from_extension,
    sniff_format,
)
from dateline.ingest.items import ColumnMap, RawItem
from dateline.ingest.readers import (
    Result,
    read_csv,
    read_feed,
    read_html,
    read_json,
    read_jsonl,
    read_text,
)
from dateline.model import Outcome

log = logging.getLogger(__name__)

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
DEFAULT_MAX_CHARS = 5_000_000
BYTES_PER_CHAR = 4
"""UTF-8's widest character: a text file above max_chars × 4 bytes is too long without reading it."""


def read_items(
    paths: Iterable[str | os.PathLike[str]],
    *,
    columns: ColumnMap | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[RawItem | Outcome]:
    """Read every article from files, directories (recursively) and ``-`` (stdin).

    Args:
        paths: files, directories or ``"-"``. Directories are walked in sorted
            order, skipping hidden files and folders; the format of each file
            comes from its extension, else from its content (as for stdin).
        columns: field names for JSON/JSONL/CSV (default :class:`ColumnMap`).
        max_chars: articles longer than this are skipped, not truncated.
        encoding: decode text inputs with this codec instead of UTF-8 (HTML
            pages otherwise use their declared charset, feeds their XML declaration).
        stdin: the stream ``-`` reads (default ``sys.stdin.buffer``).

    Yields:
        A :class:`RawItem` per article, or an :class:`Outcome` with status
        ``error`` or ``skipped`` and a reason, for each input or row that is
        not an article. Never raises for bad input.

    Example:
        >>> for result in read_items(["examples/articles"]): ...  # doctest: +SKIP
    """
    column_map = columns or ColumnMap()
    for path in paths:
        name = os.fspath(path)
        for result in _read_path(name, column_map, max_chars, encoding, stdin):
            yield _within_limit(result, max_chars)


def _within_limit(result: Result, max_chars: int) -> Result:
    if isinstance(result, RawItem) and len(result.text) > max_chars:
        return Outcome(
            origin=result.origin,
            status="skipped",
            reason=f"too long: {len(result.text):,} characters (limit {max_chars:,}); "
            "split it into articles or raise max_chars (--max-chars)",
        )
    return result


def _read_path(
    name: str, columns: ColumnMap, max_chars: int, encoding: str | None, stdin: BinaryIO | None
) -> Iterator[Result]:
    if name == STDIN:
        yield from _guarded(STDIN_ORIGIN, _read_stdin(stdin or sys.stdin.buffer, columns, encoding))
    elif os.path.isdir(name):
        for file_path in _walk(name):
            if isinstance(file_path, Outcome):
                yield file_path
            else:
                yield from _guarded(file_path, _read_file(file_path, columns, max_chars, encoding))
    else:
        yield from _guarded(name, _read_file(name, columns, max_chars, encoding))


def _guarded(origin: str, results: Iterator[Result]) -> Iterator[Result]:
    """Turn an unexpected exception inside one input into an error Outcome for that input."""
    try:
        yield from results
    except Exception as err:
        log.exception("unexpected error reading %s", origin)
        yield Outcome(
            origin=origin,
            status="error",
            reason=f"unexpected error while reading ({type(err).__name__}: {err}); the rest of this input was not read",
        )


def _walk(top: str) -> Iterator[str | Outcome]:
    """Files under ``top`` in sorted order, hidden files and folders skipped, errors reported."""
    problems: list[OSError] = []
    for folder, dirs, files in os.walk(top, onerror=problems.append):
        dirs[:] = sorted(entry for entry in dirs if not entry.startswith("."))
        for problem in problems:
            yield Outcome(origin=problem.filename or folder, status="error", reason=_os_reason(problem))
        problems.clear()
        for entry in sorted(files):
            if not entry.startswith("."):
                yield os.path.join(folder, entry)
    for problem in problems:
        yield Outcome(origin=problem.filename or top, status="error", reason=_os_reason(problem))


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "cannot read: permission denied; make it readable (chmod +r) or run as a user who can read it"
    if isinstance(err, FileNotFoundError):
        return "no such file or directory; check the path"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {err.strerror or err}"


def _read_file(path: str, columns: ColumnMap, max_chars: int, encoding: str | None) -> Iterator[Result]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; JSONL streams from it
    except OSError as err:
        yield Outcome(origin=path, status="error", reason=_os_reason(err))
        return
    with handle:
        try:
            head = handle.read(SNIFF_BYTES)
        except OSError as err:
            yield Outcome(origin=path, status="error", reason=_os_reason(err))
            return
        fmt = format_from_extension(path) or sniff_format(head.decode("utf-8", "replace"), columns)
        if is_binary(head):
            yield binary_outcome(path, head)
            return
        if fmt == "jsonl":
            handle.seek(0)
            yield from read_jsonl(handle, path, columns=columns, encoding=encoding)
            return
        if fmt in ("text", "html") and os.fstat(handle.fileno()).st_size > max_chars * BYTES_PER_CHAR:
            size = os.fstat(handle.fileno()).st_size
            yield Outcome(
                origin=path,
                status="skipped",
                reason=f"too long: {size:,} bytes (limit {max_chars:,} characters); "
                "split it into articles or raise max_chars (--max-chars)",
            )
            return
        data = head + handle.read()
    yield from _dispatch(fmt, data, path, columns, encoding)


def _read_stdin(stream: BinaryIO, columns: ColumnMap, encoding: str | None) -> Iterator[Result]:
    data = stream.read()
    if is_binary(data[:SNIFF_BYTES]):
        yield binary_outcome(STDIN_ORIGIN, data)
        return
    fmt = sniff_format(data[:SNIFF_BYTES].decode("utf-8", "replace"), columns)
    yield from _dispatch(fmt, data, STDIN_ORIGIN, columns, encoding)


def _dispatch(
    fmt: Format, data: bytes, origin: str, columns: ColumnMap, encoding: str | None
) -> Iterator[Result]:
    if fmt == "text":
        return read_text(data, origin, encoding=encoding)
    if fmt == "json":
        return read_json(data, origin, columns=columns, encoding=encoding)
    if fmt == "jsonl":
        return read_jsonl(data.splitlines(keepends=True), origin, columns=columns, encoding=encoding)
    if fmt in ("csv", "tsv"):
        return read_csv(
            data, origin, columns=columns, encoding=encoding, delimiter="\t" if fmt == "tsv" else None
        )
    if fmt == "html":
        return read_html(data, origin, encoding=encoding)
    return read_feed(data, origin)
