"""Importing events from the files analysts already have.

``service`` is the one entry point (``import_plan`` then ``import_write``); one module
per format turns a file into ``rows.SourceRow``s (``csv``, ``geojson``, ``kml``; article
files keep ``events.services.importing``); ``fields`` maps columns and parses cells;
``presets`` holds the ACLED, UCDP and uMap mappings.
"""
