"""Public pages and the events API. Thin: parse, call a selector, serialise."""

import json

from csp.constants import SELF
from django.conf import settings
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _

from events import exports
from events.base_layer import base_layer
from events.border_choices import border_choices
from events.event_list import PAGE_SIZE, PAGE_SIZE_MAX, events_page
from events.histogram import events_histogram
from events.models import ARTICLE_LENGTHS, CITATION_LENGTHS, EVENT_LENGTHS, Article
from events.selectors import MAX_ID, EventFilter, FilterError, bbox_param, events_public, integer_param
from events.serializers import absolute_url_builder, attribute_facts, http_url
from events.services import borders, countries, geometry, kinds, map_labels
from events.services.country_codes import country_code_or_blank
from events.text_links import article_paragraphs
from events.viewport import MAX_ZOOM, viewport_collection

EXPORT_FORMATS = {
    # format: (renderer, content type, file extension)
    "geojson": (exports.events_geojson_file, "application/geo+json", "geojson"),
    "csv": (exports.events_csv, "text/csv; charset=utf-8", "csv"),
    "kml": (exports.events_kml, "application/vnd.google-earth.kml+xml", "kml"),
}
# Bounds on one page's work, whatever is stored (rows older than the length limits included).
ARTICLE_PAGE_MAX_CHARS = ARTICLE_LENGTHS["text"]
EVENT_PAGE_MAX_FACTS = 50
EVENT_PAGE_MAX_FACT_CHARS = 1_000
EVENT_PAGE_MAX_SOURCES = 100
EXPORT_CHUNK_SIZE = 2000  # events (and their citations) read from the database at a time


# The controls an embedded map can show (all by default): ?embed=1&controls=legend,zoom
EMBED_CONTROLS = ("legend", "zoom", "layers", "total")


def embed_hidden_controls(query) -> list[str]:
    """The embed's controls left out by ``controls=`` (unknown names are ignored; absent: none left out)."""
    if "controls" not in query:
        return []
    shown = set(query["controls"].split(","))
    return [control for control in EMBED_CONTROLS if control not in shown]


def embed_frame_ancestors() -> list[str]:
    """Who may frame the embed: any site by default ("*"), or this site and the listed origins."""
    origins = settings.MAPPER_EMBED_ORIGINS
    return ["*"] if "*" in origins else [SELF, *origins]


def map_page(request):
    """The interactive map. Its events come from the API; the page gets its settings once, via json_script.

    ``?embed=1`` is only the map, for other sites' frames; ``?print=1`` the map and its legend, for paper.
    """
    embed = request.GET.get("embed") == "1"
    printing = not embed and request.GET.get("print") == "1"
    config = {
        "view": "embed" if embed else "print" if printing else "map",
        "kinds": kinds.kinds_for_map(),
        "base_layer_name": str(settings.LEAFLET_CONFIG["TILES"][0][0]),
        "country_names": countries.country_names(),
        "urls": {
            "events": reverse("events:events-api"),
            "list": reverse("events:events-list-api"),
            "histogram": reverse("events:events-histogram-api"),
            "border_choices": reverse("events:events-border-choices-api"),
            "countries": reverse("events:countries-api"),
            "labels": reverse("events:labels-api"),
            "borders": reverse("events:borders-api"),
            "feed": reverse("events:events-feed"),
        },
    }
    context = {
        "map_config": config,
        "embed": embed,
        "printing": printing,
        "hidden_controls": embed_hidden_controls(request.GET) if embed else [],
    }
    response = render(request, "events/map.html", context)
    if embed:
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": embed_frame_ancestors()}
    return response


def filter_error_response(error: FilterError) -> JsonResponse:
    return JsonResponse(error.as_json(), status=400)


def events_api(request):
    """The map's view with ``zoom`` (single events and clusters); without it every matching event, streamed.

    ``format=csv|kml|geojson`` downloads the same events as a file.
    """
    export_format = request.GET.get("format", "")
    if export_format and export_format not in EXPORT_FORMATS:
        choices = ", ".join(EXPORT_FORMATS)
        message = _("format: use one of %(choices)s.") % {"choices": choices}
        return filter_error_response(FilterError("format", "invalid_choice", message))
    try:
        params = EventFilter.from_query(request.GET)
        zoom = integer_param(request.GET, "zoom", 0, MAX_ZOOM)
        if zoom is not None and (params.bbox is None or export_format):
            raise FilterError(
                "zoom", "conflict", _("zoom: give it with a bbox, and not with format (downloads hold every event).")
            )
    except FilterError as error:
        return filter_error_response(error)
    absolute = absolute_url_builder(request)
    if zoom is not None:
        collection = viewport_collection(params, zoom, absolute, version=getattr(request, "data_version", None))
        return HttpResponse(exports.geojson_text(collection), content_type="application/geo+json")
    events = events_public(params)
    if params.limit:
        events = events[: params.limit]
    events = events.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    if not export_format:  # the map's own answer: ISO days, as its features always carry
        return StreamingHttpResponse(exports.events_geojson(events, absolute), content_type="application/geo+json")
    render_events, content_type, extension = EXPORT_FORMATS[export_format]
    response = StreamingHttpResponse(render_events(events, absolute), content_type=content_type)
    file_name = f"mapper-events-{timezone.localdate().isoformat()}.{extension}"
    response.headers["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


def events_list_api(request):
    """The list beside the map: a page of the matching events, newest first, with the total."""
    try:
        params = EventFilter.from_query(request.GET)
        offset = integer_param(request.GET, "offset", 0, MAX_ID) or 0
        if params.limit is not None and params.limit > PAGE_SIZE_MAX:
            raise FilterError(
                "limit", "out_of_range", _("limit: use a whole number from 1 to %(high)d.") % {"high": PAGE_SIZE_MAX}
            )
        located = request.GET.get("located", "")
        if located not in ("", "no"):
            raise FilterError(
                "located", "invalid_choice", _("located: use no (the events without a location), or leave it out.")
            )
    except FilterError as error:
        return filter_error_response(error)
    absolute = absolute_url_builder(request)
    return JsonResponse(events_page(params, offset, params.limit or PAGE_SIZE, absolute, unlocated=located == "no"))


def events_histogram_api(request):
    """The timeline: how many matching events per day, month or year (date filters ignored), the undated apart."""
    try:
        params = EventFilter.from_query(request.GET)
    except FilterError as error:
        return filter_error_response(error)
    return JsonResponse(events_histogram(params))


def events_border_choices_api(request):
    """The border filter's choices: the countries the matching events in view lie near (border filter ignored)."""
    try:
        params = EventFilter.from_query(request.GET)
    except FilterError as error:
        return filter_error_response(error)
    return JsonResponse(border_choices(params))


def event_page(request, pk):
    if pk > MAX_ID:  # SQLite cannot even compare such a number
        raise Http404("No such event.")
    event = get_object_or_404(events_public(EventFilter(ids=(pk,))))
    citations = event.citations.all()
    facts = attribute_facts(event.attributes)
    context = {
        "event": event,
        "facts": [
            (name[:EVENT_PAGE_MAX_FACT_CHARS], _cut(text, EVENT_PAGE_MAX_FACT_CHARS))
            for name, text in facts[:EVENT_PAGE_MAX_FACTS]
        ],
        # Rows stored before the length limits may be longer: the page shows no more than the limit.
        "description": _cut(event.description, EVENT_LENGTHS["description"]),
        "facts_left_out": max(0, len(facts) - EVENT_PAGE_MAX_FACTS),
        "sources": [
            {
                "citation": citation,
                "quote": _cut(citation.quote, CITATION_LENGTHS["quote"]),
                "external_url": http_url(citation.article.url),
            }
            for citation in citations[:EVENT_PAGE_MAX_SOURCES]
        ],
        "sources_left_out": max(0, len(citations) - EVENT_PAGE_MAX_SOURCES),
        "map_config": small_map_config(id=event.pk, features_url=_api_url(id=event.pk)),
    }
    return render(request, "events/event_detail.html", context)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def article_page(request, slug):
    # Only the part of the text the page shows leaves the database.
    head = Substr("text", 1, ARTICLE_PAGE_MAX_CHARS + 1)
    article = get_object_or_404(Article.objects.defer("text").annotate(text_head=head), slug=slug)
    text_cut = len(article.text_head) > ARTICLE_PAGE_MAX_CHARS
    events = list(events_public(EventFilter(article=article.slug)))
    context = {
        "article": article,
        "external_url": http_url(article.url),
        "paragraphs": article_paragraphs(article.text_head[:ARTICLE_PAGE_MAX_CHARS], events),
        "text_cut_at": ARTICLE_PAGE_MAX_CHARS if text_cut else None,
        "events": events,
        "map_config": small_map_config(slug=article.slug, features_url=_api_url(article=article.slug)),
    }
    return render(request, "events/article_detail.html", context)


def small_map_config(**fields) -> dict:
    """What a page's small map needs: its features' URL, the base layer from LEAFLET_CONFIG and the kinds."""
    return fields | {"tiles": base_layer(), "kinds": kinds.kinds_for_map()}


def _api_url(**params) -> str:
    return f"{reverse('events:events-api')}?{urlencode(params)}"


def borders_api(request):
    """Land borders for the map's border overlay, as GeoJSON lines.

    ``?countries=RO,UA`` gives the border the two share; ``?countries=RO`` gives
    every land border of Romania, one feature per neighbour.
    """
    codes = [
        country_code_or_blank(code) or code for code in request.GET.get("countries", "").split(",") if code.strip()
    ]
    if len(codes) not in (1, 2):
        message = _("Give one or two country codes, e.g. ?countries=RO or ?countries=RO,UA.")
        return filter_error_response(FilterError("countries", "invalid_choice", message))
    try:
        pairs = [codes] if len(codes) == 2 else [[codes[0], other] for other in borders.neighbours_of(codes[0])]
        features = [_border_feature(pair) for pair in pairs]
    except (geometry.GeometryError, borders.BorderError) as exc:
        return filter_error_response(FilterError("countries", "no_such_border", str(exc)))
    collection = {"type": "FeatureCollection", "features": features}
    return HttpResponse(json.dumps(collection), content_type="application/geo+json")


def _border_feature(codes):
    properties = {"countries": codes, "names": [borders.country_name(code) for code in codes]}
    return {"type": "Feature", "properties": properties, "geometry": geometry.shape_from_spec({"border": codes})}


def countries_api(request):
    """Simplified country outlines (Natural Earth 1:110m): the map's base layer when tiles are unreachable."""
    return HttpResponse(borders.countries_geojson(simplified=True), content_type="application/geo+json")


def labels_api(request):
    """Names for the offline outlines: ``?bbox=W,S,E,N&zoom=Z`` gives the countries and settlements to label."""
    try:
        bbox = bbox_param(request.GET)
        zoom = integer_param(request.GET, "zoom", 0, MAX_ZOOM)
        if bbox is None or zoom is None:
            missing = "bbox" if bbox is None else "zoom"
            message = _("Give bbox=min_lon,min_lat,max_lon,max_lat and zoom, e.g. ?bbox=20,43,30,49&zoom=6.")
            raise FilterError(missing, "missing", message)
    except FilterError as error:
        return filter_error_response(error)
    return JsonResponse(map_labels.labels_in_view(bbox, zoom))


def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin): the SVG, never a 404."""
    return HttpResponsePermanentRedirect(static("events/favicon.svg"))
