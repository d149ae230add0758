"""Two members in a real browser: one follows the other, sees her new list and rating in
the feed, likes the list, and she is told."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Follow, ListLike
from tests.e2e.conftest import PHONE
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def test_a_follower_sees_a_new_list_and_rating_and_likes_the_list(new_context, site):
    # 1. Dana, a second member, follows Alice from her profile.
    dana = UserFactory(username="dana")
    member = new_context(user=dana).new_page()
    member.goto("/u/alice/")
    member.get_by_role("button", name="Follow Alice").click()
    expect(member.get_by_text("You follow Alice: their activity is in your feed.")).to_be_visible()
    assert Follow.objects.filter(follower=dana, followee=site.alice).exists()

    # 2. Alice, on her phone, rates A Silent Voice and starts a list with it from its page.
    alice = new_context(user=site.alice, viewport=PHONE).new_page()
    alice.goto("/titles/a-silent-voice/")
    alice.get_by_label("Status").select_option(label="Completed")
    alice.get_by_label("How hard did it hit you?").select_option(label="5 · Destroyed")
    alice.get_by_role("button", name="Add", exact=True).click()
    expect(alice.get_by_text("A Silent Voice added to your watchlist")).to_be_visible()
    alice.get_by_role("link", name="Start a new list with it").click()
    alice.get_by_label("Title*", exact=True).fill("Top ten that destroyed me")
    alice.get_by_label("Description").fill("The ones that hold your hand while they hurt.")
    alice.get_by_role("button", name="Make the list").click()
    expect(alice.get_by_text("Your list “Top ten that destroyed me” is made.")).to_be_visible()
    expect(alice.get_by_role("heading", level=2, name=re.compile("A Silent Voice"))).to_be_visible()

    # 3. Dana's feed shows both, newest first.
    member.get_by_role("navigation", name="Main").get_by_role("link", name="Feed").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Your feed")
    items = member.locator("li.activity")
    expect(items.first).to_contain_text("made a list: Top ten that destroyed me")
    expect(member.locator("li.activity-entry").first).to_contain_text(
        "A Silent Voice to Completed · 5 · Destroyed"
    )

    # 4. He opens the list and likes it.
    member.get_by_role("link", name="Top ten that destroyed me").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Top ten that destroyed me")
    member.get_by_role("button", name="Like this list").click()
    expect(member.get_by_text("You like this list.")).to_be_visible()
    expect(member.locator("#like-count")).to_have_text("1 like")
    assert ListLike.objects.filter(user=dana, member_list__name__startswith="Top ten").exists()

    # 5. Alice is told, newest first: Dana's like and follow, then (from the site's setup)
    # Bob's like, follow and helpful mark.
    alice.goto("/notifications/")
    notes = alice.locator("main li")
    expect(notes).to_have_count(5)
    expect(notes.first).to_contain_text("dana liked your list Top ten that destroyed me.")
    expect(notes.nth(1)).to_contain_text("dana followed you.")
    expect(notes.nth(4)).to_contain_text("marked your review of Your Lie in April helpful")
    alice.reload()
    expect(alice.get_by_text("New", exact=True)).to_have_count(0)


def test_owner_drags_a_title_to_the_top_and_saves_the_order(new_context, site):
    page = new_context(user=site.alice).new_page()
    page.goto(site.alice_list.get_absolute_url())
    rows = page.locator(".member-list > li")
    expect(rows.first).to_contain_text("Your Lie in April")
    save = page.get_by_role("button", name="Save the new order")
    expect(save).to_be_hidden()
    rows.nth(1).drag_to(rows.first, target_position={"x": 20, "y": 5})
    expect(rows.first).to_contain_text("Anohana")
    save.click()
    expect(page.get_by_text("The new order is saved.")).to_be_visible()
    expect(page.locator(".member-list > li").first).to_contain_text("Anohana")
    titles = site.alice_list.entries.order_by("position").values_list("title__slug", flat=True)
    assert list(titles)[0] == "anohana-the-flower-we-saw-that-day"
