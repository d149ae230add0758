"""A database that drops connections mid-request: a 503 "try again", never a 500."""

import os
import threading

import pytest
from django.db import OperationalError, close_old_connections, connection, connections
from django.urls import reverse

from tests.factories import TitleFactory

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.django_db
def test_a_lost_connection_is_answered_with_the_503_page(client, monkeypatch, title):
    client.raise_request_exception = False

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", lost)
    response = client.get(title.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Try again in a moment" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_still_500s(client, monkeypatch):
    client.raise_request_exception = False
    from catalog import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views, "render", broken)
    response = client.get(reverse("catalog:list_index"))
    assert response.status_code == 500
    assert "Something broke" in response.content.decode()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs PostgreSQL (DATABASE_URL) to end a backend")
@pytest.mark.django_db(transaction=True)
def test_a_terminated_postgresql_backend_gives_a_503_then_the_site_recovers(client, settings):
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60
    client.raise_request_exception = False
    title = TitleFactory(title_en="Orange", slug="orange")
    assert client.get(title.get_absolute_url()).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

    def terminate():
        # From another connection, as an operator's pg_terminate_backend or a failover would.
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            other.close()

    thread = threading.Thread(target=terminate)
    thread.start()
    thread.join()
    assert client.get(title.get_absolute_url()).status_code == 503
    # A server drops the broken connection when that request finishes (the test client
    # skips that signal handler, so it is called here); the next request reconnects.
    close_old_connections()
    assert client.get(title.get_absolute_url()).status_code == 200
    assert client.get(reverse("readyz")).json()["database"] == "ok"
