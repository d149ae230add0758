"""Requests to the admin that no browser sends, refused before Django's admin sees them."""

from django.core.exceptions import SuspiciousOperation
from django.urls import reverse


class NullCharacterInRequest(SuspiciousOperation):
    """A NUL character in an admin address or query parameter."""


class AdminRefusesNullCharactersMiddleware:
    """Answer 400 to a NUL character in an admin page's path or query parameters.

    The admin's search, list filters and autocomplete put query parameters straight into
    database queries, and PostgreSQL refuses NUL in text with an error: a 500. No link or
    form produces one. The site's own pages already read such parameters safely (the
    search drops NUL, a profile address with one is a 404), and forms refuse NUL with a
    message beside the field, so they are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")) and (
            "\x00" in request.path_info
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            raise NullCharacterInRequest("NUL character in an admin request.")
        return self.get_response(request)
