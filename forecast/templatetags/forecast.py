"""The title page's forecast panels: ``{% load forecast %}``.

``{% title_neighbours title as neighbours %}`` reads the title's similar titles (and, for a
signed-in member, what their forecast needs) in one query; both panels take its rows, so
the page asks once.
"""

from django import template

from .. import selectors

register = template.Library()

SIMILAR_ON_TITLE_PAGE = 5


@register.simple_tag(takes_context=True)
def title_neighbours(context, title):
    return selectors.title_neighbours(title=title, user=context["request"].user)


@register.inclusion_tag("forecast/_title_forecast.html", takes_context=True)
def title_forecast(context, title, neighbours, entry):
    """The reader's forecast for ``title``, beside the cry meter; nothing for visitors.

    ``entry`` is the reader's entry (from reader_entry): once rated, their own rating
    stands and no forecast is shown.
    """
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    if entry is not None and entry.cry_rating is not None:
        return {"show": True, "rated": True}
    needed, forecast = selectors.title_forecast(rows=neighbours)
    return {"show": True, "needed": needed, "forecast": forecast}


@register.inclusion_tag("forecast/_similar_heartbreaks.html")
def similar_heartbreaks(title, neighbours):
    """The titles the same members cried at, with how many members each pair rests on."""
    return {
        "title": title,
        "similar": neighbours[:SIMILAR_ON_TITLE_PAGE],
        "more": len(neighbours) > SIMILAR_ON_TITLE_PAGE,
    }
