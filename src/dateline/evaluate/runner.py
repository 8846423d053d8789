"""``run_task``: read a gold file, run a predictor over it, score — the one entry point of ``dateline eval``.

Each task is three steps kept apart: a reader (gold file to records), a
predict step (records and predictor to predictions; the only step that runs
extractor code) and a pure scorer (gold and predictions to an
:class:`EvalReport`). Tests and notebooks can call any step alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.errors import InputError
from dateline.evaluate import dedup, events, geo, ipe, plover, timex
from dateline.evaluate.report import EvalReport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    """How to evaluate one task: read gold, predict, score."""

    read: Callable[..., list[Any]]
    predict: Callable[..., Any]
    score: Callable[..., EvalReport]


TASKS: dict[str, Task] = {
    "geo": Task(geo.read_geo, geo.predict_geo, geo.score_geo),
    "events": Task(events.read_case, events.predict_case, events.score_case),
    "ipe": Task(ipe.read_ipe, ipe.predict_ipe, ipe.score_ipe),
    "plover": Task(plover.read_plover, plover.predict_plover, plover.score_plover),
    "timex": Task(timex.read_timex, timex.predict_timex, timex.score_timex),
    "dedup": Task(dedup.read_ecb, dedup.predict_dedup, dedup.score_dedup),
}
"""Task name -> its steps. Gold files per task: docs/evaluation.md."""


def run_task(
    task: str,
    gold_path: Path,
    *,
    gold_spans: bool = False,
    limit: int | None = None,
    predictor: Any = None,
) -> EvalReport:
    """Score ``task``'s predictor on ``gold_path`` (first ``limit`` documents).

    ``predictor`` defaults to ``dateline.predictors.get_predictor(task)``,
    which raises :class:`dateline.errors.NotAvailable` when that task's
    extractor is not built — so a missing extractor is reported as missing,
    never as a score of zero. ``gold_spans`` (geo only) hands the predictor
    the gold toponym spans so that only resolution is scored.
    """
    spec = TASKS.get(task)
    if spec is None:
        raise InputError(f"unknown eval task {task!r}; choose one of: {', '.join(TASKS)}")
    if gold_spans and task != "geo":
        raise InputError(f"--gold-spans applies to the geo task only, not {task!r}")
    gold_path = Path(gold_path)
    gold = spec.read(gold_path, limit=limit)
    if predictor is None:
        # Imported here: predictors sit above evaluate and pull in the extractors.
        from dateline.predictors import get_predictor

        predictor = get_predictor(task)
    log.info("eval %s: %d gold documents from %s", task, len(gold), gold_path)
    started = time.perf_counter()
    extra = {"gold_spans": gold_spans} if task == "geo" else {}
    predictions = spec.predict(gold, predictor, **extra)
    seconds = time.perf_counter() - started
    report = spec.score(gold, predictions, gold_path=gold_path, **extra)
    report.details["seconds"] = seconds
    report.details["predictor"] = type(predictor).__module__ + "." + type(predictor).__qualname__
    log.info("eval %s: predictions took %.1f s", task, seconds)
    return report
