"""Upgrades: a store written at the first schema revision opens in today's dateline with nothing lost.

The fixture (fixtures/store_0001.sql, see make_store_0001.py) is a SQLite
store at revision 0001 holding four ingested articles with their events,
stories and reuse. Opening it with :class:`Store` migrates it to the newest
revision; every row must still be there with the same values, readable
through the Store API, full-text searchable, and sound by the integrity check.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from dateline.store import Store
from dateline.store.engine import alembic_config

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "store_0001.sql"
COUNTED = ["articles", "places", "actors", "place_mentions", "actor_mentions", "time_mentions", "events",
           "event_actors", "quantities", "stories", "story_events", "reuse"]


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    return path


def _raw(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_the_fixture_is_an_old_store(old_store: Path) -> None:
    assert _raw(old_store, "SELECT version_num FROM alembic_version") == [("0001",)]
    tables = {name for (name,) in _raw(old_store, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "events_fts" not in tables  # search arrived in 0002
    assert all(_raw(old_store, f"SELECT count(*) FROM {t}")[0][0] > 0 for t in COUNTED), "every table has rows"


def test_opening_an_old_store_migrates_it_without_losing_a_row(old_store: Path) -> None:
    counts = {t: _raw(old_store, f"SELECT count(*) FROM {t}")[0][0] for t in COUNTED}
    articles = dict(_raw(old_store, "SELECT id, record FROM articles"))
    texts = dict(_raw(old_store, "SELECT id, text FROM articles"))
    events = dict(_raw(old_store, "SELECT id, record FROM events"))
    story_of = dict(_raw(old_store, "SELECT id, story_id FROM events"))
    stories = dict(_raw(old_store, "SELECT id, record FROM stories"))

    with Store(f"sqlite:///{old_store}") as store:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert _raw(old_store, "SELECT version_num FROM alembic_version") == [(head,)]
        assert {t: _raw(old_store, f"SELECT count(*) FROM {t}")[0][0] for t in COUNTED} == counts
        assert store.integrity_check() == []

        for article_id, record in articles.items():
            article = store.get_article(article_id)
            assert article is not None and article.text == texts[article_id]
            stored = json.loads(record)
            assert article.title == stored.get("title") and article.source == stored.get("source")
            assert str(article.published) == str(stored.get("published"))
            assert store.get_extraction(article_id) is not None

        read_events = {e.id: e for e in store.events(limit=None)}
        assert set(read_events) == set(events)
        for event_id, event in read_events.items():
            stored = json.loads(events[event_id])
            assert event.type == stored["type"] and event.evidence.text == stored["evidence"]["text"]
            assert event.story_id == story_of[event_id]
        assert {s.id for s in store.stories(limit=None)} == set(stories)
        assert sum(len(store.reuse_for(a)) for a in articles) > 0


def test_a_migrated_store_is_searchable_and_ready_for_the_next_ingest(old_store: Path) -> None:
    evidence = _raw(old_store, "SELECT evidence FROM events ORDER BY seq LIMIT 1")[0][0]
    word = max(evidence.split(), key=len).strip(".,;:\"'()")
    title_word = next(w for (t,) in _raw(old_store, "SELECT title FROM articles WHERE title IS NOT NULL")
                      for w in t.split() if len(w) > 4)
    with Store(f"sqlite:///{old_store}") as store:
        assert any(word.lower() in e.evidence.text.lower() for e in store.events(q=word, limit=None))
        assert store.articles(q=title_word, limit=None)
        assert store.count_events() == len(store.events(limit=None))
        assert store.resolution_pending(), "an upgraded store is resolved again at its next ingest"
        assert store.stats()["articles"] == 4


def test_the_first_ingest_after_the_upgrade_finds_near_duplicates_of_old_articles(old_store: Path) -> None:
    """The band keys arrived in 0005; the next ingest makes them from the signatures the old store kept."""
    from dateline.ingest import RawItem
    from dateline.pipeline import Pipeline

    original_id, text = _raw(old_store, "SELECT id, text FROM articles ORDER BY seq LIMIT 1")[0]
    assert _raw(old_store, "SELECT count(*) FROM articles WHERE minhash IS NOT NULL")[0][0] == 4
    copy = text.replace("Nigerian troops", "Nigerian soldiers", 1) + "\nCopyright The Associated Press."
    with Store(f"sqlite:///{old_store}") as store:
        assert _raw(old_store, "SELECT count(*) FROM near_duplicate_keys") == [(0,)]
        (outcome,) = list(Pipeline().ingest_items([RawItem(text=copy, origin="edited copy")], store))
    assert outcome.status == "near_duplicate", outcome
    assert outcome.reason.startswith(f"near-duplicate of {original_id}")
    keyed = _raw(old_store, "SELECT count(DISTINCT article_id) FROM near_duplicate_keys")[0][0]
    assert keyed == 5  # the four old articles and the copy
