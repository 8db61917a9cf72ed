"""Requests the site refuses or answers plainly: NUL in a parameter (400), a database locked too long (503)."""

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from events.database_busy import database_is_busy

NUL = "\x00"


class DatabaseBusyMiddleware:
    """SQLite waits up to its ``timeout`` for a writer; past that, say so plainly.

    A long import holds the write lock; a staff save that times out behind it
    gets "try again" with status 503 and Retry-After instead of a traceback.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_is_busy(exception):
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "5"
            return response
        return None


class NulParameterMiddleware:
    """Refuse, with a 400 naming the parameter, a request whose path or parameters contain a NUL.

    No form, filter or search has a use for one, and PostgreSQL cannot take one in a
    query: without this, ``?q=%00`` in an admin search, list filter or autocomplete
    ends in a 500. The answer is JSON like the API's other 400s. Uploaded files are
    not parameters and are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = _nul_parameter(request)
        if name:
            message = _("%(name)s: contains a NUL character (%%00); remove it.") % {"name": name}
            return JsonResponse({"error": message, "code": "nul_character", "parameter": name}, status=400)
        return self.get_response(request)


def _nul_parameter(request) -> str:
    """The first place a NUL appears: "path" or a parameter's name; "" when there is none."""
    if NUL in request.path:
        return "path"
    queries = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for query in queries:
        for key, values in query.lists():
            if NUL in key or any(NUL in value for value in values):
                return key.replace(NUL, "\\x00") or "(unnamed parameter)"
    return ""
