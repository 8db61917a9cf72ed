"""The base of Mapper's management commands."""

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from events.database_busy import BUSY_SENTENCE, database_is_busy
from events.services.country_codes import CountryCodeError, country_code_clean


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


def country_code_argument(value: str, where: str) -> str:
    """A country code given on the command line or in a command's input file; ``where`` names it in the error."""
    try:
        return country_code_clean(value)
    except CountryCodeError:
        raise CommandError(f"{where} {value!r}: use a two-letter ISO code such as RO") from None
