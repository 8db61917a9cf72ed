"""GeoJSON answers never carry a raw "<", ">" or "&": embedded in HTML they could not close a tag."""

import json

import pytest

TITLE = "</script><script>alert(1)</script> & «Galați» ї"


@pytest.mark.parametrize(
    "params", [{"bbox": "24,44,25,45", "zoom": "12"}, {}, {"format": "geojson"}], ids=["map-view", "stream", "file"]
)
def test_every_geojson_answer_escapes_html_characters_and_reads_back_the_same(client, make_event, params):
    make_event(title=TITLE, description="a <b>bold</b> claim & more")
    response = client.get("/api/events/", params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    assert not {"<", ">", "&"} & set(text)
    assert "\\u003C/script\\u003E" in text and "\\u0026" in text
    (feature,) = json.loads(text)["features"]
    assert feature["properties"]["title"] == TITLE
    assert "«Galați» ї" in text  # not ASCII-escaped: only the three HTML characters are
