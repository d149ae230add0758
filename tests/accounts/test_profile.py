import re

import pytest
from django.urls import reverse

from catalog.models import Title
from reviews.models import Review
from tests.factories import (
    EntryFactory,
    MemberListFactory,
    ReviewFactory,
    TitleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(db):
    dana = UserFactory(
        username="dana", display_name="Dana <b>Tears</b>", bio="I cry at everything."
    )
    EntryFactory(
        user=dana,
        title=TitleFactory(title_en="Clannad", episodes=24),
        status="completed",
        cry_rating=5,
    )
    EntryFactory(
        user=dana,
        title=TitleFactory(title_en="Wolf Children", format=Title.Format.MOVIE, episodes=1),
        status="completed",
        cry_rating=4,
        note="my secret note",
    )
    EntryFactory(
        user=dana,
        title=TitleFactory(title_en="Orange", episodes=13),
        status="watching",
        episodes_watched=5,
        cry_rating=4,
    )
    EntryFactory(user=dana, title=TitleFactory(title_en="Nana"), status="plan_to_watch")
    return dana


def url(user):
    return reverse("accounts:profile", args=[user.username])


def test_public_profile_shows_numbers_and_list(client, dana):
    response = client.get(url(dana))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert dict(stats["statuses"]) == {
        "Plan to watch": 1,
        "Watching": 1,
        "Completed": 2,
        "On hold": 0,
        "Dropped": 0,
    }
    assert stats["completed"] == 2
    assert stats["episodes"] == 24 + 1 + 5
    # 24 + 5 TV episodes of 24 minutes and one film of 105 minutes.
    assert stats["hours"] == round((29 * 24 + 105) / 60)
    assert stats["cry_mean"] == pytest.approx(13 / 3)
    assert [row["count"] for row in stats["histogram"]] == [0, 0, 0, 0, 2, 1]
    page = response.content.decode()
    assert "4.33 / 5" in page
    for name in ["Clannad", "Wolf Children", "Orange", "Nana"]:
        assert name in page
    assert "I cry at everything." in page


def test_histogram_is_svg_labelled_for_screen_readers(client, dana):
    page = client.get(url(dana)).content.decode()
    title = re.search(r'<title id="profile-cry-title">(.*?)</title>', page, re.S).group(1)
    assert "2 Sobbing" in title and "1 Destroyed" in title and "0 Not a tear" in title
    assert 'role="img" aria-labelledby="profile-cry-title"' in page


def test_private_notes_never_appear(client, dana):
    assert "my secret note" not in client.get(url(dana)).content.decode()


def test_private_profile_shows_numbers_but_no_list(client, dana):
    dana.watchlist_visibility = "private"
    dana.save()
    response = client.get(url(dana))
    page = response.content.decode()
    assert response.context["stats"]["completed"] == 2
    assert "keeps their watchlist private" in page
    assert "Wolf Children" not in page and "Clannad" not in page


def test_owner_sees_own_private_list(client, dana):
    dana.watchlist_visibility = "private"
    dana.save()
    client.force_login(dana)
    page = client.get(url(dana)).content.decode()
    assert "Wolf Children" in page
    assert "only you see the list below" in page


def test_display_name_is_escaped(client, dana):
    page = client.get(url(dana)).content.decode()
    assert "Dana &lt;b&gt;Tears&lt;/b&gt;" in page
    assert "<b>Tears</b>" not in page


def test_username_in_other_case_redirects(client, dana):
    response = client.get(reverse("accounts:profile", args=["DANA"]))
    assert response.status_code == 301
    assert response["Location"] == url(dana)


@pytest.mark.parametrize("username", ["nobody", "dana%00", "x" * 300])
def test_unknown_user_is_404(client, dana, username):
    assert client.get(f"/u/{username}/").status_code == 404


def test_inactive_user_is_404(client, dana):
    dana.is_active = False
    dana.save()
    assert client.get(url(dana)).status_code == 404


def test_empty_profile(client, other_user):
    response = client.get(url(other_user))
    assert response.status_code == 200
    assert "No cry ratings yet." in response.content.decode()


def add_reviewed_titles(user, count):
    for _ in range(count):
        title = TitleFactory()
        EntryFactory(user=user, title=title, status="completed", cry_rating=2)
        ReviewFactory(user=user, title=title, body="Tears, again and again. " * 3)


def test_query_count_is_fixed(client, dana, django_assert_num_queries):
    add_reviewed_titles(dana, 2)
    MemberListFactory(owner=dana)
    # The user (with follow counts), the numbers (which count the list too), reviews, recent
    # activity, the list's page, the four favourites and the member's lists.
    with django_assert_num_queries(7):
        client.get(url(dana))
    add_reviewed_titles(dana, 10)
    MemberListFactory.create_batch(3, owner=dana)
    with django_assert_num_queries(7):
        client.get(url(dana))


def test_profile_lists_visible_reviews(client, dana, other_user):
    from reviews.services import review_hide

    add_reviewed_titles(dana, 2)
    hidden = Review.objects.filter(user=dana).first()
    review_hide(review=hidden)
    response = client.get(url(dana))
    assert [review.pk for review in response.context["reviews"]] == list(
        Review.objects.filter(user=dana, is_hidden=False).values_list("pk", flat=True)
    )
    assert len(response.context["reviews"]) == 1
    # Reviews stay public when the watchlist is private.
    dana.watchlist_visibility = "private"
    dana.save()
    assert len(client.get(url(dana)).context["reviews"]) == 1


def test_profile_rows_show_each_entry_escaped_and_in_status_order(client, dana):
    EntryFactory(
        user=dana,
        title=TitleFactory(title_en="<script>alert(1)</script>", slug="hostile", episodes=None),
        status="dropped",
        episodes_watched=2,
        score=7,
    )
    page = client.get(url(dana)).content.decode()
    assert "<script>alert(1)" not in page
    watchlist = page[page.index('id="list-heading"') :]
    assert (
        '<tr><th scope="row"><a href="/titles/hostile/">&lt;script&gt;alert(1)&lt;/script&gt;'
        "</a></th><td>Dropped</td><td>2</td><td>—</td><td>7</td></tr>"
    ) in watchlist
    assert "<td>Watching</td><td>5 / 13</td><td>4 · Sobbing</td><td>—</td>" in watchlist
    # Plan to watch, Watching, Completed (by title), On hold, Dropped.
    order = ["Nana", "Orange", "Clannad", "Wolf Children", "&lt;script&gt;"]
    assert [watchlist.index(f">{name}") for name in order] == sorted(
        watchlist.index(f">{name}") for name in order
    )
    recent = page[page.index('id="recent-heading"') : page.index('id="list-heading"')]
    assert (
        '· Dropped <a href="/titles/hostile/">&lt;script&gt;alert(1)&lt;/script&gt;</a></li>'
        in recent
    )
    assert "· Completed <a" in recent and "</a> · Destroyed</li>" in recent
    assert recent.index("&lt;script&gt;") < recent.index(">Clannad<")  # newest first


def test_readers_share_a_profiles_numbers_and_lists_and_see_each_change_at_once(
    client, dana, other_user, shared_on, committed, django_assert_num_queries
):
    from accounts import community
    from accounts.services import user_profile_save
    from sadlist.caching import SHARED_HEADER
    from watchlist.services import entry_save

    MemberListFactory(owner=dana, name="Ugly crying")
    assert client.get(url(dana))[SHARED_HEADER] == "miss"
    # The member (with follow counts): numbers, recent activity, the first page, favourites,
    # lists and reviews are kept for every reader.
    with django_assert_num_queries(1):
        response = client.get(url(dana))
    assert response[SHARED_HEADER] == "hit"
    assert response.context["stats"]["completed"] == 2
    assert "Ugly crying" in response.content.decode()
    # Dana adds a title and completes it: every reader sees it at once.
    hotaru = TitleFactory(title_en="Hotaru no Haka", episodes=1)
    committed(
        entry_save,
        entry=EntryFactory.build(user=dana, title=hotaru, status="completed", cry_rating=5),
    )
    response = client.get(url(dana))
    assert response.context["stats"]["completed"] == 3
    assert "Hotaru no Haka" in response.content.decode()
    # A curator renames a title; Dana makes a list and renames herself.
    hotaru.title_en = "Grave of the Fireflies"
    committed(hotaru.save)
    committed(community.list_save, member_list=MemberListFactory.build(owner=dana, name="Sobs"))
    dana.display_name = "Dana Sobs"
    committed(user_profile_save, user=dana)
    page = client.get(url(dana)).content.decode()
    assert "Grave of the Fireflies" in page and ">Sobs<" in page and "Dana Sobs" in page
    # Made private: readers no longer see the list; Dana still does, with her private lists.
    private = MemberListFactory(owner=dana, name="Only mine", is_public=False)
    dana.watchlist_visibility = "private"
    committed(user_profile_save, user=dana)
    page = client.get(url(dana)).content.decode()
    assert "Grave of the Fireflies" not in page and "keeps their watchlist private" in page
    client.force_login(other_user)
    assert "Grave of the Fireflies" not in client.get(url(dana)).content.decode()
    client.force_login(dana)
    page = client.get(url(dana)).content.decode()
    assert "Grave of the Fireflies" in page and private.name in page


def test_kept_reviews_carry_each_readers_marks_and_every_change_at_once(
    client, dana, other_user, shared_on, committed, django_assert_num_queries
):
    from accounts.community import block_create
    from reviews import services as review_services

    add_reviewed_titles(dana, 2)
    older, newer = Review.objects.filter(user=dana).order_by("created_at", "pk")

    def shown(response):
        reviews = response.context["reviews"]
        return [(review.pk, review.voted, review.reported) for review in reviews]

    client.force_login(other_user)
    client.get(url(dana))  # kept from here on
    # The session, the reader, the member and the reader's marks on the kept reviews.
    with django_assert_num_queries(4):
        response = client.get(url(dana))
    assert shown(response) == [(newer.pk, False, False), (older.pk, False, False)]
    # The reader marks one helpful and reports the other: their page says so at once.
    committed(review_services.review_vote_helpful, review=older, user=other_user)
    committed(review_services.review_report, review=newer, reporter=other_user, reason="spam")
    response = client.get(url(dana))
    assert shown(response) == [(newer.pk, False, True), (older.pk, True, False)]
    page = response.content.decode()
    assert 'aria-pressed="true">Helpful' in page and "You reported this review" in page
    # Visitors see the helpful count move, and none of the reader's marks.
    client.logout()
    with django_assert_num_queries(1):
        response = client.get(url(dana))
    assert shown(response) == [(newer.pk, False, False), (older.pk, False, False)]
    assert [review.helpful_count for review in response.context["reviews"]] == [0, 1]
    # Moderators hide one: readers no longer see it; its author still does, marked hidden.
    committed(review_services.review_hide, review=older)
    assert [review.pk for review in client.get(url(dana)).context["reviews"]] == [newer.pk]
    client.force_login(dana)
    response = client.get(url(dana))
    assert [review.pk for review in response.context["reviews"]] == [newer.pk, older.pk]
    assert "Moderators have hidden this review" in response.content.decode()
    # A reader who blocks Dana sees none of her reviews.
    committed(block_create, blocker=other_user, blocked=dana)
    client.force_login(other_user)
    response = client.get(url(dana))
    assert response.context["reviews"] == []
    assert "No reviews yet." in response.content.decode()


def test_a_later_page_of_a_kept_profile_is_read_afresh(client, dana, shared_on):
    from accounts.views import ENTRIES_PER_PAGE

    for n in range(ENTRIES_PER_PAGE):
        EntryFactory(user=dana, title=TitleFactory(title_en=f"Zz sad {n:02}"), status="dropped")

    def shown(response):
        return [row["title_en"] for row in response.context["page"].object_list]

    client.get(url(dana))  # kept from here on
    first = shown(client.get(url(dana)))
    # Dropped come last in status order, by title: the last ones are on page 2.
    second = client.get(url(dana), {"page": "2"})
    assert second.context["page"].number == 2
    assert shown(second) == [f"Zz sad {n:02}" for n in range(len(first) - 4, ENTRIES_PER_PAGE)]
    assert shown(client.get(url(dana), {"page": "abc"})) == first
