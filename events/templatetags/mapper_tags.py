"""Template helpers for the public pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from events.services import countries, kinds
from events.services.dates import date_in_words

register = template.Library()


PRECISION_WORDS = {
    "exact": _("Exact: the spot itself."),
    "near": _("Approximate: within a few kilometres of the spot."),
    "settlement": _("Settlement: the town or village, not the exact spot."),
    "region": _("Region: known only to a region, so no pin is placed."),
    "country": _("Country: known only to the country."),
    "unknown": _("Unknown: the source does not say where."),
}


@register.filter
def precision_words(precision: str) -> str:
    """How precisely the location is known, in a sentence."""
    return str(PRECISION_WORDS.get(precision, PRECISION_WORDS["unknown"]))


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
