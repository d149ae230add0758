"""The reviews panel that other apps' pages show: ``{% load reviews %}``."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.defaultfilters import urlencode
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from sadlist.formatting import escape, url_maker

from .. import selectors

register = template.Library()

TITLE_REVIEWS_PER_PAGE = 10


@register.simple_tag(takes_context=True)
def reader_entry(context, title):
    """``{% reader_entry title as entry %}``: the reader's entry for ``title``, or None.

    It carries ``own_review_id``, which the title_reviews tag needs; the
    watchlist panel takes the same entry, so the page asks for it once. Where the page
    shows the visitors' first page of reviews (kept on the title, visitors_reviews), the
    same query reads the reader's marks on them for title_reviews.
    """
    request = context["request"]
    kept = getattr(title, "visitors_reviews", None)
    if kept is None or not request.user.is_authenticated:
        return selectors.reader_entry(user=request.user, title=title)
    entry, marks = selectors.reader_entry_and_marks(
        user=request.user, title=title, review_ids=[review.pk for review in kept[1]]
    )
    request.reader_review_marks = (title.pk, marks)
    return entry


@register.inclusion_tag("reviews/_title_reviews.html", takes_context=True)
def title_reviews(context, title, entry):
    """A title's reviews, sorted by ``?reviews=`` and paged by ``?rpage=``.

    ``entry`` is the reader's own (from reader_entry): it says whether they
    may write a review (started, none yet) or have one to edit.
    """
    request = context["request"]
    reader = request.user
    # ?sort= is the documented name; ?reviews= the one earlier links used.
    sort = request.GET.get("sort") or request.GET.get("reviews")
    rpage = request.GET.get("rpage")
    page = None
    kept = getattr(title, "visitors_reviews", None)
    if kept is not None and reader.is_authenticated and sort is None and rpage is None:
        page = _members_first_page(request, title, *kept)
    return _panel(
        title,
        reader,
        sort,
        rpage,
        entry,
        request=request,
        csrf_token=context.get("csrf_token"),
        page=page,
    )


@register.inclusion_tag("reviews/_title_reviews.html")
def visitors_reviews(title):
    """The reviews panel every visitor (not signed in) sees first on ``title``'s page: the
    most helpful, page 1. The same for all of them, so the title page keeps it rendered in
    its shared part (catalog.views._title_page_shared), and the page's reviews on the
    shared title (``title.visitors_reviews``): a member who sees the same reviews then
    needs only their own marks on them (_members_first_page)."""
    panel = _panel(title, AnonymousUser(), None, None, None)
    page = panel["page"]
    title.visitors_reviews = (page.paginator.count, list(page.object_list))
    return panel


def _members_first_page(request, title, count, reviews):
    """The first page of the most helpful reviews for the request's reader, from the
    visitors' one, with the reader's marks (read with their entry, reader_entry, or now);
    None where the reader's list differs (see selectors.reader_marks)."""
    title_id, marks = getattr(request, "reader_review_marks", (None, None))
    if title_id != title.pk:
        marks = selectors.reader_marks(
            reader=request.user, title=title, review_ids=[review.pk for review in reviews]
        )
    if marks.differs:
        return None
    for review in reviews:
        review.voted, review.reported = review.pk in marks.voted, review.pk in marks.reported
    kept = selectors.KeptReviews(count, reviews)
    return Paginator(kept, TITLE_REVIEWS_PER_PAGE).get_page(None)


def _panel(title, reader, sort, rpage, entry, *, request=None, csrf_token=None, page=None):
    if sort not in selectors.TITLE_REVIEW_SORTS:
        sort = "helpful"
    if page is None:
        reviews = selectors.title_reviews(title=title, reader=reader, sort=sort)
        page = Paginator(reviews, TITLE_REVIEWS_PER_PAGE).get_page(rpage)
    own_review_id = entry.own_review_id if entry else None
    return {
        "request": request,
        "user": reader,
        "csrf_token": csrf_token,
        "title": title,
        "sort": sort,
        "sorts": selectors.TITLE_REVIEW_SORTS,
        "page": page,
        "own_review_id": own_review_id,
        "can_write": bool(entry and entry.is_started and own_review_id is None),
    }


def _review_urls():
    urls = {
        name: url_maker(f"reviews:review_{name}")
        for name in ("detail", "edit", "delete", "helpful", "report")
    }
    urls["profile"] = url_maker("accounts:profile")
    urls["login"] = escape(reverse("login"))
    return urls


def _datetime(value):
    r"""``value`` as the date filter writes it with "Y-m-d\TH:i:sO" and "M j, Y", in the
    current time zone (the filter's own machinery cost a tenth of a millisecond a call)."""
    value = template_localtime(value)
    offset = value.utcoffset()
    zone = ""
    if offset is not None:
        seconds = offset.days * 86400 + offset.seconds
        sign = "-" if seconds < 0 else "+"
        seconds = abs(seconds)
        zone = f"{sign}{seconds // 3600:02d}{(seconds // 60) % 60:02d}"
    iso = f"{value:%Y-%m-%dT%H:%M:%S}{zone}"
    return iso, f"{escape(MONTHS_3[value.month].title())} {value.day}, {value.year}"


@register.simple_tag
def review_card(review, viewer, show_title, csrf_token, next, level=None, urls=None):
    """One review, as a card: the markup is templates/reviews/_review.html's (which calls
    this). Written in Python, every value escaped: a page of reviews through the template
    engine cost over a millisecond each.

    ``review`` is annotated as ReviewQuerySet.with_reader_marks and with_author_entries
    leave it; ``viewer`` is request.user; ``level`` its heading's level (3 if not given);
    ``urls`` (from _review_urls) spares a page of reviews the same reverse() calls.
    """
    urls = urls or _review_urls()
    return mark_safe(  # noqa: S308 - both halves escape every value
        _card_head(review, show_title, level, urls)
        + _card_foot(review, viewer, csrf_token, next, urls)
    )


def _card_head(review, show_title, level, urls):
    """A review card up to its footer's helpful count: the same for every reader."""
    pk = review.pk
    level = level or 3
    author = review.user
    name = escape(author.name)
    author_link = f'<a href="{urls["profile"](escape(author.username))}">{name}</a>'
    heading = author_link
    if show_title:
        heading = (
            f'<a href="{escape(review.title.get_absolute_url())}">'
            f"{escape(review.title.title_en)}</a> — {author_link}"
        )
    created_iso, created = _datetime(review.created_at)
    detail = urls["detail"](pk)
    parts = [
        f'<article class="card mb-3" id="review-{pk}" aria-labelledby="review-{pk}-heading">\n'
        '  <div class="card-body">\n'
        '    <header class="d-flex flex-wrap justify-content-between align-items-baseline'
        ' gap-2 mb-2">\n'
        f'      <h{level} class="h6 mb-0" id="review-{pk}-heading">\n'
        f"        {heading}\n"
        f"      </h{level}>\n"
        f'      <a class="small text-body-secondary" href="{detail}"><time'
        f' datetime="{created_iso}">{created}</time></a>'
    ]
    if review.was_edited:
        updated_iso, updated = _datetime(review.updated_at)
        parts.append(
            ' <span class="small text-body-secondary" title="Changed after it was posted">'
            f'· edited <time datetime="{updated_iso}">{updated}</time></span>'
        )
    parts.append("\n    </header>\n")
    verdict = review.author_verdict
    if verdict:
        parts.append(
            '    <p class="small mb-2 review-verdict"><span class="visually-hidden">'
            f"{name}’s watchlist: </span>{escape(verdict)}</p>\n"
        )
    if review.is_hidden:
        parts.append(
            '    <p class="alert alert-warning py-2">Moderators have hidden this review:'
            " only you can see it.</p>\n"
        )
    body = linebreaks(review.body, autoescape=True)
    if review.contains_spoilers:
        parts.append(
            '    <details class="spoiler">\n'
            '      <summary>This review contains spoilers. <span class="spoiler-show">Show it'
            '</span><span class="spoiler-hide">Hide it</span></summary>\n'
            f'      <div class="mt-2">{body}</div>\n'
            "    </details>\n"
        )
    else:
        parts.append(f"    {body}\n")
    parts.append(
        '    <footer class="d-flex flex-wrap gap-3 align-items-center small">\n'
        f"      <span>{review.helpful_count} found this helpful</span>\n"
    )
    return "".join(parts)


def _card_foot(review, viewer, csrf_token, next, urls):
    """The rest of a review card's footer: the reader's own (their marks, their forms)."""
    pk = review.pk
    detail = urls["detail"](pk)
    parts = []
    if viewer.is_authenticated:
        if viewer.pk == review.user_id:
            parts.append(
                f'      <a href="{urls["edit"](pk)}">Edit</a>\n'
                f'      <a href="{urls["delete"](pk)}" class="link-danger">Delete</a>\n'
            )
        elif not review.is_hidden:
            parts.append(
                f'      <form method="post" action="{urls["helpful"](pk)}">\n'
                '        <input type="hidden" name="csrfmiddlewaretoken"'
                f' value="{escape(csrf_token)}">\n'
                f'        <input type="hidden" name="next" value="{escape(next)}#review-{pk}">\n'
            )
            if review.voted:
                parts.append(
                    '        <input type="hidden" name="undo" value="1">\n'
                    '        <button type="submit" class="btn btn-sm btn-success"'
                    ' aria-pressed="true">Helpful ✓<span class="visually-hidden"> (you marked'
                    " it; press to take back)</span></button>\n"
                )
            else:
                parts.append(
                    '        <button type="submit" class="btn btn-sm btn-outline-success"'
                    ' aria-pressed="false">Helpful</button>\n'
                )
            parts.append("      </form>\n")
            if review.reported:
                parts.append(
                    '      <span class="text-body-secondary">You reported this review</span>\n'
                )
            else:
                parts.append(
                    f'      <a href="{urls["report"](pk)}" class="link-secondary">Report</a>\n'
                )
    else:
        parts.append(
            f'      <a href="{urls["login"]}?next={escape(urlencode(detail))}">Sign in to mark it'
            " helpful</a>\n"
        )
    parts.append("    </footer>\n  </div>\n</article>\n")
    return "".join(parts)


@register.simple_tag
def review_cards(reviews, viewer, csrf_token, next):
    """A page of reviews on a title's page (review_card each, without the title).

    Each card's first half, the same for every reader, is kept on its review
    (``review.card_head``): the visitors' first page is kept in the title page's shared
    part (visitors_reviews), so a member's page writes only each card's footer.
    """
    urls = _review_urls()
    parts = []
    for review in reviews:
        head = getattr(review, "card_head", None)
        if head is None:
            head = review.card_head = _card_head(review, False, None, urls)
        parts.append(head)
        parts.append(_card_foot(review, viewer, csrf_token, next, urls))
    return mark_safe("".join(parts))  # noqa: S308 - both halves escape every value
