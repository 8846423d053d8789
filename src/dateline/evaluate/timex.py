"""Time expressions on TempEval-3 TBAQ-cleaned (TimeBank 1.2 + AQUAINT).

Following TempEval-3 (UzZaman et al. 2013):

* ``strict_*``: a predicted span counts only if its start and end equal a gold
  TIMEX3's; ``relaxed_*``: if it overlaps one. Matching is one-to-one.
* ``value_accuracy``: of the gold timexes matched under the relaxed rule, the
  share whose predicted value equals the gold value after normalising trivial
  formatting (:func:`normalise_value`).
* ``value_p`` / ``value_r`` / ``value_f1``: TempEval-3's attribute scores,
  correct values over all predictions / over all gold timexes.

The document creation time (the ``dct`` field) is given to the predictor;
the DCT itself is not a gold timex.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.evaluate.jsonl import Where, iter_records, need, need_date, need_list, need_span
from dateline.evaluate.metrics import PRF, f1, match_spans
from dateline.evaluate.protocols import TimexPrediction, TimexPredictor, check_items
from dateline.evaluate.report import EvalReport, Table

EXPECT = "a TimeML gold file (timex_*.jsonl with 'dct' and 'timexes')"

TIMEX_TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimexDoc:
    id: str
    text: str
    dct: date
    timexes: list[GoldTimex]


def read_timex(path: Path, *, limit: int | None = None) -> list[TimexDoc]:
    """Read and check a timex gold file (DCT, offsets, TIMEX3 types, values present)."""
    return [_doc(record, where) for where, record in iter_records(path, limit=limit, expect=EXPECT)]


def _doc(record: dict[str, Any], where: Where) -> TimexDoc:
    if "timexes" not in record:
        raise where.error(f"no 'timexes' field: this is not {EXPECT}")
    text = need(record, "text", str, where)
    timexes = []
    for k, item in enumerate(need_list(record, "timexes", where)):
        start, end = need_span(item, text, where, f"timexes[{k}]", surface_key="text")
        kind = need(item, "type", str, where)
        if kind not in TIMEX_TYPES:
            raise where.error(f"timexes[{k}] has type {kind!r}, expected one of {sorted(TIMEX_TYPES)}")
        timexes.append(GoldTimex(start, end, item["text"], kind, need(item, "value", str, where)))
    dct = need_date(record, "dct", where)
    assert dct is not None
    return TimexDoc(id=record["id"], text=text, dct=dct, timexes=sorted(timexes, key=lambda t: (t.start, t.end)))


_SECONDS = re.compile(r"(T\d{2}:\d{2}):00$")


def normalise_value(value: str | None) -> str | None:
    """Trivial formatting only: surrounding space, letter case, and a zero seconds field.

    ``" 1998-08-08 "`` and ``"1998-08-08"`` are equal, as are ``"p1d"`` and
    ``"P1D"``, and ``"1998-08-07T10:00:00"`` and ``"1998-08-07T10:00"``.
    Anything that changes meaning or granularity (``1998-10`` vs
    ``1998-10-XX``) stays different.
    """
    if value is None:
        return None
    return _SECONDS.sub(r"\1", value.strip().upper()) or None


def predict_timex(docs: list[TimexDoc], predictor: TimexPredictor) -> list[list[TimexPrediction]]:
    """One list of time expressions per document, resolved against its DCT."""
    out = []
    for doc in docs:
        preds = list(predictor.predict(doc.text, dct=doc.dct))
        check_items(preds, TimexPrediction, predictor, doc.id)
        out.append(preds)
    return out


def score_timex(docs: list[TimexDoc], predicted: list[list[TimexPrediction]], *, gold_path: Path) -> EvalReport:
    """Strict and relaxed span P/R/F1, value accuracy and TempEval-3 value P/R/F1, with per-type recall."""
    if len(docs) != len(predicted):
        raise ValueError(f"{len(docs)} documents but {len(predicted)} prediction lists")
    strict = relaxed = PRF(0, 0, 0)
    values_right = 0
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, preds in zip(docs, predicted, strict=True):
        gold_spans = [(t.start, t.end) for t in doc.timexes]
        pred_spans = [(p.start, p.end) for p in preds]
        strict += _counts(len(gold_spans), len(pred_spans), len(match_spans(gold_spans, pred_spans, "strict")))
        pairs = match_spans(gold_spans, pred_spans, "overlap")
        relaxed += _counts(len(gold_spans), len(pred_spans), len(pairs))
        matched = dict(pairs)
        for gi, gold in enumerate(doc.timexes):
            per_type[gold.type]["gold"] += 1
            if gi not in matched:
                continue
            per_type[gold.type]["found"] += 1
            if normalise_value(preds[matched[gi]].value) == normalise_value(gold.value):
                per_type[gold.type]["value"] += 1
                values_right += 1
    n_gold = relaxed.tp + relaxed.fn
    n_pred = relaxed.tp + relaxed.fp
    value_p = values_right / n_pred if n_pred else 0.0
    value_r = values_right / n_gold if n_gold else 0.0
    metrics: dict[str, Any] = {
        "strict_p": strict.precision,
        "strict_r": strict.recall,
        "strict_f1": strict.f1,
        "relaxed_p": relaxed.precision,
        "relaxed_r": relaxed.recall,
        "relaxed_f1": relaxed.f1,
        "value_accuracy": values_right / relaxed.tp if relaxed.tp else None,
        "value_p": value_p,
        "value_r": value_r,
        "value_f1": f1(value_p, value_r),
        "n": n_gold,
        "predicted": n_pred,
        "docs": len(docs),
    }
    report = EvalReport(task="timex", gold_path=gold_path, metrics=metrics)
    rows = [
        [kind, c["gold"], c["found"] / c["gold"], c["value"] / c["found"] if c["found"] else None]
        for kind, c in sorted(per_type.items())
    ]
    report.details["by_type"] = {r[0]: {"gold": r[1], "relaxed_recall": r[2], "value_accuracy": r[3]} for r in rows}
    report.tables.append(Table("by TIMEX3 type", ["type", "gold", "relaxed R", "value acc"], rows))
    return report


def _counts(n_gold: int, n_pred: int, n_matched: int) -> PRF:
    return PRF(tp=n_matched, fp=n_pred - n_matched, fn=n_gold - n_matched)
