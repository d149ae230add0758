"""Per-member limits on writes that others see (reviews, lists, likes, follows).

Fixed windows counted in the cache (Redis in production): ``allow("review", user)`` counts
one attempt and says whether it is within settings.SADLIST_WRITE_LIMITS[kind], a pair
(attempts, seconds). A cache that fails counts nothing and allows the write: a limit
is a brake on abuse, not a reason to refuse members when Redis is away.
"""

import time

from django.conf import settings
from django.core.cache import cache

# (attempts, window in seconds); settings.SADLIST_WRITE_LIMITS may override any of them.
DEFAULT_LIMITS = {
    "review": (10, 3600),
    "list": (20, 3600),
    "list_entry": (200, 3600),
    "like": (60, 3600),
    "follow": (60, 3600),
    "report": (20, 3600),
}


def limit_for(kind):
    return {**DEFAULT_LIMITS, **getattr(settings, "SADLIST_WRITE_LIMITS", {})}[kind]


def allow(kind, user):
    """Count one ``kind`` write by ``user``; False when it is one too many this window."""
    attempts, seconds = limit_for(kind)
    window = int(time.time() // seconds)
    key = f"ratelimit:{kind}:{user.pk}:{window}"
    try:
        count = 1 if cache.add(key, 1, seconds) else cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the window's first attempt.
        cache.set(key, 1, seconds)
        count = 1
    except Exception:  # noqa: BLE001 - the cache is down (add fell back, incr raised)
        return True
    return count <= attempts


def message(kind):
    attempts, seconds = limit_for(kind)
    hours = seconds / 3600
    span = "an hour" if hours == 1 else (f"{hours:g} hours" if hours >= 1 else f"{seconds} s")
    what = {
        "review": "reviews",
        "list": "new lists",
        "list_entry": "titles added to lists",
        "like": "likes",
        "follow": "follows",
        "report": "reports",
    }[kind]
    return (
        f"That is more {what} than sadlist allows in {span} ({attempts}). "
        "Nothing was saved: please try again later."
    )
