"""Notifications: follows, helpful marks, likes and moderation, with the count in the nav."""

import pytest
from django.urls import reverse

from accounts import community
from accounts.models import Notification
from reviews import services as review_services
from tests.factories import FollowFactory, MemberListFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("accounts:notifications")


def unread(user):
    user.refresh_from_db()
    return user.unread_notifications


def test_each_kind_arrives_and_reads_in_words(client, owner, other_user, curator_client):
    review = ReviewFactory(user=owner)
    member_list = MemberListFactory(owner=owner, name="Sad but gentle")
    FollowFactory  # noqa: B018 - follows go through the service, which notifies
    community.follow_create(follower=other_user, followee=owner)
    review_services.review_vote_helpful(review=review, user=other_user)
    community.list_like(member_list=member_list, user=other_user)
    review_services.review_report(review=review, reporter=other_user, reason="spoilers")
    curator_client.post(
        reverse("admin:reviews_reportedreview_changelist"),
        {"action": "hide", "_selected_action": [review.pk]},
    )
    assert unread(owner) == 4
    client.force_login(owner)
    assert '>4<span class="visually-hidden"> unread' in client.get("/").content.decode()
    page = client.get(NOTIFICATIONS).content.decode()
    assert "followed you." in page
    assert "helpful." in page
    assert "liked your list" in page and "Sad but gentle" in page
    assert "A moderator hid" in page
    assert "Reason: Reported by readers: spoilers not marked as such." in page
    assert page.count(">New</span>") == 4
    assert unread(owner) == 0
    assert not Notification.objects.filter(recipient=owner, read_at__isnull=True).exists()
    assert client.get(NOTIFICATIONS).content.decode().count(">New</span>") == 0
    assert "unread" not in client.get("/").content.decode()


def test_no_notification_for_ones_own_doing(owner):
    community.notification_create(recipient=owner, kind="followed", actor=owner)
    assert not Notification.objects.exists()


def test_no_notification_across_a_block(owner, other_user):
    community.block_create(blocker=owner, blocked=other_user)
    community.list_like(member_list=MemberListFactory(owner=owner), user=other_user)
    assert not Notification.objects.exists()


def test_a_refused_like_leaves_no_notification(owner, other_user):
    member_list = MemberListFactory(owner=owner)
    community.list_like(member_list=member_list, user=other_user)
    with pytest.raises(Exception, match="already like"):
        community.list_like(member_list=member_list, user=other_user)
    assert Notification.objects.count() == 1 and unread(owner) == 1


def test_hiding_a_hidden_review_again_says_nothing_new(owner):
    review = ReviewFactory(user=owner)
    review_services.review_hide(review=review, reason="Spoilers.")
    review_services.review_hide(review=review)
    assert Notification.objects.get().reason == "Spoilers."


def test_a_new_notification_reaches_the_nav_through_the_member_page_cache(
    client, owner, other_user, settings, django_capture_on_commit_callbacks
):
    settings.SADLIST_MEMBER_PAGE_SECONDS = 60
    client.force_login(owner)
    assert "unread" not in client.get("/").content.decode()
    assert "unread" not in client.get("/").content.decode()  # kept
    with django_capture_on_commit_callbacks(execute=True):
        community.follow_create(follower=other_user, followee=owner)
    assert '>1<span class="visually-hidden"> unread' in client.get("/").content.decode()


def test_notifications_need_a_sign_in_and_show_only_ones_own(client, owner, other_user):
    assert client.get(NOTIFICATIONS)["Location"].startswith("/accounts/login/")
    community.follow_create(follower=UserFactory(username="dana"), followee=other_user)
    client.force_login(owner)
    assert "dana" not in client.get(NOTIFICATIONS).content.decode()
    assert unread(other_user) == 1


def test_notifications_page_query_count_is_fixed(client, owner, django_assert_num_queries):
    member_list = MemberListFactory(owner=owner)
    community.list_like(member_list=member_list, user=UserFactory())
    client.force_login(owner)
    # Session, user, count, page, then marking read (in a savepoint here): the update and
    # the user's count.
    with django_assert_num_queries(8):
        client.get(NOTIFICATIONS)
    for _ in range(10):
        community.list_like(member_list=member_list, user=UserFactory())
    with django_assert_num_queries(8):
        client.get(NOTIFICATIONS)
