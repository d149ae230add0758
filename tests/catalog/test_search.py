"""The catalog's search: word starts on every database, near misses on PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from catalog.models import Title
from tests.factories import TitleFactory

pytestmark = pytest.mark.django_db

URL = reverse("catalog:title_list")
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="typo-tolerant search needs PostgreSQL's pg_trgm; SQLite matches word starts only "
    "(set DATABASE_URL to a PostgreSQL database to run it)",
)


def listed(client, query):
    return [title.title_en for title in client.get(URL, {"q": query}).context["titles"]]


@pytest.fixture
def catalog():
    TitleFactory(title_en="Steins;Gate", popularity=673572, other_titles="シュタインズ・ゲート")
    TitleFactory(title_en="Steins;Gate 0", popularity=120000)
    TitleFactory(title_en="Clannad", popularity=566690)
    TitleFactory(title_en="Clannad: After Story", popularity=456749)
    TitleFactory(
        title_en="Your Lie in April",
        title_romaji="Shigatsu wa Kimi no Uso",
        title_native="四月は君の嘘",
        popularity=416397,
        other_titles="Kimiuso",
    )
    TitleFactory(title_en="Shigatsu wa Kimi no Uso: Moments", popularity=41368)
    TitleFactory(
        title_en="Fullmetal Alchemist: Brotherhood",
        popularity=793665,
        other_titles="FMA:B\nFMAB\nHagane no Renkinjutsushi: Fullmetal Alchemist",
    )
    TitleFactory(title_en="Brotherhood: Final Fantasy XV", popularity=29445)
    TitleFactory(title_en="Tell Your World", popularity=900000)


@needs_postgresql
@pytest.mark.parametrize(
    "query, first",
    [
        ("stiens gate", "Steins;Gate"),
        ("clanad", "Clannad"),
        ("shigatsu wa kimi no uso", "Your Lie in April"),
        ("your lie", "Your Lie in April"),
        ("fma brotherhood", "Fullmetal Alchemist: Brotherhood"),
        ("fullmetal brotherhod", "Fullmetal Alchemist: Brotherhood"),
    ],
)
def test_typos_and_other_names_find_the_title_first(client, catalog, query, first):
    assert listed(client, query)[0] == first


@needs_postgresql
def test_near_misses_come_after_real_matches(client, catalog):
    # "clannad after" matches one title word by word; the others are only similar.
    found = listed(client, "clannad after")
    assert found[0] == "Clannad: After Story"


def test_whole_name_then_start_then_words_then_popularity(client, catalog):
    TitleFactory(title_en="The Gate of Steins", popularity=999999)
    found = listed(client, "steins gate")
    # A whole name, then a name starting so (though less popular than the last), then
    # one with the words elsewhere.
    assert found[:3] == ["Steins;Gate", "Steins;Gate 0", "The Gate of Steins"]


def test_alternative_titles_are_searched(client, catalog):
    assert listed(client, "kimiuso") == ["Your Lie in April"]
    assert listed(client, "fmab") == ["Fullmetal Alchemist: Brotherhood"]
    assert listed(client, "hagane no renkinjutsushi")[0] == "Fullmetal Alchemist: Brotherhood"


def test_an_explicit_sort_overrides_the_match_order(client, catalog):
    response = client.get(URL, {"q": "clannad", "sort": "title"})
    found = [title.title_en for title in response.context["titles"]]
    assert found[:2] == ["Clannad", "Clannad: After Story"]
    response = client.get(URL, {"q": "your", "sort": "popular"})
    assert response.context["titles"][0].title_en == "Tell Your World"


def test_other_titles_are_folded_into_the_search_text():
    title = Title.objects.create(title_en="A", slug="a", other_titles="Ｆｕｌｌ Métal\n\n")
    assert "full metal" in title.search_text
    assert title.other_title_list == ["Ｆｕｌｌ Métal"]


@pytest.mark.parametrize(
    "query",
    ["steins gate", "STEINS;GATE", "clannad", "clannad after", "clanad", "your lie", "kimi",
     "四月は君の嘘", "シュタインズ", "fma brotherhood", "brotherhood", "gate 0", "stiens gate",
     "100% sad_face", "tears", "no such title"],
)  # fmt: skip
def test_a_search_alone_finds_what_the_querysets_search_finds_in_its_order(catalog, query):
    from catalog.selectors import TitleSearch

    # Equally good and popular: by name, then id.
    TitleFactory(title_en="Blue Tears", popularity=7)
    TitleFactory(title_en="Azure Tears", popularity=7)
    TitleFactory(title_en="Sad Face 100%", popularity=5)
    fields = ("slug", "title_en", "year")
    expected = list(Title.objects.only(*fields).search(query).values_list("pk", flat=True))
    search = TitleSearch(query, fields=fields)
    found = search[0:50]
    assert [title.pk for title in found] == expected
    assert [title.matches for title in found] == [len(expected)] * len(expected)
    assert search.count() == len(expected)
    assert [title.pk for title in search[1:3]] == expected[1:3]
    assert search[5:5] == []
    # Each title holds the fields asked for, as .only() leaves it.
    for title in found:
        assert Title.objects.only(*fields).get(pk=title.pk).title_en == title.title_en
        assert title.get_deferred_fields() == {
            f.attname for f in Title._meta.concrete_fields if f.attname not in {"id", *fields}
        }


def test_a_search_needs_a_word():
    from catalog.selectors import TitleSearch

    with pytest.raises(ValueError):
        TitleSearch("!!! …", fields=("slug",))


def test_a_search_with_a_filter_or_a_sort_still_finds_and_counts_its_titles(client, catalog):
    TitleFactory(title_en="Clannad Movie", format="movie", popularity=1)
    response = client.get(URL, {"q": "clannad", "format": "movie"})
    assert [title.title_en for title in response.context["titles"]] == ["Clannad Movie"]
    assert response.context["page"].paginator.count == 1
    response = client.get(URL, {"q": "clannad", "sort": "-title"})
    assert [title.title_en for title in response.context["titles"]] == [
        "Clannad: After Story", "Clannad Movie", "Clannad",
    ]  # fmt: skip
    response = client.get(URL, {"q": "clannad"})
    assert response.context["page"].paginator.count == 3
    assert [title.title_en for title in response.context["titles"]][0] == "Clannad"
