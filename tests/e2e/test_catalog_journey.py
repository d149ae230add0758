"""A member finds a title the article doesn't have, on a phone: suggestions as they type,
adding it from the search results, rating it, and the watchlist's "+"."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.factories import TitleFactory, UserFactory
from watchlist.models import Entry

pytestmark = pytest.mark.e2e


@pytest.fixture
def kanon(site):
    return TitleFactory(
        title_en="Kanon (2006)",
        slug="kanon-2006",
        episodes=24,
        popularity=170000,
        other_titles="Kanon",
    )


def test_a_member_adds_a_title_from_the_search_results_on_a_phone(new_context, kanon):
    member = UserFactory(username="nagisa")
    page = new_context(user=member, viewport=PHONE).new_page()
    page.goto("/watchlist/")

    # The box suggests the title as the member types; picking it opens its page.
    page.get_by_role("button", name="Toggle navigation").click()
    box = page.locator("#nav-search")
    box.press_sequentially("kano", delay=30)
    expect(page.locator("#nav-search-suggestions option[value='Kanon (2006)']")).to_have_count(1)

    # Submitted, it is the plain results page, where the title can be added at once.
    box.press("Enter")
    row = page.locator("#t-kanon-2006")
    row.get_by_label("Watchlist status of Kanon (2006)").select_option(label="Watching")
    row.get_by_label("Cry rating of Kanon (2006) (once started)").select_option(label="3 · Crying")
    row.get_by_role("button", name="Add Kanon (2006) to your watchlist").click()
    expect(
        page.get_by_text("Kanon (2006) added to your watchlist: Watching, Crying.")
    ).to_be_visible()
    assert page.url.endswith("?q=kano#t-kanon-2006")
    expect(page.locator("#t-kanon-2006").get_by_text("On your watchlist: Watching")).to_be_visible()
    entry = Entry.objects.get(user=member, title=kanon)
    assert (entry.status, entry.cry_rating) == ("watching", 3)

    # The title page shows the member's entry form on the first screen of a phone.
    page.goto("/titles/kanon-2006/")
    save = page.get_by_role("button", name="Save", exact=True)
    assert save.bounding_box()["y"] + save.bounding_box()["height"] <= PHONE["height"]
    expect(page.get_by_text("Also known as")).to_be_visible()

    # On the watchlist, "+" counts an episode; nothing scrolls sideways.
    page.goto("/watchlist/")
    page.get_by_role("button", name="+ one more episode of Kanon (2006)").click()
    expect(page.get_by_text("Kanon (2006): episode 1 of 24 watched.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    edit = page.get_by_role("link", name="Edit Kanon (2006)")
    box = edit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_suggestions_open_the_title_they_name(new_context, kanon):
    page = new_context().new_page()
    page.goto("/")
    page.locator("#nav-search").press_sequentially("kanon", delay=30)
    expect(page.locator("#nav-search-suggestions option")).to_have_count(1)
    page.locator("#nav-search").fill("Kanon (2006)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kanon (2006)")
