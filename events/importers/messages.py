"""What the importer tells its users, in one place (for translation and review).

Each message is translatable, with named placeholders, and formatted when it is told (the
admin's import tasks run in the uploader's language: ``events.importers.jobs``), so a
problem is always a plain string. Row problems from Django's validators come translated
by Django. ``HISTORY_REASON`` is stored in every history row, so it stays one language.
The GeoJSON structure checks (``geojson.py``, geojsonhint's wording) are English only.
"""

from django.utils.translation import gettext_lazy as _

HISTORY_REASON = "Imported from {files}"
DATE_MONTH_FIRST = _(
    "{text!r} reads as month first; dates here are day first (dd/mm/yyyy): "
    "pass --date-format %m/%d/%Y if the file is month first"
)
DATES_MIXED = _(
    "dates read day first in {day_where} ({day_text!r}) but month first in {month_where} ({month_text!r}); "
    "a file has one order: correct the rows, or pass --date-format %d/%m/%Y or %m/%d/%Y"
)
DATES_MONTH_FIRST = _(
    "dates are month first ({where}: {text!r} cannot be day first): every nn/nn/yyyy date read as mm/dd/yyyy"
)
DATES_AMBIGUOUS = _(
    "{count:,} date(s) such as {text!r} ({where}) read both day first and month first: read as day first "
    "(dd/mm/yyyy); if the file is month first, import it again with --date-format %m/%d/%Y"
)
REGION_PINNED = _("{name} ({country}), the place of that name in the region {region} the file gives")
REGION_UNCLEAR = _("{count} places called “{name}” in the region {region}; pick one")
REGION_OUTSIDE = _("“{name}” was found, but not in the region {region} the file gives; check which is right")
REGION_NOT_FOUND = _("(The file's region “{region}” is not in the gazetteer.)")
MOJIBAKE_REPAIRED = _("double-encoded UTF-8 repaired in {columns} (e.g. {before!r} → {after!r})")
MOJIBAKE_DOUBTFUL = _(
    "{columns} may hold mis-decoded text ({value!r}) that cannot be repaired with certainty; check it"
)
MOJIBAKE_TITLE = _("the title looks mis-decoded (mojibake) and cannot be repaired with certainty; correct the cell")
COUNTRY_DISAGREES = _("The file's coordinates are in {found}, but the row's country is {hint}; check which is right.")

# Rows and cells
WITH_VALUE = _("{message} (value {value})")
BOTH_COORDINATES = _("give both latitude and longitude")
ID_TWICE = _("id {id} is also used by {other}; ids must be unique in a file")
NO_COLUMN = _("no column named {columns}")
CP1252_REPAIRED = _("bytes in cp1252 repaired to UTF-8")
NO_PLACE = _("no place: imported as needs review")
NO_PLACE_REASON = _("The file gives neither coordinates nor a place name.")
NAME_FAR = _("The file's coordinates are {distance} km from “{name}” ({latitude}, {longitude}); check which is right.")
STAFF_EDITED = _("edited by staff since its import; kept their version (--overwrite replaces it)")
CELL_COUNT = _("has {cells} cells where the header has {width}")
NOT_A_NUMBER = _("{text} is not a number")
NOT_FINITE = _("{text} is not a finite number")
NOT_DATE_FORMAT = _("{text} does not match --date-format {date_format}")
NO_SUCH_MONTH = _("{text} names no month we know")
NOT_A_REAL_DATE = _("{text} is not a real date")
NOT_A_DATE = _("{text} is not a date we read (use YYYY-MM-DD, dd/mm/yyyy or --date-format)")
NOT_HTTP = _("{link} is not an http(s) link")
