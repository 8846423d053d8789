"""Distance-error measures for toponym resolution.

The scorer keeps its own great-circle distance rather than importing the
geoparser's: a scorer that shares code with what it measures cannot catch a
bug in that code. Definitions (also in docs/evaluation.md):

* error: great-circle (haversine) distance in km on a sphere of mean Earth
  radius 6371.0088 km;
* ``MAX_ERROR_KM`` = 20039 km: the error charged for a toponym the system did
  not resolve, the constant of Gritta et al. (2018), "What's missing in
  geographical parsing?", *Language Resources and Evaluation* 52;
* acc@161: share of errors <= 161 km (100 miles);
* AUC: area under the curve of the sorted errors on a log scale,
  ``log(1 + error)``, over an x axis from 0 to 1, divided by ``log(20039)``
  (trapezoid rule, as in Gritta et al. 2018). 0 is perfect; 1 is every
  toponym at the far side of the Earth. Lower is better.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = 20039.0
ACC_KM = 161.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def accuracy_at(errors_km: Sequence[float], km: float = ACC_KM) -> float | None:
    """Share of errors within ``km`` (inclusive); ``None`` for no errors."""
    if not errors_km:
        return None
    return sum(1 for e in errors_km if e <= km) / len(errors_km)


def error_auc(errors_km: Sequence[float]) -> float | None:
    """Normalised area under the sorted log-error curve; ``None`` for no errors.

    With n errors the curve has n points spaced 1/(n-1) apart; a single error
    is a curve of one point, whose "area" is taken as its own height.
    """
    if not errors_km:
        return None
    heights = sorted(math.log1p(max(0.0, e)) for e in errors_km)
    scale = math.log(MAX_ERROR_KM)
    if len(heights) == 1:
        return heights[0] / scale
    area = sum((a + b) / 2 for a, b in zip(heights, heights[1:], strict=False)) / (len(heights) - 1)
    return area / scale


def mean_km(errors_km: Sequence[float]) -> float | None:
    return statistics.fmean(errors_km) if errors_km else None


def median_km(errors_km: Sequence[float]) -> float | None:
    return statistics.median(errors_km) if errors_km else None
