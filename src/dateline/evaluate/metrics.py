"""Pure scorers shared by the tasks: counts to P/R/F1, classification tables, span matching.

Everything here takes plain Python values and returns plain values, so each
function can be checked against a hand-computed example. Conventions:

* precision with no predictions, recall with no gold, and F1 when both are 0
  are all 0.0 (the scikit-learn ``zero_division=0`` convention);
* macro averages are unweighted means over an explicit label list;
* a missing prediction (``None``) is its own outcome, shown as
  :data:`NO_LABEL` in confusion tables; it is wrong whenever gold has a label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

NO_LABEL = "(none)"
"""How a ``None`` prediction (or gold "no event") shows in confusion tables."""


@dataclass(frozen=True)
class PRF:
    """True/false positive and false negative counts, with the ratios derived from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def support(self) -> int:
        """Number of gold items (tp + fn)."""
        return self.tp + self.fn

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "p": self.precision,
            "r": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.support,
        }


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0.0 when both are 0)."""
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _ratio(num: float, den: float) -> float:
    return 0.0 if den == 0 else num / den


def set_prf(gold: Iterable[object], predicted: Iterable[object]) -> PRF:
    """Counts for one item's gold set against its predicted set."""
    g, p = set(gold), set(predicted)
    return PRF(tp=len(g & p), fp=len(p - g), fn=len(g - p))


# ---------------------------------------------------------------------------
# Single-label classification
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassificationScores:
    """Accuracy, per-class P/R/F1 and the confusion table of one single-label task."""

    n: int
    accuracy: float
    per_class: dict[str, PRF]
    macro_f1: float
    weighted_f1: float
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    """``confusion[gold][predicted] = count``, with :data:`NO_LABEL` for ``None``."""

    def per_class_table(self) -> dict[str, dict[str, float | int]]:
        return {label: prf.as_dict() for label, prf in self.per_class.items()}


def classification_scores(
    gold: Sequence[str | None],
    predicted: Sequence[str | None],
    *,
    labels: Sequence[str] | None = None,
) -> ClassificationScores:
    """Score single-label predictions.

    ``labels`` are the classes the macro and weighted averages run over; by
    default the labels that occur in ``gold`` (so a class absent from this
    sample does not add a meaningless 0 to the macro average). Predictions of
    other labels still cost recall of the true class; they just have no row.
    The weighted F1 weighs each class by its gold support.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    if labels is None:
        labels = sorted({g for g in gold if g is not None})
    pairs = list(zip(gold, predicted, strict=True))
    per_class = {
        label: PRF(
            tp=sum(1 for g, p in pairs if g == label and p == label),
            fp=sum(1 for g, p in pairs if g != label and p == label),
            fn=sum(1 for g, p in pairs if g == label and p != label),
        )
        for label in labels
    }
    total_support = sum(prf.support for prf in per_class.values())
    confusion: dict[str, dict[str, int]] = {}
    for (g, p), count in sorted(Counter((_show(g), _show(p)) for g, p in pairs).items()):
        confusion.setdefault(g, {})[p] = count
    return ClassificationScores(
        n=len(pairs),
        accuracy=_ratio(sum(1 for g, p in pairs if g == p), len(pairs)),
        per_class=per_class,
        macro_f1=_ratio(sum(prf.f1 for prf in per_class.values()), len(per_class)),
        weighted_f1=_ratio(sum(prf.f1 * prf.support for prf in per_class.values()), total_support),
        confusion=confusion,
    )


def _show(label: str | None) -> str:
    return NO_LABEL if label is None else label


def multilabel_scores(
    gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], labels: Sequence[str]
) -> dict[str, PRF]:
    """Per-label counts for multi-label items: each (item, label) is one binary decision."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold items but {len(predicted)} predictions")
    scores = {label: PRF(0, 0, 0) for label in labels}
    for g, p in zip(gold, predicted, strict=True):
        g_set, p_set = set(g), set(p)
        for label in labels:
            scores[label] += PRF(
                tp=int(label in g_set and label in p_set),
                fp=int(label in p_set and label not in g_set),
                fn=int(label in g_set and label not in p_set),
            )
    return scores


# ---------------------------------------------------------------------------
# Span matching
# ---------------------------------------------------------------------------

MatchRule = Literal["strict", "overlap"]
Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    """True when two half-open character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def match_spans(gold: Sequence[Span], predicted: Sequence[Span], rule: MatchRule) -> list[tuple[int, int]]:
    """Pair gold and predicted spans one-to-one; returns ``(gold_index, predicted_index)`` pairs.

    ``strict``: a pair must have identical start and end. ``overlap``: a pair
    must share at least one character; among competing pairs, exact matches
    win, then the larger overlap, then the earlier spans. Each span is used at
    most once, so a prediction covering two gold toponyms ("Dorset, England")
    matches one of them and the other is a miss.
    """
    candidates: list[tuple[int, int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            exact = g == p
            if rule == "strict" and not exact:
                continue
            if not overlaps(g, p):
                continue
            shared = min(g[1], p[1]) - max(g[0], p[0])
            candidates.append((0 if exact else 1, -shared, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)
