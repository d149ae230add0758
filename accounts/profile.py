"""Public profiles: /u/<username>/."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from catalog.models import Title
from catalog.ratings import CRY_LEVELS, cry_histogram
from reviews.models import Entry, Review
from sadlist.caching import cache_public_page

USERNAME = re.compile(UnicodeUsernameValidator.regex.removeprefix("^").removesuffix(r"\Z"))
RECENT_ACTIVITY = 10
PROFILE_REVIEWS = 20
ENTRIES_PER_PAGE = 50
# Typical running times, for an estimate of hours watched: a film counts once
# however many parts MyAnimeList splits it into.
MINUTES_PER_EPISODE = {
    Title.Format.TV: 24,
    Title.Format.OVA: 30,
    Title.Format.ONA: 15,
    Title.Format.SPECIAL: 20,
    Title.Format.MUSIC: 4,
}
MINUTES_PER_MOVIE = 105

_minutes_watched = Case(
    When(title__format=Title.Format.MOVIE, episodes_watched__gt=0, then=Value(MINUTES_PER_MOVIE)),
    *(
        When(title__format=fmt, then=F("episodes_watched") * Value(minutes))
        for fmt, minutes in MINUTES_PER_EPISODE.items()
    ),
    default=Value(0),
    output_field=IntegerField(),
)
_status_order = Case(
    *(When(status=value, then=Value(i)) for i, value in enumerate(Entry.Status.values)),
    output_field=IntegerField(),
)


def profile_stats(user):
    """One user's numbers, in one query: counts per status, episodes, hours, cry ratings."""
    numbers = Entry.objects.filter(user=user).aggregate(
        total=Count("pk"),
        episodes=Sum("episodes_watched", default=0),
        minutes=Sum(_minutes_watched, default=0),
        cry_count=Count("cry_rating"),
        cry_sum=Sum("cry_rating", default=0),
        **{status: Count("pk", filter=Q(status=status)) for status in Entry.Status.values},
        **{f"cry_{level}": Count("pk", filter=Q(cry_rating=level)) for level in CRY_LEVELS},
    )
    return {
        "total": numbers["total"],
        "statuses": [(label, numbers[value]) for value, label in Entry.Status.choices],
        "completed": numbers[Entry.Status.COMPLETED],
        "episodes": numbers["episodes"],
        "hours": round(numbers["minutes"] / 60),
        "cry_count": numbers["cry_count"],
        "cry_mean": numbers["cry_sum"] / numbers["cry_count"] if numbers["cry_count"] else None,
        "histogram": cry_histogram([numbers[f"cry_{level}"] for level in CRY_LEVELS]),
    }


@cache_public_page
def profile_detail(request, username):
    if not USERNAME.fullmatch(username):
        # Nothing else could be a username (and a NUL byte can't even be sent to PostgreSQL).
        raise Http404("No such user.")
    member = get_object_or_404(get_user_model().objects.with_username(username), is_active=True)
    if member.username != username:
        return redirect(member, permanent=True)
    is_self = request.user == member
    show_list = member.watchlist_is_public or is_self
    context = {
        "member": member,
        "stats": profile_stats(member),
        "show_list": show_list,
        # Reviews are public writing: shown even when the watchlist is private.
        "reviews": Review.objects.visible_to(request.user)
        .filter(user=member)
        .select_related("title", "user")
        .with_voted(request.user)
        .newest_first()[:PROFILE_REVIEWS],
    }
    if show_list:
        entries = Entry.objects.filter(user=member).select_related("title")
        context["recent"] = entries.order_by("-updated_at", "-pk")[:RECENT_ACTIVITY]
        page = Paginator(
            entries.order_by(_status_order, "title__title_en", "pk"), ENTRIES_PER_PAGE
        ).get_page(request.GET.get("page"))
        context.update(
            page=page,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2),
        )
    return render(request, "accounts/profile.html", context)
