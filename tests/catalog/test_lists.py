import pytest
from django.urls import reverse

from tests.factories import CuratedListFactory, ListEntryFactory, TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tears():
    curated_list = CuratedListFactory(
        name="Tears", slug="tears", description="Titles that hurt.", source_name="An article"
    )
    for position, name in [(2, "Second"), (1, "First"), (3, "Third")]:
        ListEntryFactory(
            curated_list=curated_list,
            title=TitleFactory(title_en=name),
            position=position,
            note=f"Why {name} hurts.",
        )
    return curated_list


def test_list_detail_shows_entries_in_order_with_notes(client, tears):
    response = client.get(reverse("catalog:list_detail", args=["tears"]))
    assert response.status_code == 200
    assert [entry.title.title_en for entry in response.context["entries"]] == [
        "First",
        "Second",
        "Third",
    ]
    page = response.content.decode()
    assert (
        page.index("Why First hurts.")
        < page.index("Why Second hurts.")
        < page.index("Why Third hurts.")
    )
    assert "Titles that hurt." in page
    assert "“An article”" in page


def test_list_index_shows_published_lists(client, tears):
    CuratedListFactory(name="Hidden draft", is_published=False)
    page = client.get(reverse("catalog:list_index")).content.decode()
    assert "Tears" in page
    assert "3 titles" in page
    assert "Hidden draft" not in page


def test_unpublished_list_is_404(client):
    CuratedListFactory(slug="draft", is_published=False)
    assert client.get(reverse("catalog:list_detail", args=["draft"])).status_code == 404


def test_unknown_list_is_404(client):
    response = client.get(reverse("catalog:list_detail", args=["no-such-list"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_list_detail_query_count_is_fixed(client, tears, django_assert_num_queries):
    # The list, its entries with titles, their tags, their content notes.
    with django_assert_num_queries(4):
        client.get(reverse("catalog:list_detail", args=["tears"]))


def test_list_index_query_count_is_fixed(client, tears, django_assert_num_queries):
    CuratedListFactory()
    # The lists, then their entries with titles; the members' lists liked this week (none).
    with django_assert_num_queries(3):
        client.get(reverse("catalog:list_index"))
