"""Public pages and the events API. Thin: parse, call a selector, serialise."""

from csp.constants import SELF
from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from events.models import Article, Event, EventKind


def map_page(request):
    """The interactive map. Its events come from the API; the page gets its settings once, via json_script."""
    embed = request.GET.get("embed") == "1"
    config = {
        "kinds": list(EventKind.objects.values("slug", "name", "colour", "icon")),
        "base_layer_name": str(settings.LEAFLET_CONFIG["TILES"][0][0]),
        "urls": {
            "events": reverse("events:events-api"),
            "countries": "/api/countries/",
            "feed": "/feeds/events/",
        },
    }
    response = render(request, "events/map.html", {"map_config": config, "embed": embed})
    if embed:
        # The embeddable view may be framed by the origins the site lists (default: only itself).
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": [SELF, *settings.MAPPER_EMBED_ORIGINS]}
    return response


def _event_feature(event):
    """Temporary (mapui branch only): the /api/events/ feature contract, for the map's own tests."""
    if event.geometry:
        geometry = event.geometry
    elif event.has_point:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    else:
        geometry = None
    articles = [
        {"title": c.article.title, "url": c.article.link, "publisher": c.article.publisher, "quote": c.quote}
        for c in event.citations.all()
    ]
    return {
        "type": "Feature",
        "id": event.pk,
        "geometry": geometry,
        "properties": {
            "id": event.pk, "title": event.title, "kind": event.kind.slug, "kind_name": event.kind.name,
            "colour": event.kind.colour, "icon": event.kind.icon, "place_name": event.place_name,
            "date": event.date.isoformat() if event.date else None, "date_precision": event.date_precision,
            "precision": event.precision, "country_code": event.country_code,
            "border_country": event.border_country, "border_distance_km": event.border_distance_km,
            "url": event.get_absolute_url(), "articles": articles, "attributes": event.attributes,
        },
    }


def events_api(request):
    """Temporary (mapui branch only): the api branch's version replaces this at merge."""
    events = Event.objects.published().select_related("kind").prefetch_related("citations__article")
    if kinds := request.GET.getlist("kind"):
        events = events.filter(kind__slug__in=kinds)
    if q := request.GET.get("q", "").strip():
        events = events.filter(Q(title__icontains=q) | Q(place_name__icontains=q) | Q(description__icontains=q))
    if date_from := request.GET.get("date_from"):
        events = events.filter(date__gte=date_from)
    if date_to := request.GET.get("date_to"):
        events = events.filter(date__lte=date_to)
    if near := request.GET.get("near_border"):
        events = events.filter(border_country=near, border_distance_km__lte=float(request.GET.get("within_km", 50)))
    collection = {"type": "FeatureCollection", "features": [_event_feature(event) for event in events]}
    return JsonResponse(collection, content_type="application/geo+json")


def article_page(request, slug):
    return HttpResponse(get_object_or_404(Article, slug=slug).title, content_type="text/plain")


def event_page(request, pk):
    return HttpResponse(get_object_or_404(Event.objects.published(), pk=pk).title, content_type="text/plain")
