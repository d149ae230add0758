"""Broken Redis servers of our own, for the site to keep serving through.

``redis_down``: a port nothing listens on (Redis killed). ``redis_hung``: a socket that
accepts connections and never answers (Redis paused with SIGSTOP, or a black-holed
network). Both are real sockets that the real cache backend (sadlist.cache), the real
database sessions and the real page cache meet, as in production.
"""

import socket
import threading

import pytest

from sadlist.cache import reset_breaker


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HungServer:
    """Accepts every connection and reads nothing back to the client, ever."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def _use_redis_at(settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "sadlist.cache.FailSafeRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "sadlist",
            "OPTIONS": {
                "socket_connect_timeout": settings.SADLIST_CACHE_TIMEOUT,
                "socket_timeout": settings.SADLIST_CACHE_TIMEOUT,
                "retry_on_timeout": False,
            },
        },
        "pages-local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages-local-reliability",
        },
    }
    # The page caches on, as in production: their code paths meet the broken Redis too.
    settings.SADLIST_ANONYMOUS_PAGE_SECONDS = 30
    settings.SADLIST_MEMBER_PAGE_SECONDS = 30
    settings.SADLIST_CACHE_TIMEOUT = 0.2


@pytest.fixture
def redis_down(settings):
    reset_breaker()
    _use_redis_at(settings, f"redis://127.0.0.1:{_free_port()}/0")
    yield "down"
    reset_breaker()


@pytest.fixture
def redis_hung(settings):
    reset_breaker()
    server = HungServer()
    _use_redis_at(settings, f"redis://127.0.0.1:{server.port}/0")
    yield server
    server.close()
    reset_breaker()


@pytest.fixture(params=["redis_down", "redis_hung"])
def broken_redis(request):
    """Each test that takes it runs once with Redis down and once with Redis hung."""
    return request.getfixturevalue(request.param)
