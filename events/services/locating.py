"""Locating an event: geocode its place name if needed, then compute its facts.

The importer, the admin and the ``geocode_events`` command all go through
``event_locate`` so an event is placed the same way whichever door it came in by.
"""

from collections import Counter

from events.services import geocoding, geometry


def event_needs_geocoding(event) -> bool:
    """True when the event has a place name but neither a point nor a shape."""
    return bool(event.place_name) and not event.has_point and event.geometry is None


def event_locate(event, *, context=()) -> None:
    """Fill the event's location fields in place; never saves. A Null Island point is flagged for review."""
    if event_needs_geocoding(event):
        geocoding.event_geocode(event, context=context)
    geometry.event_facts_compute(event)
    geocoding.event_point_check(event)


ALREADY_PLACED = "already placed (facts refreshed)"


def events_relocate(events) -> Counter:
    """Geocode the events without a point and recompute the facts of all; each is saved on its own.

    Returns outcomes by label (``located``, ``not found``, ``already placed (facts refreshed)``…);
    the admin's "Re-geocode" action runs it inline, or as a background task for large selections.
    """
    outcomes = Counter()
    for event in events:
        geocoded = event_needs_geocoding(event)
        event_locate(event)
        event.save()
        outcomes[event.get_geocode_status_display().lower() if geocoded else ALREADY_PLACED] += 1
    return outcomes
