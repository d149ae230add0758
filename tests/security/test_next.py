"""A ``next`` that leads off the site is ignored: the visitor lands on the usual page."""

import pytest
from django.urls import reverse

from tests.security.helpers import PASSWORD, client_for

pytestmark = pytest.mark.django_db

ELSEWHERE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "http://testserver.evil.example/",
]
SAFE = "/rankings/"


def assert_not_elsewhere(response, expected):
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("target", ELSEWHERE)
def test_login_ignores_next_to_another_site(client, owner, target):
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": target}
    )
    assert_not_elsewhere(response, reverse("watchlist:entry_list"))


@pytest.mark.parametrize("target", ELSEWHERE)
def test_login_page_does_not_carry_next_to_another_site(client, target):
    response = client.get(reverse("login"), {"next": target})
    content = response.content.decode()
    assert response.context["next"] == ""
    assert "evil.example" not in content and "javascript:" not in content


def test_login_follows_next_on_the_site(client, owner):
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": SAFE}
    )
    assert_not_elsewhere(response, SAFE)


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signup_ignores_next_to_another_site(client, target):
    response = client.post(
        f"{reverse('accounts:signup')}?next={target}",
        {
            "username": "dana",
            "email": "dana@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert_not_elsewhere(response, reverse("watchlist:entry_list"))
    page = client_for().get(reverse("accounts:signup"), {"next": target}).content.decode()
    assert "evil.example" not in page and "javascript:" not in page


def test_signup_follows_next_on_the_site(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "dana",
            "email": "dana@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": SAFE,
        },
    )
    assert_not_elsewhere(response, SAFE)


def posts_with_next(scene):
    """(url, data, where it goes without a usable next) of each watchlist and review POST."""
    return [
        (
            reverse("watchlist:entry_quick_save", args=[scene.unlisted.slug]),
            {"status": "watching"},
            scene.unlisted.get_absolute_url(),
        ),
        (
            reverse("watchlist:entry_edit", args=[scene.own_entry.pk]),
            {"status": "completed", "episodes_watched": "12", "times_rewatched": "0"},
            # Back to the entry's own row (each lean watchlist row links to its form).
            reverse("watchlist:entry_list") + f"#entry-{scene.own_entry.pk}",
        ),
        (
            reverse("reviews:review_helpful", args=[scene.other_review.pk]),
            {},
            scene.other_review.get_absolute_url(),
        ),
        (
            reverse("watchlist:entry_delete", args=[scene.own_entry.pk]),
            {},
            reverse("watchlist:entry_list"),
        ),
    ]


@pytest.mark.parametrize("target", ELSEWHERE)
@pytest.mark.parametrize("where", ["post", "query"])
def test_watchlist_and_review_posts_ignore_next_to_another_site(scene, target, where):
    client = client_for(scene.owner)
    for url, data, default in posts_with_next(scene):
        if where == "post":
            response = client.post(url, {**data, "next": target})
        else:
            response = client.post(f"{url}?next={target}", data)
        assert_not_elsewhere(response, default)


def test_watchlist_and_review_posts_follow_next_on_the_site(scene):
    client = client_for(scene.owner)
    for url, data, _default in posts_with_next(scene):
        assert_not_elsewhere(client.post(url, {**data, "next": SAFE}), SAFE)
