"""The import preview in Romanian: its words translated, coordinates still written with a decimal point."""

from tests.admin.test_import_upload import CSV, IMPORT_URL, upload


def test_the_import_preview_in_romanian(editor_client, importer_ready):
    response = editor_client.post(
        IMPORT_URL,
        {"files": [upload("incidents.csv", CSV)], "format": "auto", "status": "draft"},
        HTTP_ACCEPT_LANGUAGE="ro",
    )
    html = editor_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ro").content.decode()

    assert "Previzualizare: încă nu s-a scris nimic" in html
    assert "(ca ciorne)" in html and "necesită verificare" in html
    assert "Tipuri folosite: Drone sighting, Other" in html  # the kinds as the import found them, untranslated
    assert 'value="Confirmă: importă"' in html
    # "45,4353, 28,0080" would be unreadable: coordinates keep the point whatever the language.
    assert "45.4353, 28.0080" in html
