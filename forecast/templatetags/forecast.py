"""The title page's forecast panels: ``{% load forecast %}``.

``{% title_neighbours title as neighbours %}`` reads the title's similar titles (the same
for every reader, so mostly from the cache); both panels take them, so the page asks once.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

# The catalog's cached parts of a title page's URL, as Title.get_absolute_url uses them.
from catalog.models import _title_url_parts
from sadlist.formatting import decimal_places

from .. import selectors

register = template.Library()

SIMILAR_ON_TITLE_PAGE = 5


def _title_url():
    """A function from a title's slug to its page's URL, escaped: the catalog's URL parts,
    reversed once (reverse() costs more than a whole row)."""
    before, after = _title_url_parts(get_script_prefix(), get_urlconf())
    return lambda slug: f"{before}{escape(slug)}{after}"


def _because(reasons, title_url, links):
    """The member's own ratings a forecast rests on: "A 5, B 4 and C 5", linked.

    ``links`` keeps each title's escaped link across a page: the same few of the member's
    titles explain most of its forecasts.
    """
    named = []
    for reason in reasons:
        link = links.get(reason.slug)
        if link is None:
            link = links[reason.slug] = (
                f'<a href="{title_url(reason.slug)}">{escape(reason.title_en)}</a>'
            )
        named.append(f"{link} {int(reason.rating)}")
    return " and ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1 else "".join(named)


@register.simple_tag
def forecast_items(forecasts):
    """The forecast page's list items, one card a forecast with the member's reasons.

    Written in Python, every value escaped: through the template engine each card cost
    about half a millisecond.
    """
    title_url, links, parts = _title_url(), {}, []
    for item in forecasts:
        title, tears = item.title, item.tears
        year = (
            f' <span class="text-body-secondary">({int(title.year)})</span>' if title.year else ""
        )
        parts.append(
            '        <li class="card mb-2">\n'
            '          <article class="card-body">\n'
            f'            <h2 class="h5 mb-1"><a href="{title_url(title.slug)}">'
            f"{escape(title.title_en)}</a>{year}</h2>\n"
            f'            <p class="mb-1"><strong>About {tears} tear{"" if tears == 1 else "s"}'
            f"</strong> ({decimal_places(item.value, 1)} / 5), from at least {int(item.corated)}"
            " members who rated it and titles you rated</p>\n"
            '            <p class="small mb-0">Because you gave'
            f" {_because(item.reasons, title_url, links)} · {int(item.neighbours)} of your"
            " ratings count.</p>\n"
            "          </article>\n"
            "        </li>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag
def title_neighbours(title):
    """The title's shown pairs, kept on ``title`` once read: the title page's shared part
    reads them for its similar heartbreaks and keeps its title, so a member's forecast on
    the page asks neither the cache nor the database again."""
    kept = getattr(title, "kept_neighbours", None)
    if kept is None:
        kept = title.kept_neighbours = selectors.title_neighbours(title=title)
    return kept


@register.simple_tag(takes_context=True)
def title_forecast(context, title, neighbours, entry):
    """The reader's forecast for ``title``, beside the cry meter; nothing for visitors.

    ``entry`` is the reader's entry (from reader_entry): once rated, their own rating
    stands and no forecast is shown. Written in Python, every value escaped, as the
    forecast page's cards are.
    """
    user = context["request"].user
    if not user.is_authenticated:
        return ""
    forecast_list = reverse("forecast:forecast_list")
    if entry is not None and entry.cry_rating is not None:
        body = (
            '      <p class="mb-0">You rated this title, so it has no forecast; your rating now'
            f' shapes your <a href="{forecast_list}">forecast for other titles</a>.</p>\n'
        )
    else:
        needed, forecast = selectors.title_forecast(user=user, neighbours=neighbours)
        if forecast:
            tears = forecast.tears
            body = (
                f'      <p class="mb-1"><strong class="fs-4">About {tears}'
                f" tear{'' if tears == 1 else 's'}</strong> ({decimal_places(forecast.value, 1)}"
                " / 5)</p>\n"
                f'      <p class="small mb-1">From at least {int(forecast.corated)} members who'
                " rated it and titles you rated, because you gave"
                f" {_because(forecast.reasons, _title_url(), {})}.</p>\n"
                '      <p class="small mb-0"><a href="'
                f'{reverse("forecast:forecast_about")}">How the forecast works</a></p>\n'
            )
        elif needed:
            body = (
                f'      <p class="mb-0">Rate {int(needed)} more title{"" if needed == 1 else "s"}'
                f' to get your forecast: <a href="{forecast_list}">start with these</a>.</p>\n'
            )
        else:
            body = (
                '      <p class="mb-0">Not enough members rated this title together with titles'
                " you rated for an honest forecast yet.</p>\n"
            )
    return mark_safe(  # noqa: S308 - every value in body is escaped or a number
        '<section class="card mb-4" aria-labelledby="your-forecast-heading">\n'
        '  <div class="card-body">\n'
        '    <h2 class="h5 card-title" id="your-forecast-heading">Your tear forecast</h2>\n'
        f"{body}"
        "  </div>\n"
        "</section>\n"
    )


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
        title_url = _title_url()
        parts.append(
            '  <p class="small text-body-secondary">Members who cried at this cried at these'
            " too, judged by their cry ratings, not by genre.</p>\n"
            '  <ol class="mb-2">\n'
        )
        for pair in neighbours.pairs[:SIMILAR_ON_TITLE_PAGE]:
            parts.append(
                f'    <li><a href="{title_url(pair.slug)}">'
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
