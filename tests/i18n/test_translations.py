"""The interface in Romanian and Ukrainian: chosen from the browser or the switcher, English otherwise."""

import datetime
import json
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from events.services.dates import date_in_words

pytestmark = pytest.mark.django_db

# What the map page's own chrome says in each language (templates/events/map.html, templates/base.html).
MAP_CHROME = {
    "en": ["Search events", "Share & export", "Near the borders of", "Events in view", "News articles, mapped"],
    "ro": [
        "Caută evenimente",
        "Distribuie și exportă",
        "Lângă granițele țării",
        "Evenimente vizibile",
        "Știrile, pe hartă",
    ],
    "uk": ["Пошук подій", "Експорт і посилання", "Біля кордонів країни", "Видимі події", "Новини на мапі"],
}


def html_lang(content: str) -> str:
    return re.search(r'<html lang="([^"]+)"', content).group(1)


@pytest.mark.parametrize("language", ["ro", "uk"])
def test_the_map_page_speaks_the_browsers_language(client, kinds, language):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5").content.decode()
    assert html_lang(content) == language
    for text in MAP_CHROME[language]:
        assert text in content
    for text in MAP_CHROME["en"]:
        assert text not in content


def test_a_browser_asking_for_a_language_we_do_not_ship_gets_english(client, kinds):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    content = response.content.decode()
    assert html_lang(content) == "en"
    for text in MAP_CHROME["en"]:
        assert text in content
    assert "Accept-Language" in response["Vary"]


def test_a_regional_variant_gets_its_language(client, kinds):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="ro-MD,ru;q=0.8").content.decode()
    assert html_lang(content) == "ro" and "Caută evenimente" in content


def test_the_switcher_remembers_the_choice_in_a_cookie_over_the_browsers_language(client, kinds, settings):
    response = client.post(reverse("set_language"), {"language": "uk", "next": "/?embed=0"})
    assert response.status_code == 302 and response["Location"] == "/?embed=0"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "uk" and int(cookie["max-age"]) >= 300 * 24 * 3600
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert html_lang(content) == "uk" and "Пошук подій" in content


def test_the_switcher_refuses_to_send_a_reader_to_another_site(client):
    response = client.post(reverse("set_language"), {"language": "ro", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_public_pages_offer_the_switcher_in_each_languages_own_name(client, make_event, article):
    event = make_event()
    for path in ("/", event.get_absolute_url(), article.get_absolute_url()):
        content = client.get(path, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
        assert 'action="/i18n/setlang/"' in content
        assert '<option value="uk" lang="uk" selected>Українська</option>' in content
        assert '<option value="ro" lang="ro">Română</option>' in content


def test_the_event_page_in_ukrainian_translates_facts_kind_country_and_date(client, make_event):
    event = make_event(date=datetime.date(2025, 3, 14), country_code="RO", border_country="UA", border_distance_km=12.3)
    content = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "<dt>Місце</dt>" in content and "<dt>Джерела</dt>" in content or "Джерела" in content
    assert "Військова база" in content  # the shipped kind "Military base"
    assert "Румунія" in content  # CLDR's name, in the reader's language
    assert "14 березня 2025" in content  # the genitive month after a day
    assert "12,3 км від кордону з країною Україна" in content
    assert "<dd>населений пункт</dd>" in content  # precision "settlement", in its one wording


def test_a_kind_staff_renamed_is_shown_as_they_wrote_it(client, make_event, kinds):
    kinds["military-base"].name = "Baze NATO"
    kinds["military-base"].save()
    content = client.get(make_event().get_absolute_url(), HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "Baze NATO" in content and "Військова база" not in content


def test_the_article_page_in_romanian(client, make_event, article):
    make_event()
    content = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "Evenimente din acest articol" in content and "Bază militară" in content


def test_the_map_config_carries_kind_and_country_names_in_the_readers_language(client, kinds):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    block = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', content, re.S).group(1)
    config = json.loads(block)
    assert {kind["slug"]: kind["name"] for kind in config["kinds"]}["drone-sighting"] == "Dronă observată"
    assert config["country_names"]["UA"] == "Ucraina" and config["country_names"]["MD"] == "Republica Moldova"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ro", "Se arată evenimentele %(zone)s."), ("uk", "Показано події %(zone)s."), ("de", None)],
)
def test_the_javascript_catalogue_answers_in_the_readers_language(client, language, expected):
    response = client.get(reverse("events:javascript-catalog"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    found = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    catalogue = json.loads(found.group(1)) if found else {}
    if expected is None:  # English: no entries, gettext() returns the English text
        assert "Showing events %(zone)s." not in catalogue
    else:
        assert catalogue["Showing events %(zone)s."] == expected


def test_the_catalogue_is_a_script_file_loaded_before_the_map_modules(client, kinds):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk")
    content = response.content.decode()
    catalogue = content.index(f'<script src="{reverse("events:javascript-catalog")}"></script>')
    assert catalogue < content.index('<script type="module"')
    assert "unsafe-inline" not in response["Content-Security-Policy"]  # served from 'self', no inline code


def test_an_untranslated_string_falls_back_to_english(client, kinds):
    with translation.override("uk"):
        assert translation.gettext("A sentence nobody has translated.") == "A sentence nobody has translated."
        assert translation.gettext("Show list") == "Показати список"


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "14 March 2025", "March 2025"),
        ("ro", "14 martie 2025", "martie 2025"),
        ("uk", "14 березня 2025", "березень 2025"),
    ],
)
def test_dates_in_words_follow_the_language(language, day, month):
    with translation.override(language):
        assert date_in_words(datetime.date(2025, 3, 14), "day") == day
        assert date_in_words(datetime.date(2025, 3, 1), "month") == month
        assert (
            date_in_words(None, "day")
            == {"en": "date unknown", "ro": "dată necunoscută", "uk": "дата невідома"}[language]
        )


@pytest.mark.parametrize(("language", "title"), [("ro", "Nu a fost găsit"), ("uk", "Не знайдено")])
@override_settings(DEBUG=False)
def test_error_pages_are_translated(client, language, title):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    content = response.content.decode()
    assert html_lang(content) == language and f"<h1>{title}</h1>" in content


def test_the_feed_answer_cached_in_one_language_is_not_served_in_another(client, make_event):
    make_event(date=datetime.date(2025, 3, 14))
    english = client.get(reverse("events:events-feed"), HTTP_ACCEPT_LANGUAGE="en")
    ukrainian = client.get(reverse("events:events-feed"), HTTP_ACCEPT_LANGUAGE="uk")
    assert english["ETag"] != ukrainian["ETag"]
    assert "14 March 2025" in english.content.decode() and "14 березня 2025" in ukrainian.content.decode()


def test_the_admin_bulk_action_message_is_translated(admin_client, make_event):
    event = make_event(status="draft")
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish_selected", "_selected_action": [event.pk]},
        HTTP_ACCEPT_LANGUAGE="ro",
        follow=True,
    )
    assert "A fost publicat 1 eveniment." in response.content.decode()


@pytest.mark.parametrize("path", sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po")), ids=str)
def test_each_compiled_catalogue_holds_every_translation_of_its_po_file(path):
    """The .mo files are committed (README "Translations"): one edited without recompiling is caught here."""
    with path.open("rb") as po_file:
        source = read_po(po_file)
    with path.with_suffix(".mo").open("rb") as mo_file:
        compiled = read_mo(mo_file)
    untranslated = [message.id for message in source if message.id and not message.string]
    assert untranslated == []

    def text(string):
        return tuple(string) if isinstance(string, list | tuple) else string  # plural forms: a list or a tuple

    for message in source:
        if message.id and "fuzzy" not in message.flags:
            assert compiled.get(message.id) is not None, message.id
            assert text(compiled[message.id].string) == text(message.string), message.id


def test_the_admin_import_page_speaks_ukrainian(admin_client):
    content = admin_client.get(reverse("admin:events_article_import"), HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "Переглянути імпорт" in content  # the submit button
    assert "Імпортувати правильні рядки й перелічити хибні" in content  # a form label
    assert "Головна" in content  # the breadcrumbs, Django's own admin translation beside ours


def test_the_embedded_map_follows_the_browser_and_has_no_switcher(client, kinds):
    content = client.get("/?embed=1", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert html_lang(content) == "uk"
    assert reverse("events:javascript-catalog") in content  # its controls are translated too
    assert "data-language-form" not in content  # a host page's reader gets no header
