"""What belongs to one member can't be read or changed by anyone else.

Another signed-in member gets 404 (the object might as well not exist), an anonymous
visitor is sent to sign in, and in both cases the database is exactly as it was.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reviews.models import Review
from tests.security.helpers import PASSWORD, client_for, db_state
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

User = get_user_model()


def owner_only(scene):
    """(method, url, data) of every request that reads or changes one member's own things."""
    entry, review = scene.own_entry, scene.own_review
    changed_entry = {"status": "dropped", "episodes_watched": "1", "times_rewatched": "0"}
    return [
        ("get", reverse("watchlist:entry_edit", args=[entry.pk]), {}),
        ("post", reverse("watchlist:entry_edit", args=[entry.pk]), changed_entry),
        ("get", reverse("watchlist:entry_delete", args=[entry.pk]), {}),
        ("post", reverse("watchlist:entry_delete", args=[entry.pk]), {}),
        ("get", reverse("reviews:review_edit", args=[review.pk]), {}),
        ("post", reverse("reviews:review_edit", args=[review.pk]), {"body": "x" * 80}),
        ("get", reverse("reviews:review_delete", args=[review.pk]), {}),
        ("post", reverse("reviews:review_delete", args=[review.pk]), {}),
    ]


def test_another_member_gets_404_and_changes_nothing(scene):
    client = client_for(scene.other)
    before = db_state()
    for method, url, data in owner_only(scene):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert "mine only" not in response.content.decode()
    assert db_state() == before


def test_even_an_admin_gets_404_on_the_site_pages(scene):
    """Moderators work in the admin; the site's owner-only pages are the owner's alone."""
    client = client_for(scene.admin)
    before = db_state()
    for method, url, data in owner_only(scene):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert db_state() == before


def test_an_anonymous_visitor_is_sent_to_sign_in_and_changes_nothing(scene):
    client = client_for()
    before = db_state()
    for method, url, data in owner_only(scene):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(f"{reverse('login')}?next=")
    assert db_state() == before


def test_the_owner_can_do_each_of_them(scene):
    """So the refusals above are about who asks, not a broken request."""
    client = client_for(scene.owner)
    for method, url, data in owner_only(scene):
        if "delete" in url and method == "post":
            continue
        assert getattr(client, method)(url, data).status_code in (200, 302), (method, url)
    client.post(reverse("reviews:review_delete", args=[scene.own_review.pk]))
    client.post(reverse("watchlist:entry_delete", args=[scene.own_entry.pk]))
    assert not Review.objects.filter(pk=scene.own_review.pk).exists()
    assert not Entry.objects.filter(pk=scene.own_entry.pk).exists()


@pytest.mark.parametrize(
    "name", ["accounts:settings", "accounts:export", "accounts:delete", "watchlist:entry_list"]
)
def test_account_pages_send_anonymous_visitors_to_sign_in(scene, name):
    before = db_state()
    for method in ("get", "post"):
        response = getattr(client_for(), method)(reverse(name), {"password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert db_state() == before


def test_settings_change_only_the_signed_in_member(scene):
    client_for(scene.other).post(
        reverse("accounts:settings"),
        {"display_name": "Bob", "bio": "", "watchlist_visibility": "private"},
    )
    scene.owner.refresh_from_db()
    assert (scene.owner.display_name, scene.owner.watchlist_visibility) == ("", "public")
    assert User.objects.get(pk=scene.other.pk).display_name == "Bob"


def test_deleting_asks_for_the_signed_in_members_own_password(scene):
    """Bob can't delete Alice's account with her password: the form only ever deletes Bob."""
    response = client_for(scene.other).post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert User.objects.filter(pk__in=[scene.owner.pk, scene.other.pk]).count() == 2


def test_the_export_holds_only_the_signed_in_members_data(scene):
    response = client_for(scene.other).get(reverse("accounts:export"))
    data = json.loads(response.content)
    assert data["profile"]["username"] == "bob"
    assert "mine only" not in response.content.decode()
    assert {row["title_slug"] for row in data["watchlist"]} == {scene.title.slug}
    assert len(data["reviews"]) == 1


def test_a_private_note_shows_nowhere_but_the_owners_edit_form(scene):
    owner = client_for(scene.owner)
    edit = owner.get(reverse("watchlist:entry_edit", args=[scene.own_entry.pk]))
    assert "mine only" in edit.content.decode()
    for client in (client_for(), client_for(scene.other)):
        for url in [
            scene.owner.get_absolute_url(),
            scene.title.get_absolute_url(),
            scene.own_review.get_absolute_url(),
            reverse("reviews:review_list"),
            reverse("home"),
        ]:
            response = client.get(url)
            assert response.status_code == 200
            assert "mine only" not in response.content.decode(), url


def test_a_private_watchlist_stays_private(scene):
    scene.owner.watchlist_visibility = User.Visibility.PRIVATE
    scene.owner.save()
    for client in (client_for(), client_for(scene.other)):
        page = client.get(scene.owner.get_absolute_url()).content.decode()
        assert "keeps their watchlist private" in page
        assert scene.started.title_en not in page
    own = client_for(scene.owner).get(scene.owner.get_absolute_url()).content.decode()
    assert scene.started.title_en in own


def test_a_member_cannot_vote_for_or_report_their_own_review(scene):
    client = client_for(scene.owner)
    before = db_state()
    own = scene.own_review.pk
    client.post(reverse("reviews:review_helpful", args=[own]))
    client.post(reverse("reviews:review_report", args=[own]), {"reason": "spam"})
    assert db_state() == before


def test_a_hidden_review_is_404_to_everyone_but_its_author(scene):
    Review.objects.filter(pk=scene.other_review.pk).update(is_hidden=True)
    url = scene.other_review.get_absolute_url()
    for client in (client_for(), client_for(scene.owner)):
        assert client.get(url).status_code == 404
    owner = client_for(scene.owner)
    before = db_state()
    response = owner.post(reverse("reviews:review_helpful", args=[scene.other_review.pk]))
    assert response.status_code == 404
    assert db_state() == before
    assert client_for(scene.other).get(url).status_code == 200


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "admin:index", []),
        ("get", "admin:reviews_review_changelist", []),
        ("post", "admin:catalog_title_add", []),
        ("post", "admin:reviews_review_changelist", []),
    ],
)
def test_members_who_are_not_staff_are_kept_out_of_the_admin(scene, method, name, args):
    client = client_for(scene.owner)
    before = db_state()
    data = {"title_en": "Sneaky", "slug": "sneaky", "format": "tv"}
    if name == "admin:reviews_review_changelist":
        data = {"action": "hide", "_selected_action": [scene.other_review.pk]}
    response = getattr(client, method)(reverse(name, args=args), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert db_state() == before
