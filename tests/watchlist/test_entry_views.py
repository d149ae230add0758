"""Adding, rating, editing and removing titles on one's watchlist."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import TitleStats
from tests.factories import EntryFactory, TitleFactory
from watchlist.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def orange(db):
    return TitleFactory(title_en="Orange", slug="orange", episodes=13)


@pytest.fixture
def alice_client(client, owner):
    client.force_login(owner)
    return client


def quick_url(title):
    return reverse("watchlist:entry_quick_save", args=[title.slug])


def test_title_page_form_adds_and_rates(alice_client, owner, orange):
    response = alice_client.post(quick_url(orange), {"status": "watching", "cry_rating": "3"})
    assert response.status_code == 302
    assert response["Location"] == orange.get_absolute_url()
    entry = Entry.objects.get(user=owner, title=orange)
    assert (entry.status, entry.cry_rating) == ("watching", 3)
    page = alice_client.get(orange.get_absolute_url()).content.decode()
    assert "Orange added to your watchlist: Watching, Crying." in page
    # The form comes back prefilled with the entry.
    assert '<option value="watching" selected>' in page
    assert '<option value="3" selected>' in page


def test_quick_save_updates_the_same_entry(alice_client, owner, orange):
    alice_client.post(quick_url(orange), {"status": "watching", "cry_rating": "3"})
    alice_client.post(quick_url(orange), {"status": "completed", "cry_rating": "5"})
    entry = Entry.objects.get(user=owner, title=orange)
    assert (entry.status, entry.cry_rating, entry.episodes_watched) == ("completed", 5, 13)
    assert TitleStats.objects.get(title=orange).cry_sum == 5


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status": "plan_to_watch", "cry_rating": "4"}, "change the status from Plan to watch"),
        ({"status": "watching", "cry_rating": "6"}, "Select a valid choice"),
        ({"status": "watching", "cry_rating": "-1"}, "Select a valid choice"),
        ({"status": "binge", "cry_rating": ""}, "Select a valid choice"),
        ({"cry_rating": "2"}, "This field is required"),
    ],
)
def test_bad_quick_input_is_explained_and_saves_nothing(alice_client, orange, data, message):
    response = alice_client.post(quick_url(orange), data, follow=True)
    assert response.redirect_chain == [(orange.get_absolute_url() + "#your-entry", 302)]
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Entry.objects.exists()
    assert not TitleStats.objects.filter(cry_count__gt=0).exists()


def test_bad_quick_input_keeps_the_existing_entry(alice_client, owner, orange):
    EntryFactory(user=owner, title=orange, status="watching", cry_rating=2)
    alice_client.post(quick_url(orange), {"status": "plan_to_watch", "cry_rating": "5"})
    entry = Entry.objects.get()
    assert (entry.status, entry.cry_rating) == ("watching", 2)
    assert TitleStats.objects.get(title=orange).cry_sum == 2


def test_anonymous_post_is_sent_to_sign_in(client, orange):
    response = client.post(quick_url(orange), {"status": "watching"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Entry.objects.exists()


def test_quick_save_saves_nothing_on_get(alice_client, orange):
    assert alice_client.get(quick_url(orange)).status_code == 302
    assert not Entry.objects.exists()


def test_missing_csrf_token_is_refused(owner, orange):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(quick_url(orange), {"status": "watching"})
    assert response.status_code == 403
    assert not Entry.objects.exists()


def test_unknown_title_is_404(alice_client):
    response = alice_client.post(reverse("watchlist:entry_quick_save", args=["nope"]), {})
    assert response.status_code == 404


def test_next_is_followed_only_on_this_site(alice_client, orange):
    data = {"status": "watching", "next": "/watchlist/?sort=title"}
    assert alice_client.post(quick_url(orange), data)["Location"] == "/watchlist/?sort=title"
    for evil in ["https://evil.example/", "//evil.example/"]:
        data = {"status": "watching", "next": evil}
        assert alice_client.post(quick_url(orange), data)["Location"] == orange.get_absolute_url()


def edit_data(**overrides):
    data = {
        "status": "completed",
        "episodes_watched": "13",
        "started_on": "2024-01-02",
        "finished_on": "2024-02-03",
        "times_rewatched": "1",
        "cry_rating": "4",
        "score": "9",
        "note": "Kakeru. Just Kakeru.",
    }
    data.update(overrides)
    return data


def test_edit_saves_every_field(alice_client, owner, orange):
    entry = EntryFactory(user=owner, title=orange, status="watching")
    response = alice_client.post(reverse("watchlist:entry_edit", args=[entry.pk]), edit_data())
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.started_on == datetime.date(2024, 1, 2)
    assert entry.finished_on == datetime.date(2024, 2, 3)
    assert (entry.times_rewatched, entry.cry_rating, entry.score) == (1, 4, 9)
    assert entry.note == "Kakeru. Just Kakeru."
    assert TitleStats.objects.get(title=orange).completed_count == 1


# Worked out when the test runs, not when the module loads: a run may cross midnight.
TOMORROW = "tomorrow"


def _dates_filled(overrides):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    return {key: tomorrow if value == TOMORROW else value for key, value in overrides.items()}


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"status": "watching", "episodes_watched": "14"}, "episodes_watched", "has 13 episodes"),
        ({"finished_on": "2024-01-01"}, "finished_on", "before you started"),
        ({"started_on": TOMORROW, "finished_on": ""}, "started_on", "in the future"),
        ({"finished_on": TOMORROW}, "finished_on", "in the future"),
        ({"score": "11"}, "score", "A score is from 1 to 10."),
        ({"score": "0"}, "score", "A score is from 1 to 10."),
        ({"cry_rating": "9"}, "cry_rating", "Select a valid choice"),
        ({"episodes_watched": "-2"}, "episodes_watched", "greater than or equal to 0"),
        ({"started_on": "2024-13-45"}, "started_on", "Enter a valid date"),
        ({"status": "plan_to_watch"}, "cry_rating", "Plan to watch"),
    ],
)
def test_bad_edit_is_explained_and_saves_nothing(
    alice_client, owner, orange, overrides, field, message
):
    entry = EntryFactory(user=owner, title=orange, status="watching", cry_rating=1, note="before")
    response = alice_client.post(
        reverse("watchlist:entry_edit", args=[entry.pk]), edit_data(**_dates_filled(overrides))
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    entry.refresh_from_db()
    assert (entry.status, entry.cry_rating, entry.note) == ("watching", 1, "before")
    assert TitleStats.objects.get(title=orange).cry_sum == 1


def test_remove_from_watchlist(alice_client, owner, orange):
    entry = EntryFactory(user=owner, title=orange, status="completed", cry_rating=5)
    page = alice_client.get(reverse("watchlist:entry_delete", args=[entry.pk]))
    assert "Remove Orange from your watchlist?" in page.content.decode()
    response = alice_client.post(reverse("watchlist:entry_delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not Entry.objects.exists()
    stats = TitleStats.objects.get(title=orange)
    assert (stats.cry_count, stats.completed_count) == (0, 0)


@pytest.mark.parametrize("view", ["watchlist:entry_edit", "watchlist:entry_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_strangers_get_404_for_someone_elses_entry(client, owner, other_user, orange, view, method):
    entry = EntryFactory(
        user=owner, title=orange, status="watching", cry_rating=2, note="my secret"
    )
    client.force_login(other_user)
    response = getattr(client, method)(reverse(view, args=[entry.pk]), edit_data())
    assert response.status_code == 404
    assert "my secret" not in response.content.decode()
    entry.refresh_from_db()
    assert (entry.status, entry.cry_rating, entry.note) == ("watching", 2, "my secret")


@pytest.mark.parametrize("view", ["watchlist:entry_edit", "watchlist:entry_delete"])
def test_anonymous_is_sent_to_sign_in_for_an_entry(client, owner, orange, view):
    entry = EntryFactory(user=owner, title=orange)
    response = client.post(reverse(view, args=[entry.pk]), edit_data())
    assert response.status_code == 302
    assert Entry.objects.filter(pk=entry.pk, status="plan_to_watch").exists()


def test_quick_save_only_ever_touches_ones_own_entry(client, owner, other_user, orange):
    EntryFactory(user=owner, title=orange, status="watching", cry_rating=2)
    client.force_login(other_user)
    client.post(quick_url(orange), {"status": "dropped", "cry_rating": "0"})
    assert Entry.objects.get(user=owner).status == "watching"
    assert Entry.objects.get(user=other_user).status == "dropped"


def test_remove_confirmation_says_the_review_stays(alice_client, owner, orange):
    from tests.factories import ReviewFactory

    entry = EntryFactory(user=owner, title=orange, status="completed", cry_rating=4)
    url = reverse("watchlist:entry_delete", args=[entry.pk])
    assert "review" not in alice_client.get(url).content.decode().split("<main")[1]
    review = ReviewFactory(user=owner, title=orange)
    page = alice_client.get(url).content.decode()
    assert "stays published: removing the title from your watchlist doesn’t delete it" in page
    assert f'href="{reverse("reviews:review_delete", args=[review.pk])}"' in page
    alice_client.post(url)
    assert not Entry.objects.exists()
    review.refresh_from_db()  # still there, as the page said
