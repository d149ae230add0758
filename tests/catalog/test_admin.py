import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from catalog.models import CuratedList, ListEntry, Tag, Title
from tests.conftest import png_bytes
from tests.factories import CuratedListFactory, ListEntryFactory, TagFactory, TitleFactory

pytestmark = pytest.mark.django_db


def title_form(**overrides):
    data = {
        "title_en": "Plastic Memories",
        "slug": "plastic-memories",
        "title_romaji": "Plastic Memories",
        "title_native": "プラスティック・メモリーズ",
        "format": "tv",
        "year": "2015",
        "episodes": "13",
        "studio": "Doga Kobo",
        "synopsis": "Tsukasa and Isla.",
        "mal_id": "27775",
        "anilist_id": "20872",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:catalog_title_changelist",
        "admin:catalog_title_add",
        "admin:catalog_tag_changelist",
        "admin:catalog_tag_add",
        "admin:catalog_curatedlist_changelist",
        "admin:catalog_curatedlist_add",
        "admin:accounts_user_changelist",
    ],
)
def test_admin_pages_load(curator_client, url_name):
    TitleFactory(year=2011)
    ListEntryFactory()
    assert curator_client.get(reverse(url_name)).status_code == 200


def test_admin_change_forms_load(curator_client):
    entry = ListEntryFactory()
    tag = TagFactory()
    for url in [
        reverse("admin:catalog_title_change", args=[entry.title.pk]),
        reverse("admin:catalog_curatedlist_change", args=[entry.curated_list.pk]),
        reverse("admin:catalog_tag_change", args=[tag.pk]),
    ]:
        assert curator_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "params", [{"format__exact": "movie"}, {"year": "2011"}, {"decade": "2010"}, {"q": "gate"}]
)
def test_admin_title_filters_and_search(curator_client, params):
    TitleFactory(title_en="Steins;Gate", year=2011)
    response = curator_client.get(reverse("admin:catalog_title_changelist"), params)
    assert response.status_code == 200


def test_admin_search_matches_folded_names(curator_client):
    wanted = TitleFactory(title_en="Steins;Gate", title_native="STEINS;GATE")
    TitleFactory(title_en="Orange")
    response = curator_client.get(reverse("admin:catalog_title_changelist"), {"q": "steinsgate"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_non_staff_cannot_reach_the_admin(client, owner):
    client.force_login(owner)
    response = client.get(reverse("admin:catalog_title_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_adds_a_title_with_a_png_cover(curator_client):
    drama = TagFactory(name="Drama", slug="drama")
    cover = SimpleUploadedFile("plastic.png", png_bytes((200, 300)), content_type="image/png")
    response = curator_client.post(
        reverse("admin:catalog_title_add"),
        title_form(cover=cover, tags=[drama.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    title = Title.objects.get(slug="plastic-memories")
    assert title.cover.name.startswith("covers/")
    with Image.open(title.cover.path) as image:
        assert image.size == (200, 300)
    assert list(title.tags.all()) == [drama]
    assert Title.objects.search("plastic memories").get() == title
    page = curator_client.get(reverse("admin:catalog_title_change", args=[title.pk]))
    assert f'src="{title.cover.url}"' in page.content.decode()


def test_admin_fixes_a_typo(curator_client):
    title = TitleFactory(title_en="Your LIie In April", slug="your-lie-in-april")
    response = curator_client.post(
        reverse("admin:catalog_title_change", args=[title.pk]),
        title_form(
            title_en="Your Lie in April", slug="your-lie-in-april", mal_id="", anilist_id=""
        ),
    )
    assert response.status_code == 302
    title.refresh_from_db()
    assert title.title_en == "Your Lie in April"


def post_bad_cover(curator_client, upload):
    response = curator_client.post(reverse("admin:catalog_title_add"), title_form(cover=upload))
    assert response.status_code == 200
    assert not Title.objects.exists()
    return response.context["adminform"].form.errors["cover"]


def test_non_image_cover_is_refused(curator_client):
    fake = SimpleUploadedFile("cover.png", b"this is not an image", content_type="image/png")
    errors = post_bad_cover(curator_client, fake)
    assert "Upload a valid image" in errors[0]


def test_oversized_cover_is_refused(curator_client, settings):
    settings.SADLIST_COVER_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.png", png_bytes((300, 300)) + b"\0" * 2000)
    errors = post_bad_cover(curator_client, big)
    assert "the limit is 1000" in errors[0]


def test_cover_with_too_many_pixels_is_refused(curator_client, settings):
    settings.SADLIST_COVER_MAX_PIXELS = 100 * 100
    errors = post_bad_cover(curator_client, SimpleUploadedFile("wide.png", png_bytes((200, 200))))
    assert "200×200 pixels" in errors[0]


def test_tag_autocomplete_offers_only_the_right_kinds(curator_client):
    TagFactory(name="Romance", slug="romance")
    TagFactory(name="War", slug="war", kind=Tag.Kind.CONTENT_NOTE)

    def offered(field_name):
        response = curator_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "catalog", "model_name": "title", "field_name": field_name, "term": ""},
        )
        return [item["text"] for item in response.json()["results"]]

    assert offered("tags") == ["Romance"]
    assert offered("content_notes") == ["War"]


def test_admin_refuses_a_content_note_among_tags(curator_client):
    war = TagFactory(name="War", slug="war", kind=Tag.Kind.CONTENT_NOTE)
    response = curator_client.post(reverse("admin:catalog_title_add"), title_form(tags=[war.pk]))
    assert response.status_code == 200
    assert "tags" in response.context["adminform"].form.errors
    assert not Title.objects.exists()


def inline_data(curated_list, rows):
    data = {
        "name": curated_list.name,
        "slug": curated_list.slug,
        "description": curated_list.description,
        "is_published": "on",
        "entries-TOTAL_FORMS": str(len(rows)),
        "entries-INITIAL_FORMS": str(len(rows)),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    for i, (entry, position) in enumerate(rows):
        data.update(
            {
                f"entries-{i}-id": str(entry.pk),
                f"entries-{i}-curated_list": str(curated_list.pk),
                f"entries-{i}-position": str(position),
                f"entries-{i}-title": str(entry.title.pk),
                f"entries-{i}-note": entry.note,
            }
        )
    return data


def test_admin_reorders_a_list(curator_client):
    curated_list = CuratedListFactory()
    first, second, third = (
        ListEntryFactory(curated_list=curated_list, position=n) for n in (1, 2, 3)
    )
    response = curator_client.post(
        reverse("admin:catalog_curatedlist_change", args=[curated_list.pk]),
        inline_data(curated_list, [(first, 3), (second, 1), (third, 2)]),
    )
    assert response.status_code == 302
    assert list(curated_list.entries.values_list("pk", flat=True)) == [
        second.pk,
        third.pk,
        first.pk,
    ]


def test_admin_refuses_two_entries_at_one_position(curator_client):
    curated_list = CuratedListFactory()
    first, second = (ListEntryFactory(curated_list=curated_list, position=n) for n in (1, 2))
    response = curator_client.post(
        reverse("admin:catalog_curatedlist_change", args=[curated_list.pk]),
        inline_data(curated_list, [(first, 2), (second, 2)]),
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[1].errors["position"] == [
        f"{first.title} already has position 2: give each entry its own position."
    ]
    assert list(curated_list.entries.values_list("position", flat=True)) == [1, 2]


def test_admin_new_list_records_its_curator(curator_client, curator):
    response = curator_client.post(
        reverse("admin:catalog_curatedlist_add"),
        {
            "name": "Movies that wreck you",
            "slug": "movies-that-wreck-you",
            "is_published": "on",
            "entries-TOTAL_FORMS": "0",
            "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert CuratedList.objects.get().created_by == curator
    assert not ListEntry.objects.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", ["covered"]), ("waiting", ["waiting"]), ("failed", ["failed"]), ("none", ["bare"])],
)
def test_admin_filters_titles_by_cover_state(curator_client, value, expected):
    """Curators find the titles fetch_covers has yet to do, or gave up on and why."""
    TitleFactory(slug="covered", cover="covers/covered.jpg", picture_url="https://a.example/1.jpg")
    TitleFactory(slug="waiting", picture_url="https://a.example/2.jpg")
    TitleFactory(slug="failed", picture_url="https://a.example/3.jpg", cover_fetch_error="404")
    TitleFactory(slug="bare")
    response = curator_client.get(reverse("admin:catalog_title_changelist"), {"cover": value})
    assert [title.slug for title in response.context["cl"].result_list] == expected
