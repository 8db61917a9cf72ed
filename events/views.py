"""Public pages and the events API. Thin: parse, call a selector, serialise."""

import json

from csp.constants import SELF
from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode

from events import exports
from events.base_layer import base_layer
from events.models import Article, EventKind
from events.selectors import MAX_ID, EventFilter, FilterError, events_public
from events.serializers import http_url
from events.services import borders, geometry
from events.text_links import article_paragraphs

EXPORT_FORMATS = {
    # format: (renderer, content type, file extension)
    "geojson": (exports.events_geojson, "application/geo+json", "geojson"),
    "csv": (exports.events_csv, "text/csv; charset=utf-8", "csv"),
    "kml": (exports.events_kml, "application/vnd.google-earth.kml+xml", "kml"),
}


def map_page(request):
    """The interactive map. Its events come from the API; the page gets its settings once, via json_script."""
    embed = request.GET.get("embed") == "1"
    config = {
        "kinds": list(EventKind.objects.values("slug", "name", "colour", "icon")),
        "base_layer_name": str(settings.LEAFLET_CONFIG["TILES"][0][0]),
        "urls": {
            "events": reverse("events:events-api"),
            "list": reverse("events:events-list-api"),
            "histogram": reverse("events:events-histogram-api"),
            "countries": reverse("events:countries-api"),
            "borders": reverse("events:borders-api"),
            "feed": reverse("events:events-feed"),
        },
    }
    response = render(request, "events/map.html", {"map_config": config, "embed": embed})
    if embed:
        # The embeddable view may be framed by the origins the site lists (default: only itself).
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": [SELF, *settings.MAPPER_EMBED_ORIGINS]}
    return response


def filter_error_response(error: FilterError) -> JsonResponse:
    return JsonResponse({"error": str(error)}, status=400)


def events_api(request):
    """Published events as GeoJSON (the map's source), or a CSV/KML/GeoJSON download with ``format=``."""
    export_format = request.GET.get("format", "")
    if export_format and export_format not in EXPORT_FORMATS:
        return filter_error_response(FilterError(f"format: use one of {', '.join(EXPORT_FORMATS)}."))
    try:
        params = EventFilter.from_query(request.GET)
    except FilterError as error:
        return filter_error_response(error)
    # One row more than the limit tells whether the answer was cut short.
    events = list(events_public(params)[: params.limit + 1])
    truncated = len(events) > params.limit
    events = events[: params.limit]
    absolute = request.build_absolute_uri
    if not export_format:
        return HttpResponse(
            exports.events_geojson(events, absolute, truncated=truncated), content_type="application/geo+json"
        )
    render_events, content_type, extension = EXPORT_FORMATS[export_format]
    response = HttpResponse(render_events(events, absolute), content_type=content_type)
    file_name = f"mapper-events-{timezone.localdate().isoformat()}.{extension}"
    response.headers["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


def event_page(request, pk):
    if pk > MAX_ID:  # SQLite cannot even compare such a number
        raise Http404("No such event.")
    event = get_object_or_404(events_public(EventFilter(ids=(pk,))))
    context = {
        "event": event,
        "sources": [
            {"citation": citation, "external_url": http_url(citation.article.url)} for citation in event.citations.all()
        ],
        "map_config": small_map_config(id=event.pk, features_url=_api_url(id=event.pk)),
    }
    return render(request, "events/event_detail.html", context)


def article_page(request, slug):
    article = get_object_or_404(Article, slug=slug)
    events = list(events_public(EventFilter(article=article.slug)))
    context = {
        "article": article,
        "external_url": http_url(article.url),
        "paragraphs": article_paragraphs(article.text, events),
        "events": events,
        "map_config": small_map_config(slug=article.slug, features_url=_api_url(article=article.slug)),
    }
    return render(request, "events/article_detail.html", context)


def small_map_config(**fields) -> dict:
    """What a page's small map needs: its features' URL and the base layer from LEAFLET_CONFIG."""
    return fields | {"tiles": base_layer()}


def _api_url(**params) -> str:
    return f"{reverse('events:events-api')}?{urlencode(params)}"


def borders_api(request):
    """Land borders for the map's border overlay, as GeoJSON lines.

    ``?countries=RO,UA`` gives the border the two share; ``?countries=RO`` gives
    every land border of Romania, one feature per neighbour.
    """
    codes = [code.strip().upper() for code in request.GET.get("countries", "").split(",") if code.strip()]
    if len(codes) not in (1, 2):
        return _geojson_error("Give one or two country codes, e.g. ?countries=RO or ?countries=RO,UA.")
    try:
        pairs = [codes] if len(codes) == 2 else [[codes[0], other] for other in borders.neighbours_of(codes[0])]
        features = [_border_feature(pair) for pair in pairs]
    except (geometry.GeometryError, borders.BorderError) as exc:
        return _geojson_error(str(exc))
    collection = {"type": "FeatureCollection", "features": features}
    return HttpResponse(json.dumps(collection), content_type="application/geo+json")


def _border_feature(codes):
    properties = {"countries": codes, "names": [borders.country_name(code) for code in codes]}
    return {"type": "Feature", "properties": properties, "geometry": geometry.shape_from_spec({"border": codes})}


def countries_api(request):
    """Simplified country outlines (Natural Earth 1:110m): the map's base layer when tiles are unreachable."""
    return HttpResponse(borders.countries_geojson(simplified=True), content_type="application/geo+json")


def _geojson_error(message):
    return HttpResponse(json.dumps({"error": message}), status=400, content_type="application/json")
