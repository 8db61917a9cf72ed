"""Background tasks (django-tasks): thin wrappers around the services the commands call."""

from django_tasks import task

from events.importers import jobs
from events.models import Event
from events.services.locating import events_relocate
from events.services.recomputing import facts_recompute


@task()
def import_job_preview(job_id: int) -> None:
    jobs.job_preview(job_id)


@task()
def import_job_run(job_id: int) -> None:
    jobs.job_run(job_id)


@task()
def events_relocate_task(event_ids: list[int]) -> dict:
    """The admin's "Re-geocode selected events" for large selections."""
    return dict(events_relocate(Event.objects.filter(pk__in=event_ids).iterator()))


@task()
def facts_recompute_task(event_ids: list[int] | None, dry_run: bool = False) -> str:
    """Border facts recomputed for these events (every event when None); returns the summary line."""
    events = None if event_ids is None else Event.objects.filter(pk__in=event_ids)
    return facts_recompute(events, dry_run=dry_run).summary(dry_run=dry_run)
