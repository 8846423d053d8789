"""Same-happening clustering on ECB+ (Cybulska & Vossen 2014).

Two levels, both scored with B³ and pairwise P/R/F1 (see
:mod:`dateline.evaluate.clustering`):

* **documents** (``b3_*``, ``pairwise_*``): the predictor's document clusters
  against the gold ``doc_cluster`` (one seminal event per topic half, e.g.
  ``1_ecb`` vs ``1_ecbplus``). A document the predictor leaves out is its own
  singleton cluster.
* **event mentions** (``mention_*``), only when the predictor returns
  mentions: its mention clusters against the gold cross-document event
  clusters, on the usual ECB+ evaluation subset, the sentences whose
  annotation was validated (Cybulska & Vossen 2015). A mention is identified
  by document and exact character span; predicted mentions in sentences with
  no validated annotation are left out, gold mentions the system missed and
  mentions it invented are handled as twinless (B³ singletons).

ECB+ documents carry no publication date, so predictors get ``date=None``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.evaluate.clustering import ClusterScores, b_cubed, pairwise
from dateline.evaluate.jsonl import Where, iter_records, need, need_list, need_span
from dateline.evaluate.protocols import DedupDoc, DedupPrediction, DedupPredictor, MentionCluster
from dateline.evaluate.report import EvalReport, Table

log = logging.getLogger(__name__)

EXPECT = "an ECB+ event-coreference gold file (event_coref_ecbplus.jsonl)"

MentionKey = tuple[str, int, int]


@dataclass(frozen=True)
class GoldEventMention:
    start: int
    end: int
    cluster: str
    sentence: int
    validated: bool


@dataclass(frozen=True)
class CorefDoc:
    id: str
    text: str
    topic: str
    doc_cluster: str
    events: list[GoldEventMention]

    def sentence_of(self, offset: int) -> int:
        """Index of the line (ECB+ sentence) holding ``offset``: sentences are joined by newlines."""
        return self.text.count("\n", 0, offset)


def read_ecb(path: Path, *, limit: int | None = None) -> list[CorefDoc]:
    """Read and check an ECB+ gold file (offsets, clusters, sentence indices)."""
    return [_doc(record, where) for where, record in iter_records(path, limit=limit, expect=EXPECT)]


def _doc(record: dict[str, Any], where: Where) -> CorefDoc:
    if "doc_cluster" not in record:
        raise where.error(f"no 'doc_cluster' field: this is not {EXPECT}")
    text = need(record, "text", str, where)
    doc = CorefDoc(
        id=record["id"],
        text=text,
        topic=need(record, "topic", str, where),
        doc_cluster=need(record, "doc_cluster", str, where),
        events=[],
    )
    for k, item in enumerate(need_list(record, "events", where)):
        start, end = need_span(item, text, where, f"events[{k}]", surface_key="text")
        sentence = need(item, "sentence", int, where)
        if doc.sentence_of(start) != sentence:
            raise where.error(f"events[{k}] says sentence {sentence} but starts in line {doc.sentence_of(start)}")
        cluster = need(item, "cluster", str, where)
        validated = need(item, "validated_sentence", bool, where)
        doc.events.append(GoldEventMention(start, end, cluster, sentence, validated))
    return doc


def predict_dedup(docs: list[CorefDoc], predictor: DedupPredictor) -> DedupPrediction:
    """One call with every document; a bare ``{doc_id: cluster}`` becomes a :class:`DedupPrediction`."""
    result = predictor.predict([DedupDoc(id=d.id, text=d.text, date=None) for d in docs])
    if isinstance(result, Mapping):
        return DedupPrediction(doc_clusters=dict(result))
    if not isinstance(result, DedupPrediction):
        raise TypeError(
            f"{type(predictor).__name__}.predict returned {type(result).__name__}; expected dict or DedupPrediction"
        )
    return result


def score_dedup(docs: list[CorefDoc], prediction: DedupPrediction, *, gold_path: Path) -> EvalReport:
    """Document-level B³/pairwise, and mention-level when the prediction has mentions."""
    gold_docs = {d.id: d.doc_cluster for d in docs}
    unknown = sorted(set(prediction.doc_clusters) - gold_docs.keys())
    if unknown:
        log.warning(
            "dedup: %d predicted document ids are not in %s (ignored), e.g. %s", len(unknown), gold_path, unknown[:3]
        )
    missing = sorted(gold_docs.keys() - prediction.doc_clusters.keys())
    pred_docs = {doc_id: str(prediction.doc_clusters.get(doc_id, f"\x00unassigned:{doc_id}")) for doc_id in gold_docs}
    b3, pw = b_cubed(gold_docs, pred_docs), pairwise(gold_docs, pred_docs)
    metrics: dict[str, Any] = {
        **_prf("b3", b3),
        **_prf("pairwise", pw),
        "n": len(docs),
        "gold_clusters": len(set(gold_docs.values())),
        "predicted_clusters": len(set(pred_docs.values())),
        "unassigned": len(missing),
    }
    rows = [["documents: B³", b3.precision, b3.recall, b3.f1], ["documents: pairwise", pw.precision, pw.recall, pw.f1]]
    if prediction.mentions is not None:
        gold_mentions, pred_mentions = _mention_maps(docs, prediction.mentions)
        mb3, mpw = b_cubed(gold_mentions, pred_mentions), pairwise(gold_mentions, pred_mentions)
        metrics |= {
            **_prf("mention_b3", mb3),
            **_prf("mention_pairwise", mpw),
            "mention_n": len(gold_mentions),
            "mention_predicted": len(pred_mentions),
            "mention_exact_spans": len(gold_mentions.keys() & pred_mentions.keys()),
        }
        rows += [
            ["mentions: B³", mb3.precision, mb3.recall, mb3.f1],
            ["mentions: pairwise", mpw.precision, mpw.recall, mpw.f1],
        ]
    report = EvalReport(task="dedup", gold_path=gold_path, metrics=metrics)
    report.tables.append(Table("clustering", ["level: measure", "P", "R", "F1"], rows))
    if missing:
        report.notes.append(f"{len(missing)} documents had no predicted cluster and were scored as singletons.")
    return report


def _prf(prefix: str, scores: ClusterScores) -> dict[str, float]:
    return {f"{prefix}_p": scores.precision, f"{prefix}_r": scores.recall, f"{prefix}_f1": scores.f1}


def _mention_maps(
    docs: list[CorefDoc], mentions: list[MentionCluster]
) -> tuple[dict[MentionKey, str], dict[MentionKey, str]]:
    """Gold and predicted ``(doc, start, end) -> cluster`` restricted to validated sentences."""
    by_id = {d.id: d for d in docs}
    validated = {d.id: {e.sentence for e in d.events if e.validated} for d in docs}
    gold = {(d.id, e.start, e.end): e.cluster for d in docs for e in d.events if e.validated}
    predicted: dict[MentionKey, str] = {}
    for m in mentions:
        if not isinstance(m, MentionCluster):
            raise TypeError(f"dedup mentions must be MentionCluster records, got {type(m).__name__}")
        doc = by_id.get(m.doc_id)
        if doc is not None and doc.sentence_of(m.start) in validated[m.doc_id]:
            predicted[(m.doc_id, m.start, m.end)] = str(m.cluster)
    return gold, predicted
