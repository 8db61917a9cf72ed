"""Dates as precisely as they are known: the one home for writing an event's date.

An event's ``date`` is stored as a day and ``date_precision`` says how much of
it is known: a month-only date is kept as the month's first day, which must
never reach a reader or a file as if that day were known.
"""

import datetime

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

ISO_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
# "E": the month as written after a day number (Ukrainian "14 березня", not "14 березень"); "F" alone.
WORD_FORMATS = {"day": "j E Y", "month": "F Y", "year": "Y"}
UNKNOWN_WORDS = _("date unknown")


def date_at_precision(date: datetime.date | None, precision: str) -> str | None:
    """ISO 8601 to the known precision: ``2025-03-14``, ``2025-03`` or ``2025``; None without a date."""
    if date is None:
        return None
    return date.strftime(ISO_FORMATS.get(precision) or ISO_FORMATS["day"])


def date_in_words(date: datetime.date | None, precision: str) -> str:
    """ "14 March 2025", "March 2025" or "2025" (in the active language); "date unknown" without a date."""
    if date is None:
        return str(UNKNOWN_WORDS)
    return date_format(date, WORD_FORMATS.get(precision) or WORD_FORMATS["day"])
