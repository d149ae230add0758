"""The site's journeys in a real browser: a visitor, two members and a moderator."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import Title
from reviews.models import Report, Review
from tests.conftest import png_bytes
from tests.e2e.pages import PASSWORD
from tests.factories import UserFactory
from watchlist.models import Entry

pytestmark = pytest.mark.e2e

SPOILER_REVIEW = (
    "Shoko's apology by the river broke me; the fireworks scene, the bridge and the last "
    "look at every face in the school hall had me in pieces."
)


def ranking_titles(page):
    return page.locator(
        "table.ranking-table tbody th .title-cell > div > a:first-child"
    ).all_inner_texts()


def open_rankings(page):
    """Follow the menu to Most tearful; its titles, best first."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Rankings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Most tearful")
    return ranking_titles(page)


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name=re.compile("Signed in as"))).to_be_attached()


def test_visitor_browses_the_rankings_and_a_title(new_context, site):
    page = new_context().new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which anime made you cry hardest?")

    assert open_rankings(page)[0] == "Your Lie in April"

    page.get_by_role("link", name="Most watched").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Most watched")
    page.get_by_role("link", name="The article’s order").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The article’s order")
    assert len(ranking_titles(page)) == 20

    page.get_by_role("link", name="Your Lie in April").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Lie in April")
    expect(page.get_by_text("from 2 ratings")).to_be_visible()
    expect(page.get_by_role("link", name="#1 in Most tearful")).to_be_visible()
    # A visitor is asked to sign in rather than shown a form.
    expect(page.get_by_role("link", name="create an account")).to_be_visible()
    # The spoiler review stays folded until the reader opens it.
    body = page.get_by_text("The last letter undid me.")
    expect(body).to_be_hidden()
    summary = page.locator("details.spoiler summary")
    # What pressing it does: show the review, then fold it again.
    expect(summary).to_have_text("This review contains spoilers. Show it", use_inner_text=True)
    summary.click()
    expect(body).to_be_visible()
    expect(summary).to_have_text("This review contains spoilers. Hide it", use_inner_text=True)


def test_from_sign_up_to_moderation(new_context, site, settings, tmp_path):
    # The live server stands in for the web server that serves uploaded covers.
    settings.ROOT_URLCONF = "tests.e2e.urls"

    # 1. A new member signs up.
    member = new_context().new_page()
    member.goto("/")
    member.get_by_role("link", name="Sign up").click()
    member.get_by_label("Username").fill("mika")
    member.get_by_label("Email address").fill("mika@example.com")
    member.get_by_label("Password*", exact=True).fill("kaori-miyazono-violin")
    member.get_by_label("Password confirmation").fill("kaori-miyazono-violin")
    member.get_by_role("button", name="Create account").click()
    expect(member.get_by_text("Welcome to sadlist, mika!")).to_be_visible()

    # 2. Before: A Silent Voice has no rating and isn't ranked.
    before = open_rankings(member)
    assert before[0] == "Your Lie in April" and "A Silent Voice" not in before

    # 3. Finds the title, marks it completed and rates it 5 tears.
    member.get_by_label("Search titles").fill("silent voice")
    member.get_by_label("Search titles").press("Enter")
    member.get_by_role("link", name="A Silent Voice").click()
    member.get_by_label("Status").select_option(label="Completed")
    member.get_by_label("How hard did it hit you?").select_option(label="5 · Destroyed")
    member.get_by_role("button", name="Add").click()
    added = "A Silent Voice added to your watchlist: Completed, Destroyed."
    expect(member.get_by_text(added)).to_be_visible()
    expect(member.get_by_role("link", name="#1 in Most tearful")).to_be_visible()

    # 4. Writes a review with spoilers.
    member.get_by_role("link", name="Write a review").click()
    member.get_by_label("Review").fill(SPOILER_REVIEW)
    member.get_by_label("Contains spoilers").check()
    member.get_by_role("button", name="Publish review").click()
    expect(member.get_by_text("Your review of A Silent Voice is published.")).to_be_visible()
    expect(member.locator("details.spoiler summary")).to_have_text(
        "This review contains spoilers. Show it", use_inner_text=True
    )

    # 5. The ranking has changed: the title now leads it.
    after = open_rankings(member)
    assert after[:2] == ["A Silent Voice", "Your Lie in April"]
    review = Review.objects.get(user__username="mika")
    assert review.contains_spoilers
    assert Entry.objects.get(user__username="mika").cry_rating == 5

    # 6. Another member marks the review helpful, then reports it.
    bob = new_context().new_page()
    sign_in(bob, "bob")
    bob.goto("/titles/a-silent-voice/")
    card = bob.locator(f"#review-{review.pk}")
    card.get_by_role("button", name="Helpful").click()
    expect(bob.get_by_text("Thanks: you marked this review helpful.")).to_be_visible()
    expect(bob.locator(f"#review-{review.pk}")).to_contain_text("1 found this helpful")
    bob.locator(f"#review-{review.pk}").get_by_role("link", name="Report").click()
    bob.get_by_label("Something else").check()
    bob.get_by_label("Details").fill("Names who lives and who doesn't in the first line.")
    bob.get_by_role("button", name="Send report").click()
    expect(bob.get_by_text("Thank you: the moderators will look at this review.")).to_be_visible()
    assert Report.objects.filter(review=review, reporter__username="bob").exists()

    # 7. A moderator hides it from the queue of reported reviews.
    UserFactory(username="charlie", is_staff=True, is_superuser=True)
    admin = new_context().new_page()
    admin.goto("/admin/")
    admin.get_by_label("Username").fill("charlie")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Catalog and moderation")
    admin.goto("/admin/reviews/reportedreview/")
    admin.locator(f"input[name=_selected_action][value='{review.pk}']").check()
    admin.locator("select[name=action]").select_option("hide")
    admin.get_by_role("button", name="Go").click()
    expect(admin.get_by_text("1 review hidden.")).to_be_visible()

    visitor = new_context().new_page()
    visitor.goto("/titles/a-silent-voice/")
    expect(visitor.locator("#reviews")).to_contain_text("No reviews yet.")
    assert visitor.goto(review.get_absolute_url()).status == 404
    visitor.goto("/reviews/")
    expect(visitor.locator("main")).not_to_contain_text("A Silent Voice")

    # 8. The moderator adds a title with a cover image; it appears in the catalog.
    cover = tmp_path / "hotarubi.png"
    cover.write_bytes(png_bytes(size=(200, 300), color=(40, 90, 60)))
    admin.goto("/admin/catalog/title/add/")
    admin.get_by_label("English title").fill("Into the Forest of Fireflies' Light")
    admin.get_by_label("English title").press("Tab")
    # The admin's own script fills in the slug from the title.
    expect(admin.get_by_label("Slug")).to_have_value("into-the-forest-of-fireflies-light")
    admin.get_by_label("Format").select_option(label="Movie")
    admin.get_by_label("Year").fill("2011")
    admin.get_by_label("Episodes").fill("1")
    admin.locator("input#id_cover").set_input_files(cover)
    admin.locator("input[name=_save]").first.click()
    expect(admin.get_by_text("was added successfully")).to_be_visible()
    assert Title.objects.get(slug="into-the-forest-of-fireflies-light").cover

    visitor.goto("/titles/")
    visitor.get_by_role("link", name="Into the Forest of Fireflies' Light").click()
    image = visitor.get_by_role("img", name="Cover of Into the Forest of Fireflies' Light")
    expect(image).to_be_visible()
    # decode() waits for the file to arrive and fails if it is not an image that loads.
    assert image.evaluate("image => image.decode().then(() => image.naturalWidth)") == 200
