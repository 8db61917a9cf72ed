"""What the importer tells its users, in one place (for translation and review).

Each message is translatable, with named placeholders, and formatted when it is told (the
admin's import tasks run in the uploader's language: ``events.importers.jobs``), so a
problem is always a plain string. Row problems from Django's validators come translated
by Django. ``HISTORY_REASON`` is stored in each history row in the importer's language.
The GeoJSON structure checks keep geojsonhint's English wording as their source text, so
the tests that compare them with geojsonhint's results still hold.
"""

from django.utils.translation import gettext_lazy as _

HISTORY_REASON = _("Imported from {files}")
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

# GeoJSON structure (geojson.py): geojsonhint's wording; JSON type names and parser text are values
INVALID_JSON = _("invalid JSON: {reason}")
NOT_JSON_NUMBER = _("{text} is not a number JSON allows")
DUPLICATE_MEMBERS = _("An object contained duplicate members, making parsing ambiguous: {member}")
NESTED_TOO_DEEPLY = _("values are nested too deeply to be read")
ROOT_NOT_OBJECT = _("The root of a GeoJSON object must be an object.")
MEMBER_REQUIRED = _('"{member}" member required')
TYPE_NOT_STRING = _('"type" member should be string, but is an {kind} instead')
TYPE_CASE = _("Expected {fixed} but got {kind} (case sensitive)")
TYPE_UNKNOWN = _("The type {kind} is unknown")
MEMBER_FORBIDDEN = _('{label} object cannot contain a "{member}" member')
BBOX_NOT_ARRAY = _("bbox member must be an array of numbers, but is a {kind}")
BBOX_NOT_NUMBERS = _("each element in a bbox member must be a number")
BBOX_LENGTH = _("bbox must contain 4 elements (for 2D) or 6 elements (for 3D)")
FEATURES_NOT_ARRAY = _('"features" member should be an array, but is an {kind} instead')
FEATURE_NOT_OBJECT = _("Every feature must be an object")
FEATURE_TYPE = _("GeoJSON features must have a type=feature member")
FEATURE_ID = _('Feature "id" member must have a string or number value')
PROPERTIES_NOT_OBJECT = _('"properties" member should be object, but is an {kind} instead')
GEOMETRY_NOT_OBJECT = _("geometry must be an object")
NOT_A_GEOMETRY_TYPE = _("{kind} is not a geometry type")
GEOMETRIES_REQUIRED = _('"geometries" member required, as an array')
COLLECTION_NESTED = _("GeometryCollection should avoid nested geometry collections")
COLLECTION_SINGLE = _("GeometryCollection with a single geometry should be avoided in favor of single part")
COLLECTION_MEMBER = _("The geometries array in a GeometryCollection must contain only geometry objects")
POSITION_A_NUMBER = _("position should be an array, is a number instead")
COORDINATES_NOT_ARRAY = _("coordinates should be an array, is a {kind} instead")
NEST_DEEPER = _(
    "a number was found where a coordinate array should have been found: this needs to be nested more deeply"
)
POSITION_NOT_ARRAY = _("position should be an array, is a {kind} instead")
POSITION_NOT_NUMBERS = _("each element in a position must be a number")
POSITION_TOO_SHORT = _("position must have 2 or more elements")
POSITION_TOO_LONG = _("position should not have more than 3 elements")
POSITION_OUTSIDE = _("position [{lon}, {lat}] is outside longitude -180..180 / latitude -90..90")
LINE_TOO_SHORT = _("a line needs to have two or more coordinates to be valid")
RING_TOO_SHORT = _("a LinearRing of coordinates needs to have four or more positions")
RING_NOT_CLOSED = _("the first and last positions in a LinearRing of coordinates must be the same")
RIGHT_HAND_RULE = _("Polygons and MultiPolygons should follow the right-hand rule")

# KML (kml.py): element names and lxml's text are values
KML_NOT_NUMBERS = _("{where}: coordinates {chunk!r} are not numbers")
KML_NEEDS_LON_LAT = _("{where}: coordinates {chunk!r} need a longitude and a latitude")
KML_TRACK_COORD = _("Track: gx:coord {text!r} is not 'longitude latitude [altitude]'")
KML_POINT_POSITIONS = _("Point: needs one position, has {count}")
KML_OUTER_BOUNDARY = _("Polygon outer boundary")
KML_INNER_BOUNDARY = _("Polygon inner boundary")
KML_NO_PLACEMARKS = _("no Placemarks in this file; nothing to import")
KML_NOT_WELL_FORMED = _("not well-formed KML (XML): {reason}")

# Where a problem is: the words around a row, placemark, line or cell (JSON paths stay as they are)
ROW = _("row {number}")
PLACEMARK = _("placemark {number}")
LINE = _("line {line}")
LINE_COLUMN = _("line {line}, column {column}")
CSV_COLUMN = _("column {name!r}")
GEOJSON_PROPERTY = _("property {name!r}")
KML_FIELD = _("field {name!r}")

# Files (csv.py, service.py, events.services.import_files)
NO_HEADER = _("no header row: the first row must name the columns")
COLUMNS_TWICE = _("column name(s) used twice: {columns}")
UNKNOWN_FILE_TYPE = _("unknown file type; pass --format csv, geojson, kml or article")
NOT_UTF8 = _("not UTF-8 text ({reason} at byte {byte}); save it as UTF-8")
NOT_BOM_TEXT = _("not {encoding} (as its byte order mark says) text ({reason} at byte {byte}); save it as UTF-8")
NO_FILES_IN_DIRECTORY = _("no {pattern} files in this directory")
TOO_LARGE = _(
    "{size} is more than the import limit of {limit} (MAPPER_IMPORT_MAX_BYTES); split the file or raise the limit"
)
BYTES_UNREADABLE = _("bytes {raw!r} are neither UTF-8 nor cp1252 text")
ENCODINGS_MIXED = _("mixes encodings in a way that cannot be repaired with certainty")
NOT_REGULAR = _("is {kind}, not a regular file; only plain files are imported")
A_DIRECTORY = _("a directory")
A_FIFO = _("a named pipe (FIFO)")
A_CHARACTER_DEVICE = _("a character device")
A_BLOCK_DEVICE = _("a block device")
A_SOCKET = _("a socket")
NOT_A_REGULAR_FILE = _("not a regular file")
NO_SUCH_FILE = _("no such file or directory")
CANNOT_READ = _("cannot be read: {reason}")

# Geometry cells (fields.py): the parser's reason is a value
NOT_WKT = _("not WKT we can read ({reason})")
NOT_STORABLE_GEOJSON = _("not GeoJSON we can store: {reason}")
NOT_A_GEOMETRY_OBJECT = _("not a GeoJSON geometry object")
