"""The one way pages of a list link to each other: ``{% pagination page %}``."""

from django import template
from django.http import QueryDict
from django.template.defaulttags import querystring

register = template.Library()

ON_EACH_SIDE = 2


@register.inclusion_tag("includes/_pagination.html", takes_context=True)
def pagination(context, page, query=None, param="page"):
    """Previous, numbered (elided) and next links for ``page``, a Paginator page.

    Each link is Django's ``{% querystring %}`` with ``param`` set to its page
    number: by default the request's whole query string is kept; ``query`` (a
    query string or QueryDict) names the only parameters to keep instead, as
    where invalid filters must not travel on.
    """
    if isinstance(query, str):
        query = QueryDict(query)

    def href(number):
        return querystring(context, query, **{param: number})

    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=ON_EACH_SIDE)
    return {
        "page": page,
        "previous_href": href(page.previous_page_number()) if page.has_previous() else "",
        "next_href": href(page.next_page_number()) if page.has_next() else "",
        "links": [
            {
                "number": number,
                "current": number == page.number,
                "gap": number == page.paginator.ELLIPSIS,
                "href": "" if number == page.paginator.ELLIPSIS else href(number),
            }
            for number in numbers
        ]
        if page.has_other_pages()
        else [],
    }
