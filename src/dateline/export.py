"""Exports in the formats analysts' tools already read.

=========  =================================================================
format     what comes out
=========  =================================================================
jsonl      one :class:`~dateline.model.Event` record per line, everything kept
csv        ACLED's columns, then the flat event table's (:data:`CSV_COLUMNS`)
parquet    the same flat table with typed columns (dates, floats, booleans)
geojson    a FeatureCollection of located events, flat-table properties
acled      CSV with ACLED's columns and codes (:data:`ACLED_COLUMNS`)
plover     JSON lines with the PLOVER data-interchange field names
cameo      GDELT 2.0 event-table columns, tab-separated, CAMEO codes
=========  =================================================================

The flat table is the one the ``events_flat`` SQL view, ``Dataset.events().to_pandas()``,
CSV (after ACLED's columns) and Parquet share, so a column means the same wherever it is read. Every
writer streams: events come from the store one at a time and rows go out one
at a time (Parquet in row groups), so exporting a large store needs memory for
one batch, not for the store. Unknown values are empty (CSV) or null, never
guessed: an undated event has no ``event_date`` even in the ACLED layout.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

from dateline.model import ActorMention, Article, Event, Place

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("jsonl", "csv", "acled", "geojson", "parquet", "plover", "cameo")
CODEBOOK = "dateline PLOVER coding (PLOVER event types and modes; ACLED and CAMEO mappings)"

# ---------------------------------------------------------------------------
# The flat event table
# ---------------------------------------------------------------------------

FLAT_VIEW_COLUMNS: dict[str, str] = {
    "event_id": "string", "article_id": "string", "type": "string", "mode": "string", "quad": "string",
    "acled_type": "string", "acled_subtype": "string", "cameo_root": "string", "modality": "string",
    "date_start": "date", "date_end": "date", "date_granularity": "string", "date_inferred": "bool",
    "source_actors": "string", "source_codes": "string", "target_actors": "string", "target_codes": "string",
    "place_id": "string", "place_name": "string", "place_admin1": "string", "place_text": "string",
    "country": "string", "lat": "float", "lon": "float", "precision": "string", "confidence": "float",
    "evidence": "string", "trigger_text": "string", "story_id": "string", "attributed_to": "string",
    "article_source": "string", "article_url": "string", "article_title": "string", "article_published": "date",
}
"""The ``events_flat`` view's columns, in its order, with their types."""

FLAT_COLUMNS: dict[str, str] = {
    **FLAT_VIEW_COLUMNS,
    "radius_km": "float", "fatalities": "int", "date_rule": "string", "place_rule": "string",
}
"""The flat event table: ``events_flat``'s columns, then four the view leaves out."""

ACTOR_SEPARATOR = "; "


def _joined(values: Iterable[str | None]) -> str | None:
    """Names joined the way ``events_flat`` joins them (``group_concat`` skips nulls; none -> null)."""
    kept = [v for v in values if v]
    return ACTOR_SEPARATOR.join(kept) if kept else None


def _place(event: Event) -> Place | None:
    mention = event.place.place
    return mention.place if mention else None


def fatalities(event: Event) -> int | None:
    """Deaths the event reports (the sum of its fatality counts); None when it reports none."""
    counts = [q.value if q.value is not None else q.low for q in event.quantities if q.kind == "fatalities"]
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


def flat_row(event: Event, article: Article | None) -> dict[str, Any]:
    """One event as a row of the flat table (:data:`FLAT_COLUMNS`); dates stay ``date`` objects."""
    place, p = event.place, _place(event)
    return {
        "event_id": event.id,
        "article_id": event.article_id,
        "type": event.type,
        "mode": event.mode,
        "quad": event.quad,
        "acled_type": event.acled_type,
        "acled_subtype": event.acled_subtype,
        "cameo_root": event.cameo_root,
        "modality": event.modality,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "date_granularity": event.date.granularity,
        "date_inferred": event.date.inferred,
        "source_actors": _joined(m.actor.name for m in event.sources),
        "source_codes": _joined(m.actor.code for m in event.sources),
        "target_actors": _joined(m.actor.name for m in event.targets),
        "target_codes": _joined(m.actor.code for m in event.targets),
        "place_id": p.place_id if p else None,
        "place_name": p.name if p else None,
        "place_admin1": p.admin1 if p else None,
        "place_text": place.place.mention.text if place.place else None,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
        "confidence": event.confidence,
        "evidence": event.evidence.text,
        "trigger_text": event.trigger.text,
        "story_id": event.story_id,
        "attributed_to": event.attributed_to,
        "article_source": article.source if article else None,
        "article_url": article.url if article else None,
        "article_title": article.title if article else None,
        "article_published": article.published if article else None,
        "radius_km": place.radius_km,
        "fatalities": fatalities(event),
        "date_rule": event.date.rule,
        "place_rule": place.rule,
    }


def arrow_schema(columns: dict[str, str], *, description: str) -> pa.Schema:
    """An Arrow schema for a flat table whose column types are named ``string``, ``date`` ..."""
    import pyarrow as pa

    types = {"string": pa.string(), "date": pa.date32(), "float": pa.float64(), "int": pa.int64(),
             "bool": pa.bool_(), "timestamp": pa.timestamp("s", tz="UTC")}
    return pa.schema([(name, types[kind]) for name, kind in columns.items()],
                     metadata={"dateline": description})


def flat_schema() -> pa.Schema:
    """The Arrow schema of the flat event table (Parquet export, ``to_arrow()``)."""
    return arrow_schema(FLAT_COLUMNS, description="events: one row per event mention")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


# ---------------------------------------------------------------------------
# ACLED
# ---------------------------------------------------------------------------

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
"""ACLED's standard columns, in ACLED's order."""

# ACLED "inter" codes: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces; 0 = no actor.
_INTER_BY_SECTOR = {"REB": 2, "INS": 2, "PRO": 6, "RIO": 5, "CVL": 7, "MED": 7, "REF": 7}
_INTER_BY_KIND = {"state_force": 1, "government": 1, "judiciary": 1, "rebel_militia": 3, "ethnic_group": 4,
                  "political_party": 3, "civilians": 7, "media": 7, "external_state": 8, "igo": 8}
_VIOLENT_ACLED = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_GEO_PRECISION = {"exact": 1, "near": 2, "admin1": 3, "region": 3, "country": 3}


@lru_cache(maxsize=512)
def _country(alpha2: str | None) -> tuple[str, str, str]:
    """(name, ISO numeric, alpha-3) for an alpha-2 code; empty strings when unknown."""
    if not alpha2:
        return "", "", ""
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2.upper())
    return (c.name, str(int(c.numeric)), c.alpha_3) if c else ("", "", "")


@lru_cache(maxsize=512)
def _alpha2(alpha3: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_3=alpha3.upper())
    return c.alpha_2 if c else None


def _inter(mentions: list[ActorMention], event: Event) -> int:
    if not mentions:
        return 0
    actor = mentions[0].actor
    abroad = actor.country and event.place.country and _alpha2(actor.country) not in (None, event.place.country)
    if abroad and actor.kind in ("state_force", "government"):
        return 8  # a state's forces acting abroad are "external forces" in ACLED's scheme
    return _INTER_BY_SECTOR.get(actor.sector or "", _INTER_BY_KIND.get(actor.kind, 8))


def _names(mentions: list[ActorMention]) -> list[str]:
    return [m.actor.name if m.coded else m.mention.text for m in mentions]


def _time_precision(event: Event) -> int | None:
    d = event.date
    if d.start is None:
        return None
    if d.end is None or d.end == d.start:
        return 1 if d.granularity == "day" else 3
    return 2 if (d.end - d.start).days <= 7 else 3


def _disorder_type(event: Event) -> str | None:
    if event.acled_type in _VIOLENT_ACLED:
        return "Political violence"
    if event.acled_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments" if event.acled_type else None


def acled_row(event: Event, article: Article | None) -> dict[str, Any]:
    """One event as an ACLED row: ACLED's columns, codes and conventions.

    ``inter1``/``inter2``/``interaction`` use ACLED's numeric actor-type codes,
    ``time_precision`` and ``geo_precision`` its 1-3 scales, ``fatalities`` is
    0 when none are reported (ACLED's convention), ``notes`` is the evidence
    sentence and ``tags`` the modality when it is not ``asserted``.
    """
    place, p = event.place, _place(event)
    country_name, iso, _ = _country(place.country)
    inter1, inter2 = _inter(event.sources, event), _inter(event.targets, event)
    interaction = int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter1 and inter2 else inter1 * 10
    actors1, actors2 = _names(event.sources), _names(event.targets)
    start = event.date.start
    return {
        "event_id_cnty": event.id,
        "event_date": start,
        "year": start.year if start else None,
        "time_precision": _time_precision(event),
        "disorder_type": _disorder_type(event),
        "event_type": event.acled_type,
        "sub_event_type": event.acled_subtype,
        "actor1": actors1[0] if actors1 else None,
        "assoc_actor_1": "; ".join(actors1[1:] + _names(event.coactors)) or None,
        "inter1": inter1,
        "actor2": actors2[0] if actors2 else None,
        "assoc_actor_2": "; ".join(actors2[1:]) or None,
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 and event.acled_type in _VIOLENT_ACLED else None,
        "iso": int(iso) if iso else None,
        "region": None,
        "country": country_name or None,
        "admin1": p.admin1 if p else None,
        "admin2": None,
        "admin3": None,
        "location": p.name if p else None,
        "latitude": place.lat,
        "longitude": place.lon,
        "geo_precision": _GEO_PRECISION.get(place.precision),
        "source": article.source if article else None,
        "source_scale": None,
        "notes": " ".join(event.evidence.text.split()),
        "fatalities": fatalities(event) or 0,
        "tags": event.modality if event.modality != "asserted" else None,
        "timestamp": int(article.ingested_at.timestamp()) if article and article.ingested_at else None,
    }


# ---------------------------------------------------------------------------
# PLOVER
# ---------------------------------------------------------------------------

_QUAD = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}


def quad_code(event: Event) -> int | None:
    """PLOVER's numeric quad class (1-4; GDELT's QuadClass) of the event's quad ("material-conflict" -> 4)."""
    return _QUAD.get((event.quad or "").lower().replace("-", " ").replace("_", " "))


def _plover_actor(m: ActorMention) -> dict[str, Any]:
    """A PLOVER actor object: top-level ``code`` (country or IGO ...), ``sector``, the text, our id and name."""
    actor = m.actor
    return {"code": actor.country or (actor.code[:3] if actor.code else None), "sector": actor.sector,
            "actor_text": m.mention.text, "identifier_id": actor.code, "identifier_text": actor.name}


def _plover_location(event: Event) -> dict[str, Any] | None:
    """A PLOVER location object (GeoNames field names), plus how precisely the point is known."""
    place, p = event.place, _place(event)
    if place.lat is None and p is None and place.country is None:
        return None
    return {
        "geonameid": p.geonames_id if p else None, "name": p.name if p else None,
        "latitude": place.lat, "longitude": place.lon,
        "feature class": p.feature_class if p else None, "feature code": p.feature_code if p else None,
        "country code": place.country, "cc3": _country(place.country)[2] or None,
        "population": p.population if p else None,
        "admin1_name": p.admin1 if p else None, "place_id": p.place_id if p else None,
        "place_text": place.place.mention.text if place.place else None,
        "precision": place.precision, "radius_km": place.radius_km,
    }


def plover_record(event: Event, article: Article | None) -> dict[str, Any]:
    """One event as a PLOVER JSON record (the PLOVER specification's field names).

    ``source``/``recipient`` are lists of actor objects, ``event`` the list of
    event categories (one here), ``event_loc`` a GeoNames-style location,
    ``link`` the story the event belongs to, ``cite_info`` the article. Fields
    PLOVER does not name keep dateline's names (``modality``, ``confidence``,
    ``article_id``, ``quantities``).
    """
    start, end = event.date.start, event.date.end
    return {
        "id": event.id,
        "date": start.isoformat() if start else None,
        "enddate": end.isoformat() if end and end != start else None,
        "source": [_plover_actor(m) for m in event.sources],
        "recipient": [_plover_actor(m) for m in event.targets],
        "event": [event.type],
        "mode": event.mode,
        "context": list(event.context),
        "quad_code": quad_code(event),
        "event_loc": _plover_location(event),
        "event_text": [event.evidence.text],
        "link": event.story_id,
        "cite_info": {
            "url": article.url if article else None, "title": article.title if article else None,
            "publication": article.source if article else None,
            "language": article.language if article else None, "coder": "dateline", "codebook": CODEBOOK,
        },
        "modality": event.modality,
        "confidence": event.confidence,
        "article_id": event.article_id,
        "quantities": [{"kind": q.kind, "value": q.value, "low": q.low, "high": q.high, "text": q.text}
                       for q in event.quantities],
    }


# ---------------------------------------------------------------------------
# CAMEO, GDELT-style
# ---------------------------------------------------------------------------

_GDELT_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code")
_GDELT_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
CAMEO_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _GDELT_ACTOR), *(f"Actor2{f}" for f in _GDELT_ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GDELT_GEO), *(f"Actor2Geo_{f}" for f in _GDELT_GEO),
    *(f"ActionGeo_{f}" for f in _GDELT_GEO),
    "DATEADDED", "SOURCEURL",
)
"""The GDELT 2.0 event table's 61 columns, in GDELT's order."""


def _gdelt_geo_type(precision: str, country: str | None) -> int | None:
    """GDELT's geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    us = country == "US"
    return {"country": 1, "admin1": 2 if us else 5, "exact": 3 if us else 4, "near": 3 if us else 4}.get(precision)


def _gdelt_actor(m: ActorMention | None) -> list[Any]:
    if m is None:
        return [None] * len(_GDELT_ACTOR)
    a = m.actor
    return [a.code, a.name.upper(), a.country, None, None, None, None, a.sector, None, None]


def cameo_row(event: Event, article: Article | None) -> dict[str, Any]:
    """One event as a GDELT 2.0 event row: CAMEO codes, quad class, action geography.

    Only the CAMEO root is coded, so ``EventCode`` and ``EventBaseCode`` are
    the root's "not specified below" code (``19`` -> ``190``). Columns dateline
    has no value for (Goldstein scale, tone, actor geography, religion and
    ethnic codes, ``IsRootEvent``) are empty. Two differences from GDELT:
    ``ActionGeo_CountryCode`` is ISO 3166 alpha-2 (GDELT uses FIPS 10-4) and
    ``ActionGeo_FeatureID`` is the GeoNames id.
    """
    start = event.date.start
    place, p = event.place, _place(event)
    root = event.cameo_root
    located = place.lat is not None and place.lon is not None
    action_geo = [
        _gdelt_geo_type(place.precision, place.country) if located else None,
        ", ".join(x for x in (p.name, p.admin1, _country(p.country)[0]) if x) if p else None,
        place.country, None, None, place.lat, place.lon, p.geonames_id if p else None,
    ]
    values = [
        event.id,
        start.strftime("%Y%m%d") if start else None,
        start.strftime("%Y%m") if start else None,
        start.year if start else None,
        round(start.year + (start.timetuple().tm_yday - 1) / 365, 4) if start else None,
        *_gdelt_actor(event.sources[0] if event.sources else None),
        *_gdelt_actor(event.targets[0] if event.targets else None),
        None, f"{root}0" if root else None, f"{root}0" if root else None, root,
        quad_code(event), None, 1, 1, 1, None,
        *([None] * len(_GDELT_GEO)), *([None] * len(_GDELT_GEO)), *action_geo,
        article.ingested_at.strftime("%Y%m%d%H%M%S") if article and article.ingested_at else None,
        article.url if article else None,
    ]
    return dict(zip(CAMEO_COLUMNS, values, strict=True))


# ---------------------------------------------------------------------------
# GeoJSON
# ---------------------------------------------------------------------------


def geojson_feature(event: Event, article: Article | None) -> dict[str, Any] | None:
    """A GeoJSON Point feature with the flat row as properties; None for events with no coordinates."""
    place = event.place
    if place.lat is None or place.lon is None:
        return None
    props = {k: v.isoformat() if isinstance(v, date) else v for k, v in flat_row(event, article).items()}
    return {"type": "Feature", "id": event.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]}, "properties": props}


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------

Pairs = Iterable[tuple[Event, Article | None]]


@contextmanager
def _open_text(output: str | IO[Any]) -> Iterator[IO[Any]]:
    if not isinstance(output, str):
        yield output
        return
    if output == "-":
        yield sys.stdout
        return
    with open(output, "w", encoding="utf-8", newline="") as fh:
        yield fh


CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + tuple(
    "country_code" if c == "country" else c for c in FLAT_COLUMNS if c == "country" or c not in ACLED_COLUMNS)
"""``csv``: ACLED's columns with ACLED's meanings, so existing ACLED scripts run, then
the flat table's own columns (its ISO ``country`` renamed ``country_code``)."""


def csv_row(event: Event, article: Article | None) -> dict[str, Any]:
    """One event as an ACLED-style row followed by dateline's flat-table columns."""
    flat = flat_row(event, article)
    flat["country_code"] = flat.pop("country")
    return {**flat, **acled_row(event, article)}


def _write_jsonl(pairs: Pairs, fh: IO[str], to_dict: Callable[[Event, Article | None], dict[str, Any]]) -> int:
    n = 0
    for event, article in pairs:
        fh.write(json.dumps(to_dict(event, article), default=str, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_delimited(pairs: Pairs, fh: IO[str], columns: Iterable[str],
                     to_row: Callable[[Event, Article | None], dict[str, Any]], *, delimiter: str = ",") -> int:
    writer = csv.DictWriter(fh, fieldnames=list(columns), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    n = 0
    for event, article in pairs:
        writer.writerow({k: _csv_value(v) for k, v in to_row(event, article).items()})
        n += 1
    return n


def _write_geojson(pairs: Pairs, fh: IO[str]) -> int:
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
"""Rows per Parquet row group (and the most held in memory at once)."""


def rows_to_arrow(rows: Iterable[dict[str, Any]], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """Record batches of at most :data:`PARQUET_BATCH` rows; none for no rows."""
    import pyarrow as pa

    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= PARQUET_BATCH:
            yield pa.RecordBatch.from_pylist(batch, schema=schema)
            batch = []
    if batch:
        yield pa.RecordBatch.from_pylist(batch, schema=schema)


def _write_parquet(pairs: Pairs, output: str | IO[Any]) -> int:
    import pyarrow.parquet as pq

    schema = flat_schema()
    n = 0
    with pq.ParquetWriter(output, schema) as writer:
        for batch in rows_to_arrow((flat_row(e, a) for e, a in pairs), schema):
            writer.write_batch(batch)
            n += batch.num_rows
    return n


def events_with_articles(events: Iterable[Event], get_article: Callable[[str], Article | None]
                         ) -> Iterator[tuple[Event, Article | None]]:
    """Pair each event with its article, remembering only the last article (events come grouped by article)."""
    last: Article | None = None
    for event in events:
        if last is None or last.id != event.article_id:
            last = get_article(event.article_id)
        yield event, last


def write_events(pairs: Pairs, fmt: str, output: str | IO[Any]) -> int:
    """Write (event, article) pairs to ``output`` (a path, ``-`` or an open stream) in ``fmt``.

    Parquet needs a path or a binary stream; the others a path, ``-`` for
    stdout, or a text stream. Returns the number of events written (GeoJSON
    leaves out events with no coordinates: it needs a geometry).

    Raises:
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return _write_parquet(pairs, output)
    with _open_text(output) as fh:
        if fmt == "jsonl":
            return _write_jsonl(pairs, fh, lambda e, a: e.model_dump(mode="json"))
        if fmt == "plover":
            return _write_jsonl(pairs, fh, plover_record)
        if fmt == "csv":
            return _write_delimited(pairs, fh, CSV_COLUMNS, csv_row)
        if fmt == "acled":
            return _write_delimited(pairs, fh, ACLED_COLUMNS, acled_row)
        if fmt == "cameo":
            return _write_delimited(pairs, fh, CAMEO_COLUMNS, cameo_row, delimiter="\t")
        return _write_geojson(pairs, fh)


def write_export(store: Any, fmt: str, output: str | IO[Any], *, filters: dict[str, Any] | None = None,
                 limit: int | None = None) -> int:
    """Stream the store's events (optionally filtered, at most ``limit``) to ``output`` in ``fmt``.

    ``filters`` are those of :meth:`dateline.store.Store.events`
    (``type``, ``country``, ``date_from`` ...); ``sort`` may be among them.

    Example:
        >>> write_export(Store("events.db"), "acled", "events.csv", filters={"country": "IQ"})  # doctest: +SKIP
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    events = store.all_events(**(filters or {}), limit=limit)
    return write_events(events_with_articles(events, store.get_article), fmt, output)
