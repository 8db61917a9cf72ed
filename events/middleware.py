"""Turn a database that stays locked past its timeout into a friendly 503."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from events.database_busy import database_is_busy


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
