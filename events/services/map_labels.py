"""Labels for the offline base map: country names and the larger settlements, by view and zoom.

When the tiles cannot load, every map draws the project's own country outlines; these
labels name what is on them, so a staffer can find a place with no internet. Countries
are labelled at their outline's pole of inaccessibility (the point farthest inside it,
so the name sits on the land it names), settlements at their gazetteer point. The larger
a settlement, the further out it is named:

=========  =================================================
zoom       labels
=========  =================================================
0–4        countries (the small ones from zoom 3, 4 or 5)
5–6        and settlements of more than 1,000,000 people
7–8        and of more than 100,000
9 and in   and of more than 10,000
=========  =================================================

The answer lists the labels in the order the map keeps them when two would overlap:
countries largest first, then settlements most populous first (offline.js hides any
label that would be written over one before it). Settlements are named in the reader's
language where CLDR has the name (``city_names``), else as the gazetteer has them.
"""

import math
from dataclasses import dataclass
from functools import cache

import shapely
from django.utils import translation
from shapely.ops import polylabel

from events.models import Place
from events.selectors import point_in_bbox
from events.services.borders import SIMPLIFIED_FILE
from events.services.city_names import city_name
from events.services.countries import country_name
from events.services.topology import feature_code, topology_decode, topology_read, valid_outline

# (first zoom, population above which a settlement is named from that zoom), farthest out first.
SETTLEMENT_BANDS = ((9, 10_000), (7, 100_000), (5, 1_000_000))
MAX_SETTLEMENTS = 400  # per answer, the most populous first
CANDIDATES = 4 * MAX_SETTLEMENTS  # read from the gazetteer before the crowded ones are left out
# A settlement is left out when its point is this close (in screen pixels) to a more populous one's:
# its name would be written over the other (a city's sectors, a town beside a city).
CROWDED_PX = (80, 16)
# A country's largest part (in square degrees) from which its name shows at each zoom.
COUNTRY_AREA_BY_ZOOM = ((2, 60.0), (3, 8.0), (4, 1.0), (5, 0.0))


@dataclass(frozen=True)
class CountryLabel:
    code: str
    longitude: float
    latitude: float
    min_zoom: int


def settlement_threshold(zoom: int) -> int | None:
    """The population above which settlements are named at ``zoom``; None: no settlements."""
    for first_zoom, population in SETTLEMENT_BANDS:
        if zoom >= first_zoom:
            return population
    return None


@cache
def country_labels() -> tuple[CountryLabel, ...]:
    """One label point per country of the offline outlines, in its largest part, largest country first.

    Computed once per process.
    """
    largest: dict = {}  # code -> its largest polygon (a country may be drawn as several features)
    for feature, geometry, _ in topology_decode(topology_read(SIMPLIFIED_FILE))[1]:
        code = feature_code(feature)
        if code:
            parts = [*shapely.get_parts(valid_outline(geometry)), *([largest[code]] if code in largest else [])]
            largest[code] = max(parts, key=lambda part: part.area)
    labels = []
    for code, polygon in sorted(largest.items(), key=lambda item: (-item[1].area, item[0])):
        point = polylabel(polygon, tolerance=0.05)
        min_zoom = next(zoom for zoom, area in COUNTRY_AREA_BY_ZOOM if polygon.area >= area)
        labels.append(CountryLabel(code, round(point.x, 3), round(point.y, 3), min_zoom))
    return tuple(labels)


def labels_in_view(bbox: tuple[float, float, float, float], zoom: int, language: str | None = None) -> dict:
    """The labels of a view: ``{"countries": [...], "settlements": [...]}``, each with name, lat, lon."""
    min_lon, min_lat, max_lon, max_lat = bbox
    language = language or translation.get_language() or "en"

    def inside(lon, lat):
        in_lon = min_lon <= lon <= max_lon if min_lon <= max_lon else (lon >= min_lon or lon <= max_lon)
        return in_lon and min_lat <= lat <= max_lat

    countries = [
        {"name": country_name(label.code, language), "code": label.code, "lat": label.latitude, "lon": label.longitude}
        for label in country_labels()
        if label.min_zoom <= zoom and inside(label.longitude, label.latitude)
    ]
    threshold = settlement_threshold(zoom)
    settlements = []
    if threshold is not None:
        places = (
            Place.objects.filter(point_in_bbox(bbox), feature_class="P", population__gt=threshold)
            .order_by("-population", "pk")
            .values_list("name", "latitude", "longitude", "population", "country_code")
        )
        settlements = [
            {"name": city_name(name, country, language), "lat": lat, "lon": lon, "population": population}
            for name, lat, lon, population, country in _uncrowded(places[:CANDIDATES], zoom)
        ]
    return {"countries": countries, "settlements": settlements}


def _pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates at ``zoom`` (what the reader sees)."""
    size = 256 * 2**zoom
    lat = max(-85.0, min(85.0, lat))
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360 * size, y * size


def _uncrowded(places, zoom: int) -> list:
    """The places, most populous first, without those whose name would overlap a kept one's."""
    kept: list = []
    points: list = []
    for place in places:
        x, y = _pixel(place[1], place[2], zoom)
        if any(abs(x - kx) < CROWDED_PX[0] and abs(y - ky) < CROWDED_PX[1] for kx, ky in points):
            continue
        kept.append(place)
        points.append((x, y))
        if len(kept) == MAX_SETTLEMENTS:
            break
    return kept
