"""Template helpers for the public pages."""

from django import template

from events.models import Precision
from events.services import countries, kinds
from events.services.dates import date_in_words

register = template.Library()


@register.filter
def precision_label(precision: str) -> str:
    """How precisely the location is known, in the one wording (``models.Precision``)."""
    return Precision.label_of(precision)


@register.filter
def event_date(event) -> str:
    """The event's date as precisely as it is known, or "date unknown"."""
    return date_in_words(event.date, event.date_precision)


@register.filter
def day_in_words(date) -> str:
    """A known day ("14 March 2025", "14 березня 2025") in the page's language."""
    return date_in_words(date, "day")


@register.filter
def country_name(code: str) -> str:
    """The name of an ISO country code in the page's language, or the code itself when unknown."""
    return countries.country_name(code)


@register.filter
def kind_name(name: str) -> str:
    """A kind's name in the page's language (the shipped kinds; staff-made ones as written)."""
    return kinds.kind_name(name)
