"""The one way pages of a list link to each other: ``{% pagination page %}``."""

from django import template
from django.http import QueryDict
from django.template.defaulttags import querystring
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

ON_EACH_SIDE = 2


@register.simple_tag(takes_context=True)
def pagination(context, page, query=None, param="page"):
    """Previous, numbered (elided) and next links for ``page``, a Paginator page.

    Each link is Django's ``{% querystring %}`` with ``param`` set to its page
    number: by default the request's whole query string is kept; ``query`` (a
    query string or QueryDict) names the only parameters to keep instead, as
    where invalid filters must not travel on.

    A <nav aria-label="Pages"> of Bootstrap's pagination: Previous and Next disabled at
    the ends, the current page aria-current="page", gaps as disabled "…"; nothing when
    there is one page. Written in Python: through a template, with a querystring per
    link, it cost over a millisecond a page.
    """
    if not page.has_other_pages():
        return "\n"
    if isinstance(query, str):
        query = QueryDict(query)
    href = _href_maker(context, query, param)
    ellipsis = page.paginator.ELLIPSIS
    parts = [
        '\n<nav aria-label="Pages">\n  <ul class="pagination flex-wrap justify-content-center">\n'
    ]
    if page.has_previous():
        parts.append(
            '      <li class="page-item"><a class="page-link" '
            f'href="{href(page.previous_page_number())}" rel="prev">Previous</a></li>\n'
        )
    else:
        parts.append(
            '      <li class="page-item disabled"><span class="page-link">Previous</span></li>\n'
        )
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=ON_EACH_SIDE):
        if number == page.number:
            parts.append(
                '        <li class="page-item active" aria-current="page">'
                f'<span class="page-link">{number}</span></li>\n'
            )
        elif number == ellipsis:
            parts.append(
                '        <li class="page-item disabled">'
                f'<span class="page-link">{escape(number)}</span></li>\n'
            )
        else:
            parts.append(
                '        <li class="page-item"><a class="page-link" '
                f'href="{href(number)}">{number}</a></li>\n'
            )
    if page.has_next():
        parts.append(
            '      <li class="page-item"><a class="page-link" '
            f'href="{href(page.next_page_number())}" rel="next">Next</a></li>\n'
        )
    else:
        parts.append(
            '      <li class="page-item disabled"><span class="page-link">Next</span></li>\n'
        )
    parts.append("  </ul>\n</nav>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def _href_maker(context, query, param):
    """The escaped link to a page number: Django's querystring once, with a marker for the
    number, then string formatting (querystring copies and encodes the query each call)."""
    marker = "987654321"
    around = escape(querystring(context, query, **{param: marker})).split(marker)
    if len(around) == 2:
        before, after = around
        return lambda number: f"{before}{number}{after}"
    return lambda number: escape(querystring(context, query, **{param: number}))
