"""Presets for the tables our users bring: which column is which, and how their codes map to ours.

Each preset is documented, column by column, in docs/importer.md. A preset's id column
gives ``source_id``; its name is the dataset, so ACLED ids stay ACLED ids whatever the
file is called.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    columns: dict  # our field -> their column
    id_column: str = ""
    title: str = ""  # a format string over the row's columns, when the table has no title column
    kind_columns: tuple = ()  # joined with ": " into the kind name
    precision_codes: dict = field(default_factory=dict)  # their location precision code -> ours
    date_precision_codes: dict = field(default_factory=dict)
    precision_column: str = ""
    date_precision_column: str = ""
    attribute_columns: tuple = ()  # kept in attributes; None = every column not mapped
    dropped_prefixes: tuple = ()  # columns never kept (styling)
    # Sources named without a link: (column of names, column of the publisher, column of the quote).
    named_sources: tuple = ()


PRESETS = {
    "acled": Preset(
        name="acled",
        description="ACLED export (acleddata.com): one row per event",
        columns={
            "date": "event_date",
            "latitude": "latitude",
            "longitude": "longitude",
            "place_name": "location",
            "country": "country",
            "admin1": "admin1",
            "description": "notes",
        },
        id_column="event_id_cnty",
        title="{sub_event_type} in {location}",
        kind_columns=("event_type",),
        # geo_precision: 1 the town itself, 2 near it / part of a region, 3 a larger region.
        precision_codes={"1": "settlement", "2": "near", "3": "region"},
        precision_column="geo_precision",
        # time_precision: 1 the day, 2 within a week, 3 within a month.
        date_precision_codes={"1": "day", "2": "month", "3": "month"},
        date_precision_column="time_precision",
        named_sources=("source", "", "notes"),
        attribute_columns=(
            "sub_event_type",
            "disorder_type",
            "actor1",
            "assoc_actor_1",
            "actor2",
            "assoc_actor_2",
            "interaction",
            "civilian_targeting",
            "fatalities",
            "admin1",
            "admin2",
            "admin3",
            "source",
            "source_scale",
            "iso",
            "timestamp",
        ),
    ),
    "ucdp": Preset(
        name="ucdp",
        description="UCDP Georeferenced Event Dataset (GED) CSV",
        columns={
            "date": "date_start",
            "date_end": "date_end",
            "latitude": "latitude",
            "longitude": "longitude",
            "place_name": "where_coordinates",
            "country": "country",
            "admin1": "adm_1",
            "description": "source_article",
        },
        id_column="id",
        title="{dyad_name} ({where_coordinates})",
        kind_columns=("type_of_violence",),
        # where_prec: 1 exact, 2 within 25 km, 3 second-order admin, 4 first-order admin,
        # 5 a linear feature or an area, 6 the country, 7 international waters or air.
        precision_codes={"1": "exact", "2": "near", "3": "region", "4": "region", "5": "region", "6": "country"},
        precision_column="where_prec",
        # date_prec: 1 the day, 2 2-6 days, 3 a week, 4 a month, 5 a year or more.
        date_precision_codes={"1": "day", "2": "month", "3": "month", "4": "month", "5": "year"},
        date_precision_column="date_prec",
        named_sources=("source_headline", "source_office", ""),
        attribute_columns=(
            "relid",
            "year",
            "conflict_name",
            "dyad_name",
            "side_a",
            "side_b",
            "source_headline",
            "source_article",
            "source_office",
            "source_date",
            "source_original",
            "adm_1",
            "adm_2",
            "date_end",
            "deaths_a",
            "deaths_b",
            "deaths_civilians",
            "deaths_unknown",
            "best",
            "high",
            "low",
        ),
    ),
    "umap": Preset(
        name="umap",
        description="uMap GeoJSON export (properties name and description; styling dropped)",
        columns={"title": "name", "description": "description"},
        dropped_prefixes=("_umap", "_storage"),
    ),
}
UCDP_VIOLENCE = {"1": "State-based conflict", "2": "Non-state conflict", "3": "One-sided violence"}


def preset_get(name: str) -> Preset | None:
    if not name:
        return None
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})") from None
