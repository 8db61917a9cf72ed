"""The admin says each precision in the one wording (``models.Precision``), translated: choices and candidates."""

from django.utils import translation

from events.models import Precision

GEOCODE_URL = "/admin/events/event/geocode/"


def romanian(precision) -> str:
    with translation.override("ro"):
        return Precision.label_of(precision)


def english(precision) -> str:
    with translation.override("en"):
        return Precision.label_of(precision)


def test_the_find_candidates_carry_their_precision_in_the_editors_language(editor_client, geocoder_log):
    answer = editor_client.get(GEOCODE_URL, {"q": "Deveselu", "country": "RO"}, HTTP_ACCEPT_LANGUAGE="ro").json()

    candidate = answer["candidates"][0]
    assert candidate["precision_label"] == romanian(candidate["precision"]) != english(candidate["precision"])


def test_the_stored_candidates_and_the_precision_choices_in_romanian(editor_client, make_event):
    candidate = {"name": "Deveselu", "country_code": "RO", "precision": "settlement", "source": "gazetteer"}
    event = make_event(geocode_candidates=[candidate])
    html = editor_client.get(f"/admin/events/event/{event.pk}/change/", HTTP_ACCEPT_LANGUAGE="ro").content.decode()

    assert f"1. Deveselu (RO) · {romanian('settlement')} · source gazetteer" in html
    for value in Precision.values:
        assert f'<option value="{value}"' in html
        assert f">{romanian(value)}</option>" in html
