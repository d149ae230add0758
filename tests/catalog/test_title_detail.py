import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Tag
from tests.conftest import png_bytes
from tests.factories import (
    CuratedListFactory,
    ListEntryFactory,
    ReviewFactory,
    TagFactory,
    TitleFactory,
)

pytestmark = pytest.mark.django_db


def test_shows_the_title_facts(client):
    title = TitleFactory(
        title_en="Violet Evergarden",
        title_romaji="Violet Evergarden",
        title_native="ヴァイオレット・エヴァーガーデン",
        year=2018,
        episodes=13,
        studio="Kyoto Animation",
        synopsis="Violet learns to live after the war.",
        mal_id=33352,
        anilist_id=21827,
    )
    title.tags.add(TagFactory(name="Drama", slug="drama"))
    title.content_notes.add(TagFactory(name="War", slug="war", kind=Tag.Kind.CONTENT_NOTE))
    response = client.get(title.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    for text in [
        '<h1 class="mb-1">Violet Evergarden</h1>',
        "ヴァイオレット・エヴァーガーデン",
        "2018",
        "13",
        "Kyoto Animation",
        "Violet learns to live after the war.",
        "https://myanimelist.net/anime/33352",
        "https://anilist.co/anime/21827",
        "Drama",
        "Content notes",
        "<title>Violet Evergarden (2018) — sadlist</title>",
    ]:
        assert text in page
    # The romaji title equals the English one, so it isn't repeated.
    assert page.count("Violet Evergarden</p>") == 0


def test_without_a_cover_shows_a_generated_placeholder(client, title):
    page = client.get(title.get_absolute_url()).content.decode()
    assert 'aria-label="Grave of the Fireflies (no cover image yet)"' in page
    assert '<img class="cover' not in page


def test_with_a_cover_shows_it(client, title):
    title.cover = SimpleUploadedFile("fireflies.png", png_bytes(), content_type="image/png")
    title.save()
    page = client.get(title.get_absolute_url()).content.decode()
    assert f'src="{title.cover.url}"' in page
    assert 'alt="Cover of Grave of the Fireflies"' in page


def test_links_to_the_lists_it_is_on(client, title):
    entry = ListEntryFactory(title=title, position=5, curated_list=CuratedListFactory(name="Tears"))
    page = client.get(title.get_absolute_url()).content.decode()
    assert "#5 on" in page
    assert entry.curated_list.get_absolute_url() in page


def test_unpublished_lists_are_not_shown(client, title):
    ListEntryFactory(title=title, curated_list=CuratedListFactory(name="Draft", is_published=False))
    assert "Draft" not in client.get(title.get_absolute_url()).content.decode()


def test_unknown_slug_gives_the_site_404_page(client):
    response = client.get(reverse("catalog:title_detail", args=["no-such-anime"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "sadlist" in response.content.decode()


def add_reviewed_watchers(title, count):
    from tests.factories import EntryFactory, UserFactory

    for _ in range(count):
        user = UserFactory()
        EntryFactory(user=user, title=title, status="completed", cry_rating=4)
        ReviewFactory(user=user, title=title, body="It hurt so much. " * 5)
        title.tags.add(TagFactory())
        ListEntryFactory(title=title)


def test_query_count_is_fixed(client, title, django_assert_num_queries):
    add_reviewed_watchers(title, 2)
    # The title with its statistics (and its stored rank), its tags and content notes, its
    # lists, the ranking snapshot (whether the stored rank holds the configured m), the
    # reviews' count and page, the similar heartbreaks. (One fewer than when the site mean
    # and the rank were counted live, in two queries.)
    with django_assert_num_queries(7):
        client.get(title.get_absolute_url())
    add_reviewed_watchers(title, 12)
    cache.clear()
    with django_assert_num_queries(7):
        client.get(title.get_absolute_url())
    # The similar heartbreaks are the same for every reader: kept in the cache until the
    # next build or rating.
    with django_assert_num_queries(6):
        client.get(title.get_absolute_url())


def test_cry_meter_shows_the_communitys_ratings(client, title):
    from tests.factories import EntryFactory, UserFactory

    for rating in [5, 5, 4, 1]:
        EntryFactory(user=UserFactory(), title=title, status="completed", cry_rating=rating)
    page = client.get(title.get_absolute_url()).content.decode()
    assert "3.75</strong> / 5 from 4 ratings · 4 completed" in page
    assert "2 Destroyed" in page and "1 Sobbing" in page and "1 Misty-eyed" in page


def test_cry_meter_before_any_rating(client, title):
    assert (
        "No one has rated this title yet." in client.get(title.get_absolute_url()).content.decode()
    )


def test_visitors_are_invited_to_sign_in(client, title):
    page = client.get(title.get_absolute_url()).content.decode()
    assert f"/accounts/login/?next={title.get_absolute_url()}" in page
    assert 'name="cry_rating"' not in page


def test_signed_in_user_gets_the_form_prefilled(client, owner, title):
    from tests.factories import EntryFactory

    EntryFactory(user=owner, title=title, status="on_hold", cry_rating=0)
    client.force_login(owner)
    page = client.get(title.get_absolute_url()).content.decode()
    assert '<option value="on_hold" selected>' in page
    assert '<option value="0" selected>' in page
    assert "Remove from watchlist" in page


def test_signed_in_query_count_is_fixed(client, owner, title, django_assert_num_queries):
    from tests.factories import EntryFactory

    EntryFactory(user=owner, title=title, status="watching")
    add_reviewed_watchers(title, 2)
    client.force_login(owner)
    # Session and user, the anonymous page's seven (the similar heartbreaks carrying what
    # the member's forecast needs), the user's own entry with their marks on the visitors'
    # first page of reviews, and their lists (to add it to one).
    with django_assert_num_queries(11):
        client.get(title.get_absolute_url())
    add_reviewed_watchers(title, 12)
    cache.clear()
    with django_assert_num_queries(11):
        client.get(title.get_absolute_url())


def test_shows_its_place_in_most_tearful(client, title):
    from tests.factories import EntryFactory, UserFactory

    other = TitleFactory()
    EntryFactory(user=UserFactory(), title=other, status="completed", cry_rating=5)
    EntryFactory(user=UserFactory(), title=other, status="completed", cry_rating=5)
    EntryFactory(user=UserFactory(), title=title, status="completed", cry_rating=1)
    assert client.get(title.get_absolute_url()).context["rank"] == 2
    assert client.get(other.get_absolute_url()).context["rank"] == 1
    assert "#2 in Most tearful" in client.get(title.get_absolute_url()).content.decode()


def test_unrated_title_has_no_rank(client, title):
    response = client.get(title.get_absolute_url())
    assert response.context["rank"] is None
    assert "in Most tearful" not in response.content.decode()
