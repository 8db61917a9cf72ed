"""Hostile-inputs row 23: loading a fixture (raw saves) never geocodes or calls out."""

import json

from django.core.management import call_command

from events.models import Event


def test_loaddata_saves_an_unlocated_event_without_geocoding_it(kinds, geocoder_calls, tmp_path):
    fixture = tmp_path / "events.json"
    fields = {
        "key": "from-a-fixture",
        "title": "Drone over Galați",
        "kind": kinds["drone-sighting"].pk,
        "place_name": "Galați",
        "created_at": "2024-05-01T00:00:00Z",
        "updated_at": "2024-05-01T00:00:00Z",
    }
    fixture.write_text(json.dumps([{"model": "events.event", "pk": 99, "fields": fields}]))

    call_command("loaddata", str(fixture), verbosity=0)

    event = Event.objects.get(key="from-a-fixture")
    assert geocoder_calls == []
    assert (event.geocode_status, event.latitude, event.longitude) == ("pending", None, None)
    assert not event.history.exists()  # history's own signal handler also skips raw saves
