"""What every format reader yields: one source row, before it is mapped to an event."""

from dataclasses import dataclass, field


@dataclass
class SourceRow:
    """One row, feature or placemark as the file gives it."""

    where: str  # "row 5", "features[3]", "placemark 2": how a problem names it
    values: dict  # column or property name -> value (text for CSV, any JSON value for GeoJSON)
    geometry: dict | None  # a GeoJSON geometry the format itself carries (GeoJSON, KML, WKT is a column)
    original: object  # what a rejects file gets back: the CSV cells, the feature
    problems: list = field(default_factory=list)  # (column, message, value) the reader found
    repaired: bool = False  # bytes in another encoding were repaired (cp1252 in a UTF-8 file)
    # ``where`` in English, for the title of an event with neither title nor place: ``where`` is in
    # the importer's language, and a title must not change when someone else imports the file again.
    anchor: str = ""
