"""Every list of titles shows a small cover, or the title's placeholder when it has none."""

import pytest
from django.urls import reverse

from tests.factories import EntryFactory, TitleFactory


@pytest.fixture
def titles(db):
    covered = TitleFactory(title_en="Covered Tears", slug="covered", cover="covers/covered.jpg")
    bare = TitleFactory(title_en="Bare Tears", slug="bare")
    for title in (covered, bare):
        EntryFactory(title=title, rated=True)
    return covered, bare


ROW_PLACEHOLDER = 'data-initials="BT" aria-hidden="true"'
CARD_PLACEHOLDER = 'aria-label="Bare Tears (no cover image yet)"'


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        (reverse("rankings:tearful"), ROW_PLACEHOLDER),
        (reverse("rankings:watched"), ROW_PLACEHOLDER),
        (reverse("catalog:title_list") + "?q=tears", CARD_PLACEHOLDER),
    ],
)
def test_lists_show_a_cover_or_the_placeholder(client, titles, url, placeholder):
    page = client.get(url).content.decode()
    assert 'src="/media/covers/covered.jpg"' in page
    assert placeholder in page


def test_the_watchlist_rows_show_covers(signed_in, owner, titles):
    covered, bare = titles
    EntryFactory(user=owner, title=covered)
    EntryFactory(user=owner, title=bare)
    page = signed_in.get(reverse("watchlist:entry_list")).content.decode()
    assert 'class="cover-thumb" src="/media/covers/covered.jpg"' in page
    assert 'data-initials="BT"' in page


@pytest.mark.parametrize(
    "name, shown",
    [
        ("Grave of the Fireflies", "GO"),
        ("The Garden of Words", "GO"),
        ("Pokémon", "P"),
        ("Steins;Gate", "SG"),
        ("!!!", "?"),
    ],
)
def test_a_placeholder_shows_the_first_letters_of_the_names_first_two_words(name, shown):
    assert TitleFactory.build(title_en=name).initials == shown


def test_a_renamed_title_shows_its_new_initials(db):
    title = TitleFactory(title_en="Bare Tears")
    assert title.initials == "BT"
    title.title_en = "Your Lie in April"
    assert title.initials == "YL"
