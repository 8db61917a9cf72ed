"""One wording for each location precision (``models.Precision``), in the reader's language, at every door."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from events.models import Precision
from tests.responses import response_body, response_json

KML_NS = {"kml": "http://www.opengis.net/kml/2.2"}
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.mark.parametrize("language", ["en", "ro", "uk"])
def test_the_api_the_event_page_the_feed_and_kml_say_the_same_translated_words(client, make_event, language):
    event = make_event(title="Drone over the border", precision=Precision.REGION)
    with translation.override(language):
        words = Precision.label_of(Precision.REGION)
    with translation.override("en"):
        assert (words == Precision.label_of(Precision.REGION)) == (language == "en")  # translated, not left in English
    headers = {"HTTP_ACCEPT_LANGUAGE": language}

    feature = response_json(client.get("/api/events/", **headers))["features"][0]
    page = client.get(event.get_absolute_url(), **headers).content.decode()
    feed = ET.fromstring(client.get("/feeds/events/", **headers).content)
    kml = ET.fromstring(response_body(client.get("/api/events/", {"format": "kml"}, **headers)))

    assert feature["properties"]["precision_label"] == words  # what the map's popup shows
    assert f"<dd>{words}</dd>" in page
    assert words in feed.find("atom:entry/atom:summary", ATOM).text
    assert words in kml.find(".//kml:Placemark/kml:description", KML_NS).text


def test_a_value_that_is_no_precision_reads_as_unknown():
    assert Precision.label_of("somewhere") == Precision.label_of(Precision.UNKNOWN) == "precision unknown"


def test_no_script_or_template_keeps_a_second_wording():
    """The front end takes the words from the server; a table of them in JS or a template would drift."""
    labels = [str(label) for label in Precision.labels if " " in str(label) or "-" in str(label)]
    roots = [Path(settings.BASE_DIR) / "events" / "static" / "events" / "js", Path(settings.BASE_DIR) / "templates"]
    files = [path for root in roots for path in root.rglob("*") if path.suffix in (".js", ".html")]
    assert files
    copies = [(path.name, label) for path in files for label in labels if label in path.read_text(encoding="utf-8")]
    assert copies == []
    assert not re.search(r"\bwords\s*:", (roots[0] / "precision.js").read_text(encoding="utf-8"))
