"""Import article files: ``python manage.py import_articles fixtures/articles/``.

Thin: reads the files, calls ``article_import`` and reports what it did. All checks,
geocoding and the single transaction live in ``events.services.importing``.
"""

from django.core.management.base import CommandError

from events.management.base import MapperCommand
from events.services.importing import ACTIONS, ImportRefused, article_import, article_sources_from_paths


class Command(MapperCommand):
    help = (
        "Import article files (JSON, format in fixtures/articles/article.schema.json) as articles, events and "
        "citations. Every file and record is checked first: if anything is wrong, every problem is listed "
        "(file, record, field), nothing is written and the exit status is 1. Re-importing an unchanged file "
        "changes nothing; a changed record updates its event in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="An article file, or a directory whose *.json files are imported (*.schema.json excepted).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the files and show what would change; write nothing and call no geocoder.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace events that staff edited since their import (by default they are skipped with a warning).",
        )

    def handle(self, *args, paths, dry_run, overwrite, verbosity, **options):
        try:
            sources = article_sources_from_paths(paths)
            report = article_import(sources, dry_run=dry_run, overwrite=overwrite, progress=verbosity > 0)
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s) found; nothing was imported.") from None

        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if verbosity == 0:
            return
        for action, label, key, title in report.rows:
            if verbosity > 1 or (dry_run and action != "unchanged"):
                self.stdout.write(f"  {action:9} {label.split('.')[-1].lower():8} {key}: {title}")
        for name, counts in report.file_counts.items():
            self.stdout.write(f"{self.style.MIGRATE_LABEL(name)}: {self._counts(counts)}")
        total = self._counts(report.counts)
        if dry_run:
            self.stdout.write(self.style.NOTICE(f"Dry run, nothing was written. Would be: {total}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {len(report.file_counts)} file(s): {total}"))

    @staticmethod
    def _counts(counts):
        return ", ".join(f"{counts[action]} {action}" for action in ACTIONS)
