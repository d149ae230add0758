"""Whole-page caching for visitors who are not signed in.

Most traffic is anonymous and reads rankings and title pages: those pages are
kept in the shared cache (Redis in production) for
settings.ANONYMOUS_PAGE_SECONDS, so a new rating reaches visitors within that
time. Each app server also keeps a page it just served in its own memory for
a few seconds, never past that bound. Signed-in members always get a page
rendered for them, and nothing they see is stored.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches

KEY_PREFIX = "anon-page"
LOCAL_SECONDS = 5


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


def _remember_locally(key, response, made_at, seconds):
    left = made_at + seconds - time.time()
    if left >= 1:
        caches["pages-local"].set(key, response, min(LOCAL_SECONDS, int(left)))


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
        response = caches["pages-local"].get(key)
        if response is not None:
            return response
        shared = cache.get(key)
        if shared is not None:
            made_at, response = shared
            _remember_locally(key, response, made_at, seconds)
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            made_at = time.time()
            cache.set(key, (made_at, response), seconds)
            _remember_locally(key, response, made_at, seconds)
        return response

    return wrapper
