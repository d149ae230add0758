"""Following, unfollowing and blocking members, and the follower pages."""

import pytest
from django.urls import reverse

from accounts import community
from accounts.models import Block, Follow, Notification
from tests.factories import EntryFactory, FollowFactory, ReviewFactory, TitleFactory, UserFactory

pytestmark = pytest.mark.django_db


def follow_url(member):
    return reverse("accounts:follow", args=[member.username])


def block_url(member):
    return reverse("accounts:block", args=[member.username])


def test_follow_from_the_profile_then_unfollow(signed_in, owner, other_user):
    page = signed_in.get(other_user.get_absolute_url()).content.decode()
    assert follow_url(other_user) in page
    response = signed_in.post(follow_url(other_user))
    assert response["Location"] == other_user.get_absolute_url()
    assert Follow.objects.filter(follower=owner, followee=other_user).exists()
    assert "Unfollow" in signed_in.get(other_user.get_absolute_url()).content.decode()
    signed_in.post(follow_url(other_user), {"undo": "1"})
    assert not Follow.objects.exists()


def test_following_twice_keeps_one_follow_and_says_so(signed_in, owner, other_user):
    signed_in.post(follow_url(other_user))
    response = signed_in.post(follow_url(other_user), follow=True)
    assert "You already follow bob." in response.content.decode()
    assert Follow.objects.count() == 1
    assert Notification.objects.filter(recipient=other_user, kind="followed").count() == 1


def test_no_one_follows_themselves(signed_in, owner):
    response = signed_in.post(follow_url(owner), follow=True)
    assert "follow yourself" in response.content.decode()
    assert not Follow.objects.exists()


def test_following_needs_a_sign_in_and_a_post(client, other_user):
    assert client.post(follow_url(other_user))["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    assert client.get(follow_url(other_user)).status_code == 405
    assert not Follow.objects.exists()


def test_unknown_member_is_404(signed_in):
    assert signed_in.post("/u/nobody/follow/").status_code == 404


def test_followers_and_following_pages(client, owner, other_user):
    FollowFactory(follower=other_user, followee=owner)
    followers = client.get(reverse("accounts:followers", args=["alice"])).content.decode()
    following = client.get(reverse("accounts:following", args=["bob"])).content.decode()
    assert "bob" in followers and "alice" in following
    profile = client.get(owner.get_absolute_url()).content.decode()
    assert "1 follower<" in profile


def test_a_private_profiles_follow_pages_are_404_to_others(client, owner):
    owner.watchlist_visibility = "private"
    owner.save()
    assert client.get(reverse("accounts:followers", args=["alice"])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("accounts:followers", args=["alice"])).status_code == 200


def test_blocking_ends_follows_both_ways_and_stops_new_ones(signed_in, owner, other_user):
    FollowFactory(follower=owner, followee=other_user)
    FollowFactory(follower=other_user, followee=owner)
    signed_in.post(block_url(other_user))
    assert Block.objects.filter(blocker=owner, blocked=other_user).exists()
    assert not Follow.objects.exists()
    response = signed_in.post(follow_url(other_user), follow=True)
    assert "You can&#x27;t follow bob." in response.content.decode()
    with pytest.raises(Exception, match="can't follow alice"):
        community.follow_create(follower=other_user, followee=owner)
    assert not Follow.objects.exists()


def test_unblocking_allows_following_again(signed_in, owner, other_user):
    signed_in.post(block_url(other_user))
    signed_in.post(block_url(other_user), {"undo": "1"})
    assert not Block.objects.exists()
    signed_in.post(follow_url(other_user))
    assert Follow.objects.exists()


def test_blocked_members_reviews_are_hidden_from_the_blocker(signed_in, owner, other_user):
    title = TitleFactory()
    review = ReviewFactory(user=other_user, title=title)
    community.block_create(blocker=owner, blocked=other_user)
    assert review.body[:30] not in signed_in.get(title.get_absolute_url()).content.decode()
    assert review.body[:30] not in signed_in.get(reverse("reviews:review_list")).content.decode()
    assert signed_in.get(review.get_absolute_url()).status_code == 404
    # Everyone else still reads it.
    signed_in.logout()
    assert review.body[:30] in signed_in.get(title.get_absolute_url()).content.decode()


def test_block_needs_a_sign_in(client, other_user):
    client.post(block_url(other_user))
    assert not Block.objects.exists()


def test_profile_query_count_does_not_grow_with_followers(
    client, owner, other_user, django_assert_num_queries
):
    EntryFactory(user=owner, title=TitleFactory(), status="completed", cry_rating=3)
    client.force_login(other_user)
    FollowFactory(follower=UserFactory(), followee=owner)
    url = owner.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)
    for _ in range(10):
        FollowFactory(follower=UserFactory(), followee=owner)
    with django_assert_num_queries(9):
        client.get(url)
