"""Counting a request's own queries, for the tests that show the count does not grow with the events."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.responses import response_body


def request_queries(request) -> int:
    """Queries made by ``request()`` while its whole answer is read (a streamed body queries as it goes).

    The rate limit and the data version make a few queries (and savepoints) of their own on the cache
    tables, whatever the answer; they are not counted.
    """
    with CaptureQueriesContext(connection) as context:
        response = request()
        assert response.status_code == 200
        response_body(response)
    return sum(
        "mapper_cache" not in query["sql"] and "SAVEPOINT" not in query["sql"] for query in context.captured_queries
    )
