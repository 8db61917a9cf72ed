"""Every event reachable: without zoom, /api/events/ streams all matching events in every format, a batch at a time."""

import csv
import io
import json
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import views
from events.models import Event
from events.services.generating import events_generate
from tests.responses import response_body

API = "/api/events/"
KML_NS = {"kml": "http://www.opengis.net/kml/2.2"}


def ids_in(export, body):
    if export == "csv":
        return [int(row["id"]) for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))]
    if export == "kml":
        return [
            int(p.get("id").removeprefix("event-")) for p in ET.fromstring(body).findall(".//kml:Placemark", KML_NS)
        ]
    return [feature["id"] for feature in json.loads(body)["features"]]


def test_more_than_five_thousand_events_all_come_out_in_every_format(client, kinds):
    """The old silent cut at 5,000 is gone: every published event is in the answer, newest first."""
    events_generate(5200, seed=2, gazetteer=False)
    published = Event.objects.filter(status="published")
    newest = published.filter(date__isnull=False).order_by("-date", "title", "pk").first().pk
    for export in ("", "geojson", "csv", "kml"):
        response = client.get(API, {"format": export} if export else {})
        assert response.streaming
        ids = ids_in(export, response_body(response))
        assert len(ids) == len(set(ids)) == published.count() > 5000, export
        assert ids[0] == newest


def test_events_are_read_a_batch_at_a_time(client, kinds, monkeypatch):
    """Memory stays flat: the events and their citations come in batches, not all at once."""
    monkeypatch.setattr(views, "EXPORT_CHUNK_SIZE", 100)
    events_generate(1000, seed=4, gazetteer=False)
    published = Event.objects.filter(status="published").count()
    with CaptureQueriesContext(connection) as context:
        body = response_body(client.get(API, {"format": "csv"}))
    citation_queries = [q for q in context.captured_queries if 'FROM "events_citation"' in q["sql"]]
    assert len(citation_queries) == -(-published // 100)  # one per batch of 100 events
    assert body.count(b"\n") > published


def test_limit_still_cuts_when_asked(client, kinds):
    events_generate(300, seed=6, gazetteer=False)
    assert len(ids_in("csv", response_body(client.get(API, {"format": "csv", "limit": 25})))) == 25
