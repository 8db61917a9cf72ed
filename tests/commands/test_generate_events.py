"""generate_events: realistic events to measure with, the same for a seed, around real places."""

from collections import Counter
from io import StringIO

from django.core.management import call_command

from events.models import Article, Citation, Event, EventCell, Place, Precision
from events.services.generating import FALLBACK_PLACES


def generate(*arguments):
    out = StringIO()
    call_command("generate_events", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot():
    return list(
        Event.objects.order_by("key").values_list("key", "title", "latitude", "longitude", "date", "kind__slug")
    )


def no_gazetteer():
    """No places (another test's gazetteer may be loaded for the session; the test's transaction brings it back)."""
    Place.objects.all().delete()


def test_same_seed_same_events_and_a_warning_without_gazetteer(db):
    no_gazetteer()
    output = generate("--count", "2000", "--seed", "4")
    assert "gazetteer is empty" in output and "Created 2000 events, 200 articles" in output
    first = snapshot()
    generate("--count", "2000", "--seed", "4", "--replace")
    assert snapshot() == first
    generate("--count", "2000", "--seed", "5", "--replace")
    assert snapshot() != first
    assert Event.objects.count() == 2000 and Citation.objects.count() == 2000 and Article.objects.count() == 200


def test_the_archive_looks_like_a_real_one(db):
    no_gazetteer()
    generate("--count", "3000", "--seed", "1")
    events = list(Event.objects.all())
    assert set(Counter(e.kind.slug for e in events)) == {
        "military-base",
        "drone-sighting",
        "border-village",
        "production-site",
        "other",
    }
    assert set(Counter(e.precision for e in events)) == set(Precision.values)
    dated = [e.date for e in events if e.date]
    assert 0.02 < 1 - len(dated) / len(events) < 0.1  # some undated
    assert (max(dated) - min(dated)).days > 4 * 365  # five years
    assert any(e.geometry and e.geometry["type"] == "LineString" for e in events)
    assert any(e.geometry and e.geometry["type"] == "Polygon" for e in events)
    names = {name for name, *_ in FALLBACK_PLACES}
    assert {e.place_name for e in events} <= names
    assert sum(1 for e in events if e.border_country) > len(events) / 2  # border facts computed
    published_points = sum(1 for e in events if e.status == "published" and e.latitude is not None)
    assert sum(EventCell.objects.filter(level=2).values_list("count", flat=True)) == published_points


def test_it_uses_the_gazetteer_when_loaded(gazetteer):
    generate("--count", "500")
    assert Event.objects.exclude(place_name__in=[name for name, *_ in FALLBACK_PLACES]).count() > 400


def test_dry_run_writes_nothing(db):
    assert "Would create 100 events" in generate("--count", "100", "--dry-run")
    assert not Event.objects.exists()
