"""The SQLite store as a product: Datasette serves it, described, with full-text search over evidence.

The metadata file ships in the package (src/dateline/datasette-metadata.json);
these tests check it describes every table and column a migrated store has,
and that Datasette — through its Python API and as ``datasette serve`` — shows
the events and finds an evidence sentence by its words.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

datasette_app = pytest.importorskip("datasette.app", reason="needs datasette (pip install datasette; test extra)")

sys.path.insert(0, str(Path(__file__).parents[1]))
from store_fixtures import article_a, article_b, article_c, extraction_a, extraction_b, stories_for  # noqa: E402

import dateline  # noqa: E402
from dateline.dataset import datasette_metadata  # noqa: E402
from dateline.store import Store  # noqa: E402

A, B = article_a(), article_b()
EA, EB = extraction_a(A), extraction_b(B)
SHELLING = EA.events[0]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "events.db"
    with Store(path) as store:
        store.save_article(A, EA)
        store.save_article(B, EB)
        store.save_article(article_c())
        store.save_stories(stories_for(EA, EB), [])
    return path


def get(db: Path, path: str) -> Any:
    """GET ``path`` from a Datasette over ``db`` with dateline's metadata; returns the response."""
    ds = datasette_app.Datasette([str(db)], metadata=dateline.open(db).datasette_metadata())

    async def fetch() -> Any:
        return await ds.client.get(path)

    return asyncio.run(fetch())


def test_metadata_describes_every_table_and_column_of_a_store(db: Path) -> None:
    described = datasette_metadata()["databases"]["dateline"]["tables"]
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE '%fts%' "
            "AND name NOT LIKE 'sqlite_%'")]
        missing = []
        for name in names:
            meta = described.get(name)
            if meta is None:
                missing.append(name)
                continue
            if meta.get("hidden"):
                continue
            assert meta.get("description"), f"table {name} has no description"
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
            assert sorted(meta["columns"]) == sorted(columns), f"{name}: describe exactly its columns"
            assert all(meta["columns"].values()), f"{name}: a column has an empty description"
    assert not missing, f"tables without Datasette metadata: {missing}; describe them in datasette-metadata.json"
    assert set(described) <= set(names), "metadata describes tables a store does not have"


def test_metadata_is_keyed_by_the_database_name_datasette_uses(db: Path) -> None:
    assert list(dateline.open(db).datasette_metadata()["databases"]) == ["events"]
    assert list(datasette_metadata("news")["databases"]) == ["news"]


def test_datasette_serves_the_events_table_with_its_description(db: Path) -> None:
    page = get(db, "/events/events")
    assert page.status_code == 200
    assert "who did what to whom" in page.text
    rows = get(db, "/events/events.json?_shape=array&_col=id&_col=type").json()
    assert {r["id"] for r in rows} == {e.id for e in EA.events + EB.events}
    flat = get(db, f"/events/events_flat.json?_shape=array&event_id={SHELLING.id}").json()
    assert flat[0]["source_actors"] == "Iraqi military" and flat[0]["place_name"] == "Tall Afar"


def test_datasette_full_text_search_finds_the_evidence_sentence(db: Path) -> None:
    rows = get(db, "/events/events.json?_search=shelling+rebels&_shape=array").json()  # stemmed: shelled, rebel
    assert [r["evidence"] for r in rows] == [SHELLING.evidence.text]
    assert get(db, "/events/events.json?_search=electricity&_shape=array").json()[0]["type"] == "PROTEST"
    assert get(db, "/events/events.json?_search=peshmerga&_shape=array").json() == []


def test_datasette_canned_query_searches_evidence(db: Path) -> None:
    rows = get(db, "/events/search_evidence.json?q=checkpoints&_shape=array").json()
    assert [(r["type"], r["article_source"]) for r in rows] == [("THREATEN", "Example Times")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_datasette_serve_command_shows_events(db: Path, tmp_path: Path) -> None:
    executable = Path(sys.executable).with_name("datasette")
    if not executable.exists():
        pytest.skip(f"no datasette command beside {sys.executable}")
    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps(dateline.open(db).datasette_metadata()))
    port = _free_port()
    server = subprocess.Popen([str(executable), "serve", str(db), "--metadata", str(meta), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/events/events.json?_search=marched&_shape=array"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    rows = json.load(response)
                break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    said = server.stderr.read().decode()[-500:]
                    raise AssertionError(f"datasette serve did not answer: {said}") from exc
                time.sleep(0.3)
        assert [r["type"] for r in rows] == ["PROTEST"]
    finally:
        server.terminate()
        server.wait(timeout=10)
