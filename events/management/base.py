"""The base of Mapper's management commands."""

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from events.database_busy import BUSY_SENTENCE, database_is_busy


class MapperCommand(BaseCommand):
    """A command that ends with one clear sentence, not a traceback, when the database is busy.

    Every command writes in transactions, so a lock that times out leaves nothing half-written.
    """

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except OperationalError as exc:
            if not database_is_busy(exc):
                raise
            raise CommandError(BUSY_SENTENCE) from None
