"""Every form of the site, with valid data: what the odd-input and generated-input tests post."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.security.helpers import PASSWORD


def reset_confirm_url(scene, client):
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(scene.owner.pk)),
            "token": default_token_generator.make_token(scene.owner),
        },
    )
    return client.get(link)["Location"]


def forms(scene):
    """(name, user, url or a function making it, valid data) of every form of the site."""
    entry = scene.own_entry
    password_pair = {
        "new_password1": "a new long phrase 42",
        "new_password2": "a new long phrase 42",
    }
    return [
        (
            "signup",
            None,
            reverse("accounts:signup"),
            {
                "username": "dana",
                "email": "dana@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": "/",
            },
        ),
        ("login", None, reverse("login"), {"username": "bob", "password": PASSWORD, "next": "/"}),
        (
            "settings",
            scene.owner,
            reverse("accounts:settings"),
            {"display_name": "Alice", "bio": "Tears.", "watchlist_visibility": "public"},
        ),
        ("delete", scene.other, reverse("accounts:delete"), {"password": "not bob's"}),
        (
            "entry_quick_save",
            scene.owner,
            reverse("watchlist:entry_quick_save", args=[scene.unlisted.slug]),
            {"status": "watching", "cry_rating": "3", "next": "/"},
        ),
        (
            "entry_edit",
            scene.owner,
            reverse("watchlist:entry_edit", args=[entry.pk]),
            {
                "status": "completed",
                "episodes_watched": "12",
                "started_on": "2020-01-02",
                "finished_on": "2020-02-03",
                "times_rewatched": "1",
                "cry_rating": "5",
                "score": "9",
                "note": "Still hurts.",
            },
        ),
        (
            "review_create",
            scene.owner,
            reverse("reviews:review_create", args=[scene.started.slug]),
            {"body": "y" * 60, "contains_spoilers": "on"},
        ),
        (
            "review_edit",
            scene.owner,
            reverse("reviews:review_edit", args=[scene.own_review.pk]),
            {"body": "z" * 60},
        ),
        (
            "review_report",
            scene.owner,
            reverse("reviews:review_report", args=[scene.other_review.pk]),
            {"reason": "spam", "details": "Looks like an advert."},
        ),
        (
            "review_helpful",
            scene.owner,
            reverse("reviews:review_helpful", args=[scene.other_review.pk]),
            {"undo": "", "next": "/"},
        ),
        (
            "password_change",
            scene.owner,
            reverse("password_change"),
            {"old_password": PASSWORD, **password_pair},
        ),
        ("password_reset", None, reverse("password_reset"), {"email": "alice@example.com"}),
        ("password_reset_confirm", None, reset_confirm_url, password_pair),
        (
            "member_list_create",
            scene.owner,
            reverse("accounts:member_list_create"),
            {"name": "Top ten", "description": "In order.", "is_ranked": "on", "is_public": "on"},
        ),
        (
            "list_entry_add",
            scene.owner,
            reverse("accounts:list_entry_add", args=[scene.unlisted.slug]),
            {"member_list": str(scene.member_list.pk), "note": "Why.", "next": "/"},
        ),
        (
            "list_report",
            scene.other,
            reverse("accounts:list_report", args=["alice", scene.member_list.slug]),
            {"reason": "spam", "details": "An advert."},
        ),
        (
            "favourites",
            scene.owner,
            reverse("accounts:favourites"),
            {"favourite_1": str(scene.title.pk), "favourite_2": str(scene.started.pk)},
        ),
        (
            "admin_title_add",
            scene.admin,
            reverse("admin:catalog_title_add"),
            {
                # One field of each kind; the other names, studio and AniList id are alike.
                "title_en": "Plastic Memories",
                "slug": "plastic-memories",
                "format": "tv",
                "year": "2015",
                "episodes": "13",
                "synopsis": "Tsukasa and Isla.",
                "mal_id": "27775",
            },
        ),
    ]


FORM_NAMES = [
    "signup",
    "login",
    "settings",
    "delete",
    "entry_quick_save",
    "entry_edit",
    "review_create",
    "review_edit",
    "review_report",
    "review_helpful",
    "password_change",
    "password_reset",
    "password_reset_confirm",
    "member_list_create",
    "list_entry_add",
    "list_report",
    "favourites",
    "admin_title_add",
]
