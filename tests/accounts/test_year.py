"""/u/<name>/year/<yyyy>/: a member's year in tears."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EntryFactory, ReviewFactory, TitleFactory

pytestmark = pytest.mark.django_db


def year_url(member, year):
    return f"/u/{member.username}/year/{year}/"


def finished(member, title_en, day, cry):
    EntryFactory(
        user=member,
        title=TitleFactory(title_en=title_en),
        status="completed",
        cry_rating=cry,
        started_on=day - datetime.timedelta(days=3),
        finished_on=day,
    )


def test_a_year_adds_up_the_tears(client, owner):
    finished(owner, "Orange", datetime.date(2024, 3, 2), 4)
    finished(owner, "Clannad After Story", datetime.date(2024, 3, 20), 5)
    finished(owner, "Barakamon", datetime.date(2024, 11, 1), 1)
    finished(owner, "Last year's", datetime.date(2023, 12, 31), 5)
    page = client.get(year_url(owner, 2024)).content.decode()
    assert '<dt class="col-sm-4">Titles completed</dt><dd class="col-sm-8">3</dd>' in page
    assert '<dd class="col-sm-8">10</dd>' in page  # 4 + 5 + 1 tears
    assert "Clannad After Story</a> · 5 · Destroyed" in page
    assert "Last year" not in page
    # The chart and its text alternative.
    assert "<svg" in page and "March 2, " in page and "November 1, " in page
    assert '<th scope="row">March</th><td>2</td>' in page
    assert "1 Destroyed" in page  # the histogram's description


def test_reviews_written_that_year_are_listed(client, owner):
    title = TitleFactory(title_en="Anohana")
    EntryFactory(user=owner, title=title, status="watching")
    review = ReviewFactory(user=owner, title=title)
    this_year = timezone.now().year
    page = client.get(year_url(owner, this_year)).content.decode()
    assert review.get_absolute_url() in page


@pytest.mark.parametrize("year", ["1900", "3000", "0000"])
def test_years_outside_what_can_be_are_404(client, owner, year):
    assert client.get(year_url(owner, year)).status_code == 404


def test_not_a_year_is_404(client, owner):
    assert client.get(f"/u/{owner.username}/year/20x4/").status_code == 404
    assert client.get(f"/u/{owner.username}/year/20245/").status_code == 404


def test_a_private_profiles_year_is_its_owners_alone(client, owner):
    owner.watchlist_visibility = "private"
    owner.save()
    year = timezone.now().year
    assert client.get(year_url(owner, year)).status_code == 404
    client.force_login(owner)
    assert client.get(year_url(owner, year)).status_code == 200


def test_year_query_count_is_fixed(client, owner, django_assert_num_queries):
    finished(owner, "One", datetime.date(2024, 1, 5), 3)
    with django_assert_num_queries(3):
        client.get(year_url(owner, 2024))
    for n in range(10):
        finished(owner, f"More {n}", datetime.date(2024, 1 + n, 5), n % 6)
    with django_assert_num_queries(3):
        client.get(year_url(owner, 2024))


def test_the_profile_links_to_this_year(client, owner):
    year = timezone.now().year
    assert (
        reverse("accounts:year", args=[owner.username, year])
        in client.get(owner.get_absolute_url()).content.decode()
    )
