"""The site's URLs plus ``/bench/bare/``, the least a Django JSON view does: what the map is compared with."""

from django.http import JsonResponse
from django.urls import include, path


def bare_json(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare/", bare_json), path("", include("mapper.urls"))]
