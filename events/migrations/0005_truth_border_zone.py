# The border zone of every event, and its facts recomputed with the boundaries by international law
# (Crimea in Ukraine). Both come from events.services.geometry, as recompute_geometry does.

from django.db import migrations, models
import events.fields

BATCH_SIZE = 500
FACT_FIELDS = ["country_code", "border_country", "border_distance_km", "border_zone"]


def facts_recompute(apps, schema_editor):
    from events.services.geometry import events_facts_compute

    Event = apps.get_model("events", "Event")
    events = Event.objects.only("pk", "latitude", "longitude", "geometry", "country_hint", *FACT_FIELDS)
    pks = list(events.values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(pks), BATCH_SIZE):
        batch = list(events.filter(pk__in=pks[start : start + BATCH_SIZE]))
        events_facts_compute(batch)
        Event.objects.bulk_update(batch, FACT_FIELDS)


def gin_index_create(apps, schema_editor):
    """On PostgreSQL, a GIN index answers "which events have a UA key" (jsonb ?) without a scan."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX event_border_zone_gin ON events_event USING gin (border_zone)")


def gin_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_border_zone_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_hardening_stored_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="border_zone",
            field=events.fields.StoredJSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="historicalevent",
            name="border_zone",
            field=events.fields.StoredJSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(facts_recompute, migrations.RunPython.noop),
        migrations.RunPython(gin_index_create, gin_index_drop),
    ]
