"""The Monguno cross-source set end to end: ingest examples/articles through the CLI, read the stories back.

One happening, four reports (the wire story, its re-publication, a blog
quoting it, an independent HTML report) and a distractor (the Konduga clash
the same night in the same province). The events of each report are found
through ``examples/expected``: the stored events whose trigger lies inside an
expected evidence string of that article.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from tests.conftest import EXAMPLES

ARTICLES = EXAMPLES / "articles"
EXPECTED = EXAMPLES / "expected"
CROSS_SOURCE = ("borno_monguno_wire.txt", "news_export.jsonl", "borno_monguno_blog.txt", "lake_chad_monitor_monguno.html")


def run(db: Path, *args: str):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def ingest(db: Path, *paths: Path) -> None:
    run(db, "ingest", *map(str, paths), "--json")


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    ingest(db, ARTICLES)
    return db


def articles_by_item(db: Path) -> dict[tuple[str, str | None], dict]:
    """Stored articles keyed like the expected files: (file name, "row N" / "item N" / None)."""
    out = {}
    for a in lines(run(db, "articles", "--json", "--limit", "1000").output):
        path, _, item = a["origin"].partition(":")
        out[(Path(path).name, item or None)] = a
    return out


def expected_events(story: str, *, event_type: str) -> list[tuple[tuple[str, str | None], dict]]:
    """Expected events of one happening (``"story"`` label) and type, with their article keys."""
    out = []
    for path in sorted(EXPECTED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = Path(data["file"]).name
        for article in data["articles"]:
            for event in article["events"]:
                if event.get("story") == story and event["type"] == event_type:
                    out.append(((name, article["item"]), event))
    return out


def events_at(db: Path, article: dict, evidence: str, event_type: str) -> list[dict]:
    """Stored events of ``article`` of this type whose trigger lies inside the expected evidence string."""
    text = json.loads(run(db, "show", article["id"], "--json").output)["article"]["text"]
    start = text.index(evidence)
    end = start + len(evidence)
    events = lines(run(db, "events", "--json", "--article", article["id"], "--limit", "1000").output)
    return [e for e in events
            if e["type"] == event_type and start <= e["trigger"]["start"] and e["trigger"]["end"] <= end]


def story(db: Path, story_id: str) -> dict:
    return json.loads(run(db, "show", story_id, "--json").output)


def happening_events(db: Path, label: str) -> list[tuple[tuple[str, str | None], dict]]:
    """Stored events at the expected evidence of the labelled happening, with their article's key.

    Fails when a report of it yields no such event at all (then there is
    nothing to resolve); which of its expected phrases the extractor finds is
    the extractor's business.
    """
    articles = articles_by_item(db)
    found = []
    for key, expected in expected_events(label, event_type="ASSAULT"):
        found += [(key, e) for e in events_at(db, articles[key], expected["evidence"], "ASSAULT")]
    reports = {key for key, _ in expected_events(label, event_type="ASSAULT")}
    missing = reports - {key for key, _ in found}
    assert not missing, f"no ASSAULT event extracted at the expected evidence of {sorted(missing, key=str)}"
    return found


def the_one_story(events: Iterable[tuple[object, dict]]) -> str:
    story_ids = {e["story_id"] for _, e in events}
    assert len(story_ids) == 1, f"the reports are split over stories {sorted(story_ids)}"
    (story_id,) = story_ids
    return story_id


def test_four_reports_of_the_monguno_attack_are_one_story_with_two_independent_sources(examples_db: Path):
    # The wire's "forced the insurgents to withdraw" is a RETREAT: another PLOVER type, its own story by design.
    events = happening_events(examples_db, "monguno-attack")
    assert {key[0] for key, _ in events} == set(CROSS_SOURCE)
    shown = story(examples_db, the_one_story(events))["story"]
    articles = articles_by_item(examples_db)
    monguno = {articles[key]["id"] for key, _ in events}
    assert set(shown["article_ids"]) == monguno
    assert shown["independent_sources"] == 2  # the wire, its reprint and the quoting blog count once
    assert shown["type"] == "ASSAULT"
    assert shown["start"] == shown["end"] == "2021-06-07"
    assert shown["earliest_article_id"] in {articles[("borno_monguno_wire.txt", None)]["id"],
                                            articles[("news_export.jsonl", "row 1")]["id"]}


def test_the_konduga_clash_the_same_night_is_another_story(examples_db: Path):
    monguno = the_one_story(happening_events(examples_db, "monguno-attack"))
    konduga = happening_events(examples_db, "konduga-clash")
    konduga_story = the_one_story(konduga)
    assert konduga_story != monguno
    konduga_article = konduga[0][1]["article_id"]
    assert konduga_article not in story(examples_db, monguno)["story"]["article_ids"]


def test_the_blog_is_opinion_and_its_copies_of_the_attack_carry_the_inferred_window(examples_db: Path):
    articles = articles_by_item(examples_db)
    blog, wire = articles[("borno_monguno_blog.txt", None)], articles[("borno_monguno_wire.txt", None)]
    assert blog["kind"] == "opinion"
    assert all(articles[key]["kind"] == "report" for key in articles if key[0] in CROSS_SOURCE and key != (
        "borno_monguno_blog.txt", None))
    assert blog["published"] is None and blog["published_found_in"] == "inferred"
    assert blog["published_note"] == f"inferred from {wire['id']}"
    window = tuple(date.fromisoformat(d) for d in blog["published_window"])
    assert window[0] <= date(2021, 6, 8) <= window[1] and (window[1] - window[0]).days <= 14
    blog_events = [e for key, e in happening_events(examples_db, "monguno-attack") if key[0] == "borno_monguno_blog.txt"]
    attack_day = date(2021, 6, 7)
    for event in blog_events:
        when = event["date"]
        assert when["inferred"] is True, event["trigger"]
        assert f"inferred from {wire['id']}" in when["rule"]
        assert date.fromisoformat(when["start"]) <= attack_day <= date.fromisoformat(when["end"])


def test_the_toll_disagreement_is_kept_not_resolved(examples_db: Path):
    monguno = story(examples_db, the_one_story(happening_events(examples_db, "monguno-attack")))["story"]
    (tolls,) = [d for d in monguno["disagreements"] if d["field"] == "fatalities"]
    articles = articles_by_item(examples_db)
    assert tolls["values"][articles[("lake_chad_monitor_monguno.html", None)]["id"]] == "5"
    assert tolls["values"][articles[("borno_monguno_wire.txt", None)]["id"]] == "7"
    assert set(tolls["values"].values()) == {"5", "7"}


def stories_of(db: Path) -> dict[str, tuple[list[str], list[str], int]]:
    return {s["id"]: (s["event_ids"], s["article_ids"], s["independent_sources"])
            for s in lines(run(db, "stories", "--json", "--limit", "100000").output)}


def test_stories_do_not_depend_on_the_order_articles_arrive_in(examples_db: Path, tmp_path: Path):
    # One file per ingest (and resolution pass), in an order where the undated blog comes before the report it
    # quotes and the re-publication before the wire story it reprints; the fixture ingested the folder at once.
    files = sorted(ARTICLES.iterdir(), reverse=True)
    blog = ARTICLES / "borno_monguno_blog.txt"
    files.remove(blog)
    files.insert(0, blog)
    assert files.index(ARTICLES / "news_export.jsonl") < files.index(ARTICLES / "borno_monguno_wire.txt")
    db = tmp_path / "reordered.db"
    for path in files:
        ingest(db, path)
    assert stories_of(db) == stories_of(examples_db)
