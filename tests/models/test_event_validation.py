"""Coordinates and links are validated by the model and backed by the database."""

import math

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Article, Event


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(91, 0), (-90.0000001, 0), (0, 180.0001), (math.nan, 10), (10, math.inf), (float("1e400"), 0)],
)
def test_out_of_range_or_non_finite_coordinates_are_rejected(make_event, latitude, longitude):
    event = make_event()
    event.latitude, event.longitude = latitude, longitude
    with pytest.raises(ValidationError):
        event.full_clean()


@pytest.mark.parametrize(("latitude", "longitude"), [(90, 180), (-90, -180), (0, 0)])
def test_extreme_but_valid_coordinates_are_accepted(make_event, latitude, longitude):
    event = make_event(latitude=latitude, longitude=longitude)
    event.full_clean()


def test_database_rejects_out_of_range_latitude_even_without_validation(make_event):
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(latitude=200)


def test_half_a_coordinate_pair_is_rejected(make_event):
    event = make_event()
    event.longitude = None
    with pytest.raises(ValidationError, match="both latitude and longitude"):
        event.full_clean()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "http://x/\n",
    ],
)
def test_article_links_accept_only_http_and_https(db, url):
    article = Article(title="t", slug="t", url=url)
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "url" in excinfo.value.message_dict


def test_article_link_with_markup_in_query_is_a_valid_url(db):
    Article(title="t", slug="t", url='https://site.example/a?q="><svg/onload=alert(1)>').full_clean()


def test_invalid_geometry_is_rejected_with_a_message(make_event):
    event = make_event()
    event.geometry = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(ValidationError, match="Self-intersection"):
        event.full_clean()
