"""Whole-page caching for visitors who are not signed in.

Most traffic is anonymous and reads rankings and title pages: those pages are
kept in the cache (Redis in production) for settings.ANONYMOUS_PAGE_SECONDS,
so a new rating reaches them within that time. Signed-in members always get a
page rendered for them, never one from the cache, and nothing they see is
stored.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache

KEY_PREFIX = "anon-page"


def _key(request):
    path = request.get_full_path().encode()
    return f"{KEY_PREFIX}:{hashlib.sha256(path).hexdigest()}"


def _personal(request):
    """Whether this request may need a page of its own."""
    return (
        request.user.is_authenticated
        # A message waiting to be shown (cookie storage) belongs to this visitor.
        or "messages" in request.COOKIES
    )


def cache_anonymous_page(view):
    """Serve ``view``'s GET responses to anonymous visitors from the cache.

    A response is stored only if it is a plain 200 that sets no cookie (so no
    CSRF token or session is ever shared between visitors).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.ANONYMOUS_PAGE_SECONDS
        if request.method != "GET" or not seconds or _personal(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, response, seconds)
        return response

    return wrapper
