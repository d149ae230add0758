"""Values read by hand-written SQL, made into what the ORM would have given."""

import datetime

from django.utils import timezone


def moment(value):
    """A timestamp as the ORM would give it: SQLite's raw rows hold text."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value
