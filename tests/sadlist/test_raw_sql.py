"""Hand-written SQL's lists of ids: the same rows on every database, the same text on
PostgreSQL whatever the ids (so it is planned once, sadlist.raw_sql)."""

import pytest
from django.db import connection

from catalog.models import Title
from sadlist.raw_sql import any_of
from tests.factories import TitleFactory

pytestmark = pytest.mark.django_db


def slugs(condition):
    sql, params = condition
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT slug FROM {Title._meta.db_table} WHERE {sql} ORDER BY slug", params)
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def titles():
    return [TitleFactory(slug=slug) for slug in ("a", "b", "c")]


@pytest.mark.parametrize("picked, kept", [((), []), ((0,), ["a"]), ((0, 2), ["a", "c"])])
def test_any_of_keeps_the_rows_with_those_ids(titles, picked, kept):
    assert slugs(any_of("id", [titles[n].pk for n in picked])) == kept


def test_ids_that_are_not_numbers_are_refused_before_any_sql():
    with pytest.raises(ValueError):
        any_of("id", ["1; DROP TABLE catalog_title"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_on_postgresql_the_text_is_the_same_however_many_ids():
    assert any_of("id", [])[0] == any_of("id", [1, 2, 3])[0] == any_of("id", range(500))[0]
