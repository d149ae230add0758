"""Every public page renders for a visitor, on an empty site and with the article loaded."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ARTICLE_SLUG = "20-best-heartbreaking-anime"


def public_urls(with_article):
    urls = [
        reverse("home"),
        reverse("rankings:tearful"),
        reverse("catalog:title_list"),
        reverse("catalog:title_list") + "?q=steins+gate&format=tv&decade=2010&sort=-year",
        reverse("catalog:list_index"),
        reverse("login"),
    ]
    if with_article:
        urls += [
            reverse("catalog:title_detail", args=["your-lie-in-april"]),
            reverse("catalog:title_detail", args=["steins-gate"]),
            reverse("catalog:list_detail", args=[ARTICLE_SLUG]),
            reverse("catalog:title_list") + "?tag=war",
        ]
    return urls


@pytest.mark.parametrize("url", public_urls(with_article=False))
def test_page_renders_on_an_empty_site(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<nav" in page and "Titles" in page and "Rankings" in page and "Lists" in page
    assert "20 Best Heartbreaking Anime That Will Make You CRY" in page  # footer credit


@pytest.mark.parametrize("url", public_urls(with_article=True))
def test_page_renders_with_the_article(client, article, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


def test_home_teases_the_article_in_order(client, article):
    response = client.get(reverse("home"))
    names = [entry.title.title_en for entry in response.context["entries"]]
    assert names == [
        "Your Lie in April",
        "Anohana: The Flower We Saw That Day",
        "A Silent Voice",
        "Clannad: After Story",
        "Grave of the Fireflies",
    ]
    assert "Browse 20 titles" in response.content.decode()


def test_rankings_show_the_article_order(client, article):
    response = client.get(reverse("rankings:article"))
    names = [entry.title.title_en for entry in response.context["entries"]]
    assert len(names) == 20
    assert names[0] == "Your Lie in April"
    assert names[-1] == "Puella Magi Madoka Magica"


def test_navigation_shows_who_is_signed_in(client, owner):
    client.force_login(owner)
    page = client.get(reverse("home")).content.decode()
    assert "Signed in as </span><strong>alice</strong>" in page
    assert f'action="{reverse("logout")}" method="post"' in page
    assert "Admin</a>" not in page


def test_navigation_links_staff_to_the_admin(curator_client):
    assert "Admin</a>" in curator_client.get(reverse("home")).content.decode()


def test_current_section_is_marked(client):
    page = client.get(reverse("catalog:title_list")).content.decode()
    assert 'aria-current="page">Titles</a>' in page


@pytest.mark.parametrize("path", ["/no-such-page/", "/titles/no-such-title/", "/lists/nope/"])
def test_unknown_paths_give_the_site_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/titles/"' in page


def test_500_page_renders_without_a_request(client):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something broke" in page
