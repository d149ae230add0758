"""Redis as an accelerator: a cache that fails or hangs is a cache miss, never an error.

Django's Redis backend raises whatever redis-py raises, so a Redis that is down takes every
page and write that touches the cache down with it, and a Redis that hangs holds each
request until the socket gives up. FailSafeRedisCache answers instead as if the key were
missing (reads return their default, writes do nothing) and opens a circuit breaker: for
SADLIST_CACHE_RETRY_SECONDS after a failure no request waits on Redis at all; then one
request tries again, bounded by SADLIST_CACHE_TIMEOUT seconds to connect and to read.
Failures are logged once per SADLIST_CACHE_LOG_SECONDS per process, not once per request.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("sadlist.cache")

# Shared by every thread's backend instance in this process (Django makes one per thread).
_state_lock = threading.Lock()
_open_until = {}
_logged_at = {}


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis.Redis per connection pool.

    Django builds a new redis.Redis for every cache call, and its constructor fills some
    170 response callbacks: about a tenth of a millisecond a call, two or three calls a
    page. A redis.Redis takes a connection from its pool for each command, so one is safe
    to share between threads, as the pool is.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

    def _key_for_breaker(self):
        return tuple(self._servers)

    def _breaker_open(self):
        return time.monotonic() < _open_until.get(self._key_for_breaker(), 0)

    def _failed(self, operation, error):
        now = time.monotonic()
        key = self._key_for_breaker()
        with _state_lock:
            _open_until[key] = now + settings.SADLIST_CACHE_RETRY_SECONDS
            quiet = now - _logged_at.get(key, -1e9) < settings.SADLIST_CACHE_LOG_SECONDS
            if not quiet:
                _logged_at[key] = now
        if not quiet:
            logger.warning(
                "The cache (Redis) failed on %s: %s. Serving from the database; "
                "retrying in %s s (this message repeats at most every %s s).",
                operation,
                error,
                settings.SADLIST_CACHE_RETRY_SECONDS,
                settings.SADLIST_CACHE_LOG_SECONDS,
            )

    def _safely(self, operation, call, fallback):
        if self._breaker_open():
            return fallback
        try:
            return call()
        except (RedisError, OSError) as error:
            self._failed(operation, error)
            return fallback

    def is_available(self):
        """Whether Redis answers a PING now (for /readyz); never raises."""
        try:
            return bool(self._cache.get_client().ping())
        except (RedisError, OSError) as error:
            self._failed("ping", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("add", lambda: super(FailSafeRedisCache, self).add(
            key, value, timeout, version
        ), False)  # fmt: skip

    def get(self, key, default=None, version=None):
        return self._safely(
            "get", lambda: super(FailSafeRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._safely(
            "set", lambda: super(FailSafeRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            "touch", lambda: super(FailSafeRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._safely(
            "delete", lambda: super(FailSafeRedisCache, self).delete(key, version), False
        )

    def get_many(self, keys, version=None):
        return self._safely(
            "get_many", lambda: super(FailSafeRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key, version=None):
        return self._safely(
            "has_key", lambda: super(FailSafeRedisCache, self).has_key(key, version), False
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            "set_many",
            lambda: super(FailSafeRedisCache, self).set_many(data, timeout, version),
            list(data),
        )

    def delete_many(self, keys, version=None):
        self._safely(
            "delete_many", lambda: super(FailSafeRedisCache, self).delete_many(keys, version), None
        )

    def clear(self):
        return self._safely("clear", lambda: super(FailSafeRedisCache, self).clear(), False)


def reset_breaker():
    """Close every breaker (tests, and nothing else, need this)."""
    with _state_lock:
        _open_until.clear()
        _logged_at.clear()
