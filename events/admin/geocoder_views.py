"""Admin-only JSON views the event form's map calls: place search and reverse geocoding.

Wrapped by ``EventAdmin.get_urls`` in ``admin_site.admin_view`` (login, staff,
CSRF) and a ``change_event`` permission check; GET only. They ask the offline
gazetteer unless an online geocoder is configured. Both say which country each
answer is in, so the form can warn before a point lands across a border.
"""

import math

from django.http import JsonResponse
from django.utils.translation import gettext

from events.models import Precision
from events.services import borders, geocoding
from events.services.countries import country_name
from events.services.country_codes import CountryCodeError, country_code_clean

MAX_QUERY_LENGTH = 200
CANDIDATE_LIMIT = 8


def bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def place_search_json(request):
    query = request.GET.get("q", "").strip()
    if not query:
        return bad_request(gettext("Type a place name to search for."))
    if len(query) > MAX_QUERY_LENGTH:
        return bad_request(gettext("The place name is longer than %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH})
    try:
        hint = country_code_clean(request.GET.get("country", ""))
    except CountryCodeError:
        return bad_request(gettext("The country must be a two-letter code such as RO."))
    candidates = geocoding.place_search(query, hint, limit=CANDIDATE_LIMIT)
    warning = ""
    if hint and candidates and all(candidate.country_code != hint for candidate in candidates):
        warning = gettext("None of these places is in %(country)s (%(code)s), the event's country.") % {
            "country": country_name(hint),
            "code": hint,
        }
    return JsonResponse(
        {
            "candidates": [_candidate_json(candidate) for candidate in candidates],
            "warning": warning,
        }
    )


def _name(code: str) -> str:
    return country_name(code) if code else ""


def _candidate_json(candidate: geocoding.Candidate) -> dict:
    """A candidate with the words the form shows: its country's name and its precision's label."""
    return candidate.as_dict() | {
        "country_name": _name(candidate.country_code),
        "precision_label": Precision.label_of(candidate.precision),
    }


def place_reverse_json(request):
    try:
        latitude = float(request.GET["lat"])
        longitude = float(request.GET["lon"])
    except (KeyError, ValueError):
        return bad_request(gettext("Give the point as lat=…&lon=… in decimal degrees."))
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return bad_request(gettext("Coordinates must be finite numbers."))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return bad_request(gettext("Latitude must be within ±90 and longitude within ±180."))
    candidate = geocoding.place_reverse(latitude, longitude)
    # The country the point is in (the boundaries), not the nearest place's: near a border they differ.
    code = borders.country_at(longitude, latitude)
    return JsonResponse(
        {
            "candidate": _candidate_json(candidate) if candidate else None,
            "country": {"code": code, "name": _name(code)},
        }
    )
