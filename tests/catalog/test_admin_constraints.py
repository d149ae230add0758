"""Each database constraint a curator can hit in the admin has its own message, at its field."""

import re

import pytest
from django.urls import reverse

from catalog.models import ListEntry, Tag, Title
from tests.catalog.test_admin import inline_data, title_form
from tests.factories import (
    CuratedListFactory,
    ListEntryFactory,
    TagFactory,
    TitleFactory,
)

pytestmark = pytest.mark.django_db

ADD_TITLE = reverse("admin:catalog_title_add")


def number_input(page, name):
    return re.search(rf'<input type="number" name="{name}"[^>]*>', page).group(0)


def form_errors(response):
    return response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("year", "1800", "Give a year from 1900 to 2100."),
        ("year", "2101", "Give a year from 1900 to 2100."),
        ("episodes", "0", "A title has at least 1 episode: leave it empty while unknown."),
        ("mal_id", "0", "MyAnimeList ids start at 1."),
        ("anilist_id", "0", "AniList ids start at 1."),
    ],
)
def test_title_out_of_range_is_explained_at_its_field(curator_client, field, value, message):
    response = curator_client.post(ADD_TITLE, title_form(**{field: value}))
    assert response.status_code == 200
    errors = form_errors(response)
    assert errors[field] == [message]
    assert "__all__" not in errors
    assert "is violated" not in response.content.decode()
    assert not Title.objects.exists()


def test_title_inputs_state_their_ranges(curator_client):
    page = curator_client.get(ADD_TITLE).content.decode()
    assert 'min="1900" max="2100"' in number_input(page, "year")
    for name in ["episodes", "mal_id", "anilist_id"]:
        assert 'min="1"' in number_input(page, name)


def test_tag_name_taken_whatever_its_case_is_explained_at_the_name(curator_client):
    TagFactory(name="Tragedy", slug="tragedy")
    response = curator_client.post(
        reverse("admin:catalog_tag_add"), {"name": "TRAGEDY", "slug": "tragedy-2", "kind": "genre"}
    )
    assert response.status_code == 200
    assert form_errors(response)["name"] == [
        "There is already a tag with this name (capital letters aside)."
    ]
    assert Tag.objects.count() == 1


def test_list_position_below_one_is_explained_at_the_position(curator_client):
    curated_list = CuratedListFactory()
    first, second = (ListEntryFactory(curated_list=curated_list, position=n) for n in (1, 2))
    response = curator_client.post(
        reverse("admin:catalog_curatedlist_change", args=[curated_list.pk]),
        inline_data(curated_list, [(first, 0), (second, 2)]),
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].errors["position"] == ["Positions start at 1, the top of the list."]
    assert "is violated" not in response.content.decode()
    assert list(curated_list.entries.values_list("position", flat=True)) == [1, 2]


def test_list_position_input_states_its_range(curator_client):
    entry = ListEntryFactory()
    page = curator_client.get(
        reverse("admin:catalog_curatedlist_change", args=[entry.curated_list.pk])
    ).content.decode()
    position = number_input(page, "entries-0-position")
    # Typed without JavaScript; adminsortable2's script fills it in as rows are dragged.
    assert 'class="_reorder_ vIntegerField"' in position
    assert 'min="1"' in position


def test_a_new_entry_without_a_position_goes_last(curator_client):
    curated_list = CuratedListFactory()
    first = ListEntryFactory(curated_list=curated_list, position=1)
    newcomer = TitleFactory()
    data = inline_data(curated_list, [(first, 1)])
    data.update(
        {
            "entries-TOTAL_FORMS": "2",
            "entries-1-curated_list": str(curated_list.pk),
            "entries-1-title": str(newcomer.pk),
            "entries-1-position": "",
            "entries-1-note": "",
        }
    )
    response = curator_client.post(
        reverse("admin:catalog_curatedlist_change", args=[curated_list.pk]), data
    )
    assert response.status_code == 302
    assert ListEntry.objects.get(title=newcomer).position == 2
