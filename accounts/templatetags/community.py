"""The community's panels on other apps' pages: ``{% load community %}``.

The catalog's pages show members' lists and the "add to a list" control through these
tags, so the catalog never imports accounts.
"""

from django import template
from django.template.defaultfilters import urlencode
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def add_to_list(context, title):
    """A form putting ``title`` on one of the reader's lists (a title page's panel);
    nothing for visitors.

    Written in Python, every value escaped: through its template and the lists' model
    rows the panel cost ~3 ms of every signed-in title page.
    """
    request = context["request"]
    if not request.user.is_authenticated:
        return ""
    lists = MemberList.objects.filter(owner=request.user).values_list("pk", "name")
    options = "".join(f'<option value="{pk}">{escape(name)}</option>' for pk, name in lists)
    parts = [
        '<section class="card mb-4" aria-labelledby="add-to-list-heading">\n'
        '  <div class="card-body">\n'
        '    <h2 class="h6 card-title" id="add-to-list-heading">Add to one of your lists</h2>\n'
    ]
    if options:
        add_url = escape(reverse("accounts:list_entry_add", args=[title.slug]))
        field_id = f"add-to-list-{int(title.pk)}"
        parts.append(
            f'      <form method="post" action="{add_url}"'
            ' class="d-flex flex-wrap gap-2 align-items-end">\n'
            '        <input type="hidden" name="csrfmiddlewaretoken"'
            f' value="{escape(context.get("csrf_token", ""))}">\n'
            '        <input type="hidden" name="next"'
            f' value="{escape(request.get_full_path())}">\n'
            f'        <div><label class="form-label small mb-0" for="{field_id}">List</label>\n'
            '          <select class="form-select form-select-sm" name="member_list"'
            f' id="{field_id}">{options}</select></div>\n'
            '        <button type="submit" class="btn btn-sm btn-outline-primary">'
            "Put it on the list</button>\n"
            f'        <a class="small" href="{add_url}">with a note…</a>\n'
            "      </form>\n"
        )
    parts.append(
        '    <p class="small mb-0 mt-2"><a href="'
        f"{escape(reverse('accounts:member_list_create'))}?title={escape(urlencode(title.slug))}"
        '">Start a new list with it</a></p>\n'
        "  </div>\n"
        "</section>\n"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.inclusion_tag("accounts/_popular_lists.html")
def popular_member_lists():
    """The members' public lists most liked this week, for /lists/."""
    return {"lists": selectors.popular_member_lists(limit=POPULAR_LISTS)}
