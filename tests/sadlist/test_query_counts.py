"""Every page runs a fixed number of SQL queries, at most 10, whatever the data size (the
signed-in title page, with the member's forecast, came down from 11 to 10 once its rank was
a stored column).

Counted cold: the cache is empty and whole-page caching is off (tests/conftest.py).
The data set grows tenfold between the two counts.
"""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Tag
from forecast import services as forecast_services
from reviews.services import review_vote_helpful
from tests.factories import (
    CuratedListFactory,
    EntryFactory,
    ListEntryFactory,
    ReviewFactory,
    TagFactory,
    TitleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
# The title page signed in: session, user, the reader's entry with their marks on the
# visitors' first page of reviews, the member's forecast and the reader's own lists (to add
# the title to one), on top of the visitor's seven (the shared part built afresh, as these
# tests run: from the cache, a member's title page runs five). (Home signed in reads the
# start of the member's feed, ratings, reviews and lists, in one query.)
MAX_QUERIES_EXCEPT = {"title, signed in": 11}
STATUSES = itertools.cycle(["completed", "watching", "completed", "dropped", "on_hold"])
_counter = itertools.count()


def grow(scale, *, member, star, curated_list, tags):
    """Add ``scale`` units of community: titles, members, entries, reviews, votes."""
    for _ in range(scale):
        n = next(_counter)
        titles = [
            TitleFactory(year=1995 + (n * 7) % 20, format="movie" if n % 3 == 0 else "tv")
            for _ in range(3)
        ]
        for title in titles:
            title.tags.add(tags[n % 2])
            if n % 2 == 0:
                title.tags.add(tags[1])  # some titles have both, for the all-of filters
            if n % 3:
                title.content_notes.add(tags[-1])
            ListEntryFactory(curated_list=curated_list, title=title, position=n * 3 + 100)
        for user in UserFactory.create_batch(2):
            for title in [*titles, star]:
                EntryFactory(
                    user=user,
                    title=title,
                    status=next(STATUSES),
                    cry_rating=n % 6,
                    score=1 + n % 10,
                )
            review = ReviewFactory(
                user=user, title=star, body=f"Review number {n} of the star title, tears. " * 2
            )
            review_vote_helpful(review=review, user=member)
        for title in titles:
            EntryFactory(user=member, title=title, status=next(STATUSES), cry_rating=(n + 2) % 6)


@pytest.fixture
def community():
    member = UserFactory(username="member")
    star = TitleFactory(title_en="Your Lie in April", slug="star")
    curated_list = CuratedListFactory(slug="the-list")
    tags = [TagFactory(slug="romance"), TagFactory(slug="music")]
    tags.append(TagFactory(slug="war", kind=Tag.Kind.CONTENT_NOTE))
    EntryFactory(user=member, title=star, status="completed", cry_rating=5)
    review = ReviewFactory(user=member, title=star, body="Mine, about the star. " * 4)
    return {
        "member": member,
        "star": star,
        "curated_list": curated_list,
        "tags": tags,
        "review": review,
    }


def public_pages(data):
    star = data["star"]
    return {
        "home": reverse("home"),
        "titles": reverse("catalog:title_list"),
        "titles filtered": reverse("catalog:title_list")
        + "?q=sad&format=tv&tag=music&decade=2000&sort=-year&page=2",
        "titles, all of two tags, one left out, by cry rating": reverse("catalog:title_list")
        + "?tag=romance&tag=music&exclude=war&sort=-cry",
        "titles, by popularity": reverse("catalog:title_list") + "?sort=popular",
        "titles, search only": reverse("catalog:title_list") + "?q=sad+story",
        "title suggestions": reverse("catalog:title_suggest") + "?q=sad",
        "title": star.get_absolute_url(),
        "title, newest reviews, page 2": star.get_absolute_url() + "?reviews=new&rpage=2",
        "rankings:tearful": reverse("rankings:tearful"),
        "rankings by format": reverse("rankings:tearful") + "?format=tv",
        "rankings by tag": reverse("rankings:tearful") + "?tag=romance",
        "rankings by content note": reverse("rankings:tearful") + "?tag=war",
        "rankings by decade": reverse("rankings:tearful") + "?decade=2000",
        "rankings, all of two tags, one left out": reverse("rankings:tearful")
        + "?tag=romance&tag=music&exclude=war",
        "rankings filtered, page 2": reverse("rankings:tearful") + "?format=tv&decade=2000&page=2",
        "most watched": reverse("rankings:watched"),
        "most watched by tag": reverse("rankings:watched") + "?tag=music&format=tv",
        "article's order": reverse("rankings:article"),
        "lists": reverse("catalog:list_index"),
        "a list": data["curated_list"].get_absolute_url(),
        "profile": reverse("accounts:profile", args=["member"]),
        "reviews": reverse("reviews:review_list"),
        "a review": data["review"].get_absolute_url(),
        "review feed": reverse("reviews:review_feed"),
        "sitemap": "/sitemap.xml",
        "similar heartbreaks": reverse("forecast:similar_list", args=[star.slug]),
        "similar heartbreaks filtered": reverse("forecast:similar_list", args=[star.slug])
        + "?format=tv&tag=romance",
        "how the forecast works": reverse("forecast:forecast_about"),
    }


def member_pages(data):
    return {
        "watchlist": reverse("watchlist:entry_list"),
        "watchlist, completed, by cry rating": reverse("watchlist:entry_list")
        + "?status=completed&sort=-cry",
        "title, signed in": data["star"].get_absolute_url(),
        "search results, signed in": reverse("catalog:title_list") + "?q=sad+story",
        "rankings, signed in": reverse("rankings:tearful"),
        "most watched, signed in": reverse("rankings:watched"),
        "a list, signed in": data["curated_list"].get_absolute_url(),
        "home, signed in": reverse("home"),
        "own profile": reverse("accounts:profile", args=["member"]),
        "settings": reverse("accounts:settings"),
        "export": reverse("accounts:export"),
        "forecast": reverse("forecast:forecast_list"),
        "forecast filtered": reverse("forecast:forecast_list") + "?format=tv&tag=music",
    }


def count_queries(client, pages):
    counts = {}
    for name, url in pages.items():
        cache.clear()  # cold: a page's shared parts (the similar heartbreaks) read afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        # A page that found nothing would skip its list query and prove little.
        assert "No title matches" not in response.content.decode(), name
        counts[name] = len(queries)
    return counts


def measure(client, data):
    anonymous = count_queries(client, public_pages(data))
    client.force_login(data["member"])
    signed_in = count_queries(client, member_pages(data))
    client.logout()
    return {**anonymous, **signed_in}


def test_every_page_runs_the_same_few_queries_at_ten_times_the_data(client, community):
    grow(2, **{key: community[key] for key in ("member", "star", "curated_list", "tags")})
    forecast_services.forecast_build()
    small = measure(client, community)
    grow(18, **{key: community[key] for key in ("member", "star", "curated_list", "tags")})
    forecast_services.forecast_build()
    large = measure(client, community)
    assert large == small
    too_many = {
        name: count
        for name, count in large.items()
        if count > MAX_QUERIES_EXCEPT.get(name, MAX_QUERIES)
    }
    assert too_many == {}
