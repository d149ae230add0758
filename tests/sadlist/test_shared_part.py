"""The pages' shared parts (a title page's title, statistics, tags, lists and rank; home's
lists; Most tearful's pages) come from the cache for every reader, and every change that
moves them is seen at once."""

import re

import pytest
from django.urls import reverse

from sadlist.caching import SHARED_HEADER
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


def without_tokens(response):
    # Each render masks the CSRF secret afresh: the one part of the page that differs.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_members_second_page_reads_the_shared_part_from_the_cache(
    signed_in, shared_on, title, django_assert_num_queries
):
    url = title.get_absolute_url()
    first = signed_in.get(url)
    assert first[SHARED_HEADER] == "miss"
    # Session, user, then what is the member's own: their entry with their marks on the
    # reviews visitors see, their lists. Not the title, its lists, its tags, the ranking
    # snapshot, the reviews.
    with django_assert_num_queries(4):
        second = signed_in.get(url)
    assert second[SHARED_HEADER] == "hit"
    assert without_tokens(second) == without_tokens(first)


def test_the_part_is_the_same_for_visitors_and_members(client, owner, shared_on, title):
    EntryFactory(title=title, status="completed", cry_rating=5)
    assert client.get(title.get_absolute_url())[SHARED_HEADER] == "miss"
    client.force_login(owner)
    page = client.get(title.get_absolute_url())
    assert page[SHARED_HEADER] == "hit"
    assert "from 1 rating" in page.content.decode()


def test_a_rating_is_seen_at_once(signed_in, owner, shared_on, title, committed):
    url = title.get_absolute_url()
    assert "No one has rated this title yet." in signed_in.get(url).content.decode()
    committed(EntryFactory, user=UserFactory(), title=title, status="completed", cry_rating=5)
    page = signed_in.get(url)
    assert page[SHARED_HEADER] == "miss"
    assert "from 1 rating" in page.content.decode()
    assert "#1 in Most tearful" in page.content.decode()


def test_a_curators_edits_are_seen_at_once(client, shared_on, title, committed):
    url = title.get_absolute_url()
    client.get(url)
    title.synopsis = "Two children try to survive the firebombing of Kobe."
    committed(title.save)
    assert "firebombing of Kobe" in client.get(url).content.decode()
    tag = TagFactory(name="War")
    committed(title.tags.add, tag)
    assert ">War</a>" in client.get(url).content.decode()
    curated = CuratedListFactory(name="Ghibli's saddest")
    committed(ListEntryFactory, curated_list=curated, title=title, position=1)
    assert "Ghibli&#x27;s saddest" in client.get(url).content.decode()


def test_an_unknown_title_is_a_404_each_time(client, shared_on):
    url = reverse("catalog:title_detail", args=["no-such-title"])
    assert client.get(url).status_code == 404
    TitleFactory(slug="no-such-title")
    assert client.get(url).status_code == 200


def test_the_cache_can_be_turned_off(client, settings, title):
    settings.SADLIST_SHARED_PART_SECONDS = 0
    assert client.get(title.get_absolute_url())[SHARED_HEADER] == "off"
    assert client.get(title.get_absolute_url())[SHARED_HEADER] == "off"


def test_home_keeps_its_shared_lists_and_sees_a_rating_at_once(
    client, shared_on, title, committed, django_assert_num_queries
):
    assert client.get(reverse("home"))[SHARED_HEADER] == "miss"
    # Nothing: the article's list and picks, the ranking, the count and the latest
    # reviews all come from it.
    with django_assert_num_queries(0):
        page = client.get(reverse("home"))
    assert page[SHARED_HEADER] == "hit"
    assert "No title has a cry rating yet." in page.content.decode()
    committed(EntryFactory, user=UserFactory(), title=title, status="completed", cry_rating=5)
    page = client.get(reverse("home")).content.decode()
    assert "No title has a cry rating yet." not in page
    assert "Grave of the Fireflies" in page
    committed(TitleFactory, title_en="Hotarubi")
    assert "Browse 2 titles" in client.get(reverse("home")).content.decode()
    author = UserFactory(display_name="Setsuko")
    EntryFactory(user=author, title=title, status="completed", cry_rating=5)
    committed(ReviewFactory, user=author, title=title)
    assert "Setsuko on Grave of the Fireflies" in client.get(reverse("home")).content.decode()


def test_most_tearful_keeps_each_page_and_sees_a_rating_at_once(
    client, shared_on, committed, django_assert_num_queries, settings
):
    from rankings import views

    settings.SADLIST_RANKING_M = 1
    titles = [TitleFactory(title_en=f"Sad {n:02}") for n in range(views.RANKING_PER_PAGE + 1)]
    for n, title in enumerate(titles):
        committed(EntryFactory, title=title, status="completed", cry_rating=n % 5)
    url = reverse("rankings:tearful")
    for page in ["", "?page=2", "?page=x", "?page=999"]:
        assert client.get(url + page)[SHARED_HEADER] == "miss"
        # Nothing: the ranking's snapshot, its page of titles and rows and the filters'
        # tags are all kept.
        with django_assert_num_queries(0):
            response = client.get(url + page)
        assert response[SHARED_HEADER] == "hit"
        assert f"page {2 if page in ('?page=2', '?page=999') else 1} of 2" in (
            response.content.decode()
        )
    last = titles[-1]  # rated 0, and last of those by name: alone on page 2
    assert client.get(url + "?page=2").context["titles"][0].pk == last.pk
    committed(EntryFactory, title=last, status="completed", cry_rating=5)
    committed(EntryFactory, title=last, status="completed", cry_rating=5)
    assert last.pk not in [t.pk for t in client.get(url + "?page=2").context["titles"]]
    # The filters' tags are kept too: a curator's new tag is offered at once.
    committed(TagFactory, name="Terminal illness")
    assert "Terminal illness" in client.get(url).content.decode()
    # A filter the form refuses is shown as refused, over the whole ranking's kept page.
    refused = client.get(url, {"format": "opera"})
    assert refused[SHARED_HEADER] == "hit"
    assert "invalid-feedback" in refused.content.decode()
    # Members get the kept rows with their quick forms; visitors' rows have none.
    assert 'class="quick-add' not in client.get(url).content.decode()
    client.force_login(UserFactory())
    assert client.get(url).content.decode().count('class="quick-add') == views.RANKING_PER_PAGE


def test_the_catalog_keeps_each_page_for_everyone_and_sees_changes_at_once(
    client, owner, shared_on, committed, django_assert_num_queries
):
    from catalog.views import TITLES_PER_PAGE

    for n in range(TITLES_PER_PAGE + 1):
        TitleFactory(title_en=f"Sad {n:02}", popularity=n)
    url = reverse("catalog:title_list")
    for page, shown in [("", 1), ("?page=2", 2), ("?page=x", 1), ("?page=999", 2)]:
        assert client.get(url + page)[SHARED_HEADER] == "miss"
        # Nothing: the count, the page of titles, their tags and the filters' tags all kept.
        with django_assert_num_queries(0):
            response = client.get(url + page)
        assert response[SHARED_HEADER] == "hit"
        assert f"page {shown} of 2" in response.content.decode()
    # The least popular is alone on page 2; a new, more popular title pushes another there.
    assert "Sad 00" in client.get(url + "?page=2").content.decode()
    committed(TitleFactory, title_en="Hotaru", popularity=1000)
    second = client.get(url + "?page=2").content.decode()
    assert "Sad 01" in second and "Sad 00" in second
    assert "Hotaru" in client.get(url).content.decode()
    # A member gets the kept page with their quick forms; a visitor's copy has none.
    assert 'class="quick-add' not in client.get(url).content.decode()
    client.force_login(owner)
    assert client.get(url).content.decode().count('class="quick-add') == TITLES_PER_PAGE
    # A search or a filter is read afresh, never from the kept pages: only the filters' tags
    # are kept, and a curator's new tag is offered at once.
    search = client.get(url, {"q": "Hotaru"})
    assert "1 title matches" in search.content.decode()
    assert client.get(url, {"q": "Hotaru"})[SHARED_HEADER] == "hit"
    committed(TagFactory, name="Grief", slug="grief")
    search = client.get(url, {"q": "Hotaru"})
    assert search[SHARED_HEADER] == "miss"
    assert '<option value="grief">Grief</option>' in search.content.decode()


def test_a_part_kept_by_other_code_is_never_read(client, shared_on, title, monkeypatch):
    from sadlist import caching

    url = title.get_absolute_url()
    assert client.get(url)[SHARED_HEADER] == "miss"
    assert client.get(url)[SHARED_HEADER] == "hit"
    # A deploy: parts of another shape or markup, kept by the code before, are left alone.
    monkeypatch.setattr(caching, "code_version", lambda: "another-release")
    assert client.get(url)[SHARED_HEADER] == "miss"
