"""Admin-only JSON views the event form's map calls: place search and reverse geocoding.

Wrapped by ``EventAdmin.get_urls`` in ``admin_site.admin_view`` (login, staff,
CSRF) and a ``change_event`` permission check; GET only. They ask the offline
gazetteer unless an online geocoder is configured. Both say which country each
answer is in, so the form can warn before a point lands across a border.
"""

import math
import re

from django.http import JsonResponse
from django.utils.translation import gettext

from events.services import borders, geocoding
from events.services.countries import country_name

MAX_QUERY_LENGTH = 200
CANDIDATE_LIMIT = 8
COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")


def bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def place_search_json(request):
    query = request.GET.get("q", "").strip()
    country = request.GET.get("country", "").strip()
    if not query:
        return bad_request(gettext("Type a place name to search for."))
    if len(query) > MAX_QUERY_LENGTH:
        return bad_request(gettext("The place name is longer than %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH})
    if country and not COUNTRY_CODE.match(country):
        return bad_request(gettext("The country must be a two-letter code such as RO."))
    hint = country.upper()
    candidates = geocoding.place_search(query, hint, limit=CANDIDATE_LIMIT)
    warning = ""
    if hint and candidates and all(candidate.country_code != hint for candidate in candidates):
        warning = gettext("None of these places is in %(country)s (%(code)s), the event's country.") % {
            "country": country_name(hint),
            "code": hint,
        }
    return JsonResponse(
        {
            "candidates": [
                candidate.as_dict() | {"country_name": _name(candidate.country_code)} for candidate in candidates
            ],
            "warning": warning,
        }
    )


def _name(code: str) -> str:
    return country_name(code) if code else ""


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
            "candidate": candidate.as_dict() if candidate else None,
            "country": {"code": code, "name": _name(code)},
        }
    )
