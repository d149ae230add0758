"""Two identical requests at once, made to meet where it matters (PostgreSQL only).

Each request runs in its own thread with its own database connection. ``meet_before``
wraps one method so that every request waits there for the others: all of them have
passed every check before any of them writes, the worst case a double click can make.
"""

import contextlib
import threading

import pytest
from django.db import connection

ONLY_ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL): SQLite runs one writer at a time, so it "
    "can't show a race",
)


def at_once(monkeypatch, owner, name, requests):
    """Run ``requests`` (callables returning responses) at once, each waiting inside
    ``owner.name`` until all have reached it; return their responses in order."""
    barrier = threading.Barrier(len(requests))
    original = getattr(owner, name)

    def meet_then_go(*args, **kwargs):
        # A request refused before it got here must not hang the others for long.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=5)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, meet_then_go)
    responses = [None] * len(requests)

    def run(index, request):
        try:
            responses[index] = request()
        except Exception as error:  # noqa: BLE001 - a crash is what the test looks for
            responses[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses
