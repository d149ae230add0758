"""The review cards and title panels built in Python escape what members and curators wrote."""

import pytest
from django.contrib.auth.models import AnonymousUser

from catalog.templatetags.cry_meter import cry_histogram
from forecast.selectors import Neighbour, TitleNeighbours
from forecast.templatetags.forecast import similar_heartbreaks
from reviews.models import Review
from reviews.templatetags.reviews import review_card
from tests.factories import ReviewFactory, TitleFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def test_review_card_escapes_the_body_the_name_and_the_title():
    title = TitleFactory(title_en=HOSTILE)
    author = UserFactory(display_name=HOSTILE)
    review = ReviewFactory(user=author, title=title, body=f"{HOSTILE} " * 10)
    review = (
        Review.objects.with_reader_marks(AnonymousUser()).with_author_entries().get(pk=review.pk)
    )
    html = review_card(review, AnonymousUser(), True, "token", "/next/")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert f'id="review-{review.pk}"' in html
    assert "Sign in to mark it helpful" in html


def test_similar_heartbreaks_escape_the_neighbours_name():
    title = TitleFactory()
    pairs = (Neighbour(1, HOSTILE, "other", 0.456, 7, 3.0),)
    html = similar_heartbreaks(title, TitleNeighbours(title.pk, 3.0, pairs))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "similarity 0.46, from 7 members who rated both" in html


def test_cry_histogram_escapes_its_id():
    rows = [{"level": 0, "label": "Not a tear", "count": 2, "percent": 100}]
    html = cry_histogram(rows, '"><b>')
    assert "<b>" not in html
    assert 'width="220"' in html and "Cry ratings: 2 Not a tear." in html
