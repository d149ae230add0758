"""Reads of a member's data that are more than one QuerySet method."""

from django.utils import timezone

from forecast import selectors as forecast_selectors
from reviews.models import Review
from watchlist.models import Entry


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
        "forecast": {
            # All the forecast app keeps about a member: forecasts are computed on request.
            "share_ratings_for_others_forecasts": forecast_selectors.shares_ratings(user=user),
        },
    }
