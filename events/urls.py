"""Public routes, each with its policy as decorators: rate limits, conditional GETs, caching."""

from django.urls import path
from django.views.decorators.cache import cache_control, cache_page
from django.views.i18n import JavaScriptCatalog

from events import feeds, openapi, views
from events.http_cache import conditional_answer
from events.rate_limits import rate_limit

app_name = "events"


def is_export(request) -> bool:
    """A download (``?format=csv|kml|geojson``): counted against the exports limit as well."""
    return "format" in request.GET


def api(view):
    """Map answers: 304 on If-None-Match, answers from the shared cache, and only the rest counted per client.

    The limit protects the server from expensive work: a 304 or a kept answer costs two cache reads, so
    it is not counted (README "Caching and rate limits"). Whatever runs the view is (exports twice).
    """
    return conditional_answer(rate_limit("api")(rate_limit("exports", when=is_export)(view)))


def page(view):
    """Pages that query the database: counted per client (no ETag: each page has its own CSP nonce)."""
    return rate_limit("pages", html=True)(view)


def static_data(view):
    """Boundary data changes only with a release: clients and proxies may keep it a day. Still counted."""
    return rate_limit("api")(cache_control(public=True, max_age=86400)(view))


def labels(view):
    """The offline labels change with the gazetteer only: kept an hour by clients and the server. Still counted."""
    return rate_limit("api")(cache_control(public=True, max_age=3600)(cache_page(3600)(view)))


urlpatterns = [
    path("", page(views.map_page), name="map"),
    path("api/events/", api(views.events_api), name="events-api"),
    path("api/events/list/", api(views.events_list_api), name="events-list-api"),
    path("api/events/histogram/", api(views.events_histogram_api), name="events-histogram-api"),
    path("api/events/border-choices/", api(views.events_border_choices_api), name="events-border-choices-api"),
    path("feeds/events/", conditional_answer(rate_limit("feed")(feeds.events_feed)), name="events-feed"),
    # The API's description changes only with a release, like the boundary data.
    path("api/openapi.json", static_data(openapi.openapi_view), name="openapi"),
    path("api/borders/", static_data(views.borders_api), name="borders-api"),
    path("api/countries/", static_data(views.countries_api), name="countries-api"),
    path("api/labels/", labels(views.labels_api), name="labels-api"),
    path("articles/<slug:slug>/", page(views.article_page), name="article"),
    path("events/<int:pk>/", page(views.event_page), name="event"),
    path("favicon.ico", views.favicon, name="favicon"),
    # The map's strings in the reader's language, loaded by each page before its modules (README "Translations").
    path("jsi18n/", rate_limit("api")(JavaScriptCatalog.as_view()), name="javascript-catalog"),
]
