"""A review or a report sent twice at once is answered as if the first had won."""

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import Report, Review
from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory
from tests.races import ONLY_ON_POSTGRESQL, at_once

pytestmark = [pytest.mark.django_db(transaction=True), ONLY_ON_POSTGRESQL]

BODY = "It took everything from me and gave back a little more. " * 2


def _signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_review_posted_twice_at_once_is_published_once(monkeypatch):
    author = UserFactory(username="alice")
    title = TitleFactory(title_en="Orange", slug="orange")
    EntryFactory(user=author, title=title, status="completed", cry_rating=5)
    tabs = [_signed_in(author), _signed_in(author)]
    url = reverse("reviews:review_create", args=[title.slug])

    responses = at_once(
        monkeypatch, Review, "save", [lambda tab=tab: tab.post(url, {"body": BODY}) for tab in tabs]
    )

    review = Review.objects.get()
    assert sorted(response.status_code for response in responses) == [302, 302]
    assert sorted(response["Location"] for response in responses) == sorted(
        [review.get_absolute_url(), reverse("reviews:review_edit", args=[review.pk])]
    )


def test_a_report_sent_twice_at_once_is_counted_once(monkeypatch):
    review = ReviewFactory(body=BODY)
    reader = UserFactory(username="bob")
    tabs = [_signed_in(reader), _signed_in(reader)]
    url = reverse("reviews:review_report", args=[review.pk])

    responses = at_once(
        monkeypatch,
        Report,
        "save",
        [lambda tab=tab: tab.post(url, {"reason": "spam"}, follow=True) for tab in tabs],
    )

    assert [response.status_code for response in responses] == [200, 200]
    said = " ".join(response.content.decode() for response in responses)
    assert "Thank you: the moderators will look at this review." in said
    assert "You have already reported this review." in said
    assert Report.objects.count() == 1
    review.refresh_from_db()
    assert review.report_count == 1
