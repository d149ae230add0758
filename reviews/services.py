"""Writes to watchlist entries, each with the title statistics it changes.

Every function here runs in one transaction: an entry never changes without
its title's cry count, sum, histogram and completed count changing with it.
"""

from django.db import transaction
from django.db.models import Count, F, Q, Sum

from catalog.models import TitleStats
from catalog.ratings import CRY_LEVELS

from .models import Entry

STAT_FIELDS = ["cry_count", "cry_sum", *TitleStats.LEVEL_FIELDS, "completed_count"]


def _contribution(cry_rating, status):
    """What one entry adds to its title's statistics."""
    numbers = dict.fromkeys(STAT_FIELDS, 0)
    if cry_rating is not None:
        numbers["cry_count"] = 1
        numbers["cry_sum"] = cry_rating
        numbers[f"cry_{cry_rating}"] = 1
    if status == Entry.Status.COMPLETED:
        numbers["completed_count"] = 1
    return numbers


def _apply_change(title_id, before, after):
    """Move ``title_id``'s statistics from one entry state to another.

    ``before`` and ``after`` are (cry_rating, status) pairs, None for no entry.
    """
    old = _contribution(*before) if before else _contribution(None, None)
    new = _contribution(*after) if after else _contribution(None, None)
    delta = {field: new[field] - old[field] for field in STAT_FIELDS if new[field] != old[field]}
    if not delta:
        return
    TitleStats.objects.get_or_create(title_id=title_id)
    TitleStats.objects.filter(title_id=title_id).update(
        **{field: F(field) + change for field, change in delta.items()}
    )


def _locked_state(entry_pk):
    """The stored (cry_rating, status) of an entry, locked until the transaction ends."""
    row = (
        Entry.objects.select_for_update()
        .filter(pk=entry_pk)
        .values_list("cry_rating", "status")
        .first()
    )
    return tuple(row) if row else None


def entry_save(*, entry):
    """Save a new or changed watchlist entry and update its title's statistics.

    The entry is validated first (Entry.clean: rating only once started,
    episodes within the total, sensible dates); a ValidationError leaves
    everything unchanged.
    """
    entry.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        before = _locked_state(entry.pk) if entry.pk else None
        entry.save()
        _apply_change(entry.title_id, before, (entry.cry_rating, entry.status))
    return entry


def entry_delete(*, entry):
    """Remove a watchlist entry and its part in its title's statistics."""
    with transaction.atomic():
        before = _locked_state(entry.pk)
        entry.delete()
        if before:
            _apply_change(entry.title_id, before, None)


def entries_delete_for_user(*, user):
    """Remove all of a user's entries, keeping every title's statistics right."""
    with transaction.atomic():
        rows = (
            Entry.objects.select_for_update()
            .filter(user=user)
            .values_list("pk", "title_id", "cry_rating", "status")
        )
        for _pk, title_id, cry_rating, status in list(rows):
            _apply_change(title_id, (cry_rating, status), None)
        Entry.objects.filter(user=user).delete()


def stats_from_entries(title_ids=None):
    """Title statistics computed afresh from the entries: {title_id: {field: value}}.

    Only titles with at least one entry appear. The reference against which
    the kept statistics are checked.
    """
    entries = Entry.objects.all()
    if title_ids is not None:
        entries = entries.filter(title_id__in=title_ids)
    rows = (
        entries.order_by()
        .values("title_id")
        .annotate(
            cry_count=Count("cry_rating"),
            cry_sum=Sum("cry_rating", default=0),
            completed_count=Count("pk", filter=Q(status=Entry.Status.COMPLETED)),
            **{f"cry_{level}": Count("pk", filter=Q(cry_rating=level)) for level in CRY_LEVELS},
        )
    )
    return {row.pop("title_id"): row for row in rows}
