"""What the importer tells its users about whole files, in one place (for translation and review).

Row problems built from Django's validation messages stay with the code that finds them.
"""

HISTORY_REASON = "Imported from {files}"
DATE_MONTH_FIRST = (
    "{text!r} reads as month first; dates here are day first (dd/mm/yyyy): "
    "pass --date-format %m/%d/%Y if the file is month first"
)
DATES_MIXED = (
    "dates read day first in {day_where} ({day_text!r}) but month first in {month_where} ({month_text!r}); "
    "a file has one order: correct the rows, or pass --date-format %d/%m/%Y or %m/%d/%Y"
)
DATES_MONTH_FIRST = (
    "dates are month first ({where}: {text!r} cannot be day first): every nn/nn/yyyy date read as mm/dd/yyyy"
)
DATES_AMBIGUOUS = (
    "{count:,} date(s) such as {text!r} ({where}) read both day first and month first: read as day first "
    "(dd/mm/yyyy); if the file is month first, import it again with --date-format %m/%d/%Y"
)
REGION_PINNED = "{name} ({country}), the place of that name in the region {region} the file gives"
REGION_UNCLEAR = "{count} places called “{name}” in the region {region}; pick one"
REGION_OUTSIDE = "“{name}” was found, but not in the region {region} the file gives; check which is right"
REGION_NOT_FOUND = "(The file's region “{region}” is not in the gazetteer.)"
MOJIBAKE_REPAIRED = "double-encoded UTF-8 repaired in {columns} (e.g. {before!r} → {after!r})"
MOJIBAKE_DOUBTFUL = "{columns} may hold mis-decoded text ({value!r}) that cannot be repaired with certainty; check it"
MOJIBAKE_TITLE = "the title looks mis-decoded (mojibake) and cannot be repaired with certainty; correct the cell"
COUNTRY_DISAGREES = "The file's coordinates are in {found}, but the row's country is {hint}; check which is right."
