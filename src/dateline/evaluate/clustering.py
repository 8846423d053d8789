"""Clustering scores: B³ (Bagga & Baldwin 1998) and pairwise (link-based) P/R/F1.

Both take two mappings ``item -> cluster id`` (gold and predicted). The item
sets may differ, which happens at mention level when a system finds mentions
the gold does not have or misses gold ones. The rule (as in Cai & Strube
2010's treatment of "twinless" mentions) is:

* B³ precision averages over the *predicted* items; a predicted item absent
  from gold is treated as a gold singleton, so it is only right about itself.
* B³ recall averages over the *gold* items; a gold item the system never
  output is treated as a predicted singleton.

With equal item sets this is plain B³. Pairwise scores compare the sets of
unordered same-cluster pairs: precision = shared pairs / predicted pairs,
recall = shared pairs / gold pairs. Everything is computed from cluster sizes
and their overlaps, so a system that puts 5,000 mentions in one cluster costs
no more than one that does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from dateline.evaluate.metrics import f1


@dataclass(frozen=True)
class ClusterScores:
    """Precision, recall and F1 of one clustering measure."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def b_cubed(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> ClusterScores:
    """B³ precision and recall of ``predicted`` against ``gold`` (both ``item -> cluster``)."""
    gold_sizes = Counter(gold.values())
    pred_sizes = Counter(predicted.values())
    cells = Counter((gold[item], predicted[item]) for item in gold.keys() & predicted.keys())

    precision_sum = sum(n * n / pred_sizes[p] for (_, p), n in cells.items())
    precision_sum += sum(1 / pred_sizes[predicted[item]] for item in predicted.keys() - gold.keys())
    recall_sum = sum(n * n / gold_sizes[g] for (g, _), n in cells.items())
    recall_sum += sum(1 / gold_sizes[gold[item]] for item in gold.keys() - predicted.keys())

    return ClusterScores(
        precision=precision_sum / len(predicted) if predicted else 0.0,
        recall=recall_sum / len(gold) if gold else 0.0,
    )


def pairwise(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> ClusterScores:
    """Pairwise precision and recall: same-cluster pairs shared by both clusterings.

    With no predicted pairs (all singletons) precision is 0.0 by the module's
    zero-division convention, and recall is 0.0 when gold has no pairs.
    """
    cells = Counter((gold[item], predicted[item]) for item in gold.keys() & predicted.keys())
    shared = sum(_pairs(n) for n in cells.values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold.values()).values())
    pred_pairs = sum(_pairs(n) for n in Counter(predicted.values()).values())
    return ClusterScores(
        precision=shared / pred_pairs if pred_pairs else 0.0,
        recall=shared / gold_pairs if gold_pairs else 0.0,
    )


def _pairs(n: int) -> int:
    return n * (n - 1) // 2
