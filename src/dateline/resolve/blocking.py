"""Which stored units a new unit must be compared with: blocking that never loses a match.

A day of world news is a hundred thousand articles about the same few days,
so filing units by week, country and type family alone leaves blocks of
thousands of units, every pair of which would be compared. The keys here
are narrower, and only as narrow as :func:`~dateline.resolve.matching.compare`
allows, so they change which pairs are *scored*, never which pairs *match*.

Blocks find pairs of reports that share no text; pairs that do (a shared
evidence sentence, a reuse record, a near-duplicate) are met through those
links whatever their blocks. Without a link, :func:`compare` can reach
:data:`~dateline.resolve.matching.MERGE_THRESHOLD` (2.5) only from its three
fields, each worth at most 1.0: date, place and actors. So a unit is filed
only when it can lose at most half a point among them:

* **Actors.** A unit naming none scores 0 on actors against anything, so
  it never matches without a link: not filed.
* **Place.** Only two units that both have a point (a town, an area's
  centre, a filing place) score more than 0.25 on place, and a unit with
  a country alone cannot reach 2.5: not filed. Two units with points match
  only when the distance between them is within the sum of their reaches
  (:attr:`EventFeatures.tolerance_km`), or when they lie in one named
  first-level area and not both are points in it ("a town in Kirkuk
  province" and "Kirkuk province"). So a unit is filed under each cell of a
  :data:`CELL_DEGREES` grid that its own reach touches — two reaches that
  meet share a cell — and, when it names its area, under that area: areas
  there meet every unit, points meet only areas.
* **Date.** As before: under every week its date range (with a day of slack)
  touches, when that range is no wider than ``max_span_days``; undated units
  meet others only through links.

Country and type family stay in every key, as they did.
"""

from __future__ import annotations

import math

from dateline.resolve.matching import (
    DAY_SLACK,
    EARTH_RADIUS_KM,
    POINT_PRECISIONS,
    EventFeatures,
)

CELL_DEGREES = 2.0
"""Grid cell size: about 220 km north to south, so a town's 10-25 km reach touches one to four cells."""
_COLUMNS = round(360 / CELL_DEGREES)
_FIRST_ROW, _LAST_ROW = math.floor(-90 / CELL_DEGREES), math.floor(90 / CELL_DEGREES)
_REACH_MARGIN = 1.001
"""Reaches are widened a little, so that rounding never keeps two touching reaches out of a shared cell."""

BlockKey = tuple[int, str, str, int | str]
"""(week, country or "", type family, grid cell or area)."""


def may_match_unlinked(f: EventFeatures) -> bool:
    """Whether ``f`` can match a unit it shares no text with: it names an actor and has a point and a date."""
    return f.start is not None and f.lat is not None and f.lon is not None and bool(f.participants.keys)


def placement(f: EventFeatures, family: str, *, window_days: int,
              max_span_days: int) -> tuple[list[BlockKey], list[BlockKey]]:
    """(keys to file ``f`` under, keys whose units ``f`` is compared with when it arrives).

    The two differ only for named areas (see the module docstring); a unit
    that can match nothing without a link gets neither.
    """
    if not may_match_unlinked(f) or f.start is None or f.end is None or f.end - f.start > max_span_days:
        return [], []
    assert f.lat is not None and f.lon is not None  # may_match_unlinked said so
    slack = DAY_SLACK if f.day_level else 0
    weeks = range((f.start - slack) // window_days, (f.end + slack) // window_days + 1)
    spots: list[int | str] = list(reach_cells(f.lat, f.lon, f.tolerance_km))
    looks: list[int | str] = list(spots)
    if f.admin1:
        if f.precision in POINT_PRECISIONS:
            spots.append("point:" + f.admin1)
            looks.append("area:" + f.admin1)
        else:
            spots.append("area:" + f.admin1)
            looks += ["area:" + f.admin1, "point:" + f.admin1]
    country = f.country or ""
    return ([(w, country, family, s) for w in weeks for s in spots],
            [(w, country, family, s) for w in weeks for s in looks])


def reach_cells(lat: float, lon: float, reach_km: float) -> list[int]:
    """The grid cells that the circle of ``reach_km`` around (lat, lon) touches, as row * columns + column.

    From the circle's bounding box: its latitudes are ``lat`` ± the reach,
    its longitudes ``lon`` ± asin(sin(reach) / cos(lat)) (every longitude
    when it holds a pole).
    """
    radius = math.degrees(reach_km * _REACH_MARGIN / EARTH_RADIUS_KM)
    rows = range(max(_FIRST_ROW, math.floor((lat - radius) / CELL_DEGREES)),
                 min(_LAST_ROW, math.floor((lat + radius) / CELL_DEGREES)) + 1)
    if abs(lat) + radius >= 90:
        columns = range(_COLUMNS)
    else:
        half = math.degrees(math.asin(min(1.0, math.sin(math.radians(radius)) / math.cos(math.radians(lat)))))
        first, last = math.floor((lon - half) / CELL_DEGREES), math.floor((lon + half) / CELL_DEGREES)
        columns = range(_COLUMNS) if last - first + 1 >= _COLUMNS else range(first, last + 1)
    return [row * _COLUMNS + column % _COLUMNS for row in rows for column in columns]
