"""Locating an event: geocode its place name if needed, then compute its facts.

The importer, the admin, the background tasks and the ``geocode_events`` command all
go through ``event_locate`` so an event is placed the same way whichever door it came
in by; a point a person sets or picks is recorded by ``point_origin_record``.
"""

from collections import Counter

from django.utils import timezone

from events.models import Event
from events.services import geocoding, geometry

GEOCODING_QUEUED = "Waiting for the geocoder (a background task)."


def event_needs_geocoding(event) -> bool:
    """True when the event has a place name but neither a point nor a shape."""
    return bool(event.place_name) and not event.has_point and event.geometry is None


def event_locate(event, *, context=()) -> None:
    """Fill the event's location fields in place; never saves. A Null Island point is flagged for review."""
    if event_needs_geocoding(event):
        geocoding.event_geocode(event, context=context)
    geometry.event_facts_compute(event)
    geocoding.event_point_check(event)


def event_geocoding_queue(event) -> None:
    """Flag ``event`` "geocoding pending" until a worker runs the geocoder; its facts are cleared meanwhile."""
    event.geocode_status, event.geocode_reason = Event.GeocodeStatus.PENDING, GEOCODING_QUEUED
    geometry.event_facts_compute(event)


def point_origin_record(event, picked) -> None:
    """Record where a changed point came from: a picked geocoder candidate, or a hand edit."""
    if not event.has_point:
        event.geocode_status = Event.GeocodeStatus.PENDING
        event.geocode_source, event.geocode_confidence = "", None
        return
    if picked:
        event.geocode_status = Event.GeocodeStatus.OK
        event.geocode_source, event.geocode_confidence = picked["source"], picked["confidence"]
    else:
        event.geocode_status = Event.GeocodeStatus.MANUAL
        event.geocode_source, event.geocode_confidence = "staff", None
    event.geocode_reason = ""
    event.geocoded_at = timezone.now()


def event_locate_and_save(event_pk, *, reason="Located by the geocoder after a staff edit") -> None:
    """Geocode one saved event that still needs it (a background task); gone or placed meanwhile: nothing."""
    event = Event.objects.filter(pk=event_pk).first()
    if event is None or not event_needs_geocoding(event):
        return
    event_locate(event)
    event._change_reason = reason  # type: ignore[attr-defined]  # read by django-simple-history
    event.save()


ALREADY_PLACED = "already placed (facts refreshed)"


def events_relocate(events) -> Counter:
    """Geocode the events without a point and recompute the facts of all; each is saved on its own.

    Returns outcomes by label (``located``, ``not found``, ``already placed (facts refreshed)``…);
    the admin's "Re-geocode" action runs it as a background task.
    """
    outcomes: Counter = Counter()
    for event in events:
        geocoded = event_needs_geocoding(event)
        event_locate(event)
        event.save()
        outcomes[event.get_geocode_status_display().lower() if geocoded else ALREADY_PLACED] += 1
    return outcomes
