"""A notebook session, as plain pytest: what an analyst does with dateline from Python.

Extract events from a string; ingest the project's example corpus
(examples/articles) into a fresh store; load the events into pandas and
filter them; export them in every format and read each file back with the
usual tool, checking the same events come back (ids, types, dates,
coordinates). Each step is one test over a store ingested once per module.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import dateline
from dateline.dataset import Dataset
from dateline.export import FORMATS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
TEXT = (
    "MAIDUGURI, Nigeria - Jihadist fighters attacked an army base in Monguno on Monday, killing seven "
    "soldiers, the military said. Residents said the shooting lasted three hours."
)


def test_extract_events_from_a_string() -> None:
    events = dateline.extract(TEXT, published="2021-06-08")
    assert events, "no events"
    attack = next(e for e in events if e.type == "ASSAULT")
    assert attack.date.start == date(2021, 6, 7)
    assert attack.place.country == "NG" and attack.place.lat is not None
    assert TEXT[attack.evidence.start:attack.evidence.end] == attack.evidence.text
    assert "Monguno" in {p.place.mention.text for p in [attack.place] if p.place}


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dataset]:
    if not EXAMPLES.is_dir():
        pytest.skip(f"needs the example corpus at {EXAMPLES}")
    with dateline.open(tmp_path_factory.mktemp("notebook") / "examples.db") as dataset:
        report = dataset.ingest(EXAMPLES)
        assert not report.failed, report.failed
        assert report.resolved is not None and report.resolved.stories > 0
        yield dataset


@pytest.fixture(scope="module")
def df(ds: Dataset) -> pd.DataFrame:
    return ds.events().to_pandas()


def test_ingest_reports_every_item(ds: Dataset) -> None:
    statuses = {a.origin: a for a in ds.articles()}
    assert len(statuses) == 16  # every file, row and feed item of the corpus is stored
    republished = next(a for origin, a in statuses.items() if origin.endswith("news_export.jsonl:row 1"))
    assert republished.near_duplicate_of is not None
    assert ds.ingest(EXAMPLES).counts == {"duplicate": 16}  # ingest is idempotent


def test_load_into_pandas_and_filter(ds: Dataset, df: pd.DataFrame) -> None:
    assert len(df) == len(ds.events()) > 20
    assert df.event_id.is_unique and df.evidence.notna().all()
    # date_from keeps events whose date range ends on or after the day
    nigeria = df[(df.country == "NG") & (df.type == "ASSAULT") & (df.date_end >= "2021-06-01")]
    assert len(nigeria) > 0
    same = ds.events(country="NG", type="ASSAULT", date_from="2021-06-01")
    assert set(nigeria.event_id) == {e.id for e in same}
    by_story = df.dropna(subset=["story_id"]).groupby("story_id").article_id.nunique()
    assert by_story.max() >= 2  # one happening reported by several articles
    stories = ds.stories().to_pandas()
    assert set(by_story.index) <= set(stories.story_id)


def _keys(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns every round trip must preserve, normalised for comparison."""
    out = frame[["event_id", "type", "date_start", "lat", "lon"]].copy()
    out["date_start"] = pd.to_datetime(out.date_start).dt.as_unit("ns")
    out["lat"], out["lon"] = out.lat.astype("float64"), out.lon.astype("float64")
    return out.sort_values("event_id").reset_index(drop=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_each_format_and_read_it_back(ds: Dataset, df: pd.DataFrame, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"events.{fmt}"
    n = ds.export(fmt, out)
    expected = _keys(df)
    if fmt == "csv":
        back = _keys(pd.read_csv(out))
    elif fmt == "parquet":
        back = _keys(pd.read_parquet(out))
    elif fmt == "jsonl":
        events = [dateline.Event.from_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
        back = _keys(pd.DataFrame({"event_id": [e.id for e in events], "type": [e.type for e in events],
                                   "date_start": [e.date.start for e in events],
                                   "lat": [e.place.lat for e in events], "lon": [e.place.lon for e in events]}))
    elif fmt == "geojson":
        features = json.loads(out.read_text(encoding="utf-8"))["features"]
        back = _keys(pd.DataFrame([{**f["properties"], "lon": f["geometry"]["coordinates"][0],
                                    "lat": f["geometry"]["coordinates"][1]} for f in features]))
        expected = _keys(df[df.lat.notna()])
    elif fmt == "acled":
        acled = pd.read_csv(out, dtype={"event_id_cnty": str})
        back = _keys(acled.rename(columns={"event_id_cnty": "event_id", "event_date": "date_start",
                                           "latitude": "lat", "longitude": "lon"}).assign(
            type=lambda t: t.event_id.map(df.set_index("event_id").type)))
        assert (acled.set_index("event_id_cnty").event_type.fillna("")
                == df.set_index("event_id").acled_type.fillna("").reindex(acled.event_id_cnty)).all()
    elif fmt == "plover":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        back = _keys(pd.DataFrame([{"event_id": r["id"], "type": r["event"][0], "date_start": r["date"],
                                    "lat": (r["event_loc"] or {}).get("latitude"),
                                    "lon": (r["event_loc"] or {}).get("longitude")} for r in records]))
    else:  # cameo
        cameo = pd.read_csv(out, sep="\t", dtype={"GlobalEventID": str, "Day": str, "EventRootCode": str})
        back = _keys(cameo.rename(columns={"GlobalEventID": "event_id", "ActionGeo_Lat": "lat",
                                           "ActionGeo_Long": "lon"}).assign(
            date_start=lambda t: pd.to_datetime(t.Day, format="%Y%m%d"),
            type=lambda t: t.event_id.map(df.set_index("event_id").type)))
        assert (cameo.set_index("GlobalEventID").EventRootCode.fillna("")
                == df.set_index("event_id").cameo_root.fillna("").reindex(cameo.GlobalEventID)).all()
    assert n == len(expected)
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
