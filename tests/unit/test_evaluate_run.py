"""run_task end to end: hand-made gold with known scores, trivial predictors on the dev files, NotAvailable."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

import dateline.predictors as predictors
from dateline.errors import InputError, NotAvailable
from dateline.evaluate import (
    DedupPrediction,
    GeoPrediction,
    MentionCluster,
    PloverPrediction,
    TimexPrediction,
    run_task,
)
from dateline.evaluate.dedup import read_ecb
from dateline.evaluate.geo import MAX_ERROR_KM, read_geo
from dateline.evaluate.protocols import GeoPredictor

EVAL_DIR = Path(__file__).parents[2] / ".." / "shared" / "eval"


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def shared_file(name: str) -> Path:
    path = EVAL_DIR / name
    if not path.exists():
        pytest.skip(f"gold file {name} not found in ../shared/eval ({EVAL_DIR})")
    return path


def span(text: str, phrase: str) -> dict:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "name": phrase}


# ---------------------------------------------------------------------------
# geo
# ---------------------------------------------------------------------------

GEO_TEXT = "Syrian troops entered Aleppo and Idlib Province; the city was calm."
ALEPPO = (36.20, 37.16)


@pytest.fixture
def geo_gold(tmp_path: Path) -> Path:
    """A GeoWebNews-style document: two classic toponyms, a demonym-like modifier, an expression span."""
    record = {
        "id": "gwn-test",
        "text": GEO_TEXT,
        "toponyms": [
            dict(span(GEO_TEXT, "Syrian"), lat=35.0, lon=38.0, type="Non_Literal_Modifier"),
            dict(span(GEO_TEXT, "Aleppo"), lat=ALEPPO[0], lon=ALEPPO[1], type="Literal"),
            dict(span(GEO_TEXT, "Idlib Province"), lat=35.83, lon=36.63, type="Literal", country="Syria"),
        ],
        "other_spans": [dict(span(GEO_TEXT, "the city"), type="Literal_Expression")],
    }
    return write_jsonl(tmp_path / "geo.jsonl", [record])


class FixedGeo:
    """Returns the same predictions whatever it is asked."""

    def __init__(self, predictions: list[GeoPrediction]):
        self.predictions = predictions

    def predict(self, text, *, published, spans):
        return self.predictions


def at(phrase: str, lat: float | None, lon: float | None, country: str | None = None) -> GeoPrediction:
    s = span(GEO_TEXT, phrase)
    return GeoPrediction(s["start"], s["end"], lat, lon, country)


def test_geo_end_to_end_known_counts(geo_gold):
    predictor = FixedGeo(
        [
            at("Aleppo", *ALEPPO),  # exact, resolved
            at("Idlib", 0.0, 0.0, "SY"),  # partial overlap, badly resolved, right country
            at("Syrian", 35.0, 38.0),  # neutral: gold marks it a non-literal modifier
            at("troops", 1.0, 1.0),  # false positive
        ]
    )
    assert isinstance(predictor, GeoPredictor)
    m = run_task("geo", geo_gold, predictor=predictor).metrics
    # overlap rule: TP Aleppo + Idlib, FP troops, Syrian ignored
    assert (m["toponym_p"], m["toponym_r"], m["toponym_ignored"]) == (pytest.approx(2 / 3), 1.0, 1)
    # strict rule: TP Aleppo only; "Idlib" and "troops" are false positives, "Idlib Province" a miss
    assert (m["toponym_strict_p"], m["toponym_strict_r"]) == (pytest.approx(1 / 3), 0.5)
    assert m["acc161"] == 0.5 and m["n"] == 2 and m["median_km"] > 1000
    assert m["country_acc"] == 1.0 and m["country_n"] == 1


def test_geo_gold_spans_charges_missing_predictions(geo_gold):
    class OnlyAleppo:
        def predict(self, text, *, published, spans):
            assert spans == [(0, 6), (22, 28), (33, 47)]  # every gold toponym with coordinates
            return [at("Aleppo", *ALEPPO)]

    m = run_task("geo", geo_gold, gold_spans=True, predictor=OnlyAleppo()).metrics
    assert m["n"] == 3
    assert m["acc161"] == pytest.approx(1 / 3)
    assert m["mean_km"] == pytest.approx(2 * MAX_ERROR_KM / 3)
    assert m["country_acc"] == 0.0  # Idlib Province had no prediction
    assert m["toponym_p"] is None  # recognition is not measured with gold spans


class GeoOracle:
    """Looks the gold coordinates up: the ceiling every real geoparser is measured against."""

    def __init__(self, path: Path):
        self.by_text = {d.text: d for d in read_geo(path)}

    def predict(self, text, *, published, spans):
        return [GeoPrediction(t.start, t.end, t.lat, t.lon, t.country) for t in self.by_text[text].resolved]


class NullIsland:
    def predict(self, text, *, published, spans):
        return [GeoPrediction(start, end, 0.0, 0.0) for start, end in spans or []]


def test_geo_dev_file_oracle_and_null_island():
    path = shared_file("geo_lgl.jsonl")
    perfect = run_task("geo", path, gold_spans=True, limit=25, predictor=GeoOracle(path)).metrics
    assert (perfect["acc161"], perfect["auc"], perfect["mean_km"], perfect["country_acc"]) == (1.0, 0.0, 0.0, 1.0)
    assert perfect["n"] > 0
    zero = run_task("geo", path, gold_spans=True, limit=25, predictor=NullIsland()).metrics
    assert zero["acc161"] < 0.05
    assert zero["auc"] > 0.8
    assert zero["n"] == perfect["n"]


def test_geo_dev_file_end_to_end_oracle_on_geowebnews():
    path = shared_file("geo_geowebnews.jsonl")
    report = run_task("geo", path, predictor=GeoOracle(path))
    m = report.metrics
    # every classic toponym with coordinates is found; only the few classic ones without coordinates are missed
    assert m["toponym_p"] == 1.0
    assert 0.95 < m["toponym_r"] < 1.0
    assert m["toponym_ignored"] > 0  # non-literal modifiers etc. are neither hits nor false positives
    assert m["acc161"] == 1.0
    assert "by gold type" in report.render()


# ---------------------------------------------------------------------------
# events, ipe, plover, timex, dedup on hand-made gold
# ---------------------------------------------------------------------------


def test_events_scores_and_acled_subset(tmp_path):
    gold = write_jsonl(
        tmp_path / "case.jsonl",
        [
            {"id": "c1", "text": "Police arrested ten.", "label": "ARREST", "scheme": "ACLED"},
            {"id": "c2", "text": "Rebels clashed with troops.", "label": "ARMED_CLASH", "scheme": "ACLED"},
            {"id": "c3", "text": "An earthquake hit.", "label": "NATURAL_DISASTER", "scheme": "CASE2021-unseen"},
        ],
    )

    class Keyword:
        def predict(self, text):
            return "ARREST" if "arrest" in text else ("ARMED_CLASH" if "earthquake" in text else None)

    report = run_task("events", gold, predictor=Keyword())
    m = report.metrics
    assert m["accuracy"] == pytest.approx(1 / 3)
    # ARREST F1 1, ARMED_CLASH F1 0 (one FP, one FN), NATURAL_DISASTER F1 0
    assert m["macro_f1"] == pytest.approx(1 / 3)
    assert m["acled_macro_f1"] == pytest.approx(1 / 2)
    assert m["no_prediction"] == 1 and m["n"] == 3
    assert report.details["confusion"]["NATURAL_DISASTER"] == {"ARMED_CLASH": 1}


def test_ipe_per_label(tmp_path):
    gold = write_jsonl(
        tmp_path / "ipe.jsonl",
        [
            {"id": "i1", "text": "police opened fire, two killed", "labels": ["KILL", "FORCE", "ANY_ACTION"], "scheme": "IndiaPoliceEvents"},
            {"id": "i2", "text": "police arrested five", "labels": ["ARREST", "ANY_ACTION"], "scheme": "IndiaPoliceEvents"},
            {"id": "i3", "text": "a quiet day", "labels": [], "scheme": "IndiaPoliceEvents"},
        ],
    )

    class Words:
        def predict(self, text):
            return {"ANY_ACTION"} | ({"KILL"} if "killed" in text else set()) | ({"ARREST"} if "day" in text else set())

    m = run_task("ipe", gold, predictor=Words()).metrics
    assert (m["kill_p"], m["kill_r"]) == (1.0, 1.0)
    assert (m["arrest_p"], m["arrest_r"]) == (0.0, 0.0)
    assert m["any_action_p"] == pytest.approx(2 / 3) and m["any_action_r"] == 1.0
    assert m["fail_r"] is None and m["fail_p"] is None  # no gold FAIL, none predicted: undefined, not zero
    assert m["force_p"] is None and m["force_r"] == 0.0
    assert m["macro_f1"] == pytest.approx((1 + 0 + 0 + 0.8) / 4)


def test_plover_event_and_actor_codes(tmp_path):
    gold = write_jsonl(
        tmp_path / "plover.jsonl",
        [
            {"id": "p1", "text": "Iraq shelled Kurdish positions.", "event": "ASSAULT",
             "actors": [{"text": "Iraq", "code": "IRQ"}], "recipients": [{"text": "Kurdish positions", "code": "IRQ"}]},
            {"id": "p2", "text": "The UN urged talks.", "event": "REQUEST",
             "actors": [{"text": "The UN", "code": "IGO"}], "recipients": []},
        ],
    )

    class Coder:
        def predict(self, text, *, published):
            assert published is None
            if text.startswith("Iraq"):
                return PloverPrediction("ASSAULT", ["IRQMIL", "IRQGOV"], ["KURMIL"])
            return PloverPrediction("ACCUSE", ["IGOUNO", "USA"], [])

    m = run_task("plover", gold, predictor=Coder()).metrics
    assert m["accuracy"] == 0.5
    # actors: {IRQ} vs {IRQ}, {IGO} vs {IGO, USA} -> tp 2, fp 1, fn 0
    assert (m["actor_p"], m["actor_r"]) == (pytest.approx(2 / 3), 1.0)
    # recipients: {IRQ} vs {KUR} -> tp 0
    assert (m["recipient_p"], m["recipient_r"]) == (0.0, 0.0)


def test_timex_strict_relaxed_value(tmp_path):
    text = "On Saturday the embassy reopened after two days."

    def timex(phrase, kind, value):
        s = span(text, phrase)
        return {"start": s["start"], "end": s["end"], "text": phrase, "type": kind, "value": value, "tid": phrase}

    gold = write_jsonl(
        tmp_path / "timex.jsonl",
        [{"id": "t1", "dct": "1998-08-09", "text": text,
          "timexes": [timex("Saturday", "DATE", "1998-08-08"), timex("two days", "DURATION", "P2D")]}],
    )

    def at(phrase, value):
        s = span(text, phrase)
        return TimexPrediction(s["start"], s["end"], value)

    class Tagger:
        def predict(self, text, *, dct):
            assert str(dct) == "1998-08-09"
            # "Saturday" exact with the right value, "after two days" overlapping with a differently cased value,
            # "embassy" wrong
            return [at("Saturday", "1998-08-08"), at("after two days", "p2d"), at("embassy", None)]

    m = run_task("timex", gold, predictor=Tagger()).metrics
    assert (m["strict_p"], m["strict_r"]) == (pytest.approx(1 / 3), 0.5)
    assert (m["relaxed_p"], m["relaxed_r"]) == (pytest.approx(2 / 3), 1.0)
    assert m["value_accuracy"] == 1.0
    assert (m["value_p"], m["value_r"]) == (pytest.approx(2 / 3), 1.0)


def test_dedup_documents_and_mentions(tmp_path):
    def doc(doc_id, cluster, text, events):
        return {"id": doc_id, "topic": "1", "doc_cluster": cluster, "text": text, "events": events}

    def ev(text, word, cluster, sentence=0, validated=True):
        start = text.index(word)
        return {"start": start, "end": start + len(word), "text": word, "cluster": cluster,
                "sentence": sentence, "validated_sentence": validated}

    t1, t2, t3 = "Reid entered rehab .", "Reid checked into rehab .", "Lohan was arrested ."
    gold = write_jsonl(
        tmp_path / "ecb.jsonl",
        [doc("a", "1_ecb", t1, [ev(t1, "entered", "E1")]), doc("b", "1_ecb", t2, [ev(t2, "checked", "E1")]),
         doc("c", "1_ecbplus", t3, [ev(t3, "arrested", "E2")])],
    )

    class AllTogether:
        def predict(self, docs):
            assert [d.date for d in docs] == [None, None, None]
            return {d.id: "one" for d in docs}

    m = run_task("dedup", gold, predictor=AllTogether()).metrics
    # B³ precision: a, b 2/3 each, c 1/3 -> 5/9 ; recall 1 ; pairwise: 1 shared of 3 predicted pairs
    assert (m["b3_p"], m["b3_r"]) == (pytest.approx(5 / 9), 1.0)
    assert (m["pairwise_p"], m["pairwise_r"]) == (pytest.approx(1 / 3), 1.0)
    assert "mention_b3_f1" not in m

    class WithMentions:
        def predict(self, docs):
            # "entered" and "arrested" exact; "check" is not the gold span "checked", so it is twinless
            mentions = [MentionCluster("a", 5, 12, "x"), MentionCluster("b", 5, 10, "x"), MentionCluster("c", 10, 18, "y")]
            return DedupPrediction({"a": "1", "b": "1", "c": "2"}, mentions)

    m = run_task("dedup", gold, predictor=WithMentions()).metrics
    assert (m["b3_f1"], m["pairwise_f1"]) == (1.0, 1.0)
    assert m["mention_exact_spans"] == 2 and m["mention_n"] == 3
    # precision: a 1/2 (shares x with twinless "check"), "check" 1/2, c 1 ; recall: a 1/2, b missed 1/2, c 1
    assert (m["mention_b3_p"], m["mention_b3_r"]) == (pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_dedup_dev_file_by_topic():
    path = shared_file("event_coref_ecbplus.jsonl")

    class ByTopic:
        def predict(self, docs):
            return {d.id: d.id.split("_")[0] for d in docs}

    m = run_task("dedup", path, predictor=ByTopic()).metrics
    # topics join the ecb and ecbplus halves: perfect recall, lower precision
    assert m["b3_r"] == 1.0 and m["pairwise_r"] == 1.0
    assert 0.3 < m["b3_p"] < 0.9
    assert m["n"] == len(read_ecb(path))


# ---------------------------------------------------------------------------
# Usage errors and missing extractors
# ---------------------------------------------------------------------------


def test_usage_errors(geo_gold):
    with pytest.raises(InputError, match="unknown eval task"):
        run_task("sentiment", geo_gold, predictor=object())
    with pytest.raises(InputError, match="geo task only"):
        run_task("timex", geo_gold, gold_spans=True, predictor=object())


@pytest.fixture
def fake_predictors(tmp_path, monkeypatch):
    """Point dateline.predictors at an empty folder so each test decides which task modules exist."""
    monkeypatch.setattr(predictors, "__path__", [str(tmp_path)])
    saved = {name: module for name, module in sys.modules.items() if name.startswith("dateline.predictors.")}
    for name in saved:
        del sys.modules[name]
    importlib.invalidate_caches()
    yield tmp_path
    for name in [n for n in sys.modules if n.startswith("dateline.predictors.")]:
        del sys.modules[name]
    sys.modules.update(saved)


def test_missing_predictor_module_is_not_available(fake_predictors, geo_gold):
    with pytest.raises(NotAvailable, match="not available yet: the geoparser .* extractor is not built"):
        predictors.get_predictor("geo")
    with pytest.raises(NotAvailable, match="not available yet"):
        run_task("geo", geo_gold)


def test_broken_predictor_module_is_not_disguised(fake_predictors):
    (fake_predictors / "timex.py").write_text("import dateline_module_that_does_not_exist\n", encoding="utf-8")
    with pytest.raises(ModuleNotFoundError, match="dateline_module_that_does_not_exist"):
        predictors.get_predictor("timex")


def test_predictor_module_factory(fake_predictors, geo_gold):
    (fake_predictors / "events.py").write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(NotAvailable, match="build_predictor"):
        predictors.get_predictor("events")
    (fake_predictors / "geo.py").write_text(
        "from dateline.evaluate import GeoPrediction\n"
        "class Everywhere:\n"
        "    def predict(self, text, *, published, spans):\n"
        "        return [GeoPrediction(s, e, 0.0, 0.0) for s, e in spans or []]\n"
        "def build_predictor():\n"
        "    return Everywhere()\n",
        encoding="utf-8",
    )
    report = run_task("geo", geo_gold, gold_spans=True)
    assert report.details["predictor"].endswith("Everywhere")
    assert report.metrics["n"] == 3 and report.metrics["acc161"] == 0.0
