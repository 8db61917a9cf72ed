"""Admin fixtures: one user per role, logged-in clients, and a log of the geocoder's calls."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from events.services import geocoding

ROLES = ["anonymous", "non_staff", "staff_without_permissions", "editor", "superuser"]


def user_create(role):
    if role == "anonymous":
        return None
    user = User.objects.create_user(
        role, f"{role}@example.org", "pw", is_staff=role != "non_staff", is_superuser=role == "superuser"
    )
    if role == "editor":
        user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def client_for(db):
    """``client_for("editor")`` is a client logged in as a fresh user of that role."""

    def make(role):
        client = Client()
        user = user_create(role)
        if user:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def editor_client(client_for):
    return client_for("editor")


@pytest.fixture
def superuser_client(client_for):
    return client_for("superuser")


@pytest.fixture
def geocoder_log(gazetteer, monkeypatch):
    """The real offline geocoder (the test gazetteer), with each call to our geocoding boundary logged."""
    calls = []
    search, reverse = geocoding.place_search, geocoding.place_reverse

    def place_search(name, country_hint="", **kwargs):
        calls.append(("search", name, country_hint))
        return search(name, country_hint, **kwargs)

    def place_reverse(latitude, longitude, **kwargs):
        calls.append(("reverse", latitude, longitude))
        return reverse(latitude, longitude, **kwargs)

    monkeypatch.setattr(geocoding, "place_search", place_search)
    monkeypatch.setattr(geocoding, "place_reverse", place_reverse)
    return calls
