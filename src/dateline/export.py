"""Exports in the formats analysts' tools already read: JSON lines, ACLED-style CSV,
GeoJSON, Parquet, PLOVER JSON and GDELT-like CAMEO TSV.

Every writer streams: events come from the store one at a time and rows go out
one at a time (Parquet in row groups), so exporting a large store needs memory
for one batch, not for the store.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import IO, Any

from dateline.model import ActorMention, Article, Event

FORMATS = ("jsonl", "csv", "acled", "geojson", "parquet", "plover", "cameo")

# ACLED's standard columns, in ACLED's order (ACLED Codebook 2023).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# dateline's own columns, appended after ACLED's in the ``csv`` format.
OWN_COLUMNS = (
    "dateline_event_id", "article_id", "story_id", "plover_type", "plover_mode", "cameo_root", "modality",
    "confidence", "actor1_code", "actor2_code", "place_id", "place_rule", "date_rule", "url",
)

# ACLED "inter" codes: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces; 0 = no actor.
_INTER_BY_SECTOR = {"REB": 2, "INS": 2, "PRO": 6, "RIO": 5, "CVL": 7, "MED": 7, "REF": 7}
_INTER_BY_KIND = {"state_force": 1, "government": 1, "judiciary": 1, "rebel_militia": 3, "ethnic_group": 4,
                  "political_party": 3, "civilians": 7, "media": 7, "external_state": 8, "igo": 8}
_VIOLENT_ACLED = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_GEO_PRECISION = {"exact": 1, "near": 2, "admin1": 3, "region": 3, "country": 3}


@lru_cache(maxsize=512)
def _country(alpha2: str | None) -> tuple[str, str]:
    """(name, ISO numeric) for an alpha-2 code; empty strings when unknown."""
    if not alpha2:
        return "", ""
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2.upper())
    return (c.name, str(int(c.numeric))) if c else ("", "")


@lru_cache(maxsize=512)
def _alpha2(alpha3: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_3=alpha3.upper())
    return c.alpha_2 if c else None


def _inter(mentions: list[ActorMention], event: Event) -> int:
    if not mentions:
        return 0
    actor = mentions[0].actor
    if actor.country and event.place.country and actor.kind in ("state_force", "government"):
        # A state's forces acting abroad are "external forces" in ACLED's scheme.
        if _alpha2(actor.country) not in (None, event.place.country):
            return 8
    return _INTER_BY_SECTOR.get(actor.sector or "", _INTER_BY_KIND.get(actor.kind, 8))


def _names(mentions: list[ActorMention]) -> list[str]:
    return [m.actor.name if m.coded else m.mention.text for m in mentions]


def _time_precision(event: Event) -> int:
    d = event.date
    if d.start is None:
        return 3
    if d.end is None or d.end == d.start:
        return 1 if d.granularity == "day" else 3
    return 2 if (d.end - d.start).days <= 7 else 3


def _fatalities(event: Event) -> int:
    return sum((q.value or q.low or 0) for q in event.quantities if q.kind == "fatalities")


def acled_row(event: Event, article: Article | None) -> dict[str, Any]:
    """One event as an ACLED-style row (ACLED's columns and conventions, then dateline's own)."""
    place = event.place
    country_name, iso = _country(place.country)
    inter1, inter2 = _inter(event.sources, event), _inter(event.targets, event)
    interaction = int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter1 and inter2 else inter1 * 10
    p = place.place.place if place.place and place.place.place else None
    actors1, actors2 = _names(event.sources), _names(event.targets)
    row = {
        "event_id_cnty": event.id,
        "event_date": event.date.start.isoformat() if event.date.start else "",
        "year": event.date.start.year if event.date.start else "",
        "time_precision": _time_precision(event),
        "disorder_type": _disorder_type(event),
        "event_type": event.acled_type or "",
        "sub_event_type": event.acled_subtype or "",
        "actor1": actors1[0] if actors1 else "",
        "assoc_actor_1": "; ".join(actors1[1:] + _names(event.coactors)),
        "inter1": inter1,
        "actor2": actors2[0] if actors2 else "",
        "assoc_actor_2": "; ".join(actors2[1:]),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 and event.acled_type in _VIOLENT_ACLED else "",
        "iso": iso,
        "region": "",
        "country": country_name,
        "admin1": p.admin1 if p else "",
        "admin2": "",
        "admin3": "",
        "location": p.name if p else "",
        "latitude": place.lat if place.lat is not None else "",
        "longitude": place.lon if place.lon is not None else "",
        "geo_precision": _GEO_PRECISION.get(place.precision, ""),
        "source": (article.source if article else None) or "",
        "source_scale": "",
        "notes": " ".join(event.evidence.text.split()),
        "fatalities": _fatalities(event),
        "tags": event.modality if event.modality != "asserted" else "",
        "timestamp": int(article.ingested_at.timestamp()) if article and article.ingested_at else "",
    }
    row.update({
        "dateline_event_id": event.id,
        "article_id": event.article_id,
        "story_id": event.story_id or "",
        "plover_type": event.type,
        "plover_mode": event.mode or "",
        "cameo_root": event.cameo_root or "",
        "modality": event.modality,
        "confidence": round(event.confidence, 3),
        "actor1_code": event.sources[0].actor.code or "" if event.sources else "",
        "actor2_code": event.targets[0].actor.code or "" if event.targets else "",
        "place_id": p.place_id if p else "",
        "place_rule": place.rule,
        "date_rule": event.date.rule,
        "url": (article.url if article else None) or "",
    })
    return row


def _disorder_type(event: Event) -> str:
    if event.acled_type in _VIOLENT_ACLED:
        return "Political violence"
    if event.acled_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments" if event.acled_type else ""


def _actor_entry(m: ActorMention) -> dict[str, Any]:
    return {"text": m.mention.text, "code": m.actor.code, "name": m.actor.name, "country": m.actor.country,
            "sector": m.actor.sector}


def plover_record(event: Event, article: Article | None) -> dict[str, Any]:
    """One event with the PLOVER codebook's field names (actor, recipient, event, mode, context, event_loc)."""
    place = event.place
    p = place.place.place if place.place and place.place.place else None
    return {
        "id": event.id,
        "date": event.date.start.isoformat() if event.date.start else None,
        "event": event.type,
        "mode": event.mode or "",
        "context": list(event.context),
        "quad": event.quad,
        "actor": [_actor_entry(m) for m in event.sources],
        "recipient": [_actor_entry(m) for m in event.targets],
        "event_loc": {"name": p.name if p else None, "lat": place.lat, "lon": place.lon,
                      "geonamesID": p.geonames_id if p else None, "country": place.country,
                      "precision": place.precision},
        "event_text": event.evidence.text,
        "modality": event.modality,
        "confidence": event.confidence,
        "source": article.source if article else None,
        "url": article.url if article else None,
        "article_id": event.article_id,
    }


CAMEO_COLUMNS = ("GlobalEventID", "Day", "Actor1Code", "Actor1Name", "Actor2Code", "Actor2Name", "EventRootCode",
                 "QuadClass", "PloverType", "PloverMode", "ActionGeo_Type", "ActionGeo_FullName",
                 "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "NumSources", "SOURCEURL")
_QUAD = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}
_GEO_TYPE = {"country": 1, "admin1": 2, "exact": 4, "near": 4, "region": 2}


def cameo_row(event: Event, article: Article | None) -> list[Any]:
    """One event as a GDELT-like tab-separated row (CAMEO root code, quad class, action geo)."""
    place = event.place
    p = place.place.place if place.place and place.place.place else None
    first = lambda ms: ms[0] if ms else None  # noqa: E731
    a1, a2 = first(event.sources), first(event.targets)
    return [
        event.id,
        event.date.start.strftime("%Y%m%d") if event.date.start else "",
        (a1.actor.code or "") if a1 else "", (a1.actor.name if a1 else ""),
        (a2.actor.code or "") if a2 else "", (a2.actor.name if a2 else ""),
        event.cameo_root or "", _QUAD.get((event.quad or "").lower(), ""), event.type, event.mode or "",
        _GEO_TYPE.get(place.precision, 0), p.name if p else "", place.country or "",
        place.lat if place.lat is not None else "", place.lon if place.lon is not None else "",
        1, (article.url if article else None) or "",
    ]


def geojson_feature(event: Event, article: Article | None) -> dict[str, Any] | None:
    """A GeoJSON Point feature; None for events with no coordinates (GeoJSON needs geometry)."""
    place = event.place
    if place.lat is None or place.lon is None:
        return None
    props = acled_row(event, article)
    props["precision"] = place.precision
    props["radius_km"] = place.radius_km
    return {"type": "Feature", "id": event.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]}, "properties": props}


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


@contextmanager
def _open_text(output: str | IO[str]) -> Iterator[IO[str]]:
    if not isinstance(output, str):
        yield output
        return
    if output == "-":
        yield sys.stdout
        return
    with open(output, "w", encoding="utf-8", newline="") as fh:
        yield fh


def _write_jsonl(pairs: Iterable[tuple[Event, Article | None]], fh: IO[str],
                 to_dict: Callable[[Event, Article | None], dict[str, Any]]) -> int:
    n = 0
    for event, article in pairs:
        fh.write(json.dumps(to_dict(event, article), default=str, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_csv(pairs: Iterable[tuple[Event, Article | None]], fh: IO[str], columns: tuple[str, ...]) -> int:
    writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for event, article in pairs:
        writer.writerow(acled_row(event, article))
        n += 1
    return n


def _write_cameo(pairs: Iterable[tuple[Event, Article | None]], fh: IO[str]) -> int:
    writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
    writer.writerow(CAMEO_COLUMNS)
    n = 0
    for event, article in pairs:
        writer.writerow(cameo_row(event, article))
        n += 1
    return n


def _write_geojson(pairs: Iterable[tuple[Event, Article | None]], fh: IO[str]) -> int:
    fh.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for event, article in pairs:
        feature = geojson_feature(event, article)
        if feature is None:
            continue
        fh.write(("" if n == 0 else ",\n") + json.dumps(feature, default=str, ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n


PARQUET_BATCH = 5000


def _write_parquet(pairs: Iterable[tuple[Event, Article | None]], output: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = ACLED_COLUMNS + OWN_COLUMNS
    string_cols = set(columns) - {"year", "time_precision", "inter1", "inter2", "interaction", "latitude",
                                  "longitude", "geo_precision", "fatalities", "confidence", "timestamp"}
    types = {c: pa.string() for c in string_cols}
    types.update({c: pa.int64() for c in ("year", "time_precision", "inter1", "inter2", "interaction",
                                          "geo_precision", "fatalities", "timestamp")})
    types.update({c: pa.float64() for c in ("latitude", "longitude", "confidence")})
    schema = pa.schema([(c, types[c]) for c in columns])
    n = 0
    with pq.ParquetWriter(output, schema) as writer:
        batch: list[dict[str, Any]] = []
        for event, article in pairs:
            row = acled_row(event, article)
            batch.append({c: (None if row.get(c) == "" else row.get(c)) for c in columns})
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def events_with_articles(events: Iterable[Event], get_article: Callable[[str], Article | None]
                         ) -> Iterator[tuple[Event, Article | None]]:
    """Pair each event with its article, remembering only the last article (events come grouped by article)."""
    last: Article | None = None
    for event in events:
        if last is None or last.id != event.article_id:
            last = get_article(event.article_id)
        yield event, last


def write_events(pairs: Iterable[tuple[Event, Article | None]], fmt: str, output: str | IO[str]) -> int:
    """Write (event, article) pairs to ``output`` (a path, ``-`` or an open text stream) in ``fmt``.

    Returns the number of events written.
    """
    if fmt == "parquet":
        return _write_parquet(pairs, output)
    with _open_text(output) as fh:
        if fmt == "jsonl":
            return _write_jsonl(pairs, fh, lambda e, a: e.model_dump(mode="json"))
        if fmt == "plover":
            return _write_jsonl(pairs, fh, plover_record)
        if fmt == "csv":
            return _write_csv(pairs, fh, ACLED_COLUMNS + OWN_COLUMNS)
        if fmt == "acled":
            return _write_csv(pairs, fh, ACLED_COLUMNS)
        if fmt == "geojson":
            return _write_geojson(pairs, fh)
        if fmt == "cameo":
            return _write_cameo(pairs, fh)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_export(store: Any, fmt: str, output: str, *, filters: dict[str, Any] | None = None,
                 limit: int | None = None) -> int:
    """Stream the store's events (optionally filtered) to ``output`` in ``fmt``."""
    events = store.all_events(**(filters or {}), limit=limit)
    return write_events(events_with_articles(events, store.get_article), fmt, output)
