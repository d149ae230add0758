"""The cry meter and the 0–5 histogram: ``{% load cry_meter %}``.

Written in Python, every value escaped, to the very markup the templates that call them
(templates/catalog/_cry_meter.html, templates/includes/_cry_histogram.html) used to hold:
through the template engine the six bars alone cost about a millisecond.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def cry_histogram(histogram, id):
    """``histogram``'s rows (level, label, count, percent) as an SVG described for screen
    readers; ``id`` is unique on the page."""
    id = escape(id)
    summary = ", ".join(f"{row['count']} {escape(row['label'])}" for row in histogram)
    parts = [
        '<figure class="cry-histogram mb-0">\n'
        '  <svg viewBox="0 0 400 180" width="100%" role="img"'
        f' aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg">\n'
        f'    <title id="{id}-title">Cry ratings: {summary}.</title>\n'
        "    "
    ]
    for n, row in enumerate(histogram):
        width = round(float(row["percent"]) / 100 * 220)
        parts.append(
            f'\n      <g transform="translate(0 {n * 30})">\n'
            '        <text x="0" y="19" font-size="13" fill="currentColor">'
            f"{row['level']} · {escape(row['label'])}</text>\n"
            f'        <rect x="130" y="6" height="18" rx="3" width="{width}" fill="#5b8fd6"/>\n'
            f'        <text x="{width}" dx="136" y="19" font-size="13" fill="currentColor">'
            f"{row['count']}</text>\n"
            "      </g>\n    "
        )
    parts.append("\n  </svg>\n</figure>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag
def cry_meter(stats, rank):
    """The community's cry meter for a title: ``stats`` a TitleStats, ``rank`` its place
    in Most tearful (or None)."""
    parts = [
        '<section class="card mb-4" aria-labelledby="cry-meter-heading">\n'
        '  <div class="card-body">\n'
        '    <h2 class="h5 card-title" id="cry-meter-heading">Cry meter</h2>\n'
        "    "
    ]
    count, completed = stats.cry_count, stats.completed_count
    if count:
        plural = "" if count == 1 else "s"
        also = f" · {completed} completed" if completed else ""
        parts.append(
            f'\n      <p class="mb-2"><strong class="fs-4">{floatformat(stats.cry_mean, 2)}'
            f"</strong> / 5 from {count} rating{plural}{also}</p>\n      "
        )
        if rank:
            parts.append(
                f'<p class="mb-2"><a href="{reverse("rankings:tearful")}">#{rank} in Most'
                " tearful</a></p>"
            )
        parts.append(f"\n      \n{cry_histogram(stats.histogram, 'title-cry')}\n\n    ")
    else:
        also = f" {completed} completed it." if completed else ""
        parts.append(f'\n      <p class="mb-0">No one has rated this title yet.{also}</p>\n    ')
    parts.append("\n  </div>\n</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
