"""Geoparsing: toponym recognition (P/R/F1) and resolution (acc@161, mean/median km, AUC).

Gold: ``geo_*.jsonl`` (GeoWebNews, LGL, TR-News, GeoVirus). Two modes:

* **gold spans** (``--gold-spans``): the predictor is handed the gold toponym
  spans that have coordinates and only resolves them. Every such toponym is
  scored; one the predictor returns nothing (or no point) for is charged
  :data:`MAX_ERROR_KM` and counts as a miss for acc@161.
* **end to end**: the predictor finds toponyms itself. Recognition is scored
  with the overlap rule (``toponym_*``) and the exact rule
  (``toponym_strict_*``); resolution is scored on the gold toponyms that an
  overlapping prediction matched (``acc161``, ``mean_km`` ...), and
  ``acc161_of_gold`` also charges the unmatched ones.

Which gold spans count for recognition: every gold toponym, with or without
coordinates, except where GeoWebNews's pragmatic taxonomy says the place name
is not used as a toponym in the classic sense. For GeoWebNews only the types
in :data:`CLASSIC_TYPES` count (the README's "classic" NER-style set). The
other annotated place-derived spans (Non_Literal_Modifier such as "Syrian" or
"US" in "US officials", Embedded_Non_Lit such as "Dubai" in "Dubai Police",
Demonym, Homonym, Language) are *neutral*: a prediction overlapping one is
neither a hit nor a false positive, because tagging them is defensible and
the gold does mark them as place names. A prediction that overlaps no gold
toponym-like span at all, including GeoWebNews ``Non_Toponym`` and
expression spans ("the city"), is a false positive.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.evaluate import geometry
from dateline.evaluate.countries import country_key
from dateline.evaluate.jsonl import Where, iter_records, need, need_list, need_span
from dateline.evaluate.metrics import PRF, MatchRule, Span, match_spans, overlaps
from dateline.evaluate.protocols import GeoPrediction, GeoPredictor, check_items
from dateline.evaluate.report import EvalReport, Table

log = logging.getLogger(__name__)

EXPECT = "a geo gold file (geo_*.jsonl with 'toponyms')"

CLASSIC_TYPES = frozenset({"Literal", "Mixed", "Metonymic", "Coercion", "Literal_Modifier", "Embedded_Literal"})
"""GeoWebNews types that count as toponyms for recognition (README of ../shared/eval)."""

MAX_ERROR_KM = geometry.MAX_ERROR_KM


@dataclass(frozen=True)
class GoldToponym:
    """A gold toponym span; ``lat``/``lon`` are ``None`` for the file's ``unresolved`` spans."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    type: str | None = None
    country: str | None = None

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def scored_for_recognition(self) -> bool:
        """True unless the gold types the span as a non-classic use of a place name."""
        return self.type is None or self.type in CLASSIC_TYPES


@dataclass(frozen=True)
class GeoDoc:
    id: str
    text: str
    published: date | None
    toponyms: list[GoldToponym]
    """Every gold toponym span, resolved (with coordinates) or not."""

    @property
    def resolved(self) -> list[GoldToponym]:
        return [t for t in self.toponyms if t.lat is not None]


def read_geo(path: Path, *, limit: int | None = None) -> list[GeoDoc]:
    """Read and check a geo gold file (offsets, surface strings, coordinate ranges)."""
    return [_geo_doc(record, where) for where, record in iter_records(path, limit=limit, expect=EXPECT)]


def _geo_doc(record: dict[str, Any], where: Where) -> GeoDoc:
    if "toponyms" not in record:
        raise where.error(f"no 'toponyms' field: this is not {EXPECT}")
    text = need(record, "text", str, where)
    toponyms = [
        _gold_toponym(t, text, where, f"toponyms[{k}]") for k, t in enumerate(need_list(record, "toponyms", where))
    ]
    toponyms += [
        _gold_toponym(t, text, where, f"unresolved[{k}]", resolved=False)
        for k, t in enumerate(need_list(record, "unresolved", where, optional=True))
    ]
    for k, span in enumerate(need_list(record, "other_spans", where, optional=True)):
        need_span(span, text, where, f"other_spans[{k}]", surface_key="name")
    return GeoDoc(
        id=record["id"],
        text=text,
        published=_published(record, where),
        toponyms=sorted(toponyms, key=lambda t: (t.start, t.end)),
    )


def _published(record: dict[str, Any], where: Where) -> date | None:
    """The article date if it is a real ``YYYY-MM-DD``, else unknown.

    The date is only a hint for the predictor, and some sources carry scraps
    instead (TR-News: "Wed Nov 23", "7:58 AM ET"); passing those on as
    unknown is what a real article with a garbled date would get.
    """
    value = need(record, "date", str, where, optional=True)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        log.debug("%s:%d: date %r is not YYYY-MM-DD; treated as unknown", where.path, where.line, value)
        return None


def _gold_toponym(item: Any, text: str, where: Where, what: str, *, resolved: bool = True) -> GoldToponym:
    start, end = need_span(item, text, where, what, surface_key="name")
    lat = lon = None
    if resolved:
        lat = float(need(item, "lat", (int, float), where))
        lon = float(need(item, "lon", (int, float), where))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise where.error(f"{what} has coordinates {lat},{lon} out of range")
    return GoldToponym(
        start=start,
        end=end,
        name=item["name"],
        lat=lat,
        lon=lon,
        type=need(item, "type", str, where, optional=True),
        country=need(item, "country", str, where, optional=True),
    )


# ---------------------------------------------------------------------------
# Running and scoring
# ---------------------------------------------------------------------------


def predict_geo(docs: list[GeoDoc], predictor: GeoPredictor, *, gold_spans: bool) -> list[list[GeoPrediction]]:
    """Call the predictor on every document (with the resolved gold spans in gold-spans mode)."""
    out = []
    for doc in docs:
        spans = [t.span for t in doc.resolved] if gold_spans else None
        preds = list(predictor.predict(doc.text, published=doc.published, spans=spans))
        check_items(preds, GeoPrediction, predictor, doc.id)
        out.append(preds)
    return out


@dataclass(frozen=True)
class _Resolution:
    """One scored gold toponym, the prediction paired with it (if any) and the distance error."""

    doc_id: str
    gold: GoldToponym
    predicted: GeoPrediction | None
    error_km: float


def score_geo(
    docs: list[GeoDoc], predictions: list[list[GeoPrediction]], *, gold_spans: bool, gold_path: Path
) -> EvalReport:
    """Score predictions (one list per document, in document order)."""
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} documents but {len(predictions)} prediction lists")
    resolutions: list[_Resolution] = []
    recognition = {"overlap": PRF(0, 0, 0), "strict": PRF(0, 0, 0)}
    ignored = 0
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, preds in zip(docs, predictions, strict=True):
        if gold_spans:
            resolutions += _resolve_against(doc, doc.resolved, preds)
            continue
        scored = [t for t in doc.toponyms if t.scored_for_recognition]
        for rule in ("overlap", "strict"):
            counts, pairs, n_ignored = _recognise(doc, scored, preds, rule)
            recognition[rule] += counts
            if rule == "overlap":
                ignored += n_ignored
                matched = {gi for gi, _ in pairs}
                for gi, topo in enumerate(scored):
                    by_type[topo.type or "(untyped)"]["found" if gi in matched else "missed"] += 1
                resolutions += [
                    _resolution(doc.id, scored[gi], preds[pi]) for gi, pi in pairs if scored[gi].lat is not None
                ]
    return _report(docs, resolutions, recognition, ignored, by_type, gold_spans=gold_spans, gold_path=gold_path)


def _recognise(
    doc: GeoDoc, scored: list[GoldToponym], preds: list[GeoPrediction], rule: MatchRule
) -> tuple[PRF, list[tuple[int, int]], int]:
    """Recognition counts for one document under one match rule, the pairs, and the neutral predictions."""
    pairs = match_spans([t.span for t in scored], [(p.start, p.end) for p in preds], rule)
    matched_preds = {pi for _, pi in pairs}
    neutral = [t.span for t in doc.toponyms if not t.scored_for_recognition]
    unmatched = [(p.start, p.end) for pi, p in enumerate(preds) if pi not in matched_preds]
    n_ignored = sum(1 for span in unmatched if any(overlaps(span, n) for n in neutral))
    counts = PRF(tp=len(pairs), fp=len(unmatched) - n_ignored, fn=len(scored) - len(pairs))
    return counts, pairs, n_ignored


def _resolve_against(doc: GeoDoc, gold: list[GoldToponym], preds: list[GeoPrediction]) -> list[_Resolution]:
    """Gold-spans mode: pair each given span with the prediction for it (exact, else overlapping)."""
    pairs = dict(match_spans([t.span for t in gold], [(p.start, p.end) for p in preds], "overlap"))
    return [_resolution(doc.id, topo, preds[pairs[gi]] if gi in pairs else None) for gi, topo in enumerate(gold)]


def _resolution(doc_id: str, gold: GoldToponym, pred: GeoPrediction | None) -> _Resolution:
    assert gold.lat is not None and gold.lon is not None
    if pred is None or pred.lat is None or pred.lon is None:
        return _Resolution(doc_id, gold, pred, MAX_ERROR_KM)
    return _Resolution(doc_id, gold, pred, geometry.haversine_km(gold.lat, gold.lon, pred.lat, pred.lon))


def _report(
    docs: list[GeoDoc],
    resolutions: list[_Resolution],
    recognition: dict[str, PRF],
    ignored: int,
    by_type: dict[str, Counter[str]],
    *,
    gold_spans: bool,
    gold_path: Path,
) -> EvalReport:
    errors = [r.error_km for r in resolutions]
    with_country = [r for r in resolutions if country_key(r.gold.country) is not None]
    country_right = sum(
        1
        for r in with_country
        if r.predicted is not None and country_key(r.predicted.country) == country_key(r.gold.country)
    )
    overlap, strict = recognition["overlap"], recognition["strict"]
    all_resolvable = sum(len([t for t in d.resolved if t.scored_for_recognition]) for d in docs)
    metrics: dict[str, Any] = {
        "mode": "gold_spans" if gold_spans else "end_to_end",
        "acc161": geometry.accuracy_at(errors),
        "mean_km": geometry.mean_km(errors),
        "median_km": geometry.median_km(errors),
        "auc": geometry.error_auc(errors),
        "country_acc": country_right / len(with_country) if with_country else None,
        "country_n": len(with_country),
        "toponym_p": None if gold_spans else overlap.precision,
        "toponym_r": None if gold_spans else overlap.recall,
        "toponym_f1": None if gold_spans else overlap.f1,
        "toponym_strict_p": None if gold_spans else strict.precision,
        "toponym_strict_r": None if gold_spans else strict.recall,
        "toponym_strict_f1": None if gold_spans else strict.f1,
        "toponym_ignored": None if gold_spans else ignored,
        "acc161_of_gold": None
        if gold_spans or not all_resolvable
        else sum(1 for e in errors if e <= geometry.ACC_KM) / all_resolvable,
        "no_point": sum(1 for r in resolutions if not _has_point(r.predicted)),
        "n": len(resolutions),
        "docs": len(docs),
    }
    report = EvalReport(task="geo", gold_path=gold_path, metrics=metrics)
    report.details["errors"] = [
        {
            "doc": r.doc_id,
            "start": r.gold.start,
            "end": r.gold.end,
            "name": r.gold.name,
            "type": r.gold.type,
            "gold": [r.gold.lat, r.gold.lon],
            "predicted": None if r.predicted is None else [r.predicted.lat, r.predicted.lon],
            "error_km": r.error_km,
        }
        for r in resolutions
    ]
    if any(t.type for d in docs for t in d.toponyms):
        _type_table(report, resolutions, by_type, gold_spans=gold_spans)
    worst = sorted((r for r in resolutions if _has_point(r.predicted)), key=lambda r: -r.error_km)[:10]
    report.tables.append(
        Table(
            "largest errors of resolved toponyms (no_point counts the unresolved)",
            ["toponym", "doc", "gold lat,lon", "predicted lat,lon", "km"],
            [
                [r.gold.name, r.doc_id, _point(r.gold.lat, r.gold.lon), _point_of(r.predicted), r.error_km]
                for r in worst
            ],
        )
    )
    scope = (
        "given to the predictor; ones left unresolved count as 20039 km."
        if gold_spans
        else "matched by an overlapping prediction (acc161_of_gold also counts the unmatched)."
    )
    report.notes.append(f"distance metrics are over the gold toponyms with coordinates {scope}")
    return report


def _type_table(
    report: EvalReport, resolutions: list[_Resolution], by_type: dict[str, Counter[str]], *, gold_spans: bool
) -> None:
    """Per gold type (GeoWebNews) or one row: recall (end to end) and acc@161."""
    errors_by_type: dict[str, list[float]] = defaultdict(list)
    for r in resolutions:
        errors_by_type[r.gold.type or "(untyped)"].append(r.error_km)
    types = sorted(set(errors_by_type) | set(by_type))
    rows = []
    for name in types:
        found, missed = by_type[name]["found"], by_type[name]["missed"]
        recall = None if gold_spans or found + missed == 0 else found / (found + missed)
        errs = errors_by_type.get(name, [])
        gold_n = len(errs) if gold_spans else found + missed
        rows.append([name, gold_n, recall, len(errs), geometry.accuracy_at(errs)])
    keys = ["gold", "recall", "scored", "acc161"]
    report.details["by_type"] = {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}
    report.tables.append(Table("by gold type", ["type", "gold", "recall", "scored", "acc161"], rows))


def _has_point(pred: GeoPrediction | None) -> bool:
    return pred is not None and pred.lat is not None and pred.lon is not None


def _point(lat: float | None, lon: float | None) -> str:
    return "-" if lat is None or lon is None else f"{lat:.2f},{lon:.2f}"


def _point_of(pred: GeoPrediction | None) -> str:
    return "-" if pred is None else _point(pred.lat, pred.lon)
