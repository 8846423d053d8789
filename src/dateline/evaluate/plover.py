"""PLOVER event coding on the PLOVER gold standard records (Open Event Data Alliance).

Each sentence has one gold event type (16 PLOVER types), source actors and
target actors ("recipients") with CAMEO-style country/IGO codes.

* ``accuracy``, ``macro_f1``, ``weighted_f1``: event type, over the labels
  present in the gold file read; a ``None`` prediction is wrong.
* ``actor_p`` / ``actor_r`` / ``actor_f1`` (and ``recipient_*``): micro
  averages over sentences of the *set* of three-letter code prefixes
  (country or IGO/NGO) predicted vs gold, as the gold README suggests: a
  predicted ``IRQMIL`` matches gold ``IRQ``, ``IGOUNO`` matches ``IGO``; two
  predicted Iraqi actors against one gold ``IRQ`` are one match, not one match
  and a false positive, since gold codes nothing finer than the country.
  Actor scores do not depend on the event type being right.

The gold ``date`` is a placeholder (2000-01-01), so predictors get
``published=None`` rather than a date that would mislead relative-time logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.evaluate.jsonl import Where, iter_records, need, need_list
from dateline.evaluate.metrics import PRF, classification_scores, set_prf
from dateline.evaluate.protocols import PloverPrediction, PloverPredictor, check_items
from dateline.evaluate.report import PRF_COLUMNS, EvalReport, Table, add_classification_tables, prf_rows

EXPECT = "a PLOVER gold standard file (plover_gsr/dev.jsonl)"

PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)
"""The 16 event types of the current PLOVER codebook."""


@dataclass(frozen=True)
class PloverSentence:
    id: str
    text: str
    event: str
    actors: list[str]
    recipients: list[str]


def read_plover(path: Path, *, limit: int | None = None) -> list[PloverSentence]:
    """Read and check a PLOVER gold file (event type in the codebook, every actor coded)."""
    return [_sentence(record, where) for where, record in iter_records(path, limit=limit, expect=EXPECT)]


def _sentence(record: dict[str, Any], where: Where) -> PloverSentence:
    event = need(record, "event", str, where)
    if event not in PLOVER_TYPES:
        raise where.error(f"event {event!r} is not one of the 16 PLOVER types")
    return PloverSentence(
        id=record["id"],
        text=need(record, "text", str, where),
        event=event,
        actors=_codes(record, "actors", where),
        recipients=_codes(record, "recipients", where),
    )


def _codes(record: dict[str, Any], key: str, where: Where) -> list[str]:
    codes = []
    for k, actor in enumerate(need_list(record, key, where)):
        if not isinstance(actor, dict):
            raise where.error(f"{key}[{k}] must be an object with a 'code'")
        codes.append(need(actor, "code", str, where))
    return codes


def code_prefixes(codes: list[str]) -> set[str]:
    """The country/IGO part of CAMEO-style codes: their first three letters, upper-cased."""
    return {code.strip()[:3].upper() for code in codes if code and code.strip()}


def predict_plover(sentences: list[PloverSentence], predictor: PloverPredictor) -> list[PloverPrediction]:
    """One prediction per sentence (``published=None``: the gold date is a placeholder)."""
    out = []
    for sentence in sentences:
        prediction = predictor.predict(sentence.text, published=None)
        check_items([prediction], PloverPrediction, predictor, sentence.id)
        out.append(prediction)
    return out


def score_plover(sentences: list[PloverSentence], predicted: list[PloverPrediction], *, gold_path: Path) -> EvalReport:
    """Event-type accuracy/F1 and actor/recipient code P/R/F1."""
    types = classification_scores([s.event for s in sentences], [p.event for p in predicted])
    pairs = list(zip(sentences, predicted, strict=True))
    roles = {
        role: sum(
            (set_prf(code_prefixes(getattr(gold, role)), code_prefixes(getattr(pred, role))) for gold, pred in pairs),
            PRF(0, 0, 0),
        )
        for role in ("actors", "recipients")
    }
    actor, recipient = roles["actors"], roles["recipients"]
    metrics: dict[str, Any] = {
        "accuracy": types.accuracy,
        "macro_f1": types.macro_f1,
        "weighted_f1": types.weighted_f1,
        "actor_p": actor.precision,
        "actor_r": actor.recall,
        "actor_f1": actor.f1,
        "recipient_p": recipient.precision,
        "recipient_r": recipient.recall,
        "recipient_f1": recipient.f1,
        "no_prediction": sum(1 for p in predicted if p.event is None),
        "n": len(sentences),
    }
    report = EvalReport(task="plover", gold_path=gold_path, metrics=metrics)
    add_classification_tables(report, types)
    codes = {"actors": actor.as_dict(), "recipients": recipient.as_dict()}
    report.details["actor_codes"] = codes
    report.tables.append(Table("actor codes (3-letter prefix, micro)", PRF_COLUMNS, prf_rows(codes)))
    return report
