"""Create the default event kinds that are missing; never change one that exists (staff may have edited it)."""

from events.management.base import MapperCommand
from events.services.kinds import default_kinds_create


class Command(MapperCommand):
    help = (
        "Create the default event kinds that are missing (military base, drone sighting, …); existing kinds are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say which kinds would be created; create none.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        created = default_kinds_create(dry_run=dry_run)
        if verbosity >= 1:
            verb = "Would create" if dry_run else "Created"
            listed = f": {', '.join(created)}" if created else ""
            self.stdout.write(
                self.style.SUCCESS(f"{verb} {len(created)} default kind(s){listed}; existing kinds kept.")
            )
