"""Widgets of the event form: a place name with a "Find" button, and the map.

Both render plain HTML with ``data-`` attributes and a ``json_script`` block;
the behaviour lives in the static ``events/js/admin_event_map.js`` so that a
strict Content-Security-Policy needs no inline script or style.
"""

from django import forms
from django.conf import settings
from django.urls import reverse

from events.base_layer import base_layer


class EventMapMedia:
    css = {"all": ["leaflet/leaflet.css", "events/css/admin_event_map.css", "events/css/offline.css"]}
    js = ["leaflet/leaflet.js", forms.Script("events/js/admin_event_map.js", type="module")]


class PlaceNameWidget(forms.TextInput):
    """The place name input followed by a "Find" button and the candidate list."""

    template_name = "events/widgets/place_name.html"
    Media = EventMapMedia


class EventMapWidget(forms.Widget):
    """A Leaflet map bound to the form's latitude, longitude, precision and geometry inputs."""

    template_name = "events/widgets/event_map.html"
    Media = EventMapMedia

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        leaflet = settings.LEAFLET_CONFIG
        # Leaflet takes [lat, lng]; DEFAULT_CENTER is already (lat, lon) in django-leaflet's convention.
        context["map_config"] = {
            "center": list(leaflet["DEFAULT_CENTER"]),
            "zoom": leaflet["DEFAULT_ZOOM"],
            "tiles": base_layer(),
            "geocode_url": reverse("admin:events_event_geocode"),
            "reverse_url": reverse("admin:events_event_reverse"),
            "fields": {
                name: f"id_{name}"
                for name in ("latitude", "longitude", "precision", "place_name", "country_hint", "geometry")
            }
            | {"picked": "id_picked_candidate"},
        }
        context["map_config_id"] = f"{context['widget']['attrs'].get('id', name)}-config"
        return context

    def value_from_datadict(self, data, files, name):
        return None
