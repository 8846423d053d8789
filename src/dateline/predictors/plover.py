"""The events extractor in the shape ``dateline eval plover`` scores (PLOVER gold standard records).

A gold record is one sentence coded with its main event. The prediction is
the event of the sentence with the highest confidence, preferring events
whose trigger heads the sentence's main clause (the main event of a CAMEO
example sentence is almost always there); its source and target actors'
codes are the actor and recipient codes.
"""

from __future__ import annotations

from datetime import date

from dateline.evaluate.protocols import PloverPrediction
from dateline.model import ActorMention, Event
from dateline.predictors.events import EventRunner

MAIN_CLAUSE_BONUS = 0.15
"""Added to the confidence of an event whose trigger is the root of its sentence (or its light verb's object)."""


class PloverEventPredictor:
    """Codes a sentence's main event in PLOVER with actor codes."""

    def __init__(self, runner: EventRunner | None = None) -> None:
        self.runner = runner or EventRunner()

    def predict(self, text: str, *, published: date | None) -> PloverPrediction:
        """The sentence's main event: PLOVER type, source codes, target codes (empty when none is found)."""
        events = self.runner.events(text, published=published)
        if not events:
            return PloverPrediction(event=None)
        main = max(events, key=lambda e: e.confidence + (MAIN_CLAUSE_BONUS if _is_main(e, text) else 0.0))
        return PloverPrediction(event=main.type, actors=_codes(main.sources), recipients=_codes(main.targets))


def _is_main(event: Event, text: str) -> bool:
    """Whether the trigger comes before any reporting clause ("X attacked Y, officials said") — a cheap main-clause test."""
    head = text[: event.trigger.start].lower()
    return not any(w in head for w in (" said ", " says ", " told ", " reported ", " announced "))


def _codes(mentions: list[ActorMention]) -> list[str]:
    return [m.actor.code for m in mentions if m.coded and m.actor.code]


def build_predictor() -> PloverEventPredictor:
    """The production PLOVER predictor (loads the spaCy pipeline, gazetteer and knowledge bases)."""
    return PloverEventPredictor()
