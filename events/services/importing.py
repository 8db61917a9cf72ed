"""Article files in; articles, events and citations out.

An import runs in three steps, so that a bad file never leaves half an import
behind and no network call happens while the database is locked:

1. plan: parse every file, check it against ``fixtures/articles/article.schema.json``,
   build unsaved model objects and ``full_clean()`` each one. Every problem in every
   file is collected before ``ArticleImportError`` is raised, so one run shows them all.
2. locate: geocode new and changed events with ``event_locate``, outside any transaction.
3. write: save everything in one ``transaction.atomic(durable=True)``.

Re-imports are idempotent: an article is found again by its URL (or its slug when it
has none), an event by its key, and each event stores a hash of its source record, so
an unchanged record is neither located nor written.
"""

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from jsonschema import Draft202012Validator
from tqdm import tqdm

from events.models import Article, Citation, Event, EventKind, Precision
from events.services import geometry, locating

SCHEMA_PATH = Path(settings.BASE_DIR) / "fixtures" / "articles" / "article.schema.json"
CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
ACTIONS = (CREATED, UPDATED, UNCHANGED, SKIPPED)
WRITES = (CREATED, UPDATED)
# Bump when the meaning of a record changes, so the next import re-applies every record.
HASH_VERSION = 1
# Model fields whose name in the article file differs.
FILE_FIELD_NAMES = {"geometry": "area"}
DATE_FORMS = {10: ("%Y-%m-%d", "day"), 7: ("%Y-%m", "month"), 4: ("%Y", "year")}
DATE_PRECISIONS = ["day", "month", "year"]  # finest first


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an article file: where (record and field) and what."""

    file: str
    where: str  # "events[2].latitude", "article.url", "line 3, column 7", or "" for the whole file
    message: str

    def __str__(self):
        return f"{self.file}: {self.where}: {self.message}" if self.where else f"{self.file}: {self.message}"


class ArticleImportError(Exception):
    """Raised before anything is written; lists every problem found in every file."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)  # (action, model_label, key, title)
    file_counts: dict = field(default_factory=dict)  # file name -> {action: n}
    warnings: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def counts(self) -> dict:
        return _tally(action for action, *_ in self.rows)

    def add(self, file, action, obj, key):
        title = obj.event.title if isinstance(obj, Citation) else obj.title
        self.rows.append((action, obj._meta.label, key, title))
        self.file_counts.setdefault(file, _tally(()))[action] += 1


def _tally(actions) -> dict:
    counts = dict.fromkeys(ACTIONS, 0)
    for action in actions:
        counts[action] += 1
    return counts


@dataclass
class _Item:
    """One object the import plans to create, update, leave or skip."""

    file: str
    where: str  # "article" or "events[2]"
    action: str
    obj: Article | Event | Citation
    key: str
    digest: str = ""  # events: hash of the source record
    precision: str = ""  # events: the precision the file states


@dataclass
class _Plan:
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    events: dict = field(default_factory=dict)  # key -> _Item, first file wins
    citations: list = field(default_factory=list)
    article_keys: dict = field(default_factory=dict)  # natural key -> file
    article_slugs: dict = field(default_factory=dict)  # slug -> file

    def problem(self, file, where, message):
        self.problems.append(Problem(file, where, message))

    def items(self):
        """Everything planned, in the order it must be saved."""
        return [*self.articles, *self.events.values(), *self.citations]


# Reading and parsing ------------------------------------------------------------


def article_sources_from_paths(paths) -> list[tuple[str, str]]:
    """Read article files; a directory stands for its ``*.json`` files, schema files excepted."""
    files, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.json") if not p.name.endswith(".schema.json"))
            if not found:
                problems.append(Problem(str(path), "", "no *.json article files in this directory"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "", "no such file or directory"))
    sources = []
    for path in dict.fromkeys(files):  # a file named twice is read once
        try:
            sources.append((str(path), path.read_text(encoding="utf-8-sig")))
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        except OSError as exc:
            problems.append(Problem(str(path), "", f"cannot be read: {exc.strerror}"))
    if problems:
        raise ArticleImportError(problems)
    return sources


class _NonFinite(str):
    """NaN, Infinity or a number too large for a float, kept as its text so it can be reported."""


class _DuplicateKey(ValueError):
    pass


def _parse_float(text):
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


def _object_without_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def _parse(plan, name, text):
    """The file's JSON, or None after recording why it cannot be read."""
    try:
        return json.loads(
            text, parse_float=_parse_float, parse_constant=_NonFinite, object_pairs_hook=_object_without_duplicates
        )
    except json.JSONDecodeError as exc:
        plan.problem(name, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")
    except _DuplicateKey as exc:
        plan.problem(name, "", f"invalid JSON: the key {exc.args[0]!r} appears twice in one object")
    except (ValueError, RecursionError) as exc:
        plan.problem(name, "", f"invalid JSON: {exc}")
    return None


@cache
def _schema_validator():
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _where(path) -> str:
    """``["events", 2, "latitude"]`` -> ``events[2].latitude``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if part.isidentifier() else repr(part)
            text += f".{name}" if text else name
    return text


def _shorten(text, limit=200):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _structure_problems(data):
    """(path, message) for every value the JSON Schema rejects, one per field."""
    yield from _non_finite_numbers(data, [])
    seen = set()
    for error in _schema_validator().iter_errors(data):
        path = list(error.absolute_path)
        if isinstance(error.instance, _NonFinite):
            continue  # reported once, by _non_finite_numbers
        if error.validator == "additionalProperties":
            allowed = ", ".join(error.schema.get("properties", {}))
            found = [(path + [key], f"unknown field (allowed: {allowed})") for key in error.instance]
            found = [item for item in found if item[0][-1] not in error.schema.get("properties", {})]
        elif error.validator == "required":
            found = [(path + [key], "required field is missing") for key in error.validator_value]
            found = [item for item in found if item[0][-1] not in error.instance]
        elif error.validator == "pattern" and "description" in error.schema:
            found = [(path, f"{_shorten(repr(error.instance))} is not valid: {error.schema['description']}")]
        else:
            found = [(path, _shorten(error.message))]
        for path_found, message in found:
            if (tuple(path_found), message) not in seen:
                seen.add((tuple(path_found), message))
                yield path_found, message


def _non_finite_numbers(value, path):
    if isinstance(value, _NonFinite):
        yield path, f"{value} is not a finite number"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite_numbers(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _non_finite_numbers(item, [*path, index])


def _date_parse(text, precision=None):
    """``("2024-03", None)`` -> ``(date(2024, 3, 1), "month")``; ValueError names what is wrong."""
    form, implied = DATE_FORMS[len(text)]  # the schema's pattern guarantees one of the three forms
    try:
        value = datetime.strptime(text, form).date()
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None
    precision = precision or implied
    if DATE_PRECISIONS.index(precision) < DATE_PRECISIONS.index(implied):
        raise ValueError(f"{text!r} gives no {precision}; use date_precision {implied!r} or a full date")
    return value, precision


# Planning: validate everything, decide what to write ------------------------------


def _plan(sources, *, overwrite, progress) -> _Plan:
    plan = _Plan()
    kinds = {kind.slug: kind for kind in EventKind.objects.all()}
    for name, text in sources:
        data = _parse(plan, name, text)
        if data is not None:
            _plan_file(plan, name, data, kinds, overwrite=overwrite, progress=progress)
    if plan.problems:
        raise ArticleImportError(plan.problems)
    return plan


def _plan_file(plan, name, data, kinds, *, overwrite, progress):
    bad = set()  # "article", event indexes, or "file" when the structure itself is wrong
    for path, message in _structure_problems(data):
        plan.problem(name, _where(path), message)
        if path[:1] == ["events"] and len(path) > 1:
            bad.add(path[1])
        else:
            bad.add("article" if path[:1] == ["article"] else "file")
    if "file" in bad:
        return
    article = None if "article" in bad else _plan_article(plan, name, data["article"])
    country_hint = "" if article is None else data["article"].get("country_hint", "")
    records = [(index, record) for index, record in enumerate(data["events"]) if index not in bad]
    existing = Event.objects.in_bulk([record["key"] for _, record in records], field_name="key")
    citations = {}
    if article is not None and article.obj.pk:
        citations = {citation.event_id: citation for citation in article.obj.citations.all()}
    for index, record in _progress(records, f"Checking {Path(name).name}", progress):
        where = f"events[{index}]"
        event = _plan_event(plan, name, where, record, country_hint, kinds, existing, overwrite=overwrite)
        if event is not None and article is not None:
            _plan_citation(plan, name, where, article, event, record["quote"], citations)


def _plan_article(plan, name, record):
    values = {
        "title": record["title"],
        "slug": record.get("slug") or slugify(record["title"])[:120],
        "url": record.get("url") or None,
        "publisher": record.get("publisher", ""),
        "published_on": None,
        "language": record.get("language", "en"),
        "country_hint": record.get("country_hint", ""),
        "text": record["text"],
    }
    if record.get("published_on"):
        try:
            values["published_on"], _ = _date_parse(record["published_on"])
        except ValueError as exc:
            plan.problem(name, "article.published_on", str(exc))
    natural_key = f"url {values['url']}" if values["url"] else f"slug {values['slug']}"
    if natural_key in plan.article_keys:
        other = plan.article_keys[natural_key]
        plan.problem(name, "article", f"the same article ({natural_key}) is also in {other}; keep one file per article")
    elif values["slug"] in plan.article_slugs:
        other = plan.article_slugs[values["slug"]]
        plan.problem(name, "article.slug", f"{values['slug']!r} is also the slug of the article in {other}")
    plan.article_keys.setdefault(natural_key, name)
    plan.article_slugs.setdefault(values["slug"], name)

    if values["url"]:
        found = Article.objects.filter(url=values["url"]).first()
        found = found or Article.objects.filter(slug=values["slug"], url__isnull=True).first()
    else:
        found = Article.objects.filter(slug=values["slug"]).first()
    article = found or Article()
    action = CREATED if found is None else UNCHANGED
    if found and any(getattr(found, key) != value for key, value in values.items()):
        action = UPDATED
    for key, value in values.items():
        setattr(article, key, value)
    if action in WRITES:
        _full_clean(plan, name, "article", article)
    item = _Item(name, "article", action, article, values["slug"])
    plan.articles.append(item)
    return item


def _event_source(record, country_hint) -> dict:
    """The record as it will be applied (defaults filled in), without its citation quote."""
    source = {key: value for key, value in record.items() if key != "quote" and value is not None}
    source.setdefault("status", Event.Status.PUBLISHED.value)
    if country_hint:
        source.setdefault("country_hint", country_hint)
    return source


def _digest(source) -> str:
    text = json.dumps([HASH_VERSION, source], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _plan_event(plan, name, where, record, country_hint, kinds, existing, *, overwrite):
    """Plan one event record; returns its item (for the citation) or None when it is unusable."""
    key = record["key"]
    source = _event_source(record, country_hint)
    digest = _digest(source)
    seen = plan.events.get(key)
    if seen is not None:
        if seen.file == name:
            plan.problem(name, f"{where}.key", f"{key!r} is already used by {seen.where} in this file")
            return None
        if seen.digest != digest:
            plan.problem(
                name,
                where,
                f"event {key!r} is also in {seen.file} ({seen.where}) with different details; "
                "make the two records agree",
            )
        return seen  # the same event reported by another article: only the citation is new

    event = existing.get(key)
    if event is not None and event.import_hash == digest:
        action = UNCHANGED
    elif event is not None and event.staff_edited and not overwrite:
        action = SKIPPED
        plan.warnings.append(
            f"{name}: {where}: event {key!r} was edited by staff since it was imported; "
            "kept their version (use --overwrite to replace it)"
        )
    else:
        action = CREATED if event is None else UPDATED
        event = event or Event(key=key)
        _event_fill(plan, name, where, event, source, digest, kinds)
    item = _Item(name, where, action, event, key, digest, source.get("precision", ""))
    plan.events[key] = item
    return item


def _event_fill(plan, name, where, event, source, digest, kinds):
    """Apply a source record to a new or existing event, then validate it."""
    exclude = []
    kind = kinds.get(source["kind"])
    if kind is not None:
        event.kind = kind
    else:
        exclude.append("kind")
        known = ", ".join(sorted(kinds)) or "none: load them with `loaddata event_kinds`"
        plan.problem(name, f"{where}.kind", f"unknown event kind {source['kind']!r} (known: {known})")
    event.date, event.date_precision = None, ""
    if "date" in source:
        try:
            event.date, event.date_precision = _date_parse(source["date"], source.get("date_precision"))
        except ValueError as exc:
            exclude.append("date")
            plan.problem(name, f"{where}.date", str(exc))
    elif "date_precision" in source:
        plan.problem(name, f"{where}.date_precision", "given without a date")
    event.geometry = None
    if "area" in source:
        try:
            event.geometry = geometry.shape_from_spec(source["area"])
        except (geometry.GeometryError, KeyError, ValueError) as exc:
            detail = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            plan.problem(name, f"{where}.area", f"cannot draw this area: {detail}")
    event.title = source["title"]
    event.description = source.get("description", "")
    event.status = source["status"]
    event.place_name = source.get("place_name", "")
    event.country_hint = source.get("country_hint", "")
    event.precision = source.get("precision", Precision.UNKNOWN)
    event.attributes = source.get("attributes", {})
    event.import_hash = digest
    event.staff_edited = False
    _location_reset(event, source)
    _full_clean(plan, name, where, event, exclude=exclude)


def _location_reset(event, source):
    """Forget the old location: the record's coordinates, or the geocoder's next answer, replace it."""
    event.latitude, event.longitude = source.get("latitude"), source.get("longitude")
    event.geocode_status = Event.GeocodeStatus.MANUAL if event.has_point else Event.GeocodeStatus.PENDING
    event.geocode_source = "file" if event.has_point else ""
    event.geocode_confidence, event.geocode_reason, event.geocode_candidates = None, "", []
    event.geocode_attempts, event.geocoded_at = 0, None
    event.country_code, event.border_country, event.border_distance_km = "", "", None


def _plan_citation(plan, name, where, article, event, quote, existing):
    citation = existing.get(event.obj.pk) if event.obj.pk else None
    if citation is None:
        action, citation = CREATED, Citation(event=event.obj, article=article.obj, quote=quote)
    else:
        action = UNCHANGED if citation.quote == quote else UPDATED
        citation.quote = quote
    if action in WRITES:
        _full_clean(plan, name, where, citation, exclude=["event", "article"])
    plan.citations.append(_Item(name, where, action, citation, f"{article.key}/{event.key}"))


def _full_clean(plan, name, where, obj, exclude=()):
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            file_field = FILE_FIELD_NAMES.get(field_name, field_name)
            spot = where if field_name == NON_FIELD_ERRORS else f"{where}.{file_field}"
            for message in messages:
                plan.problem(name, spot, message)


# Locating and writing -------------------------------------------------------------


def _progress(items, description, enabled):
    """A progress bar on a terminal, shown only when the loop takes more than a moment."""
    return tqdm(items, desc=description, unit="event", disable=None if enabled else True, delay=0.5, leave=False)


def _coarser(first, second):
    order = list(Precision.values)
    return max(first, second, key=order.index)


def _locate(plan, *, progress):
    """Locate new and changed events, passing each the article's other points as context."""
    points = {}  # file -> [(latitude, longitude), …] of its located events
    for item in plan.events.values():
        if item.obj.has_point:
            points.setdefault(item.file, []).append((item.obj.latitude, item.obj.longitude))
    todo = [item for item in plan.events.values() if item.action in WRITES]
    for item in _progress(todo, "Locating", progress):
        event = item.obj
        context = () if event.has_point else tuple(points.get(item.file, ()))
        locating.event_locate(event, context=context)
        if event.geocode_status == Event.GeocodeStatus.MANUAL:
            continue
        if event.has_point:
            points.setdefault(item.file, []).append((event.latitude, event.longitude))
            if item.precision:  # never claim more precision than the article gives
                event.precision = _coarser(item.precision, event.precision)
        elif event.geometry is not None:
            event.geocode_status = Event.GeocodeStatus.NOT_APPLICABLE
            event.geocode_source = "file"
            event.geocode_reason = "Drawn as the area the article file gives; no point by design."


def _write(plan):
    now = timezone.now()
    with transaction.atomic(durable=True):
        for item in plan.items():
            if item.action not in WRITES:
                continue
            if isinstance(item.obj, Event) and item.obj.status == Event.Status.PUBLISHED:
                item.obj.published_at = item.obj.published_at or now
            item.obj.save()


def article_import(sources, *, dry_run=False, overwrite=False, progress=False) -> ImportReport:
    """Import ``(file name, JSON text)`` pairs; see the module docstring for the steps.

    ``dry_run`` validates and reports what would change, but locates nothing (the
    geocoder may cache answers) and writes nothing. ``overwrite`` replaces events staff
    edited since their import. ``progress`` shows progress bars when stderr is a terminal.
    """
    sources = list(sources)
    plan = _plan(sources, overwrite=overwrite, progress=progress)
    if not dry_run:
        _locate(plan, progress=progress)
        _write(plan)
    report = ImportReport(warnings=plan.warnings, dry_run=dry_run)
    for name, _ in sources:
        report.file_counts.setdefault(name, _tally(()))
    for item in plan.items():
        report.add(item.file, item.action, item.obj, item.key)
    return report
