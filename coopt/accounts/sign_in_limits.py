"""How failed sign-ins are limited, so that nobody can lock an owner out (Y6).

- Per account and address pair: 5 failures in 15 minutes (allauth's ``login_failed`` per
  key, the key being the account and the client's address). Guessing from one place stops
  there; the owner elsewhere is not affected.
- Per address: 20 failures in 15 minutes (allauth's ``login_failed`` per IP).
- Per account: ``ACCOUNT_FAILURES`` in ``ACCOUNT_WINDOW`` from every address together, a
  slower limit against guesses spread over many addresses. It never blocks a device the
  owner has signed in on before: each successful sign-in leaves a signed cookie naming the
  account (``KNOWN_DEVICE_MAX_AGE``), and attempts carrying it skip this limit.
docs/operations.md states the policy.
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase

ACCOUNT_FAILURES = 50
ACCOUNT_WINDOW = 60 * 60
KNOWN_DEVICE_MAX_AGE = 365 * 24 * 60 * 60
KNOWN_DEVICE_SALT = "coopt.accounts.known-device"


def known_device_cookie_name() -> str:
    # Served over HTTPS, the cookie is bound to the host as the session's is (__Host-).
    return "__Host-coopt_device" if settings.SESSION_COOKIE_SECURE else "coopt_device"


def remember_device(response: HttpResponseBase, *, user_id: int) -> None:
    """Mark the browser that just signed in as a known device of this account."""
    response.set_cookie(
        known_device_cookie_name(),
        signing.dumps(user_id, salt=KNOWN_DEVICE_SALT),
        max_age=KNOWN_DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_known_device(request: HttpRequest, *, user_id: int) -> bool:
    value = request.COOKIES.get(known_device_cookie_name(), "")
    try:
        return signing.loads(value, salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE) == user_id
    except signing.BadSignature:
        return False


def _failures_key(login: str) -> str:
    return f"coopt:rl:account-failures:{login.strip().lower()}"


def account_failure_add(login: str) -> None:
    """Count one failed sign-in against the account, from wherever it came."""
    now = time.time()
    recent = [t for t in cache.get(_failures_key(login), []) if t > now - ACCOUNT_WINDOW]
    cache.set(_failures_key(login), [*recent, now][-ACCOUNT_FAILURES:], timeout=ACCOUNT_WINDOW)


def account_wait(login: str) -> float | None:
    """Seconds until the account takes attempts from unknown devices again, or None."""
    now = time.time()
    recent = [t for t in cache.get(_failures_key(login), []) if t > now - ACCOUNT_WINDOW]
    if len(recent) < ACCOUNT_FAILURES:
        return None
    return min(recent) + ACCOUNT_WINDOW - now
