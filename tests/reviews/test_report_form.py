"""The report form offers only real reasons, and a reader reports a review once."""

import pytest
from django.urls import reverse

from reviews.models import Report
from tests.factories import EntryFactory, ReportFactory, ReviewFactory, TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(owner):
    title = TitleFactory(title_en="Plastic Memories", slug="plastic-memories")
    EntryFactory(user=owner, title=title, status="completed", cry_rating=4)
    return ReviewFactory(user=owner, title=title)


def report_url(review):
    return reverse("reviews:review_report", args=[review.pk])


def test_only_real_reasons_none_chosen(client, other_user, review):
    client.force_login(other_user)
    page = client.get(report_url(review)).content.decode()
    assert "---------" not in page
    reasons = page.count('name="reason"')
    assert reasons == len(Report.Reason.choices)
    assert " checked" not in page


def test_sending_no_reason_asks_for_one(client, other_user, review):
    client.force_login(other_user)
    response = client.post(report_url(review), {"details": "Rude."})
    assert response.status_code == 200
    assert "Choose the reason for your report." in response.content.decode()
    assert not Report.objects.exists()


def test_once_reported_the_report_link_goes(client, other_user, review):
    client.force_login(other_user)
    assert f'href="{report_url(review)}"' in client.get(review.get_absolute_url()).content.decode()
    client.post(report_url(review), {"reason": "spam"})
    for url in [review.get_absolute_url(), review.title.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert f'href="{report_url(review)}"' not in page
        assert "You reported this review" in page


def test_report_page_says_already_reported_without_a_form(client, other_user, review):
    ReportFactory(review=review, reporter=other_user)
    client.force_login(other_user)
    response = client.get(report_url(review), follow=True)
    assert response.redirect_chain == [(review.get_absolute_url(), 302)]
    assert "You have already reported this review." in response.content.decode()
    assert Report.objects.count() == 1
