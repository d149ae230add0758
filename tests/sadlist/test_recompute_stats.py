import io

import pytest
from django.core.management import call_command
from django.db.models import F

from catalog.models import TitleStats
from reviews.models import Review
from reviews.services import review_vote_helpful
from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory
from tests.integrity import assert_review_counts_match_rows, assert_stats_match_entries

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("recompute_stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def community():
    orange, nana = TitleFactory(title_en="Orange"), TitleFactory(title_en="Nana")
    for rating in (5, 4, 4):
        EntryFactory(user=UserFactory(), title=orange, status="completed", cry_rating=rating)
    EntryFactory(user=UserFactory(), title=nana, status="watching", cry_rating=1)
    author = UserFactory()
    EntryFactory(user=author, title=orange, status="completed")
    review = ReviewFactory(user=author, title=orange, body="Kakeru's letter. " * 5)
    review_vote_helpful(review=review, user=UserFactory())
    return orange, nana, review


def test_no_drift_is_reported_as_such(community):
    assert "No drift" in run()


def test_finds_and_fixes_drift_made_on_purpose(community):
    orange, nana, review = community
    # Drift the way a bug or a manual edit would: consistent with the check
    # constraints, but no longer the entries' numbers.
    TitleStats.objects.filter(title=orange).update(
        cry_count=F("cry_count") + 1, cry_sum=F("cry_sum") + 5, cry_5=F("cry_5") + 1
    )
    TitleStats.objects.filter(title=nana).update(completed_count=7)
    Review.objects.filter(pk=review.pk).update(helpful_count=40)

    report = run("--dry-run")
    assert "Orange: cry_count 4 → 3, cry_sum 18 → 13, cry_5 2 → 1" in report
    assert "Nana: completed_count 7 → 0" in report
    assert f"Review {review.pk}: helpful 40 → 1, reports 0 → 0" in report
    assert "3 drifted counts; nothing changed (--dry-run)." in report
    assert TitleStats.objects.get(title=nana).completed_count == 7

    assert "Fixed 3 drifted counts." in run()
    assert_stats_match_entries()
    assert_review_counts_match_rows()
    assert "No drift" in run()


def test_rebuilds_missing_statistics_rows(community):
    orange, _, _ = community
    TitleStats.objects.filter(title=orange).delete()
    report = run()
    assert "Orange: cry_count 0 → 3, cry_sum 0 → 13, completed_count 0 → 4" in report
    assert "Fixed 1 drifted count." in report
    assert_stats_match_entries()
