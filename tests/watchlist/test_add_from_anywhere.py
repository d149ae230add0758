"""Adding a title to the watchlist from search results, rankings and lists, and the "+"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Title
from tests.factories import (
    CuratedListFactory,
    EntryFactory,
    ListEntryFactory,
    TitleFactory,
    UserFactory,
)
from watchlist.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def kanon(db):
    """A title the article doesn't have, rated by someone, on a list."""
    kanon = TitleFactory(title_en="Kanon", slug="kanon", episodes=24, popularity=100)
    EntryFactory(title=kanon, user=UserFactory(), rated=True)
    ListEntryFactory(title=kanon, curated_list=CuratedListFactory(slug="winter"), position=1)
    return kanon


def pages(kanon):
    return {
        "search results": reverse("catalog:title_list") + "?q=kanon",
        "catalog": reverse("catalog:title_list"),
        "most tearful": reverse("rankings:tearful"),
        "most watched": reverse("rankings:watched"),
        "a list": reverse("catalog:list_detail", args=["winter"]),
    }


def add_form_action(kanon):
    return f'action="{reverse("watchlist:entry_quick_save", args=[kanon.slug])}"'


def test_members_get_an_add_form_on_every_list_of_titles(signed_in, kanon):
    for name, url in pages(kanon).items():
        page = signed_in.get(url).content.decode()
        assert add_form_action(kanon) in page, name
        assert 'Add<span class="visually-hidden"> Kanon to your watchlist' in page, name


def test_visitors_get_no_form(client, kanon):
    for name, url in pages(kanon).items():
        assert add_form_action(kanon) not in client.get(url).content.decode(), name


def test_rows_show_the_members_status_and_rating(signed_in, owner, kanon):
    EntryFactory(user=owner, title=kanon, status="watching", cry_rating=3)
    for name, url in pages(kanon).items():
        page = signed_in.get(url).content.decode()
        assert "On your watchlist: Watching · 3 · Crying" in page, name
        assert '<option value="watching" selected>' in page, name


def test_adding_from_search_results_returns_to_the_same_row(signed_in, owner, kanon):
    back = reverse("catalog:title_list") + "?q=kanon&page=1#t-kanon"
    response = signed_in.post(
        reverse("watchlist:entry_quick_save", args=["kanon"]),
        {"status": "watching", "cry_rating": "4", "next": back},
    )
    assert response.status_code == 302
    assert response["Location"] == back
    entry = Entry.objects.get(user=owner, title=kanon)
    assert (entry.status, entry.cry_rating) == ("watching", 4)
    page = signed_in.get(back).content.decode()
    assert "Kanon added to your watchlist: Watching, Sobbing." in page
    assert 'id="t-kanon"' in page


def test_the_form_posts_back_to_the_page_and_its_anchor(signed_in, kanon):
    page = signed_in.get(reverse("rankings:tearful") + "?format=tv").content.decode()
    assert 'name="next" value="/rankings/?format=tv#t-kanon"' in page
    assert 'id="t-kanon"' in page


def test_a_rating_before_starting_is_refused_and_saves_nothing(signed_in, owner, kanon):
    response = signed_in.post(
        reverse("watchlist:entry_quick_save", args=["kanon"]),
        {"status": "plan_to_watch", "cry_rating": "5", "next": "/titles/#t-kanon"},
        follow=True,
    )
    # Back on the row it came from, the refusal said at its form.
    assert response.redirect_chain[-1][0] == "/titles/#t-kanon"
    page = response.content.decode()
    assert "Nothing was saved: Rate how hard it hit you once you&#x27;ve started watching" in page
    assert not Entry.objects.filter(user=owner, title=kanon).exists()


def test_each_page_finds_the_members_entries_in_one_query(signed_in, owner):
    titles = TitleFactory.create_batch(5)
    for title in titles:
        EntryFactory(title=title, user=UserFactory(), rated=True)
    url = reverse("rankings:tearful")
    with CaptureQueriesContext(connection) as few:
        signed_in.get(url)
    for title in titles:
        EntryFactory(user=owner, title=title, status="completed", cry_rating=2)
    more = TitleFactory.create_batch(5)
    for title in more:
        EntryFactory(title=title, user=UserFactory(), rated=True)
        EntryFactory(user=owner, title=title, status="watching", cry_rating=1)
    with CaptureQueriesContext(connection) as many:
        signed_in.get(url)
    assert len(many) == len(few)


# The watchlist's "+"


def progress(client, entry, **data):
    return client.post(reverse("watchlist:entry_progress", args=[entry.pk]), data)


def test_plus_adds_an_episode_and_starts_watching(signed_in, owner, kanon):
    entry = EntryFactory(user=owner, title=kanon)
    response = progress(signed_in, entry, next=f"/watchlist/?status=watching#entry-{entry.pk}")
    assert response["Location"] == f"/watchlist/?status=watching#entry-{entry.pk}"
    entry.refresh_from_db()
    assert (entry.episodes_watched, entry.status) == (1, "watching")
    assert Title.objects.get(pk=kanon.pk).stats.completed_count == 1  # the other member's


def test_the_last_episode_completes_the_title(signed_in, owner, kanon):
    entry = EntryFactory(user=owner, title=kanon, status="watching", episodes_watched=23)
    progress(signed_in, entry)
    entry.refresh_from_db()
    assert (entry.episodes_watched, entry.status) == (24, "completed")
    assert Title.objects.get(pk=kanon.pk).stats.completed_count == 2


def test_no_episode_past_the_last(signed_in, owner, kanon):
    entry = EntryFactory(user=owner, title=kanon, status="completed")
    response = progress(signed_in, entry)
    entry.refresh_from_db()
    assert entry.episodes_watched == 24
    page = signed_in.get(response["Location"]).content.decode()
    assert "You have watched all 24 episodes of Kanon." in page


def test_plus_without_a_known_total_keeps_counting(signed_in, owner):
    airing = TitleFactory(episodes=None)
    entry = EntryFactory(user=owner, title=airing, status="watching", episodes_watched=500)
    progress(signed_in, entry)
    entry.refresh_from_db()
    assert (entry.episodes_watched, entry.status) == (501, "watching")


def test_the_watchlist_shows_a_plus_until_the_last_episode(signed_in, owner, kanon):
    watching = EntryFactory(user=owner, title=kanon, status="watching", episodes_watched=3)
    done = EntryFactory(user=owner, title=TitleFactory(title_en="Done"), status="completed")
    page = signed_in.get(reverse("watchlist:entry_list")).content.decode()
    assert reverse("watchlist:entry_progress", args=[watching.pk]) in page
    assert reverse("watchlist:entry_progress", args=[done.pk]) not in page
    # Named "+ one more episode of Kanon" from the row's title (aria-labelledby).
    assert f'aria-labelledby="one-more t{watching.pk}"' in page
    assert '<span id="one-more" hidden>+ one more episode of</span>' in page


def test_strangers_get_404_and_visitors_sign_in(client, other_user, owner, kanon):
    entry = EntryFactory(user=owner, title=kanon)
    response = progress(client, entry)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(other_user)
    assert progress(client, entry).status_code == 404
    entry.refresh_from_db()
    assert entry.episodes_watched == 0


def test_get_is_refused(signed_in, owner, kanon):
    entry = EntryFactory(user=owner, title=kanon)
    assert signed_in.get(reverse("watchlist:entry_progress", args=[entry.pk])).status_code == 405
