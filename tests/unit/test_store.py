"""Store: schema and migrations, writing and reading back, idempotency, transactions, integrity.

Every test that takes ``store`` runs on SQLite and on PostgreSQL (the latter
when DATELINE_TEST_PG names a server; see tests/store_fixtures.py).
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

sys.path.insert(0, str(Path(__file__).parents[1]))
from store_fixtures import (  # noqa: E402
    BACKENDS,
    TALL_AFAR,
    article_a,
    article_b,
    article_c,
    extraction_a,
    extraction_b,
    fresh_pg_database,
    pg_admin_url,
    pg_database_url,  # noqa: F401 - fixture
    reuse_between,
    store,  # noqa: F401 - fixture
    stories_for,
    table_snapshot,
)

from dateline.errors import StoreError  # noqa: E402
from dateline.model import Disagreement, EventDate  # noqa: E402
from dateline.resolve.compact_records import PackedReuse, unpacked  # noqa: E402
from dateline.store import Store  # noqa: E402
from dateline.store.engine import JSONText, alembic_config, json_text, normalise_url  # noqa: E402
from dateline.store.schema import actor_terms, event_actor_terms, events, metadata  # noqa: E402

# ---------------------------------------------------------------------------
# Opening and migrating
# ---------------------------------------------------------------------------


def _open_empty(backend: str, tmp_path: Path):  # noqa: ANN202 - context manager or path
    if backend == "sqlite":
        return _nullcontext(str(tmp_path / "fresh" / "new.db"))
    return fresh_pg_database(pg_admin_url())


class _nullcontext:
    def __init__(self, value: str) -> None:
        self.value = value

    def __enter__(self) -> str:
        return self.value

    def __exit__(self, *exc: object) -> None:
        return None


def _race(count: int, job: Callable[[int, threading.Barrier], None]) -> list[BaseException]:
    """Run ``job(k, start)`` in ``count`` threads; each calls ``start.wait()`` where the race begins.

    Returns what the threads raised, for the test to assert there was nothing.
    """
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            job(k, start)
        except BaseException as exc:  # noqa: BLE001 - returned to the test, which asserts on it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _schema_differences(conn: sa.Connection) -> list:
    search_objects = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config", "_trgm", "alembic_version")

    def ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        # Search indexes (SQLite FTS5 tables, PostgreSQL GIN indexes) live in migrations 0002 and 0004 only.
        return not (reflected and compare_to is None and (name or "").endswith(search_objects))

    context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": ours})
    return compare_metadata(context, metadata)


@pytest.mark.parametrize("backend", BACKENDS)
def test_opening_an_empty_database_migrates_it_to_the_schema_in_code(backend: str, tmp_path: Path) -> None:
    with _open_empty(backend, tmp_path) as url:
        store = Store(url)
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with store._engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == head
            names = set(sa.inspect(conn).get_table_names())
            assert {t.name for t in metadata.sorted_tables} <= names
            assert "events_flat" in sa.inspect(conn).get_view_names()
            assert _schema_differences(conn) == []
        store.close()
        Store(url).close()  # opening again is a no-op


def test_migrations_run_one_revision_at_a_time_and_back_down(tmp_path: Path) -> None:
    from alembic import command

    from dateline.store.engine import create_store_engine

    engine = create_store_engine(tmp_path / "steps.db")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        assert "events" in sa.inspect(conn).get_table_names()
        assert "events_fts" not in sa.inspect(conn).get_table_names()
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        assert "events_fts" in sa.inspect(conn).get_table_names()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
        assert sa.inspect(conn).get_table_names() == ["alembic_version"]
    engine.dispose()


def _query_columns(store: Store) -> tuple[list[tuple], set[tuple[str, str]]]:
    """What migration 0004 derives from stored events: their query columns, and their actor terms."""
    e, t, et = events.c, actor_terms.c, event_actor_terms.c
    with store._engine.connect() as conn:
        columns = conn.execute(
            sa.select(e.id, e.date_sort, e.date_sort_desc, e.date_last, e.date_span, e.source_lc).order_by(e.id)
        ).all()
        terms = conn.execute(
            sa.select(t.term, e.id)
            .join_from(event_actor_terms, actor_terms, t.id == et.term_id)
            .join(events, e.seq == et.event_seq)
        ).all()
    return [tuple(r) for r in columns], {(term, event_id) for term, event_id in terms}


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrading_to_0004_derives_the_query_columns_as_a_write_does(backend: str, tmp_path: Path) -> None:
    from alembic import command

    a, b = article_a(), article_b()
    ea = extraction_a(a)
    shelling = ea.events[0]
    source = shelling.sources[0]
    renamed = source.model_copy(update={"actor": source.actor.model_copy(update={"name": "ÇAĞLAR Forces"})})
    ea = ea.model_copy(update={"events": [shelling.model_copy(update={"sources": [renamed]}), *ea.events[1:]]})
    b = b.model_copy(update={"source": "ÉDITIONS Example"})
    long_threat = extraction_b(b).events[0].model_copy(
        update={"date": EventDate(start=date(2017, 1, 1), end=date(2018, 3, 2), granularity="interval")}
    )
    eb = extraction_b(b).model_copy(update={"events": [long_threat, extraction_b(b).events[1]]})
    with _open_empty(backend, tmp_path) as url:
        store = Store(url)
        store.save_article(a, ea)
        store.save_article(b, eb)
        store.save_article(article_c())
        written = _query_columns(store)
        assert ("çağlar forces", shelling.id) in written[1]
        assert any(span == 425 for *_, span, _ in written[0])
        with store._engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0003")
            assert "actor_terms" not in sa.inspect(conn).get_table_names()
            assert "date_sort" not in {c["name"] for c in sa.inspect(conn).get_columns("events")}
        store.close()
        upgraded = Store(url)
        assert _query_columns(upgraded) == written
        assert [e.id for e in upgraded.events(actor="çağlar")] == [shelling.id]
        assert upgraded.count_events(source="éditions example", date_from="2018-03-01") == 1
        assert upgraded.integrity_check() == []
        upgraded.close()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    store = Store(tmp_path / "pragmas.db")
    with store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()


def test_urls_plain_paths_and_postgres_aliases_are_understood(tmp_path: Path) -> None:
    assert normalise_url("data/x.db") == "sqlite:///data/x.db"
    assert normalise_url(tmp_path / "y.db") == f"sqlite:///{tmp_path}/y.db"
    assert normalise_url("sqlite:///dateline.db") == "sqlite:///dateline.db"
    assert normalise_url(":memory:") == "sqlite://"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError, match="unsupported database"):
        Store("mysql://u@h/db")
    with Store(":memory:") as in_memory:
        in_memory.save_article(article_c())
        assert in_memory.has_article(article_c().id)


def test_a_store_in_a_new_directory_creates_it(tmp_path: Path) -> None:
    Store(tmp_path / "a" / "b" / "events.db").close()
    assert (tmp_path / "a" / "b" / "events.db").is_file()


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


def test_article_and_extraction_read_back_identical(store: Store) -> None:
    article = article_a()
    extraction = extraction_a(article)
    store.save_article(article, extraction, minhash=b"\x00\x01sig\xff", near_keys=[-5, 2**63 - 1])

    assert store.has_article(article.id)
    assert store.get_article(article.id) == article
    assert store.get_extraction(article.id) == extraction
    for event in extraction.events:
        assert store.get_event(event.id) == event
    assert len(extraction.events) > 1 and store.article_events(article.id) == extraction.events
    assert store.article_events("0000000000000000") == []
    assert store.get_articles([article.id, "0000000000000000", "not an id", article.id]) == {article.id: article}
    assert store.article_texts([article.id, "0000000000000000", "not an id"]) == {article.id: article.text}
    assert store.article_texts([]) == {}
    assert store.get_article("0000000000000000") is None
    assert store.get_event("nope") is None
    assert store.near_duplicate_candidates([2**63 - 1, 7]) == [(article.id, b"\x00\x01sig\xff")]
    assert store.near_duplicate_candidates([7]) == store.near_duplicate_candidates([]) == []


def test_records_are_stored_as_their_models_json_once(store: Store) -> None:
    """Records go in as the model's own JSON text, not as a JSON string holding it."""
    article = article_a()
    extraction = extraction_a(article)
    store.save_article(article, extraction, minhash=None)
    event = extraction.events[0]
    with store._engine.connect() as conn:
        stored = conn.execute(sa.select(sa.cast(events.c.record, sa.Text())).where(events.c.id == event.id)).scalar()
    assert json.loads(stored) == event.model_dump(mode="json", exclude={"story_id"})
    if store.dialect == "sqlite":
        assert stored == event.model_dump_json(exclude={"story_id"})


def test_json_columns_take_values_and_text_already_written_as_json() -> None:
    assert json_text({"a": [1, 2.5, None], "b": "é"}) == '{"a":[1,2.5,null],"b":"é"}'
    assert json_text(JSONText('{"a":1}')) == '{"a":1}'
    assert json_text('{"a":1}') == '"{\\"a\\":1}"'  # a plain string is a JSON string


def test_article_without_extraction_gets_one_when_saved_again(store: Store) -> None:
    article = article_b()
    store.save_article(article)
    assert store.get_article(article.id) == article
    assert store.get_extraction(article.id) is None
    assert store.count_events() == 0

    extraction = extraction_b(article)
    store.save_article(article, extraction, minhash=b"sig", near_keys=[3])
    assert store.get_extraction(article.id) == extraction
    assert store.near_duplicate_candidates([3]) == [(article.id, b"sig")]


def _keys_by_byte(signature: bytes) -> list[int]:
    """A stand-in banding for store tests: one key per distinct byte of the signature."""
    return sorted(set(signature))


def test_near_duplicate_keys_are_rebuilt_for_another_banding_and_kept_for_the_same(store: Store) -> None:
    a, b, c = article_a(), article_b(), article_c()
    store.save_article(a, extraction_a(a), minhash=b"\x01\x02", near_keys=[1, 2])
    store.save_article(b, extraction_b(b), minhash=b"\x02\x03", near_keys=[2, 3])
    store.save_article(c)  # no signature: never a candidate
    assert store.index_near_duplicates("bytes", _keys_by_byte) == 2  # no banding recorded yet: rebuilt
    assert store.near_duplicate_candidates([2]) == [(a.id, b"\x01\x02"), (b.id, b"\x02\x03")]  # storage order
    assert store.index_near_duplicates("bytes", _keys_by_byte) == 0  # same banding: left alone
    assert store.index_near_duplicates("doubled", lambda sig: [2 * k for k in sig]) == 2
    assert store.near_duplicate_candidates([2]) == [(a.id, b"\x01\x02")]
    assert store.near_duplicate_candidates([6]) == [(b.id, b"\x02\x03")]


def test_a_signature_saved_without_keys_makes_the_next_ingest_rebuild_them(store: Store) -> None:
    a, b = article_a(), article_b()
    store.save_article(a, extraction_a(a), minhash=b"\x01", near_keys=[1])
    assert store.index_near_duplicates("bytes", _keys_by_byte) == 1
    store.save_article(b, extraction_b(b), minhash=b"\x01")  # no keys: b cannot be found yet
    assert store.near_duplicate_candidates([1]) == [(a.id, b"\x01")]
    assert store.index_near_duplicates("bytes", _keys_by_byte) == 2
    assert store.near_duplicate_candidates([1]) == [(a.id, b"\x01"), (b.id, b"\x01")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_writers_starting_together_rebuild_the_keys_once(backend: str, tmp_path: Path) -> None:
    a, b = article_a(), article_b()
    with _open_empty(backend, tmp_path) as url:
        with Store(url) as setup:
            setup.save_article(a, extraction_a(a), minhash=b"\x01\x02")  # no keys: a rebuild is due
            setup.save_article(b, extraction_b(b), minhash=b"\x02\x03")
        keyed: list[int] = []

        def rebuild(_: int, start: threading.Barrier) -> None:
            with Store(url) as writer:
                start.wait()
                keyed.append(writer.index_near_duplicates("bytes", _keys_by_byte))

        assert _race(3, rebuild) == []
        assert sorted(keyed) == [0, 0, 2]
        with Store(url) as reader:
            assert reader.near_duplicate_candidates([2]) == [(a.id, b"\x01\x02"), (b.id, b"\x02\x03")]


def test_an_empty_extraction_is_stored_as_such(store: Store) -> None:
    from dateline.model import Extraction

    article = article_c()
    store.save_article(article, Extraction(article_id=article.id))
    assert store.get_extraction(article.id) == Extraction(article_id=article.id)
    assert store.integrity_check() == []


def test_saving_the_same_article_again_changes_nothing(store: Store) -> None:
    a, b = article_a(), article_b()
    store.save_article(a, extraction_a(a), minhash=b"a")
    store.save_article(b, extraction_b(b), minhash=b"b")
    before = table_snapshot(store)
    store.save_article(a, extraction_a(a), minhash=b"a")
    store.save_article(b, extraction_b(b), minhash=b"other")
    store.save_article(a)
    assert table_snapshot(store) == before
    assert store.count_articles() == 2


def test_extraction_of_another_article_is_refused(store: Store) -> None:
    a, b = article_a(), article_b()
    with pytest.raises(StoreError, match=f"extraction is of article {b.id}"):
        store.save_article(a, extraction_b(b))
    mixed = extraction_a(a).model_copy(update={"events": extraction_b(b).events})
    with pytest.raises(StoreError, match="holds records of another article"):
        store.save_article(a, mixed)
    assert not store.has_article(a.id)


# ---------------------------------------------------------------------------
# Transactions
# ---------------------------------------------------------------------------


def test_a_failure_in_the_middle_of_save_article_stores_nothing_of_it(store: Store) -> None:
    b = article_b()
    store.save_article(b, extraction_b(b))
    before = table_snapshot(store)

    a = article_a()
    extraction = extraction_a(a)

    def fail_on_events(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("INSERT INTO EVENT_ACTORS"):
            raise RuntimeError("simulated crash after the article, places, mentions and events were written")

    sa.event.listen(store._engine, "before_cursor_execute", fail_on_events)
    try:
        with pytest.raises(RuntimeError, match="simulated crash"):
            store.save_article(a, extraction, minhash=b"x")
    finally:
        sa.event.remove(store._engine, "before_cursor_execute", fail_on_events)

    assert not store.has_article(a.id)
    assert table_snapshot(store) == before
    assert store.integrity_check() == []
    store.save_article(a, extraction)  # and the article can be saved once the fault is gone
    assert store.get_extraction(a.id) == extraction


def test_a_database_refusal_mid_article_rolls_everything_back(store: Store) -> None:
    a = article_a()
    extraction = extraction_a(a)
    twin = extraction.model_copy(update={"events": extraction.events + [extraction.events[0]]})
    with pytest.raises(StoreError, match="two events with id"):
        store.save_article(a, twin)
    assert not store.has_article(a.id)
    assert all(rows == [] for rows in table_snapshot(store).values())


def test_a_near_duplicate_needs_its_original_stored_first(store: Store) -> None:
    a = article_a()
    copy = article_c().model_copy(update={"near_duplicate_of": a.id, "near_duplicate_score": 0.91})
    with pytest.raises(StoreError, match=f"near-duplicate of {a.id}, which is not in the store"):
        store.save_article(copy)
    assert not store.has_article(copy.id)
    store.save_article(a)
    store.save_article(copy)
    assert store.get_article(copy.id) == copy


def test_an_article_refused_in_a_batch_leaves_the_batch_and_is_stored_whole_or_not_at_all(store: Store) -> None:
    a, b = article_a(), article_b()
    refused = extraction_a(a).model_copy(update={"events": extraction_a(a).events + [extraction_a(a).events[0]]})
    copy = article_c().model_copy(update={"near_duplicate_of": b.id, "near_duplicate_score": 0.91})
    with store.saving() as batch:
        batch.save_article(b, extraction_b(b))
        with pytest.raises(StoreError, match="two events with id"):
            batch.save_article(a, refused)
        assert batch.has_article(b.id) and not batch.has_article(a.id)
        batch.save_article(copy)  # its original was saved earlier in the batch
    assert [x.id for x in store.articles()] == [b.id, copy.id]
    assert store.get_extraction(b.id) == extraction_b(b)
    assert store.integrity_check() == []
    store.save_article(a, extraction_a(a))
    assert store.get_extraction(a.id) == extraction_a(a)


def test_a_batch_that_breaks_off_stores_none_of_it_on_sqlite_and_what_committed_on_postgresql(store: Store) -> None:
    """SQLite commits a batch once (see Store.saving); PostgreSQL commits each article as it is saved."""
    a, b = article_a(), article_b()
    store.save_article(a, extraction_a(a))
    before = table_snapshot(store)
    with pytest.raises(RuntimeError, match="broke off"), store.saving() as batch:
        batch.save_article(b, extraction_b(b))
        raise RuntimeError("broke off after one article")
    assert store.has_article(b.id) is (store.dialect == "postgresql")
    if store.dialect == "sqlite":
        assert table_snapshot(store) == before
    assert store.integrity_check() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_writers_on_one_database_each_land_whole(backend: str, tmp_path: Path) -> None:
    a, b, c = article_a(), article_b(), article_c()
    jobs = [[(a, extraction_a(a)), (c, None)], [(b, extraction_b(b)), (c, None)], [(a, extraction_a(a))]]

    with _open_empty(backend, tmp_path) as url:

        def write(k: int, start: threading.Barrier) -> None:
            start.wait()
            writer = Store(url)  # all open (and migrate) at once
            for article, extraction in jobs[k]:
                writer.save_article(article, extraction)
            writer.close()

        assert _race(len(jobs), write) == []
        reader = Store(url)
        assert reader.count_articles() == 3
        assert reader.get_extraction(a.id) == extraction_a(a)
        assert reader.get_extraction(b.id) == extraction_b(b)
        assert reader.integrity_check() == []
        reader.close()


def test_writers_opening_a_new_sqlite_file_together_all_open_it(tmp_path: Path) -> None:
    """The first connection switches a new file to WAL; the others wait for it instead of failing."""
    failures: list[BaseException] = []
    for round_ in range(25):
        url = f"sqlite:///{tmp_path / f'new{round_}.db'}"

        def open_store(_: int, start: threading.Barrier, url: str = url) -> None:
            start.wait()
            Store(url).close()

        failures += _race(4, open_store)
    assert failures == []


# ---------------------------------------------------------------------------
# Updates, re-extraction, stories
# ---------------------------------------------------------------------------


def test_update_article_rewrites_metadata_and_keeps_the_extraction(store: Store) -> None:
    c = article_c()
    store.save_article(c, extraction_a(article_a()).model_copy(update={"article_id": c.id, "places": [],
                                                                     "actors": [], "times": [], "events": []}))
    inferred = c.model_copy(update={
        "published": date(2017, 10, 18), "published_found_in": "inferred",
        "published_note": "inferred from abc", "published_window": (date(2017, 10, 17), date(2017, 10, 19)),
        "kind": "analysis", "title": "Counting crowds",
    })
    store.update_article(inferred)
    assert store.get_article(c.id) == inferred
    assert store.get_extraction(c.id) is not None
    assert store.articles(q="crowds counting") == [inferred]
    with pytest.raises(StoreError, match="not in the store"):
        store.update_article(article_b())


def test_replace_extraction_redates_events_and_keeps_their_story(store: Store) -> None:
    a, b = article_a(), article_b()
    ea, eb = extraction_a(a), extraction_b(b)
    store.save_article(a, ea)
    store.save_article(b, eb)
    store.save_stories(stories_for(ea, eb), [])

    stored = store.get_extraction(b.id)
    assert stored.events[1].story_id == "story-mobilise"
    redated = stored.events[1].model_copy(update={
        "date": EventDate(start=date(2018, 3, 1), end=date(2018, 3, 1), granularity="day", rule="inferred",
                          inferred=True),
        "story_id": None,
    })
    dropped_threat = stored.model_copy(update={"events": [redated]})
    store.replace_extraction(b.id, dropped_threat)

    again = store.get_extraction(b.id)
    assert [e.id for e in again.events] == [redated.id]
    assert again.events[0].date.start == date(2018, 3, 1) and again.events[0].date.inferred
    assert again.events[0].story_id == "story-mobilise"
    assert store.get_event(eb.events[0].id) is None
    assert {e.id for e in store.events(story_id="story-mobilise")} == {ea.events[2].id, redated.id}
    assert store.events(q="reinforce") == [again.events[0]]
    assert store.integrity_check() == []
    with pytest.raises(StoreError, match="save the article first"):
        store.replace_extraction(article_c().id, again.model_copy(update={"article_id": article_c().id,
                                                                          "events": []}))


def test_save_stories_replaces_stories_and_sets_event_story_ids(store: Store) -> None:
    a, b = article_a(), article_b()
    ea, eb = extraction_a(a), extraction_b(b)
    store.save_article(a, ea)
    store.save_article(b, eb)
    stories = stories_for(ea, eb)
    stories[1] = stories[1].model_copy(update={
        "disagreements": [Disagreement(field="date", values={a.id: "unknown", b.id: "2018-03-02"})]})
    reuse = reuse_between(a, b)
    store.save_stories(stories, reuse)

    assert store.stories() == [stories[0], stories[2], stories[1]]  # by start date, undated last
    assert store.get_story("story-mobilise") == stories[1]
    assert store.count_stories() == 3
    assert store.stories(type="assault") == [stories[0]]
    assert store.stories(min_sources=2) == [stories[1]]
    assert store.stories(date_from="2017-10-17", country="iq") == [stories[2]]
    assert store.get_event(ea.events[0].id).story_id == "story-shelling"
    assert store.get_event(eb.events[0].id).story_id is None
    assert store.reuse_for(a.id) == reuse and store.reuse_for(b.id) == reuse
    assert store.reuse_for(article_c().id) == []

    store.save_stories(stories[:1], [])
    assert store.stories() == stories[:1]
    assert store.get_event(ea.events[2].id).story_id is None
    assert store.reuse_for(a.id) == []
    assert store.integrity_check() == []


def test_save_stories_refuses_unknown_events_and_keeps_the_old_stories(store: Store) -> None:
    a, b = article_a(), article_b()
    ea, eb = extraction_a(a), extraction_b(b)
    store.save_article(a, ea)
    store.save_stories(stories_for(ea, eb)[:1], [])
    before = table_snapshot(store)
    with pytest.raises(StoreError, match=f"lists event {eb.events[1].id}, which is not in the store"):
        store.save_stories(stories_for(ea, eb), [])
    with pytest.raises(StoreError, match="text reuse refers to article"):
        store.save_stories([], reuse_between(a, b))
    doubled = stories_for(ea, eb)[:1] * 2
    with pytest.raises(StoreError, match="given twice"):
        store.save_stories(doubled, [])
    assert table_snapshot(store) == before


def test_save_stories_streams_in_batches_and_checks_across_them(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stories may come from a generator, written a batch at a time; an error in a later batch undoes the earlier."""
    from dateline.store import writes

    monkeypatch.setattr(writes, "STORY_BATCH", 1)
    a, b = article_a(), article_b()
    ea, eb = extraction_a(a), extraction_b(b)
    store.save_article(a, ea)
    store.save_article(b, eb)
    c = article_c()
    store.save_article(c)
    stories = stories_for(ea, eb)
    reuse = reuse_between(a, b) + reuse_between(c, b)
    store.save_stories(iter(stories), unpacked(PackedReuse.of(r) for r in reuse))  # a stream, as a resolution pass gives
    assert sorted(s.id for s in store.stories()) == sorted(s.id for s in stories)
    assert store.get_event(ea.events[0].id).story_id == stories[0].id
    assert store.reuse_for(b.id) == reuse
    before = table_snapshot(store)
    poached = stories[0].model_copy(update={"id": "story-poacher"})  # a second story claiming the same events
    with pytest.raises(StoreError, match="is in both story"):
        store.save_stories(iter([stories[1], stories[0], poached]), [])
    with pytest.raises(StoreError, match=f"story {stories[0].id} is given twice"):  # in a later batch
        store.save_stories(iter([stories[0], stories[1], stories[0]]), [])
    with pytest.raises(StoreError, match="given twice"):  # the repeat comes in a later batch
        store.save_stories([], (r for r in reuse + reuse[:1]))
    monkeypatch.setattr(writes, "STORY_BATCH", 10)
    with pytest.raises(StoreError, match=f"text reuse {reuse[0].source_article_id} -> .* given twice"):  # in one batch
        store.save_stories([], (r for r in reuse + reuse[:1]))
    unstored = article_c().model_copy(update={"id": "not-stored"})
    with pytest.raises(StoreError, match="text reuse refers to article not-stored"):
        store.save_stories([], (r for r in reuse + reuse_between(a, unstored)))
    assert table_snapshot(store) == before


# ---------------------------------------------------------------------------
# Views, aggregates, integrity
# ---------------------------------------------------------------------------


def test_events_flat_view_joins_actors_place_and_article(store: Store) -> None:
    a = article_a()
    ea = extraction_a(a)
    store.save_article(a, ea)
    with store._engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT * FROM events_flat WHERE event_id = :id"), {"id": ea.events[0].id}
        ).mappings().one()
    assert row["source_actors"] == "Iraqi military" and row["source_codes"] == "IRQMIL"
    assert row["target_actors"] == "Iraqi rebels" and row["target_codes"] == "IRQREB"
    assert row["place_name"] == TALL_AFAR.name and row["place_admin1"] == "Nineveh"
    assert (row["lat"], row["lon"], row["country"]) == (TALL_AFAR.lat, TALL_AFAR.lon, "IQ")
    assert row["article_source"] == "Wire Service" and row["article_url"] == a.url
    assert str(row["date_start"]) == "2017-10-16"
    assert row["evidence"] == ea.events[0].evidence.text


def test_actors_places_and_stats_count_what_was_stored(store: Store) -> None:
    a, b, c = article_a(), article_b(), article_c()
    store.save_article(a, extraction_a(a))
    store.save_article(b, extraction_b(b))
    store.save_article(c)

    counts = {x.actor.code or x.actor.name: (x.events, x.mentions) for x in store.actors()}
    assert counts == {"IRQMIL": (2, 2), "IRQREB": (1, 1), "IRQCVL": (1, 1), "officials": (1, 1),
                      "AFGINSTAL": (1, 1), "AFGCOP": (2, 2)}
    assert store.actors(limit=1)[0].actor.code in {"IRQMIL", "AFGCOP"}
    places = {p.place.place_id: (p.events, p.mentions) for p in store.places()}
    assert places == {"gn:99071": (0, 1), "gn:99085": (1, 1), "gn:99532": (1, 1), "gn:1146654": (1, 2)}

    stats = store.stats()
    assert stats == {
        "articles": 3, "events": 5, "stories": 0, "undated_events": 2,
        "by_day": {"2017-10-16": 1, "2017-10-17": 1, "2018-02-26": 1},
        "by_type": {"MOBILIZE": 2, "ASSAULT": 1, "PROTEST": 1, "THREATEN": 1},
        "by_country": {"AF": 2, "IQ": 2},
    }
    assert store.stats(country="AF")["events"] == 2
    assert store.stats(country="AF")["by_type"] == {"MOBILIZE": 1, "THREATEN": 1}


def test_all_events_streams_the_same_events_as_a_listing(store: Store) -> None:
    a, b = article_a(), article_b()
    store.save_article(a, extraction_a(a))
    store.save_article(b, extraction_b(b))
    streamed = store.all_events(sort="-confidence")
    assert list(streamed) == store.events(sort="-confidence", limit=None)
    assert [e.id for e in store.all_events(country="AF", limit=1)] == [store.events(country="AF")[0].id]


def test_integrity_check_is_clean_and_finds_dangling_rows(store: Store) -> None:
    a, b = article_a(), article_b()
    ea, eb = extraction_a(a), extraction_b(b)
    store.save_article(a, ea)
    store.save_article(b, eb)
    store.save_stories(stories_for(ea, eb), reuse_between(a, b))
    assert store.integrity_check() == []

    # Write what dateline never would, the way a hand edit could (the last one with constraints off).
    with store._engine.begin() as conn:
        conn.execute(sa.text("UPDATE articles SET extracted_at = NULL WHERE id = :id"), {"id": b.id})
        conn.execute(sa.text("UPDATE events SET story_id = NULL WHERE id = :id"), {"id": ea.events[0].id})
    raw = store._engine.raw_connection()
    try:
        cursor = raw.cursor()
        if store.dialect == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
        else:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("INSERT INTO quantities (event_id, position, kind, text) VALUES ('ghost', 0, 'x', 'x')")
        raw.commit()
        if store.dialect == "sqlite":
            cursor.execute("PRAGMA foreign_keys = ON")
        else:
            cursor.execute("SET session_replication_role = origin")
    finally:
        raw.close()

    problems = store.integrity_check()
    assert any(p.startswith("quantities.event_id: 1 row(s) refer to no events.id") for p in problems), problems
    assert any(p.startswith("events: 1 article(s) have rows here but no extraction") for p in problems), problems
    assert any(p.startswith("events.story_id: 1 event(s) disagree with story_events") for p in problems), problems


def test_sqlite_integrity_check_notices_a_stale_full_text_index(tmp_path: Path) -> None:
    store = Store(tmp_path / "fts.db")
    a = article_a()
    store.save_article(a, extraction_a(a))
    with store._engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO events_fts(events_fts) VALUES ('delete-all')")
    problems = store.integrity_check()
    assert any("events_fts" in p and "rebuild" in p for p in problems), problems
    with store._engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
    assert store.integrity_check() == []
    store.close()


def test_a_writer_can_open_sqlite_without_memory_mapped_reads(tmp_path: Path) -> None:
    """Readers map the file (fast lookups); ``dateline ingest`` does not, so its RSS is its own memory,
    and keeps a larger page cache for the index pages its batches change."""
    from dateline.store.engine import SQLITE_MMAP_BYTES, SQLITE_WRITER_CACHE_KIB

    for mapped, expected, cache in ((True, SQLITE_MMAP_BYTES, -2000), (False, 0, -SQLITE_WRITER_CACHE_KIB)):
        opened = Store(tmp_path / f"mapped-{mapped}.db", mapped_reads=mapped)
        with opened._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == expected
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == cache  # -2000: SQLite's default 2 MB
        opened.close()
