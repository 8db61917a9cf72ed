"""The OpenAPI description is served, covers every public route and filter, and real answers conform to it."""

import datetime

import jsonschema
import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver

from events.openapi import openapi_document
from events.selectors import EventFilter
from tests.responses import response_json

DOCUMENT = openapi_document()
PUBLIC_PREFIXES = ("api/", "feeds/")


def route_paths(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from route_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_the_description_is_served_as_openapi_3_1(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT
    assert DOCUMENT["openapi"].startswith("3.1")


def test_every_public_route_is_described():
    public = {"/" + path for path in route_paths(get_resolver().url_patterns) if path.startswith(PUBLIC_PREFIXES)}
    assert public == set(DOCUMENT["paths"])


class RecordingQuery(QueryDict):
    """A query that notes every parameter name the parser asks for."""

    def __init__(self):
        super().__init__(mutable=True)
        self.asked = set()

    def getlist(self, key, default=None):
        self.asked.add(key)
        return super().getlist(key, default)


def parameter_names(path):
    return {parameter["name"] for parameter in DOCUMENT["paths"][path]["get"]["parameters"]}


@pytest.mark.parametrize("path", ["/api/events/", "/feeds/events/"])
def test_every_filter_the_parser_reads_is_described(path):
    query = RecordingQuery()
    EventFilter.from_query(query)
    assert query.asked  # the parser did read parameters
    assert query.asked <= parameter_names(path)


def validator_for(path, status, media_type):
    response = DOCUMENT["paths"][path]["get"]["responses"][status]
    schema = response["content"][media_type]["schema"]
    # The references point into the document's components: give the schema those as its own.
    return jsonschema.Draft202012Validator(schema | {"components": DOCUMENT["components"]})


def test_real_event_answers_conform(client, make_event):
    make_event(date=datetime.date(2024, 5, 1), attributes={"troops": 1700})
    make_event(key="undated", latitude=None, longitude=None, precision="unknown")
    answer = response_json(client.get("/api/events/"))
    validator_for("/api/events/", "200", "application/geo+json").validate(answer)
    assert len(answer["features"]) == 2
    view = client.get("/api/events/", {"bbox": "-180,-90,180,90", "zoom": "3"}).json()
    validator_for("/api/events/", "200", "application/geo+json").validate(view)
    assert view["total"] == 1  # the undated event has no point and no shape: not in any view
    for path in ("/api/events/list/", "/api/events/histogram/"):
        validator_for(path, "200", "application/json").validate(client.get(path).json())


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/events/?bbox=1,2", "400"), ("/feeds/events/?date_from=2024-02-30", "400"), ("/api/borders/", "400")],
)
def test_real_errors_conform(client, db, url, status):
    response = client.get(url)
    assert str(response.status_code) == status
    validator_for("/" + url.split("/", 1)[1].split("?")[0], status, "application/json").validate(response.json())


def test_a_real_429_conforms(client, db, settings):
    settings.MAPPER_RATE_LIMITS = settings.MAPPER_RATE_LIMITS | {"api": "1/h"}
    client.get("/api/events/")
    response = client.get("/api/events/")
    assert response.status_code == 429
    validator_for("/api/events/", "429", "application/json").validate(response.json())
    assert "Retry-After" in DOCUMENT["paths"]["/api/events/"]["get"]["responses"]["429"]["headers"]


def test_borders_conform(client, db):
    response = client.get("/api/borders/?countries=RO,UA")
    validator_for("/api/borders/", "200", "application/geo+json").validate(response.json())
