"""Great-circle distance: one implementation for the gazetteer, the resolver and the scorers."""

from __future__ import annotations

import math

#: Mean earth radius (IUGG), the one the geo scorer uses.
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float, *,
                    radius: float = EARTH_RADIUS_KM) -> float:
    """Haversine distance in km between two (lat, lon) points on a sphere of ``radius`` km."""
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 2 * radius * math.asin(math.sqrt(min(1.0, h)))
