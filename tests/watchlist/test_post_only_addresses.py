"""The quick form's POST-only address never ends in a bare 405 or a lost choice.

Signed out in another tab, a member's choice is kept across signing in and saved; a GET
(a reload, the sign-in page's return, a stale link) goes to the page the form lives on;
a refused choice is explained there, at the form.
"""

import pytest
from django.urls import reverse

from catalog.models import TitleStats
from tests.factories import EntryFactory, TitleFactory
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def wolf(db):
    return TitleFactory(title_en="Wolf Children", slug="wolf-children", episodes=1)


def quick_url(title):
    return reverse("watchlist:entry_quick_save", args=[title.slug])


def sign_in(client, next_url):
    return client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": next_url}
    )


def test_signed_out_choice_is_kept_across_sign_in_and_saved(client, owner, wolf):
    response = client.post(
        quick_url(wolf), {"status": "completed", "cry_rating": "5", "next": wolf.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quick_url(wolf)}"
    assert not Entry.objects.exists()
    login_page = client.get(response["Location"]).content.decode()
    assert "Sign in to save your choice for Wolf Children" in login_page

    back = sign_in(client, quick_url(wolf))
    assert back["Location"] == quick_url(wolf)
    saved = client.get(back["Location"])
    assert saved.status_code == 302
    assert saved["Location"] == wolf.get_absolute_url()
    entry = Entry.objects.get(user=owner, title=wolf)
    assert (entry.status, entry.cry_rating) == ("completed", 5)
    assert TitleStats.objects.get(title=wolf).cry_sum == 5
    page = client.get(saved["Location"]).content.decode()
    assert "Wolf Children added to your watchlist: Completed, Destroyed." in page


def test_a_kept_choice_is_used_once(client, owner, wolf):
    client.post(quick_url(wolf), {"status": "watching", "cry_rating": "2"})
    sign_in(client, quick_url(wolf))
    client.get(quick_url(wolf))
    Entry.objects.all().delete()
    again = client.get(quick_url(wolf))
    assert again["Location"] == wolf.get_absolute_url() + "#your-entry"
    assert not Entry.objects.exists()


def test_a_kept_choice_that_is_refused_is_shown_at_the_form(client, owner, wolf):
    client.post(quick_url(wolf), {"status": "plan_to_watch", "cry_rating": "4"})
    sign_in(client, quick_url(wolf))
    response = client.get(quick_url(wolf))
    assert response["Location"] == wolf.get_absolute_url() + "#your-entry"
    page = client.get(response["Location"]).content.decode()
    assert "change the status from Plan to watch" in page
    assert not Entry.objects.exists()


def test_get_while_signed_in_goes_to_the_title_page_saying_what_to_redo(signed_in, wolf):
    response = signed_in.get(quick_url(wolf))
    assert response.status_code == 302
    assert response["Location"] == wolf.get_absolute_url() + "#your-entry"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Nothing was saved yet: choose a status and cry rating for Wolf Children" in page
    assert not Entry.objects.exists()


def test_get_while_signed_out_goes_to_the_title_page(client, wolf):
    response = client.get(quick_url(wolf))
    assert response.status_code == 302
    assert response["Location"] == wolf.get_absolute_url()


def test_refused_choice_is_shown_on_the_title_page_at_the_form(signed_in, wolf):
    response = signed_in.post(
        quick_url(wolf),
        {"status": "plan_to_watch", "cry_rating": "4", "next": wolf.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == wolf.get_absolute_url() + "#your-entry"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Nothing was saved for Wolf Children" in page
    assert "change the status from Plan to watch" in page
    assert 'aria-describedby="id_cry_rating_errors"' in page
    # What was refused is shown as chosen, so it can be corrected.
    assert '<option value="4" selected>' in page
    assert not Entry.objects.exists()
    # Shown once: the next visit is a fresh form.
    assert "change the status" not in signed_in.get(wolf.get_absolute_url()).content.decode()


def test_refused_quick_edit_on_the_watchlist_is_shown_at_its_row(signed_in, owner, wolf):
    entry = EntryFactory(user=owner, title=wolf, status="watching", cry_rating=2)
    next_url = f"{reverse('watchlist:entry_list')}?sort=title#entry-{entry.pk}"
    response = signed_in.post(
        quick_url(wolf), {"status": "plan_to_watch", "cry_rating": "4", "next": next_url}
    )
    assert response["Location"] == next_url
    page = signed_in.get(response["Location"]).content.decode()
    assert f'<tr id="entry-{entry.pk}">' in page
    row = page.split(f'<tr id="entry-{entry.pk}">')[1].split("</tr>")[0]
    assert "Nothing was saved: Rate how hard it hit you once you&#x27;ve started watching" in row
    entry.refresh_from_db()
    assert (entry.status, entry.cry_rating) == ("watching", 2)


def test_quick_edit_with_a_rows_next_returns_to_that_row(signed_in, owner, wolf):
    entry = EntryFactory(user=owner, title=wolf, status="watching")
    row_next = f"/watchlist/?sort=title#entry-{entry.pk}"
    response = signed_in.post(
        quick_url(wolf), {"status": "completed", "cry_rating": "3", "next": row_next}
    )
    assert response["Location"] == row_next
    entry.refresh_from_db()
    assert (entry.status, entry.cry_rating) == ("completed", 3)


def test_editing_from_the_watchlist_returns_to_its_row(signed_in, owner, wolf):
    # Lean rows (issue 16): each row links to the entry's full form instead of two selects.
    entry = EntryFactory(user=owner, title=wolf, status="watching")
    page = signed_in.get(reverse("watchlist:entry_list") + "?sort=title").content.decode()
    edit = reverse("watchlist:entry_edit", args=[entry.pk])
    assert f'href="{edit}">Edit</a>' in page
    response = signed_in.post(
        edit,
        {"status": "completed", "cry_rating": "3", "episodes_watched": "0", "times_rewatched": "0"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/watchlist/#entry-{entry.pk}"
    entry.refresh_from_db()
    assert (entry.status, entry.cry_rating) == ("completed", 3)


def test_progress_from_the_watchlist_returns_to_its_row(signed_in, owner, wolf):
    entry = EntryFactory(user=owner, title=wolf, status="watching")
    page = signed_in.get(reverse("watchlist:entry_list") + "?sort=title").content.decode()
    assert 'name="next" value="/watchlist/?sort=title"' in page  # the rows' shared form
    response = signed_in.post(
        reverse("watchlist:entry_progress", args=[entry.pk]), {"next": "/watchlist/?sort=title"}
    )
    assert response["Location"] == f"/watchlist/?sort=title#entry-{entry.pk}"


def test_rating_hint_goes_once_the_title_is_started(signed_in, owner, wolf):
    hint = "Rate once you&#x27;ve started watching."
    assert hint in signed_in.get(wolf.get_absolute_url()).content.decode()
    EntryFactory(user=owner, title=wolf, status="completed", cry_rating=3)
    assert hint not in signed_in.get(wolf.get_absolute_url()).content.decode()
