"""Every review says how hard the title hit its author, marks an edit, and sorts."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.factories import EntryFactory, HelpfulVoteFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(owner, title):
    EntryFactory(user=owner, title=title, status="completed", cry_rating=5)
    return ReviewFactory(user=owner, title=title)


@pytest.mark.parametrize(
    "page",
    [
        lambda review: review.title.get_absolute_url(),
        lambda review: review.get_absolute_url(),
        lambda review: reverse("reviews:review_list"),
        lambda review: review.user.get_absolute_url(),
    ],
    ids=["title", "permalink", "latest", "profile"],
)
def test_the_authors_status_and_cry_rating_show_everywhere(client, review, page):
    assert "Completed · 5 · Destroyed" in client.get(page(review)).content.decode()


def test_a_rating_without_a_cry_shows_the_status_alone(client, other_user, title):
    EntryFactory(user=other_user, title=title, status="watching")
    review = ReviewFactory(user=other_user, title=title)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "</span>Watching</p>" in page


def test_an_edit_after_posting_is_marked(client, review):
    page = client.get(review.get_absolute_url()).content.decode()
    assert "· edited" not in page
    Review.objects.filter(pk=review.pk).update(
        updated_at=review.created_at + datetime.timedelta(hours=2)
    )
    assert "· edited" in client.get(review.get_absolute_url()).content.decode()


def test_title_reviews_sort_by_helpful_by_default_or_newest(client, review, title):
    newer = ReviewFactory(user=UserFactory(), title=title, body="Newer words, same tears. " * 3)
    HelpfulVoteFactory(review=review, user=UserFactory())
    helpful_first = client.get(title.get_absolute_url()).content.decode()
    assert helpful_first.index(f"review-{review.pk}") < helpful_first.index(f"review-{newer.pk}")
    newest = client.get(title.get_absolute_url() + "?sort=new").content.decode()
    assert newest.index(f"review-{newer.pk}") < newest.index(f"review-{review.pk}")
    assert "?sort=helpful#reviews" in newest


def test_the_verdict_costs_no_extra_query(client, title, django_assert_num_queries):
    for _ in range(2):
        user = UserFactory()
        EntryFactory(user=user, title=title, status="completed", cry_rating=3)
        ReviewFactory(user=user, title=title)
    # The count and the page, each review carrying its author's entry.
    with django_assert_num_queries(2):
        client.get(reverse("reviews:review_list"))
    for _ in range(8):
        user = UserFactory()
        EntryFactory(user=user, title=title, status="completed", cry_rating=3)
        ReviewFactory(user=user, title=title)
    with django_assert_num_queries(2):
        client.get(reverse("reviews:review_list"))
