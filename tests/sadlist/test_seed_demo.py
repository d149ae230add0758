import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Title
from reviews.models import Review
from tests.integrity import assert_stats_match_entries
from watchlist.models import Entry

pytestmark = pytest.mark.django_db


def seed(**options):
    out = io.StringIO()
    arguments = {"titles": 60, "users": 80, "entries": 1200, "seed": 3, **options}
    call_command("seed_demo", stdout=out, verbosity=0, **arguments)
    return out.getvalue()


def snapshot():
    return sorted(
        Entry.objects.values_list(
            "user__username", "title__slug", "status", "cry_rating", "score", "updated_at"
        )
    )


def test_builds_the_community_it_was_asked_for():
    report = seed()
    assert "Built 60 titles, 80 users, 1200 entries and 6 reviews (seed 3)." in report
    assert Title.objects.filter(slug__startswith="demo-").count() == 60
    assert Entry.objects.count() == 1200
    assert Review.objects.count() == 6
    assert_stats_match_entries()
    # Ratings only once started, as the site itself allows.
    assert not Entry.objects.filter(status="plan_to_watch").exclude(cry_rating=None).exists()


def test_the_same_seed_builds_the_same_community():
    seed()
    first = snapshot()
    seed(replace=True)
    assert snapshot() == first
    seed(replace=True, seed=4)
    assert snapshot() != first


def test_a_few_titles_get_most_entries():
    seed(titles=1000, users=500, entries=5000)
    per_title = sorted(Counter(Entry.objects.values_list("title_id", flat=True)).values())
    # MyAnimeList's popularity: the most watched tenth of the titles draws a quarter of the
    # entries here (two thirds at full size, with its long tail), where an even spread
    # would give it a tenth.
    assert sum(per_title[-100:]) > 0.25 * 5000


def test_keep_reuses_a_community_of_the_same_size():
    seed()
    assert "kept it" in seed(keep=True)
    assert Entry.objects.count() == 1200


def test_refuses_to_build_over_an_existing_community_without_replace():
    seed()
    with pytest.raises(CommandError, match="--replace"):
        seed()


def test_refuses_more_entries_than_pairs():
    with pytest.raises(CommandError, match="can't fit"):
        seed(titles=2, users=3, entries=7)
