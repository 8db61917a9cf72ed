"""The event list's map: the events of the page shown, as the list's filters chose them.

Built from the change list's own page of results (no second query of the events), so the map
and the list always agree; drawn by ``events/js/review_map.js``.
"""

from django.urls import reverse

from events.base_layer import base_layer
from events.models import Event


def review_map_config(change_list) -> dict:
    """The rows of the change list's page for the map, with the base layer."""
    admin_name = change_list.model_admin.admin_site.name
    rows = [
        {
            "title": event.title,
            "where": event.place_name or "(no place name)",
            "latitude": event.latitude,
            "longitude": event.longitude,
            "geometry": event.geometry if isinstance(event.geometry, dict) else None,
            "needs_review": event.geocode_status == Event.GeocodeStatus.NEEDS_REVIEW,
            "url": reverse(f"{admin_name}:events_event_change", args=[event.pk]),
        }
        for event in change_list.result_list
    ]
    return {"rows": rows, "tiles": base_layer(), "on_map": sum(1 for row in rows if _drawable(row))}


def _drawable(row) -> bool:
    return (row["latitude"] is not None and row["longitude"] is not None) or row["geometry"] is not None
