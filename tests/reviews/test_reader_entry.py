"""The reader's own entry on a title page: what their watchlist says, which review is theirs."""

import pytest
from django.contrib.auth.models import AnonymousUser

from reviews.selectors import reader_entry
from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory
from watchlist.models import Entry

pytestmark = pytest.mark.django_db


def test_a_visitor_and_a_member_without_an_entry_have_none():
    title = TitleFactory()
    assert reader_entry(user=AnonymousUser(), title=title) is None
    # Another member's entry on the title is not the reader's.
    EntryFactory(title=title, rated=True)
    assert reader_entry(user=UserFactory(), title=title) is None


def test_the_entry_carries_the_readers_status_rating_and_review():
    reader, title = UserFactory(), TitleFactory()
    saved = EntryFactory(user=reader, title=title, rated=True)
    EntryFactory(user=reader, status=Entry.Status.WATCHING)  # another title's entry
    own = ReviewFactory(user=reader, title=title)
    ReviewFactory(user=reader)  # the reader's review of another title
    ReviewFactory(title=title)  # someone else's review of the same title

    entry = reader_entry(user=reader, title=title)

    assert (entry.pk, entry.user_id, entry.title_id) == (saved.pk, reader.pk, title.pk)
    assert (entry.status, entry.cry_rating) == (Entry.Status.COMPLETED, 4)
    assert entry.is_started
    assert entry.own_review_id == own.pk
    # A saved row, not a new one: the columns the page doesn't need load when asked for.
    assert not entry._state.adding
    assert entry.episodes_watched == saved.episodes_watched


def test_an_entry_without_a_review_has_no_review_id():
    reader, title = UserFactory(), TitleFactory()
    EntryFactory(user=reader, title=title)
    ReviewFactory(user=reader)  # the reader's review of another title
    entry = reader_entry(user=reader, title=title)
    assert entry.status == Entry.Status.PLAN_TO_WATCH
    assert entry.own_review_id is None
