"""Public pages and the events API. Thin: parse, call a selector, serialise."""

from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404

from events.models import Article, Event


def map_page(request):
    return HttpResponse("Mapper: map coming soon")


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
