"""GET /api/events/: published events as GeoJSON, CSV or KML, with the same filters everywhere."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Article, Citation, Event
from tests.responses import response_body, response_json

API = "/api/events/"
KML_NS = {"kml": "http://www.opengis.net/kml/2.2"}
BORDER_LINE = {"type": "LineString", "coordinates": [[22.1, 47.9], [24.0, 47.9], [26.6, 48.2]]}


def titles(response):
    assert response.status_code == 200, response.content
    return sorted(feature["properties"]["title"] for feature in response_json(response)["features"])


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response_body(response).decode("utf-8-sig"))))


def kml_placemarks(response):
    return ET.fromstring(response_body(response)).findall(".//kml:Placemark", KML_NS)


# --- The GeoJSON the map reads ------------------------------------------------


def test_feature_carries_what_the_popup_needs(client, make_event, article):
    event = make_event(date=datetime.date(2024, 5, 1), attributes={"troops": 1700}, country_code="RO")

    response = client.get(API)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response_json(response)
    assert collection["type"] == "FeatureCollection"
    assert "truncated" not in collection  # nothing is ever cut: every matching event is sent
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [24.38333, 44.06667]}  # lon, lat
    properties = feature["properties"]
    expected = {
        "id": event.pk,
        "title": "US troops at Deveselu",
        "kind": "military-base",
        "kind_name": "Military base",
        "colour": "#0072B2",
        "icon": "square",
        "place_name": "Deveselu",
        "date": "2024-05-01",
        "date_precision": "day",
        "precision": "settlement",
        "country_code": "RO",
        "attributes": {"troops": 1700},
        "url": f"http://testserver/events/{event.pk}/",
    }
    assert expected.items() <= properties.items()
    assert properties["articles"] == [
        {
            "title": article.title,
            "url": article.url,
            "publisher": "Example News",
            "quote": "… as well as the Deveselu … bases.",
        }
    ]


def test_event_with_a_line_is_drawn_as_the_line_not_a_pin(client, make_event):
    make_event(latitude=None, longitude=None, precision="region", geometry=BORDER_LINE)

    (feature,) = response_json(client.get(API))["features"]

    assert feature["geometry"] == BORDER_LINE


def test_event_with_no_location_is_listed_with_null_geometry(client, make_event):
    """Hostile input 14: kept in the list (geometry null, valid GeoJSON) rather than dropped or pinned."""
    make_event(title="Drone near the border", latitude=None, longitude=None, precision="unknown")

    (feature,) = response_json(client.get(API))["features"]

    assert feature["geometry"] is None
    assert feature["properties"]["title"] == "Drone near the border"


def test_article_without_its_own_url_links_to_our_article_page(client, make_event, article):
    Article.objects.filter(pk=article.pk).update(url=None)
    make_event()

    (source,) = response_json(client.get(API))["features"][0]["properties"]["articles"]

    assert source["url"] == f"http://testserver/articles/{article.slug}/"


@pytest.mark.parametrize("bad_url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.com"])
def test_a_non_http_url_that_reached_the_database_never_leaves_the_api(client, make_event, article, bad_url):
    """Hostile input 5: the validators stop these; if one is written raw, the API still refuses it."""
    Article.objects.filter(pk=article.pk).update(url=bad_url)
    make_event()

    for export in ("", "csv", "kml"):
        body = response_body(client.get(API, {"format": export} if export else {})).decode()
        assert bad_url.strip() not in body
        assert f"/articles/{article.slug}/" in body


# --- Drafts never leave ----------------------------------------------------------


@pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.ARCHIVED])
def test_unpublished_events_are_absent_from_every_format(client, make_event, status):
    """Hostile input 39."""
    make_event(title="Public event")
    make_event(title="Secret draft", status=status)

    assert titles(client.get(API)) == ["Public event"]
    for export in ("geojson", "csv", "kml"):
        body = response_body(client.get(API, {"format": export})).decode()
        assert "Public event" in body
        assert "Secret draft" not in body
    assert response_json(client.get(API, {"q": "secret"}))["features"] == []


# --- Filters ----------------------------------------------------------------------


def test_bbox_keeps_points_inside_and_lines_that_cross_it(client, make_event):
    make_event(title="Deveselu")  # 24.38 E, 44.07 N
    make_event(title="Paris", latitude=48.86, longitude=2.35)
    make_event(title="Border", latitude=None, longitude=None, geometry=BORDER_LINE)
    make_event(title="Nowhere", latitude=None, longitude=None)

    assert titles(client.get(API, {"bbox": "20,43,30,49"})) == ["Border", "Deveselu"]
    assert titles(client.get(API, {"bbox": "20,43,30,45"})) == ["Deveselu"]
    assert titles(client.get(API, {"bbox": "0,48,5,49"})) == ["Paris"]


def test_bbox_across_the_antimeridian(client, make_event):
    make_event(title="Fiji", latitude=-17.7, longitude=178.0)
    make_event(title="Samoa", latitude=-13.8, longitude=-172.1)
    make_event(title="Deveselu")

    assert titles(client.get(API, {"bbox": "170,-20,-170,-10"})) == ["Fiji", "Samoa"]


def test_kind_is_repeatable(client, make_event, kinds):
    make_event(title="Base")
    make_event(title="Drone", kind=kinds["drone-sighting"])
    make_event(title="Village", kind=kinds["border-village"])

    assert titles(client.get(API, {"kind": ["military-base", "drone-sighting"]})) == ["Base", "Drone"]
    assert titles(client.get(API, {"kind": "border-village,drone-sighting"})) == ["Drone", "Village"]
    assert titles(client.get(API, {"kind": "no-such-kind"})) == []


def test_text_search_covers_title_place_description_and_article_title(client, make_event, article):
    make_event(title="Airbase hosts troops", place_name="Mihail Kogălniceanu")
    make_event(title="A village", place_name="Bârsana", description="Close to the TISA river")
    make_event(title="Joint production", place_name="")
    other = Article.objects.create(title="Drone DEAL signed", slug="deal", text="")
    Citation.objects.create(event=Event.objects.get(title="Joint production"), article=other)

    assert titles(client.get(API, {"q": "airbase"})) == ["Airbase hosts troops"]
    assert titles(client.get(API, {"q": "Bârsana"})) == ["A village"]
    assert titles(client.get(API, {"q": "tisa"})) == ["A village"]
    assert titles(client.get(API, {"q": "drone deal"})) == ["Joint production"]


def test_text_search_lists_an_event_once_even_when_several_articles_match(client, make_event, article):
    event = make_event(title="Joint production")
    Citation.objects.create(event=event, article=Article.objects.create(title="Drones: part two", slug="two"))

    assert titles(client.get(API, {"q": "drones"})) == ["Joint production"]


def test_date_range_and_undated_events(client, make_event):
    make_event(title="March", date=datetime.date(2024, 3, 10))
    make_event(title="June", date=datetime.date(2024, 6, 1))
    make_event(title="Undated", date=None)

    assert titles(client.get(API, {"date_from": "2024-04-01"})) == ["June", "Undated"]
    assert titles(client.get(API, {"date_to": "2024-04-01", "undated": "exclude"})) == ["March"]
    assert titles(client.get(API, {"date_from": "2024-03-10", "date_to": "2024-06-01", "undated": "exclude"})) == [
        "June",
        "March",
    ]
    assert titles(client.get(API, {"undated": "only"})) == ["Undated"]


def test_border_zone(client, make_event):
    make_event(title="Bârsana", border_country="UA", border_distance_km=4.2)
    make_event(title="Deveselu", border_country="BG", border_distance_km=35.0)
    make_event(title="Far", border_country="UA", border_distance_km=120.0)

    assert titles(client.get(API, {"near_border": "UA", "within_km": "30"})) == ["Bârsana"]
    assert titles(client.get(API, {"near_border": "ua"})) == ["Bârsana", "Far"]
    assert titles(client.get(API, {"within_km": "50"})) == ["Bârsana", "Deveselu"]


def test_precision_is_repeatable(client, make_event):
    make_event(title="Exact", precision="exact")
    make_event(title="Region", precision="region")
    make_event(title="Settlement")

    assert titles(client.get(API, {"precision": ["exact", "region"]})) == ["Exact", "Region"]


def test_id_and_article_filters_serve_the_small_maps(client, make_event, article):
    wanted = make_event(title="Wanted")
    make_event(title="Other")
    elsewhere = Article.objects.create(title="Elsewhere", slug="elsewhere")
    Citation.objects.create(event=Event.objects.get(title="Other"), article=elsewhere)

    assert titles(client.get(API, {"id": wanted.pk})) == ["Wanted"]
    assert titles(client.get(API, {"article": "elsewhere"})) == ["Other"]


def test_limit_is_optional_and_keeps_the_newest(client, make_event):
    make_event(title="Old", date=datetime.date(2020, 1, 1))
    make_event(title="New", date=datetime.date(2024, 1, 1))
    make_event(title="Undated")

    def shown(params):
        return [f["properties"]["title"] for f in response_json(client.get(API, params))["features"]]

    assert shown({"limit": "1"}) == ["New"]
    assert shown({}) == ["New", "Old", "Undated"]


# --- Bad parameters: 400 with a message, never 500 (hostile inputs 45) -----------


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"bbox": "abc"}, "bbox"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "nan,0,10,10"}, "bbox"),
        ({"bbox": "0,0,inf,10"}, "bbox"),
        ({"bbox": "0,0,1e400,10"}, "bbox"),
        ({"bbox": "0,-91,10,10"}, "bbox"),
        ({"bbox": "-181,0,10,10"}, "bbox"),
        ({"bbox": "0,50,10,40"}, "bbox"),
        ({"bbox": ["0,0,1,1", "0,0,2,2"]}, "bbox"),
        ({"limit": str(10**9)}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "-5"}, "limit"),
        ({"limit": "1e3"}, "limit"),
        ({"limit": "٣"}, "limit"),
        ({"date_from": "2024-02-30"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2024-06-01", "date_to": "2024-01-01"}, "date_from"),
        ({"undated": "only", "date_from": "2024-01-01"}, "undated"),
        ({"undated": "maybe"}, "undated"),
        ({"precision": "approximately"}, "precision"),
        ({"kind": "<script>"}, "kind"),
        ({"kind": "bâză"}, "kind"),
        ({"near_border": "ROU"}, "near_border"),
        ({"within_km": "NaN"}, "within_km"),
        ({"within_km": "-1"}, "within_km"),
        ({"id": "one"}, "id"),
        ({"q": "x" * 201}, "q"),
        ({"q": "drone\x00"}, "q"),
        ({"format": "pdf"}, "format"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, make_event, params, named):
    make_event()

    response = client.get(API, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response_json(response)["error"].startswith(named)


@pytest.mark.parametrize("garbage", ["ünïcødé 😀", "\ufffd\ufffe", "%FF%FE", "' OR 1=1 --", "\u202egnp.exe"])
def test_unicode_garbage_in_the_search_box_is_just_text(client, make_event, garbage):
    make_event()

    response = client.get(API, {"q": garbage})

    assert response.status_code == 200
    assert response_json(response)["features"] == []


def test_invalid_utf8_in_the_query_string_is_not_a_server_error(client, make_event):
    make_event()

    response = client.get(f"{API}?q=%FF%FE&bbox=%C0%AF")

    assert response.status_code == 400


# --- Exports -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("export", "content_type", "extension"),
    [
        ("geojson", "application/geo+json", "geojson"),
        ("csv", "text/csv", "csv"),
        ("kml", "application/vnd.google-earth.kml+xml", "kml"),
    ],
)
def test_exports_download_with_a_dated_file_name(client, make_event, export, content_type, extension):
    make_event()

    response = client.get(API, {"format": export})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="mapper-events-{today}.{extension}"'


def test_exports_apply_the_same_filters(client, make_event, kinds):
    make_event(title="Base")
    make_event(title="Drone", kind=kinds["drone-sighting"])

    assert [row["title"] for row in csv_rows(client.get(API, {"format": "csv", "kind": "drone-sighting"}))] == ["Drone"]
    placemarks = kml_placemarks(client.get(API, {"format": "kml", "kind": "drone-sighting"}))
    assert [p.find("kml:name", KML_NS).text for p in placemarks] == ["Drone"]
    assert client.get(API, {"format": "csv", "bbox": "abc"}).status_code == 400


def test_csv_has_coordinates_shapes_and_sources(client, make_event, article):
    make_event(title="Bârsana", attributes={"houses": 12})
    make_event(title="Border", latitude=None, longitude=None, geometry=BORDER_LINE)

    rows = {row["title"]: row for row in csv_rows(client.get(API, {"format": "csv"}))}

    assert rows["Bârsana"]["latitude"] == "44.06667"
    assert rows["Bârsana"]["longitude"] == "24.38333"
    assert rows["Bârsana"]["wkt"] == "POINT (24.38333 44.06667)"
    assert rows["Bârsana"]["article_urls"] == article.url
    assert rows["Bârsana"]["attributes"] == '{"houses": 12}'
    assert rows["Border"]["latitude"] == ""
    assert rows["Border"]["wkt"].startswith("LINESTRING (22.1 47.9")


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, make_event, formula):
    make_event(title=formula, place_name=formula, longitude=-10.5)

    (row,) = csv_rows(client.get(API, {"format": "csv"}))

    assert row["title"] == "'" + formula
    assert row["place_name"] == "'" + formula
    assert row["longitude"] == "-10.5"  # numbers stay numbers


def test_kml_is_valid_xml_with_escaped_text_and_dates_as_precise_as_known(client, make_event):
    make_event(
        title="<img src=x onerror=alert(1)> & co",
        description="<iframe src=//evil.example></iframe>",
        date=datetime.date(2024, 5, 1),
        date_precision="month",
    )
    make_event(title="Border", latitude=None, longitude=None, geometry=BORDER_LINE)
    make_event(title="Nowhere", latitude=None, longitude=None)

    body = response_body(client.get(API, {"format": "kml"})).decode()
    placemarks = {p.find("kml:name", KML_NS).text: p for p in ET.fromstring(body).findall(".//kml:Placemark", KML_NS)}

    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">')
    assert "<img" not in body
    pinned = placemarks["<img src=x onerror=alert(1)> & co"]
    assert pinned.find("kml:Point/kml:coordinates", KML_NS).text == "24.38333,44.06667"
    assert pinned.find("kml:TimeStamp/kml:when", KML_NS).text == "2024-05"
    # Google Earth renders the balloon as HTML, so text inside it is escaped once more.
    balloon = pinned.find("kml:description", KML_NS).text
    assert "&lt;iframe src=//evil.example&gt;" in balloon
    assert "<iframe" not in balloon
    assert placemarks["Border"].find("kml:LineString", KML_NS) is not None
    assert placemarks["Nowhere"].find("kml:Point", KML_NS) is None


# --- Performance ----------------------------------------------------------------


@pytest.mark.parametrize("export", ["", "csv", "kml"])
def test_query_count_does_not_grow_with_the_number_of_events(client, make_event, export):
    def queries_for(count):
        Event.objects.all().delete()
        for index in range(count):
            make_event(
                key=f"e{count}-{index}",
                latitude=None if index % 3 == 0 else 44.0,
                longitude=None if index % 3 == 0 else 24.0,
                geometry=BORDER_LINE if index % 3 == 0 else None,
            )
        with CaptureQueriesContext(connection) as context:
            response = client.get(API, {"format": export, "bbox": "20,40,30,50"} if export else {"bbox": "20,40,30,50"})
        assert response.status_code == 200
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(20)


NASTY_VALUES = [
    "",
    " ",
    "abc",
    "NaN",
    "-inf",
    "1e400",
    "9" * 30,
    "-1",
    "0",
    "\x00",
    "😀",
    "' OR 1=1 --",
    "<script>",
    ",,,",
    "1,2,3,4,5",
    "2024-13-01",
    "../../etc/passwd",
    "a" * 5000,
    "\u202e",
    "١٢٣",
    "1,1,1,1",
    "0x10",
]
PARAMETERS = [
    "bbox",
    "kind",
    "q",
    "date_from",
    "date_to",
    "undated",
    "near_border",
    "within_km",
    "precision",
    "id",
    "article",
    "limit",
    "format",
]


def test_no_value_of_any_parameter_is_a_server_error(client, make_event):
    """Hostile input 45, as a fuzzer would try it: every answer is 200 or a 400 with a message."""
    make_event()
    make_event(latitude=None, longitude=None, geometry=BORDER_LINE)

    for name in PARAMETERS:
        for value in NASTY_VALUES:
            response = client.get(API, {name: value})
            assert response.status_code in (200, 400), (name, value, response.status_code)
            if response.status_code == 400:
                assert response_json(response)["error"]
