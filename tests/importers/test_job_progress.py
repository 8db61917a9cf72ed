"""A running import's progress is in its job row, which a page served by another host reads."""

import pytest
from django.db import connection, connections, transaction

from events.importers import jobs
from events.importers.progress import JobProgress
from events.models import Event, ImportJob


def row_seen_by_another_connection(job):
    other = connections.create_connection("default")  # as the web server on another host would
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT phase, rows_done FROM {ImportJob._meta.db_table} WHERE id = %s", [job.pk])
            return tuple(cursor.fetchone())
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_checking_progress_is_saved_in_the_job_row(tmp_path, settings):
    settings.MAPPER_IMPORT_DIR = str(tmp_path)
    job = ImportJob.objects.create(status=ImportJob.Status.RUNNING, options={"token": "t"})
    JobProgress(job, tmp_path)("checking")(2000)
    assert row_seen_by_another_connection(job) == ("checking", 2000)
    assert jobs.progress_read(job) == ("checking", 2000)


@pytest.mark.django_db(transaction=True)
def test_writing_progress_is_seen_while_the_import_transaction_is_open(tmp_path, kinds, settings):
    settings.MAPPER_IMPORT_DIR = str(tmp_path)
    job = ImportJob.objects.create(status=ImportJob.Status.RUNNING, options={"token": "t"})
    folder = tmp_path / f"job-{job.pk}-t"
    folder.mkdir()
    reporter = JobProgress(job, folder)
    with transaction.atomic(durable=True):
        Event.objects.create(key="in-flight", title="Written, not committed", kind=kinds["other"])
        reporter("writing")(4000)
        if connection.vendor == "sqlite":  # one writer at a time: the file beside the upload, on this one host
            assert jobs.progress_read(job) == ("writing", 4000)
        else:
            assert row_seen_by_another_connection(job) == ("writing", 4000)
    reporter.close()
    assert not (folder / "progress.txt").exists()
