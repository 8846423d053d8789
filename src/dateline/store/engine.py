"""Opening a database: URL rules, connection settings per backend, and migrating to the current schema.

SQLite is the default because it needs nothing installed and the file can be
handed to anyone; PostgreSQL is there for many writers and large corpora. The
differences between them are kept to this module, :mod:`.search` and the
migrations; everything else is written once against SQLAlchemy Core.

SQLite connections are set up for a file several processes use at once:
write-ahead logging (readers never block the writer), foreign keys enforced,
a generous busy timeout, memory-mapped reads, and real transactions — pysqlite's own transaction
handling does not put DDL in a transaction and starts write transactions
lazily, which lets two writers deadlock; here every transaction begins with an
explicit ``BEGIN``, and ``BEGIN IMMEDIATE`` for writes.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

import pydantic_core
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import StaticPool

from dateline.errors import ResourceMissing, StoreError

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///dateline.db"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's write to finish before giving up."""
SQLITE_MMAP_BYTES = 1 << 30
"""How much of a SQLite file is read through memory mapping: index and row lookups then read
the operating system's cached pages in place instead of copying each one in with a system call
(about three times faster for the row lookups of a filtered count). Mapped pages count in the
process's resident memory, so a long writer that gains nothing from them (``dateline ingest``)
opens the store with ``mapped_reads=False``."""
SQLITE_WRITER_CACHE_KIB = 65_536
"""SQLite's page cache, per connection, for a store opened without mapped reads (a writer such
as ``dateline ingest``). Ingest saves a batch of articles in one transaction
(:meth:`~dateline.store.Store.saving`), each adding rows to some twenty indexes at places spread
across each, and the pages a transaction changed must stay in the cache until it commits: with
SQLite's default 2 MB they spill to the log part way, and batching gained little (saving an
article at 10,000 stored: 16.8 ms one by one, 14-17 in batches, 12.7 in batches with 64 MB).
Resolution's one large transaction gains as well. The cache fills only as pages are used."""
WRITE_OPTION = "dateline_write"
"""Execution option marking a transaction that will write (SQLite: ``BEGIN IMMEDIATE``)."""
_MIGRATION_LOCK_KEY = 0x646174656C696E  # PostgreSQL advisory lock id: b"datelin"


def normalise_url(url: str | Path) -> str:
    """Turn what a user typed into a SQLAlchemy URL string.

    A plain path (``events.db``, ``~/data/x.db``) means a SQLite file;
    ``:memory:`` an in-memory SQLite database; ``postgres://`` and
    ``postgresql://`` use the psycopg 3 driver, the one dateline installs.

    >>> normalise_url("out/events.db")
    'sqlite:///out/events.db'
    >>> normalise_url("postgresql://u@localhost/db")
    'postgresql+psycopg://u@localhost/db'
    """
    text = str(url).strip()
    if not text:
        raise StoreError(f"empty database URL; use a path like dateline.db or a URL like {DEFAULT_URL}")
    if text == ":memory:":
        return "sqlite://"
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser())
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    return text


def create_store_engine(url: str | Path, *, mapped_reads: bool = True) -> Engine:
    """An engine for ``url`` (see :func:`normalise_url`) with dateline's connection settings.

    ``mapped_reads`` reads a SQLite file through memory mapping (see
    :data:`SQLITE_MMAP_BYTES`); it has no effect on PostgreSQL.

    Raises :class:`StoreError` for a backend dateline does not support and
    :class:`ResourceMissing` when the PostgreSQL driver is not installed.
    """
    parsed = make_url(normalise_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, mapped_reads=mapped_reads)
    if backend == "postgresql":
        try:
            return sa.create_engine(parsed, pool_pre_ping=True, json_serializer=json_text)
        except ModuleNotFoundError as exc:
            raise ResourceMissing(
                f"{parsed.render_as_string(hide_password=True)} needs the psycopg driver: "
                "pip install 'dateline[postgres]'"
            ) from exc
    raise StoreError(
        f"unsupported database {parsed.render_as_string(hide_password=True)!r}: "
        f"use a SQLite path or URL ({DEFAULT_URL}) or postgresql+psycopg://user@host/db"
    )


class JSONText(str):
    """A value already written as JSON, which :func:`json_text` stores as it is.

    Records are serialized straight from their models
    (:func:`dateline.store.rows.record_json`) instead of being turned into
    dicts first and serialized here: the same text, without the dicts.
    """

    __slots__ = ()


def json_text(value: Any) -> str:
    """JSON for the ``record`` and other JSON columns: compact, UTF-8 rather than ``\\u`` escapes.

    pydantic's serializer writes it about 2.5 times as fast as :func:`json.dumps`
    and 10 % shorter; the values read back are the same (NaN and infinities
    included). Records are the bulk of what ingest writes.
    """
    if isinstance(value, JSONText):
        return value
    return pydantic_core.to_json(value).decode()


def _sqlite_engine(url: URL, *, mapped_reads: bool) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:")
    if not in_memory:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False},
        json_serializer=json_text,
        **({"poolclass": StaticPool} if in_memory else {}),
    )

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, see module docstring
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS:d}")
        if not in_memory:
            _use_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES if mapped_reads else 0:d}")
            if not mapped_reads:
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_WRITER_CACHE_KIB:d}")
        cursor.close()

    def on_begin(connection: sa.Connection) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    sa.event.listen(engine, "connect", on_connect)
    sa.event.listen(engine, "begin", on_begin)
    return engine


def _use_wal(cursor: Any) -> None:
    """Switch the file to write-ahead logging, waiting for other connections as a write would.

    While another connection holds a lock on a file not yet in WAL mode (several
    processes opening a new store at once), SQLite refuses the switch with
    "database is locked" at once instead of waiting out the busy timeout; so
    the wait is done here, up to the same timeout.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at the package's migrations; no alembic.ini needed.

    With ``connection`` the migration runs on it (and inside its transaction).
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (``alembic upgrade head``), in one transaction.

    Safe when several processes open the same database at once: SQLite
    serialises them with ``BEGIN IMMEDIATE``, PostgreSQL with an advisory lock.
    Raises :class:`StoreError` when the database was written by a newer
    dateline whose migrations this one does not know.
    """
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        try:
            command.upgrade(alembic_config(connection), "head")
        except CommandError as exc:
            raise StoreError(
                f"cannot migrate {engine.url.render_as_string(hide_password=True)}: {exc}. "
                "Was it written by a newer dateline? Upgrade dateline, or use another database."
            ) from exc
    log.debug("store schema at head: %s", engine.url.render_as_string(hide_password=True))
