"""Fixtures and hand-built records for the store tests (tests/unit/test_store*.py).

``store`` gives each test an empty, migrated store, once on SQLite and once
on PostgreSQL. The PostgreSQL variant needs a server: set DATELINE_TEST_PG to
a postgresql+psycopg URL of a database the user may create databases from;
one fresh database is created for the session and dropped after it.

The corpus below is written for these tests: three short wire-style articles
whose extractions carry real character offsets into their texts.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Candidate,
    Dateline,
    Event,
    EventDate,
    EventPlace,
    Evidence,
    Extraction,
    Mention,
    Place,
    PlaceMention,
    Quantity,
    Reuse,
    ReuseSpan,
    Story,
    TimeMention,
    article_id,
    stable_id,
)
from dateline.store import Store
from dateline.store.engine import normalise_url
from dateline.store.schema import metadata

PG_ENV = "DATELINE_TEST_PG"


# ---------------------------------------------------------------------------
# Stores
# ---------------------------------------------------------------------------


@contextmanager
def fresh_pg_database(admin_url: str) -> Iterator[str]:
    """Create an empty database next to ``admin_url``'s and yield its URL; drop it afterwards."""
    name = f"dateline_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(normalise_url(admin_url)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL store tests need a server: set {PG_ENV}=postgresql+psycopg://user@host:port/db")
    return url


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    with fresh_pg_database(pg_admin_url()) as url:
        yield url


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:  # noqa: ANN001
    """An empty store on each backend."""
    if request.param == "sqlite":
        opened = Store(tmp_path / "store.db")
    else:
        opened = Store(request.getfixturevalue("pg_database_url"))
        with opened._engine.begin() as conn:  # DELETE: much faster than TRUNCATE on tables this small
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
    yield opened
    opened.close()


@pytest.fixture(scope="module", params=BACKENDS)
def module_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """An empty store on each backend shared by one test module (for tests that only read)."""
    if request.param == "sqlite":
        opened = Store(tmp_path_factory.mktemp("module") / "store.db")
        yield opened
        opened.close()
        return
    with fresh_pg_database(pg_admin_url()) as url:
        opened = Store(url)
        yield opened
        opened.close()


def table_snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: to compare a database before and after."""
    snapshot = {}
    with store._engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            snapshot[table.name] = [tuple(r) for r in rows]
    return snapshot


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


def span(text: str, aid: str, phrase: str, nth: int = 0) -> Mention:
    """The Mention of the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(article_id=aid, start=start, end=start + len(phrase), text=phrase)


def sentence(text: str, phrase: str) -> Evidence:
    """The sentence of ``text`` containing ``phrase`` (sentences end with '. ')."""
    at = text.index(phrase)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return Evidence(text=text[start:end], start=start, end=end)


MOSUL = Place(place_id="gn:99071", name="Mosul", geonames_id=99072, country="IQ", admin1="Nineveh",
              lat=36.335, lon=43.119, feature_class="P", feature_code="PPLA", population=1_739_800)
TALL_AFAR = Place(place_id="gn:99085", name="Tall Afar", geonames_id=99085, country="IQ", admin1="Nineveh",
                  lat=36.376, lon=42.448, feature_class="P", feature_code="PPL", population=100_000)
BASRA = Place(place_id="gn:99532", name="Basra", geonames_id=99532, country="IQ", admin1="Basra",
              lat=30.508, lon=47.783, feature_class="P", feature_code="PPLA", population=2_600_000)
LASHKAR_GAH = Place(place_id="gn:1146654", name="Lashkar Gah", geonames_id=1146654, country="AF",
                    admin1="Helmand", lat=31.593, lon=64.371, feature_class="P", feature_code="PPLA")
SUVA = Place(place_id="dl:suva-harbour", name="Suva Harbour", country="FJ", lat=-18.14, lon=178.42)

IRQMIL = Actor(name="Iraqi military", code="IRQMIL", kind="state_force", country="IRQ", sector="MIL",
               affiliations=["IRQGOV", "IRQ"], aliases=["government forces", "federal forces"])
IRQREB = Actor(name="Iraqi rebels", code="IRQREB", kind="rebel_militia", country="IRQ", sector="REB")
IRQCVL = Actor(name="Iraqi civilians", code="IRQCVL", kind="civilians", country="IRQ", sector="CVL")
OFFICIALS = Actor(name="officials")
TALIBAN = Actor(name="Taliban", code="AFGINSTAL", kind="rebel_militia", country="AFG", sector="REB",
                sponsor=None, aliases=["Taleban"])
AFGPOL = Actor(name="Afghan police", code="AFGCOP", kind="state_force", country="AFG", sector="COP")

TEXT_A = (
    "MOSUL, Iraq (Wire Service) - Government forces shelled rebel positions near Tall Afar on Monday, "
    "killing 12 fighters, officials said. Hundreds of protesters marched in Basra on Tuesday to demand "
    "jobs and electricity. The army said it would press on."
)
TEXT_B = (
    "KABUL (Example Times) - Taliban fighters threatened to attack police checkpoints around "
    "Lashkar Gah, a spokesman said on Friday. Police said 30 officers were sent to reinforce the city."
)
TEXT_C = (
    "A short opinion column that mentions no place and no event, published without a date, about "
    "how hard it is to count the protesters in any large crowd."
)


def actor_mention(text: str, aid: str, phrase: str, actor: Actor, **kw: object) -> ActorMention:
    return ActorMention(mention=span(text, aid, phrase), actor=actor, coded=actor.code is not None,
                        rule="kb-alias", **kw)


def place_mention(text: str, aid: str, phrase: str, place: Place, **kw: object) -> PlaceMention:
    defaults: dict[str, object] = {"lat": place.lat, "lon": place.lon, "precision": "exact",
                                   "confidence": 0.9, "rule": "gazetteer"}
    return PlaceMention(mention=span(text, aid, phrase), place=place, **(defaults | kw))


def article_a() -> Article:
    aid = article_id(TEXT_A)
    return Article(
        id=aid, text=TEXT_A, title="Government forces shell rebel positions near Tall Afar",
        url="https://wire.example/2017/10/17/tall-afar", source="Wire Service",
        published=date(2017, 10, 17), published_found_in="dateline", language="en", kind="report",
        kind_cues=["dateline", "attribution:said"],
        dateline=Dateline(place_text="MOSUL, Iraq", start=0, end=11, agency="Wire Service"),
        origin="corpus/a.txt", ingested_at=datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
    )


def extraction_a(article: Article) -> Extraction:
    t, aid = article.text, article.id
    places = [
        place_mention(t, aid, "MOSUL", MOSUL, role="dateline"),
        place_mention(t, aid, "Tall Afar", TALL_AFAR, precision="near", radius_km=10.0, anchor=TALL_AFAR,
                      candidates=[Candidate(place=TALL_AFAR, score=0.9), Candidate(place=MOSUL, score=0.1)]),
        place_mention(t, aid, "Basra", BASRA),
        PlaceMention(mention=span(t, aid, "Iraq"), role="literal", rule="country", reason="country only"),
    ]
    actors = [
        actor_mention(t, aid, "Government forces", IRQMIL),
        actor_mention(t, aid, "rebel", IRQREB),
        actor_mention(t, aid, "officials", OFFICIALS),
        actor_mention(t, aid, "protesters", IRQCVL),
        actor_mention(t, aid, "The army", IRQMIL, antecedent=0),
    ]
    monday = TimeMention(mention=span(t, aid, "on Monday"), value="2017-10-16", start=date(2017, 10, 16),
                         end=date(2017, 10, 16), granularity="day", anchor="published", rule="weekday")
    tuesday = TimeMention(mention=span(t, aid, "on Tuesday"), value="2017-10-17", start=date(2017, 10, 17),
                          end=date(2017, 10, 17), granularity="day", anchor="published", rule="weekday")
    shelling = Event(
        id=stable_id(aid, "ASSAULT", 0), article_id=aid, type="ASSAULT", mode="heavy-weapons",
        context=["military"], quad="material conflict", acled_type="Explosions/Remote violence",
        acled_subtype="Shelling/artillery/missile attack", cameo_root="19",
        sources=[actors[0]], targets=[actors[1]], claimant=actors[2],
        place=EventPlace(place=places[1], lat=TALL_AFAR.lat, lon=TALL_AFAR.lon, precision="near",
                         radius_km=10.0, country="IQ", rule="nearest-toponym"),
        date=EventDate(start=date(2017, 10, 16), end=date(2017, 10, 16), granularity="day", time=monday,
                       rule="time-in-sentence"),
        modality="claimed",
        quantities=[Quantity(kind="fatalities", text="12 fighters", value=12,
                             mention=span(t, aid, "12 fighters"))],
        trigger=span(t, aid, "shelled"), evidence=sentence(t, "shelled"), confidence=0.82,
    )
    protest = Event(
        id=stable_id(aid, "PROTEST", 1), article_id=aid, type="PROTEST", mode="demonstrate",
        acled_type="Protests", acled_subtype="Peaceful protest", cameo_root="14", quad="verbal conflict",
        sources=[actors[3]],
        place=EventPlace(place=places[2], lat=BASRA.lat, lon=BASRA.lon, precision="exact", country="IQ",
                         rule="toponym-in-sentence"),
        date=EventDate(start=date(2017, 10, 17), end=date(2017, 10, 17), granularity="day", time=tuesday,
                       rule="time-in-sentence"),
        trigger=span(t, aid, "marched"), evidence=sentence(t, "marched"), confidence=0.64,
    )
    plan = Event(
        id=stable_id(aid, "MOBILIZE", 2), article_id=aid, type="MOBILIZE", sources=[actors[4]],
        modality="threatened", trigger=span(t, aid, "press on"), evidence=sentence(t, "press on"),
        confidence=0.31,
    )
    return Extraction(article_id=aid, places=places, actors=actors, times=[monday, tuesday],
                      events=[shelling, protest, plan])


def article_b() -> Article:
    aid = article_id(TEXT_B)
    return Article(id=aid, text=TEXT_B, title="Taliban threaten checkpoints", source="Example Times",
                   published=date(2018, 3, 3), published_found_in="metadata", kind="report",
                   url="https://times.example/kabul?id=7&lang=en", origin="corpus/b.jsonl:2")


def extraction_b(article: Article) -> Extraction:
    t, aid = article.text, article.id
    places = [place_mention(t, aid, "Lashkar Gah", LASHKAR_GAH), place_mention(t, aid, "KABUL", LASHKAR_GAH,
                                                                                role="dateline", confidence=0.2)]
    actors = [actor_mention(t, aid, "Taliban fighters", TALIBAN), actor_mention(t, aid, "police", AFGPOL),
              actor_mention(t, aid, "Police", AFGPOL)]
    friday = TimeMention(mention=span(t, aid, "on Friday"), value="2018-03-02", start=date(2018, 3, 2),
                         end=date(2018, 3, 2), granularity="day", anchor="published", rule="weekday")
    threat = Event(
        id=stable_id(aid, "THREATEN", 0), article_id=aid, type="THREATEN", mode="violent",
        acled_type="Strategic developments", cameo_root="13", quad="verbal conflict",
        sources=[actors[0]], targets=[actors[1]],
        place=EventPlace(place=places[0], lat=LASHKAR_GAH.lat, lon=LASHKAR_GAH.lon, precision="exact",
                         country="AF", rule="toponym-in-sentence"),
        date=EventDate(start=date(2018, 2, 26), end=date(2018, 3, 2), granularity="interval", time=friday,
                       rule="reporting-window"),
        modality="threatened", trigger=span(t, aid, "threatened"), evidence=sentence(t, "threatened"),
        confidence=0.45,
    )
    deploy = Event(
        id=stable_id(aid, "MOBILIZE", 1), article_id=aid, type="MOBILIZE", mode="police",
        sources=[actors[2]], coactors=[actors[1]],
        place=EventPlace(lat=31.6, lon=64.4, precision="admin1", country="AF", rule="previous-event"),
        quantities=[Quantity(kind="personnel", text="30 officers", value=30, low=30, high=30,
                             mention=span(t, aid, "30 officers"))],
        trigger=span(t, aid, "sent"), evidence=sentence(t, "sent"), confidence=0.7,
    )
    return Extraction(article_id=aid, places=places, actors=actors, times=[friday], events=[threat, deploy])


def article_c() -> Article:
    return Article(id=article_id(TEXT_C), text=TEXT_C, kind="opinion", published_note="no date in the text",
                   source="Column Blog", kind_cues=["first person"])


def antimeridian_event(base: Event, article: Article) -> Event:
    """An event placed east of the date line, for bbox tests that wrap around."""
    return base.model_copy(update={
        "id": stable_id(article.id, "ANTIMERIDIAN"),
        "place": EventPlace(lat=SUVA.lat, lon=SUVA.lon, precision="exact", country="FJ", rule="test"),
    })


def stories_for(a: Extraction, b: Extraction) -> list[Story]:
    shelling, protest = a.events[0], a.events[1]
    return [
        Story(id="story-shelling", type="ASSAULT", event_ids=[shelling.id], article_ids=[a.article_id],
              sources=["Wire Service"], independent_sources=1, earliest_article_id=a.article_id,
              start=date(2017, 10, 16), end=date(2017, 10, 16), lat=TALL_AFAR.lat, lon=TALL_AFAR.lon,
              country="IQ", summary="Government forces shelled rebel positions near Tall Afar"),
        Story(id="story-mobilise", type="MOBILIZE", event_ids=[a.events[2].id, b.events[1].id],
              article_ids=[a.article_id, b.article_id], sources=["Wire Service", "Example Times"],
              independent_sources=2, country=None, summary="forces sent",
              disagreements=[]),
        Story(id="story-protest", type="PROTEST", event_ids=[protest.id], article_ids=[a.article_id],
              sources=["Wire Service"], start=date(2017, 10, 17), end=date(2017, 10, 17), country="IQ"),
    ]


def reuse_between(a: Article, b: Article) -> list[Reuse]:
    return [Reuse(source_article_id=a.id, target_article_id=b.id, direction="source_to_target",
                  spans=[ReuseSpan(source_start=0, source_end=20, target_start=5, target_end=25)],
                  source_share=0.1, target_share=0.12)]
