"""Import events from CSV/TSV, GeoJSON, KML or article files: ``manage.py import_events FILE…``.

Thin: parses the options, calls ``events.importers.service`` and reports. Article files
(``--format article`` or a ``.json`` with an ``"article"``) go through ``article_import``.
"""

from django.core.management.base import CommandError
from tqdm import tqdm

from events.importers import fields
from events.importers.presets import PRESETS
from events.importers.service import ImportOptions, format_detect, import_plan, import_write
from events.management.base import MapperCommand
from events.models import Event
from events.services.import_files import ImportRefused
from events.services.importing import article_import, article_sources_from_paths


class Command(MapperCommand):
    help = (
        "Import events from CSV/TSV, GeoJSON, KML or article JSON files. Columns are matched loosely "
        "(lat/latitude/y…, or --columns) and the guessed mapping is printed before anything is written. "
        "By default every problem of every row is listed and nothing is written if any row is bad "
        "(exit status 1); --partial imports the good rows and writes the bad ones to --rejects. "
        "Re-importing the same file changes nothing; a changed row updates its event; events edited by staff "
        "are skipped with a warning."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE", help="Files to import (a directory: its *.json).")
        parser.add_argument("--format", default="auto", choices=["auto", "csv", "geojson", "kml", "article"])
        parser.add_argument("--preset", default="", choices=["", *PRESETS], help="Column mapping of a known table.")
        parser.add_argument("--columns", default="", metavar="FIELD=COLUMN,…", help="Say which column is which.")
        parser.add_argument("--kinds", default="", metavar="VALUE=KIND,…", help="Map kind values to kind slugs.")
        parser.add_argument("--status", default="draft", choices=["draft", "published"], help="Default: draft.")
        parser.add_argument("--partial", action="store_true", help="Import the good rows; reject the bad ones.")
        parser.add_argument("--rejects", default="", metavar="PATH", help="With --partial: write bad rows here.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--date-format", default="", metavar="FORMAT", help="strptime format, e.g. %%m/%%d/%%Y.")
        parser.add_argument("--overwrite", action="store_true", help="Replace events staff edited since.")

    def handle(self, *args, paths, verbosity, **opts):
        try:
            options = ImportOptions(
                format=opts["format"],
                preset=opts["preset"],
                columns=fields.columns_parse(opts["columns"]),
                kinds=fields.pairs_parse(opts["kinds"], "--kinds"),
                status=opts["status"],
                partial=opts["partial"],
                rejects=opts["rejects"],
                dry_run=opts["dry_run"],
                date_format=opts["date_format"],
                overwrite=opts["overwrite"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if options.rejects and not options.partial:
            raise CommandError("--rejects needs --partial")
        try:
            articles = [p for p in paths if format_detect(p, options.format) == "article"]
            tables = [p for p in paths if p not in articles]
            if articles:
                report = article_import(
                    article_sources_from_paths(articles), dry_run=options.dry_run, overwrite=options.overwrite
                )
                counts = ", ".join(f"{n} {action}" for action, n in report.counts.items())
                label = "Article files (dry run, nothing written)" if options.dry_run else "Article files"
                self.stdout.write(f"{label}: {counts}")
            if tables:
                self._tables(tables, options, verbosity)
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s) found; nothing was imported.") from None

    def _tables(self, paths, options, verbosity):
        with _bar("Checking", verbosity) as bar:
            plan = import_plan(paths, options, progress=bar.moved)
        if verbosity:
            for line in plan.mapping_lines():
                self.stdout.write(f"Mapping: {line}")
            if plan.kinds_created:
                self.stdout.write(f"Kinds to create: {', '.join(plan.kinds_created)}")
        for warning in plan.warnings:
            self.stderr.write(self.style.WARNING(str(warning)))
        for problem in plan.problems:  # only with --partial: the rejected rows
            self.stderr.write(f"rejected: {problem}")
        with _bar("Writing", verbosity, total=sum(file_plan.rows for file_plan in plan.files)) as bar:
            counts = import_write(plan, progress=bar.moved)
        total = ", ".join(f"{n} {action}" for action, n in counts.items())
        review = plan.needs_review
        if options.dry_run:
            self.stdout.write(self.style.NOTICE(f"Dry run, nothing was written. Rows: {total}"))
        else:
            drafts = " (as drafts)" if options.status == Event.Status.DRAFT else ""
            self.stdout.write(self.style.SUCCESS(f"Imported {len(plan.files)} file(s){drafts}: {total}"))
        if review and verbosity:
            self.stdout.write(f"{review} row(s) need review: no place found, or the name and the point disagree.")
        if options.partial and options.rejects and counts["rejected"]:
            self.stdout.write(f"Rejected rows written to {options.rejects}")


class _bar:
    """A progress bar on a terminal (never in logs), shown once a step takes more than half a second."""

    def __init__(self, description, verbosity, total=None):
        self.tqdm = tqdm(desc=description, total=total, unit="row", disable=None if verbosity else True, delay=0.5)
        self.done = 0

    def moved(self, done):
        self.tqdm.update(done - self.done)
        self.done = done

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.tqdm.close()
