"""The HTTP API over a real SQLite store built from the example corpus by the real pipeline.

Filter tests check the API's answers against predicates computed here, on
the full event records, not against the store's own query functions: the
point is that each filter means what its documentation says.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient

from dateline.api import CONTENT_SECURITY_POLICY, MAX_REQUEST_BYTES, create_app
from dateline.api_query import MAX_LIMIT, MAX_MAP_POINTS, SortKey
from dateline.config import Settings
from dateline.export import ACLED_COLUMNS, CSV_COLUMNS
from dateline.pipeline import Pipeline
from dateline.resolve_store import resolve_store
from dateline.store import SORTS, Store
from dateline.store.filters import FILTER_NAMES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a store holding the example corpus, ingested and resolved like `dateline ingest`."""
    db = tmp_path_factory.mktemp("api") / "examples.db"
    settings = Settings(db=f"sqlite:///{db}")
    pipeline = Pipeline(settings)
    with Store(settings.db) as store:
        outcomes = list(pipeline.ingest([str(EXAMPLES)], store))
        assert outcomes and all(o.status in ("ingested", "near_duplicate") for o in outcomes), outcomes
        resolve_store(store, pipeline)
    return settings


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def everything(client: TestClient) -> list[dict[str, Any]]:
    """Every stored event, read through the API with no filter."""
    body = client.get("/events", params={"limit": MAX_LIMIT}).json()
    assert body["total"] == len(body["events"]) > 20, "the example corpus should give dozens of events"
    return body["events"]


@pytest.fixture(scope="module")
def articles(client: TestClient) -> dict[str, dict[str, Any]]:
    body = client.get("/articles", params={"limit": MAX_LIMIT}).json()
    return {a["id"]: a for a in body["articles"]}


def ids(events: list[dict[str, Any]]) -> set[str]:
    return {e["id"] for e in events}


def get_all(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/events", params={**params, "limit": MAX_LIMIT})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["events"])
    return body["events"]


def mentions(event: dict[str, Any]) -> list[dict[str, Any]]:
    found = event["sources"] + event["targets"] + event["coactors"]
    return found + ([event["claimant"]] if event["claimant"] else [])


def most_common(values: list[Any]) -> Any:
    present = [v for v in values if v]
    return max(sorted(set(present), key=str), key=present.count)


# ---------------------------------------------------------------------------
# Filters: each one against its documented meaning
# ---------------------------------------------------------------------------


def test_type_filter_keeps_only_that_type_and_repeats_mean_any(client, everything):
    common = most_common([e["type"] for e in everything])
    other = most_common([e["type"] for e in everything if e["type"] != common])
    assert ids(get_all(client, type=common)) == {e["id"] for e in everything if e["type"] == common}
    both = get_all(client, type=[common, other.lower()])
    assert ids(both) == {e["id"] for e in everything if e["type"] in (common, other)}


def test_date_range_filters_overlap_the_event_dates(client, everything):
    days = sorted({e["date"]["start"] for e in everything if e["date"]["start"]})
    low, high = days[len(days) // 4], days[3 * len(days) // 4]
    got = get_all(client, date_from=low, date_to=high)
    expected = {e["id"] for e in everything if e["date"]["start"]
                and (e["date"]["end"] or e["date"]["start"]) >= low and e["date"]["start"] <= high}
    assert ids(got) == expected and expected


def test_country_mode_acled_modality_and_confidence_filters(client, everything):
    country = most_common([e["place"]["country"] for e in everything])
    assert ids(get_all(client, country=country)) == {e["id"] for e in everything if e["place"]["country"] == country}
    mode = most_common([e["mode"] for e in everything])
    assert ids(get_all(client, mode=mode.upper())) == {e["id"] for e in everything if e["mode"] == mode}
    acled = most_common([e["acled_type"] for e in everything])
    assert ids(get_all(client, acled_type=acled)) == {e["id"] for e in everything if e["acled_type"] == acled}
    modality = most_common([e["modality"] for e in everything if e["modality"] != "asserted"])
    assert ids(get_all(client, modality=modality)) == {e["id"] for e in everything if e["modality"] == modality}
    cut = sorted(e["confidence"] for e in everything)[len(everything) // 2]
    assert ids(get_all(client, min_confidence=cut)) == {e["id"] for e in everything if e["confidence"] >= cut}


def test_actor_filter_matches_code_name_or_mention_text(client, everything):
    code = most_common([m["actor"]["code"] for e in everything for m in mentions(e)])
    needle = code[1:-1].lower()  # a substring, in another case

    def involves(event: dict[str, Any]) -> bool:
        return any(needle in (m["actor"]["code"] or "").lower() or needle in m["actor"]["name"].lower()
                   or needle in m["mention"]["text"].lower() for m in mentions(event))

    expected = {e["id"] for e in everything if involves(e)}
    assert ids(get_all(client, actor=needle)) == expected and expected


def test_place_story_article_and_source_filters(client, everything, articles):
    place = most_common([e["place"]["place"]["place"]["place_id"] for e in everything
                         if e["place"]["place"] and e["place"]["place"]["place"]])
    expected = {e["id"] for e in everything if e["place"]["place"] and e["place"]["place"]["place"]
                and e["place"]["place"]["place"]["place_id"] == place}
    assert ids(get_all(client, place_id=place)) == expected
    story = most_common([e["story_id"] for e in everything])
    assert ids(get_all(client, story_id=story)) == {e["id"] for e in everything if e["story_id"] == story}
    article = most_common([e["article_id"] for e in everything])
    assert ids(get_all(client, article_id=article)) == {e["id"] for e in everything if e["article_id"] == article}
    outlet = most_common([articles[e["article_id"]]["source"] for e in everything])
    expected = {e["id"] for e in everything if articles[e["article_id"]]["source"] == outlet}
    assert ids(get_all(client, source=outlet.upper())) == expected


def test_bbox_filter_keeps_events_inside_the_box(client, everything):
    located = [e for e in everything if e["place"]["lat"] is not None]
    lat, lon = located[0]["place"]["lat"], located[0]["place"]["lon"]
    box = (lon - 5, lat - 5, lon + 5, lat + 5)
    expected = {e["id"] for e in located
                if box[0] <= e["place"]["lon"] <= box[2] and box[1] <= e["place"]["lat"] <= box[3]}
    assert ids(get_all(client, bbox=",".join(map(str, box)))) == expected and expected


def test_q_searches_the_evidence_words(client, everything):
    word = "attack"
    got = get_all(client, q=word.upper())
    assert got and all(word in e["evidence"]["text"].lower() for e in got)
    assert not get_all(client, q="zzyzxnotaword")


# ---------------------------------------------------------------------------
# Formats, paging, sorting
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "columns", "id_column"), [("csv", list(CSV_COLUMNS), "event_id"),
                                                           ("acled", list(ACLED_COLUMNS), "event_id_cnty")])
def test_csv_formats_have_their_columns_and_the_same_events_as_json(client, fmt, columns, id_column):
    params = {"limit": 7, "offset": 3, "sort": "-confidence"}
    page = client.get("/events", params=params).json()
    response = client.get("/events", params={**params, "format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-total-count"] == str(page["total"])
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == columns
    assert [r[id_column] for r in rows] == [e["id"] for e in page["events"]]


def test_geojson_format_has_located_events_as_points(client):
    page = client.get("/events", params={"limit": 40}).json()
    response = client.get("/events", params={"limit": 40, "format": "geojson"})
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    located = {e["id"]: e for e in page["events"] if e["place"]["lat"] is not None}
    assert {f["id"] for f in collection["features"]} == set(located)
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lat, lon) == (located[feature["id"]]["place"]["lat"], located[feature["id"]]["place"]["lon"])


def test_offset_pages_and_cursor_pages_cover_every_event_once(client, everything):
    by_offset = []
    for offset in range(0, len(everything), 25):
        by_offset += client.get("/events", params={"limit": 25, "offset": offset}).json()["events"]
    assert [e["id"] for e in by_offset] == [e["id"] for e in everything]
    by_cursor, cursor = [], None
    while True:
        params = {"limit": 30, "sort": "-date"} | ({"cursor": cursor} if cursor else {})
        body = client.get("/events", params=params).json()
        by_cursor += body["events"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(by_cursor) == len(everything) and ids(by_cursor) == ids(everything)


def test_sorting(client):
    events = get_all(client, sort="-confidence")
    confidences = [e["confidence"] for e in events]
    assert confidences == sorted(confidences, reverse=True)
    dated = [e["date"]["start"] for e in get_all(client, sort="date")]
    assert [d for d in dated if d] == sorted(d for d in dated if d)
    assert all(d is None for d in dated[len([d for d in dated if d]):]), "undated events come last"


# ---------------------------------------------------------------------------
# Single records, map, stats, stories, articles, actors, places
# ---------------------------------------------------------------------------


def test_event_detail_has_evidence_excerpt_and_story(client, everything):
    event = next(e for e in everything if e["story_id"])
    detail = client.get(f"/events/{event['id']}").json()
    assert detail["event"] == event
    article = client.get(f"/articles/{event['article_id']}").json()["article"]
    excerpt = detail["excerpt"]
    assert article["text"][excerpt["start"]:excerpt["end"]] == excerpt["text"]
    assert excerpt["start"] <= event["evidence"]["start"] and event["evidence"]["end"] <= excerpt["end"]
    assert "text" not in detail["article"] and detail["article"]["chars"] == len(article["text"])
    assert detail["story"]["id"] == event["story_id"] and event["id"] in detail["story"]["event_ids"]


def test_unknown_ids_are_json_404s(client):
    for path in ("/events/nope", "/stories/nope", "/articles/nope", "/no-such-endpoint"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        assert "error" in response.json()


def test_map_points_are_the_located_events(client, everything):
    body = client.get("/map").json()
    located = {e["id"]: e for e in everything if e["place"]["lat"] is not None}
    assert body["total"] == len(located) == len(body["points"])
    stories = {s["id"]: s for s in client.get("/stories", params={"limit": MAX_LIMIT}).json()["stories"]}
    for point in body["points"]:
        event = located[point["id"]]
        assert (point["lat"], point["lon"], point["type"]) == (event["place"]["lat"], event["place"]["lon"], event["type"])
        expected_sources = len(stories[event["story_id"]]["article_ids"]) if event["story_id"] else 1
        assert point["sources"] == expected_sources
    few = client.get("/map", params={"limit": 3}).json()
    assert len(few["points"]) == 3 and few["total"] == body["total"]


def test_stats_count_by_day_type_and_country(client, everything):
    stats = client.get("/stats").json()
    assert stats["events"] == len(everything)
    assert stats["undated_events"] == sum(1 for e in everything if not e["date"]["start"])
    for day, by_type in stats["by_day_type"].items():
        assert sum(by_type.values()) == stats["by_day"][day]
    assert sum(stats["by_type"].values()) == len(everything)
    filtered = client.get("/stats", params={"type": "ASSAULT"}).json()
    assert set(filtered["by_type"]) <= {"ASSAULT"}


def test_stories_list_and_detail(client, everything):
    body = client.get("/stories", params={"limit": MAX_LIMIT}).json()
    assert body["total"] == len(body["stories"]) > 0
    story = max(body["stories"], key=lambda s: len(s["article_ids"]))
    assert len(story["article_ids"]) > 1, "the example corpus reports one attack in several articles"
    detail = client.get(f"/stories/{story['id']}").json()
    assert {e["id"] for e in detail["events"]} == {e["id"] for e in everything if e["story_id"] == story["id"]}
    assert {a["id"] for a in detail["articles"]} == set(story["article_ids"])
    assert all("text" not in a for a in detail["articles"])
    assert detail["reuse"], "the quoting blog and the re-publication share text with the wire story"
    two = client.get("/stories", params={"min_sources": 2, "limit": MAX_LIMIT}).json()["stories"]
    assert all(s["independent_sources"] >= 2 for s in two)


def test_articles_list_has_no_bodies_and_detail_has_every_span(client, articles):
    body = client.get("/articles", params={"limit": 5}).json()
    assert body["total"] == len(articles) and len(body["articles"]) == 5
    assert all("text" not in a and a["chars"] > 0 for a in body["articles"])
    some = next(iter(articles))
    detail = client.get(f"/articles/{some}").json()
    text = detail["article"]["text"]
    for mention in [p["mention"] for p in detail["extraction"]["places"]] + [a["mention"] for a in detail["extraction"]["actors"]]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
    outlet = next(a["source"] for a in articles.values() if a["source"])
    by_source = client.get("/articles", params={"source": outlet}).json()
    assert by_source["total"] == sum(1 for a in articles.values() if a["source"] == outlet)


def test_actors_and_places_lists(client):
    actors = client.get("/actors", params={"limit": 5}).json()["actors"]
    assert len(actors) == 5 and all(a["events"] >= 0 and a["actor"]["name"] for a in actors)
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    second = client.get("/actors", params={"limit": 5, "offset": 5}).json()["actors"]
    assert not {json.dumps(a, sort_keys=True) for a in actors} & {json.dumps(a, sort_keys=True) for a in second}
    places = client.get("/places", params={"limit": 3}).json()["places"]
    assert len(places) == 3 and all(-90 <= p["place"]["lat"] <= 90 for p in places)


# ---------------------------------------------------------------------------
# Bad input, limits, injection
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("params", [
    {"date_from": "2021-13-01"}, {"date_to": "yesterday"}, {"bbox": "1,2,3"}, {"bbox": "0,95,1,96"},
    {"sort": "evidence"}, {"limit": MAX_LIMIT + 1}, {"limit": -1}, {"offset": -5}, {"cursor": "not-a-cursor"},
    {"modality": "certain"}, {"min_confidence": 2}, {"min_confidence": "nan"}, {"format": "xml"},
    {"q": "x" * 501}, {"actor": "IRQ\x00MIL"},
])
def test_bad_input_is_a_400_with_a_json_message(client, params):
    response = client.get("/events", params=params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]


def test_page_size_limits(client):
    assert client.get("/events", params={"limit": MAX_LIMIT}).status_code == 200
    assert client.get("/events", params={"limit": MAX_LIMIT + 1}).status_code == 400
    assert client.get("/map", params={"limit": MAX_MAP_POINTS + 1}).status_code == 400
    for path in ("/stories", "/articles", "/actors", "/places"):
        assert client.get(path, params={"limit": MAX_LIMIT + 1}).status_code == 400


INJECTIONS = ["' OR '1'='1", "'; DROP TABLE events; --", '" OR 1=1 --', "%", "_", "\\", "*", "1) OR (1=1",
              "ASSAULT' UNION SELECT record FROM articles --", 'NEAR("a" "b")', "events_fts MATCH '*'"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_through_every_filter_are_inert(client, everything, payload):
    for name in sorted(FILTER_NAMES):
        response = client.get("/events", params={name: payload})
        assert response.status_code in (200, 400), (name, response.text)
        body = response.json()
        if response.status_code == 200:
            # A payload is a plain value: it can only match events that literally contain it.
            assert body["total"] < len(everything), (name, payload)
    assert client.get("/events", params={"limit": 1}).json()["total"] == len(everything)


def test_like_wildcards_are_literal(client):
    assert get_all(client, actor="%") == [] and get_all(client, actor="_") == []


# ---------------------------------------------------------------------------
# Read-only by default; the token-guarded write
# ---------------------------------------------------------------------------


def test_read_only_by_default(client):
    assert client.post("/resolve").status_code == 403
    response = client.post("/articles", json={"text": "Police arrested two men in Kabul on Monday."})
    assert response.status_code == 403 and "read-only" in response.json()["error"]
    assert client.delete("/events").status_code == 405
    assert client.put("/articles", json={}).status_code == 405


def test_ingest_needs_allow_ingest_and_a_token(tmp_path):
    with pytest.raises(ValueError, match="token"):
        create_app(Settings(db=f"sqlite:///{tmp_path / 'x.db'}"), allow_ingest=True)


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("ingest") / "ingest.db"
    app = create_app(Settings(db=f"sqlite:///{db}"), allow_ingest=True, token="s3cret-token")
    with TestClient(app) as test_client:
        yield test_client


ARTICLE = {
    "text": "KABUL, Afghanistan - Police arrested twelve protesters outside the ministry on Monday, "
            "officials said. The protesters had demanded the release of detained journalists.",
    "title": "Police arrest protesters in Kabul",
    "source": "Test Wire",
    "published": "2022-05-10",
}


def test_ingest_with_the_token_stores_the_article(writer):
    assert writer.post("/articles", json=ARTICLE).status_code == 401
    wrong = writer.post("/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    auth = {"Authorization": "Bearer s3cret-token"}
    created = writer.post("/articles", json=ARTICLE, headers=auth)
    assert created.status_code == 201, created.text
    outcome = created.json()
    assert outcome["status"] == "ingested" and outcome["origin"] == "POST /articles"
    stored = writer.get(f"/articles/{outcome['article_id']}").json()["article"]
    assert stored["title"] == ARTICLE["title"] and stored["published"] == "2022-05-10"
    assert writer.get("/events", params={"article_id": outcome["article_id"]}).json()["total"] > 0
    again = writer.post("/articles", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert writer.post("/articles", json={"text": ""}, headers=auth).status_code == 400
    assert writer.post("/articles", json={**ARTICLE, "extra": 1}, headers=auth).status_code == 400


def test_a_feed_posts_without_resolving_then_resolves_once(tmp_path):
    db = tmp_path / "feed.db"
    app = create_app(Settings(db=f"sqlite:///{db}"), allow_ingest=True, token="s3cret-token")
    auth = {"Authorization": "Bearer s3cret-token"}
    report = {**ARTICLE, "source": "Other Wire", "text": ARTICLE["text"].replace("twelve", "12")
              + " Witnesses said the police used batons."}
    with TestClient(app) as feed:
        assert feed.post("/resolve").status_code == 401
        for body in (ARTICLE, report):
            posted = feed.post("/articles", params={"resolve": "false"}, json=body, headers=auth)
            assert posted.status_code == 201, posted.text
        assert feed.get("/stats").json()["stories"] == 0  # stored and extracted, not yet resolved
        resolved = feed.post("/resolve", headers=auth)
        assert resolved.status_code == 200, resolved.text
        body = resolved.json()
        assert body["ran"] is True and body["stories"] > 0 and body["reuse_pairs"] == 1
        assert feed.get("/stats").json()["stories"] == body["stories"]
        assert feed.post("/resolve", headers=auth).json() == {"ran": False, "stories": 0, "multi_source": 0,
                                                              "reuse_pairs": 0, "redated": 0}


def test_request_bodies_over_the_limit_are_refused(writer):
    auth = {"Authorization": "Bearer s3cret-token", "Content-Type": "application/json"}
    big = b'{"text": "' + b"a" * (MAX_REQUEST_BYTES + 10) + b'"}'
    assert writer.post("/articles", content=big, headers=auth).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming too
        yield b'{"text": "'
        for _ in range(MAX_REQUEST_BYTES // 65536 + 2):
            yield b"a" * 65536
        yield b'"}'

    streamed = writer.post("/articles", content=chunks(), headers=auth)
    assert streamed.status_code == 413 and "error" in streamed.json()


# ---------------------------------------------------------------------------
# Web app: pages, static files, headers
# ---------------------------------------------------------------------------


def test_security_headers_on_every_kind_of_response(client):
    for path in ("/events?limit=1", "/", "/static/js/main.js", "/static/vendor/leaflet/leaflet.js", "/nope"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "default-src 'self'" in CONTENT_SECURITY_POLICY


PAGES = ["/", "/event/abc", "/story/abc", "/article/abc", "/actor/IRQMIL", "/place/gn:99072", "/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_style_or_handlers(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html) and not re.search(r"\sstyle\s*=", html) and "<style" not in html
    for ref in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(ref).status_code == 200, ref


def test_vendored_map_data_is_served(client):
    topo = client.get("/static/vendor/world-atlas/countries-50m.json").json()
    assert topo["type"] == "Topology" and len(topo["objects"]["countries"]["geometries"]) > 200


@pytest.mark.parametrize("path", [
    "/static/../api.py", "/static/%2e%2e/api.py", "/static/..%2fapi.py", "/static/%2e%2e/templates/index.html",
    "/static/vendor/leaflet/../../../../../../etc/passwd", "/static/vendor/leaflet/%2e%2e%2f%2e%2e%2fapi.py",
    "/static//etc/passwd", "/static/vendor/swagger-ui/..%2f..%2ffastapi_offline/core.py", "/static/%5c..%5capi.py",
])
def test_path_traversal_on_static_routes_is_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404, (path, response.text[:200])
    assert "root:" not in response.text and "import" not in response.text


def test_sort_parameter_offers_exactly_the_store_sorts():
    assert set(get_args(SortKey)) == set(SORTS)


def test_openapi_describes_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/events", "/events/{event_id}", "/map", "/stats", "/stories", "/stories/{story_id}",
                 "/articles", "/articles/{article_id}", "/actors", "/places"):
        assert "get" in paths[path], path
    assert "post" in paths["/articles"]
    for operations in paths.values():  # errors are documented as they are sent: JSON, 400 not 422
        for operation in operations.values():
            assert "422" not in operation["responses"]
            error = operation["responses"]["400"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}
