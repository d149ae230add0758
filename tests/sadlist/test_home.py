"""The home page: the pitch, the ten most tearful titles, the article's teaser, latest reviews."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory

# The data set and helpers of the rankings' tests, so both pages are checked against one formula.
from tests.rankings.test_rankings import (
    expected_tearful,
    make_data,
    make_many,
    table_rows,
    two_decimals,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture(autouse=True)
def ranking_m(settings):
    settings.SADLIST_RANKING_M = 5  # whatever the environment says
    return settings


def top_rows(response):
    return [(t.rank, t.title_en, t.weighted) for t in response.context["top_tearful"]]


def test_home_shows_the_most_tearful_by_the_formula(client):
    make_data()
    response = client.get(HOME)
    assert response.status_code == 200
    expected = expected_tearful(m=5)
    assert [(rank, name) for rank, name, _ in top_rows(response)] == [
        (rank, name) for rank, (name, *_) in enumerate(expected, start=1)
    ]
    assert table_rows(response) == [
        [str(rank), name, two_decimals(weighted)]
        for rank, (name, weighted, *_) in enumerate(expected, start=1)
    ]
    page = response.content.decode()
    assert '<h2 id="tearful-heading" class="h3">Most tearful</h2>' in page
    assert f'<a href="{reverse("rankings:tearful")}">See the whole ranking' in page


def test_home_shows_only_the_top_ten(client):
    members = UserFactory.create_batch(2)
    for number in range(12):
        title = TitleFactory(title_en=f"Title {number:02d}")
        for member in members:
            EntryFactory(user=member, title=title, status="completed", cry_rating=number % 6)
    rows = top_rows(client.get(HOME))
    assert [rank for rank, *_ in rows] == list(range(1, 11))
    assert [weighted for *_, weighted in rows] == sorted(
        (weighted for *_, weighted in rows), reverse=True
    )


def test_home_follows_the_m_setting(client, settings):
    make_data()
    settings.SADLIST_RANKING_M = 1
    names = [name for _, name, _ in top_rows(client.get(HOME))]
    assert names == [name for name, *_ in expected_tearful(m=1)]


def test_home_before_any_rating(client, title):
    response = client.get(HOME)
    page = response.content.decode()
    assert response.context["top_tearful"] == []
    assert "No title has a cry rating yet." in page
    assert "Which anime made you cry hardest?" in page  # the pitch stays


def test_home_has_a_latest_reviews_section(client):
    response = client.get(HOME)
    page = response.content.decode()
    assert '<h2 id="reviews-heading" class="h3">Latest reviews</h2>' in page
    assert "No reviews yet." in page


def test_home_shows_the_latest_visible_reviews_newest_first(client):
    from reviews.services import review_hide
    from tests.factories import EntryFactory, TitleFactory, UserFactory

    written = []
    for name in ["Orange", "Nana", "Clannad", "Banana Fish", "Angel Beats!", "Elfen Lied"]:
        user, title = UserFactory(), TitleFactory(title_en=name)
        EntryFactory(user=user, title=title, status="completed")
        written.append(ReviewFactory(user=user, title=title, body=f"{name} hurt. " * 8))
    review_hide(review=written[-1])
    response = client.get(HOME)
    assert list(response.context["latest_reviews"]) == written[-2::-1][:5]
    page = response.content.decode()
    assert "Angel Beats! hurt." in page and "Elfen Lied hurt." not in page


def test_home_keeps_the_pitch_and_the_article_teaser(client, article):
    page = client.get(HOME).content.decode()
    assert "Which anime made you cry hardest?" in page
    assert "Browse 20 titles" in page
    assert "Your Lie in April" in page


def test_home_is_readable_signed_out(client):
    make_data()
    response = client.get(HOME)
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


# The article and its entries, the title count, the site mean, the top ten,
# the latest reviews.
HOME_QUERIES = 6


@pytest.mark.parametrize("size", [20, 60])
def test_query_count_does_not_grow_with_titles(client, django_assert_num_queries, size):
    make_many(size)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(HOME)
    assert len(response.context["top_tearful"]) == 10
    assert len(response.context["entries"]) == 5


def test_latest_reviews_are_linked_from_the_menu_and_the_home_page(client, title):
    EntryFactory(user=UserFactory(), title=title, status="completed", cry_rating=4)
    review = ReviewFactory(title=title, user=title.entries.get().user)
    page = client.get(HOME).content.decode()
    reviews_url = reverse("reviews:review_list")
    menu = page.split('aria-label="Main"')[1].split("</nav>")[0]
    assert f'href="{reviews_url}">Reviews</a>' in menu
    section = page.split('id="reviews-heading"')[1].split("</section>")[0]
    assert review.get_absolute_url() in section
    assert f'<a href="{reviews_url}">See all the latest reviews →</a>' in section


def test_a_member_who_blocks_no_one_gets_the_kept_latest_reviews_and_one_who_does_is_spared(
    client, title, shared_on, committed
):
    from accounts import community

    author, reader = UserFactory(username="weeper"), UserFactory(username="reader")
    EntryFactory(user=author, title=title, status="completed", cry_rating=5)
    committed(ReviewFactory, title=title, user=author, body="I could not stop crying. " * 4)
    client.force_login(reader)
    client.get(HOME)
    with CaptureQueriesContext(connection) as kept:
        page = client.get(HOME).content.decode()
    assert "weeper on " in page
    community.block_create(blocker=reader, blocked=author)
    with CaptureQueriesContext(connection) as own:
        page = client.get(HOME).content.decode()
    assert "weeper on " not in page
    # The latest reviews read for them alone: one query more than the kept ones.
    assert len(own) == len(kept) + 1
    community.block_delete(blocker=reader, blocked=author)
    assert "weeper on " in client.get(HOME).content.decode()
