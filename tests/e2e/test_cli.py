"""The CLI end to end on the seed corpus and on a folder of broken inputs."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli


def run(db: Path, *args: str, input: str | None = None):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args], input=input, catch_exceptions=False)
    return result


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("cli") / "seeds.db"
    result = run(db, "ingest", str(seeds_dir), "--json")
    assert result.exit_code == 0, result.output
    return db


def test_seeds_are_stored_with_their_dates_and_dateline(seeded: Path):
    articles = {Path(a["origin"]).name[:3]: a for a in lines(run(seeded, "articles", "--json").output)}
    assert set(articles) == {"000", "001", "002"}
    ap = articles["002"]
    assert ap["published"] == "2017-10-20" and ap["published_found_in"] == "header"
    assert ap["dateline"]["place_text"] == "ALTUN KUPRI, Iraq"
    for undated in (articles["000"], articles["001"]):
        assert undated["published"] is None
        assert undated["published_note"], "an unknown or inferred date says why"
    assert articles["001"]["published_found_in"] == "unknown"


def test_ingesting_again_adds_nothing_and_says_so(seeded: Path, seeds_dir: Path):
    before = run(seeded, "stats", "--json").output
    result = run(seeded, "ingest", str(seeds_dir), "--json")
    assert result.exit_code == 0
    assert {o["status"] for o in lines(result.output)} == {"duplicate"}
    assert "nothing new" in result.stderr
    assert run(seeded, "stats", "--json").output == before


def test_events_show_and_exports_work_on_the_seeds(seeded: Path, tmp_path: Path):
    events = lines(run(seeded, "events", "--json").output)
    assert events and all(e["evidence"]["text"] for e in events)
    shown = run(seeded, "show", events[0]["id"], "--json")
    assert json.loads(shown.output)["event"]["id"] == events[0]["id"]
    out = tmp_path / "events.csv"
    result = run(seeded, "export", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    with out.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"], "ACLED's columns come first"
    assert [r["event_id_cnty"] for r in rows] == [e["id"] for e in events]


def test_show_unknown_id_is_a_usage_error(seeded: Path):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{seeded}", "show", "nope"])
    assert result.exit_code != 0
    assert "no article, event or story" in result.output


def test_bad_inputs_are_reported_and_good_ones_kept(tmp_path: Path, seeds_dir: Path):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "latin1.txt").write_bytes("Soldiers entered the caf\xe9 in the town.".encode("latin-1"))
    (folder / "empty.txt").write_text("")
    good = {"text": "Police in Kano arrested twelve men on Tuesday after a protest over fuel prices.",
            "published": "2021-03-02", "title": "Arrests in Kano"}
    (folder / "rows.jsonl").write_text(json.dumps(good) + "\n{broken json\n"
                                       + json.dumps({**good, "text": good["text"].replace("twelve", "nine")}) + "\n")
    (folder / "notext.csv").write_text("headline,when\nA,2020-01-01\n")
    db = tmp_path / "bad.db"
    result = run(db, "ingest", str(folder), "--json", "--no-resolve")
    assert result.exit_code == 1, "some inputs failed, so the exit code says so"
    outcomes = lines(result.output)
    by_status: dict[str, list[dict]] = {}
    for o in outcomes:
        by_status.setdefault(o["status"], []).append(o)
    assert len(by_status["ingested"]) == 5  # three seeds and the two good JSONL rows
    failed = {Path(o["origin"].split(":")[0]).name: o for o in by_status["error"] + by_status["skipped"]}
    assert set(failed) == {"binary.txt", "latin1.txt", "empty.txt", "rows.jsonl", "notext.csv"}
    assert failed["rows.jsonl"]["origin"].endswith(":row 2")
    assert all(o["reason"] for o in failed.values())
    assert "text" in failed["notext.csv"]["reason"]


def test_stdin_is_read_with_dash(tmp_path: Path):
    db = tmp_path / "stdin.db"
    text = " date 2020-05-04 KABUL, Afghanistan - Taliban fighters attacked a police checkpoint on Sunday."
    result = run(db, "ingest", "-", "--json", "--no-resolve", input=text)
    assert result.exit_code == 0
    (outcome,) = lines(result.output)
    assert outcome["status"] == "ingested" and outcome["origin"] == "<stdin>"


def test_events_on_an_empty_store_says_what_to_do(tmp_path: Path):
    result = run(tmp_path / "empty.db", "events")
    assert result.exit_code == 0
    assert "dateline ingest" in result.stderr


def test_missing_gold_task_module_is_not_reported_as_zeros(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("")
    result = CliRunner().invoke(cli, ["eval", "nosuchtask", str(gold)])
    assert result.exit_code == 2


def test_console_script_maps_usage_errors_to_exit_code_2(tmp_path: Path):
    proc = subprocess.run([sys.executable, "-m", "dateline.cli", "--db", f"sqlite:///{tmp_path / 'x.db'}",
                           "export", "--format", "parquet"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "parquet" in proc.stderr
