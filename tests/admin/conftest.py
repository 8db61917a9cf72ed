"""Admin fixtures: one user per role, logged-in clients, and a stand-in geocoder."""

from dataclasses import asdict, dataclass

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


@dataclass
class FakeCandidate:
    """Stands in for geocoding.Candidate until the geocoder lands; same fields, same as_dict()."""

    name: str
    latitude: float
    longitude: float
    country_code: str = "RO"
    feature_code: str = "PPL"
    population: int = 0
    precision: str = "settlement"
    confidence: float = 0.9
    match: str = "exact"
    source: str = "gazetteer"
    place_id: int | None = None
    distance_km: float | None = None

    def as_dict(self):
        return asdict(self)


DEVESELU = FakeCandidate("Deveselu", 44.06667, 24.38333, population=3000)
BARSANA = FakeCandidate("Bârsana", 47.81667, 24.06667, population=4000)


@pytest.fixture
def fake_geocoder(monkeypatch):
    """Stub the geocoder at our service boundary: place_search and place_reverse.

    Remove once events.services.geocoding has its real implementation and the
    gazetteer fixture can be loaded in these tests.
    """
    calls = []

    def place_search(name, country_hint="", *, limit=5, context=()):
        calls.append(("search", name, country_hint))
        return [c for c in (DEVESELU, BARSANA) if c.name.lower().startswith(name.lower()[:4])][:limit]

    def place_reverse(latitude, longitude, *, max_km=50):
        calls.append(("reverse", latitude, longitude))
        return FakeCandidate(**{**asdict(BARSANA), "match": "reverse", "distance_km": 1.2})

    monkeypatch.setattr(geocoding, "place_search", place_search)
    monkeypatch.setattr(geocoding, "place_reverse", place_reverse, raising=False)
    return calls
