"""Conditional GETs and the server-side answer cache for the public API and the feed.

``conditional_answer`` wraps a view (in ``events/urls.py``):

* the ETag is a hash of the data version, the whole request (scheme, host, path and
  every query parameter) and the active language (dates in words, country names), known
  before the view runs, so ``If-None-Match`` gets a 304
  without a query, and streamed answers get one too;
* 200 answers carry ``Cache-Control: public, max-age=MAPPER_HTTP_MAX_AGE`` (short: a
  staff edit shows within that time even to a browser that does not revalidate);
* whole (non-streamed) 200 answers up to ``MAPPER_ANSWER_CACHE_MAX_BYTES`` are kept in
  the bounded ``answers`` cache, one entry per request holding the version it was made
  under, so every worker and host serves them without a query until the next write
  changes the version. The version lives in the same cache: one read fetches both;
* each worker also keeps its own copy of the answers it serves (``events.local_copies``), used
  only under the version the shared cache says is current: then the read is the version alone.

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

from events.local_copies import LocalCopies
from events.services.data_version import data_version_is_pending, data_version_with

# Headers a view sets that belong to the answer (the rest is added by middleware per request).
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def local_answers() -> LocalCopies:
    """A worker's copies of kept answers, ``(version, headers, content)``, counted by their content's bytes."""
    return LocalCopies("MAPPER_ANSWER_LOCAL_BYTES", lambda kept: len(kept[2]))


LOCAL_ANSWERS = local_answers()


def request_described(request) -> str:
    """Everything an answer depends on besides the data: scheme, host, path, parameters (any order), language."""
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    return repr((request.scheme, request.get_host(), request.path, query, get_language()))


def answer_etag(described: str, version: str) -> str:
    return quote_etag(_digest(version + described))


def conditional_answer(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        described = request_described(request)
        key = _cache_key(described)
        revalidation = request.META.get("HTTP_IF_NONE_MATCH", "")  # not request.headers: built from all of META
        local = LOCAL_ANSWERS.get(key)
        # The version alone for a revalidation or an answer this worker holds; else the kept answer with it.
        fetched = not (revalidation or local)
        version, stored = data_version_with(key if fetched else None)
        etag = answer_etag(described, version)
        # "If-None-Match: *" would answer 304 even to a query the view refuses; only our own ETags count.
        response = get_conditional_response(request, etag=etag) if revalidation and "*" not in revalidation else None
        if response is None:
            cacheable = not data_version_is_pending(version)
            response = _kept_answer(key, version, local, stored, fetched) if cacheable else None
            if response is None:
                request.data_version = version  # what the answer is made under, for the view's own copies
                response = view(request, *args, **kwargs)
                if cacheable:
                    _keep(key, version, response)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=settings.MAPPER_HTTP_MAX_AGE)
        return response

    return wrapped


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _cache_key(described: str) -> str:
    """One entry per request, overwritten by the answer under the next version (which it holds, to be checked)."""
    return "answer:" + _digest(described)


def _kept_answer(key: str, version: str, local, stored, fetched: bool) -> HttpResponse | None:
    """The answer kept under ``version``: this worker's copy, else the shared one (read now unless ``fetched``)."""
    if local is not None and local[0] == version:
        return _response(local)
    if not fetched:  # an old ETag, or a copy of an older version here: the shared one may still be current
        stored = caches["answers"].get(key)
    if stored is None or stored[0] != version:
        return None
    LOCAL_ANSWERS.put(key, stored)
    return _response(stored)


def _response(kept) -> HttpResponse:
    _version, headers, content = kept
    return HttpResponse(content, headers=headers)


def _keep(key: str, version: str, response) -> None:
    if (
        response.status_code != 200
        or response.streaming
        or len(response.content) > settings.MAPPER_ANSWER_CACHE_MAX_BYTES
    ):
        return
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    kept = (version, headers, response.content)
    caches["answers"].set(key, kept)
    LOCAL_ANSWERS.put(key, kept)
