"""Two sign-ups with one username or one email at once: one account, and a form that says so."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.races import ONLY_ON_POSTGRESQL, at_once

pytestmark = [pytest.mark.django_db(transaction=True), ONLY_ON_POSTGRESQL]

User = get_user_model()
PASSWORD = "a long and unusual passphrase 42"


def _sign_up(username, email):
    def request():
        return Client(raise_request_exception=False).post(
            reverse("accounts:signup"),
            {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
        )

    return request


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (("mika", "mika@example.com"), ("Mika", "other@example.com"), "username already exists"),
        (("mika", "mika@example.com"), ("yuki", "MIKA@example.com"), "already used by another"),
    ],
    ids=["same-username", "same-email"],
)
def test_the_second_sign_up_is_told_what_is_taken(monkeypatch, first, second, message):
    responses = at_once(monkeypatch, User, "save", [_sign_up(*first), _sign_up(*second)])

    assert sorted(response.status_code for response in responses) == [200, 302]
    refused = next(response for response in responses if response.status_code == 200)
    assert message in refused.content.decode()
    assert User.objects.count() == 1
