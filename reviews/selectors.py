"""Reads that several pages share."""

from django.core.paginator import Paginator
from django.db.models import Subquery

from .models import Entry, Review

TITLE_REVIEWS_PER_PAGE = 10
TITLE_REVIEW_SORTS = {"helpful": "Most helpful", "new": "Newest"}


def own_entry(user, title):
    """The user's entry for ``title`` with ``own_review_id`` annotated, or None."""
    if not user.is_authenticated:
        return None
    own_review = Review.objects.filter(user=user, title=title).values("pk")[:1]
    return (
        Entry.objects.filter(user=user, title=title)
        .annotate(own_review_id=Subquery(own_review))
        .first()
    )


def title_reviews(request, title, entry):
    """A title's reviews for its page: sorted by ``?reviews=``, paged by ``?rpage=``.

    ``entry`` is the reader's own (from own_entry); it says whether they may
    write a review (started, none yet) or have one to edit.
    """
    sort = request.GET.get("reviews")
    if sort not in TITLE_REVIEW_SORTS:
        sort = "helpful"
    reviews = (
        Review.objects.visible_to(request.user)
        .filter(title=title)
        .select_related("user")
        .with_voted(request.user)
    )
    reviews = reviews.most_helpful_first() if sort == "helpful" else reviews.newest_first()
    page = Paginator(reviews, TITLE_REVIEWS_PER_PAGE).get_page(request.GET.get("rpage"))
    own_review_id = entry.own_review_id if entry else None
    return {
        "sort": sort,
        "sorts": TITLE_REVIEW_SORTS,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "own_review_id": own_review_id,
        "can_write": bool(entry and entry.is_started and own_review_id is None),
    }
