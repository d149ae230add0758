"""The authentication backend: Django's ModelBackend, the member read in one plain query."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.backends import MemberBackend
from tests.accounts.helpers import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reads_the_member_as_the_orm_would(owner):
    owner.last_login = timezone.now()
    owner.save()
    read = MemberBackend().get_user(owner.pk)
    expected = get_user_model().objects.get(pk=owner.pk)
    fields = [field.attname for field in expected._meta.concrete_fields]
    assert {name: getattr(read, name) for name in fields} == {
        name: getattr(expected, name) for name in fields
    }
    assert timezone.is_aware(read.last_login)
    assert read.is_active is True


def test_an_inactive_or_unknown_member_is_no_one(owner):
    UserFactory(username="gone", is_active=False)
    gone = get_user_model().objects.get(username="gone")
    assert MemberBackend().get_user(gone.pk) is None
    assert MemberBackend().get_user(owner.pk + 1000) is None


def test_a_member_deactivated_while_signed_in_is_signed_out(client, owner):
    client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
    assert client.get("/watchlist/").status_code == 200
    get_user_model().objects.filter(pk=owner.pk).update(is_active=False)
    response = client.get("/watchlist/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signing_in_records_this_backend(client, owner):
    client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
    assert client.session["_auth_user_backend"] == "accounts.backends.MemberBackend"


def test_the_member_comes_with_whether_they_block_anyone(owner, other_user):
    from accounts import community

    assert MemberBackend().get_user(owner.pk).blocks_anyone is False
    community.block_create(blocker=owner, blocked=other_user)
    assert MemberBackend().get_user(owner.pk).blocks_anyone is True
    # Being blocked is not blocking.
    assert MemberBackend().get_user(other_user.pk).blocks_anyone is False
    community.block_delete(blocker=owner, blocked=other_user)
    assert MemberBackend().get_user(owner.pk).blocks_anyone is False
