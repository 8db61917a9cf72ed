"""The import's fast event constructor gives the same event as ``Event(**values)``."""

import pytest

from events.importers.event_builder import event_build
from events.models import Event, EventKind


@pytest.mark.django_db  # the suite clears the database cache after each test
def test_the_built_event_equals_the_keyword_constructors_and_shares_no_default():
    kind = EventKind(pk=7, slug="other", name="Other")
    values = {"key": "a-1-0f0f0f0f", "title": "Drone over Galați", "latitude": 45.43, "longitude": 28.0}
    built, expected = event_build(kind, **values), Event(kind=kind, **values)
    for field in Event._meta.concrete_fields:
        assert getattr(built, field.attname) == getattr(expected, field.attname), field.name
    assert built.kind is kind and built._state.adding
    other = event_build(kind, **values)
    other.border_zone["RO"] = 1.0
    other.geocode_candidates.append({"name": "Galați"})
    assert built.border_zone == {} and built.geocode_candidates == []
