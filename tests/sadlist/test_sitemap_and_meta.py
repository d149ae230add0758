import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import CuratedListFactory, TitleFactory, UserFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_titles_lists_rankings_and_public_profiles(client):
    title = TitleFactory(slug="orange")
    curated = CuratedListFactory(slug="tears")
    CuratedListFactory(slug="draft", is_published=False)
    UserFactory(username="public-pat")
    UserFactory(username="private-pia", watchlist_visibility="private")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {
        loc.text.removeprefix("http://testserver") for loc in root.iter(f"{SITEMAP_NS}loc")
    }
    for url in [
        title.get_absolute_url(),
        curated.get_absolute_url(),
        reverse("rankings:tearful"),
        reverse("rankings:watched"),
        reverse("rankings:article"),
        reverse("home"),
        reverse("catalog:title_list"),
        reverse("reviews:review_list"),
        reverse("accounts:profile", args=["public-pat"]),
    ]:
        assert url in locations
    assert reverse("catalog:list_detail", args=["draft"]) not in locations
    assert reverse("accounts:profile", args=["private-pia"]) not in locations


def head_meta(page):
    return {
        "title": re.search(r"<title>(.*?)</title>", page, re.S).group(1),
        "description": re.search(r'<meta name="description" content="(.*?)">', page, re.S).group(1),
        "og:title": re.search(r'<meta property="og:title" content="(.*?)">', page, re.S).group(1),
        "og:description": re.search(
            r'<meta property="og:description" content="(.*?)">', page, re.S
        ).group(1),
        "og:url": re.search(r'<meta property="og:url" content="(.*?)">', page).group(1),
    }


def test_each_page_has_its_own_title_description_and_open_graph(client, owner):
    title = TitleFactory(title_en="Plastic <Memories>", slug="plastic-memories", year=2015)
    curated = CuratedListFactory(name="Tears", slug="tears", description="Titles that hurt.")
    urls = [
        reverse("home"),
        reverse("catalog:title_list"),
        title.get_absolute_url(),
        curated.get_absolute_url(),
        reverse("catalog:list_index"),
        reverse("rankings:tearful"),
        reverse("reviews:review_list"),
        reverse("accounts:profile", args=[owner.username]),
    ]
    seen_titles = set()
    for url in urls:
        meta = head_meta(client.get(url).content.decode())
        assert meta["title"] and meta["description"], url
        assert meta["og:title"] == meta["title"], url
        assert meta["og:description"] == meta["description"], url
        assert meta["og:url"] == f"http://testserver{url}", url
        seen_titles.add(meta["title"])
    assert len(seen_titles) == len(urls)
    page = client.get(title.get_absolute_url()).content.decode()
    assert head_meta(page)["title"] == "Plastic &lt;Memories&gt; (2015) — sadlist"
    assert '<meta property="og:type" content="video.tv_show">' in page
