"""Predictors: the adapters that run dateline's extractors in the shape ``dateline eval`` scores.

One module per evaluation task, ``dateline.predictors.<task>`` (geo, events,
plover, timex, dedup, ipe). Each exposes ``build_predictor()``, a
zero-argument factory returning an object that follows the task's protocol in
:mod:`dateline.evaluate.protocols` (it may load models, so it is called once
per run). This package sits above ``extract``/``resolve`` and ``evaluate``;
nothing below imports it except ``evaluate.run_task``, lazily.

A task whose module does not exist yet is *not available*: asking for it
raises :class:`~dateline.errors.NotAvailable` rather than letting a run report
zeros for an extractor that was never built.
"""

from __future__ import annotations

import importlib
from typing import Any

from dateline.errors import InputError, NotAvailable

EXTRACTORS = {
    "geo": "geoparser (toponym recognition and resolution)",
    "events": "event-type classifier",
    "ipe": "police-action classifier",
    "plover": "PLOVER event coder",
    "timex": "time-expression",
    "dedup": "same-event clustering",
}
"""Task name -> the extractor its predictor runs (for messages)."""


def get_predictor(task: str) -> Any:
    """Build the predictor for ``task`` from ``dateline.predictors.<task>.build_predictor()``.

    Only a missing ``dateline.predictors.<task>`` module means "not built":
    an ImportError raised *inside* an existing module (a missing dependency,
    a typo) propagates unchanged, so a real bug is not disguised as a
    missing feature.
    """
    if task not in EXTRACTORS:
        raise InputError(f"unknown eval task {task!r}; choose one of: {', '.join(EXTRACTORS)}")
    name = f"{__name__}.{task}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise NotAvailable(
            f"dateline eval {task} is not available yet: the {EXTRACTORS[task]} extractor is not built "
            f"(no module {name})"
        ) from None
    factory = getattr(module, "build_predictor", None)
    if not callable(factory):
        raise NotAvailable(f"{name} has no build_predictor() function; add one returning the {task} predictor")
    return factory()
