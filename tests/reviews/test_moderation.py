"""Moderators work the queue of reported reviews in the admin."""

import pytest
from django.urls import reverse

from reviews.models import Report, Review
from reviews.services import review_report, review_vote_helpful, reviews_delete_for_user
from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory
from tests.integrity import assert_review_counts_match_rows

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:reviews_reportedreview_changelist")


@pytest.fixture
def reported(db):
    author = UserFactory(username="author")
    title = TitleFactory(title_en="Elfen Lied")
    EntryFactory(user=author, title=title, status="completed")
    review = ReviewFactory(user=author, title=title, body="Spoils the ending. " * 5)
    review_report(review=review, reporter=UserFactory(), reason="spoilers", details="ep 13")
    review_report(review=review, reporter=UserFactory(), reason="harassment")
    calm = ReviewFactory(user=UserFactory(), title=TitleFactory(), body="A calm, kind review. " * 4)
    return review, calm


def test_queue_lists_reported_reviews_with_counts_and_reasons(curator_client, reported):
    review, calm = reported
    response = curator_client.get(QUEUE)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [review]
    page = response.content.decode()
    assert "Spoilers not marked as such (ep 13); Harassment or hate" in page
    assert '<td class="field-reports">2</td>' in page


def test_queue_shows_each_report_on_the_review(curator_client, reported):
    review, _ = reported
    page = curator_client.get(
        reverse("admin:reviews_reportedreview_change", args=[review.pk])
    ).content.decode()
    assert "ep 13" in page and "Harassment or hate" in page


def act(curator_client, action, review, url=QUEUE):
    return curator_client.post(
        url, {"action": action, "_selected_action": [review.pk]}, follow=True
    )


def test_hide_then_restore(curator_client, client, reported):
    review, _ = reported
    response = act(curator_client, "hide", review)
    assert "1 review hidden." in response.content.decode()
    review.refresh_from_db()
    assert review.is_hidden and review.hidden_at
    assert client.get(review.get_absolute_url()).status_code == 404
    act(curator_client, "restore", review, reverse("admin:reviews_review_changelist"))
    review.refresh_from_db()
    assert not review.is_hidden and review.hidden_at is None
    assert client.get(review.get_absolute_url()).status_code == 200


def test_dismissing_reports_empties_the_queue(curator_client, reported):
    review, _ = reported
    act(curator_client, "dismiss_reports", review)
    review.refresh_from_db()
    assert review.report_count == 0
    assert not Report.objects.exists()
    assert list(curator_client.get(QUEUE).context["cl"].result_list) == []


def test_review_admin_pages_load(curator_client, reported):
    review, _ = reported
    for url in [
        reverse("admin:reviews_review_changelist"),
        reverse("admin:reviews_review_changelist") + "?reported=yes",
        reverse("admin:reviews_review_change", args=[review.pk]),
        reverse("admin:watchlist_entry_changelist"),
    ]:
        assert curator_client.get(url).status_code == 200


def test_deleting_a_user_keeps_other_reviews_counts_right(reported):
    review, calm = reported
    voter = UserFactory()
    review_vote_helpful(review=review, user=voter)
    review_vote_helpful(review=calm, user=voter)
    review_report(review=calm, reporter=voter, reason="spam")
    reviews_delete_for_user(user=voter)
    review.refresh_from_db()
    calm.refresh_from_db()
    assert (review.helpful_count, calm.helpful_count, calm.report_count) == (0, 0, 0)
    assert_review_counts_match_rows()


def test_deleting_an_author_takes_their_reviews(reported):
    review, _ = reported
    reviews_delete_for_user(user=review.user)
    assert not Review.objects.filter(pk=review.pk).exists()
    assert not Report.objects.exists()
    assert_review_counts_match_rows()


def test_queue_delete_action_names_reviews(curator_client, reported):
    page = curator_client.get(QUEUE).content.decode()
    assert "Delete selected moderation queue" not in page
    assert "Delete the selected reviews for good" in page
