"""The events extractor in the shape ``dateline eval events`` scores (CASE 2021 task 2).

Each snippet goes through the whole extraction (places, actors, times,
events); the snippet's label is the ACLED sub-type of its headline event:
among the asserted or claimed events that have an ACLED sub-type, the one
ACLED's precedence puts first (acled.yaml ``precedence``: a suicide bombing
outranks the clash around it), ties broken by confidence.

CASE 2021 adds five types outside ACLED. Two follow from PLOVER coding and
are predicted: ``DIPLO`` for a snippet whose only events are diplomatic
(verbal cooperation or conflict, sanctions) and ``ATTRIB`` when a group
claims or denies responsibility. Disasters and organised crime have no
PLOVER event and get ``None``.
"""

from __future__ import annotations

from datetime import date

from dateline.extract import Resources, extract_article, load_resources
from dateline.model import Article, Event, article_id

LEAD_BONUS = 0.25
"""Added to the confidence of events in the snippet's first sentence: news leads with its main event."""

REPORTED = frozenset({"asserted", "claimed"})
"""Modalities that count as "it happened" for a label."""

DIPLOMATIC_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"})
_RESPONSIBILITY = ("claimed responsibility", "claim responsibility", "claims responsibility", "claiming responsibility",
                   "took responsibility", "takes credit", "took credit", "denied responsibility", "was responsible for",
                   "responsible for the attack")


class EventRunner:
    """Runs dateline's extraction on a bare text (shared by the events, plover and ipe predictors)."""

    def __init__(self, resources: Resources | None = None) -> None:
        self.resources = resources or load_resources()

    def events(self, text: str, *, published: date | None = None) -> list[Event]:
        """The events of ``text`` read as an article published on ``published`` (unknown when None)."""
        article = Article(
            id=article_id(text),
            text=text,
            published=published,
            published_found_in="metadata" if published else "unknown",
        )
        doc = self.resources.nlp(text)
        return extract_article(doc, article, self.resources).events


class CaseEventTypePredictor:
    """CASE 2021 label of a snippet from its headline event (see the module docstring)."""

    def __init__(self, runner: EventRunner | None = None) -> None:
        self.runner = runner or EventRunner()
        self.ontology = self.runner.resources.ontology

    def predict(self, text: str) -> str | None:
        """One CASE 2021 label for the snippet, or None when it reports no event dateline codes."""
        lowered = text.lower()
        if any(cue in lowered for cue in _RESPONSIBILITY):
            return "ATTRIB"  # about who did it, not the act
        events = self.runner.events(text)
        headline = self.headline(events)
        if headline is not None:
            return self.ontology.acled_code(headline.acled_subtype)
        if any(e.type in DIPLOMATIC_TYPES for e in events):
            return "DIPLO"
        return None

    def headline(self, events: list[Event]) -> Event | None:
        """The event a snippet is about: reported and ACLED-coded, by confidence with a bonus
        for the lead sentence; ties go to ACLED precedence."""
        coded = [e for e in events if e.acled_subtype and e.modality in REPORTED]
        if not coded:
            return None
        lead_end = min(e.evidence.end for e in events)
        return max(
            coded,
            key=lambda e: (
                e.confidence + (LEAD_BONUS if e.evidence.end <= lead_end else 0.0),
                -self.ontology.precedence(e.acled_subtype),
            ),
        )


def build_predictor() -> CaseEventTypePredictor:
    """The production CASE 2021 predictor (loads the spaCy pipeline, gazetteer and knowledge bases)."""
    return CaseEventTypePredictor()
