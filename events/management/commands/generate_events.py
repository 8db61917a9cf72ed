"""Generate realistic events to measure with (bench/scale.py uses it), deterministic for a seed."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from events.models import EventKind
from events.services.generating import events_generate, events_generated_delete


class Command(BaseCommand):
    help = (
        "Create COUNT generated events clustered around gazetteer places (run load_gazetteer first; without "
        "it a small built-in list of real places is used), with articles, citations and border facts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many events to create, e.g. 1000000.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same events (default 1).")
        parser.add_argument("--replace", action="store_true", help="Delete earlier generated events first.")
        parser.add_argument("--dry-run", action="store_true", help="Generate and count; write nothing.")

    def handle(self, *args, count, seed, replace, dry_run, verbosity, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if not EventKind.objects.exists():
            call_command("loaddata", "event_kinds", verbosity=0)
        if replace and not dry_run:
            deleted = events_generated_delete()
            if verbosity:
                self.stdout.write(f"Deleted {deleted} earlier generated events.")
        with tqdm(total=count, unit="event", disable=verbosity < 1, file=self.stderr) as bar:
            try:
                report = events_generate(count, seed=seed, dry_run=dry_run, progress=bar.update)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if report.fallback_places:
            self.stdout.write(
                self.style.WARNING(
                    f"The gazetteer is empty: used {report.places} built-in places. Run load_gazetteer for realism."
                )
            )
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {report.events} events, {report.articles} articles and {report.citations} citations "
                f"around {report.places} places (seed {seed})."
            )
        )
