"""Police-action detection on IndiaPoliceEvents (Halterman et al. 2021), document level.

Each Times of India article has a (possibly empty) set of labels answering
"did police kill / arrest / fail to intervene / use force / do anything?".
Every (article, label) is one binary decision; the scores are per-label
precision, recall and F1, and their unweighted mean (``macro_f1``) over the
labels that occur in the gold documents read. A recall or F1 with no gold
positive, or a precision with no predicted positive, is ``None``: undefined,
not zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.evaluate.jsonl import Where, iter_records, need, need_date, need_list, need_span
from dateline.evaluate.metrics import multilabel_scores
from dateline.evaluate.protocols import PoliceEventPredictor
from dateline.evaluate.report import PRF_COLUMNS, EvalReport, Table, prf_rows

EXPECT = "an IndiaPoliceEvents gold file (event_type_indiapoliceevents.jsonl)"

IPE_LABELS = ("KILL", "ARREST", "FORCE", "FAIL", "ANY_ACTION")


@dataclass(frozen=True)
class PoliceDoc:
    id: str
    text: str
    labels: frozenset[str]
    published: date | None


def read_ipe(path: Path, *, limit: int | None = None) -> list[PoliceDoc]:
    """Read and check an IndiaPoliceEvents gold file (labels in the label set, sentence offsets)."""
    return [_doc(record, where) for where, record in iter_records(path, limit=limit, expect=EXPECT)]


def _doc(record: dict[str, Any], where: Where) -> PoliceDoc:
    if "label" in record:
        raise where.error("single-label record: this looks like CASE 2021; use `dateline eval events`")
    text = need(record, "text", str, where)
    labels = need_list(record, "labels", where)
    unknown = [x for x in labels if x not in IPE_LABELS]
    if unknown:
        raise where.error(f"labels {unknown} are not IndiaPoliceEvents labels {list(IPE_LABELS)}")
    for k, sentence in enumerate(need_list(record, "labelled_sentences", where, optional=True)):
        need_span(sentence, text, where, f"labelled_sentences[{k}]")
    return PoliceDoc(
        id=record["id"], text=text, labels=frozenset(labels), published=need_date(record, "date", where, optional=True)
    )


def predict_ipe(docs: list[PoliceDoc], predictor: PoliceEventPredictor) -> list[set[str]]:
    """One label set per document."""
    out = []
    for doc in docs:
        labels = predictor.predict(doc.text)
        if not isinstance(labels, set | frozenset | list | tuple):
            raise TypeError(
                f"{type(predictor).__name__}.predict returned {labels!r} for {doc.id!r}; expected a set of labels"
            )
        out.append(set(labels))
    return out


def score_ipe(docs: list[PoliceDoc], predicted: list[set[str]], *, gold_path: Path) -> EvalReport:
    """Per-label P/R/F1 (``kill_p`` ... ``any_action_f1``) and their macro mean."""
    per_label = multilabel_scores([d.labels for d in docs], predicted, IPE_LABELS)
    metrics: dict[str, Any] = {}
    for label, prf in per_label.items():
        key, has_gold = label.lower(), prf.support > 0
        metrics |= {
            f"{key}_p": prf.precision if prf.tp + prf.fp else None,
            f"{key}_r": prf.recall if has_gold else None,
            f"{key}_f1": prf.f1 if has_gold else None,
            f"{key}_support": prf.support,
        }
    present = [prf for prf in per_label.values() if prf.support > 0]
    metrics["macro_f1"] = sum(prf.f1 for prf in present) / len(present) if present else None
    metrics["n"] = len(docs)
    report = EvalReport(task="ipe", gold_path=gold_path, metrics=metrics)
    table = {
        label: {"p": metrics[f"{key}_p"], "r": metrics[f"{key}_r"], "f1": metrics[f"{key}_f1"], "support": prf.support}
        for label, prf in per_label.items()
        for key in [label.lower()]
    }
    report.details["per_label"] = table
    report.tables.append(Table("per label (document level)", PRF_COLUMNS, prf_rows(table)))
    outside = sorted({x for labels in predicted for x in labels} - set(IPE_LABELS))
    if outside:
        report.notes.append(f"predicted labels outside the IndiaPoliceEvents set were ignored: {', '.join(outside)}")
    return report
