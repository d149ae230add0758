"""Most tearful's stored ranks (TitleStats.tearful_rank) move with every rating, agree with
the formula and its live m and C, and recompute_stats repairs them when they drift."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog import selectors, services
from catalog.models import RankingSnapshot, Title, TitleStats
from tests.factories import EntryFactory, TitleFactory, UserFactory
from watchlist import services as watchlist_services

pytestmark = pytest.mark.django_db


def rate(title, *ratings):
    for rating in ratings:
        EntryFactory(user=UserFactory(), title=title, status="completed", cry_rating=rating)


def stored_order():
    return list(
        TitleStats.objects.filter(tearful_rank__isnull=False)
        .order_by("tearful_rank")
        .values_list("title__title_en", "tearful_rank")
    )


def live_order():
    ranked = Title.objects.tearful(m=5, c=TitleStats.objects.site_cry_mean())
    return [(title.title_en, place) for place, title in enumerate(ranked, start=1)]


@pytest.fixture(autouse=True)
def ranking_m(settings):
    settings.SADLIST_RANKING_M = 5


@pytest.fixture
def three():
    titles = {name: TitleFactory(title_en=name) for name in ["Clannad", "Anohana", "Elfen Lied"]}
    rate(titles["Clannad"], 5, 5, 4)
    rate(titles["Anohana"], 4, 4)
    rate(titles["Elfen Lied"], 1)
    return titles


def test_each_rating_ranks_every_title_as_the_formula_does(three):
    assert stored_order() == live_order() == [("Clannad", 1), ("Anohana", 2), ("Elfen Lied", 3)]
    snapshot = RankingSnapshot.objects.get()
    assert (snapshot.m, snapshot.c) == (5, TitleStats.objects.site_cry_mean())


def test_stored_rank_moves_with_a_rating(three):
    elfen = three["Elfen Lied"]
    rate(elfen, *[5] * 12)
    assert stored_order() == live_order()
    assert TitleStats.objects.get(title=elfen).tearful_rank == 1


def test_changing_and_removing_a_rating_moves_the_rank_back(three, other_user):
    elfen = three["Elfen Lied"]
    entry = EntryFactory(user=other_user, title=elfen, status="completed", cry_rating=5)
    for _ in range(11):
        rate(elfen, 5)
    assert TitleStats.objects.get(title=elfen).tearful_rank == 1
    entry.cry_rating = 0
    watchlist_services.entry_save(entry=entry)
    assert stored_order() == live_order()
    watchlist_services.entry_delete(entry=entry)
    assert stored_order() == live_order()


def test_a_title_whose_last_rating_goes_loses_its_rank(three, other_user):
    newcomer = TitleFactory(title_en="Newcomer")
    entry = EntryFactory(user=other_user, title=newcomer, status="completed", cry_rating=3)
    assert TitleStats.objects.get(title=newcomer).tearful_rank is not None
    watchlist_services.entry_delete(entry=entry)
    assert TitleStats.objects.get(title=newcomer).tearful_rank is None
    assert stored_order() == live_order()


def test_deleting_a_members_entries_reranks(three, other_user):
    for title in three.values():
        EntryFactory(user=other_user, title=title, status="completed", cry_rating=0)
    watchlist_services.entries_delete_for_user(user=other_user)
    assert stored_order() == live_order()
    assert RankingSnapshot.objects.get().c == TitleStats.objects.site_cry_mean()


def test_title_page_reads_the_stored_rank(client, three):
    TitleStats.objects.filter(title=three["Anohana"]).update(tearful_rank=42)
    assert "#42 in Most tearful" in client.get(three["Anohana"].get_absolute_url()).content.decode()


def test_another_m_is_ranked_live_until_reranked(three, settings):
    settings.SADLIST_RANKING_M = 0
    titles, m, _c, count = selectors.tearful_ranking()
    assert count is None  # counted with the page, not taken from the snapshot
    assert m == 0
    expected = Title.objects.tearful(m=0, c=TitleStats.objects.site_cry_mean())
    assert [t.pk for t in titles] == [t.pk for t in expected]
    assert selectors.title_tearful_rank(title=three["Elfen Lied"]) == 3
    services.tearful_ranks_refresh()
    assert RankingSnapshot.objects.get().m == 0


def test_recompute_stats_repairs_drifted_ranks(three):
    TitleStats.objects.filter(title=three["Clannad"]).update(tearful_rank=3)
    TitleStats.objects.filter(title=three["Elfen Lied"]).update(tearful_rank=None)
    out = StringIO()
    call_command("recompute_stats", "--dry-run", stdout=out)
    assert "Most tearful: 2 stored ranks would move (--dry-run)." in out.getvalue()
    assert TitleStats.objects.get(title=three["Clannad"]).tearful_rank == 3
    out = StringIO()
    call_command("recompute_stats", stdout=out)
    assert "Most tearful: 2 stored ranks moved to their places." in out.getvalue()
    assert stored_order() == live_order()
    out = StringIO()
    call_command("recompute_stats", stdout=out)
    assert "No drift: every count matches its rows." in out.getvalue()


def test_a_renamed_title_moves_among_equal_scores():
    zebra, apple = TitleFactory(title_en="Zebra"), TitleFactory(title_en="Apple")
    rate(zebra, 3)
    rate(apple, 3)
    assert [name for name, _ in stored_order()] == ["Apple", "Zebra"]
    apple.title_en = "Zzz"
    apple.save()
    services.tearful_ranks_refresh()
    assert [name for name, _ in stored_order()] == ["Zebra", "Zzz"]


def test_the_snapshot_knows_how_many_titles_are_ranked(three):
    _titles, _m, c, count = selectors.tearful_ranking()
    assert count == 3
    assert c == TitleStats.objects.site_cry_mean()


def test_deleting_a_title_in_the_admin_closes_the_gap(curator_client, three):
    clannad = three["Clannad"]
    response = curator_client.post(
        reverse("admin:catalog_title_delete", args=[clannad.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert stored_order() == live_order() == [("Anohana", 1), ("Elfen Lied", 2)]
    assert RankingSnapshot.objects.get().c == TitleStats.objects.site_cry_mean()
