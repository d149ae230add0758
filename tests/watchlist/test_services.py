"""Title statistics stay exactly right under every kind of watchlist write."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import TitleStats
from tests.factories import EntryFactory, TitleFactory, UserFactory
from tests.integrity import assert_stats_match_entries
from watchlist.models import Entry
from watchlist.services import entries_delete_for_user, entry_delete, entry_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    users = UserFactory.create_batch(3)
    titles = TitleFactory.create_batch(2, episodes=12)
    return users, titles


def test_create_adds_rating_and_completion(cast):
    (alice, bob, _), (orange, _) = cast
    EntryFactory(user=alice, title=orange, status="completed", cry_rating=5)
    EntryFactory(user=bob, title=orange, status="watching", cry_rating=2)
    stats = TitleStats.objects.get(title=orange)
    assert (stats.cry_count, stats.cry_sum, stats.cry_5, stats.cry_2) == (2, 7, 1, 1)
    assert stats.completed_count == 1
    assert stats.cry_mean == 3.5
    assert_stats_match_entries()


def test_plan_to_watch_without_rating_changes_no_numbers(cast):
    (alice, _, _), (orange, _) = cast
    EntryFactory(user=alice, title=orange, status="plan_to_watch")
    assert_stats_match_entries()
    assert not TitleStats.objects.filter(title=orange, cry_count__gt=0).exists()


def test_update_moves_rating_between_levels(cast):
    (alice, _, _), (orange, _) = cast
    entry = EntryFactory(user=alice, title=orange, status="watching", cry_rating=1)
    entry.cry_rating = 4
    entry_save(entry=entry)
    stats = TitleStats.objects.get(title=orange)
    assert (stats.cry_count, stats.cry_sum, stats.cry_1, stats.cry_4) == (1, 4, 0, 1)
    assert_stats_match_entries()


def test_removing_a_rating(cast):
    (alice, _, _), (orange, _) = cast
    entry = EntryFactory(user=alice, title=orange, status="watching", cry_rating=3)
    entry.cry_rating = None
    entry_save(entry=entry)
    assert TitleStats.objects.get(title=orange).cry_count == 0
    assert_stats_match_entries()


def test_status_change_moves_completions(cast):
    (alice, _, _), (orange, _) = cast
    entry = EntryFactory(user=alice, title=orange, status="watching", cry_rating=0)
    entry.status = Entry.Status.COMPLETED
    entry_save(entry=entry)
    assert TitleStats.objects.get(title=orange).completed_count == 1
    entry.status = Entry.Status.DROPPED
    entry_save(entry=entry)
    assert TitleStats.objects.get(title=orange).completed_count == 0
    assert_stats_match_entries()


def test_a_stale_copy_of_an_entry_still_moves_the_right_numbers(cast):
    """The old state comes from the database, not from the instance being saved."""
    (alice, _, _), (orange, _) = cast
    entry = EntryFactory(user=alice, title=orange, status="watching", cry_rating=2)
    stale = Entry.objects.get(pk=entry.pk)
    entry.cry_rating = 5
    entry_save(entry=entry)
    stale.cry_rating = 3
    entry_save(entry=stale)
    assert TitleStats.objects.get(title=orange).cry_sum == 3
    assert_stats_match_entries()


def test_delete_removes_its_part(cast):
    (alice, bob, _), (orange, _) = cast
    entry = EntryFactory(user=alice, title=orange, status="completed", cry_rating=5)
    EntryFactory(user=bob, title=orange, status="completed", cry_rating=1)
    entry_delete(entry=entry)
    stats = TitleStats.objects.get(title=orange)
    assert (stats.cry_count, stats.cry_sum, stats.completed_count) == (1, 1, 1)
    assert_stats_match_entries()


def test_deleting_all_of_a_users_entries(cast):
    (alice, bob, _), (orange, fireflies) = cast
    EntryFactory(user=alice, title=orange, status="completed", cry_rating=5)
    EntryFactory(user=alice, title=fireflies, status="dropped", cry_rating=2)
    EntryFactory(user=bob, title=fireflies, status="completed", cry_rating=4)
    entries_delete_for_user(user=alice)
    assert not Entry.objects.filter(user=alice).exists()
    assert TitleStats.objects.get(title=fireflies).cry_sum == 4
    assert_stats_match_entries()


def test_many_mixed_writes_keep_every_number_right(cast):
    users, titles = cast
    for i, user in enumerate(users):
        for j, title in enumerate(titles):
            entry = EntryFactory(user=user, title=title, status="watching", cry_rating=(i + j) % 6)
            entry.status = "completed" if (i + j) % 2 else "on_hold"
            entry_save(entry=entry)
    entry_delete(entry=Entry.objects.first())
    entries_delete_for_user(user=users[2])
    assert_stats_match_entries()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"status": "plan_to_watch", "cry_rating": 3}, "cry_rating"),
        ({"status": "watching", "episodes_watched": 13}, "episodes_watched"),
        (
            {
                "status": "watching",
                "started_on": datetime.date(2024, 5, 2),
                "finished_on": datetime.date(2024, 5, 1),
            },
            "finished_on",
        ),
        (
            {"status": "watching", "started_on": datetime.date.today() + datetime.timedelta(2)},
            "started_on",
        ),
        ({"status": "watching", "score": 11}, "score"),
        ({"status": "watching", "cry_rating": 6}, "cry_rating"),
    ],
)
def test_invalid_entry_is_refused_and_changes_nothing(cast, fields, field):
    (alice, _, _), (orange, _) = cast
    with pytest.raises(ValidationError) as error:
        entry_save(entry=Entry(user=alice, title=orange, **fields))
    assert field in error.value.message_dict
    assert not Entry.objects.exists()
    assert not TitleStats.objects.filter(cry_count__gt=0).exists()


def test_completed_fills_in_every_episode(cast):
    (alice, _, _), (orange, _) = cast
    entry = EntryFactory(user=alice, title=orange, status="completed", episodes_watched=3)
    assert entry.episodes_watched == 12


def test_database_refuses_a_second_entry_for_the_same_title(cast):
    (alice, _, _), (orange, _) = cast
    EntryFactory(user=alice, title=orange)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(user=alice, title=orange)


def test_database_refuses_a_rating_on_plan_to_watch(cast):
    (alice, _, _), (orange, _) = cast
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(user=alice, title=orange, status="plan_to_watch", cry_rating=2)


def test_database_keeps_the_histogram_consistent(cast):
    _, (orange, _) = cast
    with pytest.raises(IntegrityError), transaction.atomic():
        TitleStats.objects.create(title=orange, cry_count=1, cry_sum=0)


def test_a_second_new_entry_for_the_same_title_takes_over_the_first(cast):
    """Two tabs or a double click: both save "new" entries; one entry remains, counted once."""
    (alice, _, _), (orange, _) = cast
    first = Entry(user=alice, title=orange, status="watching", cry_rating=2)
    second = Entry(user=alice, title=orange, status="completed", cry_rating=5)
    entry_save(entry=first)
    entry_save(entry=second)
    entry = Entry.objects.get(user=alice, title=orange)
    assert (entry.pk, entry.status, entry.cry_rating) == (first.pk, "completed", 5)
    stats = TitleStats.objects.get(title=orange)
    assert (stats.cry_count, stats.cry_sum, stats.completed_count) == (1, 5, 1)
    assert_stats_match_entries()
