"""The forecast page opened twice at once, before the member's ranking is kept."""

import pytest
from django.test import Client
from django.urls import reverse

from forecast import selectors
from forecast.models import MemberRanking
from tests.factories import UserFactory
from tests.forecast.conftest import rate_all
from tests.races import ONLY_ON_POSTGRESQL, at_once

pytestmark = [pytest.mark.django_db(transaction=True), ONLY_ON_POSTGRESQL]


def test_two_tabs_ranking_at_once_both_get_the_forecast_and_one_ranking_is_kept(monkeypatch, built):
    member = UserFactory(username="two-tabs")
    rate_all(member, built.a_titles[:3], 5)
    rate_all(member, built.b_titles[:3], 0)
    tabs = []
    for _ in range(2):
        tab = Client(raise_request_exception=False)
        tab.force_login(member)
        tabs.append(tab)
    url = reverse("forecast:forecast_list")

    # Both have read no kept ranking, and both rank afresh before either keeps its own.
    responses = at_once(
        monkeypatch, selectors, "_ranked", [lambda tab=tab: tab.get(url) for tab in tabs]
    )

    assert [response.status_code for response in responses] == [200, 200]
    for response in responses:
        page = response.content.decode()
        assert page.index("A-side 3</a>") < page.index("B-side 3</a>")
    kept = MemberRanking.objects.get()
    assert kept.user == member
    assert kept.title_ids == [built.a_titles[3].pk, built.b_titles[3].pk]
