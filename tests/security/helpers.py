"""Shared by the security tests: hostile inputs, and the database as a comparable value."""

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PASSWORD = "correct horse battery staple"
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
PAYLOADS = [SCRIPT, ATTRIBUTE_BREAK]
REVIEW_PADDING = " This one broke me, and I mean that in the best possible way, truly."

# Bookkeeping that legitimately changes on any request: the sign-in throttle's records and
# sessions. Everything else must be exactly as it was after a refused request.
VOLATILE_APPS = {"axes", "sessions"}


def db_state():
    """Every row of every model (many-to-many tables included), for before/after comparison."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in VOLATILE_APPS:
            continue
        rows = model._base_manager.order_by("pk").values()
        state[model._meta.label] = list(rows)
    return state


def url_patterns(patterns=None, namespace=None):
    """(namespaced name, kwarg names) of every named URL of the site, admin included."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, sorted(pattern.pattern.regex.groupindex)


def client_for(user=None, *, csrf_checks=False):
    """A test client, signed in as ``user`` if given; ``csrf_checks`` as a browser would get."""
    client = Client(enforce_csrf_checks=csrf_checks)
    if user is not None:
        client.force_login(user)
    return client


def is_server_error(response):
    return response.status_code >= 500
