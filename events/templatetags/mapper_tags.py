"""Template helpers for the public pages."""

from django import template

from events.services import countries
from events.services.dates import date_in_words

register = template.Library()


PRECISION_WORDS = {
    "exact": "Exact: the spot itself.",
    "near": "Approximate: within a few kilometres of the spot.",
    "settlement": "Settlement: the town or village, not the exact spot.",
    "region": "Region: known only to a region, so no pin is placed.",
    "country": "Country: known only to the country.",
    "unknown": "Unknown: the source does not say where.",
}


@register.filter
def precision_words(precision: str) -> str:
    """How precisely the location is known, in a sentence."""
    return PRECISION_WORDS.get(precision, PRECISION_WORDS["unknown"])


@register.filter
def event_date(event) -> str:
    """The event's date as precisely as it is known, or "date unknown"."""
    return date_in_words(event.date, event.date_precision)


@register.filter
def country_name(code: str) -> str:
    """The name of an ISO country code in the page's language, or the code itself when unknown."""
    return countries.country_name(code)
