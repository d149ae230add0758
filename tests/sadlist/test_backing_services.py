"""The suite runs against whatever DATABASE_URL and REDIS_URL name, as production would."""

import os

import pytest
from django.core.cache import cache
from django.db import connection


def test_cache_round_trip():
    cache.set("sadlist-test-key", {"tears": 5}, timeout=30)
    assert cache.get("sadlist-test-key") == {"tears": 5}
    cache.delete("sadlist-test-key")
    assert cache.get("sadlist-test-key") is None


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="DATABASE_URL does not name PostgreSQL (the .ci/run PostgreSQL pass sets it)",
)
@pytest.mark.django_db
def test_database_url_runs_the_suite_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        assert cursor.fetchone()[0] >= 130000


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="DATABASE_URL does not name PostgreSQL (the .ci/run PostgreSQL pass sets it)",
)
@pytest.mark.django_db
def test_a_query_run_again_on_a_connection_is_planned_once():
    from django.conf import settings

    from catalog.models import Title

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    for n in range(settings.PREPARE_THRESHOLD + 1):
        # The same SQL each time, whatever the slug: it travels apart, as a parameter.
        list(Title.objects.filter(slug=f"slug-{n}"))
    assert prepared() == before + 1


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="REDIS_URL is not set (the .ci/run PostgreSQL pass sets it)",
)
def test_redis_url_runs_the_cache_on_redis():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    assert isinstance(backend, RedisCache)
    assert backend._cache.get_client().ping()
