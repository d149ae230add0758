"""Reads of reviews that are more than one QuerySet method."""

from django.db import connection

from watchlist.models import Entry

from .models import Review

TITLE_REVIEW_SORTS = {"helpful": "Most helpful", "new": "Newest"}


def reader_entry(*, user, title):
    """``user``'s entry for ``title`` with ``own_review_id`` annotated, or None.

    One query tells the title page both what the reader's watchlist says and
    whether they have a review to edit. Written in SQL: on every signed-in title page,
    building the ORM's version of this query (a filtered subquery annotation) cost more
    CPU than PostgreSQL spent answering it.
    """
    if not user.is_authenticated:
        return None
    entries, reviews = Entry._meta.db_table, Review._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # The newest review first, as Review's ordering has it.
            f"SELECT e.id, e.user_id, e.title_id, e.status, e.cry_rating,"
            f" (SELECT r.id FROM {reviews} r WHERE r.user_id = e.user_id"
            f" AND r.title_id = e.title_id ORDER BY r.created_at DESC, r.id DESC LIMIT 1)"
            f" FROM {entries} e WHERE e.user_id = %s AND e.title_id = %s",
            [user.pk, title.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    # What the title page reads of it (its watchlist form, forecast and reviews): the
    # other columns stay deferred, as .only() would leave them.
    entry = Entry.from_db(
        connection.alias, ["id", "user_id", "title_id", "status", "cry_rating"], row[:5]
    )
    entry.own_review_id = row[5]
    return entry


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
