"""Writes to watchlist entries and reviews, each with the counts it changes.

Each write also tells the page cache that the member's pages changed
(sadlist.caching.member_changed), so they see it on their next page.

Every function here runs in one transaction: an entry never changes without
its title's cry count, sum, histogram and completed count changing with it,
nor a vote or report without its review's helpful or report count.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from catalog.models import TitleStats
from catalog.ratings import CRY_LEVELS
from sadlist.caching import member_changed

from .models import Entry, HelpfulVote, Report, Review

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


def has_started(*, user, title):
    """Whether ``user`` has started watching ``title``: what writing a review needs."""
    return (
        Entry.objects.filter(user=user, title=title)
        .exclude(status=Entry.Status.PLAN_TO_WATCH)
        .exists()
    )


def review_save(*, review):
    """Save a new or edited review after checking the author may write it."""
    if not has_started(user=review.user, title=review.title):
        raise ValidationError(
            "Start watching %(title)s (set its status on your watchlist) before reviewing it.",
            code="not_started",
            params={"title": review.title},
        )
    review.full_clean()
    with transaction.atomic():
        review.save()
        member_changed(review.user_id)
    return review


def review_delete(*, review):
    """Delete a review; its votes and reports go with it."""
    with transaction.atomic():
        review.delete()
        member_changed(review.user_id)


def review_vote_helpful(*, review, user):
    """Mark ``review`` helpful for ``user``, once, never their own."""
    if review.user_id == user.pk:
        raise ValidationError("You can't mark your own review helpful.", code="own_review")
    with transaction.atomic():
        _vote, created = HelpfulVote.objects.get_or_create(review=review, user=user)
        if not created:
            raise ValidationError("You already marked this review helpful.", code="already_voted")
        Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
        member_changed(user.pk)


def review_unvote_helpful(*, review, user):
    """Take back a helpful vote; nothing happens if there was none."""
    with transaction.atomic():
        deleted, _ = HelpfulVote.objects.filter(review=review, user=user).delete()
        if deleted:
            Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") - 1)
            member_changed(user.pk)


def review_report(*, review, reporter, reason, details=""):
    """Report a review to the moderators, once per reader."""
    if review.user_id == reporter.pk:
        raise ValidationError("You can't report your own review.", code="own_review")
    with transaction.atomic():
        if Report.objects.filter(review=review, reporter=reporter).exists():
            raise ValidationError("You have already reported this review.", code="already_reported")
        report = Report(review=review, reporter=reporter, reason=reason, details=details)
        report.full_clean(validate_unique=False, validate_constraints=False)
        report.save()
        Review.objects.filter(pk=review.pk).update(report_count=F("report_count") + 1)
        member_changed(reporter.pk)
    return report


def review_hide(*, review):
    """Hide a review from everyone but its author."""
    with transaction.atomic():
        Review.objects.filter(pk=review.pk).update(is_hidden=True, hidden_at=timezone.now())
        member_changed(review.user_id)


def review_restore(*, review):
    """Show a hidden review again."""
    with transaction.atomic():
        Review.objects.filter(pk=review.pk).update(is_hidden=False, hidden_at=None)
        member_changed(review.user_id)


def review_dismiss_reports(*, review):
    """Clear a review's reports once a moderator has dealt with them."""
    with transaction.atomic():
        Report.objects.filter(review=review).delete()
        Review.objects.filter(pk=review.pk).update(report_count=0)


def reviews_delete_for_user(*, user):
    """Remove a user's reviews, votes and reports, keeping other reviews' counts right."""
    with transaction.atomic():
        Review.objects.filter(helpful_votes__user=user).exclude(user=user).update(
            helpful_count=F("helpful_count") - 1
        )
        Review.objects.filter(reports__reporter=user).exclude(user=user).update(
            report_count=F("report_count") - 1
        )
        HelpfulVote.objects.filter(user=user).delete()
        Report.objects.filter(reporter=user).delete()
        Review.objects.filter(user=user).delete()


def review_counts_from_rows():
    """Helpful and report counts computed afresh: {review_id: (helpful, reports)}."""
    rows = Review.objects.order_by().annotate(
        helpful=Count("helpful_votes", distinct=True), reported=Count("reports", distinct=True)
    )
    return {row.pk: (row.helpful, row.reported) for row in rows}
