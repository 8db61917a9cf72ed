"""recompute_geometry refreshes every event's border facts, or only reports with --dry-run."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

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


def test_each_changed_event_gets_a_history_row_and_a_new_updated_at(make_event):
    barsana, at_sea = stale_events(make_event)
    unchanged = make_event()
    call_command("recompute_geometry", verbosity=0)  # facts of the new event filled: now all current
    long_ago = timezone.now() - timedelta(days=30)
    Event.objects.update(updated_at=long_ago)
    Event.objects.filter(pk=barsana.pk).update(country_code="HU")  # stale again
    rows_before = barsana.history.count()

    call_command("recompute_geometry", verbosity=0)

    barsana.refresh_from_db()
    latest = barsana.history.latest()
    assert barsana.history.count() == rows_before + 1
    assert (latest.history_type, latest.history_change_reason, latest.country_code) == (
        "~",
        "Border facts recomputed",
        "RO",
    )
    assert latest.title == "Drone over Bârsana"  # the whole event, not only its facts
    assert barsana.updated_at > long_ago + timedelta(days=29)
    unchanged.refresh_from_db()
    assert unchanged.updated_at == long_ago  # an event whose facts held is not touched


def test_background_queues_a_task_that_does_the_same_work(make_event):
    barsana, _ = stale_events(make_event)
    output = run("--background")
    assert "Queued as task" in output
    barsana.refresh_from_db()  # tests run tasks inline (ImmediateBackend): the worker's work is done
    assert barsana.country_code == "RO"
