"""DuckDB reads dateline's outputs: the Parquet export directly, the SQLite store through its tables.

DuckDB's own SQLite reader is an extension it downloads on first use; tests
never reach the network, so the store is read the way docs/schema.md shows for
offline machines (Python's sqlite3 into pandas, then DuckDB over the frame),
and the native ``ATTACH ... (TYPE sqlite)`` is tested only where the extension
is already installed.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pandas as pd
import pytest

duckdb = pytest.importorskip("duckdb", reason="needs duckdb (pip install duckdb; in the test extra)")

sys.path.insert(0, str(Path(__file__).parents[1]))
from store_fixtures import article_a, article_b, article_c, extraction_a, extraction_b  # noqa: E402

from dateline.export import FLAT_COLUMNS, write_export  # noqa: E402
from dateline.store import Store  # noqa: E402

A, B = article_a(), article_b()
EA, EB = extraction_a(A), extraction_b(B)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("duck") / "events.db"
    with Store(path) as store:
        store.save_article(A, EA)
        store.save_article(B, EB)
        store.save_article(article_c())
    return path


def offline() -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that will not download extensions."""
    return duckdb.connect(config={"autoinstall_known_extensions": False})


def test_duckdb_reads_the_parquet_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert write_export(Store(db), "parquet", str(out)) == 5
    con = offline()
    columns = [row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(out)]).fetchall()]
    assert columns == list(FLAT_COLUMNS)
    by_country = dict(con.execute(
        "SELECT country, count(*) FROM read_parquet(?) WHERE country IS NOT NULL GROUP BY 1", [str(out)]).fetchall())
    assert by_country == {"IQ": 2, "AF": 2}
    shelling = EA.events[0]
    row = con.execute("SELECT date_start, lat, lon, fatalities FROM read_parquet(?) WHERE event_id = ?",
                      [str(out), shelling.id]).fetchone()
    assert row == (shelling.date.start, shelling.place.lat, shelling.place.lon, 12)


def test_duckdb_queries_the_sqlite_store_through_pandas(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        flat = pd.read_sql("SELECT * FROM events_flat", conn)
    con = offline()
    con.register("events_flat", flat)
    counts = dict(con.execute("SELECT type, count(*) FROM events_flat GROUP BY type").fetchall())
    assert counts == {"ASSAULT": 1, "PROTEST": 1, "MOBILIZE": 2, "THREATEN": 1}
    actors = con.execute("SELECT source_actors FROM events_flat WHERE type = 'ASSAULT'").fetchone()
    assert actors == ("Iraqi military",)


def test_duckdb_attaches_the_sqlite_store_natively(db: Path) -> None:
    """DuckDB's own sqlite extension, from its PyPI package (DuckDB would otherwise download it on first use)."""
    try:
        import duckdb_extension_sqlite_scanner
    except ImportError:
        pytest.skip("DuckDB's sqlite extension needs the duckdb-extension-sqlite-scanner package (the test extra)")
    folder = Path(duckdb_extension_sqlite_scanner.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    extension = folder / "sqlite_scanner.duckdb_extension"
    assert extension.exists(), f"no sqlite extension for DuckDB {duckdb.__version__} in {folder.parent}: pin both to one version"
    con = offline()
    con.execute(f"LOAD '{extension}'")
    con.execute(f"ATTACH '{db}' AS store (TYPE sqlite, READ_ONLY)")
    assert con.execute("SELECT count(*) FROM store.events").fetchone() == (5,)
    assert con.execute("SELECT count(*) FROM store.events_flat WHERE country = 'IQ'").fetchone() == (2,)
