"""With Redis down or hung, every page, sign-in and write still works, from the database."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory
from watchlist.models import Entry

PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(db):
    orange = TitleFactory(title_en="Orange", slug="orange", episodes=13)
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    EntryFactory(user=bob, title=orange, status="completed", cry_rating=5)
    ReviewFactory(user=bob, title=orange, body="Kakeru's letter undid me completely. " * 2)
    return {"orange": orange, "alice": alice, "bob": bob}


def _visitor_pages(site):
    return [
        reverse("home"),
        reverse("catalog:title_list") + "?q=orange",
        site["orange"].get_absolute_url(),
        reverse("rankings:tearful"),
        reverse("rankings:watched"),
        reverse("accounts:profile", args=["bob"]),
        reverse("reviews:review_list"),
        reverse("catalog:list_index"),
    ]


def test_visitors_get_every_page(client, site, broken_redis):
    for url in _visitor_pages(site):
        for _ in range(2):  # rendered afresh, then again with the breaker open
            response = client.get(url)
            assert response.status_code == 200, url
    assert "Orange" in client.get(reverse("rankings:tearful")).content.decode()


def test_a_member_signs_in_rates_and_is_told_it_is_saved(client, site, broken_redis):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("watchlist:entry_list")).status_code == 200

    response = client.post(
        reverse("watchlist:entry_quick_save", args=["orange"]),
        {"status": "completed", "cry_rating": "4"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Orange added to your watchlist: Completed, Sobbing." in response.content.decode()
    entry = Entry.objects.get(user=site["alice"], title=site["orange"])
    assert (entry.status, entry.cry_rating) == ("completed", 4)
    # The member's own pages show it at once, and every page still works for them.
    assert "Sobbing" in client.get(site["orange"].get_absolute_url()).content.decode()
    for url in [*_visitor_pages(site), reverse("accounts:profile", args=["alice"])]:
        assert client.get(url).status_code == 200, url


def test_a_signed_in_member_stays_signed_in_through_the_outage(client, site, settings):
    from sadlist.cache import reset_breaker

    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert client.get(reverse("watchlist:entry_list")).status_code == 200
    # Redis goes away while they are signed in.
    reset_breaker()
    from tests.reliability.conftest import _free_port, _use_redis_at

    _use_redis_at(settings, f"redis://127.0.0.1:{_free_port()}/0")
    response = client.get(reverse("watchlist:entry_list"))
    assert response.status_code == 200
    assert response.context["user"].username == "alice"
    reset_breaker()


def test_readyz_says_ready_with_the_cache_degraded(client, site, broken_redis):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "degraded"}


def test_a_hung_redis_is_waited_on_once_then_left_alone(client, site, redis_hung):
    for url in _visitor_pages(site):
        assert client.get(url).status_code == 200
    # Every cache call after the first timeout skipped Redis: one connection in all.
    assert len(redis_hung.accepted) == 1


def test_after_the_retry_interval_redis_is_tried_again(client, site, redis_hung, settings):
    settings.SADLIST_CACHE_RETRY_SECONDS = 0.3
    client.get(reverse("home"))
    time.sleep(0.4)
    client.get(reverse("home"))
    assert len(redis_hung.accepted) == 2


def test_the_failure_is_logged_once_not_per_request(client, site, broken_redis, caplog):
    caplog.set_level("WARNING", logger="sadlist.cache")
    for url in _visitor_pages(site):
        client.get(url)
    warnings = [r for r in caplog.records if r.name == "sadlist.cache"]
    assert len(warnings) == 1
    assert "Serving from the database" in warnings[0].getMessage()


def test_reviews_votes_and_password_resets_still_work(client, site, broken_redis):
    client.force_login(site["alice"])
    EntryFactory(user=site["alice"], title=site["orange"], status="watching", cry_rating=3)
    review = site["bob"].reviews.get()
    response = client.post(reverse("reviews:review_helpful", args=[review.pk]))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.helpful_count == 1
    client.logout()
    response = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_a_cache_that_fails_after_the_commit_does_not_undo_the_answer(client, site, monkeypatch):
    """The version bump runs after the commit: whatever it raises, the rating is saved
    and answered as saved (seen before: a 500 with the row saved)."""
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("Redis went away just after the commit")

    client.force_login(site["alice"])
    monkeypatch.setattr(cache, "set", broken)
    response = client.post(
        reverse("watchlist:entry_quick_save", args=["orange"]),
        {"status": "watching", "cry_rating": "2"},
    )
    assert response.status_code == 302
    assert Entry.objects.get(user=site["alice"]).cry_rating == 2
