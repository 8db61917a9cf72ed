"""Candidate places for names: the gazetteer's ``PlaceName`` rows, many names in one query.

The recogniser asks for every phrase of an article at once (one query per 500
names, on the indexed ``normalized`` column); the resolver ranks what comes back.
Names the gazetteer misspells or lacks fall back to ``place_search`` (fuzzy).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from events.models import Place, PlaceName
from events.services.geocoding import place_search
from events.services.place_names import spelling_variants

BATCH = 500
_FIELDS = (
    "id",
    "name",
    "latitude",
    "longitude",
    "country_code",
    "admin1_code",
    "feature_class",
    "feature_code",
    "population",
)


@dataclass(frozen=True)
class PlaceRow:
    """One gazetteer place as the resolver sees it."""

    id: int
    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1_code: str
    feature_class: str
    feature_code: str
    population: int
    names: int = 1  # how many spellings the gazetteer keeps for it: how widely it is known
    primary: bool = True  # the name matched is the place's own, not an alternate

    @classmethod
    def selected(cls, values: Sequence, *, primary: bool = True) -> "PlaceRow":
        """A row as ``_columns()`` selects it: the place's fields, then how many names it has."""
        return cls(**dict(zip(_FIELDS, values, strict=False)), names=values[len(_FIELDS)], primary=primary)

    @property
    def is_area(self) -> bool:
        return self.feature_class in ("A", "L")


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _columns() -> str:
    """The place's fields, then how many names it has (the index on ``place_id`` answers the count)."""
    fields = ", ".join(f"p.{connection.ops.quote_name(name)}" for name in _FIELDS)
    return f"{fields}, (SELECT COUNT(*) FROM {PlaceName._meta.db_table} c WHERE c.place_id = p.id)"


def names_lookup(normalized_names) -> dict[str, list[PlaceRow]]:
    """Normalized name -> the places bearing it (own name or alternate, in any of its ``spelling_variants``);
    absent names left out."""
    asked: dict[str, set[str]] = {}  # spelling looked up -> the names asked for that it is a spelling of
    for name in normalized_names:
        for spelling in spelling_variants(name) if name else ():
            asked.setdefault(spelling, set()).add(name)
    wanted = sorted(asked)
    names, places = PlaceName._meta.db_table, Place._meta.db_table
    found: dict[str, dict[int, PlaceRow]] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        sql = (
            f"SELECT n.normalized, n.is_primary, {_columns()} FROM {names} n JOIN {places} p ON p.id = n.place_id "
            f"WHERE n.normalized IN ({', '.join(['%s'] * len(chunk))})"
        )
        for normalized, is_primary, *values in _rows(sql, chunk):
            row = PlaceRow.selected(values, primary=bool(is_primary))
            for name in asked[normalized]:
                by_id = found.setdefault(name, {})
                if row.id not in by_id or row.primary:
                    by_id[row.id] = row
    return {name: list(rows.values()) for name, rows in found.items()}


def country_rows(codes) -> dict[str, PlaceRow]:
    """ISO code -> the country's own gazetteer row (its reference point)."""
    codes = sorted(set(codes) - {""})
    if not codes:
        return {}
    sql = (
        f"SELECT {_columns()} FROM {Place._meta.db_table} p "
        f"WHERE p.feature_code = 'PCLI' AND p.country_code IN ({', '.join(['%s'] * len(codes))})"
    )
    return {row.country_code: row for row in (PlaceRow.selected(values) for values in _rows(sql, codes))}


def division_rows(divisions) -> list[PlaceRow]:
    """The first-level divisions given as (country, admin1 code) pairs."""
    divisions = sorted(set(divisions))
    if not divisions:
        return []
    pairs = " OR ".join(["(p.country_code = %s AND p.admin1_code = %s)"] * len(divisions))
    sql = f"SELECT {_columns()} FROM {Place._meta.db_table} p WHERE p.feature_code = 'ADM1' AND ({pairs})"
    return [
        PlaceRow.selected(values, primary=False) for values in _rows(sql, [part for pair in divisions for part in pair])
    ]


def fuzzy_rows(phrase: str, country_hint: str = "", wanted=()) -> list[PlaceRow]:
    """Places for a name the gazetteer does not hold exactly (misspellings), via ``place_search``; those of the
    ``wanted`` feature codes first (a cue word's: "Cimbia Turzii bases")."""
    candidates = place_search(phrase, country_hint, limit=5, wanted=wanted)
    ids = [c.place_id for c in candidates if c.place_id is not None and c.match == "fuzzy"]
    if not ids:
        return []
    sql = f"SELECT {_columns()} FROM {Place._meta.db_table} p WHERE p.id IN ({', '.join(['%s'] * len(ids))})"
    by_id = {values[0]: PlaceRow.selected(values, primary=False) for values in _rows(sql, ids)}
    return [by_id[pid] for pid in ids if pid in by_id]
