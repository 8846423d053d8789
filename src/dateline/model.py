"""The data model every stage speaks: plain, typed, JSON round-trippable records.

Each stage of the pipeline (ingest, nlp, extract, resolve, store) is a function
from these records to these records. Nothing here knows about spaCy, SQL or
HTTP, which is what lets any stage be swapped without touching the others.

Every extracted value carries a :class:`Mention` — the article id and the
character span it was read from — because an event without its evidence is not
an event. Offsets are Python ``str`` (code point) offsets into ``Article.text``
exactly as stored; ingest never rewrites the text, so offsets stay valid.

Ids are stable: the same input always gets the same id, so re-ingesting an
article changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# ---------------------------------------------------------------------------
# Closed vocabularies
# ---------------------------------------------------------------------------

DateFoundIn = Literal["metadata", "header", "dateline", "lead", "inferred", "unknown"]
"""How an article's publication date was found (best first). ``inferred`` is
never observed: it comes from a dated article reporting the same events."""

ArticleKind = Literal["report", "opinion", "analysis", "unknown"]

Precision = Literal["exact", "near", "admin1", "country", "region", "unresolved"]
"""How precisely a place is known: ``near`` is "40 km NW of Kirkuk"."""

PlaceRole = Literal["literal", "dateline", "demonym", "metonymy", "organisation", "non_locational"]
"""What a toponym is doing in the sentence. Only ``literal`` and ``dateline``
mentions can be event locations."""

Granularity = Literal["day", "week", "month", "year", "interval", "unknown"]

Modality = Literal["asserted", "negated", "threatened", "hypothetical", "claimed", "opinion"]

ActorKind = Literal[
    "state_force",
    "rebel_militia",
    "government",
    "political_party",
    "civilians",
    "external_state",
    "igo",
    "person",
    "ethnic_group",
    "media",
    "judiciary",
    "other",
]

OutcomeStatus = Literal["ingested", "duplicate", "near_duplicate", "skipped", "error"]


class Record(BaseModel):
    """Base of every model record: strict about unknown fields, JSON both ways."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    def to_json(self) -> str:
        """Serialise to one line of JSON (the CLI's ``--json`` output format)."""
        return self.model_dump_json(exclude_none=False)

    @classmethod
    def from_json(cls, data: str | bytes):  # noqa: ANN206 - returns cls
        """Parse what :meth:`to_json` wrote."""
        return cls.model_validate_json(data)


# ---------------------------------------------------------------------------
# Ids
# ---------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Normalise text for identity: NFC, unified quotes/dashes, collapsed whitespace.

    Two copies of an article that differ only in line endings, curly quotes or
    spacing get the same id; any change of words gets a new one.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_PUNCT_FOLD)
    return _WS.sub(" ", text).strip()


_PUNCT_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\ufeff": "",
    }
)


def article_id(text: str) -> str:
    """The article id: sha256 (hex, first 16 chars) of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def stable_id(*parts: object) -> str:
    """A short deterministic id from any parts (used for events, stories, places)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


class Mention(Record):
    """A span of an article's text: where an extracted value came from."""

    article_id: str
    start: int
    end: int
    text: str


class Dateline(Record):
    """The dateline that opens a wire report: "ALTUN KUPRI, Iraq -", "BAGHDAD (Reuters) -"."""

    place_text: str
    start: int
    end: int
    agency: str | None = None
    date_text: str | None = None


class Article(Record):
    """One news article as ingested. ``text`` is stored exactly as read."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    """Outlet name ("Associated Press", a blog's host name ...)."""
    published: date | None = None
    published_found_in: DateFoundIn = "unknown"
    published_note: str | None = None
    """Why the date is unknown, or what it was inferred from (``inferred from <id>``)."""
    published_window: tuple[date, date] | None = None
    """For an inferred date: the window it lies in."""
    dateline: Dateline | None = None
    language: str = "en"
    kind: ArticleKind = "unknown"
    kind_cues: list[str] = Field(default_factory=list)
    near_duplicate_of: str | None = None
    near_duplicate_score: float | None = None
    origin: str | None = None
    """Where the item was read from: ``path`` or ``path:row``."""
    ingested_at: datetime | None = None


class Place(Record):
    """A gazetteer entry. ``place_id`` is ``gn:<geonames id>`` or ``dl:<slug>`` for our supplement."""

    place_id: str
    name: str
    geonames_id: int | None = None
    country: str | None = None
    """ISO 3166-1 alpha-2."""
    admin1: str | None = None
    """First-level admin area name."""
    lat: float
    lon: float
    feature_class: str | None = None
    feature_code: str | None = None
    population: int | None = None


class Candidate(Record):
    """A gazetteer candidate for a toponym, with the resolver's score."""

    place: Place
    score: float


class PlaceMention(Record):
    """A toponym in an article, resolved (or honestly not) to a point with a precision."""

    mention: Mention
    role: PlaceRole = "literal"
    place: Place | None = None
    lat: float | None = None
    lon: float | None = None
    """The point meant: the place's, or offset from it for ``near``."""
    precision: Precision = "unresolved"
    radius_km: float | None = None
    """Uncertainty radius around (lat, lon)."""
    anchor: Place | None = None
    """For relative locations ("40 km NW of Kirkuk"): the place measured from."""
    confidence: float = 0.0
    candidates: list[Candidate] = Field(default_factory=list)
    rule: str = ""
    reason: str | None = None


class Actor(Record):
    """An actor as the knowledge base knows it (or as best guessed when uncoded)."""

    name: str
    code: str | None = None
    """CAMEO-style code: IRQMIL, IRQGOV, KURMIL, IGOUNO ..."""
    kind: ActorKind = "other"
    country: str | None = None
    """ISO 3166-1 alpha-3 (CAMEO uses alpha-3)."""
    sector: str | None = None
    """CAMEO sector: GOV, MIL, COP, SPY, REB, OPP, CVL, MED, JUD, PTY, IGO ..."""
    affiliations: list[str] = Field(default_factory=list)
    """Codes or names of parent actors, nearest first (CTS -> IRQMIL -> IRQ)."""
    aliases: list[str] = Field(default_factory=list)
    sponsor: str | None = None
    """Backer for proxies ("Iranian-sponsored militias" -> IRN)."""


class ActorMention(Record):
    """An actor phrase in an article and the actor it was coded to."""

    mention: Mention
    actor: Actor
    coded: bool = False
    role: str | None = None
    """A person's role when stated: "military commander", "prime minister"."""
    antecedent: int | None = None
    """Index into the article's actor mentions this one refers back to (coreference)."""
    rule: str = ""


class TimeMention(Record):
    """A time expression and its value relative to the article's publication date."""

    mention: Mention
    value: str | None = None
    """ISO date ``2017-10-16``, interval ``2017-10-16/2017-10-20``, or partial ``XXXX-06-21``."""
    start: date | None = None
    end: date | None = None
    granularity: Granularity = "unknown"
    anchor: str | None = None
    """What it was resolved against: ``published``, ``inferred:<article id>``, ``time:<start>``."""
    rule: str = ""
    reason: str | None = None
    """Why the value is null or partial ("no anchor date")."""


class Quantity(Record):
    """A count the event reports: fatalities, injured, arrested, vehicles, aircraft ..."""

    kind: str
    text: str
    value: int | None = None
    low: int | None = None
    high: int | None = None
    mention: Mention | None = None


class EventPlace(Record):
    """Where an event happened, and the rule that decided it."""

    place: PlaceMention | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Precision = "unresolved"
    radius_km: float | None = None
    country: str | None = None
    rule: str = ""


class EventDate(Record):
    """When an event happened: a day or a range, how precise, and how it was resolved."""

    start: date | None = None
    end: date | None = None
    granularity: Granularity = "unknown"
    time: TimeMention | None = None
    rule: str = ""
    inferred: bool = False
    """True when the date is not read from the event's own words: the publication
    date of a report of the day (rule ``published...``) or a window inferred from a
    linked dated article (rule ``inferred from <article id> ...``)."""


class Evidence(Record):
    """The sentence that says so."""

    text: str
    start: int
    end: int


class Event(Record):
    """One event mention in one article, coded in PLOVER with ACLED and CAMEO mappings."""

    id: str
    article_id: str
    type: str
    """PLOVER event type (ASSAULT, MOBILIZE, THREATEN ...)."""
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    quad: str | None = None
    acled_type: str | None = None
    acled_subtype: str | None = None
    cameo_root: str | None = None
    sources: list[ActorMention] = Field(default_factory=list)
    targets: list[ActorMention] = Field(default_factory=list)
    coactors: list[ActorMention] = Field(default_factory=list)
    place: EventPlace = Field(default_factory=EventPlace)
    date: EventDate = Field(default_factory=EventDate)
    modality: Modality = "asserted"
    claimant: ActorMention | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    trigger: Mention
    evidence: Evidence
    confidence: float = 0.5
    attributed_to: str | None = None
    """Article id of the source a copied passage came from."""
    story_id: str | None = None


class Extraction(Record):
    """Everything extracted from one article."""

    article_id: str
    places: list[PlaceMention] = Field(default_factory=list)
    actors: list[ActorMention] = Field(default_factory=list)
    times: list[TimeMention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class ReuseSpan(Record):
    """One aligned passage: the same text at these offsets in both articles."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int


class Reuse(Record):
    """Text one article shares with another; ``source`` is the earlier one when known."""

    source_article_id: str
    target_article_id: str
    direction: Literal["source_to_target", "unknown"]
    spans: list[ReuseSpan] = Field(default_factory=list)
    source_share: float = 0.0
    target_share: float = 0.0


class Disagreement(Record):
    """Sources reporting one happening differently: a field and each article's value."""

    field: str
    values: dict[str, str]


class Story(Record):
    """A resolved event: the same happening as reported by several articles."""

    id: str
    type: str
    event_ids: list[str]
    article_ids: list[str]
    sources: list[str] = Field(default_factory=list)
    independent_sources: int = 1
    earliest_article_id: str | None = None
    start: date | None = None
    end: date | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    disagreements: list[Disagreement] = Field(default_factory=list)
    summary: str = ""


class Outcome(Record):
    """What happened to one input item: exactly one per item, never silent."""

    origin: str
    status: OutcomeStatus
    article_id: str | None = None
    reason: str | None = None
