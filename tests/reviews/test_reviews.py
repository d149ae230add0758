"""Writing, reading, voting on and reporting reviews."""

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import HelpfulVote, Report, Review
from reviews.services import review_hide
from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory
from tests.integrity import assert_review_counts_match_rows

pytestmark = pytest.mark.django_db

BODY = "Kaori's letter at the end undid me completely.\n\nI watched the credits in silence."
SPOILER_BODY = "The letter reveals she chose him long ago, and then she is gone for good."


@pytest.fixture
def april(db):
    return TitleFactory(title_en="Your Lie in April", slug="your-lie-in-april", episodes=22)


@pytest.fixture
def alice(client, owner, april):
    EntryFactory(user=owner, title=april, status="completed", cry_rating=5)
    client.force_login(owner)
    return client


def create_url(title):
    return reverse("reviews:review_create", args=[title.slug])


def review_by(user, title, body=BODY, **fields):
    EntryFactory(user=user, title=title, status="completed", cry_rating=4)
    return ReviewFactory(user=user, title=title, body=body, **fields)


def test_author_writes_a_review_from_the_title_page(alice, owner, april):
    page = alice.get(april.get_absolute_url()).content.decode()
    assert create_url(april) in page
    response = alice.post(create_url(april), {"body": BODY})
    review = Review.objects.get(user=owner, title=april)
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    assert review.body == BODY
    page = alice.get(april.get_absolute_url()).content.decode()
    assert "<p>Kaori&#x27;s letter at the end undid me completely.</p>" in page
    assert "<p>I watched the credits in silence.</p>" in page


def test_windows_line_breaks_are_stored_as_plain_ones(alice, owner, april):
    alice.post(create_url(april), {"body": BODY.replace("\n", "\r\n")})
    assert Review.objects.get(user=owner).body == BODY


def test_a_plan_to_watch_title_cannot_be_reviewed(client, other_user, april):
    EntryFactory(user=other_user, title=april, status="plan_to_watch")
    client.force_login(other_user)
    response = client.post(create_url(april), {"body": BODY}, follow=True)
    assert "Start watching Your Lie in April" in response.content.decode()
    assert not Review.objects.exists()


def test_an_unwatched_title_cannot_be_reviewed(client, other_user, april):
    client.force_login(other_user)
    client.post(create_url(april), {"body": BODY})
    assert not Review.objects.exists()


def test_one_review_per_title(alice, owner, april):
    alice.post(create_url(april), {"body": BODY})
    response = alice.post(create_url(april), {"body": BODY + " Again."})
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:review_edit", args=[Review.objects.get().pk])
    assert Review.objects.count() == 1


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "This field is required"),
        ("Sad.", "at least 50 characters"),
        (" " * 80, "This field is required"),
        ("\r\n" * 30, "This field is required"),
        ("x" * 10_001, "at most 10000 characters"),
    ],
)
def test_bad_bodies_are_explained_and_save_nothing(alice, april, body, message):
    response = alice.post(create_url(april), {"body": body})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["body"])
    assert not Review.objects.exists()


def test_review_text_is_never_html(alice, owner, april):
    alice.post(create_url(april), {"body": "<script>alert('tears')</script> " + BODY})
    review = Review.objects.get()
    for url in [
        april.get_absolute_url(),
        review.get_absolute_url(),
        reverse("reviews:review_list"),
    ]:
        page = alice.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#x27;tears&#x27;)&lt;/script&gt;" in page


def test_spoilers_fold_behind_details(client, owner, april):
    review_by(owner, april, body=SPOILER_BODY, contains_spoilers=True)
    page = client.get(april.get_absolute_url()).content.decode()
    start = page.index('<details class="spoiler">')
    end = page.index("</details>", start)
    summary = page[start : page.index("</summary>", start)]
    # The summary says "Show it" while folded and "Hide it" while open (static/css/sadlist.css).
    assert '<span class="spoiler-show">Show it</span>' in summary
    assert '<span class="spoiler-hide">Hide it</span>' in summary
    assert "The letter reveals" in page[start:end]
    assert page.count("The letter reveals") == 1


def test_author_edits_and_deletes(alice, owner, april):
    alice.post(create_url(april), {"body": BODY})
    review = Review.objects.get()
    edit = reverse("reviews:review_edit", args=[review.pk])
    alice.post(edit, {"body": BODY + " Edited.", "contains_spoilers": "on"})
    review.refresh_from_db()
    assert review.body.endswith("Edited.") and review.contains_spoilers
    alice.post(reverse("reviews:review_delete", args=[review.pk]))
    assert not Review.objects.exists()


@pytest.mark.parametrize("view", ["reviews:review_edit", "reviews:review_delete"])
def test_strangers_cannot_edit_or_delete(client, owner, other_user, april, view):
    review = review_by(owner, april)
    client.force_login(other_user)
    response = client.post(reverse(view, args=[review.pk]), {"body": "Vandalised! " * 10})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.body == BODY


def test_helpful_once_each_never_ones_own(client, owner, other_user, april):
    review = review_by(owner, april)
    url = reverse("reviews:review_helpful", args=[review.pk])
    client.force_login(other_user)
    client.post(url)
    response = client.post(url, follow=True)
    assert "You already marked this review helpful." in response.content.decode()
    review.refresh_from_db()
    assert review.helpful_count == 1
    client.force_login(owner)
    response = client.post(url, follow=True)
    assert "You can&#x27;t mark your own review helpful." in response.content.decode()
    review.refresh_from_db()
    assert review.helpful_count == 1
    assert HelpfulVote.objects.count() == 1
    assert_review_counts_match_rows()


def test_helpful_can_be_taken_back(client, owner, other_user, april):
    review = review_by(owner, april)
    url = reverse("reviews:review_helpful", args=[review.pk])
    client.force_login(other_user)
    client.post(url)
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page
    client.post(url, {"undo": "1"})
    review.refresh_from_db()
    assert review.helpful_count == 0
    assert_review_counts_match_rows()


def test_most_helpful_first_then_newest(client, owner, april):
    first = review_by(UserFactory(), april)
    popular = review_by(UserFactory(), april)
    for _ in range(2):
        voter = UserFactory()
        client.force_login(voter)
        client.post(reverse("reviews:review_helpful", args=[popular.pk]))
    client.logout()
    by_helpful = client.get(april.get_absolute_url()).context["page"].object_list
    assert [r.pk for r in by_helpful] == [popular.pk, first.pk]
    by_date = client.get(april.get_absolute_url(), {"reviews": "new"})
    assert [r.pk for r in by_date.context["page"].object_list] == [popular.pk, first.pk]


def test_title_reviews_are_paginated(client, april):
    for _ in range(12):
        review_by(UserFactory(), april)
    first = client.get(april.get_absolute_url())
    second = client.get(april.get_absolute_url(), {"rpage": 2})
    assert first.content.decode().count('<article class="card mb-3" id="review-') == 10
    assert second.content.decode().count('<article class="card mb-3" id="review-') == 2
    assert "rpage=2" in first.content.decode()


def test_report_reaches_the_moderators_once(client, owner, other_user, april):
    review = review_by(owner, april)
    url = reverse("reviews:review_report", args=[review.pk])
    client.force_login(other_user)
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "spoilers", "details": "Ending spoiled without a warning."})
    response = client.post(url, {"reason": "spam"}, follow=True)
    assert "You have already reported this review." in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.reason) == (other_user, "spoilers")
    review.refresh_from_db()
    assert review.report_count == 1
    assert_review_counts_match_rows()


@pytest.mark.parametrize(
    "data", [{}, {"reason": "boring"}, {"reason": "spam", "details": "x" * 1001}]
)
def test_bad_report_is_explained_and_saves_nothing(client, owner, other_user, april, data):
    review = review_by(owner, april)
    client.force_login(other_user)
    response = client.post(reverse("reviews:review_report", args=[review.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Report.objects.exists()


def test_hidden_reviews_vanish_everywhere_but_for_their_author(client, owner, other_user, april):
    review = review_by(owner, april, body="A hidden review that nobody else sees. " * 2)
    review_hide(review=review)
    hidden_text = "A hidden review that nobody else sees."
    public_urls = [
        april.get_absolute_url(),
        reverse("reviews:review_list"),
        reverse("reviews:review_feed"),
        reverse("accounts:profile", args=[owner.username]),
        reverse("home"),
    ]
    for viewer in [None, other_user]:
        if viewer:
            client.force_login(viewer)
        for url in public_urls:
            assert hidden_text not in client.get(url).content.decode(), url
        assert client.get(review.get_absolute_url()).status_code == 404
        assert client.post(reverse("reviews:review_helpful", args=[review.pk])).status_code in (
            302,
            404,
        )
    assert not HelpfulVote.objects.exists()
    counted = client.get(april.get_absolute_url()).context["page"].paginator.count
    assert counted == 0
    client.force_login(owner)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Moderators have hidden this review: only you can see it." in page


def test_csrf_is_required_to_write(owner, april):
    EntryFactory(user=owner, title=april, status="completed")
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(create_url(april), {"body": BODY}).status_code == 403
    assert not Review.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, owner, april):
    review = review_by(owner, april)
    for url in [
        create_url(april),
        reverse("reviews:review_helpful", args=[review.pk]),
        reverse("reviews:review_report", args=[review.pk]),
    ]:
        response = client.post(url, {"body": BODY, "reason": "spam"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert Review.objects.count() == 1
    assert not HelpfulVote.objects.exists() and not Report.objects.exists()


def test_latest_reviews_page(client, owner, april):
    review_by(owner, april)
    newer = review_by(UserFactory(), TitleFactory())
    response = client.get(reverse("reviews:review_list"))
    assert response.context["page"].object_list[0] == newer
    assert response.status_code == 200


def test_unknown_review_is_404(client):
    assert client.get(reverse("reviews:review_detail", args=[999])).status_code == 404
