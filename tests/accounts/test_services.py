"""accounts.services: deleting users and saving profiles, with files and statistics."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.services import user_delete, user_profile_save
from catalog.models import CuratedList
from tests.accounts.helpers import file_deletions, image_bytes
from tests.factories import EntryFactory, TitleFactory, UserFactory
from tests.integrity import assert_stats_match_entries
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

User = get_user_model()


def with_avatar(user):
    user.avatar.save("me.jpg", ContentFile(image_bytes(image_format="JPEG")))
    return user.avatar.name


def test_user_delete_removes_the_user_and_entries_keeping_stats_right():
    users = UserFactory.create_batch(3)
    titles = TitleFactory.create_batch(3)
    for i, user in enumerate(users):
        for j, title in enumerate(titles):
            EntryFactory(
                user=user,
                title=title,
                rated=True,
                cry_rating=(i + j) % 6,
                status="completed" if j else "dropped",
            )
    assert_stats_match_entries()

    user_delete(user=users[0])

    assert not User.objects.filter(pk=users[0].pk).exists()
    assert Entry.objects.filter(user_id=users[0].pk).count() == 0
    assert Entry.objects.count() == 6
    assert_stats_match_entries()


def test_user_delete_keeps_lists_the_user_made(owner):
    curated = CuratedList.objects.create(slug="mine", name="Mine", created_by=owner)
    user_delete(user=owner)
    curated.refresh_from_db()
    assert curated.created_by is None


def test_user_delete_removes_the_avatar_only_after_commit(
    owner, django_capture_on_commit_callbacks
):
    name = with_avatar(owner)
    with django_capture_on_commit_callbacks() as callbacks:
        user_delete(user=owner)
        assert default_storage.exists(name)
    assert len(file_deletions(callbacks)) == 1
    callbacks[0]()
    assert not default_storage.exists(name)


def test_user_delete_rolled_back_keeps_everything(owner, title):
    name = with_avatar(owner)
    EntryFactory(user=owner, title=title, rated=True)
    pk = owner.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        user_delete(user=owner)
        raise RuntimeError
    assert User.objects.filter(pk=pk).exists()
    assert Entry.objects.filter(user_id=pk).count() == 1
    assert default_storage.exists(name)
    assert_stats_match_entries()


def test_profile_save_writes_only_the_named_fields(owner):
    User.objects.filter(pk=owner.pk).update(first_name="Changed elsewhere")
    owner.display_name = "Alice"
    owner.first_name = "Stale"
    user_profile_save(user=owner, fields=["display_name"])
    owner.refresh_from_db()
    assert (owner.display_name, owner.first_name) == ("Alice", "Changed elsewhere")


def test_profile_save_deletes_a_replaced_avatar_after_commit(
    owner, django_capture_on_commit_callbacks
):
    old = with_avatar(owner)
    owner.avatar = ""
    with django_capture_on_commit_callbacks(execute=True):
        user_profile_save(user=owner, fields=["avatar"], previous_avatar=old)
    owner.refresh_from_db()
    assert not owner.avatar
    assert not default_storage.exists(old)


def test_profile_save_keeps_an_unchanged_avatar(owner, django_capture_on_commit_callbacks):
    name = with_avatar(owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user_profile_save(user=owner, fields=["display_name"], previous_avatar=name)
    assert file_deletions(callbacks) == []
    assert default_storage.exists(name)
