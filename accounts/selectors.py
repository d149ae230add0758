"""Reads of a member's data that are more than one QuerySet method."""

import calendar
import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from catalog.cry_scale import CRY_LEVELS, cry_histogram
from forecast import selectors as forecast_selectors
from reviews.models import Review
from sadlist.raw_rows import moment, partial
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


def list_choices(*, owner):
    """``owner``'s lists as (id, name), newest first, for a title page's add-to-list panel.
    Written in SQL: on every signed-in title page the ORM's building of this one query cost
    more than PostgreSQL's answering it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, name FROM {MemberList._meta.db_table} WHERE owner_id = %s"
            " ORDER BY created_at DESC, id DESC",
            [owner.pk],
        )
        return cursor.fetchall()


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


# One query for a feed, in SQL of our own: through the ORM, the three sources' querysets (each
# with the authors as a subquery) cost about 14 ms to build and compile here for five rows.
# Every column of the union is cast, so PostgreSQL finds the same types in all three.
_FOLLOWED = (
    "SELECT f.followee_id FROM {follow} f WHERE f.follower_id = %s AND NOT EXISTS ("
    "SELECT 1 FROM {block} b WHERE (b.blocker_id = %s AND b.blocked_id = f.followee_id) "
    "OR (b.blocker_id = f.followee_id AND b.blocked_id = %s))"
)
_ACTIVITY = """WITH author (id) AS (
  SELECT u.id FROM {user} u WHERE u.id IN ({authors}) AND u.is_active = %s
  AND u.watchlist_visibility = %s
)
SELECT a.kind, a.at, a.id, a.title_id, a.title_slug, a.title_en, a.status, a.cry_rating, a.body,
  a.contains_spoilers, a.slug, a.name, a.description, u.id, u.username, u.display_name
FROM (
  SELECT * FROM ({entries}) AS e
  UNION ALL SELECT * FROM ({reviews}) AS r
  UNION ALL SELECT * FROM (
    SELECT 'list' AS kind, l.created_at AS at, l.id, l.owner_id AS user_id,
      CAST(NULL AS bigint) AS title_id,
      CAST(NULL AS varchar(255)) AS title_slug, CAST(NULL AS varchar(255)) AS title_en,
      CAST(NULL AS varchar(20)) AS status, CAST(NULL AS integer) AS cry_rating,
      CAST(NULL AS text) AS body, CAST(NULL AS boolean) AS contains_spoilers, l.slug, l.name,
      l.description
    FROM {member_list} l
    WHERE l.owner_id IN (SELECT id FROM author) AND l.is_public = %s AND l.is_hidden = %s
    ORDER BY l.created_at DESC, l.id DESC LIMIT %s
  ) AS l
) AS a INNER JOIN {user} u ON u.id = a.user_id
ORDER BY a.at DESC, a.kind, a.id DESC LIMIT %s"""
_ENTRY_COLUMNS = (
    "SELECT 'entry' AS kind, e.updated_at AS at, e.id, e.user_id, e.title_id, "
    "t.slug AS title_slug, "
    "t.title_en, e.status, e.cry_rating, CAST(NULL AS text) AS body, "
    "CAST(NULL AS boolean) AS contains_spoilers, CAST(NULL AS varchar(110)) AS slug, "
    "CAST(NULL AS varchar(100)) AS name, CAST(NULL AS text) AS description "
)
# On PostgreSQL, the newest ``limit`` of each author first (a LATERAL join reading the
# (user, -updated_at, -id) index), then the newest of those: a reader following 500 busy
# members reads 500 short index ranges, not the 200,000 entries they wrote. The ranges
# read only what the index holds (an index-only scan), and the rows of the newest few are
# fetched after: reading each author's rows whole, PostgreSQL chose the user index and
# sorted every entry of every author (home signed in and the feed, 3.5 -> 2.2-2.9 ms of
# SQL with 163 members followed). Elsewhere (SQLite, a small site) the plain query does.
_ENTRIES_LATERAL = (
    _ENTRY_COLUMNS + "FROM (SELECT x.id FROM author CROSS JOIN LATERAL ("
    "SELECT y.id, y.updated_at FROM {entry} y "
    "WHERE y.user_id = author.id ORDER BY y.updated_at DESC, y.id DESC LIMIT %s) AS x "
    "ORDER BY x.updated_at DESC, x.id DESC LIMIT %s) AS newest "
    # The rows and titles of the newest few only, not of every author's newest few.
    "INNER JOIN {entry} e ON e.id = newest.id INNER JOIN {title} t ON t.id = e.title_id"
)
_ENTRIES_PLAIN = (
    _ENTRY_COLUMNS + "FROM {entry} e INNER JOIN {title} t ON t.id = e.title_id "
    "WHERE e.user_id IN (SELECT id FROM author) "
    "ORDER BY e.updated_at DESC, e.id DESC LIMIT %s"
)
_REVIEW_COLUMNS = (
    "SELECT 'review' AS kind, r.created_at AS at, r.id, r.user_id, r.title_id, "
    "t.slug AS title_slug, t.title_en, CAST(NULL AS varchar(20)) AS status, "
    "CAST(NULL AS integer) AS cry_rating, r.body, r.contains_spoilers, "
    "CAST(NULL AS varchar(110)) AS slug, CAST(NULL AS varchar(100)) AS name, "
    "CAST(NULL AS text) AS description "
)
# The reviews likewise: each author's newest few from the (user, -created_at) index, where
# PostgreSQL otherwise read every review on the site to keep the followed members'.
_REVIEWS_LATERAL = (
    _REVIEW_COLUMNS + "FROM (SELECT x.* FROM author CROSS JOIN LATERAL ("
    "SELECT y.id, y.user_id, y.title_id, y.body, y.contains_spoilers, y.created_at "
    "FROM {review} y WHERE y.user_id = author.id AND y.is_hidden = %s "
    "ORDER BY y.created_at DESC, y.id DESC LIMIT %s) AS x "
    "ORDER BY x.created_at DESC, x.id DESC LIMIT %s) AS r "
    "INNER JOIN {title} t ON t.id = r.title_id"
)
_REVIEWS_PLAIN = (
    _REVIEW_COLUMNS + "FROM {review} r INNER JOIN {title} t ON t.id = r.title_id "
    "WHERE r.user_id IN (SELECT id FROM author) AND r.is_hidden = %s "
    "ORDER BY r.created_at DESC, r.id DESC LIMIT %s"
)


def _tables():
    return {
        "user": User._meta.db_table,
        "follow": Follow._meta.db_table,
        "block": Block._meta.db_table,
        "entry": Entry._meta.db_table,
        "review": Review._meta.db_table,
        "title": Entry._meta.get_field("title").related_model._meta.db_table,
        "member_list": MemberList._meta.db_table,
    }


def _activity_item(row):
    (kind, at, pk, title_id, title_slug, title_en, status, cry_rating, body, spoilers, slug, name,
     description, user_id, username, display_name) = row  # fmt: skip
    at = moment(at)
    member = partial(User, id=user_id, username=username, display_name=display_name)
    if kind == "list":
        item = partial(
            MemberList,
            id=pk,
            owner_id=user_id,
            slug=slug,
            name=name,
            description=description,
            created_at=at,
        )
        item.owner = member
        return Activity(kind, at, item)
    title_model = Entry._meta.get_field("title").related_model
    title = partial(title_model, id=title_id, slug=title_slug, title_en=title_en)
    if kind == "entry":
        item = partial(
            Entry, id=pk, user_id=user_id, status=status, cry_rating=cry_rating, updated_at=at
        )
    else:
        item = partial(
            Review,
            id=pk,
            user_id=user_id,
            body=body,
            contains_spoilers=bool(spoilers),
            created_at=at,
        )
    item.title, item.user = title, member
    return Activity(kind, at, item)


def activity(*, limit, viewer=None, member_ids=()):
    """The newest ``limit`` things the members ``viewer`` follows (less anyone on either side
    of a block), or the members ``member_ids``, did in public: their watchlist entries (status
    and cry rating), reviews and public lists, newest first.

    One query whatever the number of authors: each source's newest ``limit`` rows, merged.
    Members with a private profile are left out entirely. The items carry what feeds show:
    the member's name, the title's name and address, the review's text, the list's.
    """
    tables = _tables()
    if viewer is not None:
        authors, author_params = _FOLLOWED.format(**tables), [viewer.pk] * 3
    else:
        member_ids = list(member_ids) or [None]
        authors, author_params = ", ".join(["%s"] * len(member_ids)), member_ids
    if connection.vendor == "postgresql":
        entries, entry_params = _ENTRIES_LATERAL.format(**tables), [limit, limit]
        reviews, review_params = _REVIEWS_LATERAL.format(**tables), [False, limit, limit]
    else:
        entries, entry_params = _ENTRIES_PLAIN.format(**tables), [limit]
        reviews, review_params = _REVIEWS_PLAIN.format(**tables), [False, limit]
    sql = _ACTIVITY.format(authors=authors, entries=entries, reviews=reviews, **tables)
    params = [
        *author_params,
        True,
        User.Visibility.PUBLIC,
        *entry_params,
        *review_params,
        True,
        False,
        limit,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_activity_item(row) for row in cursor.fetchall()]


def feed_page(*, viewer, page=1, size=FEED_PAGE_SIZE):
    """Page ``page`` of ``viewer``'s feed: (items, has_next). Pages past FEED_MAX_PAGES are
    empty; page n reads n·size + 1 rows of each source, in one query."""
    page = max(1, min(page, FEED_MAX_PAGES))
    items = activity(viewer=viewer, limit=page * size + 1)
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
                # What the cards show of each title: its name and address.
                queryset=MemberListEntry.objects.select_related("title")
                .only("member_list", "position", "title", "title__slug", "title__title_en")
                .order_by("position", "pk"),
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


# The profile's reads of the member and their entries, in SQL of our own as the feed's: the
# ORM's annotations (counts, marks, the status order) cost more to compile than to run.
_PROFILE_MEMBER = """SELECT u.*,
  (SELECT COUNT(*) FROM {follow} f INNER JOIN {user} x ON x.id = f.follower_id
   WHERE f.followee_id = u.id AND x.is_active = %s) AS followers_count,
  (SELECT COUNT(*) FROM {follow} f INNER JOIN {user} x ON x.id = f.followee_id
   WHERE f.follower_id = u.id AND x.is_active = %s) AS following_count,
  EXISTS (SELECT 1 FROM {follow} f WHERE f.follower_id = %s AND f.followee_id = u.id)
    AS viewer_follows,
  EXISTS (SELECT 1 FROM {block} b WHERE b.blocker_id = %s AND b.blocked_id = u.id)
    AS viewer_blocked,
  EXISTS (SELECT 1 FROM {block} b WHERE b.blocker_id = u.id AND b.blocked_id = %s)
    AS viewer_blocked_by
FROM {user} u WHERE LOWER(u.username) = LOWER(%s) AND u.is_active = %s"""


def profile_member(*, username, viewer):
    """The active member named ``username`` (capital letters aside), or None, with their
    follower and following counts (of active members) and whether ``viewer`` follows, blocked
    or was blocked by them (False for a visitor): one query.

    Compared as LOWER(...) = LOWER(...), which the case-insensitive unique index serves."""
    viewer_id = viewer.pk if viewer.is_authenticated else None
    sql = _PROFILE_MEMBER.format(**_tables())
    params = [True, True, viewer_id, viewer_id, viewer_id, username, True]
    member = next(iter(User.objects.raw(sql, params)), None)
    if member is not None:
        for mark in ("viewer_follows", "viewer_blocked", "viewer_blocked_by"):
            setattr(member, mark, bool(getattr(member, mark)))
    return member


_PROFILE_ENTRIES = (
    "SELECT e.updated_at, e.status, e.episodes_watched, e.cry_rating, e.score, t.slug, "
    "t.title_en, t.episodes FROM {entry} e INNER JOIN {title} t ON t.id = e.title_id "
    "WHERE e.user_id = %s ORDER BY {order} LIMIT %s OFFSET %s"
)
# What each row of the profile's entries holds, in the order _PROFILE_ENTRIES reads them.
PROFILE_ENTRY_FIELDS = (
    "updated_at",
    "status",
    "episodes_watched",
    "cry_rating",
    "score",
    "slug",
    "title_en",
    "episodes",
)
_NEWEST_FIRST = "e.updated_at DESC, e.id DESC"
# Entry.objects.in_status_order(): Plan to watch, Watching, Completed, On hold, Dropped; each
# by title.
_STATUS_ORDER = (
    "CASE e.status "
    + " ".join(f"WHEN '{value}' THEN {i}" for i, value in enumerate(Entry.Status.values))
    + " END, t.title_en, e.id"
)


def _profile_entries(member_id, order, limit, offset=0):
    sql = _PROFILE_ENTRIES.format(order=order, **_tables())
    with connection.cursor() as cursor:
        cursor.execute(sql, [member_id, limit, offset])
        rows = [dict(zip(PROFILE_ENTRY_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["updated_at"] = moment(row["updated_at"])
    return rows


def profile_recent(*, member, limit):
    """``member``'s ``limit`` last changed entries, newest first, as the profile's rows: dicts
    of PROFILE_ENTRY_FIELDS (plain values: model instances of titles cost more to make)."""
    return _profile_entries(member.pk, _NEWEST_FIRST, limit)


class ProfileEntries:
    """``member``'s ``count`` entries in status order, as dicts of PROFILE_ENTRY_FIELDS, read
    a slice at a time: what a Paginator pages through (the profile's numbers counted them)."""

    def __init__(self, *, member, count):
        self.member_id, self.count = member.pk, count

    def __len__(self):
        return self.count

    def __getitem__(self, window):
        start, stop, _ = window.indices(self.count)
        return _profile_entries(self.member_id, _STATUS_ORDER, max(0, stop - start), start)


def profile_marks(*, viewer, member):
    """The follower and following counts and ``viewer``'s marks (follows, blocked, blocked
    by) that profile_member put on ``member``: no query."""
    is_other = viewer.is_authenticated and viewer != member
    return {
        "followers_count": member.followers_count or 0,
        "following_count": member.following_count or 0,
        "follows": is_other and member.viewer_follows,
        "blocked": is_other and member.viewer_blocked,
        "blocked_by": is_other and member.viewer_blocked_by,
    }


def profile_lists(*, viewer, member):
    """``member``'s favourites and lists as ``viewer`` may see them (two queries, none for
    another's private profile): all of their lists for themselves, the public ones for
    everyone else."""
    shows_all = viewer == member or member.watchlist_is_public
    favourites, member_lists = [], []
    if shows_all:
        # What the covers show: wide title rows cost more to build than to draw.
        favourites = list(
            member.favourites.select_related("title").only(
                "position", "title", "title__slug", "title__title_en", "title__cover"
            )
        )
        lists = MemberList.objects.filter(owner=member)
        if viewer != member:
            # MemberList.public(), less its conditions on the owner: the profile checked them.
            lists = lists.filter(is_public=True, is_hidden=False)
        member_lists = list(lists.with_entry_count()[:PROFILE_LISTS])
        for member_list in member_lists:
            member_list.owner = member  # its address names the owner: no query for each
    return {"favourites": favourites, "member_lists": member_lists}
