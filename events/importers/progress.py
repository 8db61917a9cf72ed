"""A running import's progress, kept in its ``ImportJob`` row so every web and worker host sees it.

While rows are checked no transaction is open, so the row is updated as usual. While they
are written the import holds one transaction, whose writes no one sees until it commits:
on PostgreSQL the progress goes through a second connection of its own (it touches only
the job's row, which the import never locks). SQLite allows one writer at a time, and the
import is it; there the progress goes to a small file beside the upload instead. That is
no loss across hosts: a SQLite database is on one host (the deploy check refuses one on a
network file system), and so are all the processes that use it.
"""

from pathlib import Path

from django.db import connection, connections

from events.models import ImportJob

PROGRESS_FILE = "progress.txt"


class JobProgress:
    """``progress(phase)`` gives the ``progress(done)`` callback the service calls; ``close()`` when done."""

    def __init__(self, job: ImportJob, folder: Path):
        self.job, self.file, self._side = job, folder / PROGRESS_FILE, None

    def __call__(self, phase):
        def report(done):
            self.save(phase, done)

        return report

    def save(self, phase, done):
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job.pk).update(phase=phase, rows_done=done)
        elif connection.vendor == "sqlite":
            self.file.write_text(f"{phase} {done}", encoding="utf-8")
        else:
            self._side_update(phase, done)

    def _side_update(self, phase, done):
        if self._side is None:
            self._side = connections.create_connection("default")  # autocommit, outside the import's transaction
        table = connection.ops.quote_name(ImportJob._meta.db_table)
        with self._side.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET phase = %s, rows_done = %s WHERE id = %s", [phase, done, self.job.pk])

    def close(self):
        if self._side is not None:
            self._side.close()
            self._side = None
        self.file.unlink(missing_ok=True)


def progress_read(job: ImportJob, folder: Path) -> tuple[str, int]:
    """``(phase, rows done)`` of a running job: the SQLite write phase's file when there is one, else the row."""
    try:
        phase, done = (folder / PROGRESS_FILE).read_text(encoding="utf-8").split()
        return phase, int(done)
    except (OSError, ValueError):
        job.refresh_from_db(fields=["phase", "rows_done"])
        return job.phase, job.rows_done
