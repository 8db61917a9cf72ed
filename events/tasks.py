"""Background tasks (django-tasks): thin wrappers around the services the commands call."""

from django_tasks import task

from events.importers import jobs


@task()
def import_job_preview(job_id: int) -> None:
    jobs.job_preview(job_id)


@task()
def import_job_run(job_id: int) -> None:
    jobs.job_run(job_id)
