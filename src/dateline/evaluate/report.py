"""The result of one evaluation run and its plain-text rendering."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.evaluate.metrics import ClassificationScores

Metrics = dict[str, float | int | str | None]
"""Flat and JSON-able: what ``dateline eval --json`` prints. ``None`` means
"not measured" (e.g. no gold item of that kind), never a zero in disguise."""


@dataclass
class Table:
    """A titled table for :meth:`EvalReport.render` (and JSON in ``details``)."""

    title: str
    columns: list[str]
    rows: list[list[Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": self.columns, "rows": self.rows}


@dataclass
class EvalReport:
    """Metrics of one task on one gold file, the tables behind them, and notes on how to read them."""

    task: str
    gold_path: Path
    metrics: Metrics
    details: dict[str, Any] = field(default_factory=dict)
    """Per-class tables, confusion matrices, per-item errors: JSON-able, for analysis."""
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        """Human-readable report: measured metrics (``None`` ones left out), each table, the notes."""
        shown = {key: value for key, value in self.metrics.items() if value is not None}
        lines = [f"dateline eval {self.task}: {self.gold_path}"]
        width = max((len(k) for k in shown), default=0)
        lines += [f"  {key:<{width}}  {format_value(value)}" for key, value in shown.items()]
        for table in self.tables:
            lines += ["", table.title, *format_table(table.columns, table.rows)]
        if self.notes:
            lines += ["", *(f"note: {note}" for note in self.notes)]
        return "\n".join(lines)


def format_value(value: Any) -> str:
    """Floats to 3 decimals (1 decimal from 100 up, i.e. km values); ``None`` as ``-``."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 100 else f"{value:.3f}"
    return str(value)


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """Left-align the first column, right-align the rest."""
    cells = [[format_value(v) for v in row] for row in rows]
    widths = [max([len(str(c))] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        first, *rest = values
        return "  " + "  ".join([first.ljust(widths[0]), *(v.rjust(w) for v, w in zip(rest, widths[1:], strict=True))])

    return [line(list(columns)), line(["-" * w for w in widths]), *(line(r) for r in cells)]


def prf_rows(per_class: Mapping[str, Mapping[str, Any]]) -> list[list[Any]]:
    """Rows ``label, P, R, F1, support`` from ``{label: PRF.as_dict()}``."""
    return [[label, s["p"], s["r"], s["f1"], s["support"]] for label, s in per_class.items()]


PRF_COLUMNS = ["label", "P", "R", "F1", "support"]


def add_classification_tables(report: EvalReport, scores: ClassificationScores) -> None:
    """Per-class table and confusion matrix, in ``details`` (all of it) and as rendered tables (the top)."""
    per_class = scores.per_class_table()
    report.details["per_class"] = per_class
    report.details["confusion"] = scores.confusion
    report.tables.append(Table("per class", PRF_COLUMNS, prf_rows(per_class)))
    confusions = sorted(
        ((count, g, p) for g, row in scores.confusion.items() for p, count in row.items() if g != p), reverse=True
    )[:15]
    rows = [[g, p, c] for c, g, p in confusions]
    report.tables.append(Table("most frequent confusions", ["gold", "predicted", "count"], rows))
