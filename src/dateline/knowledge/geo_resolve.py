"""Ranking gazetteer candidates for the toponyms of one article.

A reader resolves "Altun Kupri" in an article about Kirkuk and Erbil to the
Iraqi town without thinking: the other places fix the country and province,
"Altun Kupri, Iraq" says so outright, and "Kirkuk province" names a kind of
place. This module scores candidates with that evidence, in two passes:

1. a *prior* per candidate: how important the place is (countries and big
   cities are mentioned far more often than hamlets of the same name), and
   how directly the text names it (main name, alternate name, abbreviation);
2. *context*: the countries and provinces the article is about (from the
   dateline, country mentions and unambiguous places), explicit qualifiers
   ("X, Iraq"), a feature type implied by the words around the name
   ("X province", "the town of X"), and closeness to the article's other places.

A toponym with no candidate, or whose best candidate is far below credible,
stays unresolved with a reason: a random far-away namesake is worse than no
answer. Nothing here knows about spaCy; callers pass :class:`Toponym` records.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from dateline.knowledge.gazetteer import Gazetteer, Hit
from dateline.knowledge.geo_build import NAME_ABBREV, NAME_MAIN
from dateline.knowledge.geo_math import EARTH_RADIUS_KM, haversine_km
from dateline.knowledge.geo_names import fold_name, key_variants
from dateline.model import Candidate, Place

TYPE_WORDS = {
    "province": "admin", "governorate": "admin", "state": "admin", "region": "admin", "district": "admin2",
    "county": "admin2", "prefecture": "admin", "oblast": "admin", "department": "admin", "parish": "admin2",
    "municipality": "admin2", "canton": "admin", "territory": "admin",
    "city": "town", "town": "town", "village": "town", "township": "town", "hamlet": "town", "suburb": "town",
    "neighbourhood": "town", "neighborhood": "town", "camp": "town", "capital": "town",
    "river": "water", "lake": "water", "sea": "water", "gulf": "water", "mountains": "mountain", "mount": "mountain",
}
"""Words next to a name that say what kind of place it is."""

_KIND_CODES = {
    "admin": {"ADM1", "ADMD", "RGN", "TERR"},
    "admin2": {"ADM2", "ADMD", "ADM1"},
    "town": {"PPL", "PPLC", "PPLA", "PPLX", "PPLL", "CMP"},
    "water": {"STM", "LK", "SEA", "GULF", "OCN", "BAY", "STRT"},
    "mountain": {"MTS", "MT"},
}

_FEATURE_PRIOR = {
    "PCLI": 3.2, "TERR": 1.6, "CONT": 2.2, "RGN": 1.4, "ADM1": 1.1, "ADM2": 0.25, "PPLC": 1.2,
    "SEA": 1.4, "OCN": 1.6, "GULF": 1.3, "STM": 1.2, "LK": 1.0, "MTS": 1.0, "DSRT": 1.2, "PEN": 1.0,
    "ISL": 1.0, "ISLS": 1.0, "VAL": 0.8, "STRT": 1.0, "BAY": 1.0,
}
_TEAM_POPULATION = 20_000
"""Team-written places carry no population; count them as a small town's worth."""

MAIN_NAME_BONUS = 1.0
"""A place's own name beats a former or foreign name ("Maryville" is also an old name of Beeville)."""

COUNTRY_WEIGHT, ADMIN1_WEIGHT, NEAR_WEIGHT = 3.0, 1.5, 1.5
"""How much the article's countries, first-level areas and nearby places count (tuned on dev data)."""

MIN_CREDIBLE = -1.5
"""Best scores below this are left unresolved ("no credible candidate")."""


@dataclass
class Toponym:
    """One toponym to resolve: its text and what the words around it say."""

    text: str
    start: int
    end: int
    qualifier: str | None = None
    """A following ", Iraq" / ", Calif." (its text)."""
    type_word: str | None = None
    """A kind word next to the name: "province", "town", "county" ..."""
    is_dateline: bool = False
    demonym: bool = False
    """True when the text is used as an adjective/demonym ("Iraqi forces")."""


@dataclass
class Resolution:
    """The ranked candidates for one toponym and the chosen place (or why none)."""

    toponym: Toponym
    candidates: list[Candidate] = field(default_factory=list)
    place: Place | None = None
    confidence: float = 0.0
    rule: str = ""
    reason: str | None = None


@dataclass
class _Entry:
    toponym: Toponym
    hits: list[Hit]
    how: str
    qualifier_places: list[Place]
    priors: list[float] = field(default_factory=list)


def resolve_toponyms(toponyms: list[Toponym], gazetteer: Gazetteer, *, top_k: int = 5) -> list[Resolution]:
    """Resolve every toponym of one article together (each is context for the others).

    Returns one :class:`Resolution` per toponym, in the same order.
    """
    entries = [_candidates(t, gazetteer) for t in toponyms]
    for e in entries:
        e.priors = [_prior(h, e) for h in e.hits]
    context = _Context.from_priors(entries)
    scores = [[p + b for p, b in zip(e.priors, context.bonuses(e))] for e in entries]
    context = _Context.from_scores(entries, scores)
    out = []
    for e in entries:
        scored = sorted(
            ((p + b, h.place) for h, p, b in zip(e.hits, e.priors, context.bonuses(e))),
            key=lambda sp: -sp[0],
        )
        out.append(_decide(e, scored, top_k))
    return out


def _decide(e: _Entry, scored: list[tuple[float, Place]], top_k: int) -> Resolution:
    res = Resolution(e.toponym, candidates=[Candidate(place=p, score=round(s, 3)) for s, p in scored[:top_k]])
    if not scored:
        res.reason = f"no gazetteer entry named {e.toponym.text!r}"
        return res
    best, place = scored[0]
    if best < MIN_CREDIBLE:
        res.reason = f"no credible candidate (best {place.name}, {place.country}, scored {best:.2f})"
        return res
    runner_up = scored[1][0] if len(scored) > 1 else best - 4.0
    res.place = place
    res.confidence = round(1 / (1 + math.exp(-(best - runner_up))) * min(1.0, 0.5 + best / 6), 3)
    res.rule = e.how
    return res


def _candidates(t: Toponym, gaz: Gazetteer) -> _Entry:
    """Gazetteer hits for a toponym: its name, then its variants, then its kind-word-stripped form."""
    qualifier_places = _qualifier_places(t.qualifier, gaz) if t.qualifier else []
    name = t.text
    key = fold_name(name)
    if t.demonym:
        hits = _demonym_hits(name, gaz)
        return _Entry(t, hits or gaz.hits(name), "demonym", qualifier_places)
    hits = gaz.hits(name)
    how = "name"
    if not hits:
        for variant in key_variants(key):
            hits = gaz.hits(variant)
            if hits:
                how = "name_variant"
                break
    if not hits:
        words = key.split()
        if len(words) > 1 and words[-1] in TYPE_WORDS:
            hits = gaz.hits(" ".join(words[:-1]))
            if not t.type_word:
                t.type_word = words[-1]
            how = "name_without_kind"
        elif len(words) > 1 and words[0] in TYPE_WORDS:
            hits = gaz.hits(" ".join(words[1:]))
            how = "name_without_kind"
    if not hits:
        hits = _demonym_hits(name, gaz)
        how = "demonym"
    if not hits and key.split()[-1] not in _STREET_WORDS:
        hits = _embedded_hits(name, gaz)
        how = "embedded_name"
    return _Entry(t, hits, how, qualifier_places)


def _demonym_hits(word: str, gaz: Gazetteer) -> list[Hit]:
    """Country or region of a demonym, singular or plural ("Syrians" -> Syria)."""
    places = gaz.lookup_demonym(word)
    if not places and word.endswith("s"):
        places = gaz.lookup_demonym(word[:-1])
    return [Hit(p, NAME_MAIN) for p in places]


_GENERIC_WORDS = frozenset(
    ["north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower", "new", "old", "greater", "st", "st.", "saint", "mount", "mt", "mt.", "lake", "river", "valley", "city", "county", "province", "state", "district", "region", "the", "abu", "al", "el", "bin", "ben", "san", "santa", "port", "fort", "great", "little", "grand", "national", "international", "royal"]
)
"""Words that are place names in some gazetteer but say nothing alone inside a longer name."""


_STREET_WORDS = frozenset(["street", "st", "road", "rd", "avenue", "ave", "boulevard", "lane", "drive", "highway", "square"])
"""A street named after a place ("Palestine Street") is not in that place; see extract.places."""


def _embedded_hits(name: str, gaz: Gazetteer) -> list[Hit]:
    """Hits for the longest capitalised place name inside a longer name ("Harare City Council")."""
    words = name.split()
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            part = words[i : i + n]
            if not part[0][:1].isupper() or not part[-1][:1].isupper():
                continue
            if n == 1 and (part[0].lower() in _GENERIC_WORDS or len(part[0]) < 3):
                continue
            hits = gaz.hits(" ".join(part)) or _demonym_hits(" ".join(part), gaz)
            if hits:
                return hits
    return []


def _qualifier_places(text: str, gaz: Gazetteer) -> list[Place]:
    return [p for p in gaz.lookup(text) if p.feature_code in {"PCLI", "ADM1", "TERR"}]


def _prior(hit: Hit, e: _Entry) -> float:
    place = hit.place
    code = place.feature_code or ""
    population = place.population or (_TEAM_POPULATION if place.place_id.startswith("dl:") else 0)
    if code in ("ADM1", "ADM2"):
        population //= 10  # summed over every town inside: not comparable with one town's
    score = math.log10(population + 1) / 2.5 - 1.2
    score += _FEATURE_PRIOR.get(code, 0.0)
    if hit.kind == NAME_MAIN:
        score += MAIN_NAME_BONUS
    elif hit.kind == NAME_ABBREV:
        score += 0.2
    elif code in ("ADM1", "ADM2"):
        score -= 0.6  # "Alexandria" for Al Iskandariyah governorate, "Atlantic" for Atlantic County
    if place.place_id.startswith("dl:"):
        score += 0.3
    kind = TYPE_WORDS.get(e.toponym.type_word or "")
    if kind:
        score += 1.5 if code in _KIND_CODES[kind] else -1.0
    for q in e.qualifier_places:
        if q.feature_code == "PCLI":
            score += 3.0 if place.country == q.country else -3.0
        elif q.country == place.country and fold_name(q.name) == fold_name(place.admin1 or ""):
            score += 3.5
        elif q.country == place.country:
            score += 0.5
        else:
            score -= 2.0
    return score


class _Context:
    """What the article is about: countries, first-level areas and points, with weights.

    Each contribution remembers the name it came from, so a toponym is never its own
    evidence: thirteen mentions of "Dublin" say nothing about which Dublin is meant,
    while "Columbus" and "Ohio" do.
    """

    def __init__(self) -> None:
        self.items: list[tuple[str, Place, float]] = []

    @classmethod
    def from_priors(cls, entries: list[_Entry]) -> _Context:
        """Context from what is unambiguous before any context is applied."""
        return cls._from(entries, [e.priors for e in entries], first_pass=True)

    @classmethod
    def from_scores(cls, entries: list[_Entry], scores: list[list[float]]) -> _Context:
        """Context from the first pass's winners, weighted by their margins."""
        return cls._from(entries, scores, first_pass=False)

    @classmethod
    def _from(cls, entries: list[_Entry], scores: list[list[float]], *, first_pass: bool) -> _Context:
        ctx = cls()
        for e, sc in zip(entries, scores):
            ranked = sorted(zip(sc, (h.place for h in e.hits)), key=lambda sp: -sp[0])
            if not ranked or (not first_pass and ranked[0][0] < MIN_CREDIBLE):
                continue
            margin = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 3.0
            weight = min(1.0, max(0.0, margin / 2.0)) if first_pass else min(1.0, 0.3 + max(0.0, margin) / 3.0)
            if e.toponym.is_dateline:
                weight = max(weight, 0.8) * 3
            ctx.items.append((fold_name(e.toponym.text), ranked[0][1], weight))
        return ctx

    def bonuses(self, e: _Entry) -> list[float]:
        """Context score of each of ``e``'s candidates (evidence from the same name excluded).

        What does not depend on the candidate (the countries the rest of the
        article is about, which of its places are points) is worked out once
        per toponym; an article has dozens of toponyms with dozens of
        candidates each, against dozens of context items.
        """
        own = fold_name(e.toponym.text)
        others = [(other, weight) for key, other, weight in self.items if key != own]
        countries: dict[str, float] = {}
        for other, weight in others:
            if other.country:
                countries[other.country] = countries.get(other.country, 0.0) + weight
        total = sum(countries.values())
        if not total:
            return [0.0] * len(e.hits)
        points = [(other, weight) for other, weight in others if other.feature_code not in _AREA_CODES]
        return [self._bonus(h.place, others, points, countries, total) for h in e.hits]

    @staticmethod
    def _bonus(place: Place, others: list[tuple[Place, float]], points: list[tuple[Place, float]],
               countries: dict[str, float], total: float) -> float:
        admin1 = 0.0
        place_admin1 = fold_name(place.admin1) if place.admin1 else None
        if place_admin1:
            for other, weight in others:
                if other.country == place.country and other.feature_code != "PCLI":
                    area = other.name if other.feature_code == "ADM1" else other.admin1
                    if area and fold_name(area) == place_admin1:
                        admin1 += weight
        near = 0.0
        if place.feature_code not in _AREA_CODES:
            for other, weight in points:
                if abs(other.lat - place.lat) > _NEAR_LATITUDE_DEGREES:
                    continue  # farther than NEAR_KM along the meridian alone: no need for the distance
                d = haversine_km(other.lat, other.lon, place.lat, place.lon)
                if d < NEAR_KM:
                    near = max(near, weight * (1.0 - d / NEAR_KM))
        share = countries.get(place.country, 0.0) / total if place.country else 0.5
        return COUNTRY_WEIGHT * share + ADMIN1_WEIGHT * min(1.0, admin1) + NEAR_WEIGHT * near


NEAR_KM = 300.0
"""Other places of the article within this distance lend a candidate closeness points, more the closer."""
_NEAR_LATITUDE_DEGREES = math.degrees((NEAR_KM + 1.0) / EARTH_RADIUS_KM)
"""A latitude difference beyond which two points are surely farther apart than NEAR_KM (1 km spare for rounding)."""


_AREA_CODES = frozenset({"PCLI", "CONT", "RGN", "OCN", "SEA", "TERR", "ADM1"})
