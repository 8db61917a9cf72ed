"""Atom feed of newly published events; takes the same filters as the API."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from events.models import Precision
from events.selectors import EventFilter, FilterError, events_public
from events.serializers import article_link
from events.services.dates import date_in_words
from events.views import filter_error_response

FEED_SIZE = 50


def events_feed(request):
    """A feed object per request, so that it can hold the request safely."""
    return EventsFeed(request)(request)


class EventsFeed(Feed):
    feed_type = Atom1Feed
    title = "Mapper: newly published events"
    subtitle = "Events reported in news articles, newest publication first."

    def __init__(self, request):
        self.request = request  # item_description builds absolute article links

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except FilterError as error:
            return filter_error_response(error)

    def get_object(self, request):
        return EventFilter.from_query(request.GET)

    def link(self):
        return reverse("events:map")

    def items(self, params):
        events = events_public(params).order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")
        return events[: min(params.limit or FEED_SIZE, FEED_SIZE)]

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        """Atom readers render the summary as HTML, so every value is escaped here."""
        facts = [
            event.kind.name,
            event.place_name or "place unknown",
            date_in_words(event.date, event.date_precision),
            f"location: {Precision.label_of(event.precision)}",
        ]
        sources = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (article_link(c.article, self.request.build_absolute_uri), c.article.title)
                for c in event.citations.all()
            ),
        )
        description = format_html("<p>{}</p>", event.description) if event.description else ""
        return format_html("<p>{}</p>{}<ul>{}</ul>", " · ".join(facts), description, sources)

    def item_pubdate(self, event):
        return event.published_at or event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [event.kind.name]
