"""Do two event mentions describe the same happening? Features and the pairwise decision.

An :class:`EventFeatures` is the compact part of an :class:`~dateline.model.Event`
that resolution needs (a few hundred bytes, so a million of them fit in
memory). :func:`compare` scores a pair from independent kinds of evidence:

=================  =========================================================
evidence           points (a conflict vetoes the pair)
=================  =========================================================
actors             per side, the mean over its actors of 1.0 for the same
                   code and 0.5 for a parent code (IRQ ~ IRQMIL), averaged
                   over the sides both events name; conflict when a side is
                   coded under different roots (two-sided types such as
                   ASSAULT compare all participants, either way round, and
                   conflict when each names a party the other lacks)
place              within the sum of both tolerances: 1.0 for point places
                   (exact/near), 0.5 for areas (admin1/region), 0.25 for
                   same country only; conflict when farther or other country
date               overlap after one day of slack: 1.0 day-level, 0.5
                   coarser; conflict when disjoint; undated counts nothing
shared text        the two mentions sit in one aligned passage or share an
                   evidence sentence: 2.0; the articles share text: 0.5
type               same PLOVER type, or a compatible pair (which costs 0.5)
modality           asserted/claimed/opinion vs negated vs threatened/hypothetical
                   must agree
=================  =========================================================

The pair is the same happening when nothing conflicts and the points reach
:data:`MERGE_THRESHOLD` (2.5). So two dated reports need actors, place and day
to agree (3.0), and an undated blog event needs the passage it shares with
the dated report plus one more agreeing field: an undated event is never
matched on actors and place alone.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from dateline.model import ActorMention, Event, EventPlace, normalise_text

MERGE_THRESHOLD = 2.5

COMPATIBLE_TYPES: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("ASSAULT", "COERCE"),  # seizing a town by force is coded either way
        ("ACCUSE", "REJECT"),  # denunciation vs refusal of the same demand
        ("CONSULT", "AGREE"),  # the meeting and the agreement it produced
        ("COOPERATE", "AID"),  # material help reported as cooperation
        ("CONCEDE", "RETREAT"),  # a withdrawal announced vs carried out
        ("REQUEST", "THREATEN"),  # an ultimatum
    )
)
"""Pairs of different PLOVER types that may still describe one happening (documented in docs/resolution.md)."""

RECIPROCAL_TYPES = frozenset({"ASSAULT", "CONSULT", "COOPERATE"})
"""Two-sided types: "A and B exchanged fire" has no fixed source and target."""

TYPE_COMPATIBILITY_COST = 0.5

EXACT_TOLERANCE_KM = 10.0
NEAR_TOLERANCE_KM = 25.0
ADMIN1_TOLERANCE_KM = 100.0
REGION_TOLERANCE_KM = 300.0
_TOLERANCE = {"exact": EXACT_TOLERANCE_KM, "near": NEAR_TOLERANCE_KM, "admin1": ADMIN1_TOLERANCE_KM,
              "region": REGION_TOLERANCE_KM}
_POINT_PRECISIONS = frozenset({"exact", "near"})

DAY_SLACK = 1
"""Days of slack on each side of a day-level date (time zones, "last night")."""

_MODALITY_GROUP = {"asserted": "real", "claimed": "real", "opinion": "real", "negated": "negated",
                   "threatened": "irrealis", "hypothetical": "irrealis"}

EARTH_RADIUS_KM = 6371.0088


class Link(IntEnum):
    """How strongly shared text ties two mentions together."""

    NONE = 0
    ARTICLES = 1
    PASSAGE = 2


_LINK_POINTS = {Link.NONE: 0.0, Link.ARTICLES: 0.5, Link.PASSAGE: 2.0}


@dataclass(frozen=True, slots=True)
class ActorSide:
    """The actors on one side of an event, reduced to what matching compares."""

    keys: frozenset[str]
    """Codes of coded actors; ``name:<lower-cased name>`` for uncoded ones."""
    lineage: frozenset[str]
    """Every code an actor here descends from, its own included (CTS -> IRQMIL -> IRQ)."""
    roots: frozenset[str]
    """Country or IGO roots (first three letters) of the coded actors."""
    ancestry: tuple[tuple[str, frozenset[str]], ...] = ()
    """Each key with its own lineage, to score actor by actor."""


EMPTY_SIDE = ActorSide(frozenset(), frozenset(), frozenset(), ())


@dataclass(frozen=True, slots=True)
class EventFeatures:
    """What resolution keeps of one event mention."""

    id: str
    article_id: str
    type: str
    modality: str
    sources: ActorSide
    targets: ActorSide
    participants: ActorSide
    """Sources and targets together, for two-sided types."""
    lat: float | None
    lon: float | None
    precision: str
    tolerance_km: float
    country: str | None
    place_name: str | None
    start: int | None
    """Proleptic ordinal of the first possible day (``date.toordinal``)."""
    end: int | None
    day_level: bool
    date_inferred: bool
    """The date rests on an inferred publication window, never on the article's own dating."""
    trigger_start: int
    trigger_end: int
    evidence_key: int | None
    """Hash of the normalised evidence sentence; None when it is too short to identify copied text."""
    fatalities: int | None


def type_family(event_type: str) -> str:
    """The blocking family of a type: the smallest type it can be compatible with (itself included)."""
    family = event_type
    for pair in COMPATIBLE_TYPES:
        if event_type in pair:
            family = min(family, *pair)
    return family


def features(event: Event, *, interned: dict | None = None) -> EventFeatures:
    """Reduce an event to its :class:`EventFeatures`.

    Args:
        event: an extracted event.
        interned: an optional dict shared across calls, so equal actor sides
            are stored once (a million events name a few thousand actors).
    """
    pool = interned if interned is not None else {}
    place = event.place
    country = place.country or (place.place.place.country if place.place and place.place.place else None)
    name = _place_name(place)
    # A country-level place is compared by its country, never by its centroid's distance to a town.
    has_point = place.lat is not None and place.lon is not None and place.precision in _TOLERANCE
    tolerance = place.radius_km if place.radius_km is not None else _TOLERANCE.get(place.precision, 0.0)
    sources, targets = _cached_side(pool, event.sources), _cached_side(pool, event.targets)
    when = event.date
    start = when.start.toordinal() if when.start else None
    end = (when.end or when.start).toordinal() if when.start else None
    return EventFeatures(
        id=event.id,
        article_id=event.article_id,
        type=event.type,
        modality=_MODALITY_GROUP.get(event.modality, event.modality),
        sources=sources,
        targets=targets,
        participants=_intern(pool, _merge(sources, targets)),
        lat=place.lat if has_point else None,
        lon=place.lon if has_point else None,
        precision=place.precision if has_point or place.precision == "country" else "unresolved",
        tolerance_km=max(tolerance, EXACT_TOLERANCE_KM) if has_point else 0.0,
        country=country.upper() if country else None,
        place_name=name,
        start=start,
        end=end,
        day_level=when.granularity == "day" and not when.inferred,
        date_inferred=when.inferred,
        trigger_start=event.trigger.start,
        trigger_end=event.trigger.end,
        evidence_key=_evidence_key(event.evidence.text),
        fatalities=_fatalities(event),
    )


def compare(a: EventFeatures, b: EventFeatures, *, link: Link = Link.NONE) -> float | None:
    """Points for ``a`` and ``b`` being one happening, or None when some field conflicts.

    The pair is a match when the result is at least :data:`MERGE_THRESHOLD`.
    Symmetric: ``compare(a, b) == compare(b, a)``.
    """
    points = 0.0
    if a.type != b.type:
        if frozenset((a.type, b.type)) not in COMPATIBLE_TYPES:
            return None
        points -= TYPE_COMPATIBILITY_COST
    if a.modality != b.modality:
        return None
    for part in (_date_points(a, b), _place_points(a, b), _actor_points(a, b)):
        if part is None:
            return None
        points += part
    return points + _LINK_POINTS[link]


def is_match(a: EventFeatures, b: EventFeatures, *, link: Link = Link.NONE) -> bool:
    """True when :func:`compare` reaches the threshold."""
    points = compare(a, b, link=link)
    return points is not None and points >= MERGE_THRESHOLD


# ---------------------------------------------------------------------------
# Evidence parts
# ---------------------------------------------------------------------------


def _date_points(a: EventFeatures, b: EventFeatures) -> float | None:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return 0.0
    slack_a = DAY_SLACK if a.day_level else 0
    slack_b = DAY_SLACK if b.day_level else 0
    if a.start - slack_a > b.end + slack_b or b.start - slack_b > a.end + slack_a:
        return None
    return 1.0 if a.day_level and b.day_level else 0.5


def _place_points(a: EventFeatures, b: EventFeatures) -> float | None:
    if a.country and b.country and a.country != b.country:
        return None
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        if _haversine_km(a.lat, a.lon, b.lat, b.lon) > a.tolerance_km + b.tolerance_km:
            return None
        return 1.0 if a.precision in _POINT_PRECISIONS and b.precision in _POINT_PRECISIONS else 0.5
    if a.country and b.country:
        return 0.25
    return 0.0


def _actor_points(a: EventFeatures, b: EventFeatures) -> float | None:
    if a.type in RECIPROCAL_TYPES and b.type in RECIPROCAL_TYPES:
        x, y = a.participants, b.participants
        if x.roots - y.roots and y.roots - x.roots:
            return None  # each names a party the other does not know at all: another fight
        return _overlap(x, y)
    sides = []
    for x, y in ((a.sources, b.sources), (a.targets, b.targets)):
        if not x.keys or not y.keys:
            continue
        if x.roots and y.roots and not x.roots & y.roots:
            return None
        sides.append(_overlap(x, y))
    return sum(sides) / len(sides) if sides else 0.0


def _overlap(x: ActorSide, y: ActorSide) -> float:
    """Mean match of the actors of the smaller side: 1 for the same code, 0.5 for a parent code."""
    if not x.keys or not y.keys:
        return 0.0
    return max(_mean_match(x, y) if len(x.keys) <= len(y.keys) else 0.0,
               _mean_match(y, x) if len(y.keys) <= len(x.keys) else 0.0)


def _mean_match(x: ActorSide, y: ActorSide) -> float:
    total = 0.0
    for key, lineage in x.ancestry:
        if key in y.keys:
            total += 1.0
        elif key in y.lineage or lineage & y.keys:
            total += 0.5
    return total / len(x.ancestry)


def _merge(x: ActorSide, y: ActorSide) -> ActorSide:
    if not y.keys:
        return x
    if not x.keys:
        return y
    ancestry = tuple(sorted(dict(x.ancestry + y.ancestry).items()))
    return ActorSide(x.keys | y.keys, x.lineage | y.lineage, x.roots | y.roots, ancestry)


def _side(mentions: list[ActorMention]) -> ActorSide:
    if not mentions:
        return EMPTY_SIDE
    ancestry: dict[str, frozenset[str]] = {}
    roots = set()
    for m in mentions:
        code = (m.actor.code or "").upper()
        if not code:
            key = "name:" + normalise_text(m.actor.name).lower()
            ancestry[key] = frozenset({key})
            continue
        ancestry[code] = ancestry.get(code, frozenset()) | _ancestors(code, m.actor.affiliations)
        roots.add(code[:3])
    lineage = frozenset().union(*ancestry.values())
    return ActorSide(frozenset(ancestry), lineage, frozenset(roots), tuple(sorted(ancestry.items())))


def _ancestors(code: str, affiliations: list[str]) -> frozenset[str]:
    """A code, its CAMEO prefixes at three-letter steps (IRQMILSPE -> IRQMIL -> IRQ) and its coded affiliations."""
    out = {code[:k] for k in range(3, len(code) + 1, 3)} | {code}
    out.update(a for a in affiliations if a and a.replace("_", "").isalnum() and a.upper() == a)
    return frozenset(out)


def _place_name(place: EventPlace) -> str | None:
    """The gazetteer's name for the place ("Altun Kupri"), else the text as written ("ALTUN KUPRI")."""
    if place.place is None:
        return None
    if place.place.place is not None:
        return place.place.place.name
    return place.place.mention.text


def _intern(pool: dict, side: ActorSide) -> ActorSide:
    return pool.setdefault(side, side)


def _cached_side(pool: dict, mentions: list[ActorMention]) -> ActorSide:
    """The side for these actors, computed once per distinct (code, name, affiliations) list."""
    key = tuple((m.actor.code, m.actor.name if not m.actor.code else "", tuple(m.actor.affiliations)) for m in mentions)
    side = pool.get(key)
    if side is None:
        side = pool[key] = _intern(pool, _side(mentions))
    return side


MIN_EVIDENCE_CHARS = 40
"""Shorter evidence ("Fighting continued.") is too common to show copying."""


def _evidence_key(text: str) -> int | None:
    norm = normalise_text(text).lower()
    if len(norm) < MIN_EVIDENCE_CHARS:
        return None
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big")


_FATALITY_KINDS = frozenset({"fatalities", "killed", "deaths", "dead"})


def _fatalities(event: Event) -> int | None:
    values = [v for q in event.quantities if q.kind in _FATALITY_KINDS
              if (v := q.value if q.value is not None else q.high) is not None]
    return max(values) if values else None


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; resolve may not import the knowledge package, so it keeps its own."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def day(ordinal: int | None) -> date | None:
    """Back from an ordinal to a date."""
    return date.fromordinal(ordinal) if ordinal is not None else None
