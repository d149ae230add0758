"""How a member is signed in: Django's ModelBackend, their row read in one plain query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from .models import Block


class MemberBackend(ModelBackend):
    """ModelBackend (passwords, permissions, inactive members refused) whose get_user, run
    once for every signed-in request, reads the member's row with a raw query rather than a
    queryset (0.46 -> 0.30 ms a request, issue 16).

    The member comes with ``blocks_anyone``: whether they blocked any member, read in the
    same query, so that pages can give a member who blocks no one what visitors see
    (home's latest reviews) without asking."""

    def get_user(self, user_id):
        User = get_user_model()
        using = router.db_for_read(User)
        quote = connections[using].ops.quote_name
        table = quote(User._meta.db_table)
        columns = ", ".join(f"u.{quote(field.column)}" for field in User._meta.concrete_fields)
        blocker = quote(Block._meta.get_field("blocker").column)
        sql = (
            f"SELECT {columns}, EXISTS (SELECT 1 FROM {quote(Block._meta.db_table)} b "
            f"WHERE b.{blocker} = u.{quote(User._meta.pk.column)}) AS blocks_anyone "
            f"FROM {table} u WHERE u.{quote(User._meta.pk.column)} = %s"
        )
        # raw() applies the fields' own conversions (SQLite's timestamps and booleans).
        user = next(iter(User._default_manager.db_manager(using).raw(sql, [user_id])), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        user.blocks_anyone = bool(user.blocks_anyone)
        return user
