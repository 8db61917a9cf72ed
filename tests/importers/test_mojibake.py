"""Double-encoded UTF-8 in a cell is repaired where that is certain; a title never keeps mojibake."""

import pytest

from events.models import Event
from events.services.import_files import ImportRefused

NAMES = ["Créteil", "Galați", "Bârsana", "Constanța", "Київ", "Ukraine’s border"]


def double_encoded(text, codec):
    """What a spreadsheet does to UTF-8 text read as cp1252 or Latin-1 and saved again as UTF-8."""
    return text.encode("utf-8").decode(codec, errors="ignore" if codec == "cp1252" else "strict")


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_double_encoded_titles_and_notes_come_back_as_written_and_are_reported(run_import, codec):
    rows = "".join(
        f'{n},"{double_encoded(name, codec)}",45,28,"seen near {double_encoded(name, codec)}"\n'
        for n, name in enumerate(NAMES)
    )
    plan, counts = run_import("sheet.csv", "id,title,lat,lon,notes\n" + rows)

    titles = set(Event.objects.values_list("title", flat=True))
    assert titles == set(NAMES)
    assert set(Event.objects.values_list("description", flat=True)) == {f"seen near {name}" for name in NAMES}
    reported = [str(w) for w in plan.warnings if "double-encoded UTF-8 repaired" in str(w)]
    assert "row 2: double-encoded UTF-8 repaired in column 'title', column 'notes'" in reported[0]


def test_clean_accented_text_is_left_alone(run_import):
    run_import("clean.csv", "id,title,lat,lon\n1,Café Ã la carte,45,28\n2,Galați,45,28\n")
    assert set(Event.objects.values_list("title", flat=True)) == {"Café Ã la carte", "Galați"}


def test_a_title_whose_mojibake_cannot_be_undone_is_refused_and_other_columns_are_reported(run_import):
    cut = "Ukraine" + double_encoded("’", "cp1252")[:-1] + "s border"  # one byte of the sequence lost
    with pytest.raises(ImportRefused, match=r"row 2, column 'title': the title looks mis-decoded"):
        run_import("cut.csv", f'id,title,lat,lon\n1,"{cut}",45,28\n')

    plan, _ = run_import("cut.csv", f'id,title,lat,lon,notes\n1,Border,45,28,"{cut}"\n')
    assert Event.objects.get().description == cut  # kept as given, not half-repaired
    assert "column 'notes' may hold mis-decoded text" in str(plan.warnings)
