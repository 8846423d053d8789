"""Store queries: each event filter, sorting, offset and cursor paging, full-text search, hostile input.

Runs on SQLite and PostgreSQL (see tests/store_fixtures.py for DATELINE_TEST_PG).
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from store_fixtures import (  # noqa: E402
    antimeridian_event,
    article_a,
    article_b,
    article_c,
    extraction_a,
    extraction_b,
    module_store,  # noqa: F401 - fixture
    pg_database_url,  # noqa: F401 - fixture
    store,  # noqa: F401 - fixture
    stories_for,
    table_snapshot,
)

from dateline.errors import InvalidQuery  # noqa: E402
from dateline.model import Event  # noqa: E402
from dateline.store import SORTS, Store  # noqa: E402
from dateline.store.filters import FILTER_NAMES  # noqa: E402

A, B = article_a(), article_b()
EA, EB = extraction_a(A), extraction_b(B)
SHELLING, PROTEST, PLAN = EA.events
THREAT, DEPLOY = EB.events
FIJI = antimeridian_event(DEPLOY, B)
EB = EB.model_copy(update={"events": [THREAT, DEPLOY, FIJI]})
ALL = {e.id: name for name, e in
       {"shelling": SHELLING, "protest": PROTEST, "plan": PLAN, "threat": THREAT, "deploy": DEPLOY,
        "fiji": FIJI}.items()}


def fill(store: Store) -> Store:
    store.save_article(A, EA)
    store.save_article(B, EB)
    store.save_article(article_c())
    store.save_stories(stories_for(EA, EB), [])
    return store


@pytest.fixture(scope="module")
def filled(module_store: Store) -> Store:  # noqa: F811 - the imported fixture
    """The three articles, shared by the tests that only read (they check nothing changed)."""
    return fill(module_store)


@pytest.fixture
def filled_own(store: Store) -> Store:  # noqa: F811
    """The three articles in a store of the test's own, for tests that write."""
    return fill(store)


def names(events: list) -> set[str]:
    return {ALL[e.id] for e in events}


FILTER_CASES = [
    ({}, {"shelling", "protest", "plan", "threat", "deploy", "fiji"}),
    ({"date_from": "2017-10-17"}, {"protest", "threat"}),
    ({"date_to": date(2017, 10, 16)}, {"shelling"}),
    ({"date_from": "2018-03-01", "date_to": "2018-03-31"}, {"threat"}),  # a range overlapping the window
    ({"type": "assault"}, {"shelling"}),
    ({"type": ["PROTEST", "THREATEN"]}, {"protest", "threat"}),
    ({"mode": "Heavy-Weapons"}, {"shelling"}),
    ({"acled_type": "protests"}, {"protest"}),
    ({"actor": "IRQMIL"}, {"shelling", "plan"}),
    ({"actor": "taliban"}, {"threat"}),
    ({"actor": "police"}, {"threat", "deploy", "fiji"}),  # target, source and coactor roles
    ({"actor": "officials"}, {"shelling"}),  # the claimant
    ({"country": "af"}, {"threat", "deploy"}),
    ({"country": ["IQ", "FJ"]}, {"shelling", "protest", "fiji"}),
    ({"bbox": "40,29,50,37"}, {"shelling", "protest"}),
    ({"bbox": (42.0, 36.0, 43.0, 37.0)}, {"shelling"}),
    ({"bbox": "170,-20,-170,-10"}, {"fiji"}),  # across the antimeridian
    ({"place_id": "gn:1146654"}, {"threat"}),
    ({"story_id": "story-mobilise"}, {"plan", "deploy"}),
    ({"source": "example times"}, {"threat", "deploy", "fiji"}),
    ({"source": ["Wire Service", "Nobody"]}, {"shelling", "protest", "plan"}),
    ({"modality": "threatened"}, {"plan", "threat"}),
    ({"modality": ["claimed", "asserted"]}, {"shelling", "protest", "deploy", "fiji"}),
    ({"min_confidence": 0.65}, {"shelling", "deploy", "fiji"}),
    ({"min_confidence": "0.8"}, {"shelling"}),
    ({"q": "shelled"}, {"shelling"}),
    ({"q": "SHELLING rebels"}, {"shelling"}),  # stemmed, case-insensitive, every word
    ({"q": "marched electricity"}, {"protest"}),
    ({"q": "marched fighters"}, set()),
    ({"article_id": A.id}, {"shelling", "protest", "plan"}),
    ({"article_id": A.id, "type": "MOBILIZE"}, {"plan"}),
    ({"country": "IQ", "min_confidence": 0.7, "date_from": "2017-10-01"}, {"shelling"}),
    ({"type": None, "q": "", "country": []}, {"shelling", "protest", "plan", "threat", "deploy", "fiji"}),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES, ids=[str(f) for f, _ in FILTER_CASES])
def test_each_filter_returns_the_right_events(filled: Store, filters: dict, expected: set[str]) -> None:
    found = filled.events(**filters, limit=None)
    assert names(found) == expected
    assert len(found) == len(expected)
    assert filled.count_events(**filters) == len(expected)


def test_every_documented_filter_is_exercised() -> None:
    used = {name for filters, _ in FILTER_CASES for name in filters}
    assert used == FILTER_NAMES


def test_events_come_back_as_stored_with_their_story(filled: Store) -> None:
    by_id = {e.id: e for e in filled.events(limit=None)}
    assert by_id[SHELLING.id] == SHELLING.model_copy(update={"story_id": "story-shelling"})
    assert by_id[THREAT.id] == THREAT


def test_sorts_order_events_and_put_undated_last(filled: Store) -> None:
    dated_ascending = ["shelling", "protest", "threat"]
    by_date = [ALL[e.id] for e in filled.events(sort="date")]
    assert by_date[:3] == dated_ascending and set(by_date[3:]) == {"plan", "deploy", "fiji"}
    by_date_desc = [ALL[e.id] for e in filled.events(sort="-date")]
    assert by_date_desc[:3] == dated_ascending[::-1] and set(by_date_desc[3:]) == {"plan", "deploy", "fiji"}
    confidences = [e.confidence for e in filled.events(sort="-confidence")]
    assert confidences == sorted(confidences, reverse=True)
    assert [e.confidence for e in filled.events(sort="confidence")] == sorted(confidences)
    assert [e.type for e in filled.events(sort="type")] == sorted(e.type for e in filled.events())
    with pytest.raises(InvalidQuery, match="unknown sort 'date; DROP TABLE events'"):
        filled.events(sort="date; DROP TABLE events")


@pytest.mark.parametrize("sort", list(SORTS))
def test_cursor_pages_cover_every_event_once_in_order(filled: Store, sort: str) -> None:
    expected = [e.id for e in filled.events(sort=sort, limit=None)]
    seen: list[str] = []
    cursor = None
    while True:
        page = filled.events_page(sort=sort, limit=2, cursor=cursor)
        seen += [e.id for e in page.events]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == expected
    assert [e.id for e in filled.events(sort=sort, limit=2, offset=2)] == expected[2:4]


def test_cursor_survives_new_events_arriving_before_the_page(filled_own: Store) -> None:
    filled = filled_own
    from dateline.model import EventDate, Extraction

    first = filled.events_page(sort="-date", limit=2)
    assert [ALL[e.id] for e in first.events] == ["threat", "protest"]
    late = article_c()
    newest = PROTEST.model_copy(update={
        "id": "late-event", "article_id": late.id,
        "date": EventDate(start=date(2030, 1, 1), end=date(2030, 1, 1), granularity="day"),
    })
    filled.replace_extraction(late.id, Extraction(article_id=late.id, events=[newest]))
    second = filled.events_page(sort="-date", limit=2, cursor=first.next_cursor)
    first_undated = min(PLAN.id, DEPLOY.id, FIJI.id)
    assert [e.id for e in second.events] == [SHELLING.id, first_undated]
    assert filled.events(sort="-date", limit=1)[0].id == "late-event"


def test_bad_cursors_offsets_and_limits_are_refused(filled: Store) -> None:
    page = filled.events_page(sort="date", limit=1)
    with pytest.raises(InvalidQuery, match="made for sort 'date'"):
        filled.events(sort="-confidence", cursor=page.next_cursor)
    for garbage in ("not-a-cursor", "' OR 1=1 --", "eyJhIjoxfQ", "W10"):
        with pytest.raises(InvalidQuery, match="not one this store issued"):
            filled.events(cursor=garbage)
    with pytest.raises(InvalidQuery, match="either cursor or offset"):
        filled.events(cursor=page.next_cursor, offset=1)
    for bad in (-1, "10", 1.5, True):
        with pytest.raises(InvalidQuery):
            filled.events(limit=bad)
        with pytest.raises(InvalidQuery):
            filled.articles(offset=bad)


@pytest.mark.parametrize(("filters", "message"), [
    ({"date_from": "16/10/2017"}, "YYYY-MM-DD"),
    ({"date_to": 20171016}, "YYYY-MM-DD"),
    ({"bbox": "1,2,3"}, "four numbers"),
    ({"bbox": "0,50,10,40"}, "not a box"),
    ({"bbox": "0,0,200,10"}, "not a box"),
    ({"bbox": "a,b,c,d"}, "four numbers"),
    ({"min_confidence": "high"}, "takes a number"),
    ({"min_confidence": float("nan")}, "finite"),
    ({"modality": "rumoured"}, "not one of"),
    ({"country": "IQ\x00"}, "NUL"),
    ({"typ": "ASSAULT"}, "unknown event filter typ"),
])
def test_malformed_filters_are_refused_with_a_reason(filled: Store, filters: dict, message: str) -> None:
    with pytest.raises(InvalidQuery, match=message):
        filled.events(**filters)


HOSTILE = [
    "'; DROP TABLE events; --",
    "\" OR \"1\"=\"1",
    "ASSAULT' OR '1'='1",
    "%",
    "_",
    "\\",
    "*",
    "NEAR(shelled rebel)",
    "shelled OR marched",
    "evidence:shelled",
    "\"unterminated",
    "(",
    "^shelled",
    "-- comment",
    "1) UNION SELECT record FROM articles --",
    "📰 Ω ä",
    "a" * 5000,
]
TEXT_FILTERS = sorted(FILTER_NAMES - {"bbox", "min_confidence", "date_from", "date_to", "modality"})
EVENTS = {e.id: e for e in (SHELLING, PROTEST, PLAN, THREAT, DEPLOY, FIJI)}


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_strings_through_every_filter_do_no_harm(filled: Store, value: str) -> None:
    before = table_snapshot(filled)
    for name in ("date_from", "date_to", "bbox", "min_confidence", "modality"):
        with pytest.raises(InvalidQuery):
            filled.events(**{name: value})
    for name in TEXT_FILTERS:
        found = {e.id for e in filled.events(**{name: value}, limit=None)}
        if name == "q":
            # Operators and quotes are just text: the events found are those whose evidence has every word.
            words = _words(value)
            expected = {i for i, e in EVENTS.items() if words and words <= _words(e.evidence.text)}
            assert found == expected, (value, found)
        else:
            assert found == set(), (name, value, found)
    for sort in (value, "date DESC, (SELECT 1)"):
        with pytest.raises(InvalidQuery):
            filled.events(sort=sort)
    assert filled.articles(q=value, source=value, kind=value) == []
    assert filled.count_articles(source=value) == 0
    assert filled.stories(type=value, country=value) == []
    assert filled.get_event(value) is None and filled.get_article(value) is None
    assert filled.get_story(value) is None and filled.reuse_for(value) == []
    assert table_snapshot(filled) == before
    assert filled.integrity_check() == []


def test_a_hostile_q_can_still_find_what_its_words_say(filled: Store) -> None:
    assert names(filled.events(q="NEAR(shelled rebel)")) == {"shelling"}
    assert names(filled.events(q="^shelled*")) == {"shelling"}
    assert filled.events(q="*") == []


def test_like_wildcards_in_actor_are_literal(filled: Store) -> None:
    assert filled.events(actor="%") == []
    assert filled.events(actor="_") == []
    assert names(filled.events(actor="IRQ")) == {"shelling", "protest", "plan"}


def _actor_values(event: Event) -> list[str]:
    mentions = [*event.sources, *event.targets, *event.coactors, *([event.claimant] if event.claimant else [])]
    return [v for m in mentions for v in (m.actor.code, m.actor.name, m.mention.text) if v is not None]


ACTOR_NEEDLES = ["IRQMIL", "irq", "rq", "I", "forces", "GOVERNMENT FORCES", "ment for", "OLIC", "Taliban f",
                 "fighters", "officials", "afgins", "The army", "he ar", " ", "zzz", "'", '"police"', "police\n"]


@pytest.mark.parametrize("needle", ACTOR_NEEDLES, ids=range(len(ACTOR_NEEDLES)))
def test_actor_finds_a_substring_of_any_code_name_or_mention_text(filled: Store, needle: str) -> None:
    # Long needles go through the term index, short ones (and PostgreSQL) compare every term:
    # both must give what the documented rule gives, checked here against the records themselves.
    wanted = needle.strip().lower()
    expected = {i for i, e in EVENTS.items() if any(wanted in v.lower() for v in _actor_values(e))}
    assert {e.id for e in filled.events(actor=needle, limit=None)} == expected
    assert filled.count_events(actor=needle) == len(expected)
    assert {e.id for e in filled.events(actor=needle, sort="-date", limit=2)} <= expected


def test_actor_ignores_case_beyond_ascii(store: Store) -> None:
    a = article_a()
    extraction = extraction_a(a)
    shelling = extraction.events[0]
    source = shelling.sources[0]
    renamed = source.model_copy(update={"actor": source.actor.model_copy(update={"name": "ÇAĞLAR Kuvvetleri"})})
    extraction = extraction.model_copy(update={"events": [shelling.model_copy(update={"sources": [renamed]})]})
    store.save_article(a, extraction)
    for needle in ("çağlar", "ÇAĞLAR", "Çağlar kuv", "ağ"):
        assert [e.id for e in store.events(actor=needle)] == [shelling.id], needle
        assert store.count_events(actor=needle) == 1


def test_re_extraction_replaces_the_actor_terms_of_its_events(store: Store) -> None:
    a = article_a()
    extraction = extraction_a(a)
    store.save_article(a, extraction)
    assert names(store.events(actor="officials")) == {"shelling"}
    unclaimed = [e.model_copy(update={"claimant": None}) for e in extraction.events]
    store.replace_extraction(a.id, extraction.model_copy(update={"events": unclaimed}))
    assert store.events(actor="officials") == [] and store.count_events(actor="officials") == 0
    assert names(store.events(actor="government forces")) == {"shelling"}
    assert store.integrity_check() == []


def test_the_outlet_filter_follows_an_article_whose_outlet_changes(store: Store) -> None:
    a = article_a()
    store.save_article(a, extraction_a(a))
    store.update_article(a.model_copy(update={"source": "Другая Служба"}))
    assert store.events(source="wire service") == []
    assert names(store.events(source="другая служба")) == {"shelling", "protest", "plan"}
    assert store.count_events(source="ДРУГАЯ СЛУЖБА") == 3


DAYS = [date(2017, 10, 15), date(2017, 10, 16), date(2017, 10, 17), date(2018, 2, 25), date(2018, 2, 26),
        date(2018, 2, 28), date(2018, 3, 2), date(2018, 3, 3), None]


@pytest.mark.parametrize("date_to", DAYS + [date(9999, 12, 31)])
def test_date_windows_find_every_event_whose_range_overlaps_them(filled: Store, date_to: date | None) -> None:
    # The date index is searched from a lower bound worked out from the longest stored range
    # (THREAT spans five days): the results must still be exactly the documented overlap rule.
    def overlaps(e: Event, date_from: date | None) -> bool:
        last = e.date.end or e.date.start
        return ((date_from is None or (last is not None and last >= date_from))
                and (date_to is None or (e.date.start is not None and e.date.start <= date_to)))

    for date_from in DAYS:
        expected = {i for i, e in EVENTS.items() if overlaps(e, date_from)}
        for sort in ("date", "-date"):
            found = filled.events(date_from=date_from, date_to=date_to, sort=sort, limit=None)
            assert {e.id for e in found} == expected, (date_from, date_to, sort)
        assert filled.count_events(date_from=date_from, date_to=date_to) == len(expected)


def test_full_text_search_finds_an_evidence_sentence(filled: Store) -> None:
    found = filled.events(q="rebel positions near Tall Afar")
    assert [e.evidence.text for e in found] == [SHELLING.evidence.text]
    assert found[0].evidence.text.startswith("MOSUL, Iraq (Wire Service) - Government forces shelled")
    assert names(filled.events(q="reinforcing")) == {"deploy", "fiji"}  # "reinforce", stemmed


def test_full_text_search_over_articles(filled: Store) -> None:
    assert filled.articles(q="crowd protesters") == [article_c()]
    assert filled.articles(q="checkpoints") == [B]  # the title
    assert filled.articles(q="Tall Afar", source="wire service") == [A]
    assert filled.count_articles(q="electricity") == 1
    assert filled.articles(kind="opinion") == [article_c()]
    assert [a.id for a in filled.articles(limit=2)] == [A.id, B.id]
    assert filled.articles(limit=2, offset=2) == [article_c()]
