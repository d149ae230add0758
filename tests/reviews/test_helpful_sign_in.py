"""The helpful button's POST-only address never ends in a bare 405 or a lost mark."""

import pytest
from django.urls import reverse

from reviews.models import HelpfulVote
from tests.factories import EntryFactory, ReviewFactory, TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(other_user):
    title = TitleFactory(title_en="Clannad After Story", slug="clannad-after-story")
    EntryFactory(user=other_user, title=title, status="completed", cry_rating=5)
    return ReviewFactory(user=other_user, title=title)


def helpful_url(review):
    return reverse("reviews:review_helpful", args=[review.pk])


def test_signed_out_mark_is_kept_across_sign_in_and_counted(client, owner, review):
    next_url = f"{review.title.get_absolute_url()}#review-{review.pk}"
    response = client.post(helpful_url(review), {"next": next_url})
    assert response["Location"] == f"{reverse('login')}?next={helpful_url(review)}"
    assert not HelpfulVote.objects.exists()
    back = client.post(
        reverse("login"),
        {
            "username": "alice",
            "password": "correct horse battery staple",
            "next": helpful_url(review),
        },
    )
    assert back["Location"] == helpful_url(review)
    done = client.get(back["Location"])
    assert done["Location"] == next_url
    assert HelpfulVote.objects.filter(review=review, user=owner).exists()
    review.refresh_from_db()
    assert review.helpful_count == 1


def test_get_goes_to_the_review_and_changes_nothing(client, signed_in, review):
    response = signed_in.get(helpful_url(review))
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    assert not HelpfulVote.objects.exists()
    client.logout()
    assert client.get(helpful_url(review))["Location"] == review.get_absolute_url()
