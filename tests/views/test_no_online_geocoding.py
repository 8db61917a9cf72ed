"""Hostile-inputs row 31: no public request, and no search box, ever asks an online geocoder.

Nominatim is switched on in the chain; its search is replaced by one that
records the call, so any page that reached it would fail here.
"""

import pytest

from events.services.geocoding import NominatimProvider


@pytest.fixture
def online_calls(settings, monkeypatch):
    settings.MAPPER_GEOCODERS = ["gazetteer", "nominatim"]
    settings.MAPPER_GEOCODER_USER_AGENT = "mapper-tests/1.0 (tests@example.org)"
    calls = []
    monkeypatch.setattr(NominatimProvider, "search", lambda self, query, limit: calls.append(query.text) or [])
    return calls


def test_public_pages_api_exports_and_feed_make_no_online_geocoder_call(client, make_event, article, online_calls):
    event = make_event(title="Drone near Nowhereville", place_name="Nowhereville")
    urls = [
        "/",
        "/api/events/?q=Nowhereville",
        "/api/events/?q=Unknown%20Place&format=csv",
        "/api/events/?format=kml",
        "/feeds/events/?q=Nowhereville",
        f"/events/{event.pk}/",
        f"/articles/{article.slug}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert online_calls == []


def test_admin_find_box_searches_offline_only(admin_client, gazetteer, online_calls):
    response = admin_client.get("/admin/events/event/geocode/", {"q": "Nowhereville", "country": "RO"})
    assert response.status_code == 200
    assert online_calls == []


def test_the_online_provider_is_reachable_from_the_geocoding_service(pending_event, gazetteer, online_calls):
    """The rig itself works: event geocoding (import, admin action, command) does go online for unknown names."""
    from events.services.geocoding import event_geocode

    event_geocode(pending_event("Nowhereville"))
    assert online_calls == ["Nowhereville"]
