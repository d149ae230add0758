from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default):
    """The request's ``next`` (POST first, then GET) if it is a path on this site, else ``default``.

    Guards every redirect that follows user input against sending people elsewhere. Only
    paths (starting with "/") pass: redirect() would take any other word for the name of
    a URL to reverse, and a ``next`` like "-1" would end in a server error.
    """
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
