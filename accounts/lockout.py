"""How django-axes tells one sign-in attempt's username and address apart.

Failed sign-ins are counted per username *and* address together (settings.py),
so these two functions decide what "the same username" and "the same address"
mean.
"""

import ipaddress

from django.conf import settings

USERNAME_MAX_LENGTH = 150  # accounts.User.username, from AbstractUser


def lockout_username(request, credentials):
    """The username an attempt is counted under, lower-cased.

    Usernames are unique ignoring case and sign in ignoring case, so "Alice",
    "ALICE" and "alice" are one account: counted apart, each spelling would get
    its own five guesses.
    """
    username = credentials.get("username") if credentials else request.POST.get("username")
    if not isinstance(username, str):
        return username
    # The sign-in form doesn't enforce the username's length; django-axes stores at most
    # 255 characters, and PostgreSQL refuses more with an error. No account has a longer name.
    return username.lower()[:USERNAME_MAX_LENGTH]


def client_ip(request):
    """The address an attempt came from.

    REMOTE_ADDR, unless SADLIST_TRUSTED_PROXIES says how many reverse proxies
    in front of the site append to X-Forwarded-For: then the entry that many
    places from the right, the one the outermost proxy saw. Entries further
    left are whatever the client sent and are never trusted. Behind a proxy
    without this setting every visitor shares the proxy's address, and a lock
    on "username and address" would become a lock on the username alone.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.SADLIST_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote
