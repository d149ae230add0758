import pytest
from django.urls import reverse

from tests.factories import EntryFactory, TitleFactory
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

URL = reverse("watchlist:entry_list")


@pytest.fixture
def shelf(owner):
    EntryFactory(
        user=owner,
        title=TitleFactory(title_en="Banana Fish"),
        status="completed",
        cry_rating=5,
        score=9,
    )
    EntryFactory(
        user=owner, title=TitleFactory(title_en="Angel Beats!"), status="watching", cry_rating=2
    )
    EntryFactory(user=owner, title=TitleFactory(title_en="Clannad"), status="plan_to_watch")
    EntryFactory(
        user=owner, title=TitleFactory(title_en="Nana"), status="completed", cry_rating=3, score=10
    )


def names(response):
    return [entry.title__title_en for entry in response.context["entries"]]


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_tabs_count_each_status(client, owner, shelf):
    client.force_login(owner)
    tabs = {label: count for _, label, count in client.get(URL).context["tabs"]}
    assert tabs == {
        "All": 4,
        "Plan to watch": 1,
        "Watching": 1,
        "Completed": 2,
        "On hold": 0,
        "Dropped": 0,
    }


def test_tab_shows_one_status(client, owner, shelf):
    client.force_login(owner)
    assert sorted(names(client.get(URL, {"status": "completed"}))) == ["Banana Fish", "Nana"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("title", ["Angel Beats!", "Banana Fish", "Clannad", "Nana"]),
        ("-cry", ["Banana Fish", "Nana", "Angel Beats!", "Clannad"]),
        ("-score", ["Nana", "Banana Fish", "Clannad", "Angel Beats!"]),
        ("-updated", ["Nana", "Clannad", "Angel Beats!", "Banana Fish"]),
    ],
)
def test_sorts(client, owner, shelf, sort, expected):
    client.force_login(owner)
    assert names(client.get(URL, {"sort": sort})) == expected


def test_unknown_status_and_sort_fall_back_with_a_message(client, owner, shelf):
    client.force_login(owner)
    response = client.get(URL, {"status": "binge", "sort": "password"})
    assert response.status_code == 200
    assert len(names(response)) == 4
    assert "There is no such status" in response.content.decode()


def test_only_ones_own_entries(client, owner, other_user, shelf):
    EntryFactory(user=other_user, title=TitleFactory(title_en="Elfen Lied"), status="completed")
    client.force_login(owner)
    assert "Elfen Lied" not in names(client.get(URL))


def test_each_row_links_to_its_full_form_with_unique_ids(client, owner, shelf):
    # Lean rows (issue 16): one "+" and an Edit link per row, no selects; the page has one
    # CSRF token of its own, in the form every "+" submits.
    client.force_login(owner)
    page = client.get(URL).content.decode()
    for entry in Entry.objects.filter(user=owner):
        assert f'href="{reverse("watchlist:entry_edit", args=[entry.pk])}">Edit</a>' in page
    assert page.count('name="csrfmiddlewaretoken"') == 2  # the rows' form and signing out
    assert "<select" not in page.split("<tbody>")[1]
    ids = [part.split('"')[0] for part in page.split(' id="')[1:]]
    assert len(ids) == len(set(ids))


def test_query_count_is_fixed(client, owner, shelf, django_assert_num_queries):
    client.force_login(owner)
    # Session, user, status counts (which the pager reuses), the page of entries with their
    # titles.
    with django_assert_num_queries(4):
        client.get(URL)
    for _ in range(5):
        EntryFactory(user=owner, title=TitleFactory(), status="watching", cry_rating=1)
    with django_assert_num_queries(4):
        client.get(URL)
    with django_assert_num_queries(4):
        client.get(URL, {"status": "watching", "page": "2"})


def test_each_row_shows_its_status_and_cry_rating(client, owner, shelf):
    client.force_login(owner)
    page = client.get(URL, {"sort": "title"}).content.decode()
    rows = page.split('<tr id="entry-')[1:]
    angel = rows[0]
    assert '<td data-label="Status">Watching</td>' in angel
    assert '<td data-label="Cry rating">2 · A tear or two</td>' in angel
    clannad = rows[2]
    assert '<td data-label="Cry rating">—</td>' in clannad


def test_fifty_rows_stay_under_forty_kilobytes(client, owner):
    # Issue 16's page weight: the watchlist's 50 rows under 40 KB of HTML.
    for number in range(50):
        title = TitleFactory(
            title_en=f"A fairly long title of a heartbreaking anime, part {number}", episodes=24
        )
        EntryFactory(user=owner, title=title, status="watching", cry_rating=number % 6)
    client.force_login(owner)
    assert len(client.get(URL).content) < 40_000


def test_pages_follow_the_shown_tabs_count(client, owner, shelf, monkeypatch):
    # The pager takes its count from the tabs: all entries, or the chosen status's alone.
    monkeypatch.setattr("watchlist.views.ENTRIES_PER_PAGE", 2)
    client.force_login(owner)
    every = client.get(URL)
    assert every.context["page"].paginator.num_pages == 2  # four entries
    assert len(client.get(URL, {"page": "2"}).context["entries"]) == 2
    completed = client.get(URL, {"status": "completed"})
    assert completed.context["page"].paginator.num_pages == 1
    assert sorted(names(completed)) == ["Banana Fish", "Nana"]
    # Past the last page: the last one, as Paginator.get_page gives it.
    late = client.get(URL, {"status": "watching", "page": "9"})
    assert late.context["page"].number == 1
    assert names(late) == ["Angel Beats!"]
    empty = client.get(URL, {"status": "dropped"})
    assert empty.status_code == 200 and names(empty) == []
