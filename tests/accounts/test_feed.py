"""/feed/, the home page's start of it, and a member's Atom feed of public activity."""

import pytest
from django.urls import reverse

from accounts import community, selectors
from tests.factories import (
    EntryFactory,
    FollowFactory,
    MemberListFactory,
    ReviewFactory,
    TitleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FEED = reverse("accounts:feed")


def active_member(name=None):
    """A member with a rating, a review and a public list."""
    member = UserFactory(**({"username": name} if name else {}))
    title = TitleFactory()
    EntryFactory(user=member, title=title, status="completed", cry_rating=5)
    ReviewFactory(user=member, title=title)
    MemberListFactory(owner=member, name=f"{member.username}'s saddest")
    return member


def test_feed_shows_followed_members_ratings_reviews_and_lists(signed_in, owner):
    dana = active_member("dana")
    FollowFactory(follower=owner, followee=dana)
    page = signed_in.get(FEED).content.decode()
    assert "<strong>Completed</strong> · 5 · Destroyed" in page
    assert "reviewed" in page
    assert "made a list: <a" in page and "dana&#x27;s saddest" in page


def test_feed_is_newest_first_and_leaves_out_the_unfollowed(signed_in, owner):
    dana = UserFactory(username="dana")
    FollowFactory(follower=owner, followee=dana)
    EntryFactory(user=dana, title=TitleFactory(title_en="Older"), status="watching")
    EntryFactory(user=dana, title=TitleFactory(title_en="Newer"), status="watching")
    EntryFactory(user=UserFactory(), title=TitleFactory(title_en="Stranger's"), status="watching")
    page = signed_in.get(FEED).content.decode()
    assert page.index("Newer") < page.index("Older")
    assert "Stranger" not in page


def test_private_profiles_never_appear_in_a_feed(signed_in, owner):
    dana = active_member("dana")
    dana.watchlist_visibility = "private"
    dana.save()
    FollowFactory(follower=owner, followee=dana)
    page = signed_in.get(FEED).content.decode()
    assert "dana" not in page
    home = signed_in.get("/").content.decode()
    assert "From people you follow" in home and "Nothing yet. Follow members" in home


def test_private_and_hidden_lists_never_appear_in_a_feed(signed_in, owner):
    dana = UserFactory(username="dana")
    FollowFactory(follower=owner, followee=dana)
    MemberListFactory(owner=dana, name="Secret sorrow", is_public=False)
    MemberListFactory(owner=dana, name="Hidden sorrow", is_hidden=True)
    page = signed_in.get(FEED).content.decode()
    assert "Secret sorrow" not in page and "Hidden sorrow" not in page


def test_the_newest_reviews_of_all_followed_come_first_and_hidden_ones_never(owner):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.models import Review

    busy, quiet = UserFactory(username="busy"), UserFactory(username="quiet")
    for member in (busy, quiet):
        FollowFactory(follower=owner, followee=member)
    now = timezone.now()
    reviews = {}
    for n, (author, minutes) in enumerate(
        [(busy, 10), (busy, 9), (busy, 8), (quiet, 1), (busy, 7), (quiet, 2), (busy, 0)]
    ):
        review = ReviewFactory(user=author, title=TitleFactory(title_en=f"T{n}"))
        Review.objects.filter(pk=review.pk).update(created_at=now - timedelta(minutes=minutes))
        reviews[n] = review
    Review.objects.filter(pk=reviews[6].pk).update(is_hidden=True)

    items = [item for item in selectors.activity(limit=3, viewer=owner) if item.kind == "review"]

    # The newest three visible: quiet's two and busy's newest shown one; the hidden never.
    assert [item.item.title.title_en for item in items] == ["T3", "T5", "T4"]


def test_blocked_members_activity_never_appears(signed_in, owner):
    dana = active_member("dana")
    FollowFactory(follower=owner, followee=dana)
    community.block_create(blocker=dana, blocked=owner)
    assert "dana" not in signed_in.get(FEED).content.decode()


def test_feed_pages(signed_in, owner):
    dana = UserFactory(username="dana")
    FollowFactory(follower=owner, followee=dana)
    for n in range(selectors.FEED_PAGE_SIZE + 3):
        EntryFactory(user=dana, title=TitleFactory(title_en=f"Title number {n:02}"))
    first = signed_in.get(FEED).content.decode()
    assert "Title number 22" in first and "Title number 02" not in first
    assert 'rel="next" href="?page=2"' in first
    second = signed_in.get(FEED + "?page=2").content.decode()
    assert "Title number 02" in second and "Title number 03" not in second
    assert 'rel="next"' not in second
    for odd in ["x", "-1", "99999"]:
        assert signed_in.get(FEED + f"?page={odd}").status_code == 200


def test_feed_needs_a_sign_in(client):
    assert client.get(FEED)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("followees", [1, 10])
def test_feed_runs_the_same_queries_however_many_one_follows(
    client, owner, followees, django_assert_num_queries
):
    for _ in range(followees):
        FollowFactory(follower=owner, followee=active_member())
    client.force_login(owner)
    # Session and user, then one query for ratings, reviews and lists together.
    with django_assert_num_queries(3):
        response = client.get(FEED)
    assert response.content.decode().count('class="py-2 border-bottom activity') == min(
        3 * followees, selectors.FEED_PAGE_SIZE
    )


@pytest.mark.parametrize("followees", [1, 10])
def test_signed_in_home_shows_the_start_of_the_feed_in_fixed_queries(
    client, owner, followees, django_assert_num_queries
):
    for _ in range(followees):
        FollowFactory(follower=owner, followee=active_member())
    client.force_login(owner)
    client.get("/")
    # Home's shared part built afresh, as these tests run (its lists and the visitors'
    # latest reviews), then the member's own: session, user, feed, quick forms. They block
    # no one, so the visitors' latest reviews are theirs.
    with django_assert_num_queries(9):
        page = client.get("/").content.decode()
    assert page.count('class="py-2 border-bottom activity') == min(3 * followees, 5)


# The Atom feed ------------------------------------------------------------------------------


def test_member_atom_feed_has_their_public_activity(client):
    dana = active_member("dana")
    MemberListFactory(owner=dana, name="Secret sorrow", is_public=False)
    response = client.get(reverse("accounts:member_feed", args=["dana"]))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Completed · 5 · Destroyed" in body
    assert "dana reviewed" in body and "dana made a list" in body
    assert "Secret sorrow" not in body


def test_private_profiles_have_no_atom_feed(client):
    dana = active_member("dana")
    dana.watchlist_visibility = "private"
    dana.save()
    assert client.get(reverse("accounts:member_feed", args=["dana"])).status_code == 404


def test_feed_items_escape_what_members_wrote(signed_in, owner):
    dana = UserFactory(username="dana", display_name="<i>Dana</i>")
    FollowFactory(follower=owner, followee=dana)
    title = TitleFactory(title_en="<script>alert(1)</script>")
    EntryFactory(user=dana, title=title, status="completed", cry_rating=5)
    ReviewFactory(user=dana, title=title, body="Tears & <b>sobs</b>, " * 5, contains_spoilers=False)
    MemberListFactory(owner=dana, name="<b>Saddest</b>")
    page = signed_in.get(FEED).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;i&gt;Dana&lt;/i&gt;" in page and "<i>Dana</i>" not in page
    assert "Tears &amp; &lt;b&gt;sobs&lt;/b&gt;" in page
    assert "made a list: <a" in page and "&lt;b&gt;Saddest&lt;/b&gt;" in page
    assert '<a href="/u/dana/">' in page
