import pytest
from django.urls import reverse

from catalog.models import Tag, Title
from catalog.views import TITLES_PER_PAGE
from tests.factories import EntryFactory, TagFactory, TitleFactory

pytestmark = pytest.mark.django_db

URL = reverse("catalog:title_list")


def listed(response):
    return [title.title_en for title in response.context["titles"]]


@pytest.fixture
def catalog():
    romance = TagFactory(name="Romance", slug="romance")
    war = TagFactory(name="War", slug="war", kind=Tag.Kind.CONTENT_NOTE)
    your_name = TitleFactory(
        title_en="Your Name.",
        title_romaji="Kimi no Na wa.",
        title_native="君の名は。",
        slug="your-name",
        format=Title.Format.MOVIE,
        year=2016,
    )
    your_name.tags.add(romance)
    fireflies = TitleFactory(
        title_en="Grave of the Fireflies",
        title_romaji="Hotaru no Haka",
        slug="grave-of-the-fireflies",
        format=Title.Format.MOVIE,
        year=1988,
    )
    fireflies.content_notes.add(war)
    TitleFactory(title_en="Steins;Gate", slug="steins-gate", year=2011)
    TitleFactory(title_en="Pokémon: Arceus", slug="pokemon-arceus", year=2009)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("steins gate", ["Steins;Gate"]),
        ("STEINS;GATE", ["Steins;Gate"]),
        ("steinsgate", ["Steins;Gate"]),
        ("Kimi no Na wa", ["Your Name."]),
        ("kimi no na wa.", ["Your Name."]),
        ("君の名は", ["Your Name."]),
        ("pokemon", ["Pokémon: Arceus"]),
        ("hotaru", ["Grave of the Fireflies"]),
        ("fireflies grave", ["Grave of the Fireflies"]),
        ("gate", ["Steins;Gate"]),
        ("ate", []),  # words match at their start, not in the middle of another
        ("pok arc", ["Pokémon: Arceus"]),
        ("no such anime", []),
    ],
)
def test_search_ignores_case_accents_and_punctuation(client, catalog, query, expected):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert listed(response) == expected


def test_search_box_keeps_the_query(client, catalog):
    response = client.get(URL, {"q": "steins gate"})
    assert 'value="steins gate"' in response.content.decode()


def test_filter_by_format(client, catalog):
    response = client.get(URL, {"format": "movie"})
    assert listed(response) == ["Grave of the Fireflies", "Your Name."]


def test_filter_by_tag(client, catalog):
    assert listed(client.get(URL, {"tag": "romance"})) == ["Your Name."]


def test_filter_by_content_note(client, catalog):
    assert listed(client.get(URL, {"tag": "war"})) == ["Grave of the Fireflies"]


def test_filter_by_several_tags_needs_them_all(client, catalog):
    drama = TagFactory(name="Drama", slug="drama")
    both = Title.objects.get(slug="your-name")
    both.tags.add(drama)
    Title.objects.get(slug="steins-gate").tags.add(drama)
    assert listed(client.get(URL, {"tag": ["romance", "drama"]})) == ["Your Name."]
    assert listed(client.get(URL, {"tag": ["drama", "war"]})) == []
    assert listed(client.get(URL, {"tag": "drama"})) == ["Steins;Gate", "Your Name."]


def test_exclude_leaves_out_tags_and_content_notes(client, catalog):
    assert listed(client.get(URL, {"exclude": "war"})) == [
        "Pokémon: Arceus",
        "Steins;Gate",
        "Your Name.",
    ]
    assert listed(client.get(URL, {"exclude": ["war", "romance"]})) == [
        "Pokémon: Arceus",
        "Steins;Gate",
    ]
    # "Movies, but no war."
    assert listed(client.get(URL, {"format": "movie", "exclude": "war"})) == ["Your Name."]


def test_most_popular_first_by_default(client, catalog):
    Title.objects.filter(slug="steins-gate").update(popularity=673572)
    Title.objects.filter(slug="your-name").update(popularity=200630)
    assert listed(client.get(URL))[:2] == ["Steins;Gate", "Your Name."]
    assert listed(client.get(URL, {"format": "tv"}))[0] == "Steins;Gate"


def test_sort_by_cry_rating_puts_unrated_titles_last(client, catalog):
    fireflies = Title.objects.get(slug="grave-of-the-fireflies")
    steins = Title.objects.get(slug="steins-gate")
    EntryFactory(title=steins, rated=True, cry_rating=3)
    EntryFactory(title=fireflies, rated=True, cry_rating=5)
    EntryFactory(title=fireflies, rated=True, cry_rating=4)
    found = listed(client.get(URL, {"sort": "-cry"}))
    assert found[:2] == ["Grave of the Fireflies", "Steins;Gate"]
    assert set(found[2:]) == {"Pokémon: Arceus", "Your Name."}


def test_years_unknown_come_last_either_way(client, catalog):
    TitleFactory(title_en="Aaa Unknown Year", year=None)
    assert listed(client.get(URL, {"sort": "year"}))[-1] == "Aaa Unknown Year"
    assert listed(client.get(URL, {"sort": "-year"}))[-1] == "Aaa Unknown Year"


def test_filter_by_decade(client, catalog):
    response = client.get(URL, {"decade": "2010"})
    assert listed(response) == ["Steins;Gate", "Your Name."]
    assert listed(client.get(URL, {"decade": "1980"})) == ["Grave of the Fireflies"]


def test_filters_combine(client, catalog):
    response = client.get(URL, {"format": "movie", "decade": "2010", "q": "name"})
    assert listed(response) == ["Your Name."]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("title", ["Grave of the Fireflies", "Pokémon: Arceus", "Steins;Gate", "Your Name."]),
        ("-title", ["Your Name.", "Steins;Gate", "Pokémon: Arceus", "Grave of the Fireflies"]),
        ("year", ["Grave of the Fireflies", "Pokémon: Arceus", "Steins;Gate", "Your Name."]),
        ("-year", ["Your Name.", "Steins;Gate", "Pokémon: Arceus", "Grave of the Fireflies"]),
    ],
)
def test_sort(client, catalog, sort, expected):
    assert listed(client.get(URL, {"sort": sort})) == expected


@pytest.mark.parametrize(
    "params, field",
    [
        ({"format": "podcast"}, "format"),
        ({"tag": "no-such-tag"}, "tag"),
        ({"tag": ["romance", "no-such-tag"]}, "tag"),
        ({"exclude": "no-such-tag"}, "exclude"),
        ({"decade": "1234"}, "decade"),
        ({"decade": "'; DROP TABLE catalog_title; --"}, "decade"),
        ({"sort": "password"}, "sort"),
    ],
)
def test_invalid_filter_is_reported_and_ignored(client, catalog, params, field):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "This filter was ignored." in response.content.decode()
    assert len(listed(response)) == 4


@pytest.mark.parametrize(
    "query",
    ["x" * 5000, "steins\x00gate", "' OR 1=1 --", "%", "_", "<script>alert(1)</script>"],
)
def test_odd_queries_never_fail(client, catalog, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_pagination(client):
    TitleFactory.create_batch(TITLES_PER_PAGE + 3)
    first = client.get(URL)
    assert len(listed(first)) == TITLES_PER_PAGE
    second = client.get(URL, {"page": 2})
    assert len(listed(second)) == 3
    assert not set(listed(first)) & set(listed(second))
    assert 'rel="next"' in first.content.decode()


def test_pagination_keeps_filters(client):
    TitleFactory.create_batch(TITLES_PER_PAGE + 1, format=Title.Format.MOVIE)
    response = client.get(URL, {"format": "movie"})
    assert "?format=movie&amp;page=2" in response.content.decode()


@pytest.mark.parametrize("page", ["999", "0", "-1", "abc"])
def test_out_of_range_page_shows_a_real_page(client, page):
    TitleFactory.create_batch(3)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert len(listed(response)) == 3


def test_query_count_does_not_grow_with_titles(client, django_assert_num_queries):
    for title in TitleFactory.create_batch(TITLES_PER_PAGE):
        title.tags.add(TagFactory())
    # Tags for the filter, the count, the page of titles, their tags.
    with django_assert_num_queries(4):
        client.get(URL)


@pytest.fixture
def thirty_sad_titles():
    return [TitleFactory(title_en=f"Sad story {number:02}") for number in range(30)]


def test_search_results_count_and_page_in_one_query(
    client, thirty_sad_titles, django_assert_num_queries
):
    TitleFactory(title_en="Cheerful")
    # Tags for the filter, the page of matches with their count, the page's tags.
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "sad"})
    page = response.context["page"]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (1, 30, 2)
    assert len(listed(response)) == TITLES_PER_PAGE
    second = client.get(URL, {"q": "sad", "page": 2}).context["page"]
    assert (second.number, len(second.object_list), second.has_previous()) == (2, 6, True)
    assert not set(listed(response)) & {title.title_en for title in second.object_list}


@pytest.mark.parametrize("asked", ["3", "0", "-1", "9" * 40])
def test_a_search_page_out_of_range_shows_the_last_one(client, thirty_sad_titles, asked):
    page = client.get(URL, {"q": "sad", "page": asked}).context["page"]
    assert (page.number, len(page.object_list), page.paginator.count) == (2, 6, 30)


@pytest.mark.parametrize("asked", ["x", "1.5", ""])
def test_a_search_page_that_is_no_number_shows_the_first(client, thirty_sad_titles, asked):
    page = client.get(URL, {"q": "sad", "page": asked}).context["page"]
    assert (page.number, page.paginator.count) == (1, 30)


def test_a_search_that_matches_nothing_says_so(client, thirty_sad_titles):
    response = client.get(URL, {"q": "zzzz"})
    assert response.context["page"].paginator.count == 0
    assert "No title matches" in response.content.decode()
