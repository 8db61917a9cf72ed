"""GeoJSON, KML and the presets; round trip of our own exports; the import_events command."""

import csv
import io
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events import exports
from events.models import Event
from events.services.import_files import ImportRefused
from tests.importers.conftest import events_by_title

KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Galați drone</name>
<description><![CDATA[<p>Seen <b>at night</b></p><script>alert(1)</script>]]></description>
<TimeStamp><when>2025-03-12</when></TimeStamp>
<ExtendedData><Data name="source"><value>Ministry</value></Data></ExtendedData>
<Point><coordinates>28.008,45.4353,0</coordinates></Point></Placemark>
<Placemark><name>Patrol</name><TimeSpan><begin>2025-01</begin><end>2025-02</end></TimeSpan>
<MultiGeometry><LineString><coordinates>24,45 25,46</coordinates></LineString>
<LineString><coordinates>25,46 26,46</coordinates></LineString></MultiGeometry></Placemark>
<Placemark><name>No geometry</name></Placemark>
</Document></kml>"""


def test_kml_placemarks_with_time_extended_data_multigeometry_and_none(run_import):
    plan, counts = run_import("earth.kml", KML)

    assert counts["created"] == 3
    found = events_by_title()
    drone = found["Galați drone"]
    assert (drone.latitude, drone.longitude, str(drone.date)) == (45.4353, 28.008, "2025-03-12")
    assert drone.description == "Seen at night" and drone.attributes["source"] == "Ministry"
    patrol = found["Patrol"]
    assert patrol.geometry["type"] == "MultiLineString" and patrol.date_precision == "month"
    assert found["No geometry"].geocode_status == "needs_review"
    assert any("placemark 3" in str(warning) for warning in plan.warnings)


def test_geojson_feature_properties_map_like_columns_and_ids_give_identity(run_import):
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "a1",
                "geometry": {"type": "Point", "coordinates": [28.008, 45.4353]},
                "properties": {"name": "Galați drone", "event_date": "2025-03-12", "fatalities": 0},
            },
        ],
    }
    run_import("f.geojson", json.dumps(document))
    _, counts = run_import("f.geojson", json.dumps(document))

    event = Event.objects.get()
    assert (event.source_id, event.title, event.attributes) == ("a1", "Galați drone", {"fatalities": 0})
    assert counts["unchanged"] == 1


ACLED = (
    "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,location,country,admin1,"
    "latitude,longitude,geo_precision,source,notes,fatalities\n"
    "UKR1,12 March 2025,1,Explosions/Remote violence,Air/drone strike,Military Forces of Russia,Izmail,"
    "Ukraine,Odesa,45.35,28.84,1,Ukrinform,Drone strike on the port.,0\n"
    "UKR2,13 March 2025,3,Battles,Armed clash,Military Forces of Ukraine,Kupiansk,Ukraine,Kharkiv,"
    "49.71,37.61,2,Kyiv Independent,Clashes reported.,2\n"
)


def test_acled_preset_maps_kinds_precisions_identity_and_attributes(run_import):
    plan, counts = run_import("acled-export.csv", ACLED, preset="acled")

    assert counts["created"] == 2 and plan.kinds_created == ["Battles", "Explosions/Remote violence"]
    strike = Event.objects.get(source_id="UKR1")
    assert strike.title == "Air/drone strike in Izmail" and strike.kind.name == "Explosions/Remote violence"
    assert (strike.precision, strike.date_precision, strike.country_hint) == ("settlement", "day", "UA")
    assert strike.description == "Drone strike on the port."
    assert strike.attributes["actor1"] == "Military Forces of Russia" and strike.attributes["source"] == "Ukrinform"
    assert [(c.article.title, c.article.url, c.quote) for c in strike.citations.select_related("article")] == [
        ("Ukrinform", None, "Drone strike on the port.")
    ]
    clash = Event.objects.get(source_id="UKR2")
    assert (clash.precision, clash.date_precision) == ("near", "month")
    assert strike.source_dataset == "acled"


UCDP = (
    "id,relid,year,type_of_violence,conflict_name,dyad_name,side_a,side_b,source_article,source_headline,"
    "where_prec,where_coordinates,adm_1,latitude,longitude,country,date_prec,date_start,date_end,best\n"
    "12345,UKR-2022-1,2022,1,Russia - Ukraine,Government of Russia - Government of Ukraine,Russia,Ukraine,"
    "Reuters 2022-03-01,Shelling in Kharkiv,1,Kharkiv town,Kharkiv,49.99,36.23,Ukraine,1,2022-03-01,2022-03-01,9\n"
)


def test_ucdp_preset(run_import):
    run_import("ged.csv", UCDP, preset="ucdp")

    event = Event.objects.get()
    assert event.source_id == "12345" and event.kind.name == "State-based conflict"
    assert (event.precision, event.date_precision, event.attributes["best"]) == ("exact", "day", "9")
    assert event.attributes["source_headline"] == "Shelling in Kharkiv"
    assert event.citations.get().article.title == "Shelling in Kharkiv"


# The 49 columns of a GED CSV release, in the publisher's order.
GED_COLUMNS = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,"
    "dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,"
    "number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,"
    "where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,"
    "region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,"
    "high,low,gwnoa,gwnob"
).split(",")


def test_ucdp_preset_on_the_full_ged_layout_titles_by_dyad_and_keeps_the_end_date(run_import):
    row = dict.fromkeys(GED_COLUMNS, "")
    row |= {
        "id": "501235",
        "type_of_violence": "3",
        "dyad_name": "Government of Russia - civilians",
        "source_headline": "Missile hits Odesa",
        "source_office": "Reuters",
        "where_prec": "4",
        "where_coordinates": "Odesa oblast",
        "adm_1": "Odesa oblast",
        "latitude": "46.5",
        "longitude": "30.5",
        "geom_wkt": "POINT (30.5 46.5)",
        "country": "Ukraine",
        "date_prec": "3",
        "date_start": "2024-03-01 00:00:00.000",  # as GED releases write their dates
        "date_end": "2024-03-07 00:00:00.000",
        "best": "5",
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, GED_COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    plan, _ = run_import("GEDEvent_v25_1.csv", buffer.getvalue(), preset="ucdp")

    assert "title" not in plan.files[0].mapping
    event = Event.objects.get()
    assert event.title == "Government of Russia - civilians (Odesa oblast)"  # not the headline
    assert (event.kind.name, event.precision, event.date, event.date_precision) == (
        "One-sided violence",
        "region",
        date(2024, 3, 1),
        "month",
    )
    assert (event.latitude, event.longitude, event.country_code) == (46.5, 30.5, "UA")
    assert event.attributes["date_end"] == "2024-03-07 00:00:00.000"
    assert event.citations.get().article.title == "Missile hits Odesa"


def test_umap_preset_drops_styling(run_import):
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [24.06, 47.81]},
                "properties": {"name": "Bârsana", "description": "Village", "_umap_options": {"color": "Red"}},
            },
        ],
    }
    run_import("umap.geojson", json.dumps(document), preset="umap")

    event = Event.objects.get()
    assert (event.title, event.description, event.attributes) == ("Bârsana", "Village", {})


@pytest.mark.parametrize("export", ["events_geojson_file", "events_csv", "events_kml"])
def test_our_own_exports_import_back_to_the_same_events(run_import, make_event, export):
    make_event(title="Point event", date="2024-09-01", date_precision="month", precision="settlement")
    make_event(
        title="Line event",
        latitude=None,
        longitude=None,
        geometry={"type": "LineString", "coordinates": [[24.0, 45.0], [25.0, 46.0]]},
        precision="region",
    )
    originals = {e.title: e for e in Event.objects.select_related("kind").prefetch_related("citations__article")}
    pieces = getattr(exports, export)(list(originals.values()), lambda path: f"https://mapper.example.org{path}")
    text = "".join(pieces)  # the download as it streams out
    suffix = {"events_geojson_file": ".geojson", "events_csv": ".csv", "events_kml": ".kml"}[export]

    run_import(f"export{suffix}", text, status="published")

    imported = {e.title: e for e in Event.objects.exclude(pk__in=[e.pk for e in originals.values()])}
    assert set(imported) == set(originals)
    for title, original in originals.items():
        copy = imported[title]
        assert (copy.latitude, copy.longitude, copy.geometry) == (
            original.latitude,
            original.longitude,
            original.geometry,
        )
        assert (copy.date, copy.kind_id, copy.precision) == (original.date, original.kind_id, original.precision)
        if original.date:
            assert copy.date_precision == original.date_precision
        if export != "events_kml":  # KML carries its sources only as balloon text
            sources = [(c.article.url, c.quote) for c in copy.citations.select_related("article")]
            assert sources == [(c.article.url, c.quote) for c in original.citations.select_related("article")]


def test_the_command_prints_the_mapping_before_writing_and_fails_with_every_problem(importer_ready, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("title,lat,lon\nA,45,28\nB,99,28\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match=r"1 problem\(s\) found; nothing was imported"):
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    assert "row 3, column 'lat'" in err.getvalue()

    out = StringIO()
    call_command("import_events", str(path), "--partial", stdout=out, stderr=StringIO())
    assert "Mapping: " in out.getvalue() and "latitude ← 'lat'" in out.getvalue()
    assert "1 created" in out.getvalue() and "1 rejected" in out.getvalue()


def test_an_imported_area_is_on_the_map_in_its_view_and_moves_with_a_changed_file(run_import, client):
    def area(west):
        ring = [[west, 45.0], [west + 1, 45.0], [west + 1, 46.0], [west, 46.0], [west, 45.0]]
        feature = {"type": "Feature", "id": "zone-1", "properties": {"title": "Exclusion zone"}}
        return json.dumps(
            {
                "type": "FeatureCollection",
                "features": [feature | {"geometry": {"type": "Polygon", "coordinates": [ring]}}],
            }
        )

    def titles_in(bbox):
        answer = client.get("/api/events/", {"bbox": bbox, "zoom": 8}).json()
        return [feature["properties"].get("title") for feature in answer["features"]]

    run_import("zone.geojson", area(24.0), status="published")
    assert titles_in("23.5,44.5,25.5,46.5") == ["Exclusion zone"]
    run_import("zone.geojson", area(30.0), status="published")  # the same id, moved east: an update
    assert titles_in("23.5,44.5,25.5,46.5") == []
    assert titles_in("29.5,44.5,31.5,46.5") == ["Exclusion zone"]


def test_partial_keeps_the_good_features_of_a_geojson_file_and_rejects_the_broken_one(run_import, tmp_path):
    good = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [28.0, 45.4]},
        "properties": {"name": "Good"},
    }
    ring = [[28.7, 45.1], [28.9, 45.1], [28.9, 45.25]]
    broken = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {"name": "Bad"}}
    text = json.dumps({"type": "FeatureCollection", "features": [good, broken]})
    rejects = tmp_path / "rejects.geojson"

    with pytest.raises(ImportRefused, match=r"features\[1\]\.geometry\.coordinates\[0\]: a LinearRing"):
        run_import("u.geojson", text)
    plan, counts = run_import("u.geojson", text, partial=True, rejects=str(rejects))

    assert (counts["created"], counts["rejected"]) == (1, 1)
    assert list(Event.objects.values_list("title", flat=True)) == ["Good"]
    (rejected,) = json.loads(rejects.read_text())["features"]
    assert rejected["properties"]["name"] == "Bad" and "LinearRing" in rejected["properties"]["reason"]
