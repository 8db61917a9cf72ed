"""/feeds/events/: an Atom feed of newly published events, with the API's filters."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from events.models import Event
from events.services.publishing import event_publish, event_unpublish

FEED = "/feeds/events/"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def entries(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall("atom:entry", ATOM)


def entry_titles(response):
    return [entry.find("atom:title", ATOM).text for entry in entries(response)]


def test_newest_publication_comes_first_and_links_to_the_event_page(client, make_event):
    older = make_event(title="Published first", status=Event.Status.DRAFT)
    newer = make_event(title="Published second", status=Event.Status.DRAFT)
    event_publish(older)
    event_publish(newer)
    Event.objects.filter(pk=older.pk).update(published_at=timezone.now() - datetime.timedelta(days=1))

    feed = entries(client.get(FEED))

    assert [entry.find("atom:title", ATOM).text for entry in feed] == ["Published second", "Published first"]
    assert feed[0].find("atom:link", ATOM).get("href") == f"http://testserver/events/{newer.pk}/"
    assert feed[0].find("atom:category", ATOM).get("term") == "Military base"


def test_drafts_and_unpublished_events_never_appear(client, make_event):
    """Hostile input 39."""
    make_event(title="Public")
    make_event(title="Draft", status=Event.Status.DRAFT)
    withdrawn = make_event(title="Withdrawn")
    event_unpublish(withdrawn)

    assert entry_titles(client.get(FEED)) == ["Public"]


def test_feed_takes_the_api_filters(client, make_event, kinds):
    make_event(title="Base")
    make_event(title="Drone", kind=kinds["drone-sighting"], border_zone={"UA": 10.0, "RO": 10.0, "RO-UA": 10.0})

    assert entry_titles(client.get(FEED, {"kind": "drone-sighting"})) == ["Drone"]
    assert entry_titles(client.get(FEED, {"near_border": "UA", "within_km": "20"})) == ["Drone"]
    assert entry_titles(client.get(FEED, {"q": "base"})) == ["Base"]


@pytest.mark.parametrize("params", [{"bbox": "abc"}, {"limit": str(10**9)}, {"date_from": "never"}])
def test_a_bad_filter_is_a_400_not_an_error_page(client, db, params):
    response = client.get(FEED, params)

    assert response.status_code == 400
    assert "error" in response.json()


def test_summary_html_shows_markup_from_the_data_as_text(client, make_event):
    """Readers render the Atom summary as HTML: the data inside it must be escaped once more."""
    make_event(title="<img src=x onerror=alert(1)>", description="<iframe src=//evil.example></iframe>")

    (entry,) = entries(client.get(FEED))

    assert entry.find("atom:title", ATOM).text == "<img src=x onerror=alert(1)>"  # Atom title is plain text
    summary = entry.find("atom:summary", ATOM)
    assert summary.get("type") == "html"
    assert "&lt;iframe src=//evil.example&gt;" in summary.text
    assert "<iframe" not in summary.text
    assert '<a href="https://news.example.org/romania-ukraine-drones">' in summary.text


def test_entry_is_dated_by_publication_and_says_the_event_date_in_words(client, make_event):
    event = make_event(title="Drone", date=datetime.date(2025, 3, 1), date_precision="month", status=Event.Status.DRAFT)
    event_publish(event)
    published = Event.objects.get(pk=event.pk).published_at

    [entry] = entries(client.get(FEED))

    assert datetime.datetime.fromisoformat(entry.find("atom:published", ATOM).text) == published
    summary = entry.find("atom:summary", ATOM).text
    assert "March 2025" in summary
    assert "2025-03-01" not in summary
