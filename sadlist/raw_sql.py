"""Lists of ids in hand-written SQL, written so that the text stays the same on PostgreSQL.

On PostgreSQL a statement is prepared once it has run a few times on a connection
(settings.PREPARE_THRESHOLD; DJANGO_DB_PREPARED_STATEMENTS): planned once, not at every
request. That only holds for SQL whose text doesn't change with the member, the title or
the number of ids, so there a list of ids is one parameter, an array. Elsewhere (SQLite,
where nothing is prepared) the ids are written into the text, each through int() first.

After five runs PostgreSQL may keep one generic plan for every value: check a statement's
speed prepared (plan_cache_mode = force_generic_plan) before passing it its values so. The
forecast page's ranking, given the member's ids and residuals as arrays, got a generic
plan three times slower: it now reads them from the member's entries in its own query
(forecast.selectors._ranked).
"""

from django.db import connection


def any_of(column, ids):
    """SQL true where ``column`` is one of ``ids`` (integers), and its parameters."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [ids]
    return f"{column} IN ({', '.join(map(str, ids)) or 'NULL'})", []
