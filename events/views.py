"""Public pages and the events API. Thin: parse, call a selector, serialise."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from events.models import Article, Event


def map_page(request):
    return HttpResponse("Mapper: map coming soon")


def events_api(request):
    return HttpResponse("{}", content_type="application/geo+json")


def article_page(request, slug):
    return HttpResponse(get_object_or_404(Article, slug=slug).title, content_type="text/plain")


def event_page(request, pk):
    return HttpResponse(get_object_or_404(Event.objects.published(), pk=pk).title, content_type="text/plain")
