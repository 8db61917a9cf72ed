"""Geocoding: the only module that imports geopy.

CONTRACT (placeholder until the geocoding work lands; the signatures are fixed):

    place_search(name, country_hint="", *, limit=5, context=()) -> list[Candidate]
        Ranked candidates from the provider chain, best first. ``context`` is a
        list of (latitude, longitude) of the article's other places, used to
        break ties. Never raises for "not found": returns [].

    event_geocode(event, *, context=()) -> None
        Fills an *unsaved or saved* Event instance's latitude, longitude,
        precision and geocode_* fields from its place_name and country_hint,
        without saving it and without opening a transaction. Failures
        (timeouts, unknown names, low confidence) set geocode_status and
        geocode_reason instead of raising.
"""
