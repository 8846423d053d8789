"""Spherical geometry the geoparser needs: distances and offset points.

Kept apart from the gazetteer so the resolver, the relative-location parser
and the scorers share one definition of "km" (mean Earth radius 6371 km).
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088

BEARINGS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
    "north-northeast": 22.5,
    "east-northeast": 67.5,
    "east-southeast": 112.5,
    "south-southeast": 157.5,
    "south-southwest": 202.5,
    "west-southwest": 247.5,
    "west-northwest": 292.5,
    "north-northwest": 337.5,
}
"""Compass words (hyphens and spaces removed by callers) to degrees clockwise from north."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def offset_point(lat: float, lon: float, bearing_deg: float, distance_km: float) -> tuple[float, float]:
    """The point ``distance_km`` from (lat, lon) along the initial bearing ``bearing_deg``.

    Example: 40 km at 315° (northwest) from Kirkuk (35.47 N, 44.39 E) is about
    35.72 N, 44.08 E.
    """
    p1 = math.radians(lat)
    l1 = math.radians(lon)
    b = math.radians(bearing_deg)
    d = distance_km / EARTH_RADIUS_KM
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    lon2 = (math.degrees(l2) + 540.0) % 360.0 - 180.0
    return math.degrees(p2), lon2
