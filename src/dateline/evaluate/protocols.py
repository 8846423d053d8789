"""What a predictor must look like for each evaluation task.

A predictor is any object with the ``predict`` method of its task's protocol;
the evaluator calls it once per gold item (once per gold file for ``dedup``)
and scores what comes back. The production predictors live in
``dateline.predictors.<task>`` (each module exposes ``build_predictor()``);
tests pass their own small objects. Offsets are Python ``str`` offsets into
the text the predictor was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

# ---------------------------------------------------------------------------
# geo
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GeoPrediction:
    """A toponym the system found (or was given) and where it put it.

    ``lat``/``lon`` are ``None`` when the system recognised the toponym but
    could not resolve it (scored as the maximum error). ``country`` is an
    ISO 3166-1 alpha-2 code (alpha-3 and English names are also understood).
    """

    start: int
    end: int
    lat: float | None
    lon: float | None
    country: str | None = None


@runtime_checkable
class GeoPredictor(Protocol):
    def predict(
        self, text: str, *, published: date | None, spans: list[tuple[int, int]] | None
    ) -> list[GeoPrediction]:
        """Toponyms of ``text``. With ``spans`` (``--gold-spans``), resolve exactly those spans;
        with ``None``, recognise and resolve (end to end)."""
        ...


# ---------------------------------------------------------------------------
# events (CASE 2021 task 2) and ipe (IndiaPoliceEvents)
# ---------------------------------------------------------------------------


@runtime_checkable
class EventTypePredictor(Protocol):
    def predict(self, text: str) -> str | None:
        """One CASE 2021 label (an ACLED sub-event code or an unseen type) for the snippet, or ``None``."""
        ...


@runtime_checkable
class PoliceEventPredictor(Protocol):
    def predict(self, text: str) -> set[str]:
        """The IndiaPoliceEvents labels that hold for the article (KILL, ARREST, FAIL, FORCE, ANY_ACTION)."""
        ...


# ---------------------------------------------------------------------------
# plover
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PloverPrediction:
    """The main event of a sentence: PLOVER type, source actor codes, target actor codes.

    Codes are CAMEO-style (``IRQMIL``, ``IGOUNO``, ``USA``); scoring compares
    their first three letters (country or IGO/NGO) with gold.
    """

    event: str | None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


@runtime_checkable
class PloverPredictor(Protocol):
    def predict(self, text: str, *, published: date | None) -> PloverPrediction:
        """Code the sentence's main event."""
        ...


# ---------------------------------------------------------------------------
# timex
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimexPrediction:
    """A time expression and its TIMEX3-style value (``1998-08-08``, ``P1D``, ``PRESENT_REF``) or ``None``."""

    start: int
    end: int
    value: str | None = None


@runtime_checkable
class TimexPredictor(Protocol):
    def predict(self, text: str, *, dct: date) -> list[TimexPrediction]:
        """Time expressions of ``text``, values resolved against the document creation time ``dct``."""
        ...


# ---------------------------------------------------------------------------
# dedup
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DedupDoc:
    """One document handed to a dedup predictor."""

    id: str
    text: str
    date: date | None = None


@dataclass(frozen=True)
class MentionCluster:
    """An event mention the system found and the cross-document cluster it put it in."""

    doc_id: str
    start: int
    end: int
    cluster: str


@dataclass(frozen=True)
class DedupPrediction:
    """Document clusters (same happening) and, optionally, event-mention clusters."""

    doc_clusters: dict[str, str]
    mentions: list[MentionCluster] | None = None


@runtime_checkable
class DedupPredictor(Protocol):
    def predict(self, docs: list[DedupDoc]) -> dict[str, str] | DedupPrediction:
        """Cluster ``docs``: ``{doc_id: cluster_id}``, or a :class:`DedupPrediction` with mentions too."""
        ...


def check_items(items: list[object], kind: type, predictor: object, item_id: str) -> None:
    """Fail clearly when a predictor returns something other than its protocol's record type."""
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(
                f"{type(predictor).__name__}.predict returned a {type(item).__name__} for {item_id!r}; "
                f"expected {kind.__name__} (see dateline.evaluate.protocols)"
            )
