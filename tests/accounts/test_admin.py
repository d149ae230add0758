import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from catalog.models import TitleStats
from tests.accounts.helpers import (
    PAYLOAD,
    image_bytes,
    png_claiming,
    upload,
)
from tests.factories import EntryFactory, TitleFactory, UserFactory
from tests.integrity import assert_stats_match_entries
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def watchlists(owner, other_user, title):
    second = TitleFactory()
    EntryFactory(user=owner, title=title, rated=True, cry_rating=5)
    EntryFactory(user=owner, title=second, rated=True, cry_rating=3, status="dropped")
    EntryFactory(user=other_user, title=title, rated=True, cry_rating=2)
    EntryFactory(user=other_user, title=second, rated=True, cry_rating=1)


def change_data(response, **overrides):
    """The admin change form's current values as POST data."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled or name == "avatar":
            continue
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for name in ("last_login", "date_joined"):
        value = form[name].value()
        data.pop(name, None)
        if value:
            data[f"{name}_0"], data[f"{name}_1"] = str(value.date()), value.strftime("%H:%M:%S")
    data.update(overrides)
    return data


def test_changelist_shows_profile_columns_and_searches_display_name(curator_client, owner):
    owner.display_name = "Weeping Willow"
    owner.save()
    UserFactory(username="dave")
    url = reverse("admin:accounts_user_changelist")
    response = curator_client.get(url, {"q": "willow"})
    assert response.status_code == 200
    assert [user.username for user in response.context["cl"].result_list] == ["alice"]
    content = response.content.decode()
    assert "column-display_name" in content
    assert "column-watchlist_visibility" in content
    assert "column-date_joined" in content


@pytest.mark.parametrize("query", ["ALICE", "alice@EXAMPLE"])
def test_changelist_searches_username_and_email(curator_client, owner, other_user, query):
    url = reverse("admin:accounts_user_changelist")
    response = curator_client.get(url, {"q": query})
    assert [user.username for user in response.context["cl"].result_list] == ["alice"]


def test_change_page_has_a_profile_fieldset(curator_client, owner):
    response = curator_client.get(reverse("admin:accounts_user_change", args=[owner.pk]))
    assert response.status_code == 200
    fieldsets = {fieldset.name: fieldset for fieldset in response.context["adminform"]}
    assert "Profile" in fieldsets
    assert fieldsets["Profile"].fields == ("display_name", "bio", "avatar", "watchlist_visibility")


def test_staff_can_edit_the_profile_fields(curator_client, owner):
    url = reverse("admin:accounts_user_change", args=[owner.pk])
    data = change_data(curator_client.get(url), display_name="Moderated", bio="", email="a@x.org")
    data["watchlist_visibility"] = "private"
    response = curator_client.post(url, data)
    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.display_name, owner.watchlist_visibility, owner.email) == (
        "Moderated",
        "private",
        "a@x.org",
    )
    assert owner.check_password("correct horse battery staple")


def test_admin_avatar_upload_is_re_encoded(curator_client, owner):
    url = reverse("admin:accounts_user_change", args=[owner.pk])
    content = image_bytes(size=(300, 200), image_format="GIF") + PAYLOAD
    data = change_data(curator_client.get(url), avatar=upload(content, "x.gif", "image/gif"))
    response = curator_client.post(url, data)
    assert response.status_code == 302
    owner.refresh_from_db()
    with owner.avatar.open("rb") as stored:
        stored_bytes = stored.read()
    assert PAYLOAD not in stored_bytes
    with Image.open(io.BytesIO(stored_bytes)) as image:
        assert (image.format, image.size) == ("JPEG", (256, 256))


def test_admin_refuses_a_pixel_bomb_avatar(curator_client, owner):
    url = reverse("admin:accounts_user_change", args=[owner.pk])
    data = change_data(curator_client.get(url), avatar=upload(png_claiming(50_000, 50_000)))
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("avatar", "too_many_pixels")
    owner.refresh_from_db()
    assert not owner.avatar


def test_admin_avatar_removal_deletes_the_file_after_commit(
    curator_client, owner, django_capture_on_commit_callbacks
):
    owner.avatar.save("me.jpg", ContentFile(image_bytes(image_format="JPEG")))
    name = owner.avatar.name
    url = reverse("admin:accounts_user_change", args=[owner.pk])
    data = change_data(curator_client.get(url), **{"avatar-clear": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(url, data)
    assert response.status_code == 302
    owner.refresh_from_db()
    assert not owner.avatar
    assert not default_storage.exists(name)


def test_deleting_a_user_keeps_title_statistics_right(
    curator_client, owner, other_user, title, watchlists
):
    url = reverse("admin:accounts_user_delete", args=[owner.pk])
    assert curator_client.get(url).status_code == 200
    response = curator_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Entry.objects.filter(user_id=owner.pk).exists()
    assert Entry.objects.filter(user=other_user).count() == 2
    assert_stats_match_entries()
    assert TitleStats.objects.get(title=title).cry_sum == 2


def test_bulk_deleting_users_keeps_title_statistics_right(
    curator_client, owner, other_user, curator, watchlists
):
    third = UserFactory(username="dave")
    EntryFactory(user=third, title=TitleFactory(), rated=True, cry_rating=0)
    response = curator_client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [owner.pk, other_user.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert set(User.objects.values_list("username", flat=True)) == {"charlie", "dave"}
    assert list(Entry.objects.values_list("user__username", flat=True)) == ["dave"]
    assert_stats_match_entries()


def test_username_or_email_taken_whatever_its_case_is_explained_at_its_field(curator_client, owner):
    bob = get_user_model().objects.get(pk=curator_client.session["_auth_user_id"])
    url = reverse("admin:accounts_user_change", args=[bob.pk])
    data = {
        "username": "ALICE",
        "email": bob.email,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "watchlist_visibility": "public",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
    }
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["username"] == [
        "A user with that username already exists (capital letters aside)."
    ]
    data["username"] = bob.username
    data["email"] = owner.email.upper()
    response = curator_client.post(url, data)
    assert response.context["adminform"].form.errors["email"] == [
        "That email address is already used by another account."
    ]
    bob.refresh_from_db()
    assert bob.username == "charlie"
