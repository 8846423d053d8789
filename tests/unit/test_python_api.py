"""The public Python API: ``import dateline``, ``dateline.extract``, ``Pipeline.process``, ``dateline.open``.

Extraction runs the real spaCy pipeline on texts written for these tests;
the store tests use the hand-built corpus of tests/store_fixtures.py in a real
SQLite file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from store_fixtures import article_a, article_b, article_c, extraction_a, extraction_b, stories_for  # noqa: E402

import dateline  # noqa: E402
from dateline.dataset import Dataset  # noqa: E402
from dateline.errors import InputError, InvalidQuery  # noqa: E402
from dateline.export import FLAT_COLUMNS  # noqa: E402
from dateline.extract import Resources  # noqa: E402
from dateline.model import Article, Event, Story  # noqa: E402
from dateline.pipeline import Pipeline  # noqa: E402
from dateline.texts import shared_resources, to_article  # noqa: E402

WIRE = (
    "KIRKUK, Iraq - Iraqi federal forces shelled peshmerga positions near Altun Kupri on Monday, "
    "killing three fighters, Kurdish officials said. The government in Baghdad did not comment."
)
HEADED = " date 2017-10-20 " + WIRE
A, B = article_a(), article_b()
EA, EB = extraction_a(A), extraction_b(B)


# ---------------------------------------------------------------------------
# The package surface
# ---------------------------------------------------------------------------


def test_import_dateline_loads_nothing_heavy() -> None:
    code = ("import sys, dateline; heavy = [m for m in ('spacy', 'pandas', 'pyarrow', 'sqlalchemy', 'pydantic') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_resolves() -> None:
    assert set(dateline.__all__) == {*dateline._LAZY, *dateline._SUBMODULES, "__version__"}
    for name in dateline.__all__:
        assert getattr(dateline, name) is not None, name
    assert set(dateline.__all__) <= set(dir(dateline))
    assert dateline.Event is Event and dateline.Pipeline is Pipeline
    with pytest.raises(AttributeError, match="no attribute 'Extractor'"):
        dateline.Extractor  # noqa: B018


def test_extract_is_both_the_package_and_a_function() -> None:
    import dateline.extract as package

    assert dateline.extract is package and callable(package)
    assert package.extract_article and package.load_resources  # the package's own API is unchanged


# ---------------------------------------------------------------------------
# dateline.extract
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resources() -> Resources:
    return shared_resources()


def test_extract_one_text_resolves_relative_dates_from_published(resources: Resources) -> None:
    events = dateline.extract(WIRE, "2017-10-20")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault, [e.type for e in events]
    event = assault[0]
    assert event.date.start == date(2017, 10, 16)  # "on Monday" before Friday 20 October
    assert event.place.country == "IQ"
    for e in events:
        assert WIRE[e.evidence.start:e.evidence.end] == e.evidence.text
        assert e.evidence.start <= e.trigger.start < e.trigger.end <= e.evidence.end
        assert e.article_id == to_article(WIRE).id


def test_extract_without_a_date_leaves_relative_times_unresolved(resources: Resources) -> None:
    events = dateline.extract(WIRE)
    assert events and all(e.date.start is None for e in events)


def test_extract_reads_a_date_header_in_the_text(resources: Resources) -> None:
    assert any(e.date.start == date(2017, 10, 16) for e in dateline.extract(HEADED))


def test_extract_takes_a_record(resources: Resources) -> None:
    events = dateline.extract({"body": WIRE, "date": "2017-10-20", "outlet": "Wire"})
    assert any(e.date.start == date(2017, 10, 16) for e in events)


@pytest.mark.parametrize("bad, message", [("   ", "empty article"), (42, "cannot make an article from a int"),
                                          ({"headline": "no text"}, "has no text column")])
def test_extract_refuses_what_is_not_an_article(bad: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        dateline.extract(bad)


def test_to_article_reads_like_ingest() -> None:
    article = to_article(HEADED, source="AP")
    assert (article.published, article.published_found_in, article.source) == (date(2017, 10, 20), "header", "AP")
    assert article.dateline and article.dateline.place_text == "KIRKUK, Iraq"
    assert article.kind_cues  # classified as ingest does (prepare_article alone leaves no cues)
    overridden = to_article({"text": WIRE, "published": "2017-01-01"}, published=date(2017, 10, 20))
    assert (overridden.published, overridden.published_found_in) == (date(2017, 10, 20), "metadata")
    assert to_article(article) is article


# ---------------------------------------------------------------------------
# Pipeline.process
# ---------------------------------------------------------------------------


def test_pipeline_process_takes_texts_records_and_articles(resources: Resources) -> None:
    pipeline = Pipeline(resources=resources)
    inputs = [WIRE, {"text": HEADED, "title": "Shelling"}, A]
    pairs = list(pipeline.process(inputs))
    assert [a.id for a, _ in pairs] == [to_article(WIRE).id, to_article(HEADED).id, A.id]
    assert pairs[1][0].title == "Shelling" and pairs[1][0].published == date(2017, 10, 20)
    for article, extraction in pairs:
        assert extraction.article_id == article.id


def test_release_lets_loaded_resources_go_and_keeps_given_ones(resources: Resources) -> None:
    import gc
    import weakref

    given = Pipeline(resources=resources)
    given.release()
    assert given.resources is resources  # it could not load these again

    own = Pipeline()
    loaded = weakref.ref(own.resources)
    assert loaded() is not None
    own.release()
    gc.collect()
    assert loaded() is None  # nothing else held the model
    assert list(own.process([WIRE]))[0][1].events  # loaded again on use


def test_pipeline_process_names_the_item_it_cannot_read(resources: Resources) -> None:
    with pytest.raises(InputError, match="<item 1>"):
        list(Pipeline(resources=resources).process([WIRE, ""]))


def test_ingest_skips_an_article_too_long_to_parse_and_keeps_the_batch(
    resources: Resources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The length limit is checked before parsing, without the model: the long one is skipped, the rest stored."""
    import dateline.pipeline as pipeline_module
    from dateline.ingest import RawItem
    from dateline.store import Store

    long_text = WIRE + " Residents described the shelling." * 20
    monkeypatch.setattr(pipeline_module, "MAX_LENGTH", len(WIRE) + 100)
    store = Store(f"sqlite:///{tmp_path / 'long.db'}")
    items = [RawItem(text=long_text, origin="long.txt"), RawItem(text=HEADED, origin="short.txt")]
    outcomes = {o.origin: o for o in Pipeline(resources=resources).ingest_items(items, store)}
    assert outcomes["long.txt"].status == "skipped"
    assert "too long for the language pipeline" in (outcomes["long.txt"].reason or "")
    assert outcomes["short.txt"].status == "ingested"
    assert [a.id for a in store.articles()] == [outcomes["short.txt"].article_id]


def test_ingest_reports_an_article_the_database_refuses_and_stores_the_rest_of_its_batch(
    resources: Resources, tmp_path: Path
) -> None:
    """Articles of a batch share a transaction on SQLite; a refused one is rolled back alone, after the others."""
    import sqlalchemy as sa

    from dateline.ingest import RawItem
    from dateline.model import article_id
    from dateline.store import Store

    store = Store(f"sqlite:///{tmp_path / 'refused.db'}", mapped_reads=False)
    texts = [HEADED, HEADED.replace("three fighters", "four fighters"), HEADED.replace("Monday", "Tuesday")]
    refused = article_id(texts[1])

    def refuse_one(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("INSERT INTO EVENTS") and refused in str(parameters):
            raise conn.dialect.dbapi.IntegrityError("simulated refusal of one article's events")

    sa.event.listen(store._engine, "before_cursor_execute", refuse_one)
    items = [RawItem(text=t, origin=f"item {i}") for i, t in enumerate(texts)]
    outcomes = list(Pipeline(resources=resources).ingest_items(items, store))
    assert [o.status for o in outcomes] == ["ingested", "error", "near_duplicate"]
    assert "store rejected the article" in (outcomes[1].reason or "")
    assert [a.id for a in store.articles()] == [outcomes[0].article_id, outcomes[2].article_id]
    assert all(store.get_extraction(o.article_id).events for o in (outcomes[0], outcomes[2]))
    assert store.integrity_check() == []


# ---------------------------------------------------------------------------
# dateline.open
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    path = tmp_path_factory.mktemp("api") / "events.db"
    dataset = dateline.open(path)
    dataset.store.save_article(A, EA)
    dataset.store.save_article(B, EB)
    dataset.store.save_article(article_c())
    dataset.store.save_stories(stories_for(EA, EB), [])
    return dataset


def test_events_results_iterate_count_and_filter(ds: Dataset) -> None:
    everything = ds.events()
    assert len(everything) == 5 and all(isinstance(e, Event) for e in everything)
    iraq = ds.events(country="IQ", sort="-date")
    assert [e.type for e in iraq] == ["PROTEST", "ASSAULT"]
    assert len(ds.events(limit=2)) == 2 and len(ds.events(q="shelled")) == 1
    assert "country='IQ'" in repr(iraq)


def test_bad_filters_fail_at_once(ds: Dataset) -> None:
    with pytest.raises(InvalidQuery, match="unknown event filter colour"):
        ds.events(colour="red")
    with pytest.raises(InvalidQuery):
        ds.events(sort="loudness")


def test_events_to_pandas_is_the_flat_table_with_useful_types(ds: Dataset) -> None:
    df = ds.events().to_pandas()
    assert list(df.columns) == list(FLAT_COLUMNS) and len(df) == 5
    assert str(df.date_start.dtype).startswith("datetime64") and str(df.lat.dtype) == "float64"
    assert str(df.fatalities.dtype) == "Int64" and str(df.date_inferred.dtype) == "boolean"
    shelling = df[df.type == "ASSAULT"].iloc[0]
    assert (shelling.date_start.date(), shelling.fatalities, shelling.source_actors) == (
        date(2017, 10, 16), 12, "Iraqi military")
    assert df[df.type == "MOBILIZE"].fatalities.isna().all()  # none reported is unknown, not 0
    october = df[(df.date_start >= "2017-10-01") & (df.date_start < "2017-11-01")]
    assert set(october.type) == {"ASSAULT", "PROTEST"}


def test_events_to_arrow_has_typed_columns(ds: Dataset) -> None:
    table = ds.events(country="AF").to_arrow()
    assert table.num_rows == 2 and table.schema.names == list(FLAT_COLUMNS)
    assert str(table.schema.field("article_published").type) == "date32[day]"
    assert table.schema.metadata[b"dateline"].startswith(b"events")


def test_stories_and_articles_as_tables(ds: Dataset) -> None:
    stories = ds.stories()
    assert len(stories) == 3 and all(isinstance(s, Story) for s in stories)
    sdf = stories.to_pandas()
    mobilise = sdf[sdf.story_id == "story-mobilise"].iloc[0]
    assert (mobilise.independent_sources, mobilise.article_count, mobilise.sources) == (
        2, 2, "Wire Service; Example Times")
    assert len(ds.stories(min_sources=2)) == 1
    adf = ds.articles().to_pandas()
    assert list(adf.article_id) == [A.id, B.id, article_c().id]
    assert adf.published.isna().tolist() == [False, False, True] and adf.text.iloc[0] == A.text
    assert str(adf.ingested_at.dtype) == "datetime64[s, UTC]"
    assert [a.id for a in ds.articles(source="Example Times")] == [B.id]
    assert isinstance(ds.articles(limit=1).to_list()[0], Article)


def test_lookups_show_and_stats(ds: Dataset) -> None:
    shelling = EA.events[0]
    assert ds.event(shelling.id).evidence == shelling.evidence
    assert ds.article(A.id).text == A.text and ds.story("story-protest").type == "PROTEST"
    assert [e.id for e in ds.extraction(A.id).events] == [e.id for e in EA.events]
    assert ds.show(shelling.id).article.id == A.id and ds.show("nothing-here") is None
    assert ds.stats()["events"] == 5


def test_dataset_export_writes_filtered_events(ds: Dataset, tmp_path: Path) -> None:
    n = ds.export("plover", tmp_path / "af.jsonl", country="AF")
    records = [json.loads(x) for x in (tmp_path / "af.jsonl").read_text().splitlines()]
    assert n == 2 and {r["event"][0] for r in records} == {"THREATEN", "MOBILIZE"}


def test_dataset_add_and_ingest_store_articles_and_report_each_item(tmp_path: Path, resources: Resources) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wire.txt").write_text(HEADED, encoding="utf-8")
    with Dataset(tmp_path / "new.db", pipeline=Pipeline(resources=resources)) as fresh:
        report = fresh.ingest(folder)
        assert report.counts == {"ingested": 1} and report.resolved is not None
        assert report.line() == "1 ingested, 0 near-duplicate, 0 duplicate, 0 skipped, 0 error"
        again = fresh.add([HEADED, {"title": "no text here"}, WIRE.replace("three", "four")])
        assert [o.status for o in again.outcomes] == ["duplicate", "error", "near_duplicate"]
        assert "no text column" in again.failed[0].reason
        assert len(fresh.articles()) == 2
        assert {e.article_id for e in fresh.events()} <= set(report.article_ids + again.article_ids)


def test_the_event_classifier_setting_chooses_the_classifier() -> None:
    """``event_classifier`` reaches extraction; an unknown name fails when resources load, naming the choices."""
    from dateline.extract.event_triggers import EventConfigError, RuleClassifier

    pipeline = Pipeline(Pipeline().settings.model_copy(update={"event_classifier": "rules"}))
    assert isinstance(pipeline.resources.classifier, RuleClassifier)
    wrong = Pipeline(Pipeline().settings.model_copy(update={"event_classifier": "transformer"}))
    with pytest.raises(EventConfigError, match=r"unknown event classifier 'transformer'.*\['rules'\]"):
        _ = wrong.resources
