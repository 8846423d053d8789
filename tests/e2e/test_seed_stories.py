"""The seeds end to end: the undated blog linked to the AP report it quotes, through the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli

REPORT_DAY = date(2017, 10, 20)


def run(db: Path, *args: str):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir: Path) -> tuple[Path, dict, dict]:
    """(database, AP report, blog) after ingesting ../shared/seeds."""
    db = tmp_path_factory.mktemp("seed-stories") / "seeds.db"
    run(db, "ingest", str(seeds_dir), "--json")
    articles = {Path(a["origin"]).name[:3]: a for a in lines(run(db, "articles", "--json").output)}
    return db, articles["002"], articles["000"]


@pytest.fixture(scope="module")
def shelling(seeded) -> dict:
    """``show`` of the one story both seeds report."""
    db, ap, blog = seeded
    shared = [s for s in lines(run(db, "stories", "--json").output)
              if ap["id"] in s["article_ids"] and blog["id"] in s["article_ids"]]
    assert len(shared) == 1, [s["summary"] for s in shared]
    return json.loads(run(db, "show", shared[0]["id"], "--json").output)


def test_the_shelling_is_one_assault_story_with_one_independent_source(shelling: dict, seeded):
    _, ap, blog = seeded
    story = shelling["story"]
    assert story["type"] == "ASSAULT"
    assert sorted(story["article_ids"]) == sorted([ap["id"], blog["id"]])
    assert story["independent_sources"] == 1
    assert story["earliest_article_id"] == ap["id"]
    assert "Altun Kupri" in story["summary"]
    assert story["start"] == REPORT_DAY.isoformat()


def test_the_reused_passages_are_found_and_shown(shelling: dict, seeded):
    _, ap, blog = seeded
    (reuse,) = [r for r in shelling["reuse"] if {r["source_article_id"], r["target_article_id"]} == {ap["id"], blog["id"]}]
    assert reuse["source_article_id"] == ap["id"]  # the dated report is the likelier origin
    texts = {a["id"]: a["text"] for a in shelling["articles"]}
    copied = [(texts[reuse["source_article_id"]][s["source_start"]:s["source_end"]],
               texts[reuse["target_article_id"]][s["target_start"]:s["target_end"]]) for s in reuse["spans"]]
    assert any("shelled Kurdish military positions" in a and "shelled Kurdish military positions" in b
               for a, b in copied)
    blog_events = [e for e in shelling["events"] if e["article_id"] == blog["id"]]
    assert any(e["attributed_to"] == ap["id"] for e in blog_events)


def test_the_blog_is_opinion_dated_by_an_inferred_window(seeded, shelling: dict):
    _, ap, blog = seeded
    assert blog["kind"] == "opinion"
    assert blog["published"] is None and blog["published_found_in"] == "inferred"
    assert blog["published_note"] == f"inferred from {ap['id']}"
    start, end = (date.fromisoformat(d) for d in blog["published_window"])
    assert start == REPORT_DAY and 0 < (end - start).days <= 14
    blog_events = [e for e in shelling["events"] if e["article_id"] == blog["id"]]
    assert blog_events
    for event in blog_events:
        when = event["date"]
        assert when["inferred"] is True and f"inferred from {ap['id']}" in when["rule"]
        assert date.fromisoformat(when["start"]) <= REPORT_DAY <= date.fromisoformat(when["end"])
