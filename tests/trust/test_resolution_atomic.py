"""A resolution pass lands whole or not at all, and a store remembers that it still needs one."""

from __future__ import annotations

import pytest

from dateline.errors import StoreError
from dateline.model import Story
from dateline.store import Store
from tests.store_fixtures import (
    article_a,
    article_b,
    extraction_a,
    extraction_b,
    pg_database_url,  # noqa: F401 - fixture
    store,  # noqa: F401 - fixture
    stories_for,
    table_snapshot,
)


def test_a_failing_resolution_write_leaves_the_store_as_it_was(store: Store) -> None:  # noqa: F811
    a, b = article_a(), article_b()
    ea, eb = extraction_a(a), extraction_b(b)
    store.save_article(a, ea)
    store.save_article(b, eb)
    assert store.resolution_pending()
    before = table_snapshot(store)
    redated = a.model_copy(update={"title": "changed by the pass"})
    events = [e.model_copy(update={"confidence": 0.01}) for e in ea.events]
    broken = Story.model_validate({**stories_for(ea, eb)[0].model_dump(), "event_ids": ["no-such-event"]})
    with pytest.raises(StoreError):
        store.save_resolution(resolved=[a.id, b.id], updated_articles=[redated],
                              extractions={a.id: ea.model_copy(update={"events": events})}, stories=[broken])
    assert table_snapshot(store) == before, "part of a failed resolution was kept"
    assert store.resolution_pending()


def test_a_committed_resolution_covers_exactly_the_articles_it_read(store: Store) -> None:  # noqa: F811
    a, b = article_a(), article_b()
    ea, eb = extraction_a(a), extraction_b(b)
    store.save_article(a, ea)
    store.save_resolution(resolved=[a.id], stories=[], reuse=[])
    assert not store.resolution_pending()
    store.save_article(b, eb)  # stored after the pass read the store: still to be resolved
    assert store.resolution_pending()
    store.save_resolution(resolved=[a.id, b.id], stories=stories_for(ea, eb), reuse=[])
    assert not store.resolution_pending()
    assert {s.id for s in store.stories(limit=None)} == {s.id for s in stories_for(ea, eb)}
