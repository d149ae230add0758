import pytest
from django.urls import reverse

from tests.factories import TitleFactory

pytestmark = pytest.mark.django_db

URL = reverse("catalog:title_suggest")


def test_suggests_the_best_matches_as_json(client):
    TitleFactory(title_en="Clannad", slug="clannad", year=2007, popularity=566690)
    TitleFactory(title_en="Clannad: After Story", slug="clannad-after-story", popularity=456749)
    TitleFactory(title_en="Kanon", slug="kanon")
    response = client.get(URL, {"q": "clann"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert [r["title"] for r in results] == ["Clannad", "Clannad: After Story"]
    assert results[0] == {"title": "Clannad", "url": "/titles/clannad/", "meta": "TV series · 2007"}


def test_at_most_eight_suggestions(client):
    TitleFactory.create_batch(12, title_en="Sad Story")
    assert len(client.get(URL, {"q": "sad"}).json()["results"]) == 8


@pytest.mark.parametrize("query", ["", "c", " ", "\x00\x00", "x" * 5000, "%", "' OR 1=1 --"])
def test_short_or_odd_queries_suggest_nothing_and_never_fail(client, query):
    TitleFactory(title_en="Clannad")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_navigation_box_works_without_javascript(client):
    page = client.get(reverse("home")).content.decode()
    # A plain GET form to the results page, the script only adds suggestions.
    assert 'action="/titles/" method="get"' in page
    assert f'data-suggest-url="{URL}"' in page
    assert "/static/js/suggest.js" in page
