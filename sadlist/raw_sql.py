"""Lists of ids in hand-written SQL, written so that the text stays the same on PostgreSQL.

On PostgreSQL a statement is prepared once it has run a few times on a connection
(settings.PREPARE_THRESHOLD; DJANGO_DB_PREPARED_STATEMENTS): planned once, not at every
request. That only holds for SQL whose text doesn't change with the member, the title or
the number of ids, so there a list of ids is one parameter, an array. Elsewhere (SQLite,
where nothing is prepared) the ids are written into the text, each through int() first:
as parameters, a member's thousands of ratings could pass SQLite's limit on them.
"""

from django.db import connection


def any_of(column, ids):
    """SQL true where ``column`` is one of ``ids`` (integers), and its parameters."""
    return _listed(column, ids, negated=False)


def none_of(column, ids):
    """SQL true where ``column`` is none of ``ids`` (integers), and its parameters."""
    return _listed(column, ids, negated=True)


def _listed(column, ids, *, negated):
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return f"{'NOT ' if negated else ''}({column} = ANY(%s::bigint[]))", [ids]
    if not ids:  # x IN (NULL) is never true, and x NOT IN (NULL) never either
        return ("1 = 1" if negated else "1 = 0"), []
    return f"{column} {'NOT IN' if negated else 'IN'} ({', '.join(map(str, ids))})", []
