"""Writes to watchlist entries, each with the title statistics it moves.

Every function here runs in one transaction: an entry never changes without
its title's cry count, sum, histogram and completed count changing with it.
A write that moves a cry rating also re-ranks Most tearful in that transaction
(catalog.services.tearful_ranks_refresh), holding the ranking's lock from before it
touches any statistics row, so rating writes rank one after another. Each write also
tells the page cache that the member's pages changed
(sadlist.caching.member_changed), so they see it on their next page.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from catalog import services as catalog_services
from catalog.models import TitleStats
from sadlist.caching import member_changed, rankings_changed

from . import selectors
from .models import Entry, ImportBatch, ImportPolicy, MissingTitle, UnmatchedEntry


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


# The statistics a cry rating moves, and with them Most tearful's order.
CRY_FIELDS = frozenset(TitleStats.STAT_FIELDS) - {"completed_count"}


def _apply_change(title_id, before, after, *, rank=True):
    """Move ``title_id``'s statistics from one entry state to another.

    ``before`` and ``after`` are (cry_rating, status) pairs, None for no entry. A moved
    cry rating re-ranks Most tearful unless ``rank`` is false (the caller ranks once
    after many moves, holding the ranking lock from the start).
    """
    old = _contribution(*before) if before else _contribution(None, None)
    new = _contribution(*after) if after else _contribution(None, None)
    delta = {
        field: new[field] - old[field]
        for field in TitleStats.STAT_FIELDS
        if new[field] != old[field]
    }
    if not delta:
        return False
    cried = bool(CRY_FIELDS & delta.keys())
    if cried:
        catalog_services.tearful_ranks_lock()
    TitleStats.objects.get_or_create(title_id=title_id)
    TitleStats.objects.filter(title_id=title_id).update(
        **{field: F(field) + change for field, change in delta.items()}
    )
    if cried and rank:
        catalog_services.tearful_ranks_refresh()
    return True


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
        if _apply_change(entry.title_id, before, (entry.cry_rating, entry.status)):
            rankings_changed()
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
        if before and _apply_change(entry.title_id, before, None):
            rankings_changed()
        member_changed(entry.user_id)


def entries_delete_for_user(*, user):
    """Remove all of a user's entries, keeping every title's statistics right."""
    with transaction.atomic():
        rows = list(
            Entry.objects.select_for_update()
            .filter(user=user)
            .values_list("pk", "title_id", "cry_rating", "status")
        )
        cried = any(cry_rating is not None for _pk, _title, cry_rating, _status in rows)
        if cried:
            catalog_services.tearful_ranks_lock()  # before any statistics row
        moved = [
            _apply_change(title_id, (cry_rating, status), None, rank=False)
            for _pk, title_id, cry_rating, status in rows
        ]
        Entry.objects.filter(user=user).delete()
        if cried:
            catalog_services.tearful_ranks_refresh()
        if any(moved):
            rankings_changed()


# MyAnimeList imports -----------------------------------------------------------------------

# What the file may set on an entry; the cry rating is never among them (MAL has none).
IMPORTED_FIELDS = [
    "status",
    "episodes_watched",
    "started_on",
    "finished_on",
    "times_rewatched",
    "score",
    "note",
]
# "Only fill what's empty": a field of the member's entry counts as empty at these values.
EMPTY = {
    "episodes_watched": 0,
    "started_on": None,
    "finished_on": None,
    "times_rewatched": 0,
    "score": None,
    "note": "",
}


def _file_values(row, title, notes):
    """The entry fields a parsed row sets, fitted to the catalog's title."""
    values = {
        "status": row["status"],
        "episodes_watched": row["episodes_watched"],
        "started_on": datetime.date.fromisoformat(row["started_on"]) if row["started_on"] else None,
        "finished_on": (
            datetime.date.fromisoformat(row["finished_on"]) if row["finished_on"] else None
        ),
        "times_rewatched": row["times_rewatched"],
        "score": row["score"],
        "note": row["note"],
    }
    if title.episodes and values["episodes_watched"] > title.episodes:
        notes.append(
            f"{values['episodes_watched']} watched episodes became {title.episodes}, "
            "the title's total"
        )
        values["episodes_watched"] = title.episodes
    return values


def _valid(entry, notes):
    """Validate ``entry``, dropping dates the site refuses (future, finished before started)."""
    for _attempt in range(3):
        try:
            # No foreign-key or unique checks: the import found the title and owns the user.
            entry.full_clean(exclude=["user", "title"], validate_unique=False,
                             validate_constraints=False)  # fmt: skip
            return True
        except ValidationError as error:
            fixable = {"started_on", "finished_on"} & set(error.message_dict)
            if not fixable or set(error.message_dict) - fixable:
                notes.append(" ".join(error.messages))
                return False
            for name in fixable:
                notes.append(" ".join(error.message_dict[name]) + " That date was left empty.")
                setattr(entry, name, None)
    return False


def mal_import(*, batch, policy):
    """Import ``batch``'s MyAnimeList rows into its member's watchlist; returns the batch.

    One transaction: every entry is added or updated, and every title's statistics moved,
    or nothing is. ``policy`` (ImportPolicy) decides what happens to titles already on the
    watchlist. Rows that match no title are kept as UnmatchedEntry rows (and their titles as
    MissingTitle, for curators). Importing the same file again changes nothing; a batch
    already imported (a second click on "Import") is returned as it is.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state == ImportBatch.State.DONE:
            return batch
        user = batch.user
        matched = selectors.titles_for_rows(batch.rows)
        existing = {
            entry.title_id: entry
            for entry in Entry.objects.select_for_update().filter(
                user=user, title_id__in={title.pk for title in matched.values()}
            )
        }
        result = {"added": [], "updated": [], "unchanged": 0, "skipped": [], "notes": []}
        to_create, to_update, moves, seen = [], [], [], set()
        for row in batch.rows:
            title = matched.get(row["line"])
            if title is None:
                continue
            notes = list(row["notes"])
            if title.pk in seen:
                result["skipped"].append([row["name"], "the file lists this title twice"])
                continue
            seen.add(title.pk)
            values = _file_values(row, title, notes)
            entry = existing.get(title.pk)
            if entry is None:
                entry = Entry(user=user, title=title, **values)
                if not _valid(entry, notes):
                    result["skipped"].append([row["name"], "; ".join(notes)])
                    continue
                to_create.append(entry)
                moves.append((title.pk, None, (entry.cry_rating, entry.status)))
                result["added"].append(title.pk)
            else:
                before = (entry.cry_rating, entry.status)
                if policy == ImportPolicy.TAKE_FILE:
                    changes = values
                elif policy == ImportPolicy.FILL_EMPTY:
                    changes = {
                        name: value
                        for name, value in values.items()
                        if name in EMPTY and getattr(entry, name) == EMPTY[name]
                    }
                else:
                    changes = {}
                stored = {name: getattr(entry, name) for name in IMPORTED_FIELDS}
                for name, value in changes.items():
                    setattr(entry, name, value)
                if not _valid(entry, notes):
                    result["skipped"].append([row["name"], "; ".join(notes)])
                    continue
                # Compared after validation, which may adjust (Completed fills episodes).
                if {name: getattr(entry, name) for name in IMPORTED_FIELDS} == stored:
                    result["unchanged"] += 1
                    continue
                entry.updated_at = timezone.now()  # bulk_update doesn't touch auto_now
                to_update.append(entry)
                moves.append((title.pk, before, (entry.cry_rating, entry.status)))
                result["updated"].append(title.pk)
            result["notes"].extend(f"{row['name']}: {note}" for note in notes)
        Entry.objects.bulk_create(to_create, batch_size=1000)
        Entry.objects.bulk_update(to_update, IMPORTED_FIELDS + ["updated_at"], batch_size=1000)
        if _apply_many(moves):
            rankings_changed()
        unmatched = [row for row in batch.rows if row["line"] not in matched]
        _keep_unmatched(user, unmatched)
        result["unmatched"] = len(unmatched)
        batch.state = ImportBatch.State.DONE
        batch.policy = policy
        batch.result = result
        batch.imported_at = timezone.now()
        batch.save(update_fields=["state", "policy", "result", "imported_at"])
        member_changed(user.pk)
    return batch


def _apply_many(moves):
    """Move many titles' statistics at once: one UPDATE per distinct change, not per title."""
    by_delta = {}
    for title_id, before, after in moves:
        old = _contribution(*before) if before else _contribution(None, None)
        new = _contribution(*after)
        delta = tuple(
            (name, new[name] - old[name])
            for name in TitleStats.STAT_FIELDS
            if new[name] != old[name]
        )
        if delta:
            by_delta.setdefault(delta, []).append(title_id)
    if not by_delta:
        return False
    cried = any(name in CRY_FIELDS for delta in by_delta for name, _change in delta)
    if cried:
        catalog_services.tearful_ranks_lock()  # before any statistics row
    ids = [title_id for title_ids in by_delta.values() for title_id in title_ids]
    TitleStats.objects.bulk_create(
        [TitleStats(title_id=title_id) for title_id in ids], ignore_conflicts=True
    )
    for delta, title_ids in by_delta.items():
        TitleStats.objects.filter(title_id__in=title_ids).update(
            **{name: F(name) + change for name, change in delta}
        )
    if cried:
        catalog_services.tearful_ranks_refresh()
    return True


def _keep_unmatched(user, rows):
    rows = [row for row in rows if row["mal_id"]]
    MissingTitle.objects.bulk_create(
        [MissingTitle(mal_id=row["mal_id"], name=row["name"]) for row in rows],
        ignore_conflicts=True,
    )
    UnmatchedEntry.objects.bulk_create(
        [
            UnmatchedEntry(
                user=user,
                missing_title_id=row["mal_id"],
                status=row["status"],
                episodes_watched=row["episodes_watched"],
                score=row["score"],
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
