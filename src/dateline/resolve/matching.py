"""Do two event mentions describe the same happening? Features and the pairwise decision.

An :class:`EventFeatures` is the compact part of an :class:`~dateline.model.Event`
that resolution needs (a few hundred bytes, so a million of them fit in
memory). :func:`compare` scores a pair from independent kinds of evidence:

=================  =========================================================
evidence           points (a conflict vetoes the pair)
=================  =========================================================
actors             per side, the mean over its actors of 1.0 for the same
                   code or name, 0.5 for a parent code (IRQ ~ IRQMIL) and
                   0.5 for an uncoded actor of the same class and a
                   compatible country ("jihadist fighters" ~ "militants");
                   averaged over the sides both events name; conflict when
                   a side is coded under different roots or pits state
                   forces against armed non-state groups (two-sided types
                   such as ASSAULT compare all participants, either way
                   round, and conflict only when each names a coded party
                   the other cannot be and one names a full dyad)
place              two points (exact/near) within the sum of their
                   tolerances: 1.0; an area (admin1, region, the
                   dateline's filing place) containing the other or within
                   reach: 0.5; same country only: 0.25; conflict when
                   farther, in another province, or another country
date               overlap after one day of slack: 1.0 day-level, 0.5
                   coarser (a publication-date fallback is a window of a
                   few days before publication); conflict when disjoint;
                   undated counts nothing
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

The same features describe a *group* of mentions of one article (see
:mod:`dateline.resolve.coreference`): several triggers and evidence
sentences, the union of the actors, the most precise place and date.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum
from typing import Any, TypeVar

from dateline.model import Actor, ActorMention, Event, EventPlace, normalise_text

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
FILING_TOLERANCE_KM = 150.0
"""Reach of a dateline's filing place: wire reports are filed from the nearest bureau town."""
_TOLERANCE = {"exact": EXACT_TOLERANCE_KM, "near": NEAR_TOLERANCE_KM, "admin1": ADMIN1_TOLERANCE_KM,
              "region": REGION_TOLERANCE_KM}
POINT_PRECISIONS = frozenset({"exact", "near"})
FILING = "filing"
"""Precision given to a place the extractor took from the dateline: where the report was filed."""

DAY_SLACK = 1
"""Days of slack on each side of a day-level date (time zones, "last night")."""
PUBLICATION_LAG_DAYS = 3
"""An event dated only by its article's publication date happened up to this many days before it."""

_MODALITY_GROUP = {"asserted": "real", "claimed": "real", "opinion": "real", "negated": "negated",
                   "threatened": "irrealis", "hypothetical": "irrealis"}

EARTH_RADIUS_KM = 6371.0088


class Link(IntEnum):
    """How strongly shared text ties two mentions together."""

    NONE = 0
    ARTICLES = 1
    PASSAGE = 2


_LINK_POINTS = {Link.NONE: 0.0, Link.ARTICLES: 0.5, Link.PASSAGE: 2.0}

# ---------------------------------------------------------------------------
# Actor classes: what an uncoded actor can be compared by
# ---------------------------------------------------------------------------

ARMED_NONSTATE = "armed_nonstate"
STATE_FORCE = "state_force"
CLASS_GROUPS = frozenset({ARMED_NONSTATE, STATE_FORCE, "government", "civilians"})
"""Classes collective enough that two differently worded actors of one class may be the same party."""
_ARMED = frozenset({ARMED_NONSTATE, STATE_FORCE})
_SECTOR_GROUP = {"REB": ARMED_NONSTATE, "UAF": ARMED_NONSTATE, "INS": ARMED_NONSTATE,
                 "MIL": STATE_FORCE, "COP": STATE_FORCE, "SPY": STATE_FORCE,
                 "GOV": "government", "CVL": "civilians"}
_ROOT_SECTOR = {"IMG": "REB", "REB": "REB", "UAF": "UAF", "INS": "INS", "MIL": "MIL", "COP": "COP", "GOV": "GOV",
                "CVL": "CVL"}
"""CAMEO codes rooted in a sector rather than a country (IMGISIISW: an international militant group)."""
_KIND_GROUP = {"rebel_militia": ARMED_NONSTATE, "state_force": STATE_FORCE, "government": "government",
               "civilians": "civilians"}
_HEAD_NOUN_GROUP = {
    **dict.fromkeys(("fighters", "militants", "insurgents", "jihadists", "jihadis", "gunmen", "rebels", "attackers",
                     "assailants", "militiamen", "militias", "guerrillas", "extremists", "terrorists"), ARMED_NONSTATE),
    **dict.fromkeys(("soldiers", "troops", "army", "police", "policemen", "gendarmes", "servicemen"), STATE_FORCE),
    **dict.fromkeys(("civilians", "residents", "villagers", "protesters", "demonstrators"), "civilians"),
}
"""Head nouns that say what an actor is when the extractor left its kind and sector open."""


def _by_fields(obj: Any) -> tuple:
    """Pickle a slotted dataclass as its class called with its fields, in order.

    The store pass writes features to a scratch file and reads them back
    several times; the default for a slotted dataclass looks its fields up
    again for every object read, which cost more than the reading itself.
    """
    return type(obj), tuple(getattr(obj, name) for name in obj.__slots__)


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """One actor as matching sees it."""

    key: str
    """Its code, or ``name:<lower-cased name>`` when uncoded."""
    lineage: frozenset[str]
    """Every code it descends from, its own included (CTS -> IRQMIL -> IRQ); ``{key}`` when uncoded."""
    group: str | None
    """Its class (:data:`CLASS_GROUPS` and others), from kind, sector or head noun; None when unknown."""
    country: str | None
    """ISO alpha-3 when known or guessed."""
    coded: bool

    @property
    def informative(self) -> bool:
        """Coded, or of a class that can be compared; "army base" is neither."""
        return self.coded or self.group in CLASS_GROUPS

    def __reduce__(self) -> tuple:
        return _by_fields(self)


@dataclass(frozen=True, slots=True)
class ActorSide:
    """The actors on one side of an event, reduced to what matching compares; build it with :func:`actor_side`."""

    keys: frozenset[str]
    """Codes of coded actors; ``name:<lower-cased name>`` for uncoded ones."""
    lineage: frozenset[str]
    """Every code an actor here descends from, its own included (CTS -> IRQMIL -> IRQ)."""
    roots: frozenset[str]
    """Country or IGO roots (first three letters) of the coded actors."""
    actors: tuple[ActorInfo, ...] = ()
    """Each actor, sorted by key."""
    informative: int = field(default=0, compare=False)
    """How many actors here can be compared (coded, or of a known class)."""
    classes: frozenset[tuple[str, str | None, bool]] = field(default=frozenset(), compare=False)
    """(class, country, coded) of the actors of a comparable class."""
    armed: frozenset[str] = field(default=frozenset(), compare=False)
    """The armed classes here: state forces, armed non-state groups."""

    def __reduce__(self) -> tuple:
        return _by_fields(self)


def actor_side(actors: Iterable[ActorInfo]) -> ActorSide:
    """The side holding these actors (one per key, the later one winning), with its summaries."""
    by_key = {p.key: p for p in actors}
    if not by_key:
        return EMPTY_SIDE
    ordered = tuple(by_key[k] for k in sorted(by_key))
    return ActorSide(
        keys=frozenset(by_key),
        lineage=frozenset().union(*(p.lineage for p in ordered)),
        roots=frozenset(p.key[:3] for p in ordered if p.coded),
        actors=ordered,
        informative=sum(p.informative for p in ordered),
        classes=frozenset((p.group, p.country, p.coded) for p in ordered if p.group in CLASS_GROUPS),
        armed=frozenset(p.group for p in ordered if p.group in _ARMED),
    )


EMPTY_SIDE = ActorSide(frozenset(), frozenset(), frozenset(), ())


@dataclass(frozen=True, slots=True)
class EventFeatures:
    """What resolution keeps of one event mention (or of a group of one article's mentions)."""

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
    """exact / near (points), admin1 / region / filing (areas), country, or unresolved."""
    tolerance_km: float
    country: str | None
    admin1: str | None
    """Lower-cased first-level area the place lies in (or is), when the gazetteer says."""
    place_name: str | None
    start: int | None
    """Proleptic ordinal of the first possible day (``date.toordinal``)."""
    end: int | None
    day_level: bool
    date_inferred: bool
    """The date is not the event's own: a publication-date fallback or an inferred window."""
    triggers: tuple[tuple[int, int], ...]
    """Character spans of the trigger(s) in the article."""
    evidence_keys: tuple[int, ...]
    """Hashes of the normalised evidence sentences long enough to identify copied text (sorted; seldom more than one)."""
    evidence_span: tuple[int, int]
    anaphoric: bool
    """The trigger is a definite noun phrase ("the attack", "The gunfight"): it refers back."""
    fatalities: tuple[int, int] | None
    """The largest death toll reported, as (low, high): (7, 7) for "seven", (20000, 99999) for "tens of thousands"."""

    def __reduce__(self) -> tuple:
        return _by_fields(self)

    @property
    def trigger_start(self) -> int:
        return self.triggers[0][0]

    @property
    def trigger_end(self) -> int:
        return self.triggers[0][1]


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
    gazetteer_place = place.place.place if place.place else None
    country = place.country or (gazetteer_place.country if gazetteer_place else None)
    filing = place.rule.endswith("dateline") and place.precision in POINT_PRECISIONS
    precision = FILING if filing else place.precision
    # A country-level place is compared by its country, never by its centroid's distance to a town.
    has_point = place.lat is not None and place.lon is not None and (precision in _TOLERANCE or filing)
    if filing:
        tolerance = FILING_TOLERANCE_KM
    else:
        tolerance = place.radius_km if place.radius_km is not None else _TOLERANCE.get(precision, 0.0)
    sources, targets = _cached_side(pool, event.sources), _cached_side(pool, event.targets)
    start, end, day_level = _date_range(event)
    admin1 = gazetteer_place.admin1 if gazetteer_place and gazetteer_place.admin1 else None
    # Strings that recur across events (article ids, types, countries, places) are interned: a store-wide
    # pass holds features for every event, and each read from the store would otherwise be its own copy.
    return EventFeatures(
        id=event.id,
        article_id=sys.intern(event.article_id),
        type=sys.intern(event.type),
        modality=sys.intern(_MODALITY_GROUP.get(event.modality, event.modality)),
        sources=sources,
        targets=targets,
        participants=_cached_merge(pool, sources, targets),
        lat=place.lat if has_point else None,
        lon=place.lon if has_point else None,
        precision=sys.intern(precision) if has_point or precision == "country" else "unresolved",
        tolerance_km=max(tolerance, EXACT_TOLERANCE_KM) if has_point else 0.0,
        country=sys.intern(country.upper()) if country else None,
        admin1=sys.intern(_fold(admin1)) if admin1 and has_point else None,
        place_name=_place_name(place),
        start=start,
        end=end,
        day_level=day_level,
        date_inferred=event.date.inferred,
        triggers=((event.trigger.start, event.trigger.end),),
        evidence_keys=_evidence_keys(event.evidence.text),
        evidence_span=(event.evidence.start, event.evidence.end),
        anaphoric=_is_anaphoric(event),
        fatalities=_fatalities(event),
    )


def _date_range(event: Event) -> tuple[int | None, int | None, bool]:
    """(first day, last day, day-level) as ordinals; a publication-date fallback widens to a window before it."""
    when = event.date
    if when.start is None:
        return None, None, False
    start, end = when.start, when.end or when.start
    if when.inferred and when.rule.startswith("published"):
        start = start - timedelta(days=PUBLICATION_LAG_DAYS)
    day_level = when.granularity == "day" and not when.inferred
    return start.toordinal(), end.toordinal(), day_level


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
    return points + link_points(link)


def link_points(link: Link) -> float:
    """What a link between the two reports adds to :func:`compare`'s points (added last, so it may be found last)."""
    return _LINK_POINTS[link]


def is_match(a: EventFeatures, b: EventFeatures, *, link: Link = Link.NONE) -> bool:
    """True when :func:`compare` reaches the threshold."""
    points = compare(a, b, link=link)
    return points is not None and points >= MERGE_THRESHOLD


def shares_specifics(a: EventFeatures, b: EventFeatures) -> bool:
    """True when the two agree on a day, a town (two points within reach) or a party named by the same code or words."""
    if a.day_level and b.day_level and _date_points(a, b) == 1.0:
        return True
    if a.precision in POINT_PRECISIONS and b.precision in POINT_PRECISIONS and _place_points(a, b) == 1.0:
        return True
    return bool(a.participants.keys & b.participants.keys)


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
        within = _haversine_km(a.lat, a.lon, b.lat, b.lon) <= a.tolerance_km + b.tolerance_km
        if a.precision in POINT_PRECISIONS and b.precision in POINT_PRECISIONS:
            return 1.0 if within else None
        if a.admin1 and b.admin1:
            if a.admin1 == b.admin1:
                return 0.5  # a town inside the province the other names (or was filed from)
            if "admin1" in (a.precision, b.precision):
                return None  # another province
        return 0.5 if within else None
    if a.country and b.country:
        return 0.25
    return 0.0


def _actor_points(a: EventFeatures, b: EventFeatures) -> float | None:
    if a.type in RECIPROCAL_TYPES and b.type in RECIPROCAL_TYPES:
        x, y = a.participants, b.participants
        if x is y:
            return 1.0 if x.keys else 0.0
        if _third_party(x, y):
            return None
        return _overlap(x, y)
    sides = []
    for x, y in ((a.sources, b.sources), (a.targets, b.targets)):
        if not x.keys or not y.keys:
            continue
        if x is y:
            sides.append(1.0)
            continue
        if x.roots and y.roots and x.roots.isdisjoint(y.roots):
            return None
        if _opposed_forces(x, y):
            return None
        sides.append(_overlap(x, y))
    return sum(sides) / len(sides) if sides else 0.0


def _third_party(x: ActorSide, y: ActorSide) -> bool:
    """Each side names a coded party the other cannot be, and one of them names a whole dyad: another fight."""
    if x.informative < 2 and y.informative < 2:
        return False
    return (any(p.coded and not _match(p, y) for p in x.actors)
            and any(p.coded and not _match(p, x) for p in y.actors))


def _opposed_forces(x: ActorSide, y: ActorSide) -> bool:
    """One role filled by state forces in one event and by armed non-state groups in the other."""
    if not x.armed or not y.armed or not x.armed.isdisjoint(y.armed):
        return False
    return not any(_match(p, y) for p in x.actors)


def _overlap(x: ActorSide, y: ActorSide) -> float:
    """Mean match of the actors of the side naming fewer comparable actors (the better way round on a tie)."""
    if not x.keys or not y.keys:
        return 0.0
    nx, ny = x.informative, y.informative
    return max(_mean_match(x, y) if nx <= ny else 0.0, _mean_match(y, x) if ny <= nx else 0.0)


def _mean_match(x: ActorSide, y: ActorSide) -> float:
    """Mean over x's comparable actors (and any named identically in y) of their best match in y."""
    total = 0.0
    counted = 0
    for p in x.actors:
        value = _match(p, y)
        if p.informative or value:
            total += value
            counted += 1
    return total / counted if counted else 0.0


def _match(p: ActorInfo, y: ActorSide) -> float:
    """1 for the same code or name in ``y``, 0.5 for a parent code or an uncoded actor of the same class.

    Two actors are of one class when the class and the country (if both
    known) agree and at least one is uncoded: two codes speak for themselves.
    """
    if p.key in y.keys:
        return 1.0
    if p.coded and (p.key in y.lineage or not p.lineage.isdisjoint(y.keys)):
        return 0.5
    if p.group in CLASS_GROUPS:
        for group, country, coded in y.classes:
            if group == p.group and not (coded and p.coded) and (
                    country is None or p.country is None or country == p.country):
                return 0.5
    return 0.0


def _merge(x: ActorSide, y: ActorSide) -> ActorSide:
    if not y.keys:
        return x
    if not x.keys:
        return y
    return actor_side(x.actors + y.actors)


def merge_sides(sides: list[ActorSide]) -> ActorSide:
    """The union of several sides (the actors of a group of mentions)."""
    return actor_side(p for side in sides for p in side.actors)


def _side(mentions: list[ActorMention]) -> ActorSide:
    actors: dict[str, ActorInfo] = {}
    for m in mentions:
        info = _actor_info(m.actor)
        known = actors.get(info.key)
        if known is not None:
            info = ActorInfo(info.key, known.lineage | info.lineage, known.group or info.group,
                             known.country or info.country, info.coded)
        actors[info.key] = info
    return actor_side(actors.values())


def _actor_info(actor: Actor) -> ActorInfo:
    code = (actor.code or "").upper()
    country = actor.country.upper() if actor.country else None
    if code:
        sector = actor.sector or (code[3:6] if len(code) >= 6 else None)
        group = _group(actor.kind, sector, "") or _SECTOR_GROUP.get(_ROOT_SECTOR.get(code[:3], ""))
        return ActorInfo(code, _ancestors(code, actor.affiliations), group, country or _code_country(code), True)
    name = normalise_text(actor.name).lower()
    key = "name:" + name
    head = name.rsplit(" ", 1)[-1] if name else ""
    return ActorInfo(key, frozenset({key}), _group(actor.kind, actor.sector, head), country, False)


def _group(kind: str, sector: str | None, head: str) -> str | None:
    """The actor's class: from its kind, else its CAMEO sector, else its head noun."""
    if kind in _KIND_GROUP:
        return _KIND_GROUP[kind]
    if sector and sector.upper() in _SECTOR_GROUP:
        return _SECTOR_GROUP[sector.upper()]
    if head in _HEAD_NOUN_GROUP:
        return _HEAD_NOUN_GROUP[head]
    return kind if kind != "other" else None


def _code_country(code: str) -> str | None:
    """The country a CAMEO code starts with; IGO, IMG (militant groups) and the like have none."""
    root = code[:3]
    return None if root in ("IGO", "IMG", "NGO", "MNC", "UIS", "REB", "UAF") else root


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
        return sys.intern(place.place.place.name)
    return sys.intern(place.place.mention.text)


def _fold(name: str) -> str:
    """Lower case without diacritics, so "Kirkūk" and "Kirkuk" name one province."""
    decomposed = unicodedata.normalize("NFKD", normalise_text(name).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_T = TypeVar("_T")


def _intern(pool: dict, side: ActorSide) -> ActorSide:
    """The pool's copy of ``side``; a new side is kept with its sets and actors shared with the sides before it.

    Most of a side's five sets are held by other sides too (the same codes,
    the same lineage, or empty): the 15,256 events of 1,000 generated
    articles hold 4,039 distinct sides, whose 20,195 sets are 5,639
    distinct ones.
    """
    known = pool.get(side)
    if known is not None:
        return known
    shared = ActorSide(
        keys=_pooled(pool, side.keys), lineage=_pooled(pool, side.lineage), roots=_pooled(pool, side.roots),
        actors=tuple(_pooled(pool, p) for p in side.actors), informative=side.informative,
        classes=_pooled(pool, side.classes), armed=_pooled(pool, side.armed),
    )
    pool[shared] = shared
    return shared


def _pooled(pool: dict, value: _T) -> _T:
    return pool.setdefault(value, value)


def _cached_merge(pool: dict, x: ActorSide, y: ActorSide) -> ActorSide:
    """Sources and targets together, computed once per pair of (interned) sides."""
    key = ("participants", id(x), id(y))
    side = pool.get(key)
    if side is None:
        side = pool[key] = _intern(pool, _merge(x, y))
    return side


def _cached_side(pool: dict, mentions: list[ActorMention]) -> ActorSide:
    """The side for these actors, computed once per distinct list of actors."""
    key = tuple((m.actor.code, m.actor.name if not m.actor.code else "", tuple(m.actor.affiliations),
                 m.actor.kind, m.actor.sector, m.actor.country) for m in mentions)
    side = pool.get(key)
    if side is None:
        side = pool[key] = _intern(pool, _side(mentions))
    return side


MIN_EVIDENCE_CHARS = 40
"""Shorter evidence ("Fighting continued.") is too common to show copying."""


def _evidence_keys(text: str) -> tuple[int, ...]:
    norm = normalise_text(text).lower()
    if len(norm) < MIN_EVIDENCE_CHARS:
        return ()
    return (int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big"),)


_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w'-]+\s+)?$", re.IGNORECASE)


def _is_anaphoric(event: Event) -> bool:
    """A nominal trigger under a definite determiner ("the shooting", "The Konduga clash") refers back.

    Past-tense verbs are left out ("the insurgents attacked" is not a definite
    description of an attack).
    """
    trigger = event.trigger
    offset = trigger.start - event.evidence.start
    before = event.evidence.text[max(0, offset - 40): offset] if 0 <= offset <= len(event.evidence.text) else ""
    word = trigger.text.lower()
    return bool(before) and not word.endswith("ed") and _DEFINITE_BEFORE.search(before) is not None


_FATALITY_KINDS = frozenset({"fatalities", "killed", "deaths", "dead"})


def _fatalities(event: Event) -> tuple[int, int] | None:
    tolls: list[tuple[int, int]] = []
    for q in event.quantities:
        if q.kind not in _FATALITY_KINDS:
            continue
        if q.value is not None:
            tolls.append((q.value, q.value))
        elif q.low is not None:
            tolls.append((q.low, q.high if q.high is not None else q.low))
        elif q.high is not None:
            tolls.append((q.high, q.high))
    return max(tolls, key=lambda t: (t[1], t[0])) if tolls else None


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; resolve may not import the knowledge package, so it keeps its own."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def day(ordinal: int | None) -> date | None:
    """Back from an ordinal to a date."""
    return date.fromordinal(ordinal) if ordinal is not None else None
