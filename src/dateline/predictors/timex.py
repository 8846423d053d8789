"""The time extractor in the shape ``dateline eval timex`` scores (:class:`TimexPredictor`).

TimeML annotates the bare expression: no leading preposition ("on Monday" ->
"Monday") and no trailing relation word ("three days later" -> "three days",
whose value is the duration ``P3D``). The extractor already finds expressions
that way and keeps each one's TimeML value next to its dateline value, so this
adapter only trims those trailing words and picks the TimeML value.
"""

from __future__ import annotations

import re
from datetime import date

from dateline.evaluate.protocols import TimexPrediction
from dateline.extract.times import TimeSpan, resolve_spans
from dateline.model import Granularity
from dateline.nlp import load_pipeline

_TRAILING_WORDS: dict[str | None, re.Pattern[str]] = {
    "offset": re.compile(r"\s+(?:after|later|before|earlier)$", re.IGNORECASE),
    "month": re.compile(r",?\s+(?:this|last|next)\s+year$", re.IGNORECASE),  # "April next year" -> "April"
}


class TimexPredictor:
    """Runs the spaCy pipeline and the time extractor, anchored on the document creation time."""

    def __init__(self) -> None:
        self.nlp = load_pipeline()

    def predict(self, text: str, *, dct: date) -> list[TimexPrediction]:
        """Time expressions of ``text`` with TimeML values resolved against ``dct``."""
        doc = self.nlp(text)
        out = []
        for span, res in resolve_spans(doc, dct):
            start, end = _timeml_span(text, span)
            out.append(TimexPrediction(start=start, end=end, value=res.timeml or _fallback(res.value, res.granularity)))
        return out


def _timeml_span(text: str, span: TimeSpan) -> tuple[int, int]:
    """The span TimeML would mark: no trailing relation word, determiner or preposition before it."""
    start, end = span.start, span.end
    phrase = text[start:end]
    trail = _TRAILING_WORDS.get(span.kind)
    m = trail.search(phrase) if trail else None
    if m:
        end = start + m.start()
    lead = _LEADING_WORDS.get(span.kind)
    m = lead.match(phrase) if lead else None
    if m:
        start += m.end()
    return start, end


_LEADING_WORDS: dict[str | None, re.Pattern[str]] = {
    None: re.compile(r"(?:in|on|at|for|since|during)\s+", re.IGNORECASE),
    "reference": re.compile(r"in\s+", re.IGNORECASE),
    "month_day": re.compile(r"(?:last|next)\s+", re.IGNORECASE),
    # adjectival "the 14-day period", "its third-quarter results"
    "duration": re.compile(r"(?:the|its)\s+(?=\S+-)", re.IGNORECASE),
    "quarter": re.compile(r"(?:the|its|that)\s+(?=\S+-)", re.IGNORECASE),
}


def _fallback(value: str | None, granularity: Granularity) -> str | None:
    """A dateline value already in TimeML form (days, months, years) when no TimeML value was set."""
    if value and granularity in ("day", "month", "year"):
        return value
    return None


def build_predictor() -> TimexPredictor:
    """The production timex predictor (loads the spaCy pipeline)."""
    return TimexPredictor()


get_predictor = build_predictor
"""Alias: the name the times extractor's contract uses."""
