"""Writes to reviews, helpful votes and reports, each with the counts it changes.

Every function here runs in one transaction: a vote or report never changes
without its review's helpful or report count. Each write also tells the page
cache that the member's pages changed (sadlist.caching.member_changed).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sadlist.caching import member_changed, public_pages_changed, reviews_changed
from watchlist.models import Entry

from . import signals
from .models import HelpfulVote, Report, Review

HIDDEN_WITHOUT_REPORTS = "It broke the community rules."


def review_save(*, review):
    """Save a new or edited review after checking the author may write it.

    A second new review of the same title (two tabs, a double click) is refused with
    code "already_reviewed" even when both pass the checks at once: the database's
    unique constraint decides, and the refusal names the review that won.
    """
    if not Entry.objects.has_started(user=review.user, title=review.title):
        raise ValidationError(
            "Start watching %(title)s (set its status on your watchlist) before reviewing it.",
            code="not_started",
            params={"title": review.title},
        )
    review.full_clean()
    is_new = review.pk is None
    try:
        with transaction.atomic():
            review.save()
            member_changed(review.user_id)
    except IntegrityError:
        if not is_new:
            raise
        review.pk = None
        raise ValidationError(
            "You have already reviewed this title.", code="already_reviewed"
        ) from None
    return review


def review_delete(*, review):
    """Delete a review; its votes and reports go with it, from every page at once."""
    with transaction.atomic():
        review.delete()
        member_changed(review.user_id)
        public_pages_changed()


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
        reviews_changed()  # the count the title pages' shared parts show
        signals.review_marked_helpful.send(sender=Review, review=review, voter=user)


def review_unvote_helpful(*, review, user):
    """Take back a helpful vote; nothing happens if there was none."""
    with transaction.atomic():
        deleted, _ = HelpfulVote.objects.filter(review=review, user=user).delete()
        if deleted:
            Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") - 1)
            member_changed(user.pk)
            reviews_changed()


def review_report(*, review, reporter, reason, details=""):
    """Report a review to the moderators, once per reader (also when two reports race)."""
    if review.user_id == reporter.pk:
        raise ValidationError("You can't report your own review.", code="own_review")
    already = ValidationError("You have already reported this review.", code="already_reported")
    report = Report(review=review, reporter=reporter, reason=reason, details=details)
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            if Report.objects.filter(review=review, reporter=reporter).exists():
                raise already
            report.save()
            Review.objects.filter(pk=review.pk).update(report_count=F("report_count") + 1)
            member_changed(reporter.pk)
    except IntegrityError:
        raise already from None
    return report


def _hide_reason(review):
    """The reason readers gave most often in their reports, in words, or a general one."""
    reasons = list(
        Report.objects.filter(review=review).values_list("reason", flat=True).order_by("reason")
    )
    if not reasons:
        return HIDDEN_WITHOUT_REPORTS
    common = max(set(reasons), key=lambda reason: (reasons.count(reason), reason))
    return f"Reported by readers: {Report.Reason(common).label.lower()}."


def review_hide(*, review, reason=""):
    """Hide a review from everyone but its author, on every page at once.

    Its author is told why (``reason``, or what the reports said most often) through the
    review_hidden signal; hiding a hidden review again tells them nothing new.
    """
    with transaction.atomic():
        changed = Review.objects.filter(pk=review.pk, is_hidden=False).update(
            is_hidden=True, hidden_at=timezone.now()
        )
        member_changed(review.user_id)
        public_pages_changed()
        if changed:
            signals.review_hidden.send(
                sender=Review, review=review, reason=reason or _hide_reason(review)
            )


def review_restore(*, review):
    """Show a hidden review again."""
    with transaction.atomic():
        Review.objects.filter(pk=review.pk).update(is_hidden=False, hidden_at=None)
        member_changed(review.user_id)
        public_pages_changed()


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
