"""Dates as precisely as they are known: the one home for writing an event's date.

An event's ``date`` is stored as a day and ``date_precision`` says how much of
it is known: a month-only date is kept as the month's first day, which must
never reach a reader or a file as if that day were known.
"""

import datetime

from babel import UnknownLocaleError
from babel.dates import format_date
from django.utils import translation
from django.utils.translation import gettext_lazy as _

ISO_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
# CLDR patterns (Babel), as the browser's Intl writes them: the month after a day number in its own case
# (Ukrainian "14 березня"), standalone with a year ("березень 2025"), lower case where the language wants it.
WORD_FORMATS = {"day": "d MMMM y", "month": "LLLL y", "year": "y"}
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
    pattern = WORD_FORMATS.get(precision) or WORD_FORMATS["day"]
    language = (translation.get_language() or "en").replace("-", "_")
    try:
        return format_date(date, pattern, locale=language)
    except (ValueError, UnknownLocaleError):
        return format_date(date, pattern, locale="en")
