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
from collections import Counter
from dataclasses import dataclass, field

from dateline.knowledge.gazetteer import Gazetteer, Hit
from dateline.knowledge.geo_build import NAME_ABBREV, NAME_MAIN
from dateline.knowledge.geo_math import haversine_km
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
    "PCLI": 2.6, "TERR": 1.6, "CONT": 2.2, "RGN": 1.4, "ADM1": 1.1, "ADM2": 0.25, "PPLC": 1.2,
    "SEA": 1.4, "OCN": 1.6, "GULF": 1.3, "STM": 1.2, "LK": 1.0, "MTS": 1.0, "DSRT": 1.2, "PEN": 1.0,
    "ISL": 1.0, "ISLS": 1.0, "VAL": 0.8, "STRT": 1.0, "BAY": 1.0,
}
_TEAM_POPULATION = 20_000
"""Team-written places carry no population; count them as a small town's worth."""

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
    scores = [[p + context.bonus(h.place, e) for h, p in zip(e.hits, e.priors)] for e in entries]
    context = _Context.from_scores(entries, scores)
    out = []
    for e in entries:
        scored = sorted(
            ((p + context.bonus(h.place, e), h.place) for h, p in zip(e.hits, e.priors)),
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
        hits = [Hit(p, NAME_MAIN) for p in gaz.lookup_demonym(name)]
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
        hits = [Hit(p, NAME_MAIN) for p in gaz.lookup_demonym(name)]
        how = "demonym"
    return _Entry(t, hits, how, qualifier_places)


def _qualifier_places(text: str, gaz: Gazetteer) -> list[Place]:
    return [p for p in gaz.lookup(text) if p.feature_code in {"PCLI", "ADM1", "TERR"}]


def _prior(hit: Hit, e: _Entry) -> float:
    place = hit.place
    population = place.population or (_TEAM_POPULATION if place.place_id.startswith("dl:") else 0)
    score = math.log10(population + 1) / 2.5 - 1.2
    score += _FEATURE_PRIOR.get(place.feature_code or "", 0.0)
    if hit.kind == NAME_MAIN:
        score += 0.4
    elif hit.kind == NAME_ABBREV:
        score += 0.2
    if place.place_id.startswith("dl:"):
        score += 0.3
    kind = TYPE_WORDS.get(e.toponym.type_word or "")
    if kind:
        score += 1.5 if (place.feature_code or "") in _KIND_CODES[kind] else -1.0
    for q in e.qualifier_places:
        if q.feature_code == "PCLI":
            score += 3.0 if place.country == q.country else -3.0
        elif q.country == place.country and fold_name(q.name) == fold_name(place.admin1 or ""):
            score += 3.5
        elif q.country == place.country:
            score += 0.5
    return score


class _Context:
    """What the article is about: countries, first-level areas and anchor points, with weights."""

    def __init__(self) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.points: list[tuple[float, float, float, int]] = []  # lat, lon, weight, toponym start

    @classmethod
    def from_priors(cls, entries: list[_Entry]) -> _Context:
        """Context from what is unambiguous before any context is applied."""
        ctx = cls()
        for e in entries:
            ranked = sorted(zip(e.priors, (h.place for h in e.hits)), key=lambda sp: -sp[0])
            if not ranked:
                continue
            margin = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 3.0
            weight = min(1.0, max(0.0, margin / 2.0))
            if e.toponym.is_dateline:
                weight = max(weight, 0.8) * 2
            ctx.add(ranked[0][1], weight, e.toponym.start)
        return ctx

    @classmethod
    def from_scores(cls, entries: list[_Entry], scores: list[list[float]]) -> _Context:
        """Context from the first pass's winners, weighted by their margins."""
        ctx = cls()
        for e, sc in zip(entries, scores):
            ranked = sorted(zip(sc, (h.place for h in e.hits)), key=lambda sp: -sp[0])
            if not ranked or ranked[0][0] < MIN_CREDIBLE:
                continue
            margin = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 3.0
            weight = min(1.0, 0.3 + max(0.0, margin) / 3.0)
            if e.toponym.is_dateline:
                weight *= 2
            ctx.add(ranked[0][1], weight, e.toponym.start)
        return ctx

    def add(self, place: Place, weight: float, start: int) -> None:
        if place.country:
            self.countries[place.country] += weight
        if place.country and place.admin1 and place.feature_code != "PCLI":
            self.admin1[(place.country, fold_name(place.admin1))] += weight
        if place.feature_code not in {"PCLI", "CONT", "RGN", "OCN", "SEA"}:
            self.points.append((place.lat, place.lon, weight, start))

    def bonus(self, place: Place, e: _Entry) -> float:
        """Context score of ``place`` for entry ``e`` (its own contribution discounted)."""
        own = e.toponym.start
        total = sum(self.countries.values()) or 1.0
        share = self.countries.get(place.country or "", 0.0) / total
        score = 2.2 * share
        if place.country and place.admin1:
            score += 0.8 * min(1.0, self.admin1.get((place.country, fold_name(place.admin1)), 0.0))
        near = 0.0
        for lat, lon, weight, start in self.points:
            if start == own:
                continue
            d = haversine_km(lat, lon, place.lat, place.lon)
            if d < 400:
                near = max(near, weight * (1.0 - d / 400))
        return score + 1.0 * near
