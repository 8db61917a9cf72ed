"""The base map as ``LEAFLET_CONFIG`` defines it, for the maps django-leaflet does not build.

The public map goes through ``{% leaflet_map %}``; the small maps of the event and
article pages and the admin's map widget are plain Leaflet maps and take the same
tiles, options and attribution prefix from here, with the URLs of the offline fallback
that replaces the tiles when they cannot load.
"""

from django.conf import settings
from django.urls import reverse


def base_layer() -> dict:
    name, url, options = settings.LEAFLET_CONFIG["TILES"][0]
    return {
        "name": str(name),
        "url": url,
        "options": dict(options),
        "attribution_prefix": settings.LEAFLET_CONFIG.get("ATTRIBUTION_PREFIX", ""),
        # The offline fallback (events/js/offline.js): our own outlines and their labels.
        "countries_url": reverse("events:countries-api"),
        "labels_url": reverse("events:labels-api"),
    }
