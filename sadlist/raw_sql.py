"""Pieces of hand-written SQL whose text stays the same whatever the values.

On PostgreSQL a statement is prepared once it has run a few times on a connection
(settings.PREPARE_THRESHOLD; DJANGO_DB_PREPARED_STATEMENTS): planned once, not at every
request. That only holds for SQL whose text doesn't change with the member, the title or
the number of ids, so these pass a list of ids as one parameter there, an array; on SQLite
(nothing prepared) as a list of placeholders.
"""

from django.db import connection


def any_of(column, ids):
    """SQL true where ``column`` is one of ``ids`` (integers), and its parameters."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [ids]
    if not ids:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def none_of(column, ids):
    """SQL true where ``column`` is none of ``ids`` (integers), and its parameters."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return f"NOT ({column} = ANY(%s::bigint[]))", [ids]
    if not ids:
        return "1 = 1", []
    return f"{column} NOT IN ({', '.join(['%s'] * len(ids))})", ids
