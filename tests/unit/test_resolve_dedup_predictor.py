"""The dedup predictor ``dateline eval dedup`` runs: document clusters by named terms."""

from __future__ import annotations

from dateline.evaluate.protocols import DedupDoc, DedupPrediction, DedupPredictor
from dateline.predictors.dedup import build_predictor

DOCS = {
    "quake-a1": "A magnitude 6.1 earthquake struck near Ridgecrest on Thursday, shaking buildings across Kern County.",
    "quake-a2": "Residents of Ridgecrest swept up broken glass after the 6.1 earthquake hit Kern County on Thursday.",
    "quake-b1": "A strong earthquake of magnitude 7.0 hit Anchorage, Alaska, on Friday, buckling roads near the port.",
    "quake-b2": "Anchorage officials inspected buckled roads after Friday's 7.0 earthquake in Alaska.",
    "rehab-1": "Singer Marla Voss checked into the Cedar Hills treatment center, her publicist told reporters.",
    "rehab-2": "Marla Voss has entered the Cedar Hills center for treatment, according to her publicist.",
}


def _docs() -> list[DedupDoc]:
    return [DedupDoc(id=k, text=v) for k, v in DOCS.items()]


def test_predictor_follows_the_protocol_and_separates_look_alike_events():
    predictor = build_predictor()
    predictor.mentions = False  # document level only: no spaCy in this test
    assert isinstance(predictor, DedupPredictor)
    result = predictor.predict(_docs())
    assert isinstance(result, DedupPrediction) and result.mentions is None
    clusters = result.doc_clusters
    assert clusters["quake-a1"] == clusters["quake-a2"] == "quake-a1"
    assert clusters["quake-b1"] == clusters["quake-b2"] == "quake-b1"
    assert clusters["rehab-1"] == clusters["rehab-2"] == "rehab-1"
    assert len(set(clusters.values())) == 3


def test_cluster_ids_do_not_depend_on_input_order():
    predictor = build_predictor()
    forward = predictor.cluster_documents(_docs())
    backward = predictor.cluster_documents(list(reversed(_docs())))
    assert forward == backward


def test_single_document_is_its_own_cluster():
    assert build_predictor().cluster_documents([DedupDoc(id="only", text="Nothing to compare.")]) == {"only": "only"}
