"""The reviews panel that other apps' pages show: ``{% load reviews %}``."""

from django import template
from django.core.paginator import Paginator

from .. import selectors

register = template.Library()

TITLE_REVIEWS_PER_PAGE = 10


@register.simple_tag(takes_context=True)
def reader_entry(context, title):
    """``{% reader_entry title as entry %}``: the reader's entry for ``title``, or None.

    It carries ``own_review_id``, which the title_reviews tag needs; the
    watchlist panel takes the same entry, so the page asks for it once.
    """
    return selectors.reader_entry(user=context["request"].user, title=title)


@register.inclusion_tag("reviews/_title_reviews.html", takes_context=True)
def title_reviews(context, title, entry):
    """A title's reviews, sorted by ``?reviews=`` and paged by ``?rpage=``.

    ``entry`` is the reader's own (from reader_entry): it says whether they
    may write a review (started, none yet) or have one to edit.
    """
    request = context["request"]
    # ?sort= is the documented name; ?reviews= the one earlier links used.
    sort = request.GET.get("sort") or request.GET.get("reviews")
    if sort not in selectors.TITLE_REVIEW_SORTS:
        sort = "helpful"
    reviews = selectors.title_reviews(title=title, reader=request.user, sort=sort)
    page = Paginator(reviews, TITLE_REVIEWS_PER_PAGE).get_page(request.GET.get("rpage"))
    own_review_id = entry.own_review_id if entry else None
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "title": title,
        "sort": sort,
        "sorts": selectors.TITLE_REVIEW_SORTS,
        "page": page,
        "own_review_id": own_review_id,
        "can_write": bool(entry and entry.is_started and own_review_id is None),
    }
