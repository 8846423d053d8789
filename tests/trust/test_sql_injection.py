"""Nothing let in: hostile strings through every store filter and every CLI filter stay data, never SQL.

Three proofs, on SQLite and (with DATELINE_TEST_PG) PostgreSQL:

* every SQL statement the store sends while answering hostile filters is
  captured at the driver boundary, and no hostile value ever appears in a
  statement's text: each one travels as a bound parameter;
* each hostile value either is refused as an invalid filter or matches only
  what literally contains it (here: nothing), never "everything";
* afterwards every table is still there with the same rows.

The same strings go through the ``dateline events/articles/stories/show/export``
flags in a subprocess, against a file store, with the same checks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from dateline.cli import cli
from dateline.errors import DatelineError, InvalidQuery
from dateline.store import Store
from dateline.store.filters import FILTER_NAMES
from tests.store_fixtures import (
    article_a,
    article_b,
    article_c,
    extraction_a,
    extraction_b,
    module_store,  # noqa: F401 - fixture
    pg_database_url,  # noqa: F401 - fixture
    stories_for,
    table_snapshot,
)
from tests.trust.conftest import run_cli

MARK = "zq9x"
"""In every hostile value, so its appearance in SQL text can be searched for."""
HOSTILE = [
    f"{MARK}' OR '1'='1",
    f"{MARK}'; DROP TABLE events; --",
    f'{MARK}" OR 1=1 --',
    f"{MARK}') OR ('1'='1",
    f"{MARK}%' OR 1=1 --",
    f"{MARK}' UNION SELECT id, text FROM articles --",
    f"{MARK}'||(SELECT group_concat(name) FROM sqlite_master)||'",
    f"{MARK}; ATTACH DATABASE '/tmp/x.db' AS x; --",
    f'{MARK} NEAR("a" "b") OR * AND events_fts:*',
    f"{MARK}\\'; SELECT pg_sleep(5); --",
    f"{MARK}%",
    f"{MARK}_",
    f"{MARK}$$; DROP TABLE stories; $$",
    f"{MARK}\x00' OR 1=1 --",
]
LIKE_WILDCARDS = ["%", "_", "%%", "%' OR '%'='"]
"""Substring filters: a wildcard must match only values that contain it literally."""


@pytest.fixture(scope="module")
def filled(module_store: Store) -> Store:  # noqa: F811 - the imported fixture
    a, b = article_a(), article_b()
    ea, eb = extraction_a(a), extraction_b(b)
    module_store.save_article(a, ea)
    module_store.save_article(b, eb)
    module_store.save_article(article_c())
    module_store.save_stories(stories_for(ea, eb), [])
    return module_store


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every SQL text sent to any database while the test runs (parameters not included)."""
    seen: list[str] = []

    def capture(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", capture)
    yield seen
    sa.event.remove(sa.engine.Engine, "before_cursor_execute", capture)


def _no_value_in_sql(seen: list[str]) -> None:
    leaked = [s for s in seen if MARK in s or "zq9x" in s.lower()]
    assert not leaked, f"a filter value was written into SQL text: {leaked[0][:300]}"


def _event_text(event: Any) -> str:
    parts = [event.type, event.mode or "", event.acled_type or "", event.evidence.text, event.modality]
    for actor in [*event.source_actors, *event.target_actors]:
        parts += [actor.actor.name, actor.actor.code or "", actor.mention.text]
    return " ".join(parts).lower()


@pytest.mark.parametrize("name", sorted(FILTER_NAMES))
def test_hostile_values_in_every_event_filter_stay_data(filled: Store, name: str, statements: list[str]) -> None:
    before = table_snapshot(filled)
    everything = filled.count_events()
    for value in HOSTILE:
        try:
            found = filled.events(limit=None, **{name: value})
            counted = filled.count_events(**{name: value})
            filled.stats(**{name: value})
            filled.event_points(**{name: value})
            list(filled.all_events(**{name: value}))
        except InvalidQuery:
            continue  # refused as malformed (a date, a box, a number, a modality): also safe
        assert len(found) == counted
        assert counted < everything or everything == 0, f"{name}={value!r} matched every event"
        assert all(MARK in _event_text(e) for e in found), f"{name}={value!r} matched events without it"
    _no_value_in_sql(statements)
    assert table_snapshot(filled) == before


@pytest.mark.parametrize("value", LIKE_WILDCARDS)
def test_like_wildcards_in_substring_filters_match_literally(filled: Store, value: str) -> None:
    for event in filled.events(actor=value, limit=None):
        assert value.lower() in _event_text(event), f"actor={value!r} matched {event.id} as a wildcard"


def test_hostile_values_in_article_story_and_lookup_calls_stay_data(filled: Store, statements: list[str]) -> None:
    before = table_snapshot(filled)
    for value in HOSTILE:
        for listing in (
            lambda v: filled.articles(source=v, limit=None),
            lambda v: filled.articles(kind=v, limit=None),
            lambda v: [a for a in filled.articles(q=v, limit=None) if MARK not in (a.title or "") + a.text],
            lambda v: [1] * filled.count_articles(source=v),
            lambda v: filled.stories(type=v, limit=None),
            lambda v: filled.stories(country=v, limit=None),
        ):
            try:
                assert listing(value) == []
            except InvalidQuery:
                pass  # refused (text with a NUL in it): also safe
        for call in (filled.get_article, filled.get_event, filled.get_story, filled.get_extraction):
            assert call(value) is None
        assert filled.reuse_for(value) == []
        for bad in ({"sort": value}, {"cursor": value}, {"date_from": value}):
            with pytest.raises(InvalidQuery):
                filled.events(**bad)
        with pytest.raises((InvalidQuery, ValueError)):
            filled.stories(date_from=value)
    _no_value_in_sql(statements)
    assert table_snapshot(filled) == before
    assert filled.integrity_check() == []


# ---------------------------------------------------------------------------
# Through the command line
# ---------------------------------------------------------------------------

CLI_FILTERS = ["--type", "--mode", "--acled-type", "--actor", "--country", "--story", "--source", "--modality",
               "--q", "--article", "--from", "--to", "--sort"]


@pytest.fixture(scope="module")
def file_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-injection")
    with Store(f"sqlite:///{folder / 'store.db'}") as store:
        a, b = article_a(), article_b()
        ea, eb = extraction_a(a), extraction_b(b)
        store.save_article(a, ea)
        store.save_article(b, eb)
        store.save_stories(stories_for(ea, eb), [])
    return folder


def _tables(folder: Path) -> dict[str, list[tuple]]:
    with Store(f"sqlite:///{folder / 'store.db'}") as store:
        return table_snapshot(store)


def _cli(args: list[str]) -> tuple[int, str]:
    """The real ``dateline`` command run in-process (CliRunner): the flags' full path, without startup cost.

    Returns the exit code ``dateline`` would give (its ``main`` maps a refused
    filter, a DatelineError, to 2) and stdout. Any other exception fails.
    """
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    if isinstance(result.exception, DatelineError):
        return 2, result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout


@pytest.mark.parametrize("flag", CLI_FILTERS)
def test_hostile_values_through_cli_filters_return_nothing_and_change_nothing(
    file_store: Path, flag: str, statements: list[str]
) -> None:
    before = _tables(file_store)
    db = ["--db", f"sqlite:///{file_store / 'store.db'}"]
    for value in HOSTILE:
        for command in (["events", "--json"], ["export", "--format", "csv"]):
            code, stdout = _cli([*db, *command, flag, value])
            assert code in (0, 2), stdout  # 2: refused as a malformed filter value
            rows = [line for line in stdout.splitlines() if line.strip()]
            if command[0] == "events":
                assert all(MARK in json.dumps(json.loads(r)) for r in rows), rows[:2]
            else:
                assert len(rows) <= 1 or all(MARK in r for r in rows[1:]), rows[:3]  # header only
    _no_value_in_sql(statements)
    assert _tables(file_store) == before


def test_hostile_values_through_the_installed_command(file_store: Path) -> None:
    """The same through the real executable (one run per command: a subprocess costs seconds)."""
    before = _tables(file_store)
    db = ["--db", f"sqlite:///{file_store / 'store.db'}"]
    value = HOSTILE[1]
    done = run_cli([*db, "events", "--json", "--type", value, "--actor", value, "--q", value], cwd=file_store)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    done = run_cli([*db, "show", value, "--json"], cwd=file_store)
    assert done.returncode == 2 and "no article, event or story" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert _tables(file_store) == before
