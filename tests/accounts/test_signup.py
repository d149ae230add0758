import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
URL = reverse("accounts:signup")


def signup_data(**overrides):
    return {
        "username": "dana",
        "email": "dana@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_page_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Create an account" in response.content
    assert b'name="email"' in response.content
    assert b'name="password2"' in response.content


def test_signup_creates_the_user_signs_them_in_and_goes_to_the_watchlist(client):
    response = client.post(URL, signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("watchlist:entry_list")
    user = User.objects.get(username="dana")
    assert user.email == "dana@example.com"
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    assert signed_in_user_id(client) == str(user.pk)


def test_signup_shows_a_welcome_message(client):
    response = client.post(URL, signup_data(), follow=True)
    assert "Welcome to sadlist, dana!" in [str(m) for m in response.context["messages"]]


def test_signed_in_user_is_sent_to_the_watchlist(client, owner):
    client.force_login(owner)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("watchlist:entry_list")
    response = client.post(URL, signup_data())
    assert response.status_code == 302
    assert not User.objects.filter(username="dana").exists()


def test_email_is_required(client):
    response = client.post(URL, signup_data(email=""))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.filter(username="dana").exists()


@pytest.mark.parametrize("username", ["alice", "ALICE", "Alice"])
def test_username_taken_in_any_case_is_refused(client, owner, username):
    response = client.post(URL, signup_data(username=username))
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "A user with that username already exists."
    ]
    assert User.objects.count() == 1
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("email", ["alice@example.com", "Alice@Example.com", "ALICE@EXAMPLE.COM"])
def test_email_taken_in_any_case_is_refused(client, owner, email):
    response = client.post(URL, signup_data(email=email))
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "That email address is already used by another account."
    ]
    assert b"That email address is already used by another account." in response.content
    assert not User.objects.filter(username="dana").exists()


@pytest.mark.parametrize("username", ["dana smith", "dana/../x", "dana<script>", "x" * 151])
def test_invalid_username_is_refused(client, username):
    response = client.post(URL, signup_data(username=username))
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "password",
    ["83920174", "password", "Sh0rt!", "tearjerker1"],
    ids=["numeric", "common", "too-short", "like-username"],
)
def test_weak_password_is_refused(client, password):
    data = signup_data(username="tearjerker", password1=password, password2=password)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_mismatched_passwords_are_refused(client):
    response = client.post(URL, signup_data(password2=PASSWORD + "!"))
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["The two password fields didn’t match."]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "///evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_unsafe_next_is_ignored(client, target):
    response = client.post(URL, signup_data(next=target))
    assert response.status_code == 302
    assert response["Location"] == reverse("watchlist:entry_list")
    assert User.objects.filter(username="dana").exists()


def test_safe_next_is_followed(client):
    response = client.post(URL, signup_data(next="/titles/?q=clannad"))
    assert response.status_code == 302
    assert response["Location"] == "/titles/?q=clannad"


def test_next_from_the_query_string_is_kept_in_the_form(client):
    response = client.get(URL, {"next": "/rankings/"})
    assert b'name="next" value="/rankings/"' in response.content
    response = client.get(URL, {"next": "https://evil.example/"})
    assert b"evil.example" not in response.content


def test_missing_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, signup_data())
    assert response.status_code == 403
    assert not User.objects.exists()
