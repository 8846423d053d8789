"""Scoring dateline's extractors against public gold data (``dateline eval``).

Readers check and load the gold formats of ``../shared/eval``; predictors
(objects following :mod:`dateline.evaluate.protocols`) turn gold texts into
predictions; pure scorers turn gold and predictions into an
:class:`EvalReport`. :func:`run_task` chains the three. Metric definitions:
docs/evaluation.md.
"""

from dateline.evaluate.protocols import (
    DedupDoc,
    DedupPrediction,
    DedupPredictor,
    EventTypePredictor,
    GeoPrediction,
    GeoPredictor,
    MentionCluster,
    PloverPrediction,
    PloverPredictor,
    PoliceEventPredictor,
    TimexPrediction,
    TimexPredictor,
)
from dateline.evaluate.report import EvalReport
from dateline.evaluate.runner import TASKS, run_task

__all__ = [
    "TASKS",
    "DedupDoc",
    "DedupPrediction",
    "DedupPredictor",
    "EvalReport",
    "EventTypePredictor",
    "GeoPrediction",
    "GeoPredictor",
    "MentionCluster",
    "PloverPrediction",
    "PloverPredictor",
    "PoliceEventPredictor",
    "TimexPrediction",
    "TimexPredictor",
    "run_task",
]
