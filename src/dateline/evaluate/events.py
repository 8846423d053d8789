"""Event-type classification on CASE 2021 shared task 2 snippets (Haneczok et al. 2021).

One label per snippet from 30: the 25 ACLED sub-event codes (scheme
``ACLED``) and 5 types unseen in ACLED (scheme ``CASE2021-unseen``). Every
snippet is scored; a ``None`` prediction ("no event") is simply wrong. Macro
F1 averages over the labels present in the gold file read, weighted F1 weighs
them by gold support. The same scores restricted to ACLED-scheme snippets are
reported as ``acled_*``, and to the unseen types as ``unseen_*``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.evaluate.jsonl import Where, iter_records, need
from dateline.evaluate.metrics import classification_scores
from dateline.evaluate.protocols import EventTypePredictor
from dateline.evaluate.report import EvalReport, add_classification_tables

EXPECT = "a CASE 2021 event-type gold file (event_type_case2021_task2.jsonl)"

ACLED_LABELS = frozenset(
    {
        "ABDUCT_DISSAP",
        "AGREEMENT",
        "AIR_STRIKE",
        "ARMED_CLASH",
        "ARREST",
        "ART_MISS_ATTACK",
        "ATTACK",
        "CHANGE_TO_GROUP_ACT",
        "CHEM_WEAP",
        "DISR_WEAP",
        "FORCE_AGAINST_PROTEST",
        "GOV_REGAINS_TERIT",
        "GRENADE",
        "HQ_ESTABLISHED",
        "MOB_VIOL",
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "NON_VIOL_TERRIT_TRANSFER",
        "OTHER",
        "PEACE_PROTEST",
        "PROPERTY_DISTRUCT",
        "PROTEST_WITH_INTER",
        "REM_EXPLOS",
        "SEX_VIOL",
        "SUIC_BOMB",
        "VIOL_DEMONSTR",
    }
)
"""The 25 ACLED sub-event codes of CASE 2021 task 2."""

UNSEEN_LABELS = frozenset({"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB"})
"""The 5 types CASE 2021 added to test generalisation beyond ACLED."""

CASE_LABELS = ACLED_LABELS | UNSEEN_LABELS
SCHEMES = {"ACLED": ACLED_LABELS, "CASE2021-unseen": UNSEEN_LABELS}


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    label: str
    scheme: str


def read_case(path: Path, *, limit: int | None = None) -> list[Snippet]:
    """Read and check a CASE 2021 gold file: every label in the label space, scheme consistent."""
    return [_snippet(record, where) for where, record in iter_records(path, limit=limit, expect=EXPECT)]


def _snippet(record: dict[str, Any], where: Where) -> Snippet:
    if "labels" in record:
        raise where.error("multi-label record: this looks like IndiaPoliceEvents; use `dateline eval ipe`")
    label = need(record, "label", str, where)
    scheme = need(record, "scheme", str, where)
    if scheme not in SCHEMES:
        raise where.error(f"scheme {scheme!r} is not one of {sorted(SCHEMES)}; expected {EXPECT}")
    if label not in SCHEMES[scheme]:
        raise where.error(f"label {label!r} is not a {scheme} label of CASE 2021 task 2")
    return Snippet(id=record["id"], text=need(record, "text", str, where), label=label, scheme=scheme)


def predict_case(snippets: list[Snippet], predictor: EventTypePredictor) -> list[str | None]:
    """One label (or ``None``) per snippet."""
    out: list[str | None] = []
    for snippet in snippets:
        label = predictor.predict(snippet.text)
        if label is not None and not isinstance(label, str):
            raise TypeError(
                f"{type(predictor).__name__}.predict returned {label!r} for {snippet.id!r}; expected str or None"
            )
        out.append(label)
    return out


def score_case(snippets: list[Snippet], predicted: list[str | None], *, gold_path: Path) -> EvalReport:
    """Accuracy, macro/weighted F1 (all, ACLED scheme, unseen types), per-class table and confusion."""
    gold = [s.label for s in snippets]
    overall = classification_scores(gold, predicted)
    subsets = {
        scheme: classification_scores(
            [s.label for s in snippets if s.scheme == scheme],
            [p for s, p in zip(snippets, predicted, strict=True) if s.scheme == scheme],
        )
        for scheme in SCHEMES
    }
    acled, unseen = subsets["ACLED"], subsets["CASE2021-unseen"]
    outside = sorted({p for p in predicted if p is not None and p not in CASE_LABELS})
    metrics: dict[str, Any] = {
        "accuracy": overall.accuracy,
        "macro_f1": overall.macro_f1,
        "weighted_f1": overall.weighted_f1,
        "acled_accuracy": acled.accuracy if acled.n else None,
        "acled_macro_f1": acled.macro_f1 if acled.n else None,
        "unseen_accuracy": unseen.accuracy if unseen.n else None,
        "unseen_macro_f1": unseen.macro_f1 if unseen.n else None,
        "no_prediction": sum(1 for p in predicted if p is None),
        "labels": len(overall.per_class),
        "n": overall.n,
    }
    report = EvalReport(task="events", gold_path=gold_path, metrics=metrics)
    add_classification_tables(report, overall)
    if outside:
        report.details["labels_outside_case"] = outside
        report.notes.append(
            f"predicted labels outside the CASE 2021 label space (scored as wrong): {', '.join(outside)}"
        )
    report.notes.append("macro F1 averages over the labels present in the gold file read (29 of 30 in the dev file).")
    return report

