"""Reuse records of one resolution pass kept on disk, in a scratch SQLite file, instead of in memory.

Wire copy makes text-reuse pairs grow faster than the corpus: each reprint of
a story pairs with the original and with every other reprint. A pass over a
large store would hold hundreds of thousands of them until it writes its
result, so the store pass keeps them here and reads back the few it needs at
a time: the records of one article (provenance) or of one article pair (story
matching). The file lives in the temporary directory (``TMPDIR``) and is
deleted when the scratch is closed; a pass that is killed cannot delete its
own, so each new scratch first deletes those of dead passes on this machine.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Self

from dateline.resolve.compact_records import PackedReuse, PackedSpan, same_record

_SCHEMA = """
CREATE TABLE reuse (
    lo TEXT NOT NULL, hi TEXT NOT NULL, seq INTEGER NOT NULL,
    source TEXT NOT NULL, target TEXT NOT NULL, direction TEXT NOT NULL,
    source_share REAL NOT NULL, target_share REAL NOT NULL, spans BLOB NOT NULL,
    PRIMARY KEY (lo, hi, seq)
) WITHOUT ROWID;
CREATE INDEX reuse_source ON reuse (source);
CREATE INDEX reuse_target ON reuse (target);
"""
_PREFIX = "dateline-reuse-"
_COLUMNS = "source, target, direction, source_share, target_share, spans"
PAGE = 1000
"""Records read at a time when the scratch is iterated."""
RECENT_PAIRS = 4096
"""Pairs whose records stay in memory after they are read: story matching asks for one pair's records once
for every two events the two articles report, one after the other."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def sweep_stale(root: Path | None = None) -> list[Path]:
    """Delete the scratch folders of passes on this machine whose process is gone; the folders deleted.

    Folders are named ``dateline-reuse-<pid>@<host>-<random>``: only this
    host's are considered, and only when no process has that id.
    """
    host = socket.gethostname()
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{_PREFIX}*@*"):
        pid, _, rest = folder.name[len(_PREFIX):].partition("@")
        if pid.isdigit() and rest.rsplit("-", 1)[0] == host and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _record(row: tuple) -> PackedReuse:
    source, target, direction, source_share, target_share, blob = row
    flat = array("q")
    flat.frombytes(blob)
    spans = tuple(PackedSpan(*flat[i:i + 4]) for i in range(0, len(flat), 4))
    return PackedReuse(source, target, direction, spans, source_share, target_share)


class ReuseScratch:
    """Reuse records by article pair, in a temporary SQLite file; iterates in pair order.

    Serves the story resolver as its record keeper (:meth:`get`, :meth:`add`, :meth:`linked`)
    and the store pass as its list of records (``len``, iteration, :meth:`of`).

    Example:
        >>> with ReuseScratch() as scratch:
        ...     scratch.add(("a", "b"), record)
        ...     scratch.of("a")
    """

    def __init__(self) -> None:
        sweep_stale()
        self._dir = tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}@{socket.gethostname()}-")
        self._db = sqlite3.connect(Path(self._dir.name) / "reuse.sqlite")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.executescript(_SCHEMA)
        self._count = 0
        self._recent: OrderedDict[tuple[str, str], list[PackedReuse]] = OrderedDict()

    @property
    def folder(self) -> Path:
        """The scratch's folder, deleted with it: other scratch files of the same pass may go there."""
        return Path(self._dir.name)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Delete the file; the scratch cannot be used after."""
        self._db.close()
        self._dir.cleanup()

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[PackedReuse]:
        """Every record, ordered by article pair (then as added), read a page at a time."""
        after: tuple[str, str, int] = ("", "", -1)
        while rows := self._db.execute(
            f"SELECT lo, hi, seq, {_COLUMNS} FROM reuse WHERE (lo, hi, seq) > (?, ?, ?) "
            "ORDER BY lo, hi, seq LIMIT ?", (*after, PAGE)).fetchall():
            for row in rows:
                yield _record(row[3:])
            after = rows[-1][:3]

    def get(self, pair: tuple[str, str]) -> list[PackedReuse]:
        """The records between the two articles of ``pair`` (sorted ids), in the order added."""
        records = self._recent.get(pair)
        if records is not None:
            self._recent.move_to_end(pair)
            return list(records)
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM reuse WHERE lo = ? AND hi = ? ORDER BY seq", pair)
        records = [_record(row) for row in rows]
        self._recent[pair] = records
        if len(self._recent) > RECENT_PAIRS:
            self._recent.popitem(last=False)
        return list(records)

    def add(self, pair: tuple[str, str], record: PackedReuse) -> bool:
        """Keep ``record`` under ``pair`` unless the same record is kept already; whether it was new."""
        known = self.get(pair)
        if any(same_record(k, record) for k in known):
            return False
        self._insert(pair, len(known), record)
        return True

    def add_first(self, pair: tuple[str, str], record: PackedReuse) -> None:
        """Keep the first record of a pair that has none yet, without reading the pair back as :meth:`add` does.

        For a caller that knows the pair is new (the store pass asks
        :meth:`pairs_of` before it aligns). A pair with records already
        raises :class:`sqlite3.IntegrityError`: a record is never kept twice.
        """
        self._insert(pair, 0, record)

    def _insert(self, pair: tuple[str, str], seq: int, record: PackedReuse) -> None:
        flat = array("q", [v for span in record.spans for v in span])
        self._db.execute(
            f"INSERT INTO reuse (lo, hi, seq, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*pair, seq, record.source_article_id, record.target_article_id, record.direction,
             record.source_share, record.target_share, flat.tobytes()))
        self._count += 1
        self._recent.pop(pair, None)

    def pairs_of(self, article_id: str) -> set[tuple[str, str]]:
        """The article pairs with a record that involve ``article_id``."""
        rows = self._db.execute("SELECT lo, hi FROM reuse WHERE source = ?1 UNION SELECT lo, hi FROM reuse "
                                "WHERE target = ?1", (article_id,))
        return {(lo, hi) for lo, hi in rows}

    def linked(self, article_id: str) -> set[str]:
        """The articles that share a record with ``article_id``."""
        return {lo if hi == article_id else hi for lo, hi in self.pairs_of(article_id)}

    def of(self, article_id: str) -> list[PackedReuse]:
        """The records ``article_id`` is in (as source or target), ordered by article pair."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM (SELECT lo, hi, seq, {_COLUMNS} FROM reuse WHERE source = ?1 "
            f"UNION SELECT lo, hi, seq, {_COLUMNS} FROM reuse WHERE target = ?1) ORDER BY lo, hi, seq",
            (article_id,))
        return [_record(row) for row in rows]

    def between(self, article_ids: Collection[str]) -> list[PackedReuse]:
        """The records whose source and target are both among ``article_ids``, ordered by article pair."""
        ids = sorted(article_ids)
        marks = ", ".join("?" * len(ids))
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM reuse WHERE source IN ({marks}) AND target IN ({marks}) "
                                "ORDER BY lo, hi, seq", (*ids, *ids))
        return [_record(row) for row in rows]
