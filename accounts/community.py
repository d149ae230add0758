"""Writes to the community: follows, blocks, members' lists, likes, reports, favourites and
notifications. Each runs in one transaction with the counts it keeps, and tells the page
cache whose pages changed (sadlist.caching)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.text import slugify

from sadlist.caching import member_changed, public_pages_changed

from .models import (
    FAVOURITES,
    Block,
    Favourite,
    Follow,
    ListLike,
    ListReport,
    MemberList,
    MemberListEntry,
    Notification,
    User,
)

Kind = Notification.Kind


def max_lists():
    return getattr(settings, "SADLIST_MAX_LISTS_PER_MEMBER", 50)


def max_list_entries():
    return getattr(settings, "SADLIST_MAX_ENTRIES_PER_LIST", 200)


# Notifications -----------------------------------------------------------------------------


def notification_create(*, recipient, kind, actor=None, review=None, member_list=None, reason=""):
    """Tell ``recipient`` something happened; never about their own doing, nor from a member
    on either side of a block.

    The unread count kept on the user moves with it, and the recipient's kept pages are
    forgotten once the transaction commits, so their navigation shows the new count.
    """
    if actor is not None and (actor.pk == recipient.pk or _blocked_between(actor, recipient)):
        return None
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            actor=actor,
            review=review,
            member_list=member_list,
            reason=reason[:300],
        )
        User.objects.filter(pk=recipient.pk).update(
            unread_notifications=F("unread_notifications") + 1
        )
        member_changed(recipient.pk)
    return notification


def notifications_mark_read(*, user):
    """Mark all of ``user``'s notifications read; the number marked."""
    with transaction.atomic():
        marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        User.objects.filter(pk=user.pk).update(unread_notifications=0)
        if marked or user.unread_notifications:
            member_changed(user.pk)
    user.unread_notifications = 0
    return marked


# Follows and blocks ------------------------------------------------------------------------


def _blocked_between(a, b):
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def follow_create(*, follower, followee):
    """``follower`` follows ``followee``, who is told; refused for oneself and across a block.

    Following twice (two tabs, a double click) is refused with code "already_following",
    also when both arrive at once: the unique constraint decides.
    """
    if follower.pk == followee.pk:
        raise ValidationError("You can't follow yourself.", code="self")
    if _blocked_between(follower, followee):
        raise ValidationError(f"You can't follow {followee.name}.", code="blocked")
    already = ValidationError(f"You already follow {followee.name}.", code="already_following")
    try:
        with transaction.atomic():
            if Follow.objects.filter(follower=follower, followee=followee).exists():
                raise already
            follow = Follow.objects.create(follower=follower, followee=followee)
            member_changed(follower.pk)
            notification_create(recipient=followee, kind=Kind.FOLLOWED, actor=follower)
    except IntegrityError:
        raise already from None
    return follow


def follow_delete(*, follower, followee):
    """Stop following; nothing happens if there was no follow."""
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(follower=follower, followee=followee).delete()
        if deleted:
            member_changed(follower.pk)
            member_changed(followee.pk)
    return bool(deleted)


def block_create(*, blocker, blocked):
    """``blocker`` blocks ``blocked``: their follows either way end, and neither can follow
    the other again while the block stands."""
    if blocker.pk == blocked.pk:
        raise ValidationError("You can't block yourself.", code="self")
    with transaction.atomic():
        Follow.objects.filter(
            Q(follower=blocker, followee=blocked) | Q(follower=blocked, followee=blocker)
        ).delete()
        try:
            with transaction.atomic():
                Block.objects.get_or_create(blocker=blocker, blocked=blocked)
        except IntegrityError:
            pass  # blocked twice at once: one block stands, which is what was asked
        member_changed(blocker.pk)
        member_changed(blocked.pk)
    # What the sign-in read of them (accounts.backends.MemberBackend) holds no longer.
    blocker.blocks_anyone = True


def block_delete(*, blocker, blocked):
    with transaction.atomic():
        deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
        member_changed(blocker.pk)
    blocker.blocks_anyone = None  # unknown: they may block others still
    return bool(deleted)


# Members' lists ----------------------------------------------------------------------------


def _free_slug(owner, name, exclude_pk=None):
    base = slugify(name)[:100] or "list"
    taken = set(
        MemberList.objects.filter(owner=owner, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def list_save(*, member_list):
    """Save a new or edited list; a new one gets an address of its own among its owner's.

    A member has at most SADLIST_MAX_LISTS_PER_MEMBER lists (code "too_many_lists").
    Making a list private, or public, reaches every page at once.
    """
    is_new = member_list.pk is None
    with transaction.atomic():
        # The owner's row, locked: two lists made at once count against the limit in turn.
        User.objects.select_for_update().filter(pk=member_list.owner_id).first()
        if is_new:
            if MemberList.objects.filter(owner_id=member_list.owner_id).count() >= max_lists():
                raise ValidationError(
                    "You have %(limit)s lists, as many as a member may keep: delete one "
                    "before making another.",
                    code="too_many_lists",
                    params={"limit": max_lists()},
                )
            member_list.slug = _free_slug(member_list.owner, member_list.name)
            was_public = False
        else:
            was_public = MemberList.objects.filter(pk=member_list.pk, is_public=True).exists()
        member_list.full_clean(exclude=["slug"])
        member_list.save()
        member_changed(member_list.owner_id)
        if was_public or member_list.is_public:
            public_pages_changed()
    return member_list


def list_delete(*, member_list):
    with transaction.atomic():
        member_list.delete()
        member_changed(member_list.owner_id)
        public_pages_changed()


def _touch(member_list):
    MemberList.objects.filter(pk=member_list.pk).update(updated_at=timezone.now())
    member_changed(member_list.owner_id)


def list_entry_add(*, member_list, title, note=""):
    """Put ``title`` at the end of ``member_list``, once, within SADLIST_MAX_ENTRIES_PER_LIST."""
    already = ValidationError(
        "%(title)s is on “%(list)s” already.",
        code="already_listed",
        params={"title": title, "list": member_list.name},
    )
    try:
        with transaction.atomic():
            MemberList.objects.select_for_update().filter(pk=member_list.pk).first()
            entries = MemberListEntry.objects.filter(member_list=member_list)
            if entries.filter(title=title).exists():
                raise already
            if entries.count() >= max_list_entries():
                raise ValidationError(
                    "“%(list)s” holds %(limit)s titles, as many as a list may: remove one "
                    "before adding another.",
                    code="list_full",
                    params={"list": member_list.name, "limit": max_list_entries()},
                )
            last = entries.aggregate(last=Max("position"))["last"] or 0
            entry = MemberListEntry(
                member_list=member_list, title=title, position=last + 1, note=note
            )
            entry.full_clean(validate_unique=False, validate_constraints=False)
            entry.save()
            _touch(member_list)
    except IntegrityError:
        raise already from None
    return entry


def list_entry_update(*, entry, note):
    with transaction.atomic():
        entry.note = note
        entry.full_clean(validate_unique=False, validate_constraints=False)
        entry.save(update_fields=["note"])
        _touch(entry.member_list)


def _renumber(member_list, ordered_ids):
    for position, pk in enumerate(ordered_ids, start=1):
        MemberListEntry.objects.filter(pk=pk, member_list=member_list).exclude(
            position=position
        ).update(position=position)


def list_entry_remove(*, entry):
    with transaction.atomic():
        member_list = entry.member_list
        entry.delete()
        ids = list(
            MemberListEntry.objects.filter(member_list=member_list).values_list("pk", flat=True)
        )
        _renumber(member_list, ids)
        _touch(member_list)


def list_entry_move(*, entry, offset):
    """Move ``entry`` ``offset`` places (-1 up, +1 down), stopping at either end."""
    with transaction.atomic():
        member_list = entry.member_list
        MemberList.objects.select_for_update().filter(pk=member_list.pk).first()
        ids = list(
            MemberListEntry.objects.filter(member_list=member_list).values_list("pk", flat=True)
        )
        index = ids.index(entry.pk)
        target = max(0, min(len(ids) - 1, index + offset))
        ids.insert(target, ids.pop(index))
        _renumber(member_list, ids)
        _touch(member_list)


def list_reorder(*, member_list, entry_ids):
    """Put the list in the order ``entry_ids`` gives; it must name each entry once."""
    with transaction.atomic():
        MemberList.objects.select_for_update().filter(pk=member_list.pk).first()
        current = set(
            MemberListEntry.objects.filter(member_list=member_list).values_list("pk", flat=True)
        )
        if len(entry_ids) != len(current) or set(entry_ids) != current:
            raise ValidationError(
                "The list changed meanwhile: reload it and try again.", code="stale_order"
            )
        _renumber(member_list, entry_ids)
        _touch(member_list)


def list_like(*, member_list, user):
    """``user`` likes ``member_list``, once, never their own; its owner is told."""
    if member_list.owner_id == user.pk:
        raise ValidationError("You can't like your own list.", code="own_list")
    already = ValidationError("You already like this list.", code="already_liked")
    try:
        with transaction.atomic():
            if ListLike.objects.filter(member_list=member_list, user=user).exists():
                raise already
            ListLike.objects.create(member_list=member_list, user=user)
            MemberList.objects.filter(pk=member_list.pk).update(like_count=F("like_count") + 1)
            member_changed(user.pk)
            notification_create(
                recipient=member_list.owner, kind=Kind.LIKED, actor=user, member_list=member_list
            )
    except IntegrityError:
        raise already from None


def list_unlike(*, member_list, user):
    with transaction.atomic():
        deleted, _ = ListLike.objects.filter(member_list=member_list, user=user).delete()
        if deleted:
            MemberList.objects.filter(pk=member_list.pk).update(like_count=F("like_count") - 1)
            member_changed(user.pk)


def list_report(*, member_list, reporter, reason, details=""):
    """Report a list to the moderators, once per member (also when two reports race)."""
    if member_list.owner_id == reporter.pk:
        raise ValidationError("You can't report your own list.", code="own_list")
    already = ValidationError("You have already reported this list.", code="already_reported")
    report = ListReport(member_list=member_list, reporter=reporter, reason=reason, details=details)
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            if ListReport.objects.filter(member_list=member_list, reporter=reporter).exists():
                raise already
            report.save()
            MemberList.objects.filter(pk=member_list.pk).update(report_count=F("report_count") + 1)
            member_changed(reporter.pk)
    except IntegrityError:
        raise already from None
    return report


def list_hide(*, member_list):
    with transaction.atomic():
        MemberList.objects.filter(pk=member_list.pk).update(is_hidden=True)
        member_changed(member_list.owner_id)
        public_pages_changed()


def list_restore(*, member_list):
    with transaction.atomic():
        MemberList.objects.filter(pk=member_list.pk).update(is_hidden=False)
        member_changed(member_list.owner_id)
        public_pages_changed()


def list_dismiss_reports(*, member_list):
    with transaction.atomic():
        ListReport.objects.filter(member_list=member_list).delete()
        MemberList.objects.filter(pk=member_list.pk).update(report_count=0)


# Favourites --------------------------------------------------------------------------------


def favourites_save(*, user, titles):
    """Make ``titles`` (up to four, in order, no repeats) ``user``'s favourites."""
    chosen = [title for title in titles if title is not None]
    if len(chosen) > FAVOURITES:
        raise ValidationError("Choose at most four favourites.", code="too_many")
    if len({title.pk for title in chosen}) != len(chosen):
        raise ValidationError("Choose each favourite once.", code="repeated")
    with transaction.atomic():
        Favourite.objects.filter(user=user).delete()
        Favourite.objects.bulk_create(
            Favourite(user=user, title=title, position=i) for i, title in enumerate(chosen, 1)
        )
        member_changed(user.pk)
        public_pages_changed()


# Deletion ----------------------------------------------------------------------------------


def community_delete_for_user(*, user):
    """Remove a member's likes, keeping other lists' like counts right (the rest cascades)."""
    MemberList.objects.filter(likes__user=user).exclude(owner=user).update(
        like_count=F("like_count") - 1
    )
    MemberList.objects.filter(reports__reporter=user).exclude(owner=user).update(
        report_count=F("report_count") - 1
    )
