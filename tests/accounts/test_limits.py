"""Per-member limits on writes others see: reviews, lists, likes, follows, reports."""

import pytest
from django.urls import reverse

from accounts.models import Follow, ListLike, MemberList
from reviews.models import Review
from tests.factories import EntryFactory, MemberListFactory, TitleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight(settings):
    kinds = ["review", "list", "list_entry", "like", "follow", "report"]
    settings.SADLIST_WRITE_LIMITS = dict.fromkeys(kinds, (1, 3600))


def test_follows_beyond_the_limit_get_a_429_and_change_nothing(signed_in, tight):
    first, second = UserFactory(), UserFactory()
    signed_in.post(reverse("accounts:follow", args=[first.username]))
    response = signed_in.post(reverse("accounts:follow", args=[second.username]))
    assert response.status_code == 429
    assert "more follows than sadlist allows in an hour (1)" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert list(Follow.objects.values_list("followee", flat=True)) == [first.pk]


def test_likes_beyond_the_limit_get_a_429(client, tight):
    lists = [MemberListFactory(), MemberListFactory()]
    client.force_login(UserFactory())
    for member_list in lists:
        response = client.post(
            reverse("accounts:list_like", args=[member_list.owner.username, member_list.slug])
        )
    assert response.status_code == 429
    assert ListLike.objects.count() == 1


def test_new_lists_beyond_the_limit_are_a_form_error(signed_in, owner, tight):
    signed_in.post(reverse("accounts:member_list_create"), {"name": "One"})
    response = signed_in.post(reverse("accounts:member_list_create"), {"name": "Two"})
    assert response.status_code == 429
    assert "more new lists than sadlist allows" in response.content.decode()
    assert list(MemberList.objects.values_list("name", flat=True)) == ["One"]


def test_reviews_beyond_the_limit_are_a_form_error(signed_in, owner, tight):
    titles = [TitleFactory(), TitleFactory()]
    for title in titles:
        EntryFactory(user=owner, title=title, status="completed")
        response = signed_in.post(
            reverse("reviews:review_create", args=[title.slug]), {"body": "It hurt. " * 10}
        )
    assert response.status_code == 429
    assert "more reviews than sadlist allows" in response.content.decode()
    assert Review.objects.count() == 1


def test_limits_are_per_member(client, tight):
    target = UserFactory()
    for _ in range(2):
        client.force_login(UserFactory())
        client.post(reverse("accounts:follow", args=[target.username]))
    assert Follow.objects.count() == 2


def test_a_failing_cache_lets_writes_through(signed_in, tight, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "incr", broken)
    for _ in range(3):
        signed_in.post(reverse("accounts:follow", args=[UserFactory().username]))
    assert Follow.objects.count() == 3
