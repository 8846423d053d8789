"""dateline's spaCy components: found by name through entry points, usable in anyone's pipeline.

The entry-point test runs in a fresh Python process, as a user's script
would: it loads the base English model with spaCy alone and adds
``dateline_events`` by name. The other tests build the pipeline in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from importlib.metadata import entry_points

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import dateline
from dateline.extract.places import matcher_labels
from dateline.knowledge.gazetteer import load_gazetteer
from dateline.nlp import MODEL_NAME, load_pipeline

COMPONENTS = ("dateline_gazetteer_ruler", "dateline_places", "dateline_actors", "dateline_times", "dateline_events")
TEXT = (
    "MAIDUGURI, Nigeria - Jihadist fighters attacked an army base in Monguno on Monday, killing seven soldiers, "
    "the military said. The army sent reinforcements to the town on Tuesday."
)
PUBLISHED = date(2021, 6, 8)


def registered() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group="spacy_factories") if ep.name.startswith("dateline_")}


def test_components_are_registered_as_spacy_entry_points() -> None:
    found = registered()
    if not found:
        pytest.skip("dateline's spacy_factories entry points are not installed: pip install -e . (then rerun)")
    assert set(found) == set(COMPONENTS)
    assert all(value.startswith("dateline.spacy_components:") for value in found.values())


FRESH_PROCESS = """
import json, sys, tempfile
from datetime import date
import spacy
nlp = spacy.load(sys.argv[1])
nlp.add_pipe("dateline_gazetteer_ruler", before="ner")
nlp.add_pipe("dateline_events")
doc = nlp.make_doc(sys.argv[2])
doc._.published = date.fromisoformat(sys.argv[3])
doc = nlp(doc)
with tempfile.TemporaryDirectory() as folder:
    nlp.to_disk(folder)
    reloaded = spacy.load(folder).pipe_names
print(json.dumps({
    "pipes": nlp.pipe_names, "reloaded": reloaded,
    "events": [[e.type, str(e.date.start), e.place.country, e.evidence.text] for e in doc._.events],
    "places": [p.mention.text for p in doc._.places], "actors": [a.mention.text for a in doc._.actors],
    "times": [t.value for t in doc._.times], "published": str(doc._.dateline_article.published),
}))
"""


def test_a_fresh_process_adds_dateline_events_to_the_base_model_by_name() -> None:
    if not registered():
        pytest.skip("dateline's spacy_factories entry points are not installed: pip install -e . (then rerun)")
    run = subprocess.run([sys.executable, "-c", FRESH_PROCESS, MODEL_NAME, TEXT, PUBLISHED.isoformat()],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["pipes"][-1] == "dateline_events" and out["reloaded"] == out["pipes"]
    assert out["published"] == PUBLISHED.isoformat()
    assert "Monguno" in out["places"] and "2021-06-07" in out["times"]  # Monday before Tuesday 8 June
    attack = [e for e in out["events"] if e[0] == "ASSAULT"]
    assert attack and attack[0][1:3] == ["2021-06-07", "NG"]
    assert all(evidence in TEXT for *_, evidence in out["events"])


@pytest.fixture(scope="module")
def nlp() -> Language:
    import dateline.spacy_components  # noqa: F401 - registers the factories without entry points

    pipeline = load_pipeline.__wrapped__()
    pipeline.add_pipe("dateline_gazetteer_ruler", before="ner")
    pipeline.add_pipe("dateline_events")
    return pipeline


def parse(nlp: Language, text: str, published: date | None = PUBLISHED) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def test_components_give_the_same_events_as_dateline_extract(nlp: Language) -> None:
    doc = parse(nlp, TEXT)
    assert doc._.events, "no events"
    expected = dateline.extract(TEXT, PUBLISHED)
    assert [e.model_dump() for e in doc._.events] == [e.model_dump() for e in expected]
    assert doc._.dateline_article.id == expected[0].article_id


def test_spans_point_into_the_doc(nlp: Language) -> None:
    doc = parse(nlp, TEXT)
    for record in [*doc._.places, *doc._.actors, *doc._.times]:
        span = doc.char_span(record.mention.start, record.mention.end, alignment_mode="expand")
        assert span is not None and record.mention.text in span.text


def test_gazetteer_ruler_marks_the_gazetteer_names(nlp: Language) -> None:
    ruler = nlp.get_pipe("dateline_gazetteer_ruler")
    assert ruler.labels == matcher_labels(load_gazetteer())
    doc = nlp("MAIDUGURI, Nigeria - Soldiers patrolled the city.")
    assert ("MAIDUGURI", "GPE") in [(e.text, e.label_) for e in doc.ents]


def test_each_component_sets_only_its_own_attribute() -> None:
    import dateline.spacy_components  # noqa: F401

    pipeline = load_pipeline.__wrapped__()
    pipeline.add_pipe("dateline_times")
    doc = parse(pipeline, TEXT)
    assert [t.value for t in doc._.times][:1] == ["2021-06-07"]
    assert doc._.events is None and doc._.places is None and doc._.actors is None


def test_without_published_relative_times_stay_unresolved(nlp: Language) -> None:
    doc = parse(nlp, TEXT, published=None)
    assert doc._.dateline_article.published is None
    assert all(e.date.start is None for e in doc._.events)


def test_an_empty_doc_gets_empty_lists(nlp: Language) -> None:
    doc = parse(nlp, "   ")
    assert doc._.dateline_article is None
    assert (doc._.events, doc._.places, doc._.actors, doc._.times) == ([], [], [], [])
