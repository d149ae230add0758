"""The ranking tables' rows, built in Python (rankings/templatetags/rankings.py): what the
template showed, escaped, with the member's own quick-add form."""

import random
import re

import pytest
from django.template.defaultfilters import floatformat
from django.test import Client
from django.urls import reverse

from rankings.templatetags.rankings import two_decimals
from tests.factories import CuratedListFactory, EntryFactory, ListEntryFactory, TitleFactory
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("tears")</script> & Co'


@pytest.fixture
def hostile(settings):
    title = TitleFactory(title_en=HOSTILE, slug="hostile", year=None, format="movie")
    EntryFactory(title=title, status="completed", cry_rating=4)
    article = CuratedListFactory(slug=settings.SADLIST_ARTICLE_LIST_SLUG)
    ListEntryFactory(curated_list=article, title=title, position=1)
    return title


def test_two_decimals_rounds_as_floatformat_does():
    values = [0.0, 5.0, 2.675, 1.005, 3.125, 4.999, 0.005, 10 / 3, 2 / 3]
    rng = random.Random(16)
    values += [rng.uniform(0, 5) for _ in range(2000)]
    for value in values:
        assert two_decimals(value) == floatformat(value, 2), value
    assert two_decimals(None) == floatformat(None, 2) == ""


@pytest.mark.parametrize("url", ["rankings:tearful", "rankings:watched", "rankings:article"])
def test_rows_escape_the_title(client, hostile, url):
    page = client.get(reverse(url)).content.decode()
    assert "<script>alert" not in page
    assert (
        "&lt;script&gt;alert(&quot;tears&quot;)&lt;/script&gt; &amp; Co</a></div></div></th>"
        in (page)
    )
    assert '<tr id="t-hostile"><td data-label="Rank">1</td>' in page


def test_rows_show_each_rankings_numbers(client, hostile):
    tearful = client.get(reverse("rankings:tearful")).content.decode()
    assert '<td class="text-end" data-label="Ratings v">1</td></tr>' in tearful
    watched = client.get(reverse("rankings:watched")).content.decode()
    assert '<td class="text-end" data-label="Completed by">1 member</td></tr>' in watched
    article = client.get(reverse("rankings:article")).content.decode()
    assert '<td data-label="Format">Movie</td><td data-label="Year">—</td></tr>' in article


def test_visitors_get_no_quick_add_form(client, hostile):
    page = client.get(reverse("rankings:tearful")).content.decode()
    assert 'class="quick-add' not in page


@pytest.mark.parametrize("url", ["rankings:tearful", "rankings:watched", "rankings:article"])
def test_members_get_their_own_state_in_each_row(signed_in, owner, hostile, url):
    EntryFactory(user=owner, title=hostile, status="watching", cry_rating=2)
    page = signed_in.get(reverse(url)).content.decode()
    row = page.split('<tr id="t-hostile">')[1].split("</tr>")[0]
    assert 'class="quick-add' in row
    assert 'name="next" value="' + reverse(url) + '#t-hostile"' in row
    assert "On your watchlist: Watching · 2" in row
    assert "<script>alert" not in row


def test_every_rows_form_carries_the_pages_token_and_it_is_accepted(owner):
    titles = [TitleFactory(slug=f"sad-{n}") for n in range(3)]
    for title in titles:
        EntryFactory(title=title, status="completed", cry_rating=4)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    page = client.get(reverse("rankings:tearful")).content.decode()
    rows = re.findall(r'<tr id="t-sad-\d">.*?</tr>', page, re.S)
    tokens = {re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row)[1] for row in rows}
    # One token for the rows, however many: each row's form posts with it.
    assert len(rows) == len(titles) and len(tokens) == 1
    (token,) = tokens
    for title in titles:
        url = reverse("watchlist:entry_quick_save", args=[title.slug])
        response = client.post(url, {"status": "plan_to_watch", "csrfmiddlewaretoken": token})
        assert response.status_code == 302
    assert Entry.objects.filter(user=owner, status="plan_to_watch").count() == len(titles)
