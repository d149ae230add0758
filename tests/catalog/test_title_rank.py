"""A title page's rank agrees with the Most tearful ranking the same person sees."""

import re

import pytest
from django.urls import reverse

from tests.factories import EntryFactory, TitleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(db):
    """Clannad first, Anohana second, Elfen Lied last, each rated by others."""
    titles = {
        name: TitleFactory(title_en=name)
        for name in ["Clannad After Story", "Anohana", "Elfen Lied"]
    }
    for name, ratings in [
        ("Clannad After Story", [4, 4, 4]),
        ("Anohana", [4, 4]),
        ("Elfen Lied", [1]),
    ]:
        for rating in ratings:
            EntryFactory(
                user=UserFactory(), title=titles[name], status="completed", cry_rating=rating
            )
    return titles


def rank_on_title_page(client, title):
    page = client.get(title.get_absolute_url()).content.decode()
    return int(re.search(r"#(\d+) in Most tearful", page).group(1))


def rank_on_rankings_page(client, title):
    ranking = client.get(reverse("rankings:tearful")).context["titles"]
    return next(ranked.rank for ranked in ranking if ranked.pk == title.pk)


def test_member_who_just_rated_sees_the_new_rank_on_both_pages(client, owner, rated, settings):
    # The production cache lifetimes: pages are kept for visitors and for each member.
    settings.SADLIST_ANONYMOUS_PAGE_SECONDS = 30
    settings.SADLIST_MEMBER_PAGE_SECONDS = 30
    elfen = rated["Elfen Lied"]
    assert rank_on_title_page(client, elfen) == 3  # a visitor's view, now kept
    client.force_login(owner)
    assert rank_on_title_page(client, elfen) == rank_on_rankings_page(client, elfen) == 3
    for rating in [5] * 11:
        EntryFactory(user=UserFactory(), title=elfen, status="completed", cry_rating=rating)
    client.post(
        reverse("watchlist:entry_quick_save", args=[elfen.slug]),
        {"status": "completed", "cry_rating": "5"},
    )
    assert rank_on_rankings_page(client, elfen) == 1
    assert rank_on_title_page(client, elfen) == 1


def test_rank_seen_by_one_member_is_not_served_to_another(
    client, owner, other_user, rated, settings
):
    settings.SADLIST_ANONYMOUS_PAGE_SECONDS = 30
    settings.SADLIST_MEMBER_PAGE_SECONDS = 30
    elfen = rated["Elfen Lied"]
    client.force_login(other_user)
    assert rank_on_title_page(client, elfen) == 3
    for rating in [5] * 12:
        EntryFactory(user=UserFactory(), title=elfen, status="completed", cry_rating=rating)
    # Alice hasn't looked at either page yet: both are made for her now, from the same data.
    client.force_login(owner)
    assert rank_on_title_page(client, elfen) == rank_on_rankings_page(client, elfen) == 1
