"""Writes to watchlist entries, each with the title statistics it moves.

Every function here runs in one transaction: an entry never changes without
its title's cry count, sum, histogram and completed count changing with it.
Each write also tells the page cache that the member's pages changed
(sadlist.caching.member_changed), so they see it on their next page.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from catalog.models import TitleStats
from sadlist.caching import member_changed

from .models import Entry


def _contribution(cry_rating, status):
    """What one entry adds to its title's statistics."""
    numbers = dict.fromkeys(TitleStats.STAT_FIELDS, 0)
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
    delta = {
        field: new[field] - old[field]
        for field in TitleStats.STAT_FIELDS
        if new[field] != old[field]
    }
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
    everything unchanged. A new entry that meets one saved meanwhile for the
    same user and title (two tabs, a double click) updates that one instead.
    """
    entry.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        if entry.pk is None:
            before = _insert_or_take_over(entry)
        else:
            before = _locked_state(entry.pk)
            entry.save()
        _apply_change(entry.title_id, before, (entry.cry_rating, entry.status))
        member_changed(entry.user_id)
    return entry


def entry_progress_bump(*, entry):
    """One more episode watched (MyAnimeList's "+"), saved through entry_save.

    Plan to watch becomes Watching; the last episode makes it Completed. A
    ValidationError, changing nothing, once every episode is watched.
    """
    total = entry.title.episodes
    if total and entry.episodes_watched >= total:
        raise ValidationError(
            "You have watched all %(total)s episodes of %(title)s.",
            code="no_more_episodes",
            params={"total": total, "title": entry.title},
        )
    entry.episodes_watched += 1
    if entry.status == Entry.Status.PLAN_TO_WATCH:
        entry.status = Entry.Status.WATCHING
    if total and entry.episodes_watched == total:
        entry.status = Entry.Status.COMPLETED
    return entry_save(entry=entry)


def _insert_or_take_over(entry):
    """Insert ``entry``; if the user's entry for the title exists, overwrite it.

    Returns the state the statistics must move from: None after an insert,
    the existing entry's (cry_rating, status) after a take-over.
    """
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
        return None
    except IntegrityError:
        existing = (
            Entry.objects.select_for_update()
            .filter(user_id=entry.user_id, title_id=entry.title_id)
            .first()
        )
        if existing is None:
            raise  # some other constraint: not a duplicate
        entry.pk = existing.pk
        entry.created_at = existing.created_at
        entry.save(force_update=True)
        return (existing.cry_rating, existing.status)


def entry_delete(*, entry):
    """Remove a watchlist entry and its part in its title's statistics."""
    with transaction.atomic():
        before = _locked_state(entry.pk)
        entry.delete()
        if before:
            _apply_change(entry.title_id, before, None)
        member_changed(entry.user_id)


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
