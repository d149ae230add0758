"""Curators reorder a curated list by dragging its rows (django-admin-sortable2), under the
site's Content Security Policy (new_context fails the test on any violation)."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from catalog.models import CuratedList
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def order(curated_list):
    return list(curated_list.entries.order_by("position").values_list("title__slug", flat=True))


def test_curator_drags_an_entry_to_a_new_place(new_context, site):
    curator = UserFactory(username="charlie", is_staff=True, is_superuser=True)
    article = CuratedList.objects.get(slug=settings.SADLIST_ARTICLE_LIST_SLUG)
    before = order(article)
    page = new_context(user=curator).new_page()
    page.goto(reverse("admin:catalog_curatedlist_change", args=[article.pk]))

    rows = page.locator("fieldset.sortable tr.has_original")
    # Drag the third entry onto the first: it becomes first, the others move down one.
    rows.nth(2).locator("td.original p").drag_to(rows.nth(0).locator("td.original p"))
    expect(page.get_by_label(f"Position of {article.entries.get(position=3).title}")).to_have_value(
        "1"
    )
    # And the move-to-last control sends the (new) first entry to the bottom.
    rows.nth(0).get_by_role("button", name="Move to last position").click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    after = order(article)
    assert after == [before[0], before[1], *before[3:], before[2]]
    positions = list(article.entries.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(before) + 1))
