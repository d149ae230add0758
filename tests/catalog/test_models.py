import pytest
from django.db import IntegrityError, transaction

from catalog.models import ListEntry, Tag, Title
from tests.factories import CuratedListFactory, TagFactory, TitleFactory

pytestmark = pytest.mark.django_db


def assert_refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Title.objects.create(
            **{"title_en": "Plastic Memories", "slug": "plastic-memories", **fields}
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"year": 1850},
        {"year": 2200},
        {"episodes": 0},
        {"slug": ""},
        {"title_en": ""},
        {"format": "podcast"},
        {"mal_id": 0},
        {"anilist_id": 0},
    ],
    ids=lambda fields: next(iter(fields)) + "=" + repr(next(iter(fields.values()))),
)
def test_database_refuses_invalid_title(fields):
    assert_refused(**fields)
    assert not Title.objects.exists()


def test_slug_is_unique():
    TitleFactory(slug="orange")
    assert_refused(slug="orange")


def test_mal_and_anilist_ids_are_unique_where_set():
    TitleFactory(mal_id=27775, anilist_id=20872)
    assert_refused(mal_id=27775)
    assert_refused(anilist_id=20872)
    # Titles without ids can coexist.
    TitleFactory(mal_id=None, anilist_id=None)
    TitleFactory(mal_id=None, anilist_id=None)
    assert Title.objects.filter(mal_id=None).count() == 2


def test_tag_names_are_unique_ignoring_case():
    TagFactory(name="Romance", slug="romance")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="ROMANCE", slug="romance-2")


def test_tag_kind_must_be_known():
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="Mecha", slug="mecha", kind="mood")


def test_a_title_appears_once_per_list():
    curated_list = CuratedListFactory()
    title = TitleFactory()
    ListEntry.objects.create(curated_list=curated_list, title=title, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ListEntry.objects.create(curated_list=curated_list, title=title, position=2)


def test_list_positions_start_at_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        ListEntry.objects.create(
            curated_list=CuratedListFactory(), title=TitleFactory(), position=0
        )


def test_search_text_follows_every_save():
    title = TitleFactory(title_en="Steins;Gate", title_romaji="", title_native="STEINS;GATE")
    assert Title.objects.search("steins gate").get() == title
    title.title_romaji = "Shutainzu Geto"
    title.save(update_fields=["title_romaji"])
    assert Title.objects.search("shutainzu").get() == title


def test_alternative_titles_skip_repeats_of_the_english_title():
    title = TitleFactory(
        title_en="Orange", title_romaji="Orange", title_native="orange（オレンジ）"
    )
    assert title.alternative_titles == ["orange（オレンジ）"]


def test_deleting_a_title_takes_it_off_lists_but_keeps_the_list():
    entry = ListEntry.objects.create(
        curated_list=CuratedListFactory(), title=TitleFactory(), position=1
    )
    entry.title.delete()
    assert not ListEntry.objects.exists()
    assert entry.curated_list.__class__.objects.filter(pk=entry.curated_list.pk).exists()
