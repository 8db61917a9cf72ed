"""Hostile-inputs row 11: latitude/longitude never swap between the model, shapely and GeoJSON."""

from events.models import Event
from events.serializers import event_feature
from events.services.geometry import event_facts_compute

PARIS = {"latitude": 48.8566, "longitude": 2.3522}
FRANCE_BBOX = {"min_lon": -5.2, "max_lon": 9.6, "min_lat": 41.3, "max_lat": 51.1}


def test_paris_is_in_france_in_the_model_the_facts_and_the_geojson(make_event):
    event = make_event(place_name="Paris", country_hint="FR", **PARIS)
    event.full_clean()

    event_facts_compute(event)  # shapely works longitude-first
    assert event.country_code == "FR"

    event = Event.objects.select_related("kind").prefetch_related("citations__article").get(pk=event.pk)
    lon, lat = event_feature(event, lambda path: path)["geometry"]["coordinates"]
    assert FRANCE_BBOX["min_lon"] <= lon <= FRANCE_BBOX["max_lon"]
    assert FRANCE_BBOX["min_lat"] <= lat <= FRANCE_BBOX["max_lat"]
    assert (lon, lat) == (PARIS["longitude"], PARIS["latitude"])


def test_swapped_coordinates_would_land_somewhere_else(make_event):
    """The check above can fail: Paris with its axes swapped is not in France."""
    event = make_event(latitude=PARIS["longitude"], longitude=PARIS["latitude"])
    event_facts_compute(event)
    assert event.country_code != "FR"
