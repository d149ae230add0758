"""Reads of reviews that are more than one QuerySet method."""

from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection

from sadlist.raw_rows import limit_offset, moment, partial
from sadlist.raw_sql import any_of
from watchlist.models import Entry

from .models import HelpfulVote, Report, Review

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
    return _reading(user, title)[0]


def reader_entry_and_marks(*, user, title, review_ids):
    """reader_entry and reader_marks in one query: (entry or None, ReaderMarks)."""
    return _reading(user, title, review_ids)


def reader_marks(*, reader, title, review_ids):
    """What ``reader`` sees differently of ``title``'s reviews ``review_ids`` than a
    visitor, as ReaderMarks: the ids they marked helpful, the ids they reported, and
    whether their list of reviews differs at all (they block a member, or moderators hid
    their own review of it, which only they see). One query, where reading their own list
    took two."""
    return _reading(reader, title, review_ids, with_entry=False)[1]


class ReaderMarks(NamedTuple):
    voted: set
    reported: set
    differs: bool


def _reading(user, title, review_ids=None, *, with_entry=True):
    tables = TitleReviews.tables_for()
    branches, params = [], []
    if with_entry:
        # A member reviews a title once at most (reviews_review_one_per_title).
        branches.append(
            f"SELECT 0, e.id, e.status, e.cry_rating, (SELECT r.id FROM {tables['review']} r"
            " WHERE r.user_id = e.user_id AND r.title_id = e.title_id)"
            f" FROM {tables['entry']} e WHERE e.user_id = %s AND e.title_id = %s"
        )
        params += [user.pk, title.pk]
    # Whether the member blocks anyone, where the sign-in read it with them
    # (accounts.backends.MemberBackend); else asked in this query.
    blocks = getattr(user, "blocks_anyone", None)
    if review_ids is not None:
        # The same text for every member and title: planned once (sadlist.raw_sql).
        voted, voted_params = any_of("v.review_id", review_ids)
        reported, reported_params = any_of("p.review_id", review_ids)
        branches += [
            f"SELECT 1, v.review_id, NULL, NULL, NULL FROM {tables['vote']} v"
            f" WHERE v.user_id = %s AND {voted}",
            f"SELECT 2, p.review_id, NULL, NULL, NULL FROM {tables['report']} p"
            f" WHERE p.reporter_id = %s AND {reported}",
            f"SELECT 3, r.id, NULL, NULL, NULL FROM {tables['review']} r"
            " WHERE r.user_id = %s AND r.title_id = %s AND r.is_hidden",
        ]
        params += [user.pk, *voted_params, user.pk, *reported_params, user.pk, title.pk]
        if blocks is None:
            blocked, blocked_params = user.blocked_user_ids().query.sql_with_params()
            branches.append(f"SELECT 4, NULL, NULL, NULL, NULL WHERE EXISTS ({blocked})")
            params += blocked_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        rows = cursor.fetchall()
    entry, marks = None, ReaderMarks(set(), set(), bool(blocks))
    for kind, pk, status, cry_rating, own_review_id in rows:
        if kind == 0:
            # What the title page reads of it (its watchlist form, forecast and reviews).
            entry = partial(
                Entry,
                id=pk,
                user_id=user.pk,
                title_id=title.pk,
                status=status,
                cry_rating=cry_rating,
            )
            entry.own_review_id = own_review_id
        elif kind == 1:
            marks.voted.add(pk)
        elif kind == 2:
            marks.reported.add(pk)
        else:
            marks = marks._replace(differs=True)
    return entry, (marks if review_ids is not None else None)


# What a review card reads of a review and its title (reviews.templatetags.reviews).
CARD_FIELDS = (
    "id", "user_id", "title_id", "body", "contains_spoilers", "helpful_count", "is_hidden",
    "created_at", "updated_at", "title__slug", "title__title_en",
)  # fmt: skip


def member_reviews(*, member, with_hidden, limit):
    """``member``'s newest ``limit`` reviews, their hidden ones too ``with_hidden`` (for the
    member themselves), each with its title and ``author_status`` and ``author_cry``
    (ReviewQuerySet.with_author_entries): the same for every reader, so a profile keeps
    them in its shared part. The author (read afresh by every request, never kept) and a
    reader's marks are mark_for_reader's to set.
    """
    reviews = Review.objects.filter(user=member)
    if not with_hidden:
        reviews = reviews.visible()
    return list(
        reviews.select_related("title")
        .only(*CARD_FIELDS)
        .with_author_entries()
        .newest_first()[:limit]
    )


def mark_for_reader(reviews, *, author, reader):
    """Set ``voted`` and ``reported`` on ``reviews`` (all by ``author``, as member_reviews
    gives them) for ``reader``, as ReviewQuerySet.with_reader_marks annotates them, and
    each review's ``user`` to ``author``: one query, none for a visitor or the author, who
    can mark none of their own."""
    voted, reported = set(), set()
    if reviews and reader.is_authenticated and reader.pk != author.pk:
        tables = TitleReviews.tables_for()
        ids = [review.pk for review in reviews]
        # The same text for every reader and member: planned once (sadlist.raw_sql).
        votes, vote_params = any_of("v.review_id", ids)
        reports, report_params = any_of("p.review_id", ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1, v.review_id FROM {tables['vote']} v WHERE v.user_id = %s AND {votes}"
                f" UNION ALL SELECT 2, p.review_id FROM {tables['report']} p"
                f" WHERE p.reporter_id = %s AND {reports}",
                [reader.pk, *vote_params, reader.pk, *report_params],
            )
            for kind, pk in cursor.fetchall():
                (voted if kind == 1 else reported).add(pk)
    for review in reviews:
        review.user = author
        review.voted, review.reported = review.pk in voted, review.pk in reported
    return reviews


def title_reviews(*, title, reader, sort):
    """``title``'s reviews as ``reader`` may see them, in ``sort`` order (TITLE_REVIEW_SORTS):
    a sequence a Paginator pages (``count()`` and slices, one query each).

    Each review carries its author (id, username, display name), ``author_status`` and
    ``author_cry`` (what the author's watchlist says of the title) and ``voted`` and
    ``reported`` (the reader's marks), as ReviewQuerySet's visible_to, with_author_entries
    and with_reader_marks give them. Written in SQL: on every title page, building those
    annotations in the ORM cost more CPU than answering both queries.
    """
    return TitleReviews(title=title, reader=reader, newest=sort == "new")


class TitleReviews:
    """A title's reviews as one reader may see them, read a page at a time."""

    REVIEW_COLUMNS = (
        "id", "user_id", "title_id", "body", "contains_spoilers", "helpful_count",
        "is_hidden", "created_at", "updated_at",
    )  # fmt: skip

    def __init__(self, *, title, reader, newest):
        self.reader = reader
        signed_in = reader.is_authenticated
        where = ["r.title_id = %s"]
        params = [title.pk]
        if signed_in:
            # Visible reviews and the reader's own hidden ones, never a blocked member's.
            blocked, blocked_params = reader.blocked_user_ids().query.sql_with_params()
            where += ["(NOT r.is_hidden OR r.user_id = %s)", f"r.user_id NOT IN ({blocked})"]
            params += [reader.pk, *blocked_params]
        else:
            where.append("NOT r.is_hidden")
        self.where, self.params = " AND ".join(where), params
        self.order = (
            "r.created_at DESC, r.id DESC"
            if newest
            else "r.helpful_count DESC, r.created_at DESC, r.id DESC"
        )
        self.tables = self.tables_for()

    @staticmethod
    def tables_for():
        return {
            "review": Review._meta.db_table,
            "user": get_user_model()._meta.db_table,
            "entry": Entry._meta.db_table,
            "vote": HelpfulVote._meta.db_table,
            "report": Report._meta.db_table,
        }

    def count(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {self.tables['review']} r WHERE {self.where}",
                self.params,
            )
            return cursor.fetchone()[0]

    def __getitem__(self, index):
        """Reviews ``index.start`` to ``index.stop``, as Paginator slices its object list."""
        limit = limit_offset(index, "TitleReviews")
        if limit is None:
            return []
        tables, reader = self.tables, self.reader
        columns = ", ".join(f"r.{name}" for name in self.REVIEW_COLUMNS)
        if reader.is_authenticated:
            marks = (
                f"EXISTS (SELECT 1 FROM {tables['vote']} v WHERE v.review_id = r.id"
                f" AND v.user_id = %s), EXISTS (SELECT 1 FROM {tables['report']} p"
                " WHERE p.review_id = r.id AND p.reporter_id = %s)"
            )
            marks_params = [reader.pk, reader.pk]
        else:
            marks, marks_params = "0, 0", []
        sql = (
            f"SELECT {columns}, u.username, u.display_name, e.status, e.cry_rating, {marks}"
            f" FROM {tables['review']} r INNER JOIN {tables['user']} u ON u.id = r.user_id"
            # One entry at most per member and title (the watchlist's unique constraint).
            f" LEFT JOIN {tables['entry']} e ON e.user_id = r.user_id"
            " AND e.title_id = r.title_id"
            f" WHERE {self.where} ORDER BY {self.order}{limit}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*marks_params, *self.params])
            rows = cursor.fetchall()
        User = get_user_model()
        reviews = []
        width = len(self.REVIEW_COLUMNS)
        for row in rows:
            values = dict(zip(self.REVIEW_COLUMNS, row[:width], strict=True))
            values["created_at"] = moment(values["created_at"])
            values["updated_at"] = moment(values["updated_at"])
            review = partial(Review, **values)
            username, display_name, author_status, author_cry, voted, reported = row[width:]
            review.user = partial(
                User, id=values["user_id"], username=username, display_name=display_name
            )
            review.author_status, review.author_cry = author_status, author_cry
            review.voted, review.reported = bool(voted), bool(reported)
            reviews.append(review)
        return reviews


class KeptReviews:
    """The first page of a title's reviews as visitors see it, kept in the title page's
    shared part (see reviews.templatetags.reviews.visitors_reviews): what a Paginator pages,
    page 1 alone."""

    def __init__(self, count, reviews):
        self._count, self.reviews = count, reviews

    def count(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.start:
            raise TypeError("KeptReviews holds the first page alone.")
        return self.reviews[index]
