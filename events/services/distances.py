"""Distance between two points, the one point-to-point rule (geocoder context, reverse geocoding, the
importers' name-versus-coordinates check, the geoparser).

Distances to a border are another matter: ``borders.geodesic_km`` (WGS84, vectorised) measures them.
"""

import math

import numpy as np

EARTH_MEAN_RADIUS_KM = 6371.0088


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dlon = math.radians(lon2 - lon1) / 2
    a = math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlon) ** 2
    return 2 * EARTH_MEAN_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def nearest_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> float:
    """The great-circle distance from a point to the nearest of many (``distance_km``'s haversine, over
    arrays of degrees at once: a text naming thousands of places ranks them in seconds, not minutes)."""
    phi1, phi2 = math.radians(lat), np.radians(lats)
    half_dlon = np.radians(lons - lon) / 2
    a = np.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(half_dlon) ** 2
    return float(2 * EARTH_MEAN_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a))).min())
