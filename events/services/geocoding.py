"""Geocoding: the only module that imports geopy. Placeholder; see docs/CONTRACTS.md."""


def place_search(name, country_hint="", *, limit=5, context=()):
    return []


def event_geocode(event, *, context=()) -> None:
    event.geocode_status = event.GeocodeStatus.NOT_FOUND
    event.geocode_reason = "No geocoder installed yet."
