"""Two members in a real browser: one follows the other, sees her new list and rating in
the feed, likes the list, and she is told."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Follow, ListLike
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e


def test_a_follower_sees_a_new_list_and_rating_and_likes_the_list(new_context, site):
    # 1. Bob follows Alice from her profile.
    bob = new_context(user=site.bob).new_page()
    bob.goto("/u/alice/")
    bob.get_by_role("button", name="Follow Alice").click()
    expect(bob.get_by_text("You follow Alice: their activity is in your feed.")).to_be_visible()
    assert Follow.objects.filter(follower=site.bob, followee=site.alice).exists()

    # 2. Alice, on her phone, rates A Silent Voice and starts a list with it from its page.
    alice = new_context(user=site.alice, viewport=PHONE).new_page()
    alice.goto("/titles/a-silent-voice/")
    alice.get_by_label("Status").select_option(label="Completed")
    alice.get_by_label("How hard did it hit you?").select_option(label="5 · Destroyed")
    alice.get_by_role("button", name="Add", exact=True).click()
    expect(alice.get_by_text("A Silent Voice added to your watchlist")).to_be_visible()
    alice.get_by_role("link", name="Start a new list with it").click()
    alice.get_by_label("Title*", exact=True).fill("Sad but gentle")
    alice.get_by_label("Description").fill("The ones that hold your hand while they hurt.")
    alice.get_by_role("button", name="Make the list").click()
    expect(alice.get_by_text("Your list “Sad but gentle” is made.")).to_be_visible()
    expect(alice.get_by_role("heading", level=2, name=re.compile("A Silent Voice"))).to_be_visible()

    # 3. Bob's feed shows both, newest first.
    bob.get_by_role("navigation", name="Main").get_by_role("link", name="Feed").click()
    expect(bob.get_by_role("heading", level=1)).to_have_text("Your feed")
    items = bob.locator("li.activity")
    expect(items.first).to_contain_text("made a list: Sad but gentle")
    expect(bob.locator("li.activity-entry").first).to_contain_text(
        "A Silent Voice to Completed · 5 · Destroyed"
    )

    # 4. He opens the list and likes it.
    bob.get_by_role("link", name="Sad but gentle").click()
    expect(bob.get_by_role("heading", level=1)).to_have_text("Sad but gentle")
    bob.get_by_role("button", name="Like this list").click()
    expect(bob.get_by_text("You like this list.")).to_be_visible()
    expect(bob.locator("#like-count")).to_have_text("1 like")
    assert ListLike.objects.filter(user=site.bob).exists()

    # 5. Alice is told: the like, the follow, and (from the site's setup) bob's helpful mark.
    alice.goto("/notifications/")
    notes = alice.locator("main li")
    expect(notes).to_have_count(3)
    expect(notes.first).to_contain_text("bob liked your list Sad but gentle.")
    expect(notes.nth(1)).to_contain_text("bob followed you.")
    expect(notes.nth(2)).to_contain_text("marked your review of Your Lie in April helpful")
    alice.reload()
    expect(alice.get_by_text("New", exact=True)).to_have_count(0)
