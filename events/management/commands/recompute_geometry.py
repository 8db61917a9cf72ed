"""Refresh every event's computed border facts, e.g. after the boundary data was updated.

The facts (country, nearest land neighbour, distance to that border) are
computed by ``events.services.geometry.events_facts_compute``, a batch at a
time (one vectorised query per batch); this command only walks the events,
saves those whose facts changed (in batches, in one transaction), and reports.
"""

from itertools import islice

from django.db import transaction
from tqdm import tqdm

from events.management.base import MapperCommand
from events.models import Event
from events.services.geometry import events_facts_compute

FACT_FIELDS = ["country_code", "border_country", "border_distance_km", "border_zone"]


class Command(MapperCommand):
    help = "Recompute country, nearest border and border distance for all events."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compute and report, but save nothing.")
        parser.add_argument("--batch-size", type=int, default=500, help="Events saved per query (default 500).")

    def handle(self, *args, dry_run=False, batch_size=500, verbosity=1, **options):
        events = Event.objects.only("pk", "latitude", "longitude", "geometry", "country_hint", *FACT_FIELDS)
        changed, total = [], events.count()
        progress = tqdm(
            events.iterator(chunk_size=batch_size), total=total, unit="event", disable=verbosity < 1, file=self.stderr
        )
        walk = iter(progress)
        while batch := list(islice(walk, batch_size)):
            before = [[getattr(event, field) for field in FACT_FIELDS] for event in batch]
            events_facts_compute(batch)
            for event, facts_before in zip(batch, before, strict=True):
                facts_after = [getattr(event, field) for field in FACT_FIELDS]
                if facts_after != facts_before:
                    changed.append(event)
                    if verbosity >= 2:
                        self.stdout.write(f"  event {event.pk}: {facts_before} -> {facts_after}")
        if not dry_run:
            with transaction.atomic():
                Event.objects.bulk_update(changed, FACT_FIELDS, batch_size=batch_size)
        verb = "would change" if dry_run else "changed"
        self.stdout.write(self.style.SUCCESS(f"{len(changed)} events {verb}, {total - len(changed)} unchanged."))
