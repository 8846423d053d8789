"""Places: find every toponym in an article, say what it is doing, and put it on the map.

Three steps, each testable alone:

1. **Recognition.** spaCy's GPE/LOC/FAC entities, plus a gazetteer matcher that
   runs *before* ``ner`` (:func:`add_gazetteer_ruler`) so names the small model
   gets wrong ("ALTUN KUPRI" in a dateline, "Altun Kupri" tagged PERSON) enter as
   places and ``ner`` works around them. NORP words that are demonyms ("Iraqi",
   "Kurdish") are kept as ``demonym`` mentions.
2. **Role.** ``literal``, ``dateline``, ``demonym``, ``metonymy`` ("Baghdad
   condemned it", "Iraq's federal forces"), ``organisation`` ("Kirkuk Police").
   Only literal and dateline mentions can be event locations.
3. **Resolution.** :mod:`dateline.knowledge.geo_resolve` ranks gazetteer
   candidates using the whole article as context; relative phrases ("40
   kilometers northwest of Kirkuk", "near Kirkuk") move the point and widen its
   radius, with the named place kept as ``anchor``.

:func:`locate_event` answers "where did this event happen" for the events
extractor: syntactic attachment, then the clause, the sentence, the dateline,
the article's main country — and says which rule decided.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dateline.knowledge.gazetteer import Gazetteer
from dateline.knowledge.geo_math import BEARINGS, offset_point
from dateline.knowledge.geo_names import fold_name
from dateline.knowledge.geo_resolve import TYPE_WORDS, Resolution, Toponym, resolve_toponyms
from dateline.model import Article, EventPlace, Mention, Place, PlaceMention, PlaceRole, Precision

log = logging.getLogger(__name__)

MATCHER_NAME = "dateline_gazetteer"
MATCH_MIN_POPULATION = 15_000
"""Towns smaller than this are left to ``ner``: their names collide with common words and surnames."""
MATCH_SINGLE_WORD_MIN_POPULATION = 100_000
_NOT_PLACES = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
MAX_NAME_TOKENS = 5

TOPONYM_LABELS = frozenset({"GPE", "LOC", "FAC"})
EVENT_ROLES = frozenset({"literal", "dateline"})

SPEECH_VERBS = frozenset(
    ["say", "tell", "announce", "condemn", "accuse", "warn", "reject", "demand", "deny", "urge", "call", "threaten", "agree", "sign", "pledge", "insist", "vow", "claim", "respond", "refuse", "welcome", "criticize", "criticise", "insist", "decide", "order", "ask", "praise", "blame", "protest", "negotiate", "recognize", "recognise", "sanction", "support", "oppose", "approve", "veto", "declare", "expel", "summon", "retaliate"]
)
"""Verbs whose subject is a government rather than a place ("Baghdad condemned it")."""

ACTOR_NOUNS = frozenset(
    ["government", "forces", "force", "army", "troops", "military", "police", "authorities", "authority", "officials", "official", "president", "minister", "ministry", "leader", "leaders", "parliament", "regime", "administration", "embassy", "ambassador", "navy", "militia", "militias", "spokesman", "spokeswoman", "prime", "premier", "cabinet", "security", "intelligence", "diplomats", "delegation"]
)
"""Head nouns that make a possessive place an actor ("Iraq's federal forces")."""

ORG_HEADS = frozenset(
    ["University", "College", "Police", "Council", "Times", "Post", "Herald", "Tribune", "Journal", "FC", "United", "City", "Airways", "Airlines", "Bank", "Institute", "Museum", "Hospital", "Club", "Chamber", "Party", "Company", "Corporation", "Agency", "Authority", "Ministry", "Telegraph"]
)
"""A capitalised word after a place name that turns the pair into an organisation ("Kirkuk Police")."""

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a few": 5, "several": 10, "some": 10, "a": 1,
}
_DIRECTION = r"(?P<dir>(?:north|south|east|west)(?:[\s-]?(?:north|south|east|west))*)"
_RELATIVE_DISTANCE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"[\s-]*(?P<unit>kilometers|kilometres|kilometer|kilometre|km|miles|mile|mi)\.?"
    r"(?:\s*\([^)]{0,30}\))?\s+(?:to\s+the\s+)?" + _DIRECTION + r"\s+of\s+(?:the\s+\w+\s+of\s+)?$",
    re.IGNORECASE,
)
_RELATIVE_DIRECTION = re.compile(
    r"\b" + _DIRECTION + r"(?:\s+and\s+(?:north|south|east|west)\w*)?\s+of\s+(?:the\s+\w+\s+of\s+)?$", re.IGNORECASE
)
_RELATIVE_NEAR = re.compile(
    r"\b(?P<rel>near|nearby|outside|just outside|on the outskirts of|outskirts of|close to|around|"
    r"in the vicinity of|not far from|near the \w+ of|outside the \w+ of)\s+$",
    re.IGNORECASE,
)
_BORDER_AFTER = re.compile(r"^\s*(?:border|frontier)\b", re.IGNORECASE)

_PRECISION: dict[str, Precision] = {
    "PCLI": "country", "TERR": "country", "ADM1": "admin1", "ADM2": "admin1", "ADMD": "admin1",
}
_REGION_CLASSES = frozenset({"L", "H", "T"})


# ---------------------------------------------------------------------------
# Recognition: the gazetteer matcher that runs before ner
# ---------------------------------------------------------------------------


class GazetteerMatcher:
    """Marks capitalised gazetteer names as GPE/LOC entities before ``ner`` runs.

    It only accepts proper-noun runs (POS from the tagger, which runs before
    ``ner``) that are not part of a longer capitalised name, so "Jordan" in
    "Michael Jordan" or "Kirkuk" in "Kirkuk Governorate Council" is left to ``ner``.
    """

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self.labels:
            return doc
        found: list[Span] = []
        i = 0
        while i < len(doc):
            n = self._match_at(doc, i)
            if n:
                found.append(Span(doc, i, i + n, label=self.labels[fold_name(doc[i : i + n].text)]))
                i += n
            else:
                i += 1
        if found:
            doc.set_ents(filter_spans([*doc.ents, *found]))
        return doc

    def _match_at(self, doc: Doc, i: int) -> int:
        first = doc[i]
        if not first.is_alpha or not (first.is_title or first.is_upper) or first.pos_ not in ("PROPN", "NOUN", "ADJ"):
            return 0
        for n in range(min(MAX_NAME_TOKENS, len(doc) - i), 0, -1):
            last = doc[i + n - 1]
            if not (last.is_title or last.is_upper) or not last.is_alpha:
                continue
            if n == 1 and first.is_upper and len(first) < 4:
                continue  # "AI", "MW": abbreviations, not datelines
            if fold_name(doc[i : i + n].text) in self.labels and self._accept(doc, i, i + n):
                return n
        return 0

    @staticmethod
    def _accept(doc: Doc, start: int, end: int) -> bool:
        tokens = doc[start:end]
        if any(t.pos_ not in ("PROPN", "ADP", "DET", "PART", "PUNCT") for t in tokens) and not all(
            t.is_upper for t in tokens
        ):
            return False
        for j in (start - 1, end):
            if 0 <= j < len(doc):
                neighbour = doc[j]
                if neighbour.is_alpha and (neighbour.is_title or neighbour.is_upper) and neighbour.pos_ == "PROPN":
                    return False
                if j == start - 1 and neighbour.text.endswith(".") and neighbour.text[:1].isupper():
                    return False  # a title: "Gen. Jordan", "Mr. Paris"
        return True


@Language.factory(MATCHER_NAME)
def _make_matcher(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher()


def add_gazetteer_ruler(
    nlp: Language,
    gazetteer: Gazetteer,
    *,
    min_population: int = MATCH_MIN_POPULATION,
    single_word_min_population: int = MATCH_SINGLE_WORD_MIN_POPULATION,
) -> None:
    """Add the gazetteer matcher before ``ner`` (once; later calls change nothing).

    Its names are those of :meth:`Gazetteer.names_for_matching` (~100k folded
    names) less month and weekday names. Entities it
    sets are kept by ``ner``, which predicts the rest around them.
    """
    if MATCHER_NAME in nlp.pipe_names:
        return
    matcher = nlp.add_pipe(MATCHER_NAME, before="ner" if "ner" in nlp.pipe_names else None)
    assert isinstance(matcher, GazetteerMatcher)
    matcher.labels = matcher_labels(
        gazetteer, min_population=min_population, single_word_min_population=single_word_min_population
    )


def matcher_labels(
    gazetteer: Gazetteer,
    *,
    min_population: int = MATCH_MIN_POPULATION,
    single_word_min_population: int = MATCH_SINGLE_WORD_MIN_POPULATION,
) -> dict[str, str]:
    """The folded names a :class:`GazetteerMatcher` marks, with their entity labels (GPE or LOC).

    Shared by :func:`add_gazetteer_ruler` and the ``dateline_gazetteer_ruler``
    spaCy component, so both mark the same names.
    """
    labels = gazetteer.names_for_matching(
        min_population=min_population, single_word_min_population=single_word_min_population
    )
    return {k: v for k, v in labels.items() if k not in _NOT_PLACES}


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------


@dataclass
class _Found:
    """A toponym span in the Doc, with what the words around it say."""

    start: int
    end: int
    role: PlaceRole
    label: str
    toponym: Toponym
    relative: tuple[str, float | None, float | None] | None = None
    """(kind, bearing degrees, distance km) for "40 km NW of", "north of", "near"."""


def extract_places(doc: Doc, article: Article, *, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every toponym of ``article`` (whose text ``doc`` is), with role, resolution and candidates.

    The article's dateline, when ingest found one, comes first with role
    ``dateline``: it is the article's default place. Demonyms are resolved to their
    country or region but never become event locations. A toponym with no
    credible gazetteer entry is returned unresolved with a reason.

    Example: in the AP report "ALTUN KUPRI, Iraq - ... Altun Kupri is 40 kilometers
    (25 miles) northwest of Kirkuk." the dateline resolves to the Iraqi town, and the
    last "Kirkuk" is the anchor of a ``near`` point 40 km to its northwest.
    """
    found = _find_toponyms(doc, article, gazetteer)
    return _resolve(found, article, gazetteer)


def resolve_spans(doc: Doc, article: Article, spans: Iterable[tuple[int, int]], *, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Resolve given character spans as toponyms, with the article's own toponyms as context.

    Used when the spans come from elsewhere (gold annotations, a user's selection);
    each span gets one mention, in the order given.
    """
    given = [_found_for_span(doc, article, s, e) for s, e in spans]
    context = [f for f in _find_toponyms(doc, article, gazetteer) if not any(_overlap(f, g) for g in given)]
    mentions = _resolve(given + context, article, gazetteer)
    return mentions[: len(given)]


def _overlap(a: _Found, b: _Found) -> bool:
    return a.start < b.end and b.start < a.end


def _find_toponyms(doc: Doc, article: Article, gazetteer: Gazetteer) -> list[_Found]:
    found: list[_Found] = []
    dateline = _dateline_found(doc, article)
    if dateline:
        found.append(dateline)
    for ent in doc.ents:
        if ent.label_ not in TOPONYM_LABELS and ent.label_ != "NORP":
            continue
        span = _trim(ent)
        if span is None or (ent.label_ == "NORP" and not gazetteer.lookup_demonym(span.text.rstrip("s"))
                            and not gazetteer.lookup_demonym(span.text)):
            continue  # "Muslim", "Republican": groups, not places
        item = _found_for_span(doc, article, span.start_char, span.end_char, label=ent.label_)
        if dateline and _overlap(item, dateline):
            continue
        found.append(item)
    return found


def _trim(ent: Span) -> Span | None:
    """Drop a leading "the" and trailing possessive from an entity span."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and ent.doc[end - 1].text in ("'s", "’s", "'"):
        end -= 1
    return ent.doc[start:end] if start < end else None


def _found_for_span(doc: Doc, article: Article, start: int, end: int, *, label: str | None = None) -> _Found:
    span = doc.char_span(start, end, alignment_mode="expand")
    text = article.text[start:end]
    if span is None:  # whitespace-only or outside the doc: resolve the text alone
        return _Found(start, end, "literal", label or "GPE", Toponym(text, start, end))
    label = label or (span.ents[0].label_ if span.ents else "GPE")
    is_demonym = label == "NORP" or _looks_like_demonym(span)
    toponym = Toponym(text, start, end, qualifier=_qualifier(span), type_word=_type_word(span), demonym=is_demonym)
    item = _Found(start, end, "demonym" if is_demonym else _role(span), label, toponym)
    item.relative = _relative(article.text, doc, span)
    return item


def _looks_like_demonym(span: Span) -> bool:
    """"Iraqi" in "Iraqi forces": an adjective (or NORP) rather than the place's name."""
    return len(span) == 1 and (span[0].pos_ == "ADJ" or span[0].ent_type_ == "NORP")


def _role(span: Span) -> PlaceRole:
    root = span.root
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.text in ORG_HEADS:
        return "organisation"
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEECH_VERBS and root.head.pos_ == "VERB":
        return "metonymy"
    if root.dep_ == "poss" and root.head.lemma_.lower() in ACTOR_NOUNS:
        return "metonymy"
    return "literal"


def _qualifier(span: Span) -> str | None:
    """The ", Iraq" / ", Calif." after a name, when it is itself a place entity or abbreviation."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        if nxt.ent_type_ in ("GPE", "LOC") and nxt.ent_iob_ == "B":
            ent = next(e for e in doc.ents if e.start == nxt.i)
            return ent.text
        if nxt.is_title and nxt.text.endswith(".") or (nxt.is_upper and len(nxt) <= 5):
            return nxt.text
    return None


def _type_word(span: Span) -> str | None:
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in TYPE_WORDS:
        return doc[span.end].lower_
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in TYPE_WORDS:
        return doc[span.start - 2].lower_
    return None


def _dateline_found(doc: Doc, article: Article) -> _Found | None:
    """The dateline's place ("ALTUN KUPRI" of "ALTUN KUPRI, Iraq -") with its qualifier."""
    dl = article.dateline
    if dl is None:
        return None
    window = article.text[dl.start : dl.end]
    at = window.find(dl.place_text)
    base = dl.start + (max(at, 0))
    name, _, qualifier = dl.place_text.partition(",")
    name = name.strip()
    start = base + dl.place_text.find(name) if at >= 0 else dl.start
    if not name or article.text[start : start + len(name)] != name:
        start = article.text.find(name, dl.start)
        if start < 0:
            log.debug("article %s: dateline place %r not found in its text", article.id, name)
            return None
    toponym = Toponym(name, start, start + len(name), qualifier=qualifier.strip() or None, is_dateline=True)
    return _Found(start, start + len(name), "dateline", "GPE", toponym)


def _relative(text: str, doc: Doc, span: Span) -> tuple[str, float | None, float | None] | None:
    """A relative-location phrase right before the name: ("distance", bearing, km), ("direction", ...), ("near", ...)."""
    sent_start = span.sent.start_char if doc.has_annotation("SENT_START") else max(0, span.start_char - 120)
    before = text[max(sent_start, span.start_char - 120) : span.start_char]
    m = _RELATIVE_DISTANCE.search(before)
    if m:
        bearing = BEARINGS.get(re.sub(r"[\s-]", "", m["dir"].lower()))
        if bearing is not None:
            raw = m["num"].lower().replace(",", ".")
            value = float(raw) if raw[0].isdigit() else float(_NUMBER_WORDS[raw])
            km = value * (1.609 if m["unit"].lower().startswith("mi") else 1.0)
            return ("distance", bearing, km)
    m = _RELATIVE_DIRECTION.search(before)
    if m:
        bearing = BEARINGS.get(re.sub(r"[\s-]", "", m["dir"].lower()))
        if bearing is not None and " and " not in m.group(0):
            return ("direction", bearing, None)
        return ("near", None, None)
    if _RELATIVE_NEAR.search(before):
        return ("near", None, None)
    return None


# ---------------------------------------------------------------------------
# Resolution into PlaceMentions
# ---------------------------------------------------------------------------


FACILITY_WORDS = frozenset(
    ["street", "st", "road", "rd", "avenue", "ave", "boulevard", "lane", "drive", "highway", "square", "plaza", "bridge", "estate", "park", "garden", "gardens", "hospital", "church", "mosque", "cathedral", "temple", "school", "college", "university", "stadium", "arena", "centre", "center", "hall", "market", "mall", "station", "airport", "port", "harbour", "harbor", "prison", "jail", "camp", "farm", "farms", "base", "building", "tower", "hotel", "museum", "library", "court", "palace", "embassy", "office", "factory", "plant", "mine"]
)
"""Last words of facility and street names: such a place lies in the town the article is about."""


def _resolve(found: list[_Found], article: Article, gazetteer: Gazetteer) -> list[PlaceMention]:
    resolutions = resolve_toponyms([f.toponym for f in found], gazetteer)
    mentions = [_mention(f, r, article) for f, r in zip(found, resolutions, strict=True)]
    focus = _focus_town(mentions)
    if focus is not None:
        for m in mentions:
            if m.place is None and m.role in EVENT_ROLES and fold_name(m.mention.text).split()[-1:] in (
                [w] for w in FACILITY_WORDS
            ):
                _place_in_focus(m, focus)
    return mentions


def _focus_town(mentions: list[PlaceMention]) -> Place | None:
    """The town the article is about: its dateline, else its most-mentioned resolved town."""
    votes: Counter[str] = Counter()
    towns: dict[str, Place] = {}
    for m in mentions:
        if m.place is not None and m.role in EVENT_ROLES and m.precision in ("exact", "near"):
            votes[m.place.place_id] += 3 if m.role == "dateline" else 1
            towns[m.place.place_id] = m.place
    return towns[votes.most_common(1)[0][0]] if votes else None


def _place_in_focus(m: PlaceMention, focus: Place) -> None:
    """A facility or street the gazetteer lacks ("Third Street"): near the article's main town."""
    m.anchor = focus
    m.lat, m.lon = focus.lat, focus.lon
    m.precision = "near"
    m.radius_km = 25.0
    m.confidence = 0.3
    m.rule = "facility_in_focus_town"
    m.reason = f"{m.reason}; a facility or street, placed at the article's main town {focus.name}"


def _mention(f: _Found, r: Resolution, article: Article) -> PlaceMention:
    mention = Mention(article_id=article.id, start=f.start, end=f.end, text=article.text[f.start : f.end])
    out = PlaceMention(mention=mention, role=f.role, candidates=r.candidates, reason=r.reason)
    place = r.place
    if place is None:
        out.rule = "unresolved"
        return out
    out.place = place
    out.lat, out.lon = place.lat, place.lon
    out.precision = _precision(place)
    out.radius_km = _radius(place)
    out.confidence = r.confidence
    out.rule = r.rule
    if f.relative and f.role in EVENT_ROLES and out.precision in ("exact", "admin1"):
        _apply_relative(out, place, f.relative)
    return out


def _precision(place: Place) -> Precision:
    code = place.feature_code or ""
    if code in _PRECISION:
        return _PRECISION[code]
    if place.feature_class in _REGION_CLASSES or code in ("CONT", "RGN"):
        return "region"
    return "exact"


def _radius(place: Place) -> float:
    """Uncertainty radius in km: a town's extent, a province's, a country's, a region's."""
    code = place.feature_code or ""
    if code in ("PCLI", "TERR"):
        return 500.0
    if code == "ADM1":
        return 150.0
    if code in ("ADM2", "ADMD"):
        return 40.0
    if place.feature_class in _REGION_CLASSES or code in ("CONT", "RGN"):
        return 300.0
    population = place.population or 0
    return 5.0 if population < 50_000 else 10.0 if population < 1_000_000 else 25.0


def _apply_relative(out: PlaceMention, place: Place, relative: tuple[str, float | None, float | None]) -> None:
    kind, bearing, km = relative
    out.anchor = place
    out.precision = "near"
    if kind == "distance" and bearing is not None and km is not None:
        out.lat, out.lon = offset_point(place.lat, place.lon, bearing, km)
        out.radius_km = round(max(5.0, km * 0.25), 1)
        out.rule = "relative_distance"
    elif kind == "direction" and bearing is not None:
        reach = max(10.0, (out.radius_km or 5.0) * 2)
        out.lat, out.lon = offset_point(place.lat, place.lon, bearing, reach)
        out.radius_km = round(reach, 1)
        out.rule = "relative_direction"
    else:
        out.radius_km = round(max(15.0, (out.radius_km or 5.0) * 2), 1)
        out.rule = "relative_near"


# ---------------------------------------------------------------------------
# Event geolocation
# ---------------------------------------------------------------------------

_LOCATIVE_PREPS = frozenset(
    ["in", "at", "near", "outside", "inside", "into", "on", "around", "across", "throughout", "from", "of", "toward", "towards", "along", "within", "between", "outskirts"]
)


def locate_event(doc: Doc, trigger: Span, places: list[PlaceMention], article: Article) -> EventPlace:
    """Where the event whose trigger is ``trigger`` happened, and which rule decided.

    Rules, first that applies: ``syntactic`` (a literal toponym in a locative
    phrase — in/near/at/outside/north of X — governed by the trigger or its
    clause), ``clause`` (the nearest literal toponym in the trigger's clause),
    ``sentence`` (the nearest in the sentence), ``dateline`` (the article's
    dateline place), ``country`` (the country the article's places point to most).
    A country or region chosen by the clause or sentence rule gives way to the
    dateline when the dateline lies inside it (rule ``clause_dateline`` /
    ``sentence_dateline``). Demonyms, metonyms and organisation names are never chosen. Returns an
    unresolved EventPlace with rule ``none`` when nothing applies.
    """
    usable = [p for p in places if p.role in EVENT_ROLES and p.lat is not None]
    spans: list[tuple[PlaceMention, Span]] = []
    for p in usable:
        span = doc.char_span(p.mention.start, p.mention.end, alignment_mode="expand")
        if span is not None:
            spans.append((p, span))
    sent = trigger.sent
    in_sent = [(p, s) for p, s in spans if s.start >= sent.start and s.end <= sent.end]
    clause = _clause_tokens(trigger)

    attached = [(p, s) for p, s in in_sent if _governed_by(s, trigger, clause)]
    if attached:
        return _event_place(_nearest(attached, trigger), "syntactic")
    dateline = next((p for p in usable if p.role == "dateline"), None)
    in_clause = [(p, s) for p, s in in_sent if s.root.i in clause and s.root.dep_ != "poss"]
    if in_clause:
        return _finer(_nearest(in_clause, trigger), dateline, "clause")
    in_sentence = [(p, s) for p, s in in_sent if s.root.dep_ != "poss"]
    if in_sentence:
        return _finer(_nearest(in_sentence, trigger), dateline, "sentence")
    if dateline is not None:
        return _event_place(dateline, "dateline")
    country = _main_country(places)
    if country is not None:
        return EventPlace(
            place=country, lat=country.lat, lon=country.lon, precision="country", radius_km=country.radius_km,
            country=country.place.country if country.place else None, rule="country",
        )
    return EventPlace(rule="none")


def _clause_tokens(trigger: Span) -> set[int]:
    """Token indices of the trigger's clause: the subtree of its nearest verb (or itself)."""
    head = trigger.root
    while head.pos_ not in ("VERB", "AUX") and head.head != head:
        head = head.head
    return {t.i for t in head.subtree}


def _governed_by(span: Span, trigger: Span, clause: set[int]) -> bool:
    """True when the toponym sits in a locative phrase attached to the trigger through nouns only.

    "shelled positions north of Altun Kupri" qualifies; "exchanged fire ... a week
    that saw the Kurds hand over territory across Iraq" does not (another verb between).
    """
    tok = span.root
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return False
        if tok.dep_ == "pobj" and head.lower_ in _LOCATIVE_PREPS:
            return head.i in clause and _reaches(head.head, trigger)
        tok = head
    return False


def _reaches(tok: Token, trigger: Span) -> bool:
    """True when walking up from ``tok`` meets the trigger before any other verb."""
    for _ in range(6):
        if trigger.start <= tok.i < trigger.end:
            return True
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _finer(p: PlaceMention, dateline: PlaceMention | None, rule: str) -> EventPlace:
    """``p``, unless it is a whole country or region that the dateline lies in: then the dateline."""
    if (
        dateline is not None
        and p.precision in ("country", "region")
        and dateline.place is not None
        and p.place is not None
        and dateline.place.country == p.place.country
    ):
        return _event_place(dateline, f"{rule}_dateline")
    return _event_place(p, rule)


def _nearest(items: list[tuple[PlaceMention, Span]], trigger: Span) -> PlaceMention:
    return min(items, key=lambda ps: min(abs(ps[1].start - trigger.start), abs(ps[1].end - trigger.end)))[0]


def _event_place(p: PlaceMention, rule: str) -> EventPlace:
    return EventPlace(
        place=p, lat=p.lat, lon=p.lon, precision=p.precision, radius_km=p.radius_km,
        country=p.place.country if p.place else None, rule=rule,
    )


def _main_country(places: list[PlaceMention]) -> PlaceMention | None:
    """A country-level mention of the country most of the article's resolved places lie in."""
    votes: Counter[str] = Counter(p.place.country for p in places if p.place and p.place.country)
    if not votes:
        return None
    code = votes.most_common(1)[0][0]
    for p in places:
        if p.place and p.place.country == code and p.precision == "country":
            return p
    from dateline.knowledge.gazetteer import load_gazetteer

    try:
        country = load_gazetteer().country(code)
    except KeyError:
        return None
    first = next(p for p in places if p.place and p.place.country == code)
    return PlaceMention(
        mention=first.mention, role=first.role, place=country, lat=country.lat, lon=country.lon,
        precision="country", radius_km=_radius(country), confidence=0.5, rule="article_country",
    )
