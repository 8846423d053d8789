"""Gold readers: clear errors on bad files, and every record of the real dev files read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.evaluate.dedup import read_ecb
from dateline.evaluate.events import read_case
from dateline.evaluate.geo import read_geo
from dateline.evaluate.ipe import read_ipe
from dateline.evaluate.plover import read_plover
from dateline.evaluate.timex import read_timex

EVAL_DIR = Path(__file__).parents[2] / ".." / "shared" / "eval"


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


GEO_OK = {
    "id": "g1",
    "text": "Shelling near Kirkuk.",
    "toponyms": [{"start": 14, "end": 20, "name": "Kirkuk", "lat": 35.47, "lon": 44.39}],
}


def test_geo_reader_keeps_resolved_and_unresolved(tmp_path):
    record = dict(GEO_OK, unresolved=[{"start": 0, "end": 8, "name": "Shelling"}], date="Wed Nov 23")
    (doc,) = read_geo(write_jsonl(tmp_path / "g.jsonl", [record]))
    assert [t.name for t in doc.toponyms] == ["Shelling", "Kirkuk"]
    assert [t.name for t in doc.resolved] == ["Kirkuk"]
    assert doc.published is None  # a garbled date is unknown, not an error


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps(dict(GEO_OK, id="g2", toponyms=[{"start": 13, "end": 19, "name": "Kirkuk", "lat": 1, "lon": 2}])), "is ' Kirku'"),
        (json.dumps(dict(GEO_OK, id="g2", toponyms=[{"start": 14, "end": 99, "name": "Kirkuk", "lat": 1, "lon": 2}])), "outside the text"),
        (json.dumps(dict(GEO_OK, id="g2", toponyms=[{"start": 14, "end": 20, "name": "Kirkuk", "lat": 95, "lon": 2}])), "out of range"),
        (json.dumps(dict(GEO_OK, id="g2", toponyms=[{"start": True, "end": 20, "name": "Kirkuk", "lat": 1, "lon": 2}])), "boolean"),
        (json.dumps({"id": "g2", "text": "x", "label": "ARREST", "scheme": "ACLED"}), "not a geo gold file"),
        (json.dumps(GEO_OK), "duplicate id"),
    ],
)
def test_geo_reader_names_file_and_line(tmp_path, bad_line, message):
    path = write_jsonl(tmp_path / "bad.jsonl", [GEO_OK, bad_line])
    with pytest.raises(InputError) as err:
        read_geo(path)
    assert f"{path}:2:" in str(err.value)
    assert message in str(err.value)


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="no records"):
        read_geo(empty)
    with pytest.raises(InputError, match="cannot open"):
        read_timex(tmp_path / "absent.jsonl")


def test_limit_reads_first_records(tmp_path):
    records = [dict(GEO_OK, id=f"g{k}") for k in range(5)]
    assert [d.id for d in read_geo(write_jsonl(tmp_path / "g.jsonl", records), limit=2)] == ["g0", "g1"]


def test_case_reader_checks_label_space_and_points_to_ipe(tmp_path):
    bad_label = {"id": "c1", "text": "x", "label": "RIOT", "scheme": "ACLED"}
    with pytest.raises(InputError, match="not a ACLED label"):
        read_case(write_jsonl(tmp_path / "c.jsonl", [bad_label]))
    ipe_record = {"id": "i1", "text": "x", "labels": [], "scheme": "IndiaPoliceEvents"}
    with pytest.raises(InputError, match="dateline eval ipe"):
        read_case(write_jsonl(tmp_path / "i.jsonl", [ipe_record]))


def test_ipe_and_plover_readers_check_labels(tmp_path):
    with pytest.raises(InputError, match="not IndiaPoliceEvents labels"):
        read_ipe(write_jsonl(tmp_path / "i.jsonl", [{"id": "i1", "text": "x", "labels": ["RIOT"]}]))
    with pytest.raises(InputError, match="16 PLOVER types"):
        read_plover(write_jsonl(tmp_path / "p.jsonl", [{"id": "p1", "text": "x", "event": "FIGHT", "actors": [], "recipients": []}]))


def test_ecb_reader_checks_sentence_index(tmp_path):
    record = {
        "id": "1_1ecb",
        "topic": "1",
        "doc_cluster": "1_ecb",
        "text": "Reid checked in .\nShe went .",
        "events": [{"start": 22, "end": 26, "text": "went", "cluster": "A", "sentence": 0, "validated_sentence": True}],
    }
    with pytest.raises(InputError, match="says sentence 0 but starts in line 1"):
        read_ecb(write_jsonl(tmp_path / "e.jsonl", [record]))


# ---------------------------------------------------------------------------
# The real dev files (../shared/eval)
# ---------------------------------------------------------------------------


def shared_file(name: str) -> Path:
    path = EVAL_DIR / name
    if not path.exists():
        pytest.skip(f"gold file {name} not found in ../shared/eval ({EVAL_DIR})")
    return path


def raw_records(path: Path) -> list[dict]:
    # split on "\n" only: str.splitlines() would also break at U+2028 inside JSON strings
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


@pytest.mark.parametrize("name", ["geo_geowebnews.jsonl", "geo_lgl.jsonl", "geo_trnews.jsonl", "geo_geovirus.jsonl"])
def test_real_geo_files(name):
    path = shared_file(name)
    raw = raw_records(path)
    docs = read_geo(path)
    assert len(docs) == len(raw)
    assert sum(len(d.resolved) for d in docs) == sum(len(r["toponyms"]) for r in raw)
    assert sum(len(d.toponyms) for d in docs) == sum(len(r["toponyms"]) + len(r.get("unresolved", [])) for r in raw)
    assert all(d.text[t.start : t.end] == t.name for d in docs for t in d.toponyms)


def test_real_event_type_files():
    case_path = shared_file("event_type_case2021_task2.jsonl")
    snippets = read_case(case_path)
    assert len(snippets) == len(raw_records(case_path))
    assert {s.scheme for s in snippets} == {"ACLED", "CASE2021-unseen"}
    ipe_path = shared_file("event_type_indiapoliceevents.jsonl")
    docs = read_ipe(ipe_path)
    assert [sorted(d.labels) for d in docs] == [sorted(r["labels"]) for r in raw_records(ipe_path)]


def test_real_plover_timex_ecb_files():
    plover_path = shared_file("plover_gsr/dev.jsonl")
    sentences = read_plover(plover_path)
    assert [s.actors for s in sentences] == [[a["code"] for a in r["actors"]] for r in raw_records(plover_path)]
    timex_path = shared_file("timex_tbaq.jsonl")
    docs = read_timex(timex_path)
    assert sum(len(d.timexes) for d in docs) == sum(len(r["timexes"]) for r in raw_records(timex_path))
    ecb_path = shared_file("event_coref_ecbplus.jsonl")
    ecb = read_ecb(ecb_path)
    raw = raw_records(ecb_path)
    assert len(ecb) == len(raw)
    assert sum(e.validated for d in ecb for e in d.events) == sum(e["validated_sentence"] for r in raw for e in r["events"])
