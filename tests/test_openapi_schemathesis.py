"""schemathesis against the OpenAPI description, through the WSGI app: no server errors, bad input is a 400,
answers conform (status, content type, schema). Examples are bounded so that this takes seconds."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from events.openapi import openapi_document
from mapper.wsgi import application

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = application
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=25, deterministic=True
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def some_events(make_event, settings):
    settings.RATELIMIT_ENABLE = False  # hundreds of requests from one client, on purpose
    make_event(title="US troops at Deveselu")
    make_event(key="undated", title="A line", latitude=None, longitude=None, precision="unknown")
    # As Django's test client does: the WSGI handler must not close the test's connection after each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.exclude(path="/api/countries/").parametrize()  # no parameters; answered in tests/views/test_borders_api.py
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
def test_the_api_keeps_its_contract(case, some_events):
    case.call_and_validate(checks=CHECKS)
