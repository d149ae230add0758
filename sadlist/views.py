import logging
import sys

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.template.loader import render_to_string

from catalog import selectors
from catalog.models import Title
from reviews.models import Review
from sadlist.caching import cache_public_page, shared_part

HOME_TEASER_LENGTH = 5
HOME_TEARFUL_LENGTH = 10
HOME_LATEST_REVIEWS = 5
# What home.html shows of each latest review: its link, author, title, date and start.
HOME_REVIEW_FIELDS = (
    "body",
    "contains_spoilers",
    "created_at",
    "user__username",
    "user__display_name",
    "title__title_en",
)

logger = logging.getLogger(__name__)


def _latest_reviews(reader):
    return (
        Review.objects.visible()
        .not_blocked_by(reader)
        .select_related("title", "user")
        .only(*HOME_REVIEW_FIELDS)
        .newest_first()[:HOME_LATEST_REVIEWS]
    )


def _home_shared():
    """What home shows every reader alike: the article's first picks, the ten most tearful,
    the catalog's size, rendered once (through the template engine they were most of the
    page); and as visitors see them, the ten with no forms and the latest reviews. Each
    list loads only the columns it shows: building wide rows cost more than showing them."""
    article, entries = selectors.article_entries(
        limit=HOME_TEASER_LENGTH,
        title_fields=(*selectors.ROW_FIELDS, "format", "year", "episodes"),
    )
    top_tearful, _m, _c, _count = selectors.tearful_ranking()
    context = {
        "article": article,
        "entries": entries,
        "title_count": Title.objects.count(),
        "top_tearful": selectors.numbered(
            top_tearful.only(*selectors.ROW_FIELDS)[:HOME_TEARFUL_LENGTH]
        ),
        "latest_reviews": _latest_reviews(AnonymousUser()),
    }
    return {
        "top_tearful": context["top_tearful"],
        "html": {
            part: render_to_string(f"_home_{part}.html", context)
            for part in ("hero", "tearful", "teaser", "reviews")
        },
    }


@cache_public_page(ranked=True)
def home(request):
    user = request.user
    # Visitors, and members who block no one (accounts.backends.MemberBackend says so),
    # see the same latest reviews: the shared part's, rendered.
    own_reviews = user.is_authenticated and getattr(user, "blocks_anyone", None) is not False
    return render(
        request,
        "home.html",
        {
            **shared_part(request, "home", _home_shared),
            "latest_reviews": _latest_reviews(user) if own_reviews else None,
        },
    )


def server_error(request):
    """The 500 handler: a database that dropped the connection or refused it is a 503.

    PostgreSQL restarting, a failover or a terminated backend fail the requests in flight
    with OperationalError or InterfaceError; Django reconnects on the next request, so the
    honest answer is "try again", not "something broke". Rendered without the request's
    context, as Django's own handler does: the page must not query the database again.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        logger.warning("Answered 503: the database failed during %s: %s", request.path, error)
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def bad_request(request, exception):
    """The 400 handler, for requests no page of ours sends (a forged Host header, a form
    in another charset).

    Rendered without the request: Django's own handler checks the CSRF token, which reads
    the very form body that was refused, and the site's frame asks for the host that was
    refused; either turned a plain 400 into a 500.
    """
    return HttpResponseBadRequest(loader.render_to_string("400.html"))
