"""The site's URLs plus views that fail on purpose, for the error page tests only."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from sadlist.urls import urlpatterns as site_urlpatterns


def bad_request(request):
    raise SuspiciousOperation("A request sadlist can't make sense of.")


def forbidden(request):
    raise PermissionDenied


def not_found(request):
    raise Http404("Nothing here.")


def broken(request):
    raise RuntimeError("Something broke on purpose.")


urlpatterns = [
    path("test-errors/400/", bad_request),
    path("test-errors/403/", forbidden),
    path("test-errors/404/", not_found),
    path("test-errors/500/", broken),
    *site_urlpatterns,
]
