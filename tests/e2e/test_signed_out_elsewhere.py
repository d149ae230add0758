"""Signed out in another tab, a member's rating survives signing in again (issue 15)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import PASSWORD
from watchlist.models import Entry

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_choice_made_after_signing_out_in_another_tab_is_saved(new_context, site, javascript):
    context = new_context(user=site.alice, java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/titles/wolf-children/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wolf Children")

    other_tab = context.new_page()
    other_tab.goto("/")
    other_tab.get_by_role("button", name="Sign out").click()
    expect(other_tab.get_by_role("link", name="Sign in")).to_be_visible()

    page.get_by_label("Status").select_option("completed")
    page.get_by_label("How hard did it hit you?").select_option("5")
    page.get_by_role("button", name="Add").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("Sign in to save your choice for Wolf Children")).to_be_visible()
    assert not Entry.objects.filter(title__slug="wolf-children").exists()
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    response_codes = []
    page.on("response", lambda response: response_codes.append(response.status))
    page.locator("main").get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wolf Children")
    assert 405 not in response_codes
    assert page.url.endswith("/titles/wolf-children/")
    expect(
        page.get_by_text("Wolf Children added to your watchlist: Completed, Destroyed.")
    ).to_be_visible()
    expect(page.get_by_label("How hard did it hit you?")).to_have_value("5")
    entry = Entry.objects.get(user=site.alice, title__slug="wolf-children")
    assert (entry.status, entry.cry_rating) == ("completed", 5)

    # Reloading the form's own address saves nothing twice and shows no error page.
    response = page.goto("/titles/wolf-children/entry/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Wolf Children")
    expect(page.get_by_text("Nothing was saved yet")).to_be_visible()
