"""Background tasks (django-tasks): thin wrappers around the services the commands call."""

import logging

from django_tasks import task

from events.importers import jobs
from events.models import Event
from events.services.locating import event_locate_and_save, events_relocate
from events.services.recomputing import facts_recompute

logger = logging.getLogger(__name__)


@task()
def import_job_preview(job_id: int) -> None:
    jobs.job_preview(job_id)


@task()
def import_job_run(job_id: int) -> None:
    jobs.job_run(job_id)
    logger.info("Import job %s finished.", job_id)


@task()
def event_locate_task(event_id: int) -> None:
    """Geocode an event a staff member saved without a point (the geocoder may go online)."""
    event_locate_and_save(event_id)
    logger.info("Located event %s after a staff edit.", event_id)


@task()
def events_relocate_task(event_ids: list[int]) -> dict:
    """The admin's "Re-geocode selected events"."""
    outcomes = dict(events_relocate(Event.objects.filter(pk__in=event_ids).order_by("pk").iterator()))
    logger.info("Re-geocoded %d event(s): %s", len(event_ids), outcomes)
    return outcomes


@task()
def facts_recompute_task(event_ids: list[int] | None, dry_run: bool = False) -> str:
    """Border facts recomputed for these events (every event when None); returns the summary line."""
    events = None if event_ids is None else Event.objects.filter(pk__in=event_ids)
    return facts_recompute(events, dry_run=dry_run).summary(dry_run=dry_run)
