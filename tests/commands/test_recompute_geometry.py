"""recompute_geometry refreshes every event's border facts, or only reports with --dry-run."""

from io import StringIO

from django.core.management import call_command

from events.models import Event


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("recompute_geometry", *args, stdout=out, stderr=err)
    return out.getvalue()


def stale_events(make_event):
    barsana = make_event(title="Drone over Bârsana", latitude=47.81667, longitude=24.06667, place_name="Bârsana")
    at_sea = make_event(title="Ship", latitude=43.5, longitude=31.0, place_name="Black Sea")
    # Facts from older boundary data (or none at all).
    Event.objects.filter(pk=barsana.pk).update(country_code="HU", border_country="SK", border_distance_km=999)
    Event.objects.filter(pk=at_sea.pk).update(country_code="RO", border_country="UA", border_distance_km=1)
    return barsana, at_sea


def test_recompute_updates_stale_facts_and_reports(make_event):
    barsana, at_sea = stale_events(make_event)
    deveselu = make_event()  # never computed: the first run fills its facts too
    call_command("recompute_geometry", verbosity=0)
    barsana.refresh_from_db()
    at_sea.refresh_from_db()
    assert (barsana.country_code, barsana.border_country) == ("RO", "UA")
    assert 8 < barsana.border_distance_km < 16
    assert (at_sea.country_code, at_sea.border_country, at_sea.border_distance_km) == ("", "", None)
    assert "0 events changed, 3 unchanged." in run()
    deveselu.refresh_from_db()
    assert deveselu.country_code == "RO"


def test_dry_run_saves_nothing(make_event):
    barsana, _ = stale_events(make_event)
    assert "2 events would change, 0 unchanged." in run("--dry-run")
    barsana.refresh_from_db()
    assert barsana.country_code == "HU"


def test_verbose_run_lists_each_change(make_event):
    barsana, _ = stale_events(make_event)
    output = run("--verbosity", "2")
    assert f"event {barsana.pk}: ['HU', 'SK', 999.0, {{}}] -> ['RO', 'UA'," in output
