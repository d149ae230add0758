"""Similar heartbreaks (title page, /titles/<slug>/similar/) and the title page's forecast."""

import pytest
from django.urls import reverse

from catalog.models import Tag, Title
from forecast import services
from forecast.models import TitleNeighbour
from tests.factories import TagFactory, TitleFactory, UserFactory
from tests.forecast.conftest import rate, rate_all, two_tastes

pytestmark = pytest.mark.django_db


def similar_url(slug):
    return reverse("forecast:similar_list", args=[slug])


def listed(response):
    return [pair.neighbour.slug for pair in response.context["similar"]]


def test_titles_the_same_members_cried_at_go_together(client, built):
    response = client.get(similar_url("a-side-0"))
    assert response.status_code == 200
    # The other A titles, never the B titles the same members shrugged at.
    assert sorted(listed(response)) == ["a-side-1", "a-side-2", "a-side-3"]
    assert all(pair.corated == 12 for pair in response.context["similar"])
    page = response.content.decode()
    assert "from 12 members who rated both" in page


def test_title_page_shows_similar_heartbreaks_with_their_support(client, built):
    page = client.get(built.a_titles[0].get_absolute_url()).content.decode()
    assert "Similar heartbreaks" in page
    assert '<a href="/titles/a-side-1/">A-side 1</a>' in page
    assert "B-side" not in page
    assert f'href="{similar_url("a-side-0")}"' in page


def test_a_pair_rated_by_fewer_members_than_the_threshold_is_never_shown(client, db, settings):
    two_tastes(members=2, titles=3)  # each pair rated by 4 members
    services.forecast_build()
    assert not TitleNeighbour.objects.exists()
    settings.SADLIST_FORECAST_MIN_CORATERS = 4
    services.forecast_build()
    assert TitleNeighbour.objects.exists()
    assert len(listed(client.get(similar_url("a-side-0")))) == 2
    # Raising the threshold hides the pairs at once, before the next rebuild.
    settings.SADLIST_FORECAST_MIN_CORATERS = 5
    response = client.get(similar_url("a-side-0"))
    assert listed(response) == []
    assert "Not enough members have rated this title and others alike yet." in (
        response.content.decode()
    )
    page = client.get(reverse("catalog:title_detail", args=["a-side-0"])).content.decode()
    assert "A-side 1" not in page


def test_filters_apply_and_bad_values_are_explained(client, built):
    note = TagFactory(slug="grief", kind=Tag.Kind.CONTENT_NOTE)
    built.a_titles[2].content_notes.add(note)
    built.a_titles[3].format = "movie"
    built.a_titles[3].save()
    assert listed(client.get(similar_url("a-side-0"), {"tag": "grief"})) == ["a-side-2"]
    assert listed(client.get(similar_url("a-side-0"), {"format": "movie"})) == ["a-side-3"]
    response = client.get(similar_url("a-side-0"), {"format": "vhs", "decade": "1234"})
    assert response.status_code == 200
    assert response.content.decode().count("This filter was ignored.") == 2
    assert len(listed(response)) == 3
    empty = client.get(similar_url("a-side-0"), {"format": "music"})
    assert "No similar title matches these filters." in empty.content.decode()


def test_unknown_title_is_404(client, db):
    response = client.get(similar_url("no-such-title"))
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


def test_post_is_not_allowed(client, built):
    assert client.post(similar_url("a-side-0")).status_code == 405


def test_similar_list_query_count_is_constant(client, django_assert_num_queries):
    two_tastes(members=6, titles=3)
    services.forecast_build()
    # The title, the filter form's tags, the similar titles.
    with django_assert_num_queries(3):
        client.get(similar_url("a-side-0"), {"format": "tv"})
    grow_group_a(extra_titles=4, members=8)
    services.forecast_build()
    with django_assert_num_queries(3):
        response = client.get(similar_url("a-side-0"), {"format": "tv"})
    assert len(response.context["similar"]) == 2 + 4


def grow_group_a(*, extra_titles, members):
    """More members who sob at the A titles and at new titles, and shrug at the B ones."""
    extra = TitleFactory.create_batch(extra_titles)
    a_titles = list(Title.objects.filter(slug__startswith="a-side-"))
    b_titles = list(Title.objects.filter(slug__startswith="b-side-"))
    for n, user in enumerate(UserFactory.create_batch(members)):
        for title in a_titles + extra:
            rate(user, title, 5 if n % 2 else 4)
        for title in b_titles:
            rate(user, title, 0 if n % 2 else 1)


def test_title_page_shows_the_members_forecast_beside_the_cry_meter(client, built):
    user = UserFactory(username="reader")
    rate_all(user, built.a_titles[:3], 5)
    rate_all(user, built.b_titles[:2], 1)
    client.force_login(user)
    page = client.get(built.a_titles[3].get_absolute_url()).content.decode()
    assert "Your tear forecast" in page
    assert "About 5 tears" in page
    assert "From at least 12 members who rated it and titles you rated" in page
    assert 'because you gave <a href="/titles/a-side-0/">A-side 0</a> 5' in page
    # Once rated, the member's own rating stands.
    rate(user, built.a_titles[3], 2)
    page = client.get(built.a_titles[3].get_absolute_url()).content.decode()
    assert "About 5 tears" not in page
    assert "You rated this title" in page


def test_title_page_forecast_escapes_the_names_of_the_members_titles(client, built):
    built.a_titles[0].title_en = "<i>Zero</i> & co"
    built.a_titles[0].save()
    user = UserFactory(username="reader")
    rate_all(user, built.a_titles[:3], 5)
    rate_all(user, built.b_titles[:2], 1)
    client.force_login(user)
    page = client.get(built.a_titles[3].get_absolute_url()).content.decode()
    assert "<i>Zero" not in page
    assert '<a href="/titles/a-side-0/">&lt;i&gt;Zero&lt;/i&gt; &amp; co</a> 5' in page
    assert '<a href="/forecast/about/">How the forecast works</a>' in page


def test_title_page_asks_a_newcomer_for_more_ratings(client, built):
    user = UserFactory(username="new")
    rate(user, built.a_titles[0], 5)
    client.force_login(user)
    page = client.get(built.a_titles[3].get_absolute_url()).content.decode()
    assert "Rate 4 more titles to get your forecast" in page


def test_visitors_see_no_forecast_panel(client, built):
    page = client.get(built.a_titles[3].get_absolute_url()).content.decode()
    assert "Your tear forecast" not in page
