"""The session engine: Django's database sessions, each request's read a plain query."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from sadlist.sessions import SessionStore
from tests.accounts.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_reads_what_djangos_database_engine_wrote_and_the_other_way_round():
    theirs = DjangoSessionStore()
    theirs["colour"] = "blue"
    theirs.save()
    assert SessionStore(theirs.session_key)["colour"] == "blue"

    ours = SessionStore()
    ours["tears"] = 5
    ours.save()
    assert DjangoSessionStore(ours.session_key)["tears"] == 5


def test_an_expired_session_is_not_read():
    store = SessionStore()
    store["colour"] = "blue"
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    again = SessionStore(store.session_key)
    assert again.get("colour") is None
    # As Django's engine: an unknown key is forgotten, and a save makes a new one.
    assert again.session_key is None


def test_a_session_expiring_later_is_read():
    store = SessionStore()
    store["colour"] = "blue"
    store.set_expiry(60)
    store.save()
    assert SessionStore(store.session_key)["colour"] == "blue"


def test_an_unknown_key_reads_as_an_empty_session_and_changes_nothing():
    store = SessionStore("x" * 32)
    assert dict(store.items()) == {}
    assert store.session_key is None
    assert not Session.objects.exists()


def test_a_signed_in_member_stays_signed_in_from_page_to_page(client, owner):
    client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
    for path in ("/watchlist/", "/accounts/settings/", "/watchlist/"):
        assert client.get(path).status_code == 200
    assert client.session["_auth_user_id"] == str(owner.pk)
