"""Per-client rate limits on the public endpoints, counted in the shared cache by django-ratelimit.

Applied as decorators in ``events/urls.py``; the limits are ``settings.MAPPER_RATE_LIMITS``
(README "Caching and rate limits"). django-ratelimit does the counting (fixed windows,
atomic ``incr`` in the cache every worker shares); this module only names the client
and answers 429 with ``Retry-After``, which the library's own decorator does not.
"""

import ipaddress
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage


def client_address(request) -> str:
    """Who is asking: ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` proxies stand in front.

    Each proxy appends the address it was connected from to X-Forwarded-For, so with
    n trusted proxies the client is the n-th entry from the right; whatever a client
    wrote further left is its own claim and ignored. A header with fewer entries, or
    one that is not an address, means the request did not come through the proxies:
    REMOTE_ADDR then. The login lockout (django-axes) uses this rule too.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= count and _is_address(hops[-count]):
            return hops[-count]
    return remote


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _client_key(group, request) -> str:
    return client_address(request)


def _group_rate(group, request) -> str:
    return settings.MAPPER_RATE_LIMITS[group]


def rate_limit(group: str, *, when=None, html=False):
    """Count each request against ``MAPPER_RATE_LIMITS[group]`` for its client; 429 once over.

    ``when(request)`` limits the count to some requests (e.g. exports); ``html`` answers
    with a page instead of JSON (for the public pages).
    """

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if when is None or when(request):
                usage = get_usage(request, group=group, key=_client_key, rate=_group_rate, increment=True)
                if usage is not None and usage["should_limit"]:
                    return too_many_requests(max(usage["time_left"], 1), html=html)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def too_many_requests(retry_after: int, *, html=False) -> HttpResponse:
    if html:
        response = HttpResponse(render_to_string("429.html", {"retry_after": retry_after}), status=429)
    else:
        message = _("Too many requests from your address; try again in %(seconds)d s.") % {"seconds": retry_after}
        response = JsonResponse({"error": message, "code": "rate_limited"}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
