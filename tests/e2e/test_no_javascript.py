"""Every core action works with JavaScript off, here on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from reviews.models import HelpfulVote, Review
from tests.e2e.conftest import PHONE
from tests.e2e.pages import PASSWORD
from tests.factories import UserFactory
from watchlist.models import Entry

pytestmark = pytest.mark.e2e


def test_core_actions_without_javascript(new_context, site):
    dana = UserFactory(username="dana")
    page = new_context(java_script_enabled=False, viewport=PHONE).new_page()
    menu = page.get_by_role("navigation", name="Main")

    # The menu can't be folded away without JavaScript, so it is shown open.
    page.goto("/")
    expect(menu.get_by_role("button", name="Toggle navigation")).to_be_hidden()
    menu.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(menu.get_by_role("link", name="Signed in as dana")).to_be_visible()

    # Add and rate a title.
    menu.get_by_label("Search titles").fill("a silent voice")
    menu.get_by_label("Search titles").press("Enter")
    page.get_by_role("link", name="A Silent Voice").click()
    page.get_by_label("Status").select_option(label="Watching")
    page.get_by_label("How hard did it hit you?").select_option(label="3 · Crying")
    page.get_by_role("button", name="Add").click()
    expect(
        page.get_by_text("A Silent Voice added to your watchlist: Watching, Crying.")
    ).to_be_visible()

    # Edit the entry in full.
    page.get_by_role("link", name="Edit progress, dates, score and note").click()
    page.get_by_label("Status").select_option(label="Completed")
    page.get_by_label("How hard did it hit you?").select_option(label="4 · Sobbing")
    page.get_by_label("Score").select_option(label="9")
    page.get_by_label("Private note").fill("Watch with someone.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved your entry for A Silent Voice.")).to_be_visible()
    entry = Entry.objects.get(user=dana)
    assert (entry.status, entry.cry_rating, entry.score) == ("completed", 4, 9)

    # Write a review.
    page.goto("/titles/a-silent-voice/")
    page.get_by_role("link", name="Write a review").click()
    page.get_by_label("Review").fill(
        "Quiet, kind and devastating; the last scene at school got me. " * 2
    )
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_text("Your review of A Silent Voice is published.")).to_be_visible()
    assert Review.objects.filter(user=dana).exists()

    # Open a spoiler review (<details> needs no script) and mark it helpful.
    page.goto(site.april.get_absolute_url())
    card = page.locator(f"#review-{site.alice_review.pk}")
    summary = card.locator("summary")
    expect(summary).to_have_text("This review contains spoilers. Show it", use_inner_text=True)
    summary.click()
    expect(card.get_by_text("The last letter undid me.")).to_be_visible()
    expect(summary).to_have_text("This review contains spoilers. Hide it", use_inner_text=True)
    card.get_by_role("button", name="Helpful").click()
    expect(page.get_by_text("Thanks: you marked this review helpful.")).to_be_visible()
    assert HelpfulVote.objects.filter(user=dana, review=site.alice_review).exists()

    # Sign out.
    menu.get_by_role("button", name="Sign out").click()
    expect(menu.get_by_role("link", name="Sign in")).to_be_visible()
    assert page.goto("/watchlist/").url.endswith("/accounts/login/?next=/watchlist/")
