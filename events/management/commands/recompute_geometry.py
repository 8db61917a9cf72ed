"""Refresh every event's computed border facts, e.g. after the boundary data was updated.

The work is ``events.services.recomputing.facts_recompute`` (the admin action calls it
too); this command reports, or with ``--background`` hands the work to a task worker.
"""

from tqdm import tqdm

from events import tasks
from events.management.base import MapperCommand
from events.services.recomputing import facts_recompute


class Command(MapperCommand):
    help = "Recompute country, nearest border and border distance for all events."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compute and report, but save nothing.")
        parser.add_argument("--batch-size", type=int, default=500, help="Events saved per query (default 500).")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the work for a task worker (python manage.py db_worker) and return at once.",
        )

    def handle(self, *args, dry_run=False, batch_size=500, background=False, verbosity=1, **options):
        if background:
            result = tasks.facts_recompute_task.enqueue(None, dry_run=dry_run)
            self.stdout.write(f"Queued as task {result.id}; a worker (python manage.py db_worker) runs it.")
            return

        def bar(events, total):
            return tqdm(events, total=total, unit="event", disable=verbosity < 1, file=self.stderr)

        result = facts_recompute(dry_run=dry_run, batch_size=batch_size, progress=bar)
        if verbosity >= 2:
            for pk, before, after in result.changed:
                self.stdout.write(f"  event {pk}: {before} -> {after}")
        self.stdout.write(self.style.SUCCESS(result.summary(dry_run=dry_run)))
