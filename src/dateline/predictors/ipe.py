"""The events extractor in the shape ``dateline eval ipe`` scores (IndiaPoliceEvents, per document).

IndiaPoliceEvents asks of each article: did the police kill, arrest, use
force, fail to act, or do anything? Answers come from the article's events
whose source is the police (an actor coded with sector COP, or a phrase
naming a police force), and for arrests also from passives with no source
("over 100 people were arrested" is nearly always police work):

* KILL — a police ASSAULT that kills (a fatality count or a killing verb);
* FORCE — any police ASSAULT, or a police COERCE that disperses or restricts;
* ARREST — a COERCE/arrest by the police or by nobody named;
* FAIL — a negated police action, or the police described as standing by;
* ANY_ACTION — any of those, or any other event with the police as source.
"""

from __future__ import annotations

import re

from dateline.model import ActorMention, Event
from dateline.predictors.events import EventRunner

POLICE_WORDS = re.compile(
    r"\b(police|policem[ae]n|cops?|constables?|constabulary|sub-inspector|inspector|"
    r"rapid action force|raf|srp|crpf|state reserve police|sp|dsp|commissioner of police|home guards?)\b",
    re.IGNORECASE,
)
KILLING_TRIGGERS = frozenset({"kill", "killed", "killing", "shoot", "shot", "murder", "lynch"})
STANDING_BY = re.compile(
    r"\bpolice\b[^.]{0,100}\b(mute spectators?|looked on|looked the other way|stood by|stood and watched|did nothing|"
    r"remained (silent|passive|inactive|mute)|twiddl\w+ their thumbs|mingled with|sided with|in connivance|hand in glove|"
    r"failed to|(did|had|has) (deliberately )?not (act|intervene|respond|stop|come|arrive|take)\w*|inaction|never came|"
    r"were absent|(was|were) nowhere|turned a blind eye|denied (police )?protection)",
    re.IGNORECASE,
)


class PoliceEventPredictor:
    """Per-article police actions from the events extractor (see the module docstring)."""

    def __init__(self, runner: EventRunner | None = None) -> None:
        self.runner = runner or EventRunner()

    def predict(self, text: str) -> set[str]:
        """The IndiaPoliceEvents labels that hold for the article."""
        labels: set[str] = set()
        for event in self.runner.events(text):
            labels |= _labels(event)
        if STANDING_BY.search(text):
            labels.add("FAIL")
        if labels:
            labels.add("ANY_ACTION")
        return labels


STATIONED = frozenset({"MOBILIZE", "COERCE"})
"""Types where police named anywhere in the clause act ("police were deployed", "curfew enforced by police")."""


def _labels(event: Event) -> set[str]:
    by_police = any(_is_police(m) for m in event.sources) or (
        event.type in STATIONED and not event.sources and bool(POLICE_WORDS.search(event.evidence.text))
    )
    labels: set[str] = set()
    if event.modality == "negated":
        return {"FAIL"} if by_police else set()
    if event.modality not in ("asserted", "claimed"):
        return labels
    if event.type == "COERCE" and event.mode == "arrest" and (by_police or not event.sources):
        labels.add("ARREST")
    if not by_police:
        return labels
    if event.type == "ASSAULT":
        labels.add("FORCE")
        kills = any(q.kind == "fatalities" for q in event.quantities)
        if kills or event.trigger.text.lower() in KILLING_TRIGGERS:
            labels.add("KILL")
    elif event.type == "COERCE" and event.mode in ("restrict", "curfew"):
        labels.add("FORCE")
    labels.add("ANY_ACTION")
    return labels


def _is_police(mention: ActorMention) -> bool:
    return mention.actor.sector == "COP" or bool(POLICE_WORDS.search(mention.mention.text))


def build_predictor() -> PoliceEventPredictor:
    """The production IndiaPoliceEvents predictor (loads the spaCy pipeline, gazetteer and knowledge bases)."""
    return PoliceEventPredictor()
