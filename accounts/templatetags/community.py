"""The community's panels on other apps' pages: ``{% load community %}``.

The catalog's pages show members' lists and the "add to a list" control through these
tags, so the catalog never imports accounts.
"""

from django import template

from .. import selectors
from ..models import MemberList

register = template.Library()

FEED_TEASER_LENGTH = 5
POPULAR_LISTS = 10


@register.inclusion_tag("accounts/_feed_teaser.html", takes_context=True)
def feed_teaser(context):
    """The start of the signed-in reader's feed, for the home page."""
    user = context["request"].user
    items = []
    if user.is_authenticated:
        items = selectors.activity(
            authors=selectors.feed_authors(viewer=user), limit=FEED_TEASER_LENGTH
        )
    return {"user": user, "items": items}


@register.inclusion_tag("accounts/_add_to_list.html", takes_context=True)
def add_to_list(context, title):
    """A form putting ``title`` on one of the reader's lists (a title page's panel)."""
    user = context["request"].user
    lists = (
        list(MemberList.objects.filter(owner=user).only("pk", "name"))
        if (user.is_authenticated)
        else []
    )
    return {
        "user": user,
        "title": title,
        "lists": lists,
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].get_full_path(),
    }


@register.inclusion_tag("accounts/_popular_lists.html")
def popular_member_lists():
    """The members' public lists most liked this week, for /lists/."""
    return {"lists": selectors.popular_member_lists(limit=POPULAR_LISTS)}
