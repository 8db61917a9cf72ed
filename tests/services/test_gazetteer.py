"""Loading the gazetteer: what it holds, where its points come from, and its names."""

import pytest
from django.core.management import CommandError, call_command

from events.models import GazetteerLoad, Place, PlaceName
from events.services import gazetteer
from events.services.gazetteer import Settlement, alternate_names_keep, name_normalize, representative_settlement
from events.services.gazetteer_version import gazetteer_version

pytestmark = pytest.mark.usefixtures("gazetteer")


def test_countries_are_areas_with_a_derived_point_said_so():
    romania = Place.objects.get(feature_code="PCLI", country_code="RO")
    assert (romania.name, romania.feature_class, romania.source) == ("Romania", "A", "geonames-countries")
    assert 43.6 < romania.latitude < 48.3 and 20.2 < romania.longitude < 29.7  # inside Romania's extent
    assert "derived" in romania.source_note


def test_a_country_is_found_by_the_names_news_writes_for_it():
    ukraine = Place.objects.get(feature_code="PCLI", country_code="UA")
    assert PlaceName.objects.filter(place=ukraine, normalized="ukrayina").exists()  # countryinfo's spelling
    assert "UKR" not in ukraine.alternate_names  # a code is no name
    assert "Russian Federation" in gazetteer.country_spellings(["Russia"], "RU")
    congo = gazetteer.country_spellings(["Congo - Kinshasa", "Democratic Republic of the Congo"], "CD")
    assert {"Congo", "Democratic Republic of Congo", "DR Congo"} <= set(congo)
    assert "Holland" in gazetteer.country_spellings(["Netherlands"], "NL")
    assert not any("," in name for name in gazetteer.country_spellings(["South Korea"], "KR"))  # "Korea, Republic of"


def test_first_level_subdivisions_are_loaded_with_their_aliases():
    tulcea = Place.objects.get(feature_code="ADM1", country_code="RO", name="Tulcea")
    assert tulcea.source == "geonames-admin1"
    assert "Tulcea County" in tulcea.alternate_names
    assert "settlement nearest" in tulcea.source_note
    assert PlaceName.objects.filter(place=tulcea, normalized="tulcea county").exists()
    assert Place.objects.filter(feature_code="ADM1", country_code="UA").count() >= 24


def test_curated_air_bases_cite_their_source():
    bases = {p.name: p for p in Place.objects.filter(source="curated")}
    assert set(bases) == {"Mihail Kogălniceanu Air Base", "Câmpia Turzii Air Base", "Deveselu Military Base"}
    assert "LRCK" in bases["Mihail Kogălniceanu Air Base"].source_note
    assert "airportsdata" in bases["Câmpia Turzii Air Base"].source_note
    assert "Wikipedia" in bases["Deveselu Military Base"].source_note


def test_alternate_names_keep_latin_and_cyrillic_once_each():
    barsana = Place.objects.get(geonames_id=684770)
    assert "Бирсана" in barsana.alternate_names
    names = list(PlaceName.objects.filter(place=barsana).values_list("normalized", flat=True))
    assert sorted(names) == sorted(set(names))
    assert {"barsana", "birsana", "barcanfalva"} <= set(names)
    assert PlaceName.objects.get(place=barsana, is_primary=True).normalized == "barsana"


def test_codes_and_machine_transliterations_are_not_searchable_names():
    kept, _ = alternate_names_keep("Câmpia Turzii", ["CND", "kmpya twrzy", "肯皮亞圖爾濟", "Cîmpia Turzii", "Kimpija"])
    assert kept == ["Cîmpia Turzii", "Kimpija"]


def test_normalize_folds_case_diacritics_and_punctuation():
    assert name_normalize("  Sighetu-Marmaţiei ") == "sighetu marmatiei"
    assert name_normalize("Bila Tserkva’s") == "bila tserkvas"
    assert name_normalize("Łódź") == "lodz"


def test_representative_point_is_a_real_settlement_near_the_middle():
    towns = [Settlement("West", 45, 20), Settlement("Middle", 45.1, 25.2), Settlement("East", 45, 30)]
    assert representative_settlement(towns).name == "Middle"


def test_if_empty_skips_a_loaded_gazetteer(capsys):
    before = Place.objects.count()
    call_command("load_gazetteer", "--if-empty", "--countries", "MD")
    assert Place.objects.count() == before
    assert "nothing to do" in capsys.readouterr().out


def test_if_empty_reloads_when_the_shipped_data_changed(capsys):
    GazetteerLoad.objects.update(version="0123456789abcdef")
    call_command("load_gazetteer", "--if-empty", "--countries", "MD")
    out = capsys.readouterr().out
    assert "loaded from version 0123456789abcdef" in out and "reloading" in out
    assert set(Place.objects.values_list("country_code", flat=True)) == {"MD"}
    assert GazetteerLoad.objects.get().version == gazetteer_version()
    call_command("load_gazetteer", "--if-empty", "--countries", "MD")
    assert "nothing to do" in capsys.readouterr().out


def test_if_empty_reloads_a_gazetteer_loaded_before_versions_were_kept(capsys):
    GazetteerLoad.objects.all().delete()
    call_command("load_gazetteer", "--if-empty", "--countries", "MD", verbosity=0)
    assert "an unrecorded version" in capsys.readouterr().out
    assert GazetteerLoad.objects.get().countries == "MD"


def test_the_version_follows_the_shipped_data(tmp_path, monkeypatch):
    for path in gazetteer.DATA_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(gazetteer, "DATA_DIR", tmp_path)
    before = gazetteer_version()
    assert gazetteer_version() == before  # the same data, the same version
    with (tmp_path / "country-label-points.tsv").open("a") as points:
        points.write("XX\tNowhere\t0\t0\n")
    assert gazetteer_version() != before


def test_loading_over_a_loaded_gazetteer_needs_replace():
    with pytest.raises(CommandError, match="--replace"):
        call_command("load_gazetteer", "--countries", "MD", verbosity=0)


def test_replace_reloads_and_dry_run_writes_nothing(capsys):
    call_command("load_gazetteer", "--countries", "MD", "--replace", verbosity=0)
    moldova_only = Place.objects.count()
    assert set(Place.objects.values_list("country_code", flat=True)) == {"MD"}
    call_command("load_gazetteer", "--countries", "MD", "--dry-run")
    assert Place.objects.count() == moldova_only
    assert "Would load" in capsys.readouterr().out


def test_staff_can_add_a_place_after_a_load():
    """The loader gives ids itself; PostgreSQL's sequence must have moved past them."""
    place = Place.objects.create(
        name="Example Depot",
        latitude=45.0,
        longitude=28.0,
        country_code="RO",
        feature_class="S",
        feature_code="MILB",
        source=Place.Source.CURATED,
    )
    assert place.pk > Place.objects.exclude(pk=place.pk).order_by("-pk").first().pk
