"""A title's reviews as one reader may see them, a page at a time (reviews.selectors)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator

from reviews.models import Review
from reviews.selectors import title_reviews
from tests.factories import (
    EntryFactory,
    HelpfulVoteFactory,
    ReportFactory,
    ReviewFactory,
    TitleFactory,
    UserFactory,
)
from watchlist.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def title():
    return TitleFactory()


def _ids(reviews):
    return [review.pk for review in reviews]


def test_most_helpful_first_then_newest_and_pages_of_them(title):
    quiet, loved, liked = (ReviewFactory(title=title) for _ in range(3))
    for _ in range(3):
        HelpfulVoteFactory(review=loved)
    HelpfulVoteFactory(review=liked)
    ReviewFactory()  # another title's

    helpful = title_reviews(title=title, reader=AnonymousUser(), sort="helpful")
    newest = title_reviews(title=title, reader=AnonymousUser(), sort="new")

    assert _ids(helpful[0:10]) == [loved.pk, liked.pk, quiet.pk]
    assert _ids(newest[0:10]) == [liked.pk, loved.pk, quiet.pk]
    page = Paginator(helpful, 2).get_page(2)
    assert page.paginator.count == 3
    assert _ids(page.object_list) == [quiet.pk]
    assert helpful[2:2] == []


def test_each_review_carries_its_author_their_verdict_and_the_readers_marks(title):
    author = UserFactory(display_name="Hana")
    EntryFactory(user=author, title=title, status=Entry.Status.COMPLETED, cry_rating=5)
    review = ReviewFactory(user=author, title=title, contains_spoilers=True)
    reader = UserFactory()
    HelpfulVoteFactory(review=review, user=reader)
    ReportFactory(review=review, reporter=reader)

    (seen,) = title_reviews(title=title, reader=reader, sort="helpful")[0:10]
    (anonymous,) = title_reviews(title=title, reader=AnonymousUser(), sort="helpful")[0:10]

    assert (seen.user.name, seen.user.username) == ("Hana", author.username)
    assert seen.author_verdict == "Completed · 5 · Destroyed"
    assert seen.contains_spoilers and seen.helpful_count == 1
    assert seen.created_at == Review.objects.get(pk=review.pk).created_at
    assert (seen.voted, seen.reported) == (True, True)
    assert (anonymous.voted, anonymous.reported) == (False, False)


def test_hidden_reviews_show_to_their_author_alone(title):
    author = UserFactory()
    hidden = ReviewFactory(user=author, title=title, is_hidden=True)
    shown = ReviewFactory(title=title)

    for reader in (AnonymousUser(), UserFactory()):
        reviews = title_reviews(title=title, reader=reader, sort="new")
        assert (reviews.count(), _ids(reviews[0:10])) == (1, [shown.pk])
    own = title_reviews(title=title, reader=author, sort="new")
    assert _ids(own[0:10]) == [shown.pk, hidden.pk]


def test_a_readers_marks_and_entry_come_in_one_query(title, django_assert_num_queries):
    from accounts.models import Block
    from reviews.selectors import reader_entry_and_marks, reader_marks

    reader = UserFactory()
    voted, reported, other = (ReviewFactory(title=title) for _ in range(3))
    HelpfulVoteFactory(review=voted, user=reader)
    ReportFactory(review=reported, reporter=reader)
    EntryFactory(user=reader, title=title, status=Entry.Status.WATCHING, cry_rating=3)
    ids = [voted.pk, reported.pk, other.pk]

    with django_assert_num_queries(1):
        entry, marks = reader_entry_and_marks(user=reader, title=title, review_ids=ids)

    assert (entry.status, entry.cry_rating, entry.own_review_id) == ("watching", 3, None)
    assert marks == ({voted.pk}, {reported.pk}, False)
    assert reader_marks(reader=reader, title=title, review_ids=ids) == marks
    assert reader_marks(reader=reader, title=title, review_ids=[]).differs is False
    Block.objects.create(blocker=reader, blocked=other.user)
    assert reader_marks(reader=reader, title=title, review_ids=ids).differs is True


def test_a_readers_own_hidden_review_makes_their_list_differ(title):
    from reviews.selectors import reader_entry_and_marks

    reader = UserFactory()
    EntryFactory(user=reader, title=title, status=Entry.Status.COMPLETED)
    mine = ReviewFactory(user=reader, title=title, is_hidden=True)

    entry, marks = reader_entry_and_marks(user=reader, title=title, review_ids=[])

    assert entry.own_review_id == mine.pk
    assert marks.differs is True
