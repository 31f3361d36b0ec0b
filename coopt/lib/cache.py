"""A Redis cache that keeps the site serving while Redis is away.

In production the cache holds sessions (cached_db: the database keeps them too) and the rate
limits' counters, and the documented configuration puts it on the broker's Redis. Django's
Redis cache raises on every call when that Redis stops, and every page would answer 500.

``ResilientRedisCache`` answers a read as a miss and drops a write as though it were made
(``add`` answers True, so a lock taken with it, as allauth's rate limits take one, is held),
and logs the error (at most once a minute per process, so a long outage does not flood the logs):

- sessions are read from and written to the database, as if the cache were empty;
- rate limits are not enforced while the cache is down (their counters cannot be kept):
  a stated choice, the site stays usable; the error log says the limits are off;
- ``incr``/``decr`` raise ``ValueError``, as for a missing key, which callers already handle.

Calls are bounded by the socket timeouts set in ``OPTIONS`` (config/settings/prod.py), so a
Redis that hangs costs a request those timeouts, not forever.
"""

import logging
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("coopt.cache")

# How often, at most, one process logs that the cache is unreachable.
LOG_EVERY = 60.0


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _log_unavailable(operation: str) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY:
        _last_logged = now
        logger.exception(
            "Cache unavailable (%s): serving without it; rate limits are off until it is back.",
            operation,
        )


_last_logged = -LOG_EVERY


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except _unavailable_errors():
            _log_unavailable("get")
            return default

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except _unavailable_errors():
            _log_unavailable("get_many")
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except _unavailable_errors():
            _log_unavailable("has_key")
            return False

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except _unavailable_errors():
            _log_unavailable("add")
            return True  # dropped as though made: a lock taken with add() is then held

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except _unavailable_errors():
            _log_unavailable("set")

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except _unavailable_errors():
            _log_unavailable("set_many")
            return list(data)  # the keys that could not be set

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except _unavailable_errors():
            _log_unavailable("touch")
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except _unavailable_errors():
            _log_unavailable("delete")
            return False

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except _unavailable_errors():
            _log_unavailable("delete_many")

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except _unavailable_errors():
            _log_unavailable("incr")
            raise ValueError(f"Key {key!r} not found (the cache is unavailable).") from None

    def clear(self) -> None:
        try:
            super().clear()
        except _unavailable_errors():
            _log_unavailable("clear")
