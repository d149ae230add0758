"""The title page's watchlist form: written in Python for a member, as its template writes it."""

import copy

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import EntryFactory, TitleFactory, UserFactory
from watchlist.forms import QuickEntryForm
from watchlist.models import Entry
from watchlist.templatetags.watchlist import quick_entry_html

pytestmark = pytest.mark.django_db


def from_template(title, entry, next_url):
    instance = copy.copy(entry) if entry else Entry(user=UserFactory(), title=title)
    return render_to_string(
        "watchlist/_quick_entry.html",
        {
            "title": title,
            "entry": entry,
            "form": QuickEntryForm(instance=instance),
            "csrf_token": "token",
            "next": next_url,
        },
    )


def test_the_written_form_is_the_templates_for_every_status_and_rating():
    title = TitleFactory(slug="a-b", title_en='Grave & "Fireflies"')
    member = UserFactory()
    next_url = '/titles/a-b/?reviews=all&q="<x>"'
    cases = [None]
    for status in Entry.Status.values:
        for cry_rating in [None, *range(6)]:
            if cry_rating is not None and status == Entry.Status.PLAN_TO_WATCH:
                continue
            cases.append(
                Entry(pk=7, user=member, title=title, status=status, cry_rating=cry_rating)
            )
    for entry in cases:
        written = quick_entry_html(title=title, entry=entry, csrf_token="token", next_url=next_url)
        assert written == from_template(title, entry, next_url)
    # The cases differ where a member sees them: what is chosen, Add or Save, the hint.
    dropped = Entry(pk=7, user=member, title=title, status="dropped", cry_rating=3)
    written = quick_entry_html(title=title, entry=dropped, csrf_token="t", next_url=next_url)
    assert '<option value="dropped" selected>' in written
    assert '<option value="3" selected>' in written
    assert ">Save</button>" in written and "Rate once" not in written
    new = quick_entry_html(title=title, entry=None, csrf_token="t", next_url=next_url)
    assert ">Add</button>" in new and "Rate once you&#x27;ve started watching." in new
    assert "&quot;&lt;x&gt;&quot;" in new


def test_title_page_shows_the_members_entry_and_a_refused_choice_at_its_field(client):
    member = UserFactory()
    title = TitleFactory(slug="grave")
    entry = EntryFactory(user=member, title=title, status="watching", cry_rating=2)
    client.force_login(member)
    page = client.get(title.get_absolute_url()).content.decode()
    assert '<option value="watching" selected>Watching</option>' in page
    assert '<option value="2" selected>2 · A tear or two</option>' in page
    assert reverse("watchlist:entry_edit", args=[entry.pk]) in page
    response = client.post(
        reverse("watchlist:entry_quick_save", args=["grave"]),
        {"status": "plan_to_watch", "cry_rating": "5", "next": title.get_absolute_url()},
    )
    assert response.status_code == 302
    refused = client.get(title.get_absolute_url()).content.decode()
    assert "Nothing was saved: please correct the choice below." in refused
    assert 'aria-invalid="true"' in refused
    entry.refresh_from_db()
    assert (entry.status, entry.cry_rating) == ("watching", 2)
    # Shown once: the next view is the member's entry again.
    assert "Nothing was saved" not in client.get(title.get_absolute_url()).content.decode()
