"""Whose ratings the forecast uses, and what it keeps and gives back about a member."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from forecast import selectors, services
from forecast.models import ForecastPreference, TitleBaseline, TitleNeighbour
from tests.accounts.helpers import PASSWORD
from tests.forecast.conftest import rate

pytestmark = pytest.mark.django_db

SETTINGS_URL = reverse("accounts:settings")


def settings_data(**overrides):
    return {"display_name": "", "bio": "", "watchlist_visibility": "public", **overrides}


def test_settings_show_the_opt_out_checked_by_default(signed_in):
    page = signed_in.get(SETTINGS_URL).content.decode()
    assert "Use my cry ratings for other members&#x27; tear forecasts" in page
    assert 'name="share_ratings"' in page
    assert 'id="id_share_ratings" checked' in page


def test_unticking_it_opts_out_and_ticking_it_opts_back_in(signed_in, owner):
    response = signed_in.post(SETTINGS_URL, settings_data())
    assert response.status_code == 302
    assert ForecastPreference.objects.get(user=owner).share_ratings is False
    assert 'id="id_share_ratings" checked' not in signed_in.get(SETTINGS_URL).content.decode()
    signed_in.post(SETTINGS_URL, settings_data(share_ratings="on"))
    assert ForecastPreference.objects.get(user=owner).share_ratings is True


def test_an_invalid_settings_form_saves_no_preference(signed_in, owner):
    response = signed_in.post(SETTINGS_URL, settings_data(watchlist_visibility="everyone"))
    assert response.status_code == 200
    assert not ForecastPreference.objects.exists()


def test_opted_out_ratings_leave_the_model_but_still_make_the_members_own_forecast(client, built):
    # Half of each group opts out: six members rated each pair, fewer than before.
    for user in built.group_a[:3] + built.group_b[:3]:
        services.preference_save(user=user, share_ratings=False)
    services.forecast_build()
    pair = TitleNeighbour.objects.get(title__slug="a-side-0", neighbour__slug="a-side-1")
    assert pair.corated == 6
    assert TitleBaseline.objects.get(title__slug="a-side-0").ratings == 6
    # Everyone opted out: nothing is learnt from anyone.
    for user in built.group_a + built.group_b:
        services.preference_save(user=user, share_ratings=False)
    services.forecast_build()
    assert not TitleNeighbour.objects.exists() and not TitleBaseline.objects.exists()


def test_an_opted_out_member_still_gets_forecasts_from_everyone_else(client, built):
    member = built.group_a[0]
    services.preference_save(user=member, share_ratings=False)
    services.forecast_build()
    member.entries.filter(title=built.a_titles[3]).delete()
    forecast = selectors.member_forecast(user=member)
    assert [f.title_id for f in forecast.forecasts] == [built.a_titles[3].pk]


def test_private_profiles_count_in_aggregates_only(client, built):
    for user in built.group_a + built.group_b:
        user.watchlist_visibility = "private"
        user.save()
    services.forecast_build()
    response = client.get(reverse("forecast:similar_list", args=["a-side-0"]))
    assert len(response.context["similar"]) == 3
    page = response.content.decode()
    for user in built.group_a + built.group_b:
        assert user.username not in page


def test_export_says_whether_ratings_are_shared(signed_in, owner):
    data = json.loads(signed_in.get(reverse("accounts:export")).content)
    assert data["forecast"] == {"share_ratings_for_others_forecasts": True}
    services.preference_save(user=owner, share_ratings=False)
    data = json.loads(signed_in.get(reverse("accounts:export")).content)
    assert data["forecast"] == {"share_ratings_for_others_forecasts": False}


def test_deleting_the_account_removes_the_preference_and_the_next_build_forgets_them(client, built):
    member = built.group_a[0]
    services.preference_save(user=member, share_ratings=True)
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not ForecastPreference.objects.filter(user_id=member.pk).exists()
    services.forecast_build()
    pair = TitleNeighbour.objects.get(title__slug="a-side-0", neighbour__slug="a-side-1")
    assert pair.corated == 11


def test_an_explanation_names_only_the_viewers_own_titles(client, built):
    viewer = built.group_b[0]
    viewer.entries.filter(title=built.b_titles[3]).delete()
    rate(built.group_a[0], built.b_titles[3], 5)  # someone else's rating, not a reason
    forecast = selectors.member_forecast(user=viewer)
    own = {title.slug for title in built.a_titles + built.b_titles[:3]}
    for item in forecast.forecasts:
        assert {reason.slug for reason in item.reasons} <= own
