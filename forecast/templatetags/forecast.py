"""The title page's forecast panels: ``{% load forecast %}``.

``{% title_neighbours title as neighbours %}`` reads the title's similar titles (the same
for every reader, so mostly from the cache); both panels take them, so the page asks once.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import selectors

register = template.Library()

SIMILAR_ON_TITLE_PAGE = 5


@register.simple_tag
def title_neighbours(title):
    return selectors.title_neighbours(title=title)


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
    needed, forecast = selectors.title_forecast(user=user, neighbours=neighbours)
    return {"show": True, "needed": needed, "forecast": forecast}


@register.simple_tag
def similar_heartbreaks(title, neighbours):
    """The titles the same members cried at, with how many members each pair rests on.

    Written in Python (the markup templates/forecast/_similar_heartbreaks.html described),
    every value escaped: through the template engine each row cost about half a
    millisecond.
    """
    parts = [
        '<section aria-labelledby="similar-heading" class="mt-4">\n'
        '  <h2 class="h5" id="similar-heading">Similar heartbreaks</h2>\n'
    ]
    if neighbours:
        title_url = reverse("catalog:title_detail", args=["slug-marker"]).split("slug-marker")
        parts.append(
            '  <p class="small text-body-secondary">Members who cried at this cried at these'
            " too, judged by their cry ratings, not by genre.</p>\n"
            '  <ol class="mb-2">\n'
        )
        for pair in neighbours.pairs[:SIMILAR_ON_TITLE_PAGE]:
            parts.append(
                f'    <li><a href="{title_url[0]}{escape(pair.slug)}{title_url[1]}">'
                f"{escape(pair.title_en)}</a>"
                ' <span class="small text-body-secondary">· similarity'
                f" {floatformat(pair.similarity, 2)},"
                f" from {pair.corated} members who rated both</span></li>\n"
            )
        more = len(neighbours) > SIMILAR_ON_TITLE_PAGE
        link = "More similar heartbreaks, with filters" if more else "Filter similar heartbreaks"
        similar_url = reverse("forecast:similar_list", args=[title.slug])
        parts.append(
            f'  </ol>\n  <p class="small"><a href="{escape(similar_url)}">{link}</a></p>\n'
        )
    else:
        parts.append(
            '  <p class="small text-body-secondary">Not enough members have rated this title'
            " and others alike yet.</p>\n"
        )
    parts.append("</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
