"""Every POST needs the CSRF token: without it, 403 and nothing changes.

Two checks. Every named URL of the site, admin included, refuses a POST without a token
(the middleware runs before any view). And every action a POST performs is listed in
ACTIONS, each proven to work with a token for a user who may do it and to do nothing
without one; a test fails when a URL is added that is neither listed there nor shown to
ignore POSTs, so the list can't fall behind the URLs.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Block, Favourite, Follow, ListLike, ListReport, MemberList
from catalog.models import Title
from reviews.models import HelpfulVote, Report, Review
from tests.security.helpers import PASSWORD, client_for, db_state, url_patterns
from tests.watchlist.mal_files import anime, export
from watchlist import mal
from watchlist.models import Entry, ImportBatch

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "a brand new and unguessable phrase"
NEW_BODY = "On a second watch the ending hurt even more than the first time, somehow."
SIGNED_IN = "_auth_user_id"


@dataclass
class Action:
    """One thing a POST does: who may do it, the request, and how to tell it happened."""

    user: str | None  # an attribute of the scene, None for an anonymous visitor
    request: Callable  # (scene, client) -> (url, data)
    done: Callable  # (scene, client) -> bool


def _reset_link(scene, client):
    """Follow a real password-reset link; Django then asks for the password on another URL."""
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(scene.owner.pk)),
            "token": default_token_generator.make_token(scene.owner),
        },
    )
    return client.get(link)["Location"]


def _signed_in_as(client, user):
    return client.session.get(SIGNED_IN) == str(user.pk)


def _entry_form(**overrides):
    return {
        "status": "completed",
        "episodes_watched": "12",
        "times_rewatched": "0",
        "cry_rating": "5",
        "note": "changed",
        **overrides,
    }


def _import_batch(scene):
    """An upload of the owner's, waiting for its go-ahead: one entry naming ``unlisted``."""
    rows = mal.parse(export(anime(1, scene.unlisted.title_en, status="Watching")))
    return ImportBatch.objects.create(user=scene.owner, rows=[row.as_dict() for row in rows])


def _started_entry(scene):
    return Entry.objects.get(user=scene.owner, title=scene.started)


ACTIONS = {
    "watchlist:entry_quick_save": Action(
        "owner",
        lambda s, c: (
            reverse("watchlist:entry_quick_save", args=[s.unlisted.slug]),
            {"status": "watching"},
        ),
        lambda s, c: Entry.objects.filter(user=s.owner, title=s.unlisted).exists(),
    ),
    "watchlist:entry_edit": Action(
        "owner",
        lambda s, c: (reverse("watchlist:entry_edit", args=[s.own_entry.pk]), _entry_form()),
        lambda s, c: Entry.objects.get(pk=s.own_entry.pk).note == "changed",
    ),
    "watchlist:entry_progress": Action(
        "owner",
        lambda s, c: (
            reverse("watchlist:entry_progress", args=[_started_entry(s).pk]),
            {},
        ),
        lambda s, c: _started_entry(s).episodes_watched == 1,
    ),
    "watchlist:entry_delete": Action(
        "owner",
        lambda s, c: (reverse("watchlist:entry_delete", args=[s.own_entry.pk]), {}),
        lambda s, c: not Entry.objects.filter(pk=s.own_entry.pk).exists(),
    ),
    "reviews:review_create": Action(
        "owner",
        lambda s, c: (reverse("reviews:review_create", args=[s.started.slug]), {"body": NEW_BODY}),
        lambda s, c: Review.objects.filter(user=s.owner, title=s.started).exists(),
    ),
    "reviews:review_edit": Action(
        "owner",
        lambda s, c: (reverse("reviews:review_edit", args=[s.own_review.pk]), {"body": NEW_BODY}),
        lambda s, c: Review.objects.get(pk=s.own_review.pk).body == NEW_BODY,
    ),
    "reviews:review_delete": Action(
        "owner",
        lambda s, c: (reverse("reviews:review_delete", args=[s.own_review.pk]), {}),
        lambda s, c: not Review.objects.filter(pk=s.own_review.pk).exists(),
    ),
    "reviews:review_helpful": Action(
        "owner",
        lambda s, c: (reverse("reviews:review_helpful", args=[s.other_review.pk]), {}),
        lambda s, c: HelpfulVote.objects.filter(user=s.owner, review=s.other_review).exists(),
    ),
    "reviews:review_report": Action(
        "owner",
        lambda s, c: (
            reverse("reviews:review_report", args=[s.other_review.pk]),
            {"reason": "spam"},
        ),
        lambda s, c: Report.objects.filter(reporter=s.owner, review=s.other_review).exists(),
    ),
    "accounts:signup": Action(
        None,
        lambda s, c: (
            reverse("accounts:signup"),
            {
                "username": "dana",
                "email": "dana@example.com",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        ),
        lambda s, c: User.objects.filter(username="dana").exists(),
    ),
    "accounts:settings": Action(
        "owner",
        lambda s, c: (
            reverse("accounts:settings"),
            {"display_name": "Alice", "bio": "", "watchlist_visibility": "public"},
        ),
        lambda s, c: User.objects.get(pk=s.owner.pk).display_name == "Alice",
    ),
    "accounts:delete": Action(
        "owner",
        lambda s, c: (reverse("accounts:delete"), {"password": PASSWORD}),
        lambda s, c: not User.objects.filter(pk=s.owner.pk).exists(),
    ),
    "login": Action(
        None,
        lambda s, c: (reverse("login"), {"username": "alice", "password": PASSWORD}),
        lambda s, c: _signed_in_as(c, s.owner),
    ),
    "logout": Action(
        "owner",
        lambda s, c: (reverse("logout"), {}),
        lambda s, c: not _signed_in_as(c, s.owner),
    ),
    "password_change": Action(
        "owner",
        lambda s, c: (
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        ),
        lambda s, c: User.objects.get(pk=s.owner.pk).check_password(NEW_PASSWORD),
    ),
    "password_reset": Action(
        None,
        lambda s, c: (reverse("password_reset"), {"email": "alice@example.com"}),
        lambda s, c: bool(mail.outbox),
    ),
    "password_reset_confirm": Action(
        None,
        lambda s, c: (
            _reset_link(s, c),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        ),
        lambda s, c: User.objects.get(pk=s.owner.pk).check_password(NEW_PASSWORD),
    ),
    "watchlist:mal_import": Action(
        "owner",
        lambda s, c: (
            reverse("watchlist:mal_import"),
            {"export": SimpleUploadedFile("list.xml", export(anime(1, s.unlisted.title_en)))},
        ),
        lambda s, c: ImportBatch.objects.filter(user=s.owner).exists(),
    ),
    "watchlist:mal_import_preview": Action(
        "owner",
        lambda s, c: (
            reverse("watchlist:mal_import_preview", args=[_import_batch(s).pk]),
            {"policy": "keep"},
        ),
        lambda s, c: Entry.objects.filter(user=s.owner, title=s.unlisted).exists(),
    ),
    "admin:login": Action(
        None,
        lambda s, c: (
            reverse("admin:login"),
            {"username": "charlie", "password": PASSWORD, "next": "/admin/"},
        ),
        lambda s, c: _signed_in_as(c, s.admin),
    ),
    "admin:logout": Action(
        "admin",
        lambda s, c: (reverse("admin:logout"), {}),
        lambda s, c: not _signed_in_as(c, s.admin),
    ),
    "admin:catalog_title_add": Action(
        "admin",
        lambda s, c: (
            reverse("admin:catalog_title_add"),
            {"title_en": "Plastic Memories", "slug": "plastic-memories", "format": "tv"},
        ),
        lambda s, c: Title.objects.filter(slug="plastic-memories").exists(),
    ),
    "admin:catalog_title_delete": Action(
        "admin",
        lambda s, c: (reverse("admin:catalog_title_delete", args=[s.unlisted.pk]), {"post": "yes"}),
        lambda s, c: not Title.objects.filter(pk=s.unlisted.pk).exists(),
    ),
    "accounts:follow": Action(
        "owner",
        lambda s, c: (reverse("accounts:follow", args=[s.other.username]), {}),
        lambda s, c: Follow.objects.filter(follower=s.owner, followee=s.other).exists(),
    ),
    "accounts:block": Action(
        "owner",
        lambda s, c: (reverse("accounts:block", args=[s.other.username]), {}),
        lambda s, c: Block.objects.filter(blocker=s.owner, blocked=s.other).exists(),
    ),
    "accounts:favourites": Action(
        "owner",
        lambda s, c: (reverse("accounts:favourites"), {"favourite_1": s.title.pk}),
        lambda s, c: Favourite.objects.filter(user=s.owner, title=s.title).exists(),
    ),
    "accounts:member_list_create": Action(
        "owner",
        lambda s, c: (
            reverse("accounts:member_list_create"),
            {"name": "Top ten that destroyed me", "is_ranked": "on", "is_public": "on"},
        ),
        lambda s, c: MemberList.objects.filter(owner=s.owner, name__startswith="Top").exists(),
    ),
    "accounts:member_list_edit": Action(
        "owner",
        lambda s, c: (
            reverse("accounts:member_list_edit", args=["alice", s.member_list.slug]),
            {"name": "Renamed", "is_public": "on"},
        ),
        lambda s, c: MemberList.objects.get(pk=s.member_list.pk).name == "Renamed",
    ),
    "accounts:member_list_delete": Action(
        "owner",
        lambda s, c: (
            reverse("accounts:member_list_delete", args=["alice", s.member_list.slug]),
            {},
        ),
        lambda s, c: not MemberList.objects.filter(pk=s.member_list.pk).exists(),
    ),
    "accounts:list_entry_add": Action(
        "owner",
        lambda s, c: (
            reverse("accounts:list_entry_add", args=[s.unlisted.slug]),
            {"member_list": s.member_list.pk},
        ),
        lambda s, c: s.member_list.entries.filter(title=s.unlisted).exists(),
    ),
    "accounts:list_entry_move": Action(
        "owner",
        lambda s, c: (
            reverse(
                "accounts:list_entry_move",
                args=["alice", s.member_list.slug, s.member_list_entry.pk],
            ),
            {"to": "down"},
        ),
        lambda s, c: s.member_list.entries.get(pk=s.member_list_entry.pk).position == 2,
    ),
    "accounts:list_entry_remove": Action(
        "owner",
        lambda s, c: (
            reverse(
                "accounts:list_entry_remove",
                args=["alice", s.member_list.slug, s.member_list_entry.pk],
            ),
            {},
        ),
        lambda s, c: not s.member_list.entries.filter(pk=s.member_list_entry.pk).exists(),
    ),
    "accounts:list_entry_note": Action(
        "owner",
        lambda s, c: (
            reverse(
                "accounts:list_entry_note",
                args=["alice", s.member_list.slug, s.member_list_entry.pk],
            ),
            {"note": "The fireflies."},
        ),
        lambda s, c: s.member_list.entries.get(pk=s.member_list_entry.pk).note == "The fireflies.",
    ),
    "accounts:list_reorder": Action(
        "owner",
        lambda s, c: (
            reverse("accounts:list_reorder", args=["alice", s.member_list.slug]),
            {
                "order": ",".join(
                    str(pk)
                    for pk in s.member_list.entries.order_by("-position").values_list(
                        "pk", flat=True
                    )
                )
            },
        ),
        lambda s, c: s.member_list.entries.get(pk=s.member_list_entry.pk).position == 2,
    ),
    "accounts:list_like": Action(
        "other",
        lambda s, c: (reverse("accounts:list_like", args=["alice", s.member_list.slug]), {}),
        lambda s, c: ListLike.objects.filter(member_list=s.member_list, user=s.other).exists(),
    ),
    "accounts:list_report": Action(
        "other",
        lambda s, c: (
            reverse("accounts:list_report", args=["alice", s.member_list.slug]),
            {"reason": "spam"},
        ),
        lambda s, c: ListReport.objects.filter(member_list=s.member_list).exists(),
    ),
    "admin:reviews_review_changelist": Action(
        "admin",
        lambda s, c: (
            reverse("admin:reviews_review_changelist"),
            {"action": "hide", "_selected_action": [s.other_review.pk]},
        ),
        lambda s, c: Review.objects.get(pk=s.other_review.pk).is_hidden,
    ),
}

# Pages that only show something: a POST to them, even with a valid token, changes nothing.
READ_ONLY = {
    "catalog:title_suggest",
    "healthz",
    "readyz",
    "home",
    "rankings:tearful",
    "rankings:watched",
    "rankings:article",
    "catalog:title_list",
    "catalog:title_detail",
    "catalog:list_index",
    "catalog:list_detail",
    "accounts:export",
    "accounts:export_mal",
    "accounts:export_mal_gz",
    "accounts:export_csv",
    "watchlist:mal_import_result",
    "watchlist:mal_import_unmatched",
    "accounts:profile",
    "watchlist:entry_list",
    "reviews:review_list",
    "reviews:review_feed",
    "reviews:review_detail",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
    "django.contrib.sitemaps.views.sitemap",
    "forecast:forecast_list",
    "forecast:forecast_about",
    "forecast:similar_list",
    "accounts:member_list_index",
    "accounts:member_list_detail",
    "accounts:followers",
    "accounts:following",
    "accounts:member_feed",
    "accounts:year",
    "accounts:feed",
    "accounts:notifications",
}
# The site's own URLs and Django's sign-in ones; the rest of the admin is covered by
# test_every_url_refuses_a_post_without_a_token and the admin actions above.
CHECKED_NAMES = {
    name
    for name, _ in url_patterns()
    if not name.startswith("admin:") and not name.startswith("django.contrib.sitemaps")
} | {"admin:login", "admin:logout", "django.contrib.sitemaps.views.sitemap"}


def build_url(name, kwarg_names, scene):
    """A URL for ``name`` whose arguments name objects that exist, owned by the signed-in user."""
    values = {
        "slug": scene.title.slug,
        "pk": scene.own_review.pk if "review" in name else scene.own_entry.pk,
        "username": scene.owner.username,
        "object_id": str(scene.title.pk),
        "id": str(scene.owner.pk),
        "content_type_id": "1",
        "app_label": "catalog",
        "uidb64": "MQ",
        "token": "set-password",
        "year": "2024",
    }
    if name.startswith("accounts:") and "slug" in kwarg_names and "list" in name:
        values["slug"] = scene.member_list.slug
        values["pk"] = scene.member_list_entry.pk
    if name == "catalog:list_detail":
        values["slug"] = scene.curated_list.slug
    return reverse(name, kwargs={key: values[key] for key in kwarg_names})


def test_every_post_action_of_the_site_is_listed():
    unlisted = CHECKED_NAMES - set(ACTIONS) - READ_ONLY
    assert not unlisted, f"Add to ACTIONS (with a test of what they do) or READ_ONLY: {unlisted}"
    assert not READ_ONLY - CHECKED_NAMES, "READ_ONLY names a URL that no longer exists"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_post_without_a_token_is_refused_and_changes_nothing(scene, name):
    action = ACTIONS[name]
    client = client_for(getattr(scene, action.user) if action.user else None, csrf_checks=True)
    url, data = action.request(scene, client)
    before = db_state()
    response = client.post(url, data)
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]
    assert "The form expired or came from another site" in response.content.decode()
    assert db_state() == before
    assert not action.done(scene, client)
    assert not mail.outbox


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_the_same_post_with_a_token_does_its_work(scene, name):
    """So the refusal above is the token's doing, not a missing permission or bad data."""
    action = ACTIONS[name]
    client = client_for(getattr(scene, action.user) if action.user else None)
    url, data = action.request(scene, client)
    response = client.post(url, data)
    assert response.status_code == 302
    assert action.done(scene, client)


@pytest.mark.parametrize("name", sorted(READ_ONLY))
def test_read_only_pages_ignore_a_post(scene, name):
    kwarg_names = dict(url_patterns())[name]
    client = client_for(scene.owner)
    before = db_state()
    response = client.post(build_url(name, kwarg_names, scene), {"status": "dropped"})
    assert response.status_code < 500
    assert db_state() == before


def test_every_url_refuses_a_post_without_a_token(scene):
    # As the admin: any URL of the site would do, and they may act on every one.
    client = client_for(scene.admin, csrf_checks=True)
    before = db_state()
    statuses = {
        name: client.post(
            build_url(name, kwarg_names, scene), {"post": "yes", "status": "dropped"}
        ).status_code
        for name, kwarg_names in url_patterns()
    }
    assert len(statuses) > 100  # the admin's URLs are there too
    assert {name: status for name, status in statuses.items() if status != 403} == {}
    assert db_state() == before
