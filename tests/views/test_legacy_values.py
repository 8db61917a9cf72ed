"""Rows already stored with values the gate now refuses: every public door still answers.

Issue 9: an event whose attributes were nested 950 levels deep made the API (every
format), the feed and the event page answer 500. The values are written raw
(``store_raw``), as an older release, ``loaddata`` or SQL could have stored them.
"""

import json

from tests.responses import response_body

PUBLIC_FORMATS = ["", "?format=geojson", "?format=csv", "?format=kml"]


def strict_json(text):
    """Parse as a browser's JSON.parse would: NaN and Infinity are errors."""

    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_every_public_door_answers_for_a_stored_bad_value(client, legacy_event, article):
    for query in PUBLIC_FORMATS:
        response = client.get(f"/api/events/{query}")
        assert response.status_code == 200, query
        assert "A legacy event" in response_body(response).decode(), query
    features = strict_json(response_body(client.get("/api/events/")))["features"]
    assert [feature["properties"]["title"] for feature in features] == ["A legacy event"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [24.38333, 44.06667]}

    feed = client.get("/feeds/events/")
    assert feed.status_code == 200 and b"A legacy event" in feed.content
    event_page = client.get(legacy_event.get_absolute_url())
    assert event_page.status_code == 200 and b"Stored before the rules" in event_page.content
    article_page = client.get(article.get_absolute_url())
    assert article_page.status_code == 200 and b"A legacy event" in article_page.content
