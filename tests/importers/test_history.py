"""Table imports leave a history row on every event, article and citation they write, with updated_at."""

from datetime import timedelta

from django.utils import timezone

from events.models import Article, Citation, Event

CSV = (
    "id,title,latitude,longitude,url,quote\n"
    "a1,Drone over Galați,45.43,28.05,https://news.example.org/galati,A drone was seen.\n"
    "a2,Patrol at Tulcea,45.18,28.80,https://news.example.org/tulcea,Patrols went out.\n"
)


def history_of(obj):
    return list(obj.history.order_by("history_date", "history_id"))


def test_created_events_articles_and_citations_have_a_history_row_naming_the_file(run_import):
    run_import("incidents.csv", CSV)

    for model in (Event, Article, Citation):
        for obj in model.objects.all():
            rows = history_of(obj)
            assert [row.history_type for row in rows] == ["+"], (model, obj)
            assert rows[0].history_change_reason == "Imported from incidents.csv"
    event = Event.objects.get(source_id="a1")
    assert history_of(event)[0].title == "Drone over Galați"


def test_a_changed_row_adds_a_change_row_and_moves_updated_at(run_import):
    run_import("incidents.csv", CSV)
    event = Event.objects.get(source_id="a1")
    long_ago = timezone.now() - timedelta(days=30)
    Event.objects.filter(pk=event.pk).update(updated_at=long_ago)

    run_import(
        "incidents.csv", CSV.replace("Drone over Galați", "Two drones over Galați").replace("seen.", "seen twice.")
    )

    event.refresh_from_db()
    rows = history_of(event)
    assert [row.history_type for row in rows] == ["+", "~"]
    assert rows[-1].title == "Two drones over Galați"
    assert rows[-1].created_at == rows[0].created_at  # the event's creation time is kept
    assert event.updated_at > long_ago + timedelta(days=29)
    citation = Citation.objects.get(event=event)
    assert citation.quote == "A drone was seen twice."
    assert [row.history_type for row in history_of(citation)] == ["+", "~"]
    untouched = Event.objects.get(source_id="a2")
    assert len(history_of(untouched)) == 1  # an unchanged row writes nothing, history included


def test_the_admin_uploader_is_recorded_as_who_changed_it(run_import, django_user_model):
    editor = django_user_model.objects.create_user("editor")
    run_import("incidents.csv", CSV, user=editor)
    assert {row.history_user for row in Event.history.all()} == {editor}
