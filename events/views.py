"""Public pages and the events API. Thin: parse, call a selector, serialise."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from events.models import Article, Event
from events.services import borders, geometry


def map_page(request):
    return HttpResponse("Mapper: map coming soon")


def events_api(request):
    return HttpResponse("{}", content_type="application/geo+json")


def article_page(request, slug):
    return HttpResponse(get_object_or_404(Article, slug=slug).title, content_type="text/plain")


def event_page(request, pk):
    return HttpResponse(get_object_or_404(Event.objects.published(), pk=pk).title, content_type="text/plain")


def borders_api(request):
    """The land border two countries share, e.g. ``?countries=RO,UA``, for the map's border overlay."""
    codes = [code.strip().upper() for code in request.GET.get("countries", "").split(",") if code.strip()]
    if len(codes) != 2:
        return _geojson_error("Give two country codes, e.g. ?countries=RO,UA.")
    try:
        line = geometry.shape_from_spec({"border": codes})
    except geometry.GeometryError as exc:
        return _geojson_error(str(exc))
    properties = {"countries": codes, "names": [borders.country_name(code) for code in codes]}
    feature = {"type": "Feature", "properties": properties, "geometry": line}
    collection = {"type": "FeatureCollection", "features": [feature]}
    return HttpResponse(json.dumps(collection), content_type="application/geo+json")


def countries_api(request):
    """Simplified country outlines (Natural Earth 1:110m): the map's base layer when tiles are unreachable."""
    return HttpResponse(borders.countries_geojson(simplified=True), content_type="application/geo+json")


def _geojson_error(message):
    return HttpResponse(json.dumps({"error": message}), status=400, content_type="application/json")
