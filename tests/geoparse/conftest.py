"""Small gazetteers the geoparser tests build themselves: invented places, so every signal is visible."""

import pytest

from events.models import Place, PlaceName
from events.services.gazetteer import name_normalize
from events.services.gazetteer_search import gazetteer_cache_clear


@pytest.fixture
def make_place(db):
    """Create a gazetteer place and its searchable names; keyword arguments override the defaults."""

    def make(name, *, alternates=(), **fields):
        values = {
            "latitude": 45.0,
            "longitude": 25.0,
            "country_code": "XA",
            "feature_class": "P",
            "feature_code": "PPL",
            "population": 1000,
            "source": Place.Source.CURATED,
        } | fields
        place = Place.objects.create(name=name, ascii_name=name, alternate_names=list(alternates), **values)
        PlaceName.objects.create(place=place, normalized=name_normalize(name), is_primary=True)
        for alternate in alternates:
            PlaceName.objects.get_or_create(place=place, normalized=name_normalize(alternate))
        gazetteer_cache_clear()
        return place

    return make
