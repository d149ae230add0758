"""Many members rating at once lose nothing (PostgreSQL: real concurrent transactions)."""

import random
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import TitleFactory, UserFactory
from tests.integrity import assert_stats_match_entries
from watchlist.models import Entry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite runs one writer at a time, so it "
        "can't show a race",
    ),
]

THREADS = 8
WRITES_PER_THREAD = 25
STATUSES = ["watching", "completed", "on_hold", "dropped"]


def test_simultaneous_writes_keep_one_entry_per_pair_and_exact_statistics():
    users = UserFactory.create_batch(4)
    titles = TitleFactory.create_batch(3, episodes=12)
    barrier = threading.Barrier(THREADS)
    failures = []

    def member(thread_number):
        rng = random.Random(thread_number)
        # Two threads per user, so the same user-title pair is written from two places.
        user = users[thread_number % len(users)]
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            for _ in range(WRITES_PER_THREAD):
                title = rng.choice(titles)
                data = {"status": rng.choice(STATUSES), "cry_rating": str(rng.randint(0, 5))}
                response = client.post(
                    reverse("watchlist:entry_quick_save", args=[title.slug]), data
                )
                if response.status_code != 302:
                    failures.append((thread_number, response.status_code))
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            failures.append((thread_number, repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=member, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    pairs = list(Entry.objects.values_list("user_id", "title_id"))
    assert len(pairs) == len(set(pairs))
    assert len(pairs) == len(users) * len(titles)
    assert_stats_match_entries()
