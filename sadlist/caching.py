"""Whole-page caching, per kind of visitor.

Visitors who are not signed in all get the same public pages: those are kept in
the shared cache (Redis in production) for settings.SADLIST_ANONYMOUS_PAGE_SECONDS, so a
new rating reaches them within that time; each app server also keeps a page it
just served in its own memory for a few seconds, never past that bound.

A signed-in member gets pages rendered for them alone, kept under a key that
holds their id, their CSRF secret and a version that every write of theirs
changes (member_changed), for settings.SADLIST_MEMBER_PAGE_SECONDS: they see their
own changes at once and other members' within that bound, and no one is ever
served a page made for someone else. Pages with a message waiting, and
responses that set a cookie, are never stored.

Some changes must reach everyone at once rather than within those bounds: a member
making their profile private, deleting their account or a review, a moderator hiding
one. Those call public_pages_changed(), which replaces a site-wide version that every
page key holds, so every kept page, anonymous or a member's, is rendered afresh.

Keys hold the scheme and host as well as the path, so a page rendered for one host
(its absolute links in the sitemap, the feed, og:url) is never served to another.
If the cache fails, every lookup is a miss and the pages render from the database
(sadlist.cache.FailSafeRedisCache).
"""

import hashlib
import time
import uuid
from functools import cache as memoize
from functools import partial, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

# Says where a page came from, for the load benchmark's hit rates (bench/load.py) and
# anyone debugging: "local" (this server's memory), "common" (the cache all servers share,
# Redis: an anonymous page), "member" (Redis, the member's own copy), "miss" (rendered
# now), "off" (this cache is turned off).
CACHE_HEADER = "X-Sadlist-Cache"
KEY_PREFIX = "anon-page"
MEMBER_KEY_PREFIX = "member-page"
LOCAL_SECONDS = 5


PUBLIC_VERSION_KEY = "public-version"
# Replaced whenever a title's statistics move: the pages that show ranks and cry meters
# (cache_public_page(ranked=True)) hold it in their keys, so a title's page and the
# rankings never show two different orders, to a visitor or a member.
RANKINGS_VERSION_KEY = "rankings-version"


# What every reader of a page sees alike, kept apart from the page (shared_part): a
# member's page is rendered for them alone, but needn't query the catalog's part again.
SHARED_KEY_PREFIX = "shared"
SHARED_HEADER = "X-Sadlist-Shared"
# Replaced whenever a curator changes the catalog (catalog.signals): titles, their tags,
# the curated lists.
CATALOG_VERSION_KEY = "catalog-version"
# Replaced once each forecast build commits (forecast.services): a title page's shared part
# shows the build's similar heartbreaks, and the forecast keeps the build's pairs under it.
NEIGHBOURS_VERSION_KEY = "forecast-neighbours-version"
# Replaced whenever a review is written or edited or its helpful count moves: a title page's
# shared part holds the reviews every visitor sees first.
REVIEWS_VERSION_KEY = "reviews-version"
SHARED_VERSION_KEYS = (
    PUBLIC_VERSION_KEY,
    RANKINGS_VERSION_KEY,
    CATALOG_VERSION_KEY,
    NEIGHBOURS_VERSION_KEY,
    REVIEWS_VERSION_KEY,
)


def _page_hash(request, *extra):
    # get_host() is safe here: a Host outside ALLOWED_HOSTS was refused before any view.
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return hashlib.sha256("\n".join([where, *extra]).encode()).hexdigest()


def _site_versions(ranked, *keys):
    wanted = [*keys, PUBLIC_VERSION_KEY, *([RANKINGS_VERSION_KEY] if ranked else [])]
    found = cache.get_many(wanted)
    return [found.get(key) or "0" for key in wanted]


def _key(request, ranked=False):
    versions = ":".join(_site_versions(ranked))
    return f"{KEY_PREFIX}:{versions}:{_page_hash(request)}"


def member_version_key(user_id):
    """The cache key of ``user_id``'s version: replaced by each of their writes
    (member_changed); in their kept pages' keys, and stamped on shared parts that show one
    member's own (shared_part(versions=))."""
    return f"member-version:{user_id}"


def _member_key(request, ranked=False):
    user_id = request.user.pk
    versions = ":".join(_site_versions(ranked, member_version_key(user_id)))
    # The CSRF secret changes at every sign-in: a page's form tokens stay valid.
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return f"{MEMBER_KEY_PREFIX}:{user_id}:{versions}:{_page_hash(request, secret)}"


def _after_commit(key):
    def replace_version():
        cache.set(key, uuid.uuid4().hex, None)

    replace_version.version_key = key
    # robust: the write has committed; a cache that fails now must not turn it into an
    # error (Django logs it). A named function: Django's log line reads its __qualname__.
    transaction.on_commit(replace_version, robust=True)


def member_changed(user_id):
    """Forget every page kept for this member, once the current transaction commits."""
    _after_commit(member_version_key(user_id))


def rankings_changed():
    """Forget every kept page that shows ranks or cry meters, once the transaction commits."""
    _after_commit(RANKINGS_VERSION_KEY)


def public_pages_changed():
    """Forget every kept page, everyone's, once the current transaction commits: for
    changes that must reach every visitor at once (privacy, deletion, moderation)."""
    _after_commit(PUBLIC_VERSION_KEY)


def catalog_changed():
    """Forget every kept shared part, once the current transaction commits."""
    _after_commit(CATALOG_VERSION_KEY)


@memoize
def code_version():
    """A digest of the project's Python and templates, read once per process: a deploy that
    changes what a shared part holds (its shape, its markup) never reads one kept by the
    code before it."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in sorted(root.iterdir()):
        if not ((folder / "__init__.py").exists() or folder.name == "templates"):
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html") and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def reviews_changed():
    """Forget every kept shared part (a title page's reviews among them), once the current
    transaction commits."""
    _after_commit(REVIEWS_VERSION_KEY)


def shared_part(request, name, build, *, versions=()):
    """``build()``, the part of a page that is the same for every reader, from the cache.

    Kept under the site's versions (public, rankings, catalog, forecast build, reviews) for
    settings.SADLIST_SHARED_PART_SECONDS, so every change that moves it (a rating, a
    curator's edit, a moderator hiding something) is seen at once, by visitors and members
    alike; the seconds only bound what changes without a version (a maintenance command).
    ``name`` says which part (``title:<slug>``, ``home``, ``rankings:tearful:<page>``);
    ``versions`` are more version keys it is stamped with (a member's, for their profile).
    What build() raises (Http404) is never kept; a None it returns isn't either. The
    response says whether it came from the cache (X-Sadlist-Shared, for the load
    benchmark's hit rates).
    """
    seconds = settings.SADLIST_SHARED_PART_SECONDS
    if not seconds:
        request.shared_part = "off"
        return build()
    # One round trip: the part, stamped with the versions it was built under, and the
    # versions now. A part built before a write replaced a version is a miss at once.
    key = f"{SHARED_KEY_PREFIX}:{code_version()}:{hashlib.sha256(name.encode()).hexdigest()}"
    stamps = (*SHARED_VERSION_KEYS, *versions)
    found = cache.get_many([key, *stamps])
    versions = tuple(found.get(version) or "0" for version in stamps)
    kept = found.get(key)
    if kept is not None and kept[0] == versions:
        request.shared_part = "hit"
        return kept[1]
    value = build()
    if value is not None:
        cache.set(key, (versions, value), seconds)
    request.shared_part = "miss"
    return value


def _message_waiting(request):
    """A flash message to show belongs to this request's page alone."""
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get("_messages"))


def _new_csrf_secret(request):
    """Whether this response will hand the visitor a CSRF secret they didn't send.

    (Django re-sends an unchanged secret too, only to renew the cookie: that's fine.)
    """
    secret = request.META.get("CSRF_COOKIE")
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and secret != request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    )


def _storable(request, response):
    """A plain 200 that neither sets nor will set a cookie.

    Cookies are also set after the view, by middleware: a new CSRF secret
    (the page's form tokens come from it, and a copy served to anyone without
    that cookie would fail), a changed session, a message queued for later.
    """
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _new_csrf_secret(request)
        and not (session is not None and session.modified)
        and not (messages is not None and getattr(messages, "_queued_messages", None))
    )


def _render(response):
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def _remember_locally(key, response, made_at, seconds):
    left = made_at + seconds - time.time()
    if left >= 1:
        caches["pages-local"].set(key, response, min(LOCAL_SECONDS, int(left)))


def _anonymous(view, request, args, kwargs, ranked):
    seconds = settings.SADLIST_ANONYMOUS_PAGE_SECONDS
    if not seconds:
        return _marked(view(request, *args, **kwargs), "off", request)
    key = _key(request, ranked)
    response = caches["pages-local"].get(key)
    if response is not None:
        return _marked(response, "local")
    shared = cache.get(key)
    if shared is not None:
        made_at, response = shared
        _remember_locally(key, response, made_at, seconds)
        return _marked(response, "common")
    response = _render(view(request, *args, **kwargs))
    if _storable(request, response):
        made_at = time.time()
        cache.set(key, (made_at, response), seconds)
        _remember_locally(key, response, made_at, seconds)
    return _marked(response, "miss", request)


def _member(view, request, args, kwargs, ranked):
    seconds = settings.SADLIST_MEMBER_PAGE_SECONDS
    if not seconds:
        return _marked(view(request, *args, **kwargs), "off", request)
    key = _member_key(request, ranked)
    response = cache.get(key)
    if response is not None:
        return _marked(response, "member")
    response = _render(view(request, *args, **kwargs))
    if _storable(request, response):
        cache.set(key, response, seconds)
    return _marked(response, "miss", request)


def _marked(response, where, request=None):
    # Set after storing: each cache hands back its own unpickled copy.
    response[CACHE_HEADER] = where
    part = getattr(request, "shared_part", None)
    if part is not None:
        response[SHARED_HEADER] = part
    return response


def cache_public_page(view=None, *, ranked=False):
    """Serve ``view``'s GET responses from the cache: one copy for all anonymous
    visitors, one per member for signed-in members (see the module docstring).

    ``@cache_public_page(ranked=True)`` for pages that show ranks or title statistics:
    they are kept only until the next rating anywhere moves them (rankings_changed).
    """
    if view is None:
        return partial(cache_public_page, ranked=ranked)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or _message_waiting(request):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            return _member(view, request, args, kwargs, ranked)
        return _anonymous(view, request, args, kwargs, ranked)

    return wrapper
