"""The catalog's cards (watchlist's title_cards tag): what each shows, escaped, and the
member's own state in its quick form."""

import pytest
from django.urls import reverse

from catalog.models import Tag, Title
from tests.factories import EntryFactory, TagFactory, TitleFactory

pytestmark = pytest.mark.django_db

URL = reverse("catalog:title_list")
HOSTILE = '<script>alert("x")</script> & Co'


@pytest.fixture
def hostile():
    title = TitleFactory(
        title_en=HOSTILE,
        title_romaji="<i>Romaji</i>",
        slug="hostile",
        format=Title.Format.TV,
        year=2001,
        episodes=1,
    )
    title.tags.add(TagFactory(name="Drama <b>", slug="drama"), TagFactory(name="Action"))
    title.content_notes.add(TagFactory(name="War", slug="war", kind=Tag.Kind.CONTENT_NOTE))
    return title


def card(page, slug):
    start = page.index(f'<li class="col" id="t-{slug}">')
    return page[start : page.index("</li>", start)]


def test_a_card_escapes_every_name(client, hostile):
    shown = card(client.get(URL).content.decode(), "hostile")
    assert "<script>" not in shown and "<i>" not in shown and "<b>" not in shown
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</a></h2>" in shown
    assert 'lang="ja-Latn">&lt;i&gt;Romaji&lt;/i&gt;</p>' in shown
    assert f'<a href="{hostile.get_absolute_url()}" class="stretched-link">' in shown


def test_a_card_shows_the_facts_and_the_genres_not_the_content_notes(client, hostile):
    shown = card(client.get(URL).content.decode(), "hostile")
    assert "<span>TV series</span> · <span>2001</span> · <span>1 episode</span>" in shown
    # In Tag's order (kind, then name); content notes stay on the title's page.
    assert shown.index(">Action<") < shown.index(">Drama &lt;b&gt;<")
    assert "War" not in shown


def test_the_romaji_title_is_left_out_when_it_is_the_english_one(client):
    TitleFactory(title_en="Clannad", title_romaji="Clannad", slug="clannad")
    assert 'lang="ja-Latn"' not in card(client.get(URL).content.decode(), "clannad")


def test_visitors_get_no_forms_or_list_links(client, hostile):
    shown = card(client.get(URL).content.decode(), "hostile")
    assert "<form" not in shown and "add-to-list" not in shown


def test_a_member_sees_their_own_entry_and_posts_back_to_the_card(signed_in, owner, hostile):
    EntryFactory(user=owner, title=hostile, status="completed", cry_rating=4)
    TitleFactory(title_en="Not Listed", slug="not-listed")
    page = signed_in.get(URL, {"q": "co"}).content.decode()
    shown = card(page, "hostile")
    assert '<option value="completed" selected>Completed</option>' in shown
    assert '<option value="4" selected>' in shown
    assert "On your watchlist: Completed · 4 · " in shown
    assert 'name="next" value="/titles/?q=co#t-hostile"' in shown
    assert "Watchlist status of &lt;script&gt;" in shown
    assert f'href="{reverse("accounts:list_entry_add", args=["hostile"])}"' in shown
    other = card(signed_in.get(URL).content.decode(), "not-listed")
    assert "to your watchlist</span>" in other and " selected" not in other
