"""Django's own sign-in, sign-out and password views, in the site's templates."""

import re

import pytest
from django.urls import reverse

from tests.accounts.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_page_uses_the_site_template_and_links_to_signup(client):
    response = client.get(reverse("login"), {"next": "/rankings/"})
    assert response.status_code == 200
    assert "registration/login.html" in [t.name for t in response.templates]
    assert "base.html" in [t.name for t in response.templates]
    assert b"Sign in</h1>" in response.content
    assert f'href="{reverse("accounts:signup")}?next=/rankings/"'.encode() in response.content


@pytest.mark.parametrize("typed", ["alice", "ALICE", "Alice"])
def test_login_works_whatever_the_case_of_the_username(client, owner, typed):
    response = client.post(reverse("login"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(owner.pk)


def test_login_with_a_wrong_password_fails(client, owner):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_user_id(client) is None


def test_wrong_password_message_says_only_the_password_minds_case(client, owner):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    content = response.content.decode()
    assert "Capital letters matter in the password, not in the username." in content
    assert "both fields may be case-sensitive" not in content


@pytest.mark.parametrize(
    "next_url, expected",
    [("", "/watchlist/"), ("/rankings/", "/rankings/"), ("/accounts/login/?next=/", "/watchlist/")],
)
def test_signed_in_member_is_sent_on_from_the_login_page(signed_in, next_url, expected):
    response = signed_in.get(reverse("login"), {"next": next_url} if next_url else {})
    assert response.status_code == 302
    assert response["Location"] == expected
    page = signed_in.get(response["Location"]).content.decode()
    assert "You are already signed in as alice." in page


def test_logout_by_get_offers_the_button_and_signs_no_one_out(client, owner):
    client.force_login(owner)
    response = client.get(reverse("logout"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<form method="post" action="{reverse("logout")}">' in content
    assert signed_in_user_id(client) == str(owner.pk)


def test_logout_by_get_when_signed_out_goes_home(client):
    response = client.get(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_logout_by_post_signs_out(client, owner):
    client.force_login(owner)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_user_id(client) is None


def test_password_change_needs_a_sign_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change_page_renders_in_the_site_style(client, owner):
    client.force_login(owner)
    response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]
    assert b'name="old_password"' in response.content


def test_password_change_changes_the_password(client, owner):
    client.force_login(owner)
    new = "another long and unguessable phrase"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    assert b"Password changed" in response.content
    owner.refresh_from_db()
    assert owner.check_password(new)
    assert signed_in_user_id(client) == str(owner.pk)


def test_password_reset_page_renders_in_the_site_style(client):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]
    assert b'name="email"' in response.content


def test_password_reset_sends_a_working_link(client, owner, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "ALICE@example.com"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert b"Check your email" in response.content
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "Reset your password on testserver"
    assert "Hello alice," in message.body
    assert "<" not in message.body  # plain text, not the admin's HTML-ish template

    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.context["validlink"] is True
    new = "another long and unguessable phrase"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert b"Password set" in response.content
    owner.refresh_from_db()
    assert owner.check_password(new)


def test_password_reset_for_an_unknown_email_sends_nothing(client, owner, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_password_reset_with_a_bad_link_says_so(client, owner):
    url = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert b"That link doesn" in response.content
    assert reverse("password_reset").encode() in response.content
