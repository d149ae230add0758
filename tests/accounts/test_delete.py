import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from catalog.models import TitleStats
from tests.accounts.helpers import PASSWORD, image_bytes
from tests.factories import EntryFactory, TitleFactory
from tests.integrity import assert_stats_match_entries
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

User = get_user_model()
URL = reverse("accounts:delete")


@pytest.fixture
def watchlists(owner, other_user, title):
    second = TitleFactory()
    EntryFactory(user=owner, title=title, rated=True, cry_rating=5)
    EntryFactory(user=owner, title=second, rated=True, status="watching", cry_rating=2)
    EntryFactory(user=other_user, title=title, rated=True, cry_rating=4)


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_anonymous_post_deletes_nothing(client, owner):
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.filter(pk=owner.pk).exists()


def test_page_explains_what_is_deleted(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Delete your account" in content
    assert "whole watchlist" in content
    assert "your reviews" in content  # user_delete deletes them too
    assert "can’t be undone" in content
    assert 'name="password"' in content
    assert f'href="{reverse("accounts:export")}"' in content


def test_get_deletes_nothing(signed_in, owner, watchlists):
    signed_in.get(URL)
    assert User.objects.filter(pk=owner.pk).exists()
    assert Entry.objects.filter(user=owner).count() == 2


@pytest.mark.parametrize("password", ["", "wrong horse battery staple"])
def test_wrong_password_keeps_the_account(signed_in, owner, watchlists, password):
    response = signed_in.post(URL, {"password": password})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    if password:
        assert response.context["form"].errors["password"] == ["That isn't your password."]
    assert User.objects.filter(pk=owner.pk).exists()
    assert Entry.objects.filter(user=owner).count() == 2
    assert signed_in.session.get("_auth_user_id") == str(owner.pk)


def test_right_password_deletes_the_user_and_their_entries(
    signed_in, owner, other_user, watchlists
):
    response = signed_in.post(URL, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Entry.objects.filter(user_id=owner.pk).exists()
    assert Entry.objects.filter(user=other_user).count() == 1
    assert User.objects.filter(pk=other_user.pk).exists()


def test_deleting_signs_out_and_says_so(signed_in, watchlists):
    response = signed_in.post(URL, {"password": PASSWORD}, follow=True)
    assert "_auth_user_id" not in signed_in.session
    assert not response.context["user"].is_authenticated
    assert "Your account and everything in it were deleted." in [
        str(m) for m in response.context["messages"]
    ]


def test_title_statistics_stay_right(signed_in, title, watchlists):
    signed_in.post(URL, {"password": PASSWORD})
    assert_stats_match_entries()
    stats = TitleStats.objects.get(title=title)
    assert (stats.cry_count, stats.cry_sum, stats.cry_4, stats.cry_5) == (1, 4, 1, 0)
    assert stats.completed_count == 1


def test_avatar_file_is_deleted_after_commit(signed_in, owner, django_capture_on_commit_callbacks):
    owner.avatar.save("me.jpg", ContentFile(image_bytes(image_format="JPEG")))
    name = owner.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(URL, {"password": PASSWORD})
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not default_storage.exists(name)


def test_missing_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 403
    assert User.objects.filter(pk=owner.pk).exists()
