"""Known-answer tests for the pure scorers of dateline.evaluate (every number worked out by hand)."""

from __future__ import annotations

import math

import pytest

from dateline.evaluate.clustering import b_cubed, pairwise
from dateline.evaluate.countries import country_key
from dateline.evaluate.geometry import MAX_ERROR_KM, accuracy_at, error_auc, haversine_km, mean_km, median_km
from dateline.evaluate.metrics import NO_LABEL, PRF, classification_scores, match_spans, multilabel_scores, set_prf
from dateline.evaluate.plover import code_prefixes
from dateline.evaluate.timex import normalise_value

# ---------------------------------------------------------------------------
# P/R/F1 and classification
# ---------------------------------------------------------------------------


def test_prf_ratios_and_zero_division():
    prf = PRF(tp=3, fp=1, fn=2)
    assert prf.precision == 0.75
    assert prf.recall == 0.6
    assert prf.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert prf.support == 5
    empty = PRF(0, 0, 0)
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert PRF(1, 2, 3) + PRF(4, 5, 6) == PRF(5, 7, 9)


def test_set_prf_counts_one_item():
    assert set_prf({"IRQ", "USA"}, {"IRQ", "IRN", "SYR"}) == PRF(tp=1, fp=2, fn=1)


def test_macro_f1_three_classes_by_hand():
    # a: tp1 fp1 fn1 -> F1 .5 ; b: tp2 fp1 fn0 -> P 2/3 R 1 F1 .8 ; c: tp1 fp0 fn1 -> F1 2/3
    gold = ["a", "a", "b", "b", "c", "c"]
    pred = ["a", "b", "b", "b", "c", "a"]
    scores = classification_scores(gold, pred)
    assert scores.accuracy == pytest.approx(4 / 6)
    assert scores.per_class["a"].f1 == pytest.approx(0.5)
    assert scores.per_class["b"].f1 == pytest.approx(0.8)
    assert scores.per_class["c"].f1 == pytest.approx(2 / 3)
    assert scores.macro_f1 == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    assert scores.confusion["c"] == {"a": 1, "c": 1}


def test_weighted_f1_and_missing_prediction():
    # a (support 3): tp2 fp0 fn1 -> F1 .8 ; b (1): tp1 fp1 -> F1 2/3 ; c (1): never predicted -> 0
    gold = ["a", "a", "a", "b", "c"]
    pred = ["a", "a", "b", "b", None]
    scores = classification_scores(gold, pred)
    assert scores.accuracy == pytest.approx(3 / 5)
    assert scores.macro_f1 == pytest.approx((0.8 + 2 / 3 + 0) / 3)
    assert scores.weighted_f1 == pytest.approx((0.8 * 3 + 2 / 3 * 1 + 0 * 1) / 5)
    assert scores.confusion["c"] == {NO_LABEL: 1}


def test_macro_runs_over_gold_labels_only():
    # "z" is predicted but absent from gold: it costs recall of "a" but adds no row of its own.
    scores = classification_scores(["a", "a"], ["a", "z"])
    assert set(scores.per_class) == {"a"}
    assert scores.macro_f1 == pytest.approx(2 / 3)


def test_multilabel_counts_each_label_separately():
    gold = [{"KILL", "ANY_ACTION"}, set(), {"ARREST"}]
    pred = [{"ANY_ACTION"}, {"ANY_ACTION"}, {"ARREST", "KILL"}]
    scores = multilabel_scores(gold, pred, ["KILL", "ARREST", "ANY_ACTION"])
    assert scores["KILL"] == PRF(tp=0, fp=1, fn=1)
    assert scores["ARREST"] == PRF(tp=1, fp=0, fn=0)
    assert scores["ANY_ACTION"] == PRF(tp=1, fp=1, fn=0)


# ---------------------------------------------------------------------------
# Spans
# ---------------------------------------------------------------------------


def test_strict_matching_needs_identical_offsets():
    assert match_spans([(0, 6), (10, 20)], [(0, 6), (10, 19)], "strict") == [(0, 0)]


def test_overlap_matching_is_one_to_one_and_prefers_exact():
    gold = [(0, 6), (8, 15)]  # "Dorset", "England"
    # one prediction covers both gold spans; the exact one for "England" wins that gold span
    pred = [(0, 15), (8, 15)]
    assert match_spans(gold, pred, "overlap") == [(0, 0), (1, 1)]
    # a lone covering prediction matches only one gold span (the larger overlap)
    assert match_spans(gold, [(0, 15)], "overlap") == [(1, 0)]
    # touching is not overlapping: half-open spans
    assert match_spans([(0, 5)], [(5, 9)], "overlap") == []


# ---------------------------------------------------------------------------
# Clustering
# ---------------------------------------------------------------------------

GOLD4 = {"a": 1, "b": 1, "c": 2, "d": 2}
PRED4 = {"a": "x", "b": "x", "c": "x", "d": "y"}


def test_b_cubed_four_items_by_hand():
    # precision per item: a 2/3, b 2/3, c 1/3, d 1  -> 2/3 ; recall: a 1, b 1, c 1/2, d 1/2 -> 3/4
    scores = b_cubed(GOLD4, PRED4)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(3 / 4)
    assert scores.f1 == pytest.approx(12 / 17)


def test_pairwise_four_items_by_hand():
    # gold pairs {ab, cd}; predicted pairs {ab, ac, bc}; shared {ab}
    scores = pairwise(GOLD4, PRED4)
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 2)


def test_clustering_identity_and_all_singletons():
    assert b_cubed(GOLD4, GOLD4).f1 == 1.0
    assert pairwise(GOLD4, GOLD4).f1 == 1.0
    singletons = {item: item for item in GOLD4}
    assert b_cubed(GOLD4, singletons).precision == 1.0
    assert b_cubed(GOLD4, singletons).recall == pytest.approx(0.5)
    assert pairwise(GOLD4, singletons).precision == 0.0


def test_b_cubed_twinless_items():
    # predicted "e" is not in gold: a gold singleton, right only about itself (1/2 in cluster {d, e}).
    # gold "c" was never predicted: a predicted singleton, 1/2 of its gold cluster.
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = {"a": "x", "b": "x", "d": "y", "e": "y"}
    scores = b_cubed(gold, pred)
    assert scores.precision == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)
    assert scores.recall == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)


# ---------------------------------------------------------------------------
# Distances
# ---------------------------------------------------------------------------


def test_haversine_kirkuk_erbil():
    # GeoNames points of Kirkuk and Erbil: about 87 km apart as the crow flies
    assert 80 < haversine_km(35.4681, 44.3922, 36.1911, 44.0094) < 90
    assert haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_auc_known_values():
    assert error_auc([0.0, 0.0, 0.0]) == 0.0
    # log(1+e) of [0, e-1] is [0, 1]: trapezoid area 0.5 over unit width
    assert error_auc([0.0, math.e - 1]) == pytest.approx(0.5 / math.log(20039))
    # sorted before integrating; [0, 1, 2] on width 2 -> area 2 / 2
    assert error_auc([math.e**2 - 1, 0.0, math.e - 1]) == pytest.approx(1 / math.log(20039))
    assert error_auc([MAX_ERROR_KM] * 4) == pytest.approx(1.0, abs=1e-4)
    assert error_auc([]) is None


def test_accuracy_mean_median():
    errors = [0.0, 161.0, 161.5, 1000.0]
    assert accuracy_at(errors) == 0.5
    assert mean_km(errors) == pytest.approx(330.625)
    assert median_km(errors) == pytest.approx(161.25)
    assert accuracy_at([]) is None


# ---------------------------------------------------------------------------
# Normalisers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "key"),
    [("Russia", "RU"), ("RUS", "RU"), ("ru", "RU"), ("Russian Federation", "RU"), ("Palestinian Territory", "PS"),
     ("United States", "US"), ("Atlantis", "atlantis"), ("", None), (None, None)],
)
def test_country_key(value, key):
    assert country_key(value) == key


def test_timex_value_normalisation_is_only_formatting():
    assert normalise_value(" p1d ") == "P1D"
    assert normalise_value("1998-08-07T10:00:00") == normalise_value("1998-08-07T10:00")
    assert normalise_value("1998-10") != normalise_value("1998-10-XX")
    assert normalise_value(None) is None


def test_plover_code_prefixes():
    assert code_prefixes(["IRQMIL", "IRQGOV", "igouno", "USA", ""]) == {"IRQ", "IGO", "USA"}
