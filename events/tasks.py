"""Background tasks (django-tasks): thin wrappers around the services the commands call."""

from django_tasks import task

from events.importers import jobs
from events.models import Event
from events.services.locating import events_relocate


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
