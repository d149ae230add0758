import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_database_and_cache(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_reports_a_failing_cache_as_degraded_but_stays_ready(client, monkeypatch, settings):
    """A cache backend that raises (tests/reliability/ does the same with a real Redis)."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages-local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["default"], "set", broken)
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "degraded"}


@pytest.mark.django_db
def test_readyz_says_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
