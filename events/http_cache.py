"""Conditional GETs and the server-side answer cache for the public API and the feed.

``conditional_answer`` wraps a view (in ``events/urls.py``):

* the ETag is a hash of the data version, the whole request (scheme, host, path and
  every query parameter) and the active language (dates in words, country names), known
  before the view runs, so ``If-None-Match`` gets a 304
  without a query, and streamed answers get one too;
* 200 answers carry ``Cache-Control: public, max-age=MAPPER_HTTP_MAX_AGE`` (short: a
  staff edit shows within that time even to a browser that does not revalidate);
* whole (non-streamed) 200 answers up to ``MAPPER_ANSWER_CACHE_MAX_BYTES`` are kept in
  the bounded ``answers`` cache under the ETag, so every worker and host serves them
  without a query until the next write changes the version.

No Last-Modified: the data version is exact, a time would have one-second resolution.
HTML pages get no ETag: each carries its own CSP nonce.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language

from events.services.data_version import data_version, data_version_is_pending

# Headers a view sets that belong to the answer (the rest is added by middleware per request).
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def answer_etag(request, version: str) -> str:
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    described = repr((version, request.scheme, request.get_host(), request.path, query, get_language()))
    return quote_etag(hashlib.sha256(described.encode()).hexdigest()[:32])


def conditional_answer(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = data_version()
        etag = answer_etag(request, version)
        # "If-None-Match: *" would answer 304 even to a query the view refuses; only our own ETags count.
        revalidating = "*" not in request.headers.get("If-None-Match", "")
        response = get_conditional_response(request, etag=etag) if revalidating else None
        if response is None:
            cacheable = not data_version_is_pending(version)
            response = _cached(etag) if cacheable else None
            if response is None:
                response = view(request, *args, **kwargs)
                if cacheable:
                    _keep(etag, response)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=settings.MAPPER_HTTP_MAX_AGE)
        return response

    return wrapped


def _cache_key(etag: str) -> str:
    return "answer:" + etag.strip('"')


def _cached(etag: str) -> HttpResponse | None:
    stored = caches["answers"].get(_cache_key(etag))
    if stored is None:
        return None
    headers, content = stored
    return HttpResponse(content, headers=headers)


def _keep(etag: str, response) -> None:
    if (
        response.status_code != 200
        or response.streaming
        or len(response.content) > settings.MAPPER_ANSWER_CACHE_MAX_BYTES
    ):
        return
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    caches["answers"].set(_cache_key(etag), (headers, response.content))
