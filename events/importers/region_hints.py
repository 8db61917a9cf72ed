"""A table's first-level region column narrows its place names: ACLED ``admin1``, UCDP ``adm_1``, or a
``region``/``province``/``oblast`` column.

Many villages share a name (Romania alone has twenty places called Poiana): the country hint
leaves the geocoder guessing, the region settles it. The region is found in the gazetteer
(a first-level subdivision of the row's country); the place name is then looked up with the
region as context, and the best candidate *inside* that region is pinned when it is clear
enough. When the region holds no place of that name, the row is geocoded as without the hint,
and a point outside the named region is marked *needs review*. Only gazetteer places know
their region: an online geocoder's candidates cannot be narrowed this way.
"""

from django.conf import settings
from django.utils import timezone

from events.importers.messages import REGION_NOT_FOUND, REGION_OUTSIDE, REGION_PINNED, REGION_UNCLEAR
from events.models import Event, Place
from events.services import geocoding

SEARCH_LIMIT = 50  # every place of a common village name in one country


def _region(name, country):
    """The gazetteer's first-level subdivision called ``name`` in ``country``: (candidate, admin1 code) or None."""
    for candidate in geocoding.place_search(name, country, limit=5):
        if (
            candidate.feature_code == "ADM1"
            and candidate.place_id
            and (not country or candidate.country_code == country)
        ):
            code = Place.objects.filter(pk=candidate.place_id).values_list("admin1_code", flat=True).first()
            return (candidate, code) if code else None
    return None


def _codes(candidates) -> dict:
    ids = [candidate.place_id for candidate in candidates if candidate.place_id]
    return dict(Place.objects.filter(pk__in=ids).values_list("pk", "admin1_code"))


def event_geocode_in_region(event: Event, region_name: str) -> None:
    """Geocode ``event`` by its place name, narrowed to the region ``region_name``; never saves."""
    found = _region(region_name, event.country_hint)
    if found is None:
        geocoding.event_geocode(event)
        if event.geocode_reason:
            event.geocode_reason = f"{event.geocode_reason} {REGION_NOT_FOUND.format(region=region_name)}"[:1000]
        return
    region, code = found
    context = [(region.latitude, region.longitude)]
    candidates = [
        c
        for c in geocoding.place_search(event.place_name, event.country_hint, limit=SEARCH_LIMIT, context=context)
        if c.feature_code != "ADM1"
    ]
    codes = _codes(candidates)
    inside = [candidate for candidate in candidates if codes.get(candidate.place_id) == code]
    if not inside:
        geocoding.event_geocode(event, context=context)
        if event.has_point and event.geocode_source == "gazetteer":  # a gazetteer pin, and none is in the region
            event.geocode_status = Event.GeocodeStatus.NEEDS_REVIEW
            event.geocode_reason = REGION_OUTSIDE.format(name=event.place_name, region=region.name)
        return
    best, share = inside[0], inside[0].confidence / (sum(c.confidence for c in inside) or 1.0)
    event.geocode_attempts = (event.geocode_attempts or 0) + 1
    event.geocode_candidates = [c.as_dict() for c in inside[1:5]]
    event.geocode_source, event.geocode_confidence = best.source, round(share, 3)
    if share < settings.MAPPER_GEOCODE_MIN_CONFIDENCE:
        event.latitude = event.longitude = None
        event.geocode_candidates = [c.as_dict() for c in inside[:5]]
        event.geocode_status = Event.GeocodeStatus.NEEDS_REVIEW
        event.geocode_reason = REGION_UNCLEAR.format(count=len(inside), name=event.place_name, region=region.name)
        return
    event.latitude, event.longitude, event.precision = best.latitude, best.longitude, best.precision
    event.geocode_status, event.geocoded_at = Event.GeocodeStatus.OK, timezone.now()
    event.geocode_reason = REGION_PINNED.format(name=best.name, region=region.name, country=best.country_code)
