"""Events out of the browser: GeoJSON, CSV and KML, all from the same features.

Each renderer takes the events (already filtered and published-only; any iterable,
typically a chunked ``QuerySet.iterator``) and an ``absolute`` function that turns a
site path into a full URL, and yields the text in pieces of about ``PIECE_SIZE``
events, so that a million events stream out with flat memory. Files carry the date
at its precision (``2025-03``) beside ``date_precision``; the map's own answers keep
the ISO day.
"""

import csv
import io
import json
from itertools import islice

import pygeoif
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from fastkml import KML, Data, Document, ExtendedData, KmlDateTime, Placemark, TimeStamp
from fastkml.enums import DateTimeResolution
from lxml import etree
from shapely.geometry import shape

from events.serializers import attribute_facts, event_feature, value_text
from events.services.countries import country_name
from events.services.dates import date_at_precision, date_in_words

CSV_COLUMNS = [
    "id",
    "title",
    "kind",
    "kind_name",
    "date",
    "date_precision",
    "place_name",
    "latitude",
    "longitude",
    "precision",
    "country_code",
    "border_country",
    "border_distance_km",
    "wkt",
    "url",
    "description",
    "article_titles",
    "article_urls",
    "quotes",
    "attributes",
]
# Cells starting with these run as formulas in spreadsheets (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
JSON_HTML_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))
KML_DATE_RESOLUTION = {
    "day": DateTimeResolution.date,
    "month": DateTimeResolution.year_month,
    "year": DateTimeResolution.year,
}


PIECE_SIZE = 500  # events per piece of a streamed answer: few writes, little memory
KML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n'


def _pieces(events):
    """Lists of ``PIECE_SIZE`` events (itertools.batched, which Python 3.11 lacks)."""
    events = iter(events)
    while piece := list(islice(events, PIECE_SIZE)):
        yield piece


def geojson_text(value) -> str:
    """JSON as json_script writes it: no "<", ">" or "&" survives, so the text can never close a tag
    if it is ever embedded in HTML (JSON allows these escapes anywhere; parsers read the same strings).

    One ``str.replace`` per character, not ``str.translate``: translate looks every character up in a
    dict, a quarter of a city view's answer time at 1M; the escapes hold none of the three characters."""
    text = json.dumps(value, ensure_ascii=False)
    for character, escape in JSON_HTML_ESCAPES:
        text = text.replace(character, escape)
    return text


def events_geojson(events, absolute, *, dated=False):
    """A FeatureCollection, a piece at a time."""
    feature = _file_feature if dated else event_feature
    yield '{"type": "FeatureCollection", "features": ['
    separator = ""
    for piece in _pieces(events):
        yield separator + ", ".join(geojson_text(feature(event, absolute)) for event in piece)
        separator = ", "
    yield "]}"


def events_geojson_file(events, absolute):
    """The GeoJSON download: the map's features with each date at its precision."""
    return events_geojson(events, absolute, dated=True)


def _file_feature(event, absolute) -> dict:
    """The event's feature with ``date`` written only as precisely as it is known."""
    feature = event_feature(event, absolute)
    feature["properties"]["date"] = date_at_precision(event.date, event.date_precision)
    return feature


def spreadsheet_safe(value):
    """Text cells that a spreadsheet would run as a formula get a leading quote; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def events_csv(events, absolute):
    """UTF-8 CSV with a byte order mark, so spreadsheets read the diacritics right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + out.getvalue()
    for piece in _pieces(events):
        out.seek(0)
        out.truncate()
        for event in piece:
            row = _csv_row(_file_feature(event, absolute))
            writer.writerow([spreadsheet_safe(row[column]) for column in CSV_COLUMNS])
        yield out.getvalue()


def _csv_row(feature) -> dict:
    properties = feature["properties"]
    articles = properties["articles"]
    return properties | {
        "wkt": shape(feature["geometry"]).wkt if feature["geometry"] else "",
        "article_titles": " | ".join(article["title"] for article in articles),
        "article_urls": " | ".join(article["url"] for article in articles),
        "quotes": " | ".join(article["quote"] for article in articles),
        "attributes": value_text(properties["attributes"]) if properties["attributes"] else "",
    }


def events_kml(events, absolute):
    """One KML document; each piece of placemarks is built by fastkml and written as it comes."""
    yield KML_HEADER + "<Document>\n<name>Mapper events</name>\n"
    for piece in _pieces(events):
        placemarks = [_placemark(_file_feature(event, absolute), event) for event in piece]
        document = KML(features=[Document(features=placemarks)]).etree_element()[0]
        yield "".join(etree.tostring(element, encoding="unicode", pretty_print=True) for element in document)
    yield "</Document>\n</kml>\n"


def _placemark(feature, event) -> Placemark:
    properties = feature["properties"]
    geometry = feature["geometry"]
    machine_fields = [
        "id",
        "kind",
        "date",
        "date_precision",
        "precision",
        "country_code",
        "border_country",
        "border_distance_km",
        "url",
    ]
    return Placemark(
        id=f"event-{event.pk}",
        name=event.title,
        description=_kml_description(properties, date_in_words(event.date, event.date_precision)),
        geometry=pygeoif.shape(geometry) if geometry else None,
        times=TimeStamp(timestamp=KmlDateTime(event.date, KML_DATE_RESOLUTION.get(event.date_precision)))
        if event.date
        else None,
        # Only values we control (slugs, codes, numbers, our URLs): viewers may show them as HTML.
        extended_data=ExtendedData(
            elements=[
                Data(name=name, value=str(properties[name]))
                for name in machine_fields
                if properties[name] not in (None, "")
            ]
        ),
    )


def _kml_description(properties, date_words: str) -> str:
    """Balloon HTML for Google Earth and friends, every value escaped so it shows as text."""
    facts = [
        (gettext("Kind"), properties["kind_name"]),
        (gettext("Place"), properties["place_name"]),
        (gettext("Date"), date_words),
        (gettext("Location"), properties["precision_label"]),
        *([(gettext("Country"), country_name(properties["country_code"]))] if properties["country_code"] else []),
        *attribute_facts(properties["attributes"]),
    ]
    sources = format_html_join(
        "",
        '<li><a href="{}">{}</a>{}</li>',
        (
            (a["url"], a["title"], format_html(": “{}”", a["quote"]) if a["quote"] else "")
            for a in properties["articles"]
        ),
    )
    description = format_html("<p>{}</p>", properties["description"]) if properties["description"] else ""
    return format_html(
        '{}<dl>{}</dl><ul>{}</ul><p><a href="{}">{}</a></p>',
        description,
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", facts),
        sources,
        properties["url"],
        gettext("Event page"),
    )
