"""Reads of a member's data that are more than one QuerySet method."""

import calendar
import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from catalog.cry_scale import CRY_LEVELS, cry_histogram
from forecast import selectors as forecast_selectors
from reviews.models import Review
from watchlist.models import Entry

from .models import Block, Follow, MemberList, MemberListEntry, User


def _export_entry(entry):
    return {
        "title_slug": entry.title.slug,
        "title_en": entry.title.title_en,
        "status": entry.status,
        "episodes_watched": entry.episodes_watched,
        "started_on": entry.started_on,
        "finished_on": entry.finished_on,
        "times_rewatched": entry.times_rewatched,
        "cry_rating": entry.cry_rating,
        "cry_rating_label": entry.get_cry_rating_display()
        if entry.cry_rating is not None
        else None,
        "score": entry.score,
        "note": entry.note,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    }


def _export_review(review):
    return {
        "title_slug": review.title.slug,
        "title_en": review.title.title_en,
        "body": review.body,
        "contains_spoilers": review.contains_spoilers,
        "helpful_count": review.helpful_count,
        "hidden_by_moderators": review.is_hidden,
        "url": review.get_absolute_url(),
        "created_at": review.created_at,
        "updated_at": review.updated_at,
    }


def user_export(*, user, avatar_url=None):
    """Everything ``user`` has put into sadlist, as plain data for a JSON download.

    ``avatar_url`` is the avatar's absolute address (the view knows the host).
    """
    entries = Entry.objects.for_user(user).select_related("title").order_by("title__title_en", "pk")
    reviews = Review.objects.filter(user=user).select_related("title").order_by("created_at", "pk")
    return {
        "exported_at": timezone.now(),
        "profile": {
            "username": user.username,
            "email": user.email,
            "display_name": user.display_name,
            "bio": user.bio,
            "watchlist_visibility": user.watchlist_visibility,
            "date_joined": user.date_joined,
            "avatar": avatar_url,
        },
        "watchlist": [_export_entry(entry) for entry in entries],
        "reviews": [_export_review(review) for review in reviews],
        "lists": [
            {
                "name": member_list.name,
                "url": member_list.get_absolute_url(),
                "description": member_list.description,
                "ranked": member_list.is_ranked,
                "public": member_list.is_public,
                "titles": [
                    {"title_slug": entry.title.slug, "position": entry.position, "note": entry.note}
                    for entry in member_list.entries.all()
                ],
            }
            for member_list in MemberList.objects.filter(owner=user).prefetch_related(
                Prefetch("entries", queryset=MemberListEntry.objects.select_related("title"))
            )
        ],
        "favourites": list(user.favourites.values_list("title__slug", flat=True)),
        "following": list(
            Follow.objects.filter(follower=user).values_list("followee__username", flat=True)
        ),
        "forecast": {
            # All the forecast app keeps about a member: forecasts are computed on request.
            "share_ratings_for_others_forecasts": forecast_selectors.shares_ratings(user=user),
        },
    }


# The community ------------------------------------------------------------------------------

FEED_PAGE_SIZE = 20
FEED_MAX_PAGES = 25
PROFILE_LISTS = 12


@dataclass(frozen=True)
class Activity:
    """One thing a member did, for a feed: ``kind`` is "entry", "review" or "list"."""

    kind: str
    at: datetime.datetime
    item: object

    @property
    def member(self):
        return self.item.owner if self.kind == "list" else self.item.user


def _public_members():
    return User.objects.filter(is_active=True, watchlist_visibility=User.Visibility.PUBLIC)


def activity(*, authors, limit):
    """The newest ``limit`` things ``authors`` (a queryset of user ids) did in public: their
    watchlist entries (status and cry rating), reviews and public lists, newest first.

    Three queries whatever the number of authors: each source's newest ``limit`` rows, merged
    here. Members with a private profile are left out entirely.
    """
    public = _public_members().filter(pk__in=authors).values("pk")
    entries = (
        Entry.objects.filter(pk__in=_newest_entry_ids(public, limit))
        .select_related("user", "title")
        .order_by("-updated_at", "-pk")[:limit]
    )
    reviews = (
        Review.objects.visible()
        .filter(user__in=public)
        .select_related("user", "title")
        .order_by("-created_at", "-pk")[:limit]
    )
    lists = (
        MemberList.objects.public()
        .filter(owner__in=public)
        .select_related("owner")
        .order_by("-created_at", "-pk")[:limit]
    )
    items = [
        *(Activity("entry", entry.updated_at, entry) for entry in entries),
        *(Activity("review", review.created_at, review) for review in reviews),
        *(Activity("list", member_list.created_at, member_list) for member_list in lists),
    ]
    items.sort(key=lambda activity: activity.at, reverse=True)
    return items[:limit]


def _newest_entry_ids(authors, limit):
    """A subquery of the ids of the newest ``limit`` entries of ``authors`` (user ids).

    On PostgreSQL, the newest ``limit`` of each author first (a LATERAL join reading the
    (user, -updated_at) index), then the newest of those: a reader following 500 busy
    members reads 500 short index ranges, not the 200,000 entries they wrote. Elsewhere
    (SQLite, a small site) the plain query does.
    """
    if connection.vendor != "postgresql":
        return (
            Entry.objects.filter(user__in=authors)
            .order_by("-updated_at", "-pk")
            .values("pk")[:limit]
        )
    authors_sql, authors_params = authors.query.sql_with_params()
    table = Entry._meta.db_table
    sql = (
        f"SELECT newest.id FROM ({authors_sql}) AS author (id) CROSS JOIN LATERAL ("
        f"SELECT e.id, e.updated_at FROM {table} e WHERE e.user_id = author.id "
        "ORDER BY e.updated_at DESC, e.id DESC LIMIT %s) AS newest "
        "ORDER BY newest.updated_at DESC, newest.id DESC LIMIT %s"
    )
    return RawSQL(sql, (*authors_params, limit, limit))


def feed_authors(*, viewer):
    """Whom ``viewer`` follows, less anyone on either side of a block, as a subquery."""
    return (
        Follow.objects.filter(follower=viewer)
        .exclude(followee__in=Block.objects.filter(blocker=viewer).values("blocked"))
        .exclude(followee__in=Block.objects.filter(blocked=viewer).values("blocker"))
        .values("followee")
    )


def feed_page(*, viewer, page=1, size=FEED_PAGE_SIZE):
    """Page ``page`` of ``viewer``'s feed: (items, has_next). Pages past FEED_MAX_PAGES are
    empty; page n reads n·size + 1 rows of each source, in three queries."""
    page = max(1, min(page, FEED_MAX_PAGES))
    items = activity(authors=feed_authors(viewer=viewer), limit=page * size + 1)
    has_next = len(items) > page * size and page < FEED_MAX_PAGES
    return items[(page - 1) * size : page * size], has_next


def popular_member_lists(*, limit, days=7):
    """Public members' lists most liked in the last ``days`` days, with their first titles."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        MemberList.objects.public()
        .annotate(recent_likes=Count("likes", filter=Q(likes__created_at__gte=since)))
        .filter(recent_likes__gt=0)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=MemberListEntry.objects.select_related("title").order_by("position", "pk"),
            )
        )
        .order_by("-recent_likes", "-like_count", "-created_at")[:limit]
    )


def year_in_tears(*, member, year):
    """``member``'s year: titles completed in ``year`` (by finish date, else last change),
    the tears they cost (the sum of cry ratings), the hardest-hitting, months and histogram."""
    finished = Q(finished_on__year=year) | Q(finished_on__isnull=True, updated_at__year=year)
    completed = list(
        Entry.objects.for_user(member)
        .filter(finished, status=Entry.Status.COMPLETED)
        .select_related("title")
        .order_by("finished_on", "updated_at", "pk")
    )
    months = [0] * 12
    for entry in completed:
        day = entry.finished_on or timezone.localtime(entry.updated_at).date()
        months[day.month - 1] += 1
    rated = [entry for entry in completed if entry.cry_rating is not None]
    hardest = max(rated, key=lambda entry: entry.cry_rating, default=None)
    peak = max(months) or 1
    return {
        "completed": completed,
        "tears": sum(entry.cry_rating for entry in rated),
        "hardest": hardest,
        "months": [
            {
                "name": calendar.month_abbr[i + 1],
                "full_name": calendar.month_name[i + 1],
                "count": count,
                "height": round(110 * count / peak),
                "top": 135 - round(110 * count / peak),
            }
            for i, count in enumerate(months)
        ],
        "histogram": cry_histogram(
            [sum(1 for entry in rated if entry.cry_rating == level) for level in CRY_LEVELS]
        ),
        "reviews": list(
            Review.objects.visible()
            .filter(user=member, created_at__year=year)
            .select_related("title")
            .order_by("created_at")
        ),
    }


def with_profile_marks(users, *, viewer):
    """Annotate follower and following counts and, for a signed-in ``viewer``, whether they
    follow, blocked or were blocked by each member: the profile's member query carries it."""

    def count(field, other):
        return Subquery(
            Follow.objects.filter(**{field: OuterRef("pk"), f"{other}__is_active": True})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )

    users = users.annotate(
        followers_count=count("followee", "follower"),
        following_count=count("follower", "followee"),
    )
    if not viewer.is_authenticated:
        return users
    return users.annotate(
        viewer_follows=Exists(Follow.objects.filter(follower=viewer, followee=OuterRef("pk"))),
        viewer_blocked=Exists(Block.objects.filter(blocker=viewer, blocked=OuterRef("pk"))),
        viewer_blocked_by=Exists(Block.objects.filter(blocker=OuterRef("pk"), blocked=viewer)),
    )


def profile_community(*, viewer, member):
    """What the profile shows of the community: favourites and lists (two queries), and the
    counts and marks with_profile_marks put on ``member``."""
    lists = MemberList.objects.filter(owner=member)
    shows_all = viewer == member or member.watchlist_is_public
    if viewer != member:
        lists = lists.public()
    is_other = viewer.is_authenticated and viewer != member
    return {
        "favourites": list(member.favourites.select_related("title")) if shows_all else [],
        "member_lists": list(lists.with_entry_count()[:PROFILE_LISTS]),
        "followers_count": member.followers_count or 0,
        "following_count": member.following_count or 0,
        "follows": is_other and member.viewer_follows,
        "blocked": is_other and member.viewer_blocked,
        "blocked_by": is_other and member.viewer_blocked_by,
    }
