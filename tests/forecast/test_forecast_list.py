"""/forecast/: a member's predicted cry ratings, with reasons; the starter set before that."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime

from catalog.models import Tag
from forecast import services
from forecast.models import ForecastBuild, MemberRanking
from sadlist.caching import SHARED_HEADER
from tests.factories import EntryFactory, TagFactory, TitleFactory, UserFactory
from tests.forecast.conftest import rate, rate_all, two_tastes

pytestmark = pytest.mark.django_db

URL = reverse("forecast:forecast_list")


@pytest.fixture
def newcomer(built):
    """A member who sobbed at three A titles and shrugged at three B titles."""
    user = UserFactory(username="newcomer")
    rate_all(user, built.a_titles[:3], 5)
    rate_all(user, built.b_titles[:3], 0)
    return user


def shown(response):
    return [item.title.slug for item in response.context["page"].object_list]


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_post_is_not_allowed(signed_in):
    assert signed_in.post(URL).status_code == 405


def test_a_member_gets_their_groups_titles_first_explained_by_their_own(client, newcomer, built):
    client.force_login(newcomer)
    response = client.get(URL)
    assert response.status_code == 200
    assert shown(response) == ["a-side-3", "b-side-3"]
    first, last = response.context["page"].object_list
    assert first.value > 4 > 1 > last.value
    # Its reasons are the member's own A titles, with the ratings they gave.
    assert {(r.slug, r.rating) for r in first.reasons} == {
        ("a-side-0", 5),
        ("a-side-1", 5),
        ("a-side-2", 5),
    }
    assert first.corated == 12  # all twelve members rated A-side 3 and each A title
    page = response.content.decode()
    assert "About 5 tears" in page
    assert "from at least 12 members who rated it and titles you rated" in page
    assert 'Because you gave <a href="/titles/a-side-0/">A-side 0</a> 5' in page


def test_explanations_name_no_one_elses_titles_or_names(client, newcomer, built):
    client.force_login(newcomer)
    page = client.get(URL).content.decode()
    for member in built.group_a + built.group_b:
        assert member.username not in page
    # Titles the newcomer never rated appear only as forecasts, never as reasons.
    assert "Because you gave" in page
    assert page.count("A-side 3") == 1


def test_the_opposite_group_gets_the_opposite_order(client, built):
    user = UserFactory(username="contrarian")
    rate_all(user, built.a_titles[:3], 0)
    rate_all(user, built.b_titles[:3], 5)
    client.force_login(user)
    assert shown(client.get(URL)) == ["b-side-3", "a-side-3"]


def test_a_new_rating_moves_the_forecast_at_once(client, newcomer, built, settings):
    # Even with the member's pages kept: their own write forgets them.
    settings.SADLIST_MEMBER_PAGE_SECONDS = 30
    client.force_login(newcomer)
    before = client.get(URL).context["page"].object_list[0]
    assert before.title.slug == "a-side-3"
    response = client.post(
        reverse("watchlist:entry_quick_save", args=["a-side-3"]),
        {"status": "completed", "cry_rating": "2", "next": URL},
    )
    assert response.status_code == 302 and response["Location"] == URL
    after = client.get(URL)
    assert shown(after) == ["b-side-3"]


def test_cold_start_asks_for_the_starter_set_and_counts_what_is_missing(signed_in, owner, article):
    EntryFactory(user=owner, title=TitleFactory(), status="completed", cry_rating=3)
    response = signed_in.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rate 4 more titles to start" in page
    assert "You've rated 1 title; the forecast needs 5." in page
    starters = response.context["starters"]
    # The article's list first, in its order.
    assert len(starters) == 12
    assert [t.slug for t in starters][:3] == [
        "your-lie-in-april",
        "anohana-the-flower-we-saw-that-day",
        "a-silent-voice",
    ]
    first = starters[0]
    quick_save = reverse("watchlist:entry_quick_save", args=[first.slug])
    assert f'action="{quick_save}"' in page
    assert f'<input type="hidden" name="next" value="{URL}">' in page
    for level in range(6):
        assert f'name="cry_rating" value="{level}"' in page


def test_starter_set_is_the_article_then_the_most_rated(signed_in, owner):
    from tests.factories import CuratedListFactory, ListEntryFactory

    article = CuratedListFactory(slug="20-best-heartbreaking-anime")
    listed = TitleFactory(slug="listed")
    ListEntryFactory(curated_list=article, title=listed, position=1)
    popular, quiet = TitleFactory(slug="popular"), TitleFactory(slug="quiet")
    rated_by_me = TitleFactory(slug="mine")
    for user in UserFactory.create_batch(3):
        rate(user, popular, 3)
        rate(user, rated_by_me, 3)
    rate(UserFactory(), quiet, 1)
    rate(owner, rated_by_me, 4)
    starters = signed_in.get(URL).context["starters"]
    assert [t.slug for t in starters] == ["listed", "popular", "quiet"]


def test_rating_a_starter_keeps_a_started_status_and_returns_to_the_forecast(signed_in, owner):
    watching = TitleFactory(slug="watching-one")
    EntryFactory(user=owner, title=watching, status="watching")
    rate(UserFactory(), watching, 4)
    page = signed_in.get(URL).content.decode()
    assert '<input type="hidden" name="status" value="watching">' in page
    response = signed_in.post(
        reverse("watchlist:entry_quick_save", args=["watching-one"]),
        {"status": "watching", "cry_rating": "4", "next": URL},
    )
    assert response["Location"] == URL
    entry = owner.entries.get(title=watching)
    assert (entry.status, entry.cry_rating) == ("watching", 4)


def test_enough_ratings_but_nothing_in_common_suggests_the_most_rated(signed_in, owner, article):
    for _ in range(5):
        rate(owner, TitleFactory(), 3)
    popular = TitleFactory(slug="popular")
    for user in UserFactory.create_batch(2):
        rate(user, popular, 4)
    services.forecast_build()
    response = signed_in.get(URL)
    assert response.context["forecast"].needed == 0
    assert "None of your ratings has enough in common" in response.content.decode()
    # The titles most others rated first now, not the article's unrated list.
    assert [t.slug for t in response.context["starters"]][0] == "popular"


def test_no_forecast_from_fewer_than_min_neighbours(client, built, settings):
    user = UserFactory(username="two-only")
    rate_all(user, built.a_titles[:2], 5)
    rate_all(user, built.b_titles[:3], 0)
    client.force_login(user)
    # Two A titles are not a handful: no forecast for A-side 2 or 3.
    assert set(shown(client.get(URL))) == {"b-side-3"}
    settings.SADLIST_FORECAST_MIN_NEIGHBOURS = 2
    assert set(shown(client.get(URL))) == {"a-side-2", "a-side-3", "b-side-3"}


def test_filters_apply_and_bad_values_are_explained(client, newcomer, built):
    movie_tag = TagFactory(slug="war", kind=Tag.Kind.CONTENT_NOTE)
    built.a_titles[3].format = "movie"
    built.a_titles[3].save()
    built.b_titles[3].content_notes.add(movie_tag)
    client.force_login(newcomer)
    assert shown(client.get(URL, {"format": "movie"})) == ["a-side-3"]
    assert shown(client.get(URL, {"tag": "war"})) == ["b-side-3"]
    response = client.get(URL, {"format": "vhs", "tag": "nope", "page": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This filter was ignored." in page
    assert shown(response) == ["a-side-3", "b-side-3"]
    empty = client.get(URL, {"format": "music"})
    assert "No forecast matches these filters." in empty.content.decode()


def test_query_count_is_constant_with_the_data(client, django_assert_num_queries):
    small = two_tastes(members=6, titles=4)
    services.forecast_build()
    user = UserFactory(username="counted")
    for title in small.a_titles[:3] + small.b_titles[:3]:
        rate(user, title, 5 if title in small.a_titles else 0)
    client.force_login(user)

    def counted():
        # Session, user, the tags of the filter form, the member's ratings with their kept
        # ranking (none yet, or resting on other ratings or another build), their
        # forecasts ranked afresh, kept (an upsert, in a savepoint here), those among the
        # filtered titles, the last build, the page's forecasts with their titles.
        with django_assert_num_queries(11):
            client.get(URL, {"format": "tv"})
        # Again, as on any page of theirs until they rate or a build runs: the kept ranking.
        with django_assert_num_queries(7):
            return client.get(URL, {"format": "tv"})

    counted()
    for _ in range(3):
        extra = TitleFactory()
        for member in small.group_a:
            rate(member, extra, 5)
        rate(user, extra, 5)
    for member in UserFactory.create_batch(6):
        rate_all(member, small.a_titles, 4)
    services.forecast_build()
    response = counted()
    assert len(response.context["page"].object_list) >= 2


def test_cold_start_query_count(signed_in, article, django_assert_num_queries):
    signed_in.get(URL)  # the session row exists from here on
    # Session, user, the member's ratings, the last build, the member's entries,
    # the article's list and its entries (twenty: enough, no most-rated titles needed).
    with django_assert_num_queries(7):
        signed_in.get(URL)


def test_kept_build_and_tags_show_a_new_build_and_a_renamed_tag_at_once(
    client, newcomer, built, shared_on, committed, django_assert_num_queries
):
    ForecastBuild.objects.update(built_at=datetime(2020, 6, 15, 12, 0, tzinfo=UTC))
    tag = TagFactory(name="Grief", slug="grief")
    client.force_login(newcomer)
    first = client.get(URL)
    assert first[SHARED_HEADER] == "miss"
    assert "model learnt 15 June 2020, 12:00" in first.content.decode()
    # Session, user, the member's ratings with their kept ranking, the page's forecasts:
    # the last build and the filters' tags are the kept ones, shared with the catalog.
    with django_assert_num_queries(4):
        second = client.get(URL)
    assert second[SHARED_HEADER] == "hit"
    assert '<option value="grief">Grief</option>' in second.content.decode()
    # A filtered page reads the kept tags, and the catalog's search the same copy (its one
    # shared part there).
    assert client.get(URL, {"format": "tv"})[SHARED_HEADER] == "miss"
    assert client.get(reverse("catalog:title_list"), {"q": "side"})[SHARED_HEADER] == "hit"
    tag.name = "Mourning"
    committed(tag.save)
    assert '<option value="grief">Mourning</option>' in client.get(URL).content.decode()
    filtered = client.get(URL, {"tag": "grief"}).content.decode()
    assert '<option value="grief" selected>Mourning</option>' in filtered
    build = committed(services.forecast_build)
    page = client.get(URL).content.decode()
    assert "15 June 2020" not in page
    learnt = date_format(localtime(build.built_at), "j F Y, H:i")
    assert f"model learnt {learnt}" in page


def test_forecast_cards_escape_names_and_show_the_members_own_ratings(client, newcomer, built):
    built.a_titles[3].title_en = '<b>A & "3"</b>'
    built.a_titles[3].save()
    built.a_titles[0].title_en = "<i>Zero</i>"
    built.a_titles[0].save()
    client.force_login(newcomer)
    page = client.get(URL).content.decode()
    assert "<b>A" not in page and "<i>Zero" not in page
    assert '<a href="/titles/a-side-3/">&lt;b&gt;A &amp; &quot;3&quot;&lt;/b&gt;</a>' in page
    assert '<a href="/titles/a-side-0/">&lt;i&gt;Zero&lt;/i&gt;</a> 5' in page
    assert "3 of your ratings count." in page


def test_a_filter_that_leaves_nothing_says_so_and_keeps_the_filters(client, newcomer, built):
    client.force_login(newcomer)
    response = client.get(URL, {"format": "music"})
    assert "starters" not in response.context
    assert "No forecast matches these filters." in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_one_decimal_writes_what_floatformat_writes():
    from django.template.defaultfilters import floatformat

    from sadlist.formatting import decimal_places

    for value in [n / 200 for n in range(1001)] + [4.25, 4.35, 0.05, 2.45, 1 / 3]:
        assert decimal_places(value, 1) == floatformat(value, 1)


def test_pages_read_the_kept_ranking_while_its_ratings_and_build_hold(client, newcomer, built):
    client.force_login(newcomer)
    assert shown(client.get(URL)) == ["a-side-3", "b-side-3"]
    kept = MemberRanking.objects.get(user=newcomer)
    assert kept.title_ids == [built.a_titles[3].pk, built.b_titles[3].pk]
    # Another page of theirs reads the kept order rather than ranking again.
    MemberRanking.objects.filter(pk=kept.pk).update(title_ids=kept.title_ids[::-1])
    assert shown(client.get(URL)) == ["b-side-3", "a-side-3"]
    # A new build is another basis: ranked afresh, and the same row kept.
    services.forecast_build()
    assert shown(client.get(URL)) == ["a-side-3", "b-side-3"]
    assert MemberRanking.objects.get(user=newcomer).title_ids == kept.title_ids


def test_a_rating_changed_by_any_path_ranks_afresh(client, newcomer, built, settings):
    client.force_login(newcomer)
    assert shown(client.get(URL)) == ["a-side-3", "b-side-3"]
    # As the admin, an import or a script would: no form, no service, no signal. A title
    # they rated is no longer forecast; one they no longer rated is again.
    rated = rate(newcomer, built.a_titles[3], 4)
    assert shown(client.get(URL)) == ["b-side-3"]
    rated.delete()
    assert shown(client.get(URL)) == ["a-side-3", "b-side-3"]
    newcomer.entries.filter(title__in=built.b_titles[:3]).update(cry_rating=None)
    assert client.get(URL).context["forecast"].needed == 2
    newcomer.entries.filter(title__in=built.b_titles[:3]).update(cry_rating=5)
    forecasts = {item.title.slug: item.value for item in client.get(URL).context["page"]}
    assert forecasts["b-side-3"] > 4
    # So do the forecast's settings.
    settings.SADLIST_FORECAST_MIN_CORATERS = 13
    assert "None of your ratings has enough in common" in client.get(URL).content.decode()
    assert MemberRanking.objects.filter(user=newcomer).count() == 1
    newcomer.delete()
    assert not MemberRanking.objects.exists()
