"""A new member's whole journey, through the pages a person would use."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.models import TitleStats
from reviews.models import Review
from tests.factories import TitleFactory
from tests.integrity import assert_review_counts_match_rows, assert_stats_match_entries
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

PASSWORD = "kaori-miyazono-violin"


def test_sign_up_to_account_deletion(client):
    april = TitleFactory(title_en="Your Lie in April", slug="your-lie-in-april", episodes=22)
    entry_url = reverse("watchlist:entry_quick_save", args=[april.slug])

    # Sign up: signed in straight away.
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "mika",
            "email": "mika@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    mika = get_user_model().objects.get(username="mika")
    assert client.get(reverse("watchlist:entry_list")).status_code == 200

    # Sign out (POST) and back in.
    client.post(reverse("logout"))
    assert client.get(reverse("watchlist:entry_list")).status_code == 302
    response = client.post(reverse("login"), {"username": "Mika", "password": PASSWORD})
    assert response.status_code == 302

    # Add, change status, rate.
    client.post(entry_url, {"status": "plan_to_watch"})
    client.post(entry_url, {"status": "watching"})
    client.post(entry_url, {"status": "watching", "cry_rating": "3"})
    entry = Entry.objects.get(user=mika)
    assert (entry.status, entry.cry_rating) == ("watching", 3)

    # Edit every field.
    client.post(
        reverse("watchlist:entry_edit", args=[entry.pk]),
        {
            "status": "completed",
            "episodes_watched": "22",
            "started_on": "2025-01-01",
            "finished_on": "2025-01-20",
            "times_rewatched": "0",
            "cry_rating": "5",
            "score": "10",
            "note": "Never again. Watching it again next year.",
        },
    )
    entry.refresh_from_db()
    assert (entry.status, entry.cry_rating, entry.score) == ("completed", 5, 10)
    stats = TitleStats.objects.get(title=april)
    assert (stats.cry_count, stats.cry_sum, stats.completed_count) == (1, 5, 1)

    # Review it.
    client.post(
        reverse("reviews:review_create", args=[april.slug]),
        {"body": "The last letter. That is all I can say without crying again, honestly."},
    )
    assert Review.objects.filter(user=mika, title=april).exists()

    # Export: everything is there.
    data = json.loads(client.get(reverse("accounts:export")).content)
    assert data["profile"]["username"] == "mika"
    assert data["watchlist"][0]["note"] == "Never again. Watching it again next year."
    assert data["reviews"][0]["title_slug"] == april.slug

    # Remove from the watchlist, add again.
    client.post(reverse("watchlist:entry_delete", args=[entry.pk]))
    assert not Entry.objects.filter(user=mika).exists()
    assert TitleStats.objects.get(title=april).cry_count == 0
    client.post(entry_url, {"status": "completed", "cry_rating": "4"})

    # Delete the account: a wrong password changes nothing, the right one removes it all.
    client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert get_user_model().objects.filter(username="mika").exists()
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(username="mika").exists()
    assert not Entry.objects.exists() and not Review.objects.exists()
    stats = TitleStats.objects.get(title=april)
    assert (stats.cry_count, stats.cry_sum, stats.completed_count) == (0, 0, 0)
    assert_stats_match_entries()
    assert_review_counts_match_rows()
    assert client.get(reverse("watchlist:entry_list")).status_code == 302
