"""Signing in, rating and reviewing by keyboard alone: no clicks, only keys and typing."""

import pytest
from playwright.sync_api import expect

from reviews.models import Review
from tests.e2e.pages import PASSWORD
from watchlist.models import Entry

pytestmark = pytest.mark.e2e

MAX_TABS = 60


def tab_to(page, selector):
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"{selector} on {page.url} can't be reached with Tab ({MAX_TABS} presses)")


def focused(page, attribute):
    return page.evaluate("name => document.activeElement.getAttribute(name)", attribute)


def test_sign_in_rate_and_review_by_keyboard(new_context, site):
    page = new_context().new_page()

    # The first Tab reaches the skip link, which leads past the menu into the page.
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    # Sign in: the username has the focus when the page opens, and Enter submits.
    page.goto("/accounts/login/")
    assert focused(page, "id") == "id_username"
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    assert focused(page, "id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url("/watchlist/")

    # Rate a title: choose status and rating with the arrow keys, submit with Enter.
    page.goto("/titles/a-silent-voice/")
    tab_to(page, "#id_status")
    page.keyboard.press("ArrowDown")  # Plan to watch → Watching
    page.keyboard.press("ArrowDown")  # → Completed
    expect(page.locator("#id_status")).to_have_value("completed")
    page.keyboard.press("Tab")
    assert focused(page, "id") == "id_cry_rating"
    page.keyboard.press("End")  # the last choice: 5 · Destroyed
    expect(page.locator("#id_cry_rating")).to_have_value("5")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Add"
    page.keyboard.press("Enter")
    expect(page.get_by_text("A Silent Voice added to your watchlist")).to_be_visible()
    entry = Entry.objects.get(user=site.alice, title__slug="a-silent-voice")
    assert (entry.status, entry.cry_rating) == ("completed", 5)

    # Review it: follow the link, type, tick the spoiler box with Space, publish with Enter.
    tab_to(page, "a[href$='/review/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/titles/a-silent-voice/review/")
    tab_to(page, "#id_body")
    page.keyboard.type("Every scene with the notebook hurt. " * 3)
    page.keyboard.press("Tab")
    assert focused(page, "id") == "id_contains_spoilers"
    page.keyboard.press("Space")
    expect(page.locator("#id_contains_spoilers")).to_be_checked()
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your review of A Silent Voice is published.")).to_be_visible()
    review = Review.objects.get(user=site.alice, title__slug="a-silent-voice")
    assert review.contains_spoilers and review.body.startswith("Every scene with the notebook")

    # The spoiler folds open from the keyboard too.
    tab_to(page, "summary")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Every scene with the notebook hurt.").first).to_be_visible()
