import time

from django.contrib.auth.views import redirect_to_login
from django.utils.http import url_has_allowed_host_and_scheme

# What a signed-out person sent to a POST-only address, kept in their session so that
# signing in doesn't lose it (see keep_for_sign_in).
KEPT_POST_KEY = "kept-post"
KEPT_POST_SECONDS = 30 * 60
# A kept value is a choice from a form, never free text: anything longer was not sent by it.
KEPT_VALUE_MAX_LENGTH = 200


def safe_next_url(request, default, *, candidate=None):
    """The request's ``next`` (POST first, then GET) if it is a path on this site, else ``default``.

    Guards every redirect that follows user input against sending people elsewhere. Only
    paths (starting with "/") pass: redirect() would take any other word for the name of
    a URL to reverse, and a ``next`` like "-1" would end in a server error. ``candidate``,
    when given, is checked instead of the request's ``next`` (one kept from an earlier request).
    """
    if candidate is None:
        candidate = request.POST.get("next") or request.GET.get("next")
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return default


def keep_for_sign_in(request, fields):
    """Send a signed-out person to sign in, keeping the named ``fields`` of their POST.

    Signed out in another tab, a member's choice would otherwise be lost: the sign-in page
    returns them to this address with a GET, where take_kept_post() hands the view what
    they sent, so it can finish the job. The session survives signing in (Django keeps an
    anonymous session's data when it cycles the key); the data expires after
    KEPT_POST_SECONDS so a choice left on a shared computer isn't applied much later.
    """
    request.session[KEPT_POST_KEY] = {
        "path": request.path,
        "at": time.time(),
        "data": {name: request.POST.get(name, "")[:KEPT_VALUE_MAX_LENGTH] for name in fields},
    }
    return redirect_to_login(request.path)


def take_kept_post(request):
    """The fields keep_for_sign_in() kept for this address, once, or None."""
    kept = request.session.get(KEPT_POST_KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    del request.session[KEPT_POST_KEY]
    if time.time() - kept.get("at", 0) > KEPT_POST_SECONDS:
        return None
    return kept.get("data")
