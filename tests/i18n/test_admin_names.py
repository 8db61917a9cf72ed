"""The admin's own names for Mapper's data (the app and each model) follow the staffer's language."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "names", "english_left"),
    [
        ("uk", ["Мапа подій", "Статті", "Типи подій", "Події", "Місця"], ["Events map", "Event kinds"]),
        ("ro", ["Harta evenimentelor", "Articole", "Tipuri de evenimente", "Evenimente", "Locuri"], ["Events map"]),
        ("en", ["Events map", "Articles", "Event kinds", "Events", "Places"], []),
    ],
)
def test_the_admin_index_names_the_app_and_its_models_in_the_staffers_language(
    admin_client, language, names, english_left
):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for name in names:
        assert name in html
    for name in english_left:
        assert name not in html
