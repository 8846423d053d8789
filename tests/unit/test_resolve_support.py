"""Builders for the resolve tests: hand-made events and the seed articles as model records.

No tests live here; the other ``test_resolve_*`` modules import these helpers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Event,
    EventDate,
    EventPlace,
    Evidence,
    Mention,
    Place,
    PlaceMention,
    Quantity,
    article_id,
)
from tests.conftest import seed_text

FRIDAY = date(2017, 10, 20)
ALTUN_KUPRI = (35.755, 44.145)
HAWIJA = (35.327, 43.776)


def actor(code: str | None, name: str | None = None, affiliations: tuple[str, ...] = ()) -> ActorMention:
    label = name or code or "someone"
    return ActorMention(
        mention=Mention(article_id="-", start=0, end=len(label), text=label),
        actor=Actor(name=label, code=code, affiliations=list(affiliations)),
        coded=code is not None,
    )


def uncoded(name: str, *, kind: str = "other", sector: str | None = None, country: str | None = None) -> ActorMention:
    """An actor phrase the knowledge base could not code ("jihadist fighters"), with the extractor's best guesses."""
    return ActorMention(
        mention=Mention(article_id="-", start=0, end=len(name), text=name),
        actor=Actor(name=name, kind=kind, sector=sector, country=country),
    )


def event(
    article: str,
    event_id: str,
    *,
    type: str = "ASSAULT",
    sources: tuple[str | ActorMention, ...] = ("IRQMIL",),
    targets: tuple[str | ActorMention, ...] = ("KURMIL",),
    at: tuple[float, float] | None = ALTUN_KUPRI,
    place: str = "Altun Kupri",
    precision: str = "exact",
    country: str | None = "IQ",
    admin1: str | None = None,
    place_rule: str = "",
    on: date | None = FRIDAY,
    until: date | None = None,
    granularity: str = "day",
    date_rule: str = "",
    inferred: bool = False,
    evidence: str = "Iraqi forces shelled Kurdish positions near the town on Friday, officials said.",
    evidence_start: int = 0,
    trigger: tuple[int, int] = (0, 6),
    trigger_text: str | None = None,
    fatalities: int | None = None,
    modality: str = "asserted",
    confidence: float = 0.8,
) -> Event:
    """An event as the extractor would produce it, with only the fields resolution reads filled in.

    Actors are codes or :func:`uncoded` mentions; ``admin1`` attaches a
    gazetteer entry naming the province the place lies in.
    """
    lat, lon = at if at is not None else (None, None)
    gazetteer = (Place(place_id=f"test:{place}", name=place, country=country, admin1=admin1, lat=lat, lon=lon)
                 if admin1 is not None and lat is not None and lon is not None else None)
    place_mention = PlaceMention(
        mention=Mention(article_id=article, start=0, end=len(place), text=place), place=gazetteer,
        lat=lat, lon=lon, precision=precision if at is not None else "unresolved",
    )
    quantities = [Quantity(kind="fatalities", text=str(fatalities), value=fatalities)] if fatalities is not None else []
    text = trigger_text if trigger_text is not None else "x" * (trigger[1] - trigger[0])
    return Event(
        id=event_id,
        article_id=article,
        type=type,
        sources=[actor(c) if isinstance(c, str) else c for c in sources],
        targets=[actor(c) if isinstance(c, str) else c for c in targets],
        place=EventPlace(place=place_mention, lat=lat, lon=lon, rule=place_rule,
                         precision=precision if at is not None else "unresolved", country=country),
        date=EventDate(start=on, end=until or on, granularity=granularity if on else "unknown",
                       rule=date_rule, inferred=inferred),
        modality=modality,
        quantities=quantities,
        trigger=Mention(article_id=article, start=trigger[0], end=trigger[1], text=text),
        evidence=Evidence(text=evidence, start=evidence_start, end=evidence_start + len(evidence)),
        confidence=confidence,
    )


def at_phrase(evidence: str, phrase: str, *, sentence_start: int = 0) -> dict:
    """``event()`` arguments placing the trigger on ``phrase`` inside ``evidence`` (which starts at ``sentence_start``)."""
    start = sentence_start + evidence.index(phrase)
    return {"evidence": evidence, "evidence_start": sentence_start, "trigger": (start, start + len(phrase)),
            "trigger_text": phrase}


def article(
    aid: str,
    *,
    source: str | None = None,
    published: date | None = FRIDAY,
    near_duplicate_of: str | None = None,
    text: str = "...",
    kind: str = "unknown",
) -> Article:
    return Article(
        id=aid, text=text, source=source, published=published,
        published_found_in="header" if published else "unknown",
        near_duplicate_of=near_duplicate_of, kind=kind,
    )


def seed_articles(seeds: Path) -> tuple[Article, Article, Article]:
    """(AP report dated 2017-10-20 as its header says, undated blog, undated 2014 piece)."""
    ap_text, blog_text, other_text = seed_text(seeds, "002"), seed_text(seeds, "000"), seed_text(seeds, "001")
    ap = Article(id=article_id(ap_text), text=ap_text, source="Associated Press", published=FRIDAY,
                 published_found_in="header", kind="report")
    blog = Article(id=article_id(blog_text), text=blog_text, source="blog", kind="opinion")
    other = Article(id=article_id(other_text), text=other_text, source="other blog")
    return ap, blog, other


def span_of(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def sentence_around(text: str, phrase: str) -> str:
    start = text.index(phrase)
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right = text.find(".", start + len(phrase))
    return text[left: right + 1].strip()
