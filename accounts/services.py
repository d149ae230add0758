"""Writes to accounts that reach beyond the user row: avatar files, watchlists."""

import datetime
import hashlib
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reviews import services as review_services
from sadlist.caching import member_changed, public_pages_changed
from watchlist import services as watchlist_services

from . import community
from .models import PasswordResetRequest

RESET_WINDOW = datetime.timedelta(hours=1)


def _delete_file_after_commit(storage, name):
    # After the commit only: a rolled-back write must not leave the user
    # pointing at a file that is gone.
    if name:
        transaction.on_commit(partial(storage.delete, name))


def user_profile_save(*, user, fields=None, previous_avatar=""):
    """Save ``user`` after a change to their profile; all fields unless ``fields`` names some.

    ``previous_avatar`` is the avatar's stored name before the change; when the
    avatar was replaced or removed, that file is deleted once the transaction
    commits. The settings page names its fields, so a password changed in
    another tab meanwhile is not overwritten.
    """
    with transaction.atomic():
        user.save(update_fields=fields)
        member_changed(user.pk)
        # Their name, picture and privacy show on public pages, for everyone at once.
        public_pages_changed()
        if previous_avatar and previous_avatar != user.avatar.name:
            _delete_file_after_commit(user.avatar.storage, previous_avatar)
    return user


def user_delete(*, user):
    """Delete ``user`` and everything that is theirs.

    The watchlist and reviews go through their apps' services so every title's
    statistics and every other review's helpful and report counts lose the
    user's part; the rest follows by the foreign keys' on_delete. The avatar
    file is deleted once the transaction commits.
    """
    avatar_name = user.avatar.name
    storage = user.avatar.storage
    with transaction.atomic():
        watchlist_services.entries_delete_for_user(user=user)
        review_services.reviews_delete_for_user(user=user)
        community.community_delete_for_user(user=user)
        user.delete()
        _delete_file_after_commit(storage, avatar_name)
        public_pages_changed()


def password_reset_request(*, email, address):
    """Record a request for a reset mail to ``email``; False when it is one too many.

    At most SADLIST_PASSWORD_RESETS_PER_EMAIL requests an hour for one email and
    SADLIST_PASSWORD_RESETS_PER_ADDRESS from one client address, counted the same
    whether or not an account has that email, so the answer reveals nothing. A refused
    request is not recorded, so waiting always lets the next one through.
    """
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        PasswordResetRequest.objects.filter(requested_at__lt=now - 24 * RESET_WINDOW).delete()
        recent = PasswordResetRequest.objects.filter(requested_at__gte=now - RESET_WINDOW)
        if recent.filter(email_digest=digest).count() >= settings.SADLIST_PASSWORD_RESETS_PER_EMAIL:
            return False
        if (
            address
            and recent.filter(address=address).count()
            >= settings.SADLIST_PASSWORD_RESETS_PER_ADDRESS
        ):
            return False
        PasswordResetRequest.objects.create(email_digest=digest, address=address)
    return True
