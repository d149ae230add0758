"""Markup typed into the site comes back as text, never as markup.

Members type display names, bios, reviews and private notes through the site's forms;
curators type titles, synopses, tags, list names and list notes in the admin; anyone can
type a search. Each carries a script payload here, and every page that shows it must
contain the escaped text and never the raw payload.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from catalog.models import CuratedList, ListEntry, Tag, Title
from reviews.models import Review
from tests.factories import EntryFactory, TitleFactory
from tests.security.helpers import PASSWORD, PAYLOADS, REVIEW_PADDING, client_for
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(params=PAYLOADS, ids=["script", "attribute-break"])
def payload(request):
    return request.param


@pytest.fixture
def marked_up(payload, owner, other_user):
    """A title, list, tag and member whose every free-text field carries ``payload``.

    The member's fields go through the site's own forms, as a member would type them.
    """
    tag = Tag.objects.create(name=f"Tag {payload}", slug="hostile-tag")
    title = TitleFactory(
        slug="hostile",
        title_en=f"Title {payload}",
        title_romaji=f"Romaji {payload}",
        title_native=f"Native {payload}",
        studio=f"Studio {payload}",
        synopsis=f"Synopsis {payload}",
    )
    title.tags.add(tag)
    curated = CuratedList.objects.create(
        # The article's slug: the home page and the article ranking show this list too.
        name=f"List {payload}",
        slug=settings.SADLIST_ARTICLE_LIST_SLUG,
        description=f"About {payload}",
        is_published=True,
    )
    ListEntry.objects.create(curated_list=curated, title=title, position=1, note=f"Note {payload}")
    EntryFactory(user=other_user, title=title, status="completed", cry_rating=3)

    member = client_for(owner)
    settings_form = {"display_name": payload, "bio": payload, "watchlist_visibility": "public"}
    assert member.post(reverse("accounts:settings"), settings_form).status_code == 302
    quick = reverse("watchlist:entry_quick_save", args=[title.slug])
    assert member.post(quick, {"status": "completed", "cry_rating": "5"}).status_code == 302
    entry = Entry.objects.get(user=owner, title=title)
    edit = {
        "status": "completed",
        "episodes_watched": "12",
        "times_rewatched": "0",
        "cry_rating": "5",
        "note": f"Private {payload}",
    }
    assert member.post(reverse("watchlist:entry_edit", args=[entry.pk]), edit).status_code == 302
    body = f"{payload}{REVIEW_PADDING}"
    review_url = reverse("reviews:review_create", args=[title.slug])
    assert member.post(review_url, {"body": body}).status_code == 302
    owner.refresh_from_db()
    assert owner.display_name == payload
    return {
        "member": member,
        "title": title,
        "entry": entry,
        "review": Review.objects.get(user=owner, title=title),
        "list": curated,
    }


def assert_escaped(response, payload):
    url = response.wsgi_request.get_full_path()
    content = response.content.decode()
    assert response.status_code == 200, url
    assert payload not in content, url
    assert "<img src=x" not in content and "<script>alert" not in content, url
    assert escape(payload) in content, url


def page_urls(scene):
    title, review = scene["title"], scene["review"]
    return [
        reverse("home"),
        reverse("catalog:title_list"),
        title.get_absolute_url(),
        reverse("catalog:list_index"),
        scene["list"].get_absolute_url(),
        reverse("rankings:tearful"),
        reverse("rankings:watched"),
        reverse("rankings:article"),
        reverse("reviews:review_list"),
        review.get_absolute_url(),
        reverse("accounts:profile", args=["alice"]),
    ]


def test_public_pages_show_the_payload_as_text(marked_up, payload, other_user):
    for client in (client_for(), client_for(other_user)):
        for url in page_urls(marked_up):
            assert_escaped(client.get(url), payload)


def test_the_members_own_pages_show_it_as_text(marked_up, payload):
    member, entry, review = marked_up["member"], marked_up["entry"], marked_up["review"]
    for url in [
        reverse("watchlist:entry_list"),
        reverse("watchlist:entry_edit", args=[entry.pk]),
        reverse("watchlist:entry_delete", args=[entry.pk]),
        reverse("reviews:review_edit", args=[review.pk]),
        reverse("reviews:review_delete", args=[review.pk]),
        reverse("accounts:settings"),
        reverse("accounts:delete"),
        *page_urls(marked_up),
    ]:
        assert_escaped(member.get(url), payload)


def test_the_private_note_is_escaped_in_its_form(marked_up, payload):
    entry = marked_up["entry"]
    response = marked_up["member"].get(reverse("watchlist:entry_edit", args=[entry.pk]))
    assert f"Private {escape(payload)}</textarea>" in response.content.decode()


def test_the_report_form_shows_the_review_as_text(marked_up, payload, other_user):
    url = reverse("reviews:review_report", args=[marked_up["review"].pk])
    assert_escaped(client_for(other_user).get(url), payload)


def test_the_feed_carries_the_payload_as_text(marked_up, payload):
    response = client_for().get(reverse("reviews:review_feed"))
    content = response.content.decode()
    assert response.status_code == 200
    assert payload not in content
    assert "&lt;" in content


def test_the_admin_shows_it_as_text(marked_up, payload, curator_client):
    title = marked_up["title"]
    for url in [
        reverse("admin:catalog_title_changelist"),
        reverse("admin:catalog_title_change", args=[title.pk]),
        reverse("admin:catalog_curatedlist_change", args=[marked_up["list"].pk]),
        reverse("admin:reviews_review_changelist"),
        reverse("admin:accounts_user_changelist"),
    ]:
        content = curator_client.get(url).content.decode()
        assert payload not in content, url
        assert "<img src=x" not in content and "<script>alert" not in content


def test_a_search_for_markup_is_shown_as_text(client, title, payload):
    """The query comes back in the page title, the search box and the "no results" text."""
    response = client.get(reverse("catalog:title_list"), {"q": payload})
    assert_escaped(response, payload)
    assert f'value="{escape(payload)}"' in response.content.decode()


def test_a_search_finds_a_title_named_with_markup(client, marked_up, payload):
    response = client.get(reverse("catalog:title_list"), {"q": "title"})
    assert list(response.context["titles"]) == [marked_up["title"]]
    assert_escaped(response, payload)


@pytest.mark.parametrize("username", ["<script>", '"><img', "a<b", "alice&co"])
def test_usernames_with_markup_are_refused_at_sign_up(client, username):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": username,
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("username", "invalid")
    assert not User.objects.filter(email="new@example.com").exists()
    assert f'value="{escape(username)}"' in response.content.decode()


def test_title_slugs_with_markup_are_refused_in_the_admin(curator_client):
    response = curator_client.post(
        reverse("admin:catalog_title_add"),
        {"title_en": "Fine", "slug": "<script>", "format": "tv"},
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert not Title.objects.filter(title_en="Fine").exists()
