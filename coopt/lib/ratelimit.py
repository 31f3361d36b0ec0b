"""Rate limits that answer 429 Too Many Requests with a Retry-After header.

Two sources of limits:

- Anonymous forms and links (public apply, consent page, privacy self-service,
  invitation, share links) use :func:`rate_limited`: a fixed-window counter per
  limit name and client IP, kept in the default cache (Redis in production, so
  every web process shares it).
- Sign-in is limited by django-allauth (``ACCOUNT_RATE_LIMITS``). Allauth
  answers a sign-in attempt over the limit with a form error and its other
  limits with a 429 page without Retry-After; :func:`sign_in_refused` and
  :class:`RetryAfterMiddleware` turn both into a 429 that says when to retry.
"""

import ipaddress
import math
import time
from collections.abc import Callable, Iterable
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = Callable[..., HttpResponse]

ALLAUTH_APP = "allauth.account"
# When nothing tells how long a limit holds, ask to wait this long.
DEFAULT_RETRY_AFTER = 15 * 60
# The allauth rate-limit actions behind each allauth page that may answer 429.
ALLAUTH_ACTIONS = {
    "account_login": ("login", "login_failed"),
    "account_request_login_code": ("request_login_code",),
    "account_confirm_login_code": ("login_failed",),
    "account_reset_password": ("reset_password",),
    "account_reset_password_from_key": ("reset_password_from_key",),
    "account_change_password": ("change_password",),
    "account_set_password": ("change_password",),
    "account_email": ("manage_email",),
    "account_reauthenticate": ("reauthenticate",),
    "mfa_authenticate": ("login_failed",),
    "mfa_reauthenticate": ("reauthenticate",),
}


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth sees it (``ALLAUTH_TRUSTED_PROXY_COUNT``
    says how many proxies stand in front); an IPv6 client counts as its /64."""
    from allauth.account.adapter import get_adapter

    try:
        ip = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


def too_many_requests(request: HttpRequest, *, retry_after: float) -> HttpResponse:
    """The translated 429 page, with Retry-After in whole seconds."""
    seconds = max(1, math.ceil(retry_after))
    response = render(
        request,
        "429.html",
        {"retry_after": seconds, "retry_minutes": max(1, math.ceil(seconds / 60))},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


# --- Anonymous forms ------------------------------------------------------------


def hit(request: HttpRequest, *, key: str, limit: int, window: int) -> float | None:
    """Count one request against ``limit`` per ``window`` seconds for this client.

    Returns None while within the limit, else the seconds until the window ends.
    """
    now = time.time()
    start = int(now // window) * window
    cache_key = f"coopt:rl:{key}:{client_ip(request)}:{start}"
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this is the first hit
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return None
    return start + window - now


def hit_key(*, key: str, limit: int, window: int) -> float | None:
    """Count one request against ``limit`` per ``window`` seconds for ``key`` alone, whatever
    the client's address (an API token: its calls may come from several machines).

    Returns None while within the limit, else the seconds until the window ends.
    """
    now = time.time()
    start = int(now // window) * window
    cache_key = f"coopt:rl:{key}:{start}"
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this is the first hit
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return None
    return start + window - now


def rate_limited(
    *, key: str, limit: int, window: int, methods: Iterable[str] = ("POST",)
) -> Callable[[View], View]:
    """Limit a view to ``limit`` requests per ``window`` seconds per client IP.

    Only ``methods`` count (form submissions by default): reading a page is free.
    Over the limit the view is not run and the client gets a 429 page.
    """
    counted = {method.upper() for method in methods}

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in counted:
                wait = hit(request, key=key, limit=limit, window=window)
                if wait is not None:
                    return too_many_requests(request, retry_after=wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- Sign-in (django-allauth) ---------------------------------------------------


def allauth_retry_after(
    request: HttpRequest, *, actions: Iterable[str], key: str | None = None
) -> float:
    """Seconds until allauth allows ``actions`` again for this client (and ``key``).

    Reads allauth's own counters; a limit that cannot be read (a per-key limit
    with no key known) counts as its full window.
    """
    from allauth.core.internal import ratelimit

    now = time.time()
    waits: list[float] = []
    windows: list[float] = []
    for action in actions:
        for rate in ratelimit.get_rates(app=ALLAUTH_APP, action=action):
            windows.append(rate.duration)
            if rate.per == "key" and key is None:
                continue
            if rate.per == "user" and not request.user.is_authenticated:
                continue
            cache_key = ratelimit.get_cache_key(
                request, app=ALLAUTH_APP, action=action, rate=rate, key=key
            )
            history = [t for t in cache.get(cache_key, []) if t > now - rate.duration]
            if len(history) >= rate.amount:
                # Newest first: a slot frees when the amount-th newest hit expires.
                waits.append(history[rate.amount - 1] + rate.duration - now)
    if waits:
        return max(waits)
    return max(windows, default=DEFAULT_RETRY_AFTER)


def sign_in_refused(request: HttpRequest, *, login_key: str | None = None) -> HttpResponse:
    """The 429 answer to a sign-in step over allauth's limits.

    ``login_key`` is allauth's per-account key of a password attempt; a request
    for a one-time code is keyed by the e-mail address it asks for.
    """
    match = request.resolver_match
    name = match.url_name if match else ""
    if login_key is not None:
        wait = allauth_retry_after(request, actions=["login_failed"], key=login_key)
    elif name == "account_request_login_code":
        email = str(request.POST.get("email", "")).strip().lower()
        wait = allauth_retry_after(request, actions=["request_login_code"], key=email or None)
    else:
        wait = allauth_retry_after(request, actions=ALLAUTH_ACTIONS.get(name or "", ("login",)))
    return too_many_requests(request, retry_after=wait)


class RetryAfterMiddleware:
    """Adds Retry-After to a 429 that lacks it (allauth's own 429 page)."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == HTTPStatus.TOO_MANY_REQUESTS and not response.has_header(
            "Retry-After"
        ):
            match = request.resolver_match
            actions = ALLAUTH_ACTIONS.get(match.url_name or "", ()) if match else ()
            wait = allauth_retry_after(request, actions=actions) if actions else DEFAULT_RETRY_AFTER
            response["Retry-After"] = str(max(1, math.ceil(wait)))
        return response
