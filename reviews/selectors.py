"""Reads of reviews that are more than one QuerySet method."""

from django.db.models import Subquery

from watchlist.models import Entry

from .models import Review

TITLE_REVIEW_SORTS = {"helpful": "Most helpful", "new": "Newest"}


def reader_entry(*, user, title):
    """``user``'s entry for ``title`` with ``own_review_id`` annotated, or None.

    One query tells the title page both what the reader's watchlist says and
    whether they have a review to edit.
    """
    if not user.is_authenticated:
        return None
    own_review = Review.objects.filter(user=user, title=title).values("pk")[:1]
    return (
        # What the title page reads of it (its watchlist form, forecast and reviews): the
        # whole row cost more to build than the page shows.
        Entry.objects.filter(user=user, title=title)
        .only("pk", "user_id", "title_id", "status", "cry_rating")
        .annotate(own_review_id=Subquery(own_review))
        .first()
    )


def title_reviews(*, title, reader, sort):
    """``title``'s reviews as ``reader`` may see them, in ``sort`` order (TITLE_REVIEW_SORTS).

    Each is annotated with ``voted`` (whether the reader marked it helpful).
    """
    reviews = (
        Review.objects.visible_to(reader)
        .filter(title=title)
        .select_related("user")
        .with_reader_marks(reader)
        .with_author_entries()
    )
    return reviews.newest_first() if sort == "new" else reviews.most_helpful_first()
