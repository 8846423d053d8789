"""Exports: every format written from a real SQLite store and read back with the tools analysts use.

Round trips check that ids, types, dates and coordinates survive each format;
format checks pin the column names and codes other tools rely on (ACLED's
columns and actor-type codes, GDELT's 61 columns, PLOVER's field names). The
corpus is the hand-built one of tests/store_fixtures.py.
"""

from __future__ import annotations

import io
import json
import math
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1]))
from store_fixtures import article_a, article_b, article_c, extraction_a, extraction_b, stories_for  # noqa: E402

from dateline.cli import cli  # noqa: E402
from dateline.export import (  # noqa: E402
    ACLED_COLUMNS,
    CAMEO_COLUMNS,
    CSV_COLUMNS,
    FLAT_COLUMNS,
    FLAT_VIEW_COLUMNS,
    FORMATS,
    flat_row,
    write_events,
    write_export,
)
from dateline.model import Event  # noqa: E402
from dateline.store import Store  # noqa: E402

A, B, C = article_a(), article_b(), article_c()
EA, EB = extraction_a(A), extraction_b(B)
SHELLING, PROTEST, PLAN = EA.events
THREAT, DEPLOY = EB.events


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "events.db"
    with Store(path) as store:
        store.save_article(A, EA)
        store.save_article(B, EB)
        store.save_article(C)
        store.save_stories(stories_for(EA, EB), [])
    return path


@pytest.fixture(scope="module")
def store(db: Path) -> Store:
    return Store(db)


@pytest.fixture(scope="module")
def events(store: Store) -> list[Event]:
    found = list(store.all_events())
    assert len(found) == 5
    return found


def export(store: Store, fmt: str, tmp_path: Path, **filters: object) -> Path:
    out = tmp_path / f"events.{fmt}"
    write_export(store, fmt, str(out), filters=filters or None)
    return out


def by_id(events: list[Event]) -> dict[str, Event]:
    return {e.id: e for e in events}


def same_float(a: object, b: float | None) -> bool:
    if b is None:
        return a is None or (isinstance(a, float) and math.isnan(a))
    return a is not None and math.isclose(float(a), b)


# ---------------------------------------------------------------------------
# Round trips: export -> read back -> the same events
# ---------------------------------------------------------------------------


def test_jsonl_round_trip_gives_back_every_record_exactly(store: Store, events: list[Event], tmp_path: Path) -> None:
    lines = export(store, "jsonl", tmp_path).read_text(encoding="utf-8").splitlines()
    assert [Event.model_validate_json(line) for line in lines] == events


def test_csv_round_trip_with_pandas(store: Store, events: list[Event], tmp_path: Path) -> None:
    df = pd.read_csv(export(store, "csv", tmp_path), dtype={"cameo_root": str})
    assert list(df.columns) == list(CSV_COLUMNS)
    assert list(df.columns[:3]) == ["event_id_cnty", "event_date", "year"]
    assert list(df.event_id) == [e.id for e in events]
    for row, event in zip(df.to_dict("records"), events, strict=True):
        assert row["type"] == event.type
        assert (row["date_start"] if isinstance(row["date_start"], str) else None) == (
            event.date.start.isoformat() if event.date.start else None)
        assert same_float(row["lat"], event.place.lat) and same_float(row["lon"], event.place.lon)
        assert row["evidence"] == event.evidence.text


def test_parquet_round_trip_with_pyarrow_keeps_types_and_values(store: Store, events: list[Event],
                                                                tmp_path: Path) -> None:
    table = pq.read_table(export(store, "parquet", tmp_path))
    assert table.schema.names == list(FLAT_COLUMNS)
    assert str(table.schema.field("date_start").type) == "date32[day]"
    assert str(table.schema.field("lat").type) == "double"
    assert str(table.schema.field("fatalities").type) == "int64"
    articles = {A.id: A, B.id: B}
    assert table.to_pylist() == [flat_row(e, articles[e.article_id]) for e in events]


def test_geojson_has_located_events_as_points(store: Store, events: list[Event], tmp_path: Path) -> None:
    data = json.loads(export(store, "geojson", tmp_path).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    located = [e for e in events if e.place.lat is not None]
    assert len(located) < len(events)  # the plan has no place: GeoJSON leaves it out
    features = {f["id"]: f for f in data["features"]}
    assert set(features) == {e.id for e in located}
    for event in located:
        feature = features[event.id]
        assert feature["geometry"] == {"type": "Point", "coordinates": [event.place.lon, event.place.lat]}
        assert feature["properties"]["type"] == event.type
        assert feature["properties"]["date_start"] == (event.date.start.isoformat() if event.date.start else None)


def test_acled_round_trip_with_pandas(store: Store, events: list[Event], tmp_path: Path) -> None:
    df = pd.read_csv(export(store, "acled", tmp_path), keep_default_na=False, dtype=str)
    assert tuple(df.columns) == ACLED_COLUMNS
    rows = {r["event_id_cnty"]: r for r in df.to_dict("records")}
    assert set(rows) == {e.id for e in events}
    for event in events:
        row = rows[event.id]
        assert row["event_type"] == (event.acled_type or "")
        assert row["event_date"] == (event.date.start.isoformat() if event.date.start else "")
        assert row["latitude"] == ("" if event.place.lat is None else str(event.place.lat))
        assert row["longitude"] == ("" if event.place.lon is None else str(event.place.lon))


def test_plover_round_trip_with_json(store: Store, events: list[Event], tmp_path: Path) -> None:
    records = [json.loads(line) for line in export(store, "plover", tmp_path).read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [e.id for e in events]
    for record, event in zip(records, events, strict=True):
        assert record["event"] == [event.type]
        assert record["date"] == (event.date.start.isoformat() if event.date.start else None)
        loc = record["event_loc"]
        assert (loc or {}).get("latitude") == event.place.lat and (loc or {}).get("longitude") == event.place.lon
        assert record["event_text"] == [event.evidence.text]


def test_cameo_round_trip_with_pandas(store: Store, events: list[Event], tmp_path: Path) -> None:
    df = pd.read_csv(export(store, "cameo", tmp_path), sep="\t", keep_default_na=False, dtype=str)
    assert tuple(df.columns) == CAMEO_COLUMNS and len(CAMEO_COLUMNS) == 61
    rows = {r["GlobalEventID"]: r for r in df.to_dict("records")}
    assert set(rows) == {e.id for e in events}
    for event in events:
        row = rows[event.id]
        assert row["EventRootCode"] == (event.cameo_root or "")
        assert row["Day"] == (event.date.start.strftime("%Y%m%d") if event.date.start else "")
        assert row["ActionGeo_Lat"] == ("" if event.place.lat is None else str(event.place.lat))


# ---------------------------------------------------------------------------
# What each format says about one event
# ---------------------------------------------------------------------------


def test_flat_rows_match_the_events_flat_view(db: Path, events: list[Event]) -> None:
    """The flat table is defined twice (SQL view, Python row); they must agree column by column."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        view = {r["event_id"]: dict(r) for r in conn.execute("SELECT * FROM events_flat")}
    articles = {A.id: A, B.id: B}
    assert set(view) == {e.id for e in events}
    for event in events:
        sql = view[event.id]
        assert list(sql) == list(FLAT_VIEW_COLUMNS)
        mine = flat_row(event, articles[event.article_id])
        for column in FLAT_VIEW_COLUMNS:
            value = mine[column]
            if isinstance(value, date):
                value = value.isoformat()
            if isinstance(value, bool):
                value = int(value)
            assert sql[column] == value, column


def test_flat_row_of_the_shelling() -> None:
    row = flat_row(SHELLING, A)
    assert row["source_actors"] == "Iraqi military" and row["source_codes"] == "IRQMIL"
    assert row["target_actors"] == "Iraqi rebels" and row["target_codes"] == "IRQREB"
    assert (row["place_name"], row["place_admin1"], row["place_text"]) == ("Tall Afar", "Nineveh", "Tall Afar")
    assert (row["precision"], row["radius_km"], row["fatalities"]) == ("near", 10.0, 12)
    assert row["article_source"] == "Wire Service" and row["article_published"] == date(2017, 10, 17)
    assert flat_row(PLAN, A)["fatalities"] is None  # nothing reported is not zero


def test_acled_codes_for_the_shelling() -> None:
    from dateline.export import acled_row

    row = acled_row(SHELLING, A)
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 2, 12)  # state forces vs rebels
    assert (row["time_precision"], row["geo_precision"]) == (1, 2)  # a day; "near" a town
    assert (row["country"], row["iso"], row["admin1"], row["location"]) == ("Iraq", 368, "Nineveh", "Tall Afar")
    assert row["disorder_type"] == "Political violence"
    assert row["fatalities"] == 12 and row["tags"] == "claimed"
    assert row["notes"] == SHELLING.evidence.text
    assert acled_row(PLAN, A)["fatalities"] == 0  # ACLED's convention for none reported
    assert acled_row(PLAN, A)["event_date"] is None and acled_row(PLAN, A)["time_precision"] is None


def test_quad_code_reads_both_spellings_of_the_quad() -> None:
    from dateline.export import quad_code

    assert quad_code(SHELLING) == 4  # "material conflict"
    assert quad_code(SHELLING.model_copy(update={"quad": "verbal-cooperation"})) == 1  # the ontology's spelling
    assert quad_code(PLAN) is None


def test_acled_calls_state_forces_abroad_external() -> None:
    from dateline.export import acled_row

    abroad = SHELLING.model_copy(update={"place": SHELLING.place.model_copy(update={"country": "SY"})})
    assert acled_row(abroad, A)["inter1"] == 8


def test_plover_record_uses_the_specification_names() -> None:
    from dateline.export import plover_record

    record = plover_record(SHELLING, A)
    assert {"id", "date", "source", "recipient", "event", "mode", "context", "event_loc", "event_text",
            "quad_code", "cite_info"} <= set(record)
    assert record["source"] == [{"code": "IRQ", "sector": "MIL", "actor_text": "Government forces",
                                 "identifier_id": "IRQMIL", "identifier_text": "Iraqi military"}]
    assert record["quad_code"] == 4 and record["mode"] == "heavy-weapons" and record["context"] == ["military"]
    loc = record["event_loc"]
    assert (loc["geonameid"], loc["name"], loc["country code"], loc["cc3"]) == (99085, "Tall Afar", "IQ", "IRQ")
    assert record["cite_info"]["publication"] == "Wire Service"
    assert plover_record(PLAN, A)["event_loc"] is None


def test_cameo_row_codes_the_root_and_the_action_place() -> None:
    from dateline.export import cameo_row

    row = cameo_row(SHELLING, A)
    assert (row["EventRootCode"], row["EventBaseCode"], row["EventCode"], row["QuadClass"]) == ("19", "190", "190", 4)
    assert (row["Day"], row["MonthYear"], row["Year"]) == ("20171016", "201710", 2017)
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("IRQMIL", "IRQ", "MIL")
    assert (row["ActionGeo_Type"], row["ActionGeo_FeatureID"], row["ActionGeo_CountryCode"]) == (4, 99085, "IQ")
    assert row["ActionGeo_FullName"] == "Tall Afar, Nineveh, Iraq"
    assert row["GoldsteinScale"] is None and row["AvgTone"] is None  # not computed, not invented


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def test_filters_and_limit_are_applied(store: Store, tmp_path: Path) -> None:
    out = export(store, "jsonl", tmp_path, country="IQ")
    assert {Event.model_validate_json(x).id for x in out.read_text().splitlines()} == {SHELLING.id, PROTEST.id}
    assert write_export(store, "csv", str(tmp_path / "two.csv"), limit=2) == 2


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "parquet"])
def test_text_formats_write_to_an_open_stream(store: Store, fmt: str) -> None:
    buffer = io.StringIO()
    n = write_events(((e, None) for e in store.all_events()), fmt, buffer)
    assert n >= 4 and buffer.getvalue()


def test_parquet_writes_to_a_binary_stream(store: Store) -> None:
    buffer = io.BytesIO()
    assert write_events(((e, None) for e in store.all_events()), "parquet", buffer) == 5
    assert pq.read_table(io.BytesIO(buffer.getvalue())).num_rows == 5


def test_an_empty_export_still_has_its_columns(tmp_path: Path) -> None:
    empty = Store(tmp_path / "empty.db")
    assert write_export(empty, "parquet", str(tmp_path / "e.parquet")) == 0
    assert pq.read_table(tmp_path / "e.parquet").schema.names == list(FLAT_COLUMNS)
    assert write_export(empty, "acled", str(tmp_path / "e.csv")) == 0
    assert (tmp_path / "e.csv").read_text().strip() == ",".join(ACLED_COLUMNS)


def test_unknown_format_names_the_choices(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="jsonl, csv, acled"):
        write_export(store, "xlsx", str(tmp_path / "x"))


def test_cli_export_writes_each_format(db: Path, tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"cli.{fmt}"
        result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", "-q", "export", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
