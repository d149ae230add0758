import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.helpers import image_bytes
from tests.factories import EntryFactory, ReviewFactory, TitleFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:export")


@pytest.fixture
def watchlists(owner, other_user, title):
    """Two entries of the owner's (one with a private note) and one of bob's."""
    anohana = TitleFactory(title_en="Anohana", slug="anohana")
    EntryFactory(
        user=owner,
        title=title,
        rated=True,
        note="Watched it once. Never again.",
        cry_rating=5,
        score=10,
        started_on=datetime.date(2024, 3, 1),
        finished_on=datetime.date(2024, 3, 1),
    )
    EntryFactory(
        user=owner,
        title=anohana,
        rated=True,
        status="watching",
        cry_rating=None,
        episodes_watched=3,
    )
    EntryFactory(user=other_user, title=title, rated=True, note="bob's secret note", cry_rating=1)


def export_json(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_post_is_not_allowed(signed_in):
    assert signed_in.post(URL).status_code == 405


def test_download_is_a_json_attachment_named_after_the_user(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="sadlist-alice.json"'
    assert "no-store" in response["Cache-Control"]


def test_export_has_the_documented_shape(signed_in, owner, watchlists):
    _, data = export_json(signed_in)
    assert set(data) == {
        "exported_at", "profile", "watchlist", "reviews", "lists", "favourites", "following",
        "forecast",
    }  # fmt: skip
    assert datetime.datetime.fromisoformat(data["exported_at"])
    assert data["profile"] == {
        "username": "alice",
        "email": "alice@example.com",
        "display_name": "",
        "bio": "",
        "watchlist_visibility": "public",
        "date_joined": data["profile"]["date_joined"],
        "avatar": None,
    }
    assert datetime.datetime.fromisoformat(data["profile"]["date_joined"])
    assert set(data["watchlist"][0]) == {
        "title_slug",
        "title_en",
        "status",
        "episodes_watched",
        "started_on",
        "finished_on",
        "times_rewatched",
        "cry_rating",
        "cry_rating_label",
        "score",
        "note",
        "created_at",
        "updated_at",
    }


def test_export_contains_own_entries_with_notes_ordered_by_title(signed_in, watchlists):
    _, data = export_json(signed_in)
    assert [row["title_en"] for row in data["watchlist"]] == ["Anohana", "Grave of the Fireflies"]
    anohana, grave = data["watchlist"]
    assert grave["title_slug"] == "grave-of-the-fireflies"
    assert grave["status"] == "completed"
    assert grave["note"] == "Watched it once. Never again."
    assert (grave["cry_rating"], grave["cry_rating_label"]) == (5, "Destroyed")
    assert grave["score"] == 10
    assert (grave["started_on"], grave["finished_on"]) == ("2024-03-01", "2024-03-01")
    assert grave["episodes_watched"] == 12
    assert (anohana["status"], anohana["episodes_watched"]) == ("watching", 3)
    assert (anohana["cry_rating"], anohana["cry_rating_label"]) == (None, None)


def test_export_never_contains_other_users_data(signed_in, watchlists):
    response, data = export_json(signed_in)
    assert len(data["watchlist"]) == 2
    assert b"bob" not in response.content
    assert b"secret note" not in response.content


def test_export_never_contains_the_password_hash(signed_in, owner):
    response, _ = export_json(signed_in)
    owner.refresh_from_db()
    assert b"password" not in response.content
    assert owner.password.encode() not in response.content
    assert b"pbkdf2" not in response.content


def test_avatar_is_an_absolute_url(signed_in, owner):
    owner.avatar.save("me.jpg", ContentFile(image_bytes(image_format="JPEG")))
    _, data = export_json(signed_in)
    assert data["profile"]["avatar"] == f"http://testserver/media/{owner.avatar.name}"


def test_queries_do_not_grow_with_the_watchlist(signed_in, owner):
    EntryFactory(user=owner, title=TitleFactory(), rated=True)
    with CaptureQueriesContext(connection) as one:
        export_json(signed_in)
    for _ in range(4):
        EntryFactory(user=owner, title=TitleFactory(), rated=True)
    with CaptureQueriesContext(connection) as five:
        _, data = export_json(signed_in)
    assert len(data["watchlist"]) == 5
    assert len(five) == len(one)


def test_user_with_nothing_exports_empty_lists(signed_in):
    _, data = export_json(signed_in)
    assert data["watchlist"] == []
    assert data["reviews"] == []


def test_export_includes_ones_own_reviews_even_hidden_ones(signed_in, owner, other_user, title):
    from reviews.services import review_hide

    EntryFactory(user=other_user, title=title, rated=True)
    ReviewFactory(user=other_user, title=title, body="Bob's review. " * 10)
    mine = ReviewFactory(user=owner, title=title, body="It broke me. " * 10, contains_spoilers=True)
    review_hide(review=mine)
    _, data = export_json(signed_in)
    assert data["reviews"] == [
        {
            "title_slug": title.slug,
            "title_en": title.title_en,
            "body": "It broke me. " * 10,
            "contains_spoilers": True,
            "helpful_count": 0,
            "hidden_by_moderators": True,
            "url": mine.get_absolute_url(),
            "created_at": data["reviews"][0]["created_at"],
            "updated_at": data["reviews"][0]["updated_at"],
        }
    ]
