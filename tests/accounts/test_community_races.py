"""A like or a follow sent twice at once counts once and answers both (PostgreSQL only)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Follow, ListLike, MemberList, Notification
from tests.factories import MemberListFactory, UserFactory
from tests.races import ONLY_ON_POSTGRESQL, at_once

pytestmark = [pytest.mark.django_db(transaction=True), ONLY_ON_POSTGRESQL]


def _signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_like_sent_twice_at_once_counts_once(monkeypatch):
    member_list = MemberListFactory(owner=UserFactory(username="alice"))
    reader = UserFactory(username="bob")
    tabs = [_signed_in(reader), _signed_in(reader)]
    url = reverse("accounts:list_like", args=["alice", member_list.slug])

    responses = at_once(
        monkeypatch, ListLike, "save", [lambda tab=tab: tab.post(url) for tab in tabs]
    )

    assert [response.status_code for response in responses] == [302, 302]
    assert ListLike.objects.count() == 1
    assert MemberList.objects.get(pk=member_list.pk).like_count == 1
    assert Notification.objects.count() == 1


def test_a_follow_sent_twice_at_once_counts_once(monkeypatch):
    UserFactory(username="alice")
    reader = UserFactory(username="bob")
    tabs = [_signed_in(reader), _signed_in(reader)]
    url = reverse("accounts:follow", args=["alice"])

    responses = at_once(
        monkeypatch, Follow, "save", [lambda tab=tab: tab.post(url) for tab in tabs]
    )

    assert [response.status_code for response in responses] == [302, 302]
    assert Follow.objects.count() == 1
    assert Notification.objects.count() == 1
