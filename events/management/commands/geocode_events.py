"""Geocode events again: pending ones, and with --retry-failed those that failed before."""

from collections import Counter

from tqdm import tqdm

from events.management.base import MapperCommand
from events.models import Event
from events.services import locating


class Command(MapperCommand):
    help = (
        "Locate events that still need it (status pending or retry) through the geocoder chain, "
        "save each one, and print a summary by geocoding status."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed", action="store_true", help="Also re-run events whose status is not_found or retry."
        )
        parser.add_argument("--only-missing", action="store_true", help="Only events without a point.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; save nothing.")

    def handle(self, *args, retry_failed, only_missing, dry_run, verbosity, **options):
        statuses = [Event.GeocodeStatus.PENDING, Event.GeocodeStatus.RETRY]
        if retry_failed:
            statuses.append(Event.GeocodeStatus.NOT_FOUND)
        events = Event.objects.filter(geocode_status__in=statuses).exclude(place_name="")
        if only_missing:
            events = events.filter(latitude__isnull=True)
        counts = Counter()
        for event in tqdm(list(events.order_by("pk")), unit="event", disable=verbosity < 1, desc="Geocoding"):
            locating.event_locate(event, context=event_context(event))
            counts[event.geocode_status] += 1
            if verbosity >= 2:
                self.stdout.write(f"{event.key}: {event.geocode_status} {event.geocode_reason}")
            if not dry_run:
                event.save()
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no events to geocode"
        prefix = "Dry run, nothing saved: " if dry_run else "Geocoded: "
        self.stdout.write(self.style.SUCCESS(prefix + summary))


def event_context(event) -> tuple:
    """Points of the other located events reported by the same articles (helps disambiguation)."""
    siblings = (
        Event.objects.located().filter(citations__article__citations__event=event).exclude(pk=event.pk).distinct()
    )
    return tuple(siblings.values_list("latitude", "longitude")[:20])
