"""Article files in; articles, events and citations out.

An import runs in three steps, so that a bad file never leaves half an import
behind and no network call happens while the database is locked:

1. plan: parse every file, check it against ``fixtures/articles/article.schema.json``,
   build unsaved model objects and ``full_clean()`` each one. Every problem in every
   file is collected before ``ImportRefused`` is raised, so one run shows them all.
2. locate: geocode new and changed events with ``event_locate``, outside any transaction.
3. write: save everything in one ``transaction.atomic(durable=True)``.

Re-imports are idempotent: an article is found again by its URL (or its slug when it
has none), an event by its key, and each event stores a hash of its source record, so
an unchanged record is neither located nor written.
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from events.models import Article, Citation, Event, EventKind, Precision
from events.services import geometry, locating, publishing
from events.services.article_files import (
    article_json_load,
    article_sources_from_paths,
    date_parse,
    record_where,
    structure_problems,
)
from events.services.article_messages import (
    AREA_REASON,
    AREA_UNDRAWABLE,
    ARTICLE_NAMED,
    ARTICLE_TWICE,
    DATABASE_REFUSED,
    EDITED_DURING_IMPORT,
    EDITED_SINCE_IMPORT,
    EVENT_DIFFERS,
    EVENT_OWNED,
    KEY_TWICE,
    NESTED_TOO_DEEP,
    NO_KINDS,
    PRECISION_WITHOUT_DATE,
    SLUG_TEXT_DIFFERS,
    SLUG_TWICE,
    UNKNOWN_KIND,
)
from events.services.import_files import ImportRefused, Problem

logger = logging.getLogger(__name__)

__all__ = ["ImportRefused", "ImportReport", "article_import", "article_sources_from_paths"]

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
ACTIONS = (CREATED, UPDATED, UNCHANGED, SKIPPED)
WRITES = (CREATED, UPDATED)
# Bump when the meaning of a record changes, so the next import re-applies every record.
HASH_VERSION = 1
# Model fields whose name in the article file differs.
FILE_FIELD_NAMES = {"geometry": "area"}


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


# Planning: validate everything, decide what to write ------------------------------


def _plan(sources, *, overwrite, progress) -> _Plan:
    plan = _Plan()
    kinds = {kind.slug: kind for kind in EventKind.objects.all()}
    for name, text in sources:
        try:
            data = article_json_load(name, text)
        except ImportRefused as exc:
            plan.problems += exc.problems
            continue
        try:
            _plan_file(plan, name, data, kinds, overwrite=overwrite, progress=progress)
        except RecursionError:  # a value nested deeper than Python can walk (checks, hashing, full_clean)
            plan.problem(name, "", str(NESTED_TOO_DEEP))
    if plan.problems:
        raise ImportRefused(plan.problems)
    return plan


def _plan_file(plan, name, data, kinds, *, overwrite, progress):
    bad = set()  # "article", event indexes, or "file" when the events cannot be read at all
    for path, message in structure_problems(data):
        plan.problem(name, record_where(path), message)
        bad.add(_bad_part(path))
    if "file" in bad:
        return
    for index in sorted(part for part in bad if isinstance(part, int)):
        # A record with a structure problem is not planned; its kind is still checked, so that
        # every problem of the file is reported in one round.
        record = data["events"][index]
        if isinstance(record, dict) and isinstance(record.get("kind"), str) and record["kind"] not in kinds:
            plan.problem(name, f"events[{index}].kind", _unknown_kind(record["kind"], kinds))
    article = None if "article" in bad else _plan_article(plan, name, data["article"], overwrite=overwrite)
    country_hint = "" if article is None else data["article"].get("country_hint", "")
    records = [(index, record) for index, record in enumerate(data["events"]) if index not in bad]
    existing = Event.objects.in_bulk([record["key"] for _, record in records], field_name="key")
    owners = _event_owners(existing.values())
    article_pk = article.obj.pk if article is not None else None
    citations = {}
    if article is not None and article.obj.pk:
        citations = {citation.event_id: citation for citation in article.obj.citations.all()}
    for index, record in _progress(records, f"Checking {Path(name).name}", progress):
        where = f"events[{index}]"
        owner = owners.get(existing[record["key"]].pk) if record["key"] in existing else None
        if owner is not None and owner.pk == article_pk:
            owner = None  # the article that created the event may change it
        event = _plan_event(plan, name, where, record, country_hint, kinds, existing, owner, overwrite=overwrite)
        if event is not None and article is not None:
            _plan_citation(plan, name, where, article, event, record["quote"], citations)


def _bad_part(path) -> str | int:
    """What a structure problem at ``path`` keeps from being planned: an event's index, the article or the file."""
    if path[:1] == ["events"] and len(path) > 1:
        return path[1]
    if path[:1] == ["article"]:
        return "article"
    if path and path[0] != "events":
        return "other"  # an unknown top-level field: reported, the rest is still checked
    return "file"


def _unknown_kind(slug, kinds) -> str:
    known = ", ".join(sorted(kinds)) or str(NO_KINDS)
    return UNKNOWN_KIND.format(slug=slug, known=known)


def _event_owners(events) -> dict:
    """Event pk -> the article that created it: the article of its first citation."""
    owners: dict = {}
    citations = Citation.objects.filter(event__in=list(events)).select_related("article").order_by("pk")
    for citation in citations.only("event_id", "article__title", "article__slug", "article__url"):
        owners.setdefault(citation.event_id, citation.article)
    return owners


def _article_owner_text(article) -> str:
    return ARTICLE_NAMED.format(title=article.title, where=article.url or "slug " + article.slug)


def _article_find(plan, name, values, *, overwrite):
    """The stored article this record is: the same URL, or a URL-less one with the same slug and text.

    A URL-less article with the same slug but another text is a different article with the
    same headline: it is refused (unless ``overwrite``), never silently replaced.
    """
    if values["url"]:
        found = Article.objects.filter(url=values["url"]).first()
        if found is not None:
            return found
        same_slug = Article.objects.filter(slug=values["slug"], url__isnull=True).first()
    else:
        same_slug = Article.objects.filter(slug=values["slug"]).first()
    if same_slug is not None and same_slug.text != values["text"] and not overwrite:
        plan.problem(
            name,
            "article",
            SLUG_TEXT_DIFFERS.format(article=_article_owner_text(same_slug), slug=values["slug"]),
        )
    return same_slug


def _plan_article(plan, name, record, *, overwrite):
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
            values["published_on"], _ = date_parse(record["published_on"])
        except ValueError as exc:
            plan.problem(name, "article.published_on", str(exc))
    natural_key = f"url {values['url']}" if values["url"] else f"slug {values['slug']}"
    if natural_key in plan.article_keys:
        other = plan.article_keys[natural_key]
        plan.problem(name, "article", ARTICLE_TWICE.format(key=natural_key, other=other))
    elif values["slug"] in plan.article_slugs:
        other = plan.article_slugs[values["slug"]]
        plan.problem(name, "article.slug", SLUG_TWICE.format(slug=values["slug"], other=other))
    plan.article_keys.setdefault(natural_key, name)
    plan.article_slugs.setdefault(values["slug"], name)

    found = _article_find(plan, name, values, overwrite=overwrite)
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


def _plan_event(plan, name, where, record, country_hint, kinds, existing, owner, *, overwrite):
    """Plan one event record; returns its item (for the citation) or None when it is unusable.

    ``owner`` is the article that created the stored event when it is not this file's
    article: this file may cite the event, but not rewrite it unless ``overwrite``.
    """
    key = record["key"]
    source = _event_source(record, country_hint)
    digest = _digest(source)
    seen = plan.events.get(key)
    if seen is not None:
        if seen.file == name:
            plan.problem(name, f"{where}.key", KEY_TWICE.format(key=key, other=seen.where))
            return None
        if seen.digest != digest:
            plan.problem(name, where, EVENT_DIFFERS.format(key=key, file=seen.file, where=seen.where))
        return seen  # the same event reported by another article: only the citation is new

    event = existing.get(key)
    if event is not None and event.import_hash == digest:
        action = UNCHANGED
    elif owner is not None and not overwrite:
        plan.problem(
            name,
            f"{where}.key",
            EVENT_OWNED.format(key=key, article=_article_owner_text(owner)),
        )
        return None
    elif event is not None and event.staff_edited and not overwrite:
        action = SKIPPED
        plan.warnings.append(EDITED_SINCE_IMPORT.format(file=name, where=where, key=key))
    else:
        action = CREATED if event is None else UPDATED
        event = event or Event(key=key)
        _event_fill(plan, name, where, event, source, digest, kinds)
    item = _Item(name, where, action, event, key, digest, source.get("precision", ""))
    plan.events[key] = item
    return item


def _event_fill(plan, name, where, event, source, digest, kinds):
    """Apply a source record to a new or existing event, then validate it."""
    exclude = ["kind"]  # checked here against the kinds just loaded, not with a query per event
    kind = kinds.get(source["kind"])
    if kind is not None:
        event.kind = kind
    else:
        plan.problem(name, f"{where}.kind", _unknown_kind(source["kind"], kinds))
    event.date, event.date_precision = None, ""
    if "date" in source:
        try:
            event.date, event.date_precision = date_parse(source["date"], source.get("date_precision"))
        except ValueError as exc:
            exclude.append("date")
            plan.problem(name, f"{where}.date", str(exc))
    elif "date_precision" in source:
        plan.problem(name, f"{where}.date_precision", str(PRECISION_WITHOUT_DATE))
    event.geometry = None
    if "area" in source:
        try:
            event.geometry = geometry.shape_from_spec(source["area"])
        except (geometry.GeometryError, KeyError, ValueError) as exc:
            detail = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            plan.problem(name, f"{where}.area", AREA_UNDRAWABLE.format(detail=detail))
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
    # The key was just looked up, and Event's check constraints restate its field validators
    # and clean(); Django would spend a query per constraint per event re-checking them.
    # The database still enforces both when _write saves.
    _full_clean(plan, name, where, event, exclude=exclude, validate_unique=False, validate_constraints=False)


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


def _full_clean(plan, name, where, obj, exclude=(), **checks):
    try:
        obj.full_clean(exclude=exclude, **checks)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            file_field = FILE_FIELD_NAMES.get(field_name, field_name)
            spot = where if field_name == NON_FIELD_ERRORS else f"{where}.{file_field}"
            for message in messages:
                plan.problem(name, spot, message)


# Locating and writing -------------------------------------------------------------


def _progress(items, description, enabled, unit="event"):
    """A progress bar on a terminal (never in logs), shown only when the loop takes more than a moment."""
    return tqdm(items, desc=description, unit=unit, disable=None if enabled else True, delay=0.5, leave=False)


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
            event.geocode_reason = str(AREA_REASON)


def _skip_edited_meanwhile(plan, items):
    """Under the write lock: skip updates to events that staff edited after planning."""
    planned = {item.obj.pk: item for item in items if isinstance(item.obj, Event) and item.action == UPDATED}
    edited = Event.objects.select_for_update().filter(pk__in=list(planned), staff_edited=True)
    for pk in edited.values_list("pk", flat=True):
        item = planned[pk]
        item.action = SKIPPED
        plan.warnings.append(EDITED_DURING_IMPORT.format(file=item.file, where=item.where, key=item.key))


def _write(plan, *, overwrite, progress):
    """Save every planned change in one transaction; a refused row rolls back the whole run.

    Whether staff edited an event is checked again inside the transaction, so an edit
    made while the import was planning or geocoding is never overwritten.
    """
    now = timezone.now()
    item = None
    try:
        with transaction.atomic(durable=True):
            if not overwrite:
                _skip_edited_meanwhile(plan, plan.items())
            changes = [item for item in plan.items() if item.action in WRITES]
            for item in _progress(changes, "Writing", progress, unit="row"):
                if isinstance(item.obj, Event):
                    publishing.event_status_apply(item.obj, item.obj.status, now=now)
                item.obj.save()
    except DatabaseError as exc:  # e.g. a constraint, or a row someone else wrote meanwhile
        if item is None:
            raise
        problem = Problem(item.file, item.where, DATABASE_REFUSED.format(error=exc))
        raise ImportRefused([problem]) from exc


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
        _write(plan, overwrite=overwrite, progress=progress)
    report = ImportReport(warnings=plan.warnings, dry_run=dry_run)
    for name, _ in sources:
        report.file_counts.setdefault(name, _tally(()))
    for item in plan.items():
        report.add(item.file, item.action, item.obj, item.key)
    logger.info("Article import of %d file(s)%s: %s", len(sources), " (dry run)" if dry_run else "", report.counts)
    return report
