"""The map answer's single features, built from plain rows, are exactly what ``event_feature`` makes of the models."""

import datetime as dt
import json

import pytest
from django.utils import translation

from events import viewport
from events.cell_index import level_size
from events.models import Article, Citation, Event
from events.selectors import EventFilter, events_public
from events.serializers import event_feature
from events.services.generating import events_generate

GALATI = (27.8, 45.2, 28.3, 45.7)
LINE = {"type": "LineString", "coordinates": [[27.9, 45.3], [28.0, 45.31], [28.1, 45.5], [28.2, 45.52]]}


def absolute(path):
    return "https://maps.example.org" + path


@pytest.fixture
def archive(kinds, make_event, article):
    """Generated events, a line, an event citing two articles (one without a usable URL), and a draft in view."""
    events_generate(600, seed=11, gazetteer=False)
    make_event(title="Convoy on the road", latitude=None, longitude=None, geometry=LINE, attributes={"trucks": 12})
    cited = make_event(title="Drones over Galați", latitude=45.43, longitude=28.05, precision="near", date="2024-02-03")
    unlinked = Article.objects.create(title="Local <b>report</b>", slug="local report", url="javascript:alert(1)")
    Citation.objects.create(event=cited, article=unlinked, quote="«sighted» near the port")
    make_event(title="Draft in view", latitude=45.44, longitude=28.06, status=Event.Status.DRAFT)


def features_from_models(ids, size):
    """The single features as built before: model instances, citations prefetched, shapes simplified."""
    features = []
    for event in events_public(EventFilter()).filter(pk__in=ids).order_by():
        feature = event_feature(event, absolute)
        if event.geometry:
            feature["geometry"] = viewport._simplified(event.geometry, size)
        features.append(feature)
    return features


@pytest.mark.parametrize("language", ["en", "ro", "uk"])
@pytest.mark.parametrize("params", [{}, {"kinds": ("military-base",)}], ids=["everything", "kind"])
@pytest.mark.parametrize("zoom", [8, 10, 14])
def test_single_features_are_byte_for_byte_those_of_the_models(archive, language, params, zoom):
    with translation.override(language):
        answer = viewport.viewport_collection(EventFilter(bbox=GALATI, **params), zoom, absolute)
        singles = [feature for feature in answer["features"] if not feature["properties"].get("cluster")]
        size = level_size(viewport.cell_level(GALATI, zoom))
        expected = features_from_models([feature["id"] for feature in singles], size)
    assert singles, "the view shows single events"
    assert json.dumps(singles, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


def test_a_feature_keeps_its_sources_shape_and_language(archive):
    with translation.override("ro"):
        answer = viewport.viewport_collection(EventFilter(bbox=GALATI), 14, absolute)
    by_title = {f["properties"]["title"]: f for f in answer["features"] if not f["properties"].get("cluster")}
    assert "Draft in view" not in by_title
    assert by_title["Convoy on the road"]["geometry"]["type"] == "LineString"
    sources = by_title["Drones over Galați"]["properties"]["articles"]
    assert [source["url"] for source in sources] == [
        "https://news.example.org/romania-ukraine-drones",
        "https://maps.example.org/articles/local%20report/",
    ]
    assert sources[1]["title"] == "Local <b>report</b>"
    assert by_title["Drones over Galați"]["properties"]["precision_label"] != "near"


@pytest.mark.parametrize("room", [0, -1], ids=["all-fit", "one-too-many"])
def test_a_street_view_is_all_single_events_up_to_the_limit_and_clustered_past_it(archive, monkeypatch, room):
    everything = viewport.viewport_collection(EventFilter(bbox=GALATI), viewport.SINGLES_ZOOM, absolute)
    monkeypatch.setattr(viewport, "SINGLES_MAX", everything["total"] + room)
    answer = viewport.viewport_collection(EventFilter(bbox=GALATI), viewport.SINGLES_ZOOM, absolute)
    clusters = [feature for feature in answer["features"] if feature["properties"].get("cluster")]
    assert answer["total"] == everything["total"]
    assert bool(clusters) == (room < 0)
    assert len(answer["features"]) - len(clusters) + sum(c["properties"]["count"] for c in clusters) == answer["total"]


@pytest.mark.parametrize("params", [{}, {"kinds": ("military-base",)}, {"date_from": dt.date(2023, 1, 1)}],
                         ids=["everything", "kind", "dates"])  # fmt: skip
def test_below_street_zoom_events_sharing_a_cell_are_one_cluster_however_few(archive, params):
    """A view of a city and around, with a few hundred events, shows a disc per crowded cell, not markers on
    top of each other."""
    street = viewport.viewport_collection(EventFilter(bbox=GALATI, **params), viewport.SINGLES_ZOOM, absolute)
    city = viewport.viewport_collection(EventFilter(bbox=GALATI, **params), 9, absolute)
    clusters = [feature for feature in city["features"] if feature["properties"].get("cluster")]
    assert 1 < street["total"] == city["total"] <= viewport.SINGLES_MAX
    assert not any(feature["properties"].get("cluster") for feature in street["features"])
    assert clusters and len(city["features"]) < len(street["features"])
    assert len(city["features"]) - len(clusters) + sum(c["properties"]["count"] for c in clusters) == city["total"]
