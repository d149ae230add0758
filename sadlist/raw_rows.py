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


def partial(model, **values):
    """A ``model`` instance holding only ``values``, as the ORM makes one for .only(): any
    other field is read from the database if something asks for it."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(None, names, [values[name] for name in names])


def limit_offset(index, reader):
    """SQL's LIMIT and OFFSET for ``index``, a bounded slice such as Paginator takes of its
    object list, or None for an empty one. Anything else raises TypeError, naming
    ``reader``."""
    if not isinstance(index, slice) or index.stop is None or index.step is not None:
        raise TypeError(f"{reader} reads bounded slices only.")
    start = index.start or 0
    if index.stop <= start:
        return None
    return f" LIMIT {int(index.stop - start)} OFFSET {int(start)}"
